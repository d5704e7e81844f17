using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Proviso.Domain.Tests.Register;

using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using static Cmd;

/// <summary>
/// Invariants of the register over random histories: replaying the ledger to any date gives the same register as the
/// incremental projection; transfers conserve shares; a refused command changes nothing.
/// </summary>
public class RegisterReplayPropertyTests
{
    private static readonly LocalDate Start = D(2020, 1, 1);
    private static readonly string[] HolderIds = ["h1", "h2", "h3", "h4"];
    private static readonly string[] ClassIds = ["class-a", "series-p"];
    private static readonly Fraction[] SplitRatios = [Fraction.Of(2), Fraction.Of(3), Fraction.Create(1, 2), Fraction.Create(3, 2), Fraction.Create(2, 3)];

    private enum Kind { Issue, Transfer, Split, Convert, Repurchase, ChangeRatio }

    /// <summary>One random step: what to do, to whom, how much, and whether it is dated forward or back-dated.</summary>
    private sealed record Step(Kind Kind, int From, int To, int Class, int Shares, int Ratio, bool BackDated, int Days)
    {
        public override string ToString() => $"{Kind} h{From + 1}->h{To + 1} {ClassIds[Class]} {Shares} r{Ratio} {(BackDated ? "-" : "+")}{Days}d";
    }

    private static readonly Gen<Kind> Kinds = Gen.Frequency(
        (4, Gen.Constant(Kind.Issue)), (6, Gen.Constant(Kind.Transfer)), (1, Gen.Constant(Kind.Split)),
        (2, Gen.Constant(Kind.Convert)), (1, Gen.Constant(Kind.Repurchase)), (1, Gen.Constant(Kind.ChangeRatio)));

    private static readonly Gen<Step> Steps =
        from kind in Kinds
        from source in Gen.Choose(0, HolderIds.Length - 1)
        from to in Gen.Choose(0, HolderIds.Length - 1)
        from cls in Gen.Choose(0, ClassIds.Length - 1)
        from shares in Gen.Frequency((3, Gen.Choose(1, 600)), (1, Gen.Choose(1, 3_000)))
        from ratio in Gen.Choose(0, SplitRatios.Length - 1)
        from back in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from days in Gen.Choose(0, 45)
        select new Step(kind, source, to, cls, shares, ratio, back, days);

    private static readonly Gen<Step[]> Histories = from n in Gen.Choose(5, 40) from steps in Gen.ArrayOf(Steps, n) select steps;

    private static RegisterBuilder Initial()
    {
        var b = new RegisterBuilder()
            .Company(Start)
            .Ordinary("class-a", Start)
            .Preferred("series-p", "class-a", Fraction.Create(3, 2), Start)
            .Holders(Start, HolderIds);
        foreach (var h in HolderIds) b.Issue(h, "class-a", 1_000, Start);
        b.Issue("h1", "series-p", 500, Start).Issue("h2", "series-p", 500, Start);
        return b;
    }

