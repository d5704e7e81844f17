using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Events;
using Proviso.Domain.Tests.Ledger;

namespace Proviso.Domain.Tests.Register;

/// <summary>
/// Loading a stored ledger keeps a holder registered in the codec's form as its payload and builds the holder's record
/// when first asked for: every holder must read exactly as applying the recorded registrations gives it, in whatever
/// form the payload is written, from a copy of the register, from many threads at once, and after its notice details
/// change; a registration that cannot apply or cannot be read is reported as it is without the shortcut.
/// </summary>
public class StoredHolderTests
{
    private static readonly LocalDate Day = new(2021, 3, 1);

    private static List<RegisterTimeline.StoredEvent> Stored(IEnumerable<LedgerEvent> events, Func<int, string, string>? rewrite = null) =>
        RegisterTimelineLoadTests.Stored(events, rewrite);

    private static Proviso.Domain.Register.Register Applied(IEnumerable<LedgerEvent> events)
    {
        var r = new Proviso.Domain.Register.Register();
        foreach (var e in events) r.Apply(e);
        return r;
    }

    /// <summary>Every field of every holder, in order, and the holder found by its id: what the two registers must agree on.</summary>
    private static List<string> Describe(Proviso.Domain.Register.Register r) =>
        r.Holders.Select(x => string.Join("|", x.Key, r.Holders.TryGetValue(x.Key, out var found) ? found.Id : "(not found by its id)", x.Value.Name, x.Value.Kind, x.Value.Jurisdiction ?? "(none)", x.Value.TimeZone,
            string.Join(";", x.Value.Addresses.Select(a => a.ToString())), x.Value.BusinessHoursStart, x.Value.BusinessHoursEnd,
            x.Value.RegisteredOn, x.Value.Note ?? "(none)")).ToList();

    private static IEnumerable<LedgerEvent> Company() =>
    [
        new CompanyRegistered("co", "Co Limited", "KY", null, "USD") { EffectiveOn = Day },
        new ShareClassCreated("class-a", "Class A", ClassKind.Ordinary, Fraction.One, Money.Of(0.0001m, "USD"), null, null, 0) { EffectiveOn = Day },
    ];

    /// <summary>Distinct holders (the generator's ids made unique), registered on or after the company's day.</summary>
    private static List<LedgerEvent> Registrations(IEnumerable<HolderRegistered> generated) =>
        generated.Select((h, i) => (LedgerEvent)(h with { HolderId = $"{h.HolderId}-{i}", EffectiveOn = Day.PlusDays(i) })).ToList();

