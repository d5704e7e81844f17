using System.Collections;
using NodaTime;

namespace Proviso.Domain.Tests.Ledger;

using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Events;

public class EventCodecTests
{
    private static readonly LocalDate Closing = new(2020, 11, 13);

    /// <summary>One instance of every event type, with every optional field filled where there is one.</summary>
    public static IReadOnlyList<LedgerEvent> Samples { get; } =
    [
        new CompanyRegistered("cloopen", "Cloopen Group Holding Limited", "KY", "Cricket Square, Grand Cayman", "USD") { EffectiveOn = new(2014, 1, 1) },
        new ShareClassCreated("series-f", "Series F Preferred Shares", ClassKind.Preferred, null, Money.Of(0.0001m, "USD"), "class-a", Fraction.Create(3, 2), 6) { EffectiveOn = Closing },
        new ConversionRatioChanged("series-f", Fraction.Create(11_799_686, 11_799_685), "anti-dilution") { EffectiveOn = new(2021, 1, 1) },
        new HolderRegistered("tencent", "Tencent Mobility Limited", HolderKind.Entity, "HK", "Asia/Hong_Kong",
            [new NoticeAddress("email", "notices@tencent.example", "Legal", false, "Shenzhen"), new NoticeAddress("courier", "Tencent Building", null, true)],
            new LocalTime(9, 30), new LocalTime(17, 45), "Investor ('Tencent', s.1.1) — 腾讯") { EffectiveOn = Closing },
        new HolderNoticeDetailsChanged("tencent", "Asia/Shanghai", [new NoticeAddress("fax", "+86 755 0000 0000")], null, new LocalTime(18, 0)) { EffectiveOn = new(2021, 2, 1) },
        new ControlLinkRecorded("tencent-holdings", "tencent", ControlKind.HoldingCompany, "wholly owned") { EffectiveOn = Closing },
        new ControlLinkEnded("tencent-holdings", "tencent", ControlKind.HoldingCompany) { EffectiveOn = new(2022, 1, 1) },
        new SharesIssued("tencent", "series-f", ShareCount.Of(11_799_686), "series-f-0001", Money.Of(100_000_000.00m, "USD")) { EffectiveOn = Closing },
        new SharesTransferred("tencent", "pac", "series-f", ShareCount.Of(5_899_843),
            [new CertificatePortion("series-f-0001", ShareCount.Of(5_899_843))], "series-f-0004", "series-f-0005",
            Money.Of(50_000_000m, "USD"), "ROFR s.2.2 process") { EffectiveOn = new(2021, 6, 1) },
        new SharesConverted("tencent", "series-f", "class-a", ShareCount.Of(3), ShareCount.Of(4), Fraction.Create(3, 2), Fraction.Half,
            [new CertificatePortion("series-f-0005", ShareCount.Of(3))], "class-a-0002", "series-f-0006") { EffectiveOn = new(2021, 7, 1) },
        new InstrumentIssued("cvc-warrant", InstrumentKind.Warrant, "cvc", "series-f", ShareCount.Of(11_799_685), new(2021, 5, 13), new(2025, 11, 13), Money.Of(8.4746m, "USD")) { EffectiveOn = Closing },
        new InstrumentExercised("cvc-warrant", "cvc", "series-f", ShareCount.Of(5_899_843), "series-f-0007") { EffectiveOn = new(2021, 8, 1) },
        new InstrumentCancelled("cvc-warrant", ShareCount.Of(5_899_842), "lapsed") { EffectiveOn = new(2025, 11, 14) },
        new SharesRepurchased("pac", "series-f", ShareCount.Of(500_000), [new CertificatePortion("series-f-0003", ShareCount.Of(500_000))], "series-f-0008", Money.Of(1_000_000m, "HKD")) { EffectiveOn = new(2021, 9, 1) },
        new SharesCancelled("pac", "series-f", ShareCount.Of(1), [new CertificatePortion("series-f-0008", ShareCount.Of(1))], "series-f-0009", "forfeited") { EffectiveOn = new(2021, 10, 1) },
        new SharesSplit("class-c", Fraction.Create(1, 3),
            [new SplitLine("class-c-0001", "a", ShareCount.Of(10), ShareCount.Of(3), Fraction.Create(1, 3)), new SplitLine("class-c-0002", "b", ShareCount.Of(2), ShareCount.Zero, Fraction.Create(2, 3))]) { EffectiveOn = new(2021, 11, 1) },
        new DepositaryProgramEstablished("class-a", "ADS depositary bank", ShareCount.Of(2)) { EffectiveOn = new(2021, 2, 8) },
        new AdsRatioChanged("class-a", ShareCount.Of(6), "ADS ratio change (Form 6-K, March 2023)") { EffectiveOn = new(2023, 3, 15) },
        new LegendApplied("tencent", "series-f", "THE SALE, PLEDGE, HYPOTHECATION, ASSIGNMENT OR TRANSFER OF THESE SECURITIES IS SUBJECT TO \"ROFR\"") { EffectiveOn = Closing },
        new StopTransferNoted("cloopen-co", "class-a", "No transfer without the Majority Investors' approval (ROFR s.2.1(i), s.5)") { EffectiveOn = Closing },
        new StopTransferLifted("cloopen-co", "class-a", "Qualified IPO") { EffectiveOn = new(2021, 2, 9) },
    ];

