using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register.Events;
using Proviso.Domain.Time;

namespace Proviso.Domain.Disclosure;

/// <summary>
/// A filing a reporting person owes: who, what caused it (the ledger entry, or the group's agreement, or the
/// registration of the class), the percentages before and after as exact fractions, the form and its deadline with the
/// rule that sets it.
/// </summary>
public sealed record OwnershipAlert(
    string PersonId,
    string PersonLabel,
    IReadOnlyList<string> Members,
    long? CausedBySequence,
    string CausedBy,
    LocalDate EventOn,
    Fraction PercentBefore,
    Fraction PercentAfter,
    Fraction Owned,
    string Form,
    string Reason,
    FilerStatus Status,
    FilingDeadline Deadline);

/// <summary>
/// Threshold alerts from a company's ledger, in effective order. Section 13(d)(1) and Rule 13d-1(a): a person who
/// "is directly or indirectly the beneficial owner of more than five percent of the class" files a statement; Rule
/// 13d-2 requires amendments for material changes, "an acquisition or disposition of beneficial ownership of securities
/// in an amount equal to one percent or more of the class" being material. Ownership is computed after each register
/// event, ADS position, reported outstanding count, the registration of the class, the formation of a group and the day
/// a warrant or option comes within sixty days of being exercisable.
/// </summary>
/// <remarks>
/// Interpretation: section 13(d) applies to a class registered under section 12; before the class's registration
/// (Form 8-A12B in the record) nothing is due. A person above 5% when the class is registered has not acquired
/// anything in a transaction subject to section 13(d) and is an exempt investor (Rule 13d-1(d)) unless its status says
/// otherwise; a person crossing 5% later files under its stated status, Schedule 13D by default; a group files under
/// its stated status, Schedule 13D by default. More than 5% means strictly more than 1/20. A change is measured in the
/// amount owned (a change solely in the number of shares outstanding is not an acquisition or disposition); under the
/// Schedule 13G rules before 2024-09-30 any change in the amount is reported at year end. After an amendment showing 5%
/// or less, the person's next crossing is a new initial filing.
/// </remarks>
public static class OwnershipAlerts
{
    public static readonly Fraction FivePercent = Fraction.Percent(5);
    public static readonly Fraction OnePercent = Fraction.Percent(1);
    public static readonly Fraction TenPercent = Fraction.Percent(10);
    public static readonly Fraction TwentyPercent = Fraction.Percent(20);

    public static readonly Citation Threshold = new("exchange-act", "Section 13(d)(1); Rule 13d-1(a)", "the beneficial owner of more than five percent of the class");
    public static readonly Citation Materiality = new("exchange-act", "Rule 13d-2(a)", "an amount equal to one percent or more of the class of securities shall be deemed material");
    public static readonly Citation PassiveTwenty = new("exchange-act", "Rule 13d-1(f)(1)", "beneficially owns 20 percent or more ... shall file a statement on Schedule 13D");

    private sealed record Point(LocalDate On, long? Sequence, string CausedBy, int Order);

    private sealed class State
    {
        public bool Reported;
        public FilerStatus Status;
        public Fraction Baseline;
        public Fraction LastPercent;
        public bool AboveTen;
    }

