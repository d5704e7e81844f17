using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register.Events;
using static Proviso.Application.Tests.Transfers.CloopenTransfers;

namespace Proviso.Application.Tests.Transfers;

/// <summary>
/// Invariants of the transfer process on the Cloopen register and terms, decided through CompanyDecider: allocations
/// never exceed the shares offered, shares are conserved at closing, and a refused command changes nothing.
/// </summary>
public sealed class TransferPropertyTests
{
    private static readonly Gen<(long Offered, List<int> Percents, List<int> Requests, bool Sell)> Processes =
        from offered in Gen.Choose(1, 6_000_000)
        from percents in Gen.ListOf(Gen.Choose(-50, 100), Investors.Length)
        from requests in Gen.ListOf(Gen.Choose(0, 2_000_000), Investors.Length)
        from sell in Gen.Elements(true, false)
        select ((long)offered, percents.ToList(), requests.ToList(), sell);

    /// <summary>Runs a random process to its closing: each Investor elects a random part of its Pro Rata Shares (or nothing), full exercisers ask for random extra shares.</summary>
    private static (Proviso.Domain.Register.RegisterTimeline Timeline, IReadOnlyList<LedgerEvent> Closing, long Offered) Run((long Offered, List<int> Percents, List<int> Requests, bool Sell) t)
    {
        var tl = Timeline();
        Do(tl, Propose(shares: t.Offered));
        Do(tl, Notice());
        var table = Process(tl).Entitlements["investors"];
        for (var i = 0; i < Investors.Length; i++)
        {
            var whole = table.For(Investors[i])!.Whole.Value;
            var shares = t.Percents[i] <= 0 ? 0 : Math.Max(1, whole * t.Percents[i] / 100);
            if (shares > 0 && whole > 0) Do(tl, Elect(Investors[i], Math.Min(shares, whole), new LocalDate(2020, 12, 10)));
        }
        foreach (var e in Process(tl).Elections.Where(e => e.InFull).ToList())
        {
            var req = t.Requests[Array.IndexOf(Investors, e.HolderId)];
            if (req > 0) Do(tl, OverAllot(e.HolderId, req, new LocalDate(2020, 12, 28)));
        }
        var closeOn = new LocalDate(2021, 1, 8);
        var sale = t.Sell ? new ThirdPartySale("harbour-peak", Price, [], At(new LocalDate(2021, 1, 7), 17)) : null;
        return (tl, Do(tl, Close(sale, closeOn)), t.Offered);
    }

    [Fact]
    public void Closing_AnyElectionsAndRequests_NeverAllocatesMoreThanTheOfferedShares()
    {
        Prop.ForAll(Arb.From(Processes), t =>
        {
            var (_, events, offered) = Run(t);
            var closed = events.OfType<TransferClosed>().Single();
            var fromTransferor = closed.Legs.Where(l => l.FromHolderId == "cloopen-co").Sum(l => l.Shares.Value);
            var purchases = closed.Legs.Where(l => l.Kind is LegKind.FirstRefusalPurchase or LegKind.OverAllotmentPurchase).Sum(l => l.Shares.Value);
            var allocated = events.OfType<OverAllotmentAllocated>().SingleOrDefault();
            return fromTransferor <= offered && purchases <= offered
                   && (!t.Sell || fromTransferor == offered)
                   && (allocated is null || allocated.Result.Allocations.Sum(a => a.Shares.Value) <= allocated.Result.Pool.Value);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }

    [Fact]
    public void Closing_AnyProcess_ConservesSharesOfEveryClass()
    {
        Prop.ForAll(Arb.From(Processes), t =>
        {
            var before = Timeline().Latest;
            var (tl, events, offered) = Run(t);
            var after = tl.Latest;
            var moved = events.OfType<SharesTransferred>().Sum(e => e.Shares.Value);
            return before.Classes.Keys.All(c => Total(before, c) == Total(after, c))
                   && before.SharesOf("cloopen-co", "class-a").Value - after.SharesOf("cloopen-co", "class-a").Value == moved
                   && moved <= offered;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }

    private static long Total(Proviso.Domain.Register.Register r, string classId) => r.Holders.Keys.Sum(h => r.SharesOf(h, classId).Value);

    private static readonly Gen<object> BadCommands = Gen.OneOf(
        Gen.Choose(1, 1_000_000).Select(n => (object)Elect("tencent", 249_403 + n, new LocalDate(2020, 12, 7))),
        Gen.Choose(1, 100).Select(n => (object)Elect("tencent", 1, new LocalDate(2020, 12, 22).PlusDays(n))),
        Gen.Choose(1, 1_000).Select(n => (object)Elect("kastle", n, new LocalDate(2020, 12, 7))),
        Gen.Choose(1, 1_000).Select(n => (object)OverAllot("pac", n, new LocalDate(2020, 12, 24))),
        Gen.Choose(1, 20).Select(n => (object)Close(null, new LocalDate(2020, 12, 2).PlusDays(n))),
        Gen.Choose(1, 20).Select(n => (object)Lapse(new LocalDate(2021, 1, 1).PlusDays(n))),
        Gen.Choose(1, 1_000).Select(n => (object)CoSale("tencent", "series-f", 20_000_000 + n, new LocalDate(2020, 12, 7))),
        Gen.Choose(1, 1_000).Select(n => (object)Valuation(Money.Of(n, "USD"), new LocalDate(2020, 12, 7))),
        Gen.Choose(1, 1_000).Select(n => (object)Propose("t1", n)),
        Gen.Choose(1, 1_000).Select(n => (object)Propose("t2", 60_000_000 - 3_000_000 + n)));

    [Fact]
    public void RefusedCommand_AnyKind_ChangesNothing()
    {
        var tl = Timeline();
        Do(tl, Propose());
        Do(tl, Notice());
        Do(tl, Elect("pac", 1_000, new LocalDate(2020, 12, 5)));
        var fingerprint = tl.Latest.Fingerprint();
        var count = tl.Events.Count;
        var process = System.Text.Json.JsonSerializer.Serialize(Process(tl).Elections);
        Prop.ForAll(Arb.From(BadCommands), command =>
        {
            var d = Try(tl, command);
            return d is Decision.Rejected && tl.Events.Count == count && tl.Latest.Fingerprint() == fingerprint
                   && System.Text.Json.JsonSerializer.Serialize(Process(tl).Elections) == process;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }
}
