using System.Text.Json;
using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Events;

namespace Proviso.Domain.Tests.Register;

/// <summary>
/// Loading a stored ledger in bulk reads a transfer in the codec's form in place and applies it from its payload: it must
/// give the register that applying the recorded events gives, whatever the ids look like and however the payload is
/// written, and report an event that cannot apply as applying the record reports it.
/// </summary>
public class RegisterTimelineLoadTests
{
    private static readonly LocalDate Day = new(2021, 3, 1);

    /// <summary>Holder ids of every shape: short, long (beyond what the holder table keeps in place), non-ASCII, with a quote, a space, a surrogate pair.</summary>
    private static readonly string[] HolderIds = ["h1", "a-holder-with-a-long-id-2", "持有人-3", "h\"4", "h 5", "6", "h😀7"];

    /// <summary>A certificate id of the register's pattern, or of another shape (kept as text by the register).</summary>
    private static string CertificateId(int n) => (n % 6) switch
    {
        0 => $"cert/{n}",
        1 => $"class-a-{n:D4}x",
        2 => $"ç-{n}",
        3 => $"class-a-0{n:D5}",
        _ => $"class-a-{n:D4}",
    };

    private static IEnumerable<LedgerEvent> Opening()
    {
        yield return new CompanyRegistered("co", "Co Limited", "KY", null, "USD") { EffectiveOn = Day };
        yield return new ShareClassCreated("class-a", "Class A", ClassKind.Ordinary, Fraction.One, Money.Of(0.0001m, "USD"), null, null, 0) { EffectiveOn = Day };
        foreach (var h in HolderIds)
            yield return new HolderRegistered(h, h, HolderKind.Individual, "HK", "Asia/Hong_Kong", [], null, null, null) { EffectiveOn = Day };
    }

    /// <summary>
    /// A history of transfers chosen against the register as it goes: each names one to seven of the transferor's
    /// certificates (more than a stored transfer holds in place), the last one in part, leaving a balance or not.
    /// </summary>
    private static List<LedgerEvent> History(int transfers, int seed)
    {
        var random = new Random(seed);
        var register = new Proviso.Domain.Register.Register();
        var events = new List<LedgerEvent>();
        var next = 0;
        void Record(LedgerEvent e)
        {
            register.Apply(e);
            events.Add(e);
        }
        foreach (var e in Opening()) Record(e);
        foreach (var h in HolderIds)
            for (var i = 0; i < 8; i++)
                Record(new SharesIssued(h, "class-a", ShareCount.Of(random.Next(1, 1_000)), CertificateId(++next), null) { EffectiveOn = Day });
        for (var i = 0; i < transfers; i++)
        {
            var held = HolderIds.Where(h => register.SharesOf(h, "class-a").IsPositive).ToList();
            var from = held[random.Next(held.Count)];
            var to = HolderIds[random.Next(HolderIds.Length)];
            var certificates = register.CertificatesOf(from, "class-a");
            var named = certificates.Take(random.Next(1, Math.Min(7, certificates.Count) + 1)).ToList();
            var portions = named.Select((c, k) => new CertificatePortion(c.Id, k < named.Count - 1 ? c.Shares : ShareCount.Of(random.Next(1, (int)c.Shares.Value + 1)))).ToList();
            var shares = ShareCount.Sum(portions.Select(p => p.Shares));
            var balance = ShareCount.Sum(named.Select(c => c.Shares)) - shares;
            Money? consideration = random.Next(3) == 0 ? Money.Of(random.Next(1, 100_000) / 4m, "USD") : null;
            Record(new SharesTransferred(from, to, "class-a", shares, portions, CertificateId(++next), balance.IsPositive ? CertificateId(++next) : null,
                consideration, random.Next(2) == 0 ? $"SPA-{i}" : null) { EffectiveOn = Day.PlusDays(i / 50) });
        }
        return events;
    }

    /// <summary>The events as a store holds them (sequence from 1, type, canonical payload, or <paramref name="rewrite"/>'s form of it).</summary>
    internal static List<RegisterTimeline.StoredEvent> Stored(IEnumerable<LedgerEvent> events, Func<int, string, string>? rewrite = null) =>
        events.Select((e, i) => new RegisterTimeline.StoredEvent(i + 1, EventCodec.TypeName(e), rewrite?.Invoke(i, EventCodec.Serialize(e)) ?? EventCodec.Serialize(e))).ToList();

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>A payload indented (whitespace the fast readers do not read), with its properties in reverse order, or as it is.</summary>
    internal enum Form { Indented, Reversed, AsWritten }