    /// <param name="events">The company's ledger events in effective order (sequence, event).</param>
    /// <param name="classRegisteredOn">When the class was registered under section 12 (and the ledger entry that shows it), or null.</param>
    /// <param name="statuses">Each reporting person's stated filer status (by reporting-person id).</param>
    public static IReadOnlyList<OwnershipAlert> Compute(
        IReadOnlyList<(long Sequence, LedgerEvent Event)> events,
        string classId,
        (LocalDate On, long? Sequence)? classRegisteredOn,
        IReadOnlyList<ReportingGroup> groups,
        IReadOnlyDictionary<string, FilerStatus> statuses,
        LocalDate asOf,
        BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(statuses);
        if (classRegisteredOn is not { } registered) return [];

        var points = new List<Point>();
        for (var i = 0; i < events.Count; i++)
        {
            var (seq, e) = events[i];
            if (e.EffectiveOn > asOf || e is FilingRecorded) continue;
            points.Add(new Point(e.EffectiveOn, seq, $"{EventCodec.TypeName(e)} (ledger #{seq})", 0));
            if (e is InstrumentIssued ins && ins.ExercisableFrom is { } from)
            {
                var enters = from.PlusDays(-BeneficialOwnership.WindowDays);
                if (enters > e.EffectiveOn && enters <= asOf)
                    points.Add(new Point(enters, seq, $"{ins.InstrumentId} exercisable within 60 days from {TimeText.Date(enters)} (issued by ledger #{seq})", 1));
            }
        }

        if (registered.On <= asOf)
            points.Add(new Point(registered.On, registered.Sequence, $"registration of the class under Section 12(b){(registered.Sequence is { } s ? $" (Form 8-A12B, ledger #{s})" : "")}", 2));
        foreach (var g in groups.Where(g => g.FormedOn <= asOf))
            points.Add(new Point(g.FormedOn, null, $"{g.Name} formed ({FilingDeadline.Cite(g.Citation)}; {FilingDeadline.Cite(ReportingGroup.Rule)})", 3));
        points = points.OrderBy(p => p.On).ThenBy(p => p.Order).ThenBy(p => p.Sequence ?? 0).ToList();

        var register = new Register.Register();
        var ads = new List<AdsPositionRecorded>();
        ClassOutstandingReported? reported = null;
        var applied = 0;
        var ordered = events.Where(x => x.Event.EffectiveOn <= asOf).ToList();
        var states = new Dictionary<string, State>(StringComparer.Ordinal);
        var alerts = new List<OwnershipAlert>();
        foreach (var point in points)
        {
            // Bring the state up to this point: every event effective before the point's day, and on the day up to its sequence.
            while (applied < ordered.Count && Before(ordered[applied], point))
            {
                var e = ordered[applied++].Event;
                register.Apply(e);
                if (e is AdsPositionRecorded a) ads.Add(a);
                if (e is ClassOutstandingReported r && r.ClassId == classId) reported = r;
            }

            if (point.On < registered.On) continue;
            var table = BeneficialOwnership.Compute(register, point.On, classId,
                new OwnershipFacts(ads, reported, groups.Where(g => g.FormedOn < point.On || (g.FormedOn == point.On && point.Order >= 3)).ToList()));
            // A group counts from its formation point: ledger entries of the same day are taken first, so a crossing on
            // that day is attributed to the group's formation, not to an unrelated entry of the same date.
            foreach (var row in table.Rows)
            {
                if (!states.TryGetValue(row.Id, out var st)) states[row.Id] = st = new State { Baseline = Fraction.Zero, LastPercent = Fraction.Zero };
                Evaluate(row, st, point, registered.On, groups, statuses, table.Outstanding, calendar, alerts);
            }

            foreach (var (id, st) in states)
            {
                if (st.Reported && table.Rows.All(r => r.Id != id))
                {
                    var gone = new OwnershipRow(id, id, ReportingPersonKind.AffiliateGroup, [id], Fraction.Zero, Fraction.Zero, table.Outstanding.ToFraction(), Fraction.Zero, []);
                    Evaluate(gone, st, point, registered.On, groups, statuses, table.Outstanding, calendar, alerts);
                }
            }
        }

        return alerts;
    }

    private static bool Before((long Sequence, LedgerEvent Event) e, Point p) =>
        e.Event.EffectiveOn < p.On || (e.Event.EffectiveOn == p.On && (p.Order > 0 || e.Sequence <= p.Sequence));

    private static void Evaluate(OwnershipRow row, State st, Point point, LocalDate registeredOn, IReadOnlyList<ReportingGroup> groups,
        IReadOnlyDictionary<string, FilerStatus> statuses, ShareCount outstanding, BusinessCalendar calendar, List<OwnershipAlert> alerts)
    {
        var before = st.LastPercent;
        var above = row.Percent > FivePercent;
        void Alert(string form, string reason, FilingDeadline deadline) => alerts.Add(new OwnershipAlert(row.Id, row.Label, row.Members,
            point.Sequence, point.CausedBy, point.On, before, row.Percent, row.Owned, form, reason, st.Status, deadline));

        if (!st.Reported)
        {
            if (above)
            {
                var group = groups.FirstOrDefault(g => g.Id == row.Id);
                st.Status = statuses.TryGetValue(row.Id, out var s) ? s
                    : group is not null ? group.Status
                    : point.On == registeredOn && point.Order == 2 ? FilerStatus.Exempt
                    : FilerStatus.Schedule13D;
                if (st.Status == FilerStatus.Passive && row.Percent >= TwentyPercent) st.Status = FilerStatus.Schedule13D;
                var trigger = point.CausedBy;
                var deadline = st.Status == FilerStatus.Schedule13D
                    ? Schedule13DDeadlines.Initial(trigger, point.On, calendar)
                    : Schedule13GDeadlines.Initial(st.Status, trigger, point.On, calendar);
                Alert(deadline.Name, $"more than 5% of the class ({FilingDeadline.Cite(Threshold)})", deadline);
                st.Reported = true;
                st.Baseline = row.Owned;
                st.AboveTen = row.Percent > TenPercent;
            }
        }
        else
        {
            var change = (row.Owned - st.Baseline).Abs();
            var material = change >= OnePercent * outstanding.ToFraction();
            if (st.Status == FilerStatus.Passive && row.Percent >= TwentyPercent)
            {
                var deadline = Schedule13DDeadlines.Initial(point.CausedBy, point.On, calendar);
                Alert("Schedule 13D", $"a passive investor at 20% or more must file on Schedule 13D ({FilingDeadline.Cite(PassiveTwenty)})", deadline);
                st.Status = FilerStatus.Schedule13D;
                st.Baseline = row.Owned;
            }
            else if (st.Status is FilerStatus.Passive or FilerStatus.QualifiedInstitutional && !st.AboveTen && row.Percent > TenPercent)
            {
                var deadline = Schedule13GDeadlines.TenPercent(st.Status, point.CausedBy, point.On, calendar);
                Alert(deadline.Name, "more than 10% of the class", deadline);
                st.AboveTen = true;
                st.Baseline = row.Owned;
            }
            else if (st.Status == FilerStatus.Schedule13D && material)
            {
                var deadline = Schedule13DDeadlines.Amendment(point.CausedBy, point.On, calendar);
                Alert(deadline.Name, $"a change of {BeneficialOwnership.Amount(change)} shares, 1% or more of the class ({FilingDeadline.Cite(Materiality)})", deadline);
                st.Baseline = row.Owned;
            }
            else if (st.Status != FilerStatus.Schedule13D && (point.On >= Schedule13GDeadlines.NewRulesFrom ? material : !change.IsZero))
            {
                var deadline = Schedule13GDeadlines.Amendment(point.CausedBy, point.On, calendar);
                Alert(deadline.Name, point.On >= Schedule13GDeadlines.NewRulesFrom
                    ? $"a material change of {BeneficialOwnership.Amount(change)} shares, 1% or more of the class"
                    : $"a change of {BeneficialOwnership.Amount(change)} shares in the amount reported", deadline);
                st.Baseline = row.Owned;
            }

            if (!above && st.Baseline == row.Owned) st.Reported = false;
        }

        st.LastPercent = row.Percent;
    }
}
