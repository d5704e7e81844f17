using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Events;

namespace Proviso.Domain.Tests.Ledger;

/// <summary>
/// EventCodec reads stored holder registrations with a hand-written reader when the payload is in the form the codec
/// writes; it must read exactly what the serializer's general reader reads, and leave every other payload to it.
/// </summary>
public class EventCodecHolderReaderTests
{
    private static HolderRegistered GeneralRecord(string payload) =>
        (HolderRegistered)JsonSerializer.Deserialize(payload, typeof(HolderRegistered), EventCodec.Options)!;

    /// <summary>The general path alone: the serializer with the codec's options.</summary>
    private static string General(string payload) => EventCodec.Serialize(GeneralRecord(payload));

    private static HolderRegistered ReadRecord(string payload) => (HolderRegistered)EventCodec.Deserialize(nameof(HolderRegistered), payload, 7);

    private static string Read(string payload) => EventCodec.Serialize(ReadRecord(payload));

    internal static readonly Gen<string> Texts = Gen.Frequency(
        (6, Gen.Choose(0, 2_000_000).Select(n => $"h{n:D6}")),
        (1, Gen.Elements("", "a\"quoted\" name", "é-ü-中", "back\\slash", "line\nbreak", "tab\tname", "h😀7", "Suite 1, 2/F", "<&>'")));

    internal static readonly Gen<string?> OptionalTexts = Gen.Frequency((3, Texts.Select(t => (string?)t)), (1, Gen.Constant<string?>(null)));

    internal static readonly Gen<LocalTime?> Times = Gen.Frequency(
        (3, Gen.Constant<LocalTime?>(null)),
        (1, Gen.Choose(0, 24 * 60 - 1).Select(m => (LocalTime?)new LocalTime(m / 60, m % 60))));

    internal static readonly Gen<NoticeAddress> Addresses =
        from channel in Gen.Elements("email", "courier", "fax", "e\"mail")
        from address in Texts
        from attention in OptionalTexts
        from copy in Gen.Elements(true, false)
        from place in OptionalTexts
        select new NoticeAddress(channel, address, attention, copy, place);

    internal static readonly Gen<HolderRegistered> Holders =
        from id in Texts
        from name in Texts
        from kind in Gen.Elements(HolderKind.Entity, HolderKind.Individual)
        from jurisdiction in Gen.Elements<string?>("KY", "HK", null, "ü")
        from zone in Gen.Elements("Asia/Hong_Kong", "Europe/London", "America/New_York")
        from count in Gen.Choose(0, 3)
        from addresses in Gen.ListOf(Addresses, count)
        from start in Times
        from end in Times
        from note in OptionalTexts
        from day in Gen.Choose(0, 3_000_000)
        select new HolderRegistered(id, name, kind, jurisdiction, zone, addresses.ToList(), start, end, note)
        {
            EffectiveOn = new LocalDate(1, 1, 1).PlusDays(day),
        };

    [Fact]
    public void HolderRegistrationAsTheCodecWritesIt_ReadsTheSameAsTheGeneralReader()
    {
        Prop.ForAll(Arb.From(Holders), h =>
        {
            var payload = EventCodec.Serialize(h);
            Assert.Equal(payload, Read(payload));
            Assert.Equal(General(payload), Read(payload));
            Assert.Equal(GeneralRecord(payload).Addresses.GetType(), ReadRecord(payload).Addresses.GetType());
        }).QuickCheckThrowOnFailure();
    }

    private const string Canonical =
        """{"holderId":"h000001","name":"Holder 1 Limited","kind":"entity","jurisdiction":"HK","timeZone":"Asia/Shanghai","addresses":[{"channel":"email","address":"h000001@example.com","isCopy":false},{"channel":"courier","address":"1 Example Road","attention":"Company Secretary","isCopy":true}],"effectiveOn":"2015-01-05"}""";

    [Fact]
    public void CanonicalHolderRegistration_ReadsEveryField()
    {
        var h = ReadRecord(Canonical);

        Assert.Equal(("h000001", "Holder 1 Limited", HolderKind.Entity, "HK", "Asia/Shanghai"), (h.HolderId, h.Name, h.Kind, h.Jurisdiction, h.TimeZone));
        Assert.Equal([new NoticeAddress("email", "h000001@example.com"), new NoticeAddress("courier", "1 Example Road", "Company Secretary", true)], h.Addresses);
        Assert.Equal((null, null, null), (h.BusinessHoursStart, h.BusinessHoursEnd, h.Note));
        Assert.Equal(new LocalDate(2015, 1, 5), h.EffectiveOn);
        Assert.Equal(Canonical, Read(Canonical));
    }

