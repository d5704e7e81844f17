using System.Text.RegularExpressions;
using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Time;

namespace Proviso.Domain.Disclosure;

/// <summary>
/// One fiscal year's annual report against its deadlines: the due date (Form 20-F General Instruction A.(b), moved under
/// Rule 0-3(a)), the last day for an NT 20-F and whether one was filed in time (Rule 12b-25(b)(1)), the extended date
/// (Rule 12b-25(b)(2)(ii)), the date the report was filed, and the days late against each date.
/// </summary>
public sealed record FiscalYearReport(
    int FiscalYear,
    LocalDate FiscalYearEnd,
    FilingDeadline Due,
    FilingDeadline NotificationDue,
    RecordedFiling? Notification,
    bool? NotificationInTime,
    FilingDeadline Extended,
    RecordedFiling? Report,
    string? PeriodBasis,
    int? DaysLateAgainstDue,
    int? DaysLateAgainstExtended,
    string Status)
{
    /// <summary>True if a timely notification made the extended date available.</summary>
    public bool ExtensionAvailable => NotificationInTime == true;
}

/// <summary>
/// The annual-report deadline history of a company from its filing record: for every fiscal year from the first one the
/// record shows a Form 20-F or NT 20-F for, to the last fiscal year ended before the latest filing in the record.
/// </summary>
/// <remarks>
/// Interpretation: a Form 20-F reports on the fiscal year named by its report date, or by "For the fiscal year ended
/// ..." in its text; failing both, on the earliest fiscal year ended before its filing date that has no report yet.
/// An NT 20-F relates to the latest fiscal year ended before its filing date (its report date when known).
/// Interpretation (first annual report): an issuer whose class was registered under Section 12(b) (Form 8-A12B) files
/// an annual report under Rule 13a-1 "for each fiscal year after the last full fiscal year for which financial
/// statements were filed in" its registration statement. Cloopen's F-1 (January 2021) contained audited statements for
/// 2018 and 2019, so the 2020 report was due under General Instruction A.(b) on 2021-04-30, and the NT 20-F of that day
/// confirms the company read it so. Rule 15d-2's special report (within 90 days after the F-1 became effective) would
/// fall later and does not displace the annual report due under Rule 13a-1; the standard rule is computed.
/// </remarks>
public static partial class AnnualReportHistory
{
    public static readonly Citation AnnualReportDuty = new("exchange-act", "Rule 13a-1",
        "an annual report for each fiscal year after the last full fiscal year for which financial statements were filed in its ... registration statement");

    [GeneratedRegex(@"fiscal year ended\s+([A-Z][a-z]+ \d{1,2}, \d{4})", RegexOptions.IgnoreCase)]
    private static partial Regex FiscalYearEnded();

    /// <summary>The fiscal year end on or before <paramref name="date"/> for a fiscal year ending on <paramref name="month"/>/<paramref name="day"/>.</summary>
    public static LocalDate FiscalYearEndOnOrBefore(LocalDate date, AnnualDate fiscalYearEnd)
    {
        var thisYear = fiscalYearEnd.InYear(date.Year);
        return thisYear <= date ? thisYear : fiscalYearEnd.InYear(date.Year - 1);
    }