    internal static string InForm(string payload, Form form) => form switch
    {
        Form.Indented => JsonSerializer.Serialize(JsonDocument.Parse(payload).RootElement, Indented),
        Form.Reversed => "{" + string.Join(",", JsonDocument.Parse(payload).RootElement.EnumerateObject().Reverse().Select(p => $"\"{p.Name}\":{p.Value.GetRawText()}")) + "}",
        _ => payload,
    };

    private static string Expected(IEnumerable<LedgerEvent> events)
    {
        var r = new Proviso.Domain.Register.Register();
        foreach (var e in events) r.Apply(e);
        return r.Fingerprint();
    }

    [Fact]
    public void Load_TransfersWithIdsOfAnyShapeAndManySourceCertificates_EqualsApplyingTheRecords()
    {
        var events = History(3_000, seed: 11);
        Assert.Contains(events, e => e is SharesTransferred { SourceCertificates.Count: > 4 });

        var loaded = RegisterTimeline.Load(Stored(events));

        Assert.Equal(Expected(events), loaded.Latest.Fingerprint());
        Assert.Equal(events.Select(EventCodec.Serialize), loaded.Events.Select(x => EventCodec.Serialize(x.Event)));
    }

    [Fact]
    public void Load_PayloadsInAnotherFormThanTheCodecWrites_EqualsApplyingTheRecords()
    {
        var events = History(600, seed: 5);
        // Every third entry indented, every third written with the properties in reverse order.
        var stored = Stored(events, (i, payload) => InForm(payload, (Form)(i % 3)));

        Assert.Equal(Expected(events), RegisterTimeline.Load(stored).Latest.Fingerprint());
    }

    /// <summary>
    /// Within one group of transfers that loading looks up ahead (before any of them applies): a certificate cancelled
    /// and its slot given to a new one, then named again; a class created, a holder registered and a holding opened
    /// before transfers into them; a certificate whose id names another class. What was found ahead must not stand
    /// for what applying the earlier events changed.
    /// </summary>
    [Fact]
    public void Load_TransfersAfterEventsOfTheirOwnGroupChangedWhatTheyName_EqualsApplyingTheRecords()
    {
        static SharesTransferred Transfer(string from, string to, string cls, long shares, (string Id, long Shares)[] sources, string newId, string? balanceId) =>
            new(from, to, cls, ShareCount.Of(shares), sources.Select(x => new CertificatePortion(x.Id, ShareCount.Of(x.Shares))).ToList(), newId, balanceId, null, null) { EffectiveOn = Day };
        var events = Opening().Concat(
        [
            new SharesIssued("h1", "class-a", ShareCount.Of(10), "class-a-0001", null) { EffectiveOn = Day },
            new SharesIssued("h1", "class-a", ShareCount.Of(10), "class-a-0002", null) { EffectiveOn = Day },
            new SharesIssued("6", "class-a", ShareCount.Of(10), "class-a-0003", null) { EffectiveOn = Day },
            new SharesIssued("h1", "class-a", ShareCount.Of(4), "class-b-0009", null) { EffectiveOn = Day },
        ]).ToList();
        // Register.PrefetchGroup: 32 events are looked up ahead at once; the opening fills the first group, so that
        // what the second is looked up against is there.
        while (events.Count < 32) events.Add(new HolderRegistered($"p{events.Count}", "p", HolderKind.Entity, null, "Asia/Hong_Kong", [], null, null, null) { EffectiveOn = Day });
        events.AddRange(
        [
            // class-a-0001 cancelled and its slot given to the balance certificate class-a-0004, in the same holding; then
            // class-a-0001 named again, as after a back-dated entry: taken oldest first (class-a-0002), not from its old slot.
            Transfer("h1", "h 5", "class-a", 4, [("class-a-0001", 4)], "class-a-0005", "class-a-0004"),
            Transfer("h1", "6", "class-a", 5, [("class-a-0001", 5)], "class-a-0006", "class-a-0007"),
            // class-a-0005 issued in this group, then transferred on.
            Transfer("h 5", "h1", "class-a", 3, [("class-a-0005", 3)], "class-a-0008", "class-a-0010"),
            // A class created in the group, and a transfer of it.
            new ShareClassCreated("class-b", "Class B", ClassKind.Ordinary, Fraction.One, Money.Of(0.0001m, "USD"), null, null, 0) { EffectiveOn = Day },
            new SharesIssued("h😀7", "class-b", ShareCount.Of(8), "class-b-0001", null) { EffectiveOn = Day },
            Transfer("h😀7", "a-holder-with-a-long-id-2", "class-b", 5, [("class-b-0001", 5)], "class-b-0002", "class-b-0003"),
            // A holder registered in the group, then a transfer to it (its holding opened by the transfer) and from it.
            new HolderRegistered("h8", "h8", HolderKind.Entity, "HK", "Asia/Hong_Kong", [], null, null, null) { EffectiveOn = Day },
            Transfer("6", "h8", "class-a", 10, [("class-a-0003", 10)], "class-a-0011", null),
            Transfer("h8", "h1", "class-a", 2, [("class-a-0011", 2)], "class-a-0012", "class-a-0013"),
            // A class-a certificate whose id names class-b: looked up by its text.
            Transfer("h1", "h8", "class-a", 4, [("class-b-0009", 4)], "class-a-0014", null),
        ]);
        Assert.True(events.Count <= 64, "the transfers fit in one group looked up ahead");

        var loaded = RegisterTimeline.Load(Stored(events));

        Assert.Equal(Expected(events), loaded.Latest.Fingerprint());
    }