    /// <summary>
    /// Stored payloads for event types defined outside the register (disclosure, agreements). They are written as
    /// stored JSON rather than constructed, so that this suite keeps compiling while those types evolve; a change of
    /// shape shows up here as a failing round trip.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> StoredPayloads = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["FilingRecorded"] = """{"accessionNumber":"0001193125-21-034567","form":"424B4","acceptedAt":"2021-02-09T21:30:00Z","fileNumber":"333-252139","primaryDocument":"d12345d424b4.htm","primaryDocDescription":"424B4","title":"Prospectus","excerpt":"20,000,000 American Depositary Shares representing 40,000,000 Class A ordinary shares","exhibits":[{"type":"EX-99.1","title":"Press release","excerpt":"Cloopen announces pricing"}],"source":"edgar","effectiveOn":"2021-02-09"}""",
        ["AdsPositionRecorded"] = """{"holderId":"tencent","holderName":"Tencent Mobility Limited","classId":"class-a","ads":1000000,"source":"Schedule 13G","effectiveOn":"2021-12-31"}""",
        ["ClassOutstandingReported"] = """{"classId":"class-a","shares":100000000,"source":"Form 20-F","effectiveOn":"2021-12-31"}""",
        ["AgreementTermsRecorded"] = """{"agreementId":"rofr-cosale-2020","title":"Right of First Refusal and Co-Sale Agreement","format":"yaml","sha256":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","text":"id: rofr-cosale-2020\nsections: []\n","effectiveOn":"2020-11-13"}""",
    };

    public static TheoryData<string> SampleTypes => new(Samples.Select(EventCodec.TypeName));

    public static TheoryData<string> KnownTypes => new(EventCodec.KnownEventTypes.Order(StringComparer.Ordinal));

    private static LedgerEvent Sample(string type) =>
        Samples.SingleOrDefault(s => EventCodec.TypeName(s) == type)
        ?? GeneratedEventSamples.Build(typeof(LedgerEvent).Assembly.GetTypes().Single(t => t.Name == type && typeof(LedgerEvent).IsAssignableFrom(t)));

    /// <summary>A hand-written sample, a stored payload, or one generated by reflection: every known type has one.</summary>
    private static bool HasSample(string type) => Samples.Any(s => EventCodec.TypeName(s) == type) || StoredPayloads.ContainsKey(type) || Sample(type) is not null;

    [Fact]
    public void Samples_CoverEveryKnownEventType()
    {
        var missing = EventCodec.KnownEventTypes.Where(t => !HasSample(t)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "EventCodec tests cannot build a sample for: " + string.Join(", ", missing));
        Assert.Equal(Samples.Count, Samples.Select(EventCodec.TypeName).Distinct().Count());
        Assert.All(Samples.Select(EventCodec.TypeName), t => Assert.Contains(t, EventCodec.KnownEventTypes));
    }

    [Theory]
    [MemberData(nameof(KnownTypes))]
    public void RoundTrip_EveryKnownEventType_PreservesEveryStoredValue(string type)
    {
        Assert.True(HasSample(type), $"no sample for {type}");
        var payload = StoredPayloads.TryGetValue(type, out var stored) ? stored : EventCodec.Serialize(Sample(type));
        var once = EventCodec.Deserialize(type, payload, 7);
        Assert.Equal(type, EventCodec.TypeName(once));
        var reserialised = EventCodec.Serialize(once);
        Assert.Equal(reserialised, EventCodec.Serialize(EventCodec.Deserialize(type, reserialised, 7)));

        using var input = System.Text.Json.JsonDocument.Parse(payload);
        using var output = System.Text.Json.JsonDocument.Parse(reserialised);
        foreach (var property in input.RootElement.EnumerateObject())
        {
            Assert.True(output.RootElement.TryGetProperty(property.Name, out var value), $"{type}.{property.Name} was lost");
            Assert.Equal(property.Value.GetRawText(), value.GetRawText());
        }
    }

    [Fact]
    public void Serialize_SharesIssued_IsCamelCaseJsonWithExactValues()
    {
        var json = EventCodec.Serialize(Sample(nameof(SharesIssued)));
        Assert.Equal(
            """{"holderId":"tencent","classId":"series-f","shares":11799686,"certificateId":"series-f-0001","consideration":"USD 100000000.00","effectiveOn":"2020-11-13"}""",
            json);
    }

    [Fact]
    public void Serialize_FractionsAsText_EnumsKebabCase_NullsOmitted()
    {
        var created = EventCodec.Serialize(Sample(nameof(ShareClassCreated)));
        Assert.Contains("\"conversionRatio\":\"3/2\"", created);
        Assert.Contains("\"kind\":\"preferred\"", created);
        Assert.DoesNotContain("votesPerShare", created);
        Assert.Contains("\"parValue\":\"USD 0.0001\"", created);

        var link = EventCodec.Serialize(Sample(nameof(ControlLinkRecorded)));
        Assert.Contains("\"kind\":\"holding-company\"", link);

        var holder = EventCodec.Serialize(Sample(nameof(HolderRegistered)));
        Assert.Contains("\"businessHoursStart\":\"09:30:00\"", holder);
        Assert.Contains("腾讯", holder);
    }

    [Fact]
    public void ToEntry_UsesTheTypeNameAndEffectiveDate()
    {
        var e = Sample(nameof(SharesIssued));
        var entry = EventCodec.ToEntry(e, Instant.FromUtc(2020, 11, 13, 9, 0), "lead", "key-1", "issue-shares");
        Assert.Equal("SharesIssued", entry.EventType);
        Assert.Equal(Closing, entry.EffectiveOn);
        Assert.Equal(EventCodec.Serialize(e), entry.Payload);
        Assert.Equal("lead", entry.Actor);
        Assert.Equal("key-1", entry.IdempotencyKey);
    }

    [Fact]
    public void Deserialize_UnknownEventType_ThrowsLedgerFormatExceptionNamingTheEntry()
    {
        var ex = Assert.Throws<LedgerFormatException>(() => EventCodec.Deserialize("SharesVanished", "{}", 42));
        Assert.Contains("42", ex.Message);
        Assert.Contains("SharesVanished", ex.Message);
    }

    [Fact]
    public void Deserialize_AbstractBaseTypeName_IsUnknown()
    {
        Assert.Throws<LedgerFormatException>(() => EventCodec.Deserialize(nameof(LedgerEvent), "{}", 1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"holderId\":\"tencent\"")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"holderId\":\"tencent\",\"classId\":\"series-f\",\"shares\":1,\"certificateId\":\"c\"}")]
    [InlineData("{\"holderId\":\"tencent\",\"classId\":\"series-f\",\"shares\":1,\"certificateId\":\"c\",\"effectiveOn\":\"2020-13-01\"}")]
    [InlineData("{\"holderId\":\"tencent\",\"classId\":\"series-f\",\"shares\":\"many\",\"certificateId\":\"c\",\"effectiveOn\":\"2020-11-13\"}")]
    [InlineData("{\"holderId\":\"tencent\",\"classId\":\"series-f\",\"shares\":1.5,\"certificateId\":\"c\",\"effectiveOn\":\"2020-11-13\"}")]
    [InlineData("{\"holderId\":\"tencent\",\"classId\":\"series-f\",\"shares\":1,\"certificateId\":\"c\",\"consideration\":\"XYZ 5\",\"effectiveOn\":\"2020-11-13\"}")]
    public void Deserialize_MalformedSharesIssuedPayload_ThrowsLedgerFormatException(string payload)
    {
        var ex = Assert.Throws<LedgerFormatException>(() => EventCodec.Deserialize(nameof(SharesIssued), payload, 9));
        Assert.StartsWith("ledger entry 9:", ex.Message);
    }

    [Theory]
    [InlineData("{\"classId\":\"series-f\",\"ratio\":\"3/0\",\"reason\":\"x\",\"effectiveOn\":\"2021-01-01\"}")]
    [InlineData("{\"classId\":\"series-f\",\"ratio\":\"three halves\",\"reason\":\"x\",\"effectiveOn\":\"2021-01-01\"}")]
    [InlineData("{\"classId\":\"series-f\",\"ratio\":true,\"reason\":\"x\",\"effectiveOn\":\"2021-01-01\"}")]
    public void Deserialize_BadFraction_ThrowsLedgerFormatException(string payload)
    {
        Assert.Throws<LedgerFormatException>(() => EventCodec.Deserialize(nameof(ConversionRatioChanged), payload, 3));
    }

    [Fact]
    public void Deserialize_UnknownEnumValue_ThrowsLedgerFormatException()
    {
        const string payload = "{\"fromId\":\"a\",\"toId\":\"b\",\"kind\":\"owns-a-bit\",\"effectiveOn\":\"2021-01-01\"}";
        Assert.Throws<LedgerFormatException>(() => EventCodec.Deserialize(nameof(ControlLinkEnded), payload, 3));
    }

    [Fact]
    public void Deserialize_FractionWrittenAsWholeNumber_IsAccepted()
    {
        var e = (ConversionRatioChanged)EventCodec.Deserialize(nameof(ConversionRatioChanged),
            "{\"classId\":\"series-f\",\"ratio\":2,\"reason\":\"x\",\"effectiveOn\":\"2021-01-01\"}", 3);
        Assert.Equal(Fraction.Of(2), e.Ratio);
    }

    [Fact]
    public void Deserialize_LedgerEntry_UsesItsTypePayloadAndSequence()
    {
        var e = Sample(nameof(AdsRatioChanged));
        var entry = LedgerEntry.Seal("cloopen", 5, EventCodec.ToEntry(e, Instant.FromUtc(2023, 3, 15, 0, 0), "lead", null, null), HashChain.Genesis);
        var back = Assert.IsType<AdsRatioChanged>(EventCodec.Deserialize(entry));
        Assert.Equal(ShareCount.Of(6), back.SharesPerAds);
        var broken = entry with { Payload = "{" };
        Assert.StartsWith("ledger entry 5:", Assert.Throws<LedgerFormatException>(() => EventCodec.Deserialize(broken)).Message);
    }
}
