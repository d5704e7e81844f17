// Issue #4 point 12: evaluating a proposed transfer on the Cloopen register and on the synthetic 100,000-holder register,
// against one plain pass over all holdings in the same run (bench/run.sh '*TransferEvaluation*').
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using NodaTime;
using Proviso.Application.Import;
using Proviso.Application.Ledgers;
using Proviso.Application.Terms;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.CoSale;
using Proviso.Domain.Agreements.Consent;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Agreements.Parties;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Time;

namespace Proviso.Benchmarks;

/// <summary>
/// Transfer evaluation: ten warm-ups (the run's first benchmark otherwise still measures tiered compilation on a busy
/// machine), ten measured iterations of about a quarter second each.
/// </summary>
public sealed class TransferEvaluationConfig : ManualConfig
{
    public TransferEvaluationConfig()
    {
        AddJob(Job.Default.WithWarmupCount(10).WithIterationCount(10)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250)).WithId("transfer").InProcess());
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}

/// <summary>
/// Issue #4 point 12: evaluating a proposed transfer — the restrictions and the consent they need (s.2.1), the Pro Rata
/// entitlements of every purchaser (s.2.2(ii)), each recipient's deemed receipt of the Transfer Notice (s.6.6) and the
/// deadline schedule (Option Periods, Extension Period, co-sale periods, closing, sale window) — on the Cloopen register
/// with its recorded terms, and on the synthetic register (100,000 holders) with an agreement of the same family naming
/// 1,000 Investors. Targets: under 100 µs on Cloopen; on the synthetic register, within five times one plain pass over
/// all holdings (<see cref="PlainPass"/>), measured in the same run.
/// <para>The rules read many holders through the register's holding index (holdings by holder and by class), which the
/// register builds on first use and keeps until its next event. <see cref="Evaluate"/> measures an evaluation on a
/// register whose index is built (the set-up's first evaluation built it: what a server deciding on one register version
/// pays after the first request); <see cref="EvaluateBuildingIndex"/> measures the same evaluation with the index built
/// inside the call (the register's version is moved on first), as on a register evaluated for the first time. The
/// synthetic case works on its own copy of the shared register, so moving its version touches no other benchmark.</para>
/// </summary>
[Config(typeof(TransferEvaluationConfig))]
public class TransferEvaluationBenchmarks
{
    private TransferCase _case = null!;
    private LedgerEvent _nextVersion = null!;

    [Params("cloopen", "synthetic")]
    public string Register { get; set; } = "cloopen";

    [GlobalSetup]
    public void Setup()
    {
        _case = Register == "cloopen" ? TransferCase.Cloopen() : TransferCase.Synthetic(SyntheticCompany.Shared.Register.Clone(), 1_000);
        _nextVersion = new RegisterVersionMark { EffectiveOn = _case.Register.LastEffectiveOn ?? new LocalDate(2000, 1, 1) };
        var result = _case.Evaluate();
        if (!result.Allowed || result.Table.Shares.Count == 0 || result.Deadlines.Count == 0)
            throw new InvalidOperationException($"the {Register} case does not evaluate to an allowed transfer with entitlements and deadlines");
        if (ShareCount.Sum(result.Table.Shares.Select(s => s.Whole)) > result.Table.Offered)
            throw new InvalidOperationException("entitlements exceed the offered shares");
        Console.WriteLine($"// transfer {Register}: {_case.Register.Holders.Count:N0} holders, {_case.Register.HoldingCount:N0} holdings, " +
                          $"{result.Table.Shares.Count:N0} purchasers, {result.Receipts} receipts, {result.Deadlines.Count:N0} deadlines, consent by {_case.Proposal.Consenting.Count:N0}");
    }

    /// <summary>Restrictions and consent, entitlements, receipts and the deadline schedule of one proposed transfer (holding index already built).</summary>
    [Benchmark(Description = "Evaluate proposed transfer")]
    public TransferCase.Result Evaluate() => _case.Evaluate();

