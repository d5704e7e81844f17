using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register.Events;

namespace Proviso.Domain.Tests.Ledger;

/// <summary>
/// EventCodec reads stored transfers with a hand-written reader when the payload is in the form the codec writes; it
/// must read exactly what the serializer's general reader reads, and leave every other payload to it.
/// </summary>
public class EventCodecCanonicalReaderTests
{
    /// <summary>The general path alone: the serializer with the codec's options.</summary>
    private static string General(string payload) =>
        EventCodec.Serialize((SharesTransferred)JsonSerializer.Deserialize(payload, typeof(SharesTransferred), EventCodec.Options)!);

    private static string Read(string payload) => EventCodec.Serialize(EventCodec.Deserialize(nameof(SharesTransferred), payload, 7));

    private static readonly Gen<string?> Ids = Gen.Frequency(
        (6, Gen.Choose(1, 2_000_000).Select(n => (string?)$"class-a-{n:D4}")),
        (1, Gen.Elements<string?>("h000001", "a\"quoted\" id", "é-ü-中", "back\\slash", "", "line\nbreak", "tab\tid")),
        (1, Gen.Constant<string?>(null)));

    private static readonly Gen<Money?> Amounts = Gen.Frequency(
        (2, Gen.Constant<Money?>(null)),
        (3, Gen.Choose(0, 1_000_000).Select(n => (Money?)Money.Of(n * 0.25m, "USD"))),
        (1, Gen.Choose(-5_000, 5_000).Select(n => (Money?)Money.Of(n / 100m, "HKD"))));

    private static readonly Gen<SharesTransferred> Transfers =
        from source in Ids
        from to in Ids
        from shares in Gen.Choose(1, int.MaxValue).Select(n => (long)n * 3)
        from count in Gen.Choose(0, 3)
        from portions in Gen.ListOf(Gen.Choose(1, 1_000_000).Select(n => new CertificatePortion($"class-a-{n:D4}", ShareCount.Of(n))), count)
        from newId in Ids
        from balance in Ids
        from money in Amounts
        from reference in Ids
        from day in Gen.Choose(0, 3_000_000)
        select new SharesTransferred(source ?? "h1", to ?? "h2", "class-a", ShareCount.Of(shares), portions.ToList(), newId ?? "class-a-0001", balance, money, reference)
        {
            EffectiveOn = new LocalDate(1, 1, 1).PlusDays(day),
        };

    [Fact]
    public void TransferAsTheCodecWritesIt_ReadsTheSameAsTheGeneralReader()
    {
        Prop.ForAll(Arb.From(Transfers), t =>
        {
            var payload = EventCodec.Serialize(t);
            Assert.Equal(payload, Read(payload));
            Assert.Equal(General(payload), Read(payload));
        }).QuickCheckThrowOnFailure();
    }

    private const string Canonical =
        """{"fromHolderId":"h1","toHolderId":"h2","classId":"class-a","shares":10,"sourceCertificates":[{"certificateId":"class-a-0001","shares":10}],"newCertificateId":"class-a-0002","effectiveOn":"2021-03-01"}""";

    [Theory]
    [InlineData("""{"effectiveOn":"2021-03-01","shares":10,"classId":"class-a","toHolderId":"h2","fromHolderId":"h1","newCertificateId":"class-a-0002","sourceCertificates":[{"shares":10,"certificateId":"class-a-0001"}]}""")]
    [InlineData("""{"fromHolderId":"h1","toHolderId":"h2","classId":"class-a","shares":10,"sourceCertificates":[],"newCertificateId":"class-a-0002","balanceCertificateId":null,"consideration":null,"reference":null,"effectiveOn":"2021-03-01"}""")]
    [InlineData("""{"fromHolderId":"h1","fromHolderId":"h9","toHolderId":"h2","classId":"class-a","shares":10,"sourceCertificates":[],"newCertificateId":"x","effectiveOn":"2021-03-01"}""")]
    [InlineData("""{"fromHolderId":"h1","toHolderId":"h2","classId":"class-a","shares":10,"sourceCertificates":[],"newCertificateId":"x","effectiveOn":"2021-03-01","note":"unknown property"}""")]
    [InlineData("""{"fromHolderId":"h1","toHolderId":"h2","classId":"class-a","shares":10,"sourceCertificates":[],"newCertificateId":"x","consideration":"USD 1,000.00","effectiveOn":"2021-03-01"}""")]
    [InlineData("""{"fromHolderId":"h1","toHolderId":"h2","classId":"class-a","shares":10,"sourceCertificates":[],"newCertificateId":"x","consideration":"usd 10","effectiveOn":"2021-03-01"}""")]
    [InlineData("""{"fromHolderId":null,"toHolderId":"h2","classId":"class-a","shares":10,"sourceCertificates":[],"newCertificateId":"x","effectiveOn":"2021-03-01"}""")]
    [InlineData("""{"\u0066romHolderId":"h\u0031","toHolderId":"h2","classId":"class-a","shares":10,"sourceCertificates":[],"newCertificateId":"x","effectiveOn":"2021-03-01"}""")]
    [InlineData("""{"toHolderId":"h2","classId":"class-a","shares":10,"sourceCertificates":[],"newCertificateId":"x","effectiveOn":"2021-03-01"}""")]
    [InlineData("""{ "fromHolderId": "h1", "toHolderId": "h2", "classId": "class-a", "shares": 10, "sourceCertificates": [ ], "newCertificateId": "x", "effectiveOn": "2021-03-01" }""")]
    [InlineData("{\"fromHolderId\":\"h\ud83d\ude00\",\"toHolderId\":\"h2\",\"classId\":\"class-a\",\"shares\":-0,\"sourceCertificates\":[],\"newCertificateId\":\"x\",\"effectiveOn\":\"2021-03-01\"}")]
    [InlineData("""{"fromHolderId":"h1","toHolderId":"h2","classId":"class-a","shares":9223372036854775807,"sourceCertificates":[{"certificateId":"a","shares":1},{"certificateId":"b","shares":2},{"certificateId":"c","shares":3},{"certificateId":"d","shares":4},{"certificateId":"e","shares":5}],"newCertificateId":"x","effectiveOn":"2021-03-01"}""")]
    [InlineData("""{"fromHolderId":"h1","toHolderId":"h2","classId":"class-a","shares":10,"sourceCertificates":[{"certificateId":"c","shares":1,"shares":2}],"newCertificateId":"x","effectiveOn":"2021-03-01"}""")]
    public void PayloadInAnotherForm_ReadsAsTheGeneralReaderReadsIt(string payload)
    {
        Assert.Equal(General(payload), Read(payload));
    }

