using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using static Proviso.Domain.Tests.Transfers.TransferFixture;

namespace Proviso.Domain.Tests.Transfers;

public class TransferPropertyTests
{
    private static readonly Citation Citation = new(Terms, "2.2(ii)");

    private static readonly Gen<(long Pool, List<(long Req, int W)> Claims)> Claims =
        from pool in Gen.Choose(0, 2_000_000)
        from n in Gen.Choose(1, 6)
        from claims in Gen.ListOf(from r in Gen.Choose(1, 1_500_000) from w in Gen.Choose(1, 1000) select ((long)r, w), n)
        select ((long)pool, claims.ToList());

    [Fact]
    public void OverAllotment_AnyClaims_NeverExceedsThePoolOrARequestAndLeavesNothingWhileRequestsRemain()
    {
        Prop.ForAll(Arb.From(Claims), t =>
        {
            var claims = t.Claims.Select((c, i) => new OverAllotmentClaim($"h{i}", ShareCount.Of(c.Req), Fraction.Of(c.W))).ToList();
            var r = OverAllotment.Allocate(ShareCount.Of(t.Pool), claims, OverAllotmentBasis.ProRataFractions, Citation);
            var total = ShareCount.Sum(r.Allocations.Select(a => a.Shares));
            var requested = ShareCount.Sum(claims.Select(c => c.Requested));
            return total + r.Unallocated == ShareCount.Of(t.Pool)
                   && r.Allocations.All(a => a.Shares <= claims.Single(c => c.HolderId == a.HolderId).Requested)
                   && total == ShareCount.Min(ShareCount.Of(t.Pool), requested);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Rounding_AnyEntitlements_NeverGivesMoreThanTheExactTotal()
    {
        var gen = Gen.ListOf(from n in Gen.Choose(0, 10_000_000) from d in Gen.Choose(1, 997) select Fraction.Create(n, d), 5);
        Prop.ForAll(Arb.From(gen), exact =>
        {
            var items = exact.Select((e, i) => ($"h{i}", e)).ToList();
            var total = Fraction.Sum(exact);
            return Enum.GetValues<RoundingMethod>().All(m =>
            {
                var whole = WholeShareRounding.Apply(items, m);
                return ShareCount.Sum(whole).ToFraction() <= total && whole.Select((w, i) => w.ToFraction() <= Fraction.Of(exact[i].Ceiling())).All(x => x);
            });
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Closing_AnyElections_ConservesSharesAndNeverAllocatesMoreThanOffered()
    {
        var gen = from offered in Gen.Choose(1, 3_000_000)
                  from a in Gen.Choose(0, 100) from b in Gen.Choose(0, 100) from c in Gen.Choose(0, 100)
                  from req in Gen.Choose(1, 3_000_000)
                  select (offered, a, b, c, req);
        Prop.ForAll(Arb.From(gen), t =>
        {
            var f = new TransferFixture().Noticed(t.offered);
            var total = f.Register.Holdings().Sum(h => h.Shares.Value);
            var table = f.Process().Entitlements["investors"];
            var day = At(Start.PlusDays(1));
            foreach (var (h, pct) in new[] { ("inv-a", t.a), ("inv-b", t.b), ("inv-c", t.c) })
            {
                var shares = table.For(h)!.Whole.Value * pct / 100;
                if (shares > 0) f.Do(Elect(h, shares, day));
                else f.Do(new WaiveRights("t1", h, WaivedRight.FirstRefusal) { EffectiveOn = Start.PlusDays(1), At = day });
                f.Do(new WaiveRights("t1", h, WaivedRight.CoSale) { EffectiveOn = Start.PlusDays(1), At = day });
            }
            foreach (var e in f.Process().Elections.Where(e => e.InFull))
                f.Do(new RequestOverAllotment("t1", e.HolderId, ShareCount.Of(t.req)) { EffectiveOn = Start.PlusDays(2), At = At(Start.PlusDays(2)) });
            var closeOn = new LocalDate(2021, 2, 10);
            var events = f.Do(new CloseTransfer("t1", new ThirdPartySale("acme", Price, [], At(closeOn, 9))) { EffectiveOn = closeOn, At = At(closeOn) });
            var closed = (TransferClosed)events[^1];
            var fromTransferor = ShareCount.Sum(closed.Legs.Where(l => l.FromHolderId == "holdco").Select(l => l.Shares));
            return fromTransferor == ShareCount.Of(t.offered)
                   && f.Register.Holdings().Sum(h => h.Shares.Value) == total
                   && f.Register.SharesOf("holdco", "class-a") == ShareCount.Of(10_000_000 - t.offered);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RefusedCommand_Any_ChangesNothing()
    {
        var commands = new object[]
        {
            Elect("inv-a", 600_001, At(Start.PlusDays(1))),
            Elect("rival", 1, At(Start.PlusDays(1))),
            Elect("inv-a", 1, At(new LocalDate(2021, 1, 25), 0)),
            new RequestOverAllotment("t1", "inv-b", ShareCount.Of(5)) { EffectiveOn = Start, At = At(Start, 11) },
            new CloseTransfer("t1", null) { EffectiveOn = Start, At = At(Start, 11) },
            new LapseSaleWindow("t1") { EffectiveOn = Start, At = At(Start, 11) },
            Notice(),
            new ElectCoSale("t1", "inv-b", "series-b", ShareCount.Of(3_000_001)) { EffectiveOn = Start, At = At(Start, 11) },
        };
        Prop.ForAll(Arb.From(Gen.Elements(commands)), command =>
        {
            var f = new TransferFixture().Noticed();
            var fingerprint = f.Register.Fingerprint();
            var count = f.Builder.Timeline.Events.Count;
            var d = f.Try(command);
            return d is Decision.Rejected && f.Builder.Timeline.Events.Count == count && f.Register.Fingerprint() == fingerprint;
        }).QuickCheckThrowOnFailure();
    }
}
