using NodaTime;
using Proviso.Application.Ledgers;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Time;

namespace Proviso.Application.Tests.Transfers;

/// <summary>
/// The Cloopen register with the ROFR terms recorded, decided in memory through <see cref="CompanyDecider"/> (built once,
/// cloned per test), and the commands of a typical process: Cloopen Co. offering Class A with the Majority Investors'
/// approval, the Transfer Notice by e-mail on Wednesday 2 December 2020 at 16:30 in Hong Kong.
/// </summary>
internal static class CloopenTransfers
{
    public static readonly DateTimeZone HongKong = DateTimeZoneProviders.Tzdb["Asia/Hong_Kong"];
    public static readonly LocalDate ProposedOn = new(2020, 12, 1);
    public static readonly LocalDate NoticeOn = new(2020, 12, 2);
    public static readonly Money Price = Money.Of(2.50m, "USD");

    public static readonly string[] Investors =
    [
        "main-access", "sequoia-iv", "max-honest", "trustbridge-v", "telstra-ii", "telstra-ii-sidecar", "pac", "vitalbridge", "tencent",
        "mirae-securities-hk", "mirae-growth-1", "mirae-new-economy", "parnatoux", "new-oriental", "cloudalpha", "yunli-hefeng", "zhanjin",
    ];

    public static readonly string[] MajorityInvestors = ["main-access", "sequoia-iv", "trustbridge-v", "mirae-securities-hk", "mirae-growth-1", "parnatoux", "tencent", "new-oriental"];

    private static readonly Lazy<RegisterTimeline> Base = new(() =>
    {
        var example = new CloopenExample();
        example.Do(new RecordAgreementTerms(CloopenExample.RofrTerms, File.ReadAllText(CloopenExample.RofrTerms), new LocalDate(2020, 11, 13)));
        return example.Timeline;
    });

    /// <summary>A fresh copy of the Cloopen timeline with the ROFR terms recorded.</summary>
    public static RegisterTimeline Timeline() => Base.Value.Clone();

    public static Instant At(LocalDate d, int hour = 10, int minute = 0) => HongKong.AtStrictly(d.At(new LocalTime(hour, minute))).ToInstant();

    public static RequestOverAllotment OverAllot(string holder, long shares, LocalDate d) => new("t1", holder, ShareCount.Of(shares)) { At = At(d), EffectiveOn = d };

    public static CloseTransfer Close(ThirdPartySale? sale, LocalDate d, string id = "t1") => new(id, sale) { At = At(d), EffectiveOn = d };

    public static LapseSaleWindow Lapse(LocalDate d) => new("t1") { At = At(d), EffectiveOn = d };

    public static ElectCoSale CoSale(string holder, string classId, long shares, LocalDate d) => new("t1", holder, classId, ShareCount.Of(shares)) { At = At(d), EffectiveOn = d };

    public static RecordValuation Valuation(Money cash, LocalDate d) => new("t1", cash, ValuationMethod.Appraisal, null) { At = At(d), EffectiveOn = d };

    public static ProposeTransfer Propose(string id = "t1", long shares = 3_000_000, IReadOnlyList<string>? consenting = null) =>
        new(id, "rofr-cosale-2020", "cloopen-co",
            new TransferOffer("class-a", ShareCount.Of(shares), "harbour-peak", "Harbour Peak Capital Limited", "Hong Kong", "Asia/Hong_Kong", Price, null, ["cash"], null),
            consenting ?? MajorityInvestors) { At = At(ProposedOn), EffectiveOn = ProposedOn };

    public static GiveTransferNotice Notice(string id = "t1") =>
        new(id, Enum.GetValues<NoticeElement>(), new[] { "cloopen" }.Concat(Investors).Select(r => new NoticeDelivery(r, NoticeChannel.Email, At(NoticeOn, 16, 30))).ToList())
        { At = At(NoticeOn, 16, 30), EffectiveOn = NoticeOn };

    public static ElectFirstRefusal Elect(string holder, long shares, LocalDate on, string id = "t1") =>
        new(id, holder, ShareCount.Of(shares), []) { At = At(on), EffectiveOn = on };

    /// <summary>Decides a command and, if accepted, records its events; returns the decision.</summary>
    public static Decision Try(RegisterTimeline t, object command)
    {
        var d = CompanyDecider.Decide(t, command);
        if (d is Decision.Accepted a)
            foreach (var e in a.Events) t.Add(t.LastSequence + 1, e);
        return d;
    }

    public static IReadOnlyList<LedgerEvent> Do(RegisterTimeline t, object command) =>
        Try(t, command) is Decision.Accepted a ? a.Events : throw new Xunit.Sdk.XunitException($"{command.GetType().Name} refused: {string.Join("; ", ((Decision.Rejected)CompanyDecider.Decide(t, command)).Reasons)}");

    public static TransferProcess Process(RegisterTimeline t, string id = "t1") => TransferBook.From(t.Events.Select(x => x.Event)).Find(id)!;
}