    private static RegisterCommand ToCommand(Step s, LocalDate on) => s.Kind switch
    {
        Kind.Issue => Issue(HolderIds[s.To], ClassIds[s.Class], s.Shares, on),
        Kind.Transfer => Transfer(HolderIds[s.From], HolderIds[s.To], ClassIds[s.Class], s.Shares, on),
        Kind.Split => Split(ClassIds[s.Class], SplitRatios[s.Ratio], on),
        Kind.Convert => Convert(HolderIds[s.From], "series-p", s.Shares, on),
        Kind.Repurchase => new RepurchaseShares(HolderIds[s.From], ClassIds[s.Class], ShareCount.Of(s.Shares), null) { EffectiveOn = on },
        Kind.ChangeRatio => new ChangeConversionRatio("series-p", SplitRatios[s.Ratio], "adjustment") { EffectiveOn = on },
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    private static LocalDate DateFor(RegisterBuilder b, Step s)
    {
        var last = b.Latest.LastEffectiveOn ?? Start;
        if (!s.BackDated) return last.PlusDays(s.Days);
        var back = last.PlusDays(-(s.Days + 1));
        return back < Start ? Start : back;
    }

    /// <summary>Runs a history, checking after each refusal that nothing changed. Returns how many back-dated commands were accepted.</summary>
    private static int Run(RegisterBuilder b, IEnumerable<Step> steps, Func<Step, bool>? only = null)
    {
        var backDatedAccepted = 0;
        foreach (var s in steps)
        {
            if (only is not null && !only(s)) continue;
            var on = DateFor(b, s);
            var command = ToCommand(s, on);
            var before = b.Latest.Fingerprint();
            var sequence = b.Timeline.LastSequence;
            var decision = b.Try(command);
            if (decision is Decision.Rejected rejected)
            {
                if (b.Latest.Fingerprint() != before || b.Timeline.LastSequence != sequence)
                    throw new InvalidOperationException($"refused {s} ({rejected.Reasons[0].RuleId}) but the register changed");
            }
            else if (on < b.Latest.LastEffectiveOn)
            {
                backDatedAccepted++;
            }
        }
        return backDatedAccepted;
    }

    /// <summary>The reference: a fresh register with only the events effective on or before <paramref name="asOf"/>, in (effective date, sequence) order.</summary>
    private static Register Replay(IEnumerable<(long Sequence, LedgerEvent Event)> recorded, LocalDate? asOf)
    {
        var r = new Register();
        foreach (var (_, e) in recorded.Where(x => asOf is null || x.Event.EffectiveOn <= asOf).OrderBy(x => x.Event.EffectiveOn).ThenBy(x => x.Sequence))
            r.Apply(e);
        return r;
    }

    private static IEnumerable<LocalDate> DatesToCheck(RegisterBuilder b)
    {
        var dates = b.Recorded.Select(x => x.Event.EffectiveOn).Distinct().ToList();
        return dates.Concat(dates.Select(d => d.PlusDays(-1))).Concat(dates.Select(d => d.PlusDays(1))).Append(Start.PlusDays(-1)).Distinct();
    }

    [Fact]
    public void Replay_ToAnyDate_EqualsTheIncrementalProjection()
    {
        var backDatedAccepted = 0;
        var orderMattered = 0;
        Prop.ForAll(Arb.From(Histories), steps =>
        {
            var b = Initial();
            backDatedAccepted += Run(b, steps);
            if (LedgerOrderReplayDiffers(b)) orderMattered++;

            var full = Replay(b.Recorded, null).Fingerprint();
            if (b.Latest.Fingerprint() != full)
                throw new InvalidOperationException($"Latest differs from a full replay:\n{b.Latest.Fingerprint()}\n---\n{full}");
            foreach (var d in DatesToCheck(b))
            {
                var incremental = b.Timeline.AsOf(d).Fingerprint();
                var replayed = Replay(b.Recorded, d).Fingerprint();
                if (incremental != replayed)
                    throw new InvalidOperationException($"AsOf({d:yyyy-MM-dd}) differs from a replay to that date:\n{incremental}\n---\n{replayed}");
            }
            return true;
        }).QuickCheckThrowOnFailure();
        Assert.True(backDatedAccepted > 0, "the generator should produce accepted back-dated commands");
        Assert.True(orderMattered > 0, "the generator should produce histories where effective order differs from ledger order in effect");
    }

    [Fact]
    public void StoredLedger_LoadedInBulkOrEntryByEntry_EqualsTheIncrementalProjectionOnEveryDate()
    {
        var backDated = 0;
        Prop.ForAll(Arb.From(Histories), steps =>
        {
            var b = Initial();
            backDated += Run(b, steps);
            // The ledger as a store holds it: ledger order, each event as its type and canonical payload.
            var stored = b.Recorded.Select(x => new RegisterTimeline.StoredEvent(x.Sequence, EventCodec.TypeName(x.Event), EventCodec.Serialize(x.Event))).ToList();
            var bulk = RegisterTimeline.Load(stored);
            var oneByOne = new RegisterTimeline();
            foreach (var s in stored) oneByOne.AddStored(s.Sequence, s.EventType, s.Payload);
            foreach (var loaded in new[] { bulk, oneByOne })
            {
                if (loaded.Latest.Fingerprint() != b.Latest.Fingerprint())
                    throw new InvalidOperationException($"the loaded ledger differs from the incremental projection:\n{loaded.Latest.Fingerprint()}\n---\n{b.Latest.Fingerprint()}");
                if (loaded.LastSequence != b.Timeline.LastSequence)
                    throw new InvalidOperationException($"last sequence {loaded.LastSequence}, not {b.Timeline.LastSequence}");
                if (!loaded.Events.Select(x => (x.Sequence, EventCodec.Serialize(x.Event))).SequenceEqual(b.Timeline.Events.Select(x => (x.Sequence, EventCodec.Serialize(x.Event)))))
                    throw new InvalidOperationException("the loaded timeline's events are not the incremental timeline's, in the same effective order");
                foreach (var d in DatesToCheck(b))
                    if (loaded.AsOf(d).Fingerprint() != b.Timeline.AsOf(d).Fingerprint())
                        throw new InvalidOperationException($"AsOf({d:yyyy-MM-dd}) of the loaded ledger differs");
            }
            return true;
        }).QuickCheckThrowOnFailure();
        Assert.True(backDated > 0, "the generator should produce back-dated entries");
    }

    [Fact]
    public void StoredLedger_WithAMalformedPayload_NamesTheFirstBadEntry()
    {
        var b = Initial();
        var stored = b.Recorded.Select(x => new RegisterTimeline.StoredEvent(x.Sequence, EventCodec.TypeName(x.Event), EventCodec.Serialize(x.Event))).ToList();
        // Enough entries for several read-ahead batches (issues of new certificates), two of them bad: the error names the earlier one.
        for (var n = stored.Count + 1; n <= 5_000; n++)
        {
            var issue = new Proviso.Domain.Register.Events.SharesIssued("h1", "class-a", ShareCount.Of(1), $"class-a-x{n}", null) { EffectiveOn = Start };
            stored.Add(new(n, EventCodec.TypeName(issue), EventCodec.Serialize(issue)));
        }
        Assert.Equal(5_000, RegisterTimeline.Load(stored).LastSequence);
        stored[3_001] = stored[3_001] with { Payload = "{not json" };
        stored[4_500] = stored[4_500] with { EventType = "NoSuchEvent" };
        var ex = Assert.Throws<LedgerFormatException>(() => RegisterTimeline.Load(stored));
        Assert.StartsWith("ledger entry 3002: malformed SharesIssued payload", ex.Message);
    }

    /// <summary>Whether applying the events in ledger order (ignoring effective dates) would give a different register.</summary>
    private static bool LedgerOrderReplayDiffers(RegisterBuilder b)
    {
        var r = new Register();
        try
        {
            foreach (var (_, e) in b.Recorded) r.Apply(e);
        }
        catch (RegisterInvariantException)
        {
            return true;
        }
        return r.Fingerprint() != b.Latest.Fingerprint();
    }

    [Fact]
    public void Transfers_AnyHistoryWithBackDating_ConserveSharesOfEveryClassOnEveryDate()
    {
        Prop.ForAll(Arb.From(Histories), steps =>
        {
            var b = Initial();
            var initial = ClassIds.ToDictionary(c => c, c => b.Latest.Outstanding(c));
            Run(b, steps, s => s.Kind == Kind.Transfer);
            foreach (var d in DatesToCheck(b).Where(d => d >= Start))
            {
                var r = b.Timeline.AsOf(d);
                foreach (var c in ClassIds)
                {
                    if (r.Outstanding(c) != initial[c])
                        throw new InvalidOperationException($"{c} outstanding on {d:yyyy-MM-dd} is {r.Outstanding(c)}, not {initial[c]}");
                    var held = ShareCount.Sum(r.Holdings().Where(h => h.ClassId == c).Select(h => h.Shares));
                    var certified = ShareCount.Sum(r.Certificates.Values.Where(x => x.ClassId == c).Select(x => x.Shares));
                    if (held != initial[c] || certified != initial[c])
                        throw new InvalidOperationException($"{c} on {d:yyyy-MM-dd}: holdings {held}, certificates {certified}, expected {initial[c]}");
                }
                if (r.Holdings().Any(h => h.Shares.IsNegative))
                    throw new InvalidOperationException($"a negative holding on {d:yyyy-MM-dd}");
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Certificates_AnyHistory_AddUpToEachHolding()
    {
        Prop.ForAll(Arb.From(Histories), steps =>
        {
            var b = Initial();
            Run(b, steps);
            var r = b.Latest;
            foreach (var h in HolderIds)
                foreach (var c in ClassIds)
                {
                    var certs = r.CertificatesOf(h, c);
                    var sum = ShareCount.Sum(certs.Select(x => x.Shares));
                    if (sum != r.SharesOf(h, c) || certs.Any(x => x.HolderId != h || x.ClassId != c || !x.Shares.IsPositive))
                        throw new InvalidOperationException($"{h} {c}: certificates {sum} but holding {r.SharesOf(h, c)}");
                }
            return true;
        }).QuickCheckThrowOnFailure();
    }
}