    /// <summary>Valid payloads the fast reader leaves to the general one (or reads the same): each must read as the general reader reads it.</summary>
    [Theory]
    // Properties in another order, explicit nulls, no addresses, an address without its optional parts.
    [InlineData("""{"effectiveOn":"2015-01-05","addresses":[{"isCopy":false,"address":"a","channel":"email"}],"timeZone":"Asia/Shanghai","kind":"individual","name":"n","holderId":"h1"}""")]
    [InlineData("""{"holderId":"h1","name":"n","kind":"entity","jurisdiction":null,"timeZone":"Asia/Shanghai","addresses":[],"businessHoursStart":null,"businessHoursEnd":null,"note":null,"effectiveOn":"2015-01-05"}""")]
    [InlineData("""{"holderId":"h1","name":"n","kind":"entity","timeZone":"Z","addresses":[{"channel":"email","address":"a","attention":null,"isCopy":true,"place":null}],"effectiveOn":"2015-01-05"}""")]
    // Business hours (left to the general reader), whitespace, escapes, an unknown or repeated property.
    [InlineData("""{"holderId":"h1","name":"n","kind":"entity","timeZone":"Z","addresses":[],"businessHoursStart":"08:30:00","businessHoursEnd":"17:00:00","effectiveOn":"2015-01-05"}""")]
    [InlineData("""{ "holderId": "h1", "name": "n", "kind": "entity", "timeZone": "Z", "addresses": [ ], "effectiveOn": "2015-01-05" }""")]
    [InlineData("""{"holderId":"h\u0031","name":"a \"quoted\" name","kind":"entity","timeZone":"Z","addresses":[],"effectiveOn":"2015-01-05"}""")]
    [InlineData("""{"holderId":"h1","name":"n","kind":"entity","timeZone":"Z","addresses":[],"effectiveOn":"2015-01-05","extra":1}""")]
    [InlineData("""{"holderId":"h1","holderId":"h2","name":"n","kind":"entity","timeZone":"Z","addresses":[],"effectiveOn":"2015-01-05"}""")]
    // Missing properties the writer always writes, a kind in another spelling, a number for the kind.
    [InlineData("""{"holderId":"h1","kind":"entity","timeZone":"Z","addresses":[],"effectiveOn":"2015-01-05"}""")]
    [InlineData("""{"holderId":"h1","name":"n","timeZone":"Z","addresses":[],"effectiveOn":"2015-01-05"}""")]
    [InlineData("""{"holderId":"h1","name":"n","kind":"entity","timeZone":"Z","addresses":[{"channel":"email","address":"a"}],"effectiveOn":"2015-01-05"}""")]
    [InlineData("""{"holderId":"h1","name":"n","kind":"Individual","timeZone":"Z","addresses":[],"effectiveOn":"2015-01-05"}""")]
    [InlineData("""{"holderId":"h1","name":"n","kind":1,"timeZone":"Z","addresses":[],"effectiveOn":"2015-01-05"}""")]
    [InlineData("""{"holderId":null,"name":"n","kind":"entity","timeZone":"Z","addresses":[],"effectiveOn":"2015-01-05"}""")]
    [InlineData("""{"holderId":"h1","name":"n","kind":"entity","timeZone":"Z","addresses":null,"effectiveOn":"2015-01-05"}""")]
    // A surrogate pair, and a long value (beyond what is shared between holders).
    [InlineData("{\"holderId\":\"h\ud83d\ude00\",\"name\":\"n\",\"kind\":\"entity\",\"timeZone\":\"Z\",\"addresses\":[],\"effectiveOn\":\"2015-01-05\"}")]
    [InlineData("""{"holderId":"h1","name":"n","kind":"entity","jurisdiction":"a jurisdiction written out at a length no code has, past sixty-four characters","timeZone":"Z","addresses":[],"effectiveOn":"2015-01-05"}""")]
    public void PayloadInAnotherForm_ReadsAsTheGeneralReaderReadsIt(string payload)
    {
        Assert.Equal(General(payload), Read(payload));
    }

    [Theory]
    [InlineData("""{"holderId":"h1","name":"n","kind":"entity","timeZone":"Z","addresses":[],"effectiveOn":"2015-02-30"}""")]
    [InlineData("""{"holderId":"h1","name":"n","kind":"entity","timeZone":"Z","addresses":[]}""")]
    [InlineData("""{"holderId":"h1","name":"n","kind":"nobody","timeZone":"Z","addresses":[],"effectiveOn":"2015-01-05"}""")]
    [InlineData("""{"holderId":"h1","name":"n","kind":"entity","timeZone":"Z","addresses":[],"effectiveOn":"2015-01-05"} trailing""")]
    [InlineData("""{"holderId":"h1","name":"n","kind":"entity","timeZone":"Z","addresses":[{"channel":"email","address":"a","isCopy":false},],"effectiveOn":"2015-01-05"}""")]
    [InlineData("""{"holderId":"h1","name":"n","kind":"entity","timeZone":"Z","addresses":[{"channel":"email","address":"a","isCopy":"no"}],"effectiveOn":"2015-01-05"}""")]
    [InlineData("""{"holderId":"h1","name":"n","kind":"entity","timeZone":"Z","addresses":[],"businessHoursStart":"25:00","effectiveOn":"2015-01-05"}""")]
    [InlineData("{\"holderId\":\"h\u0001\",\"name\":\"n\",\"kind\":\"entity\",\"timeZone\":\"Z\",\"addresses\":[],\"effectiveOn\":\"2015-01-05\"}")]
    [InlineData("""{"holderId":"h1" """)]
    [InlineData("")]
    public void MalformedPayload_IsReportedAsTheGeneralReaderReportsIt_NamingTheEntry(string payload)
    {
        var e = Assert.Throws<LedgerFormatException>(() => EventCodec.Deserialize(nameof(HolderRegistered), payload, 7));
        Assert.StartsWith("ledger entry 7: malformed HolderRegistered payload", e.Message);
    }

    [Fact]
    public void PayloadWithALoneSurrogate_IsLeftToTheGeneralReader()
    {
        var payload = Canonical.Replace("\"h000001\"", "\"h\ud800\"", StringComparison.Ordinal);
        Exception? general = Record.Exception(() => General(payload));
        Exception? read = Record.Exception(() => Read(payload));
        Assert.Equal(general?.GetType(), read?.GetType());
    }
}
