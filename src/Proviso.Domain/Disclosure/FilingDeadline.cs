using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Time;

namespace Proviso.Domain.Disclosure;

/// <summary>
/// A filing deadline as a value: what is due, the rule that sets it, what started it and when, the period, the date
/// before any move, the due date, and every day that moved it or was skipped in counting (each with its reason from
/// the SEC calendar). <see cref="Due"/> is null only for a rule that sets no fixed period ("promptly").
/// </summary>
public sealed record FilingDeadline(
    string Name,
    Citation Rule,
    string Trigger,
    LocalDate TriggerOn,
    string Period,
    LocalDate? Unrolled,
    LocalDate? Due,
    IReadOnlyList<DayExplanation> Skipped,
    Citation? MovedUnder)
{
    /// <summary>True if the due date is later than the last day of the period because that day was not a business day.</summary>
    public bool WasMoved => Due is { } d && Unrolled is { } u && d != u;

    /// <summary>"2022-04-30 (Saturday): Saturday is a weekly rest day in US-SEC; 2022-05-01 (Sunday): ..." or empty.</summary>
    public string MovedBy => string.Join("; ", Skipped.Select(Reason));

    /// <summary>One sentence: "Form 20-F annual report: four months after the end of the fiscal year on 2021-12-31 is 2022-04-30, moved to 2022-05-02 ... (form-20-f General Instruction A.(b); exchange-act Rule 0-3(a))".</summary>
    public string Explanation
    {
        get
        {
            var head = $"{Name}: {Period} after {Trigger} on {TimeText.Date(TriggerOn)}";
            if (Due is not { } due) return $"{head}: no fixed date ({Cite(Rule)})";
            if (!WasMoved)
            {
                var counted = Skipped.Count == 0 ? "" : $" (days not counted: {MovedBy})";
                return $"{head} is {TimeText.Date(due)}{counted} ({Cite(Rule)})";
            }

            return $"{head} is {TimeText.Date(Unrolled!.Value)}, moved to {TimeText.Date(due)} under Rule 0-3(a) ({MovedBy}) ({Cite(Rule)}; {Cite(MovedUnder!)})";
        }
    }

    /// <summary>"exchange-act Rule 12b-25(b)": the citation as rule text names it.</summary>
    public static string Cite(Citation c) => $"{c.AgreementId} {c.Section}";

    private static string Reason(DayExplanation d)
    {
        var reasons = d.Reasons.Where(r => r.Kind != DayReasonKind.MakeUpWorkday).Select(r => r.Text(d.Date));
        return $"{TimeText.Date(d.Date)} ({TimeText.Weekday(d.Date.DayOfWeek)}): {string.Join("; ", reasons)}";
    }

    /// <summary>
    /// A period ending on <paramref name="lastDay"/>; if that day is not a business day in <paramref name="calendar"/>,
    /// the first business day following (Rule 0-3(a)).
    /// </summary>
    public static FilingDeadline Rolled(string name, Citation rule, string trigger, LocalDate triggerOn, string period, LocalDate lastDay, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var skipped = new List<DayExplanation>();
        var due = lastDay;
        while (calendar.Explain(due) is { IsBusinessDay: false } closed)
        {
            skipped.Add(closed);
            due = due.PlusDays(1);
        }

        return new FilingDeadline(name, rule, trigger, triggerOn, period, lastDay, due, skipped, skipped.Count == 0 ? null : SecBusinessDays.Rule03);
    }

    /// <summary>The <paramref name="count"/>th business day after <paramref name="triggerOn"/>, with the closed days skipped in counting.</summary>
    public static FilingDeadline BusinessDaysAfter(string name, Citation rule, string trigger, LocalDate triggerOn, int count, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var skipped = new List<DayExplanation>();
        var d = triggerOn;
        for (var n = 0; n < count;)
        {
            d = d.PlusDays(1);
            var day = calendar.Explain(d);
            if (day.IsBusinessDay) n++;
            else skipped.Add(day);
        }

        var period = count == 1 ? "one business day" : $"{count} business days";
        return new FilingDeadline(name, rule, trigger, triggerOn, period, d, d, skipped, null);
    }

    /// <summary>A rule with no fixed period ("promptly").</summary>
    public static FilingDeadline Promptly(string name, Citation rule, string trigger, LocalDate triggerOn) =>
        new(name, rule, trigger, triggerOn, "promptly", null, null, [], null);
}