    [Theory]
    [InlineData("""{"fromHolderId":"h1","toHolderId":"h2","classId":"class-a","shares":10.5,"sourceCertificates":[],"newCertificateId":"x","effectiveOn":"2021-03-01"}""")]
    [InlineData("""{"fromHolderId":"h1","toHolderId":"h2","classId":"class-a","shares":"10","sourceCertificates":[],"newCertificateId":"x","effectiveOn":"2021-03-01"}""")]
    [InlineData("""{"fromHolderId":"h1","toHolderId":"h2","classId":"class-a","shares":10,"sourceCertificates":[],"newCertificateId":"x","effectiveOn":"2021-02-30"}""")]
    [InlineData("""{"fromHolderId":"h1","toHolderId":"h2","classId":"class-a","shares":10,"sourceCertificates":[],"newCertificateId":"x"}""")]
    [InlineData("""{"fromHolderId":"h1","toHolderId":"h2","classId":"class-a","shares":10,"sourceCertificates":[],"newCertificateId":"x","effectiveOn":"2021-03-01"} trailing""")]
    [InlineData("""{"fromHolderId":"h1","toHolderId":"h2","classId":"class-a","shares":10,"sourceCertificates":[{"certificateId":"c","shares":1},],"newCertificateId":"x","effectiveOn":"2021-03-01"}""")]
    [InlineData("""{"fromHolderId":"h1","toHolderId":"h2","classId":"class-a","shares":10,"sourceCertificates":[],"newCertificateId":"x","effectiveOn":"2021-3-1"}""")]
    [InlineData("""{"fromHolderId":"h1","toHolderId":"h2","classId":"class-a","shares":10,"sourceCertificates":[],"newCertificateId":"x","effectiveOn":"20 1-03-01"}""")]
    [InlineData("""{"fromHolderId":"h1","toHolderId":"h2","classId":"class-a","shares":10,"sourceCertificates":[],"newCertificateId":"x","consideration":"USD 1 000","effectiveOn":"2021-03-01"}""")]
    [InlineData("""{"fromHolderId":"h1","toHolderId":"h2","classId":"class-a","shares":010,"sourceCertificates":[],"newCertificateId":"x","effectiveOn":"2021-03-01"}""")]
    [InlineData("""{"fromHolderId":"h1","toHolderId":"h2","classId":"class-a","shares":9223372036854775808,"sourceCertificates":[],"newCertificateId":"x","effectiveOn":"2021-03-01"}""")]
    [InlineData("""{"fromHolderId":"h1","toHolderId":"h2","classId":"class-a","shares":1e3,"sourceCertificates":[],"newCertificateId":"x","effectiveOn":"2021-03-01"}""")]
    [InlineData("{\"fromHolderId\":\"h\u0001\",\"toHolderId\":\"h2\",\"classId\":\"class-a\",\"shares\":10,\"sourceCertificates\":[],\"newCertificateId\":\"x\",\"effectiveOn\":\"2021-03-01\"}")]
    [InlineData("""{"fromHolderId":"h1" """)]
    [InlineData("")]
    public void MalformedPayload_IsReportedAsTheGeneralReaderReportsIt_NamingTheEntry(string payload)
    {
        var e = Assert.Throws<LedgerFormatException>(() => EventCodec.Deserialize(nameof(SharesTransferred), payload, 7));
        Assert.StartsWith("ledger entry 7: malformed SharesTransferred payload", e.Message);
    }

    [Fact]
    public void PayloadWithALoneSurrogate_IsLeftToTheGeneralReader()
    {
        var payload = Canonical.Replace("\"h1\"", "\"h\ud800\"", StringComparison.Ordinal);
        Exception? general = Record.Exception(() => General(payload));
        Exception? read = Record.Exception(() => Read(payload));
        Assert.Equal(general?.GetType(), read?.GetType());
    }
}