    /// <summary>The same evaluation on a new version of the register, so the holding index is built inside the call.</summary>
    [Benchmark(Description = "Evaluate proposed transfer, index built in the call")]
    public TransferCase.Result EvaluateBuildingIndex()
    {
        _case.Register.Apply(_nextVersion);
        return _case.Evaluate();
    }

    /// <summary>The yardstick: one plain pass over every holding of the register, summing shares.</summary>
    [Benchmark(Baseline = true, Description = "Plain pass over all holdings")]
    public long PlainPass()
    {
        long total = 0;
        foreach (var h in _case.Register.Holdings()) total += h.Shares.Value;
        return total;
    }
}

/// <summary>
/// An event the register does not know: applying it changes nothing on the register but its version
/// (<see cref="Register.EventsApplied"/>; dated on the register's last effective date, so that does not move either),
/// which makes the next evaluation build the register's holding index again.
/// </summary>
public sealed record RegisterVersionMark : LedgerEvent;

/// <summary>An agreement, a register and a proposed transfer with its notice, ready to evaluate.</summary>
public sealed class TransferCase
{
    private static readonly LocalDate On = new(2024, 6, 3);

    private TransferCase(Agreement agreement, Register register, ProposeTransfer proposal, IReadOnlyList<NoticeDelivery> deliveries)
    {
        Agreement = agreement;
        Register = register;
        Proposal = proposal;
        Deliveries = deliveries;
        Calendar = TransferProcess.CalendarOf(agreement);
        FirstRefusal = agreement.Mechanism<FirstRefusalTerms>("firstRefusal")!;
        Notices = agreement.Mechanism<NoticeTerms>("notices")!;
    }

    public Agreement Agreement { get; }
    public Register Register { get; }
    public ProposeTransfer Proposal { get; }
    public IReadOnlyList<NoticeDelivery> Deliveries { get; }
    private BusinessCalendar Calendar { get; }
    private FirstRefusalTerms FirstRefusal { get; }
    private NoticeTerms Notices { get; }

    public sealed record Result(bool Allowed, ProRataTable Table, int Receipts, IReadOnlyList<Deadline> Deadlines);

    public Result Evaluate()
    {
        var on = Proposal.EffectiveOn;
        var book = new TransferBook();
        var permission = TransferPermission.Evaluate(Agreement, Register, book, Proposal);
        var stage = FirstRefusal.Stages[0];
        var purchasers = TransferDecider.Purchasers(Agreement, Register, stage, Proposal.TransferorId, on);
        var table = ProRataEntitlement.Compute(Agreement, Register, on, stage.Id, Proposal.TransferorId, purchasers, Proposal.Offer.Shares, stage.ProRata!, FirstRefusal.Rounding);
        var receipts = new List<ReceiptRecord>(Deliveries.Count);
        foreach (var d in Deliveries)
            if (NoticeReceipt.Deem(Agreement, Notices, Calendar, Register, d).Receipt is { } r) receipts.Add(r);
        book.Apply(new TransferProposed(Proposal.ProcessId, Agreement.Id, Proposal.TransferorId, Proposal.Offer, permission.Path, permission.Conditions,
            permission.ContinuingLiability, permission.Citations, Proposal.At) { EffectiveOn = on });
        book.Apply(new TransferNoticeServed(Proposal.ProcessId, Enum.GetValues<NoticeElement>(), receipts, table, Proposal.At) { EffectiveOn = on });
        var deadlines = book.Find(Proposal.ProcessId)!.Deadlines(Agreement);
        return new Result(permission.Allowed, table, receipts.Count, deadlines);
    }