    public static IReadOnlyList<FiscalYearReport> Compute(FilingRecord record, AnnualDate fiscalYearEnd, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(calendar);
        var reports = record.OfForm(FormTypes.IsAnnualReport).ToList();
        var notices = record.OfForm(FormTypes.IsAnnualReportLateNotice).ToList();
        if (reports.Count == 0 && notices.Count == 0 || record.Filings.Count == 0) return [];

        // Which fiscal year each report and notice is for.
        var reportYears = new Dictionary<LocalDate, (RecordedFiling Filing, string Basis)>();
        var unplaced = new List<RecordedFiling>();
        foreach (var r in reports)
        {
            var stated = StatedPeriod(r.Filing);
            if (stated is { } s)
            {
                var end = FiscalYearEndOnOrBefore(s.End, fiscalYearEnd);
                if (!reportYears.ContainsKey(end)) reportYears[end] = (r, s.Basis);
            }
            else
            {
                unplaced.Add(r);
            }
        }

        var noticeYears = new Dictionary<LocalDate, RecordedFiling>();
        foreach (var n in notices)
        {
            var end = n.Filing.ReportDate is { } rd ? FiscalYearEndOnOrBefore(rd, fiscalYearEnd) : FiscalYearEndOnOrBefore(n.FilingDate.PlusDays(-1), fiscalYearEnd);
            noticeYears.TryAdd(end, n);
        }

        var first = reportYears.Keys.Concat(noticeYears.Keys)
            .Concat(unplaced.Select(u => FiscalYearEndOnOrBefore(u.FilingDate.PlusDays(-1), fiscalYearEnd)))
            .Min();
        foreach (var u in unplaced)
        {
            var end = first;
            while (reportYears.ContainsKey(end) && end < u.FilingDate) end = fiscalYearEnd.InYear(end.Year + 1);
            if (end < u.FilingDate && !reportYears.ContainsKey(end))
                reportYears[end] = (u, $"no period stated; the earliest fiscal year without a report before {TimeText.Date(u.FilingDate)}");
        }

        var latest = record.Filings[^1].FilingDate;
        var last = FiscalYearEndOnOrBefore(latest.PlusDays(-1), fiscalYearEnd);
        var rows = new List<FiscalYearReport>();
        for (var end = first; end <= last; end = fiscalYearEnd.InYear(end.Year + 1))
        {
            var due = AnnualReportDueDate.For(end, calendar);
            var dueDate = due.Due!.Value;
            var noticeDue = LateFilingNotification.NotificationDue(dueDate, calendar);
            var extended = LateFilingNotification.ExtendedDue(dueDate, calendar);
            noticeYears.TryGetValue(end, out var notice);
            bool? noticeInTime = notice is null ? null : notice.FilingDate <= noticeDue.Due!.Value;
            var hasReport = reportYears.TryGetValue(end, out var report);
            int? lateDue = hasReport ? Math.Max(0, Period.Between(dueDate, report.Filing.FilingDate, PeriodUnits.Days).Days) : null;
            int? lateExtended = hasReport ? Math.Max(0, Period.Between(extended.Due!.Value, report.Filing.FilingDate, PeriodUnits.Days).Days) : null;
            var status = !hasReport
                ? (latest > dueDate ? $"not filed as of {TimeText.Date(latest)} (the latest filing in the record)" : "not yet due")
                : report.Filing.FilingDate <= dueDate ? "filed on time"
                : noticeInTime == true && report.Filing.FilingDate <= extended.Due!.Value ? "filed within the Rule 12b-25 extension (deemed filed on the due date)"
                : $"filed {lateDue} days after the due date" + (noticeInTime == true ? $", {lateExtended} days after the extended date" : ", with no timely NT 20-F");
            rows.Add(new FiscalYearReport(end.Year, end, due, noticeDue, notice, noticeInTime, extended,
                hasReport ? report.Filing : null, hasReport ? report.Basis : null, lateDue, lateExtended, status));
        }

        return rows;
    }

    private static (LocalDate End, string Basis)? StatedPeriod(FilingRecorded f)
    {
        if (f.ReportDate is { } rd) return (rd, $"report date {TimeText.Date(rd)}");
        foreach (var text in new[] { f.Excerpt, f.Title }.Concat(f.Exhibits.Select(e => e.Excerpt)))
        {
            if (text is null) continue;
            var m = FiscalYearEnded().Match(text);
            if (m.Success && NodaTime.Text.LocalDatePattern.CreateWithInvariantCulture("MMMM d, yyyy").Parse(m.Groups[1].Value) is { Success: true } p)
                return (p.Value, $"\"{m.Value}\" in its text");
        }

        return null;
    }
}