    /// <summary>Transfers after the opening (h1 holds class-a-0001, 6 holds class-a-0002, 10 shares each): no such holder, no holding, too few shares, a certificate named twice, a balance without a balance certificate, a new certificate already live.</summary>
    public static TheoryData<string> TransfersThatCannotApply => new()
    {
        """{"fromHolderId":"h1","toHolderId":"nobody","classId":"class-a","shares":1,"sourceCertificates":[{"certificateId":"class-a-0001","shares":1}],"newCertificateId":"class-a-0100","effectiveOn":"2021-03-01"}""",
        """{"fromHolderId":"h 5","toHolderId":"h1","classId":"class-a","shares":1,"sourceCertificates":[],"newCertificateId":"class-a-0100","effectiveOn":"2021-03-01"}""",
        """{"fromHolderId":"h1","toHolderId":"6","classId":"class-a","shares":100000,"sourceCertificates":[],"newCertificateId":"class-a-0100","effectiveOn":"2021-03-01"}""",
        """{"fromHolderId":"h1","toHolderId":"6","classId":"class-a","shares":2,"sourceCertificates":[{"certificateId":"class-a-0001","shares":1},{"certificateId":"class-a-0001","shares":1}],"newCertificateId":"class-a-0100","balanceCertificateId":"class-a-0101","effectiveOn":"2021-03-01"}""",
        """{"fromHolderId":"h1","toHolderId":"6","classId":"class-a","shares":1,"sourceCertificates":[{"certificateId":"class-a-0001","shares":1}],"newCertificateId":"class-a-0100","effectiveOn":"2021-03-01"}""",
        """{"fromHolderId":"h1","toHolderId":"6","classId":"class-a","shares":10,"sourceCertificates":[{"certificateId":"class-a-0001","shares":10}],"newCertificateId":"class-a-0002","effectiveOn":"2021-03-01"}""",
    };

    [Theory]
    [MemberData(nameof(TransfersThatCannotApply))]
    public void Load_StoredTransferThatCannotApply_IsReportedAsApplyingTheRecordReportsIt(string payload)
    {
        var opening = Opening().Concat(
        [
            new SharesIssued("h1", "class-a", ShareCount.Of(10), "class-a-0001", null) { EffectiveOn = Day },
            new SharesIssued("6", "class-a", ShareCount.Of(10), "class-a-0002", null) { EffectiveOn = Day },
        ]).ToList();
        var stored = Stored(opening);
        stored.Add(new(stored.Count + 1, nameof(SharesTransferred), payload));
        var record = EventCodec.Deserialize(nameof(SharesTransferred), payload);
        var register = new Proviso.Domain.Register.Register();
        foreach (var e in opening) register.Apply(e);

        var expected = Assert.Throws<RegisterInvariantException>(() => register.Apply(record));
        var loaded = Assert.Throws<RegisterInvariantException>(() => RegisterTimeline.Load(stored));

        Assert.Equal(expected.Message, loaded.Message);
    }
}