    /// <summary>The Cloopen example: its register decided through the product's decider, the ROFR terms as recorded; Cloopen Co. offers 3,000,000 Class A.</summary>
    public static TransferCase Cloopen()
    {
        var root = RepoRoot();
        var loaded = RegisterFile.LoadDirectory(Path.Combine(root, "examples", "cloopen"));
        var timeline = new RegisterTimeline();
        long seq = 0;
        foreach (var c in loaded.Commands)
            if (CompanyDecider.Decide(timeline, c.Command) is Decision.Accepted a)
                foreach (var e in a.Events) timeline.Add(++seq, e);
        var agreement = TermsLoader.Load(Path.Combine(root, "examples", "cloopen", "terms", "rofr-cosale-2020.yaml"));
        var on = new LocalDate(2020, 12, 2);
        var register = timeline.AsOf(on);
        string[] consenting = ["main-access", "sequoia-iv", "trustbridge-v", "mirae-securities-hk", "mirae-growth-1", "parnatoux", "tencent", "new-oriental"];
        var at = Instant.FromUtc(2020, 12, 2, 8, 30);
        var proposal = new ProposeTransfer("bench", agreement.Id, "cloopen-co",
            new TransferOffer("class-a", ShareCount.Of(3_000_000), "harbour-peak", "Harbour Peak Capital Limited", "Hong Kong", "Asia/Hong_Kong", Money.Of(2.50m, "USD"), null, [], null),
            consenting) { At = at, EffectiveOn = on };
        var investors = agreement.RoleNamed("investors").Resolve(agreement, register, on);
        var deliveries = investors.Prepend(agreement.CompanyId).Select(r => new NoticeDelivery(r, NoticeChannel.Email, at)).ToList();
        return new TransferCase(agreement, register, proposal, deliveries);
    }

