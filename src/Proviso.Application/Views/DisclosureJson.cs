using NodaTime.Text;
using Proviso.Application.Disclosure;
using Proviso.Application.Yaml;
using Proviso.Domain.Disclosure;

namespace Proviso.Application.Views;

/// <summary>The stable JSON shapes of the disclosure views (docs/disclosure.md), shared by the command line and the API.</summary>
public static class DisclosureJson
{
    public static IEnumerable<object> Filings(DisclosureLedger d) => d.Filings.Filings.Select(f => new
    {
        sequence = f.Sequence,
        filingDate = DisclosureText.Iso(f.FilingDate),
        form = f.Form,
        accessionNumber = f.Filing.AccessionNumber,
        acceptedAt = f.Filing.AcceptedAt is { } at ? InstantPattern.ExtendedIso.Format(at) : null,
        reportDate = f.Filing.ReportDate is { } rd ? DisclosureText.Iso(rd) : null,
        fileNumber = f.Filing.FileNumber,
        title = f.Filing.Title,
        exhibits = f.Filing.Exhibits.Select(e => new { type = e.Type, title = e.Title }),
        source = f.Filing.Source,
    });

    public static IEnumerable<object> ListingEvents(IReadOnlyList<ListingEvent> listing) => listing.Select(l => new
    {
        on = DisclosureText.Iso(l.On),
        kind = Node.Kebab(l.Kind.ToString()),
        description = l.Description,
        source = l.Source,
        sequence = l.Sequence,
        rule = l.Rule is null ? null : FilingDeadline.Cite(l.Rule),
    });

    public static object FiscalYear(FiscalYearReport r) => new
    {
        fiscalYear = r.FiscalYear,
        fiscalYearEnd = DisclosureText.Iso(r.FiscalYearEnd),
        status = r.Status,
        due = Deadline(r.Due),
        notificationDue = Deadline(r.NotificationDue),
        notification = r.Notification is { } n ? new { sequence = n.Sequence, filingDate = DisclosureText.Iso(n.FilingDate), inTime = r.NotificationInTime } : null,
        extended = Deadline(r.Extended),
        extensionAvailable = r.ExtensionAvailable,
        report = r.Report is { } f ? new { sequence = f.Sequence, filingDate = DisclosureText.Iso(f.FilingDate), period = r.PeriodBasis } : null,
        daysLateAgainstDue = r.DaysLateAgainstDue,
        daysLateAgainstExtended = r.DaysLateAgainstExtended,
    };

    public static object Deadline(FilingDeadline d) => new
    {
        name = d.Name,
        rule = FilingDeadline.Cite(d.Rule),
        quote = d.Rule.Quote,
        trigger = d.Trigger,
        triggerOn = DisclosureText.Iso(d.TriggerOn),
        period = d.Period,
        unrolled = d.Unrolled is { } u ? DisclosureText.Iso(u) : null,
        due = d.Due is { } due ? DisclosureText.Iso(due) : null,
        moved = d.WasMoved,
        movedUnder = d.MovedUnder is null ? null : FilingDeadline.Cite(d.MovedUnder),
        skippedDays = d.Skipped.Select(s => s.Sentence),
        explanation = d.Explanation,
    };

    public static IEnumerable<object> OwnershipRows(OwnershipTable table) => table.Rows.Select(r => new
    {
        id = r.Id, label = r.Label, kind = Node.Kebab(r.Kind.ToString()), members = r.Members,
        owned = r.Owned.ToString(), acquirable = r.Acquirable.ToString(), denominator = r.Denominator.ToString(),
        fraction = r.Percent.ToString(), percent = r.Percent.ToPercentString(6),
        lines = r.Lines.Select(l => new { holder = l.HolderId, what = l.What, shares = l.Shares.ToString(), acquirable = l.Acquirable }),
    });

    public static IEnumerable<object> Alerts(IReadOnlyList<OwnershipAlert> alerts) => alerts.Select(a => new
    {
        person = a.PersonId, label = a.PersonLabel, members = a.Members, causedBySequence = a.CausedBySequence, causedBy = a.CausedBy,
        eventOn = DisclosureText.Iso(a.EventOn), percentBefore = a.PercentBefore.ToString(), percentAfter = a.PercentAfter.ToString(),
        percent = a.PercentAfter.ToPercentString(6), owned = a.Owned.ToString(), form = a.Form, status = Node.Kebab(a.Status.ToString()),
        reason = a.Reason, deadline = Deadline(a.Deadline),
    });
}