    [Fact]
    public void Load_HoldersInEveryFormTheirRecordsCanTake_ReadAsApplyingTheRegistrations()
    {
        var gen = Gen.ListOf(EventCodecHolderReaderTests.Holders).Select(hs => hs.ToList());
        Prop.ForAll(Arb.From(gen), holders =>
        {
            var events = Company().Concat(Registrations(holders)).ToList();

            var loaded = RegisterTimeline.Load(Stored(events)).Latest;

            Assert.Equal(Describe(Applied(events)), Describe(loaded));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Load_HolderPayloadsInAnotherFormThanTheCodecWrites_ReadAsApplyingTheRegistrations()
    {
        var holders = EventCodecHolderReaderTests.Holders.Sample(60, new Rnd(3UL), 20);
        var events = Company().Concat(Registrations(holders)).ToList();
        // Every other payload indented or with its properties reversed: left to the general reader.
        var stored = Stored(events, (i, payload) => (i % 4) switch
        {
            0 => RegisterTimelineLoadTests.InForm(payload, RegisterTimelineLoadTests.Form.Indented),
            2 => RegisterTimelineLoadTests.InForm(payload, RegisterTimelineLoadTests.Form.Reversed),
            _ => payload,
        });

        var loaded = RegisterTimeline.Load(stored).Latest;

        Assert.Equal(60, loaded.Holders.Count);
        Assert.Equal(Describe(Applied(events)), Describe(loaded));
    }

    [Fact]
    public void LoadedHolders_ReadFromManyThreadsAtOnce_AreTheSameRecords()
    {
        var events = Company().Concat(Registrations(EventCodecHolderReaderTests.Holders.Sample(400, new Rnd(9UL), 20))).ToList();
        var expected = Describe(Applied(events));
        var loaded = RegisterTimeline.Load(Stored(events)).Latest;
        Assert.Equal(400, loaded.Holders.Count);

        var seen = new List<string>[8];
        Parallel.For(0, seen.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t => seen[t] = Describe(loaded));

        Assert.All(seen, s => Assert.Equal(expected, s));
    }

    [Fact]
    public void LoadedHolder_WhoseNoticeDetailsChange_TakesThemInACopyAndKeepsTheRest()
    {
        var events = Company().Append(new HolderRegistered("h1", "Holder One", HolderKind.Entity, "HK", "Asia/Hong_Kong",
            [new NoticeAddress("email", "one@example.com")], null, null, "a note") { EffectiveOn = Day }).ToList();
        var loaded = RegisterTimeline.Load(Stored(events)).Latest;
        var change = new HolderNoticeDetailsChanged("h1", "Europe/London", [new NoticeAddress("courier", "1 Example Road")], new LocalTime(8, 0), null)
        {
            EffectiveOn = Day.PlusDays(1),
        };

        var copy = loaded.Clone();
        copy.Apply(change);

        Assert.Equal(Describe(Applied(events.Append(change))), Describe(copy));
        Assert.Equal(Describe(Applied(events)), Describe(loaded));
        Assert.Equal(("Holder One", "a note", Day), (copy.Holders["h1"].Name, copy.Holders["h1"].Note, copy.Holders["h1"].RegisteredOn));
    }

    [Fact]
    public void LoadedHolder_IsActiveFromTheDayItWasRegistered()
    {
        var events = Company().Append(new HolderRegistered("h1", "Holder One", HolderKind.Individual, null, "Asia/Hong_Kong", [], null, null, null)
        {
            EffectiveOn = Day.PlusDays(5),
        }).ToList();

        var loaded = RegisterTimeline.Load(Stored(events)).Latest;

        Assert.False(loaded.IsActiveHolder("h1", Day.PlusDays(4)));
        Assert.True(loaded.IsActiveHolder("h1", Day.PlusDays(5)));
        Assert.False(loaded.IsActiveHolder("h2", Day.PlusDays(5)));
    }

    [Fact]
    public void Load_HolderRegisteredTwice_IsReportedAsApplyingTheRegistrationsReportsIt()
    {
        var h = new HolderRegistered("h1", "Holder One", HolderKind.Entity, null, "Asia/Hong_Kong", [], null, null, null) { EffectiveOn = Day };
        var events = Company().Append(h).Append(h with { Name = "Again" }).ToList();

        var expected = Assert.Throws<RegisterInvariantException>(() => Applied(events));
        var loaded = Assert.Throws<RegisterInvariantException>(() => RegisterTimeline.Load(Stored(events)));

        Assert.Equal(expected.Message, loaded.Message);
    }

    [Theory]
    [InlineData("""{"holderId":"h1","name":"n","kind":"entity","timeZone":"Z","addresses":[],"effectiveOn":"2015-02-30"}""")]
    [InlineData("""{"holderId":"h1","name":"n","kind":"nobody","timeZone":"Z","addresses":[],"effectiveOn":"2015-01-05"}""")]
    [InlineData("""{"holderId":"h1","name":"n","kind":"entity","timeZone":"Z","addresses":[],"effectiveOn":"2015-01-05"} trailing""")]
    [InlineData("""{"holderId":"h1","name":"n","kind":"entity","timeZone":"Z","addresses":[{"channel":"email","address":"a","isCopy":"no"}],"effectiveOn":"2015-01-05"}""")]
    public void Load_MalformedHolderRegistration_IsReportedAsReadingItReportsIt(string payload)
    {
        var stored = Stored(Company());
        stored.Add(new(stored.Count + 1, nameof(HolderRegistered), payload));

        var expected = Assert.Throws<LedgerFormatException>(() => EventCodec.Deserialize(nameof(HolderRegistered), payload, stored.Count));
        var loaded = Assert.Throws<LedgerFormatException>(() => RegisterTimeline.Load(stored));

        Assert.Equal(expected.Message, loaded.Message);
    }
}
