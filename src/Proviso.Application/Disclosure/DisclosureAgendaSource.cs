using NodaTime;
using Proviso.Application.Agenda;
using Proviso.Application.Ledgers;
using Proviso.Domain.Disclosure;
using Proviso.Domain.Time;

namespace Proviso.Application.Disclosure;

/// <summary>
/// The company's periodic-report deadline on the agenda: the Form 20-F for each fiscal year not yet reported, due four
/// months after the fiscal year end and moved to the next business day on the SEC's calendar (Form 20-F General
/// Instruction A.(b); Exchange Act Rule 0-3(a)). Only for a company with an SEC filing record.
/// <para>Interpretation: a 20-F filed after a fiscal year's end is taken as that year's report; the fiscal year ends on
/// 31 December (the parameter of `proviso filings deadlines`).</para>
/// </summary>
public sealed class DisclosureAgendaSource : IAgendaSource
{
    private static readonly DateTimeZone Eastern = DateTimeZoneProviders.Tzdb["America/New_York"];

    public IEnumerable<AgendaItem> OpenDeadlines(CompanyLedger ledger, Instant asOf)
    {
        var record = FilingRecord.From(ledger.Timeline.ProcessEvents);
        if (record.Filings.Count == 0) yield break;
        var today = asOf.InZone(Eastern).Date;
        var annual = record.OfForm(f => f == "20-F").Select(f => f.FilingDate).ToList();
        // The fiscal year that ended last, and the one in progress: each is on the agenda until its report is filed.
        for (var year = today.Year - 1; year <= today.Year; year++)
        {
            var end = new LocalDate(year, 12, 31);
            if (annual.Any(d => d > end)) continue;
            Deadline deadline;
            try
            {
                deadline = Deadline.Compute($"Form 20-F for fiscal {year}", AnnualReportDueDate.Rule,
                    new Trigger($"the end of fiscal year {year}", end),
                    PeriodTerm.Months(4, MonthEndRule.ClampToLastDay, RollConvention.Following),
                    SecBusinessDays.Calendar, Eastern);
            }
            catch (CalendarRangeException)
            {
                continue; // beyond the calendar's facts: not guessed
            }
            yield return new AgendaItem("disclosure", "Annual report (Form 20-F)", deadline);
        }
    }
}