    /// <summary>
    /// The synthetic register with an agreement of the Cloopen family built as data: the holder with the most Class A is a
    /// Founder who must have the consent of the holders of more than half the preferred (as converted) and offer first to
    /// the Investors (the <paramref name="investors"/> largest preferred holders); Pro Rata Shares over the preferred
    /// holders' holdings, options and warrants as exercised; co-sale; notices by e-mail.
    /// </summary>
    public static TransferCase Synthetic(Register register, int investors)
    {
        static Citation Cite(string s) => new("synthetic-rofr", s);
        string[] preferred = ["series-a", "series-b", "series-c"];
        var all = register.Classes.Keys.Order(StringComparer.Ordinal).ToList();
        var transferor = register.Holdings().Where(h => h.ClassId == "class-a").MaxBy(h => h.Shares.Value).HolderId;
        var byPreferred = register.Holdings().Where(h => preferred.Contains(h.ClassId) && h.HolderId != transferor)
            .GroupBy(h => h.HolderId).Select(g => (Holder: g.Key, Shares: g.Sum(x => x.Shares.Value)))
            .OrderByDescending(x => x.Shares).ThenBy(x => x.Holder, StringComparer.Ordinal).ToList();
        var investorIds = byPreferred.Take(investors).Select(x => x.Holder).ToList();
        var totalPreferred = byPreferred.Sum(x => x.Shares);
        var consenting = new List<string>();
        long held = 0;
        foreach (var (holder, shares) in byPreferred)
        {
            if (held * 2 > totalPreferred * 11 / 10) break; // comfortably more than half, so the consent is given
            consenting.Add(holder);
            held += shares;
        }

        Role R(string name, IReadOnlyList<string>? members = null, IReadOnlyList<string>? classes = null) =>
            new(name, name, Cite("preamble"), (members ?? []).Select(m => new RoleMember(m)).ToList(), classes ?? [], [], []);
        var roles = new Dictionary<string, Role>
        {
            ["founders"] = R("founders", [transferor]),
            ["investors"] = R("investors", investorIds),
            ["preferredHolders"] = R("preferredHolders", classes: preferred),
        };
        var consents = new Dictionary<string, ConsentGroup>
        {
            ["majority-preferred"] = new("majority-preferred", "Majority Preferred", Cite("1.1"),
                [new ThresholdProng("Preferred", Cite("1.1"), preferred, new Threshold(Fraction.Half, Comparison.MoreThan), ConsentMeasure.AsConverted, false, [])]),
        };
        var stage = new RefusalStage("investors", "Investors' right of first refusal", Cite("2.2(ii)"), "investors", false, StageTrigger.TransferNotice,
            PeriodTerm.CalendarDays(20), "Option Period",
            new ProRataTerms(Cite("2.2(ii)"), new HoldingMeasure(all, true), new ProRataDenominator("preferredHolders", true, new HoldingMeasure(all, true), []), FractionsAboveOne.Normalise),
            new OverAllotmentTerms(Cite("2.2(ii)"), PeriodTerm.CalendarDays(10), "Extension Period", OverAllotmentBasis.ProRataFractions), null);
        var content = Enum.GetValues<NoticeElement>().Select(e => new NoticeRequirement(e, e.ToString(), Cite("2.2(i)"))).ToList();
        var fr = new FirstRefusalTerms(Cite("2.2"), ["founders"], [], ["investors"], true, content, [stage], RoundingMethod.RoundDown,
            new ClosingTerms(Cite("2.2(iii)"), PeriodTerm.NthDay(40), true), null, null,
            new SaleWindowTerms(Cite("2.4(i)"), PeriodTerm.CalendarDays(60), SaleWindowStart.OptionPeriodEnd, true, Cite("2.4(i)"), Cite("2.4(ii)")));
        var coSale = new CoSaleTerms(Cite("2.3(i)"), "investors", "investors", PeriodTerm.CalendarDays(20), "co-sale period",
            new HoldingMeasure(all, false), new HoldingMeasure(all, true), Cite("2.3(ii)"), Cite("2.3(iii)"), Cite("2.3(v)"));
        var restrictions = new TransferRestrictionTerms(Cite("2"),
            new RestrictedTransferors(["founders"], [], "majority-preferred", null, Cite("2.1(i)"), Cite("2.1(iii)"), Cite("2.1(ii)")),
            [], Cite("2.5"), null, null);
        var notices = new NoticeTerms(Cite("6.6"), 2, false, null, new CompanyPlace("company office", "Asia/Hong_Kong", new LocalTime(9, 0), new LocalTime(18, 0)));
        var mechanisms = new Dictionary<string, MechanismTerms> { ["notices"] = notices, ["transferRestrictions"] = restrictions, ["firstRefusal"] = fr, ["coSale"] = coSale };
        var agreement = new Agreement("synthetic-rofr", "Synthetic ROFR", new LocalDate(2020, 1, 1), register.CompanyId ?? SyntheticCompany.CompanyId, null,
            roles, new Dictionary<string, NamedParty>(), new BusinessDayDefinition(true, ["HK"], Cite("1.1")), AffiliateDefinition.ControlOnly(Cite("1.1")), consents, mechanisms);

        var at = Instant.FromUtc(2024, 6, 3, 2, 0);
        var offered = ShareCount.Of(Math.Max(1, register.SharesOf(transferor, "class-a").Value / 10));
        var proposal = new ProposeTransfer("bench", agreement.Id, transferor,
            new TransferOffer("class-a", offered, "bench-buyer", "Bench Buyer Ltd", null, "Asia/Hong_Kong", Money.Of(1m, "USD"), null, [], null), consenting)
            { At = at, EffectiveOn = On };
        var deliveries = investorIds.Prepend(agreement.CompanyId).Select(r => new NoticeDelivery(r, NoticeChannel.Email, at)).ToList();
        return new TransferCase(agreement, register, proposal, deliveries);
    }

    private static string RepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var dir = new DirectoryInfo(start);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Proviso.slnx"))) dir = dir.Parent;
            if (dir is not null) return dir.FullName;
        }
        throw new InvalidOperationException("cannot find the repository root (Proviso.slnx) for examples/cloopen");
    }
}

