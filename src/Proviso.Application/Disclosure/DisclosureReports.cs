using System.Text;
using NodaTime;
using Proviso.Application.Ledgers;
using Proviso.Domain.Disclosure;
using Proviso.Domain.Ledger;
using Proviso.Domain.Time;
using Proviso.Storage;

namespace Proviso.Application.Disclosure;

/// <summary>A company's disclosure state read from its ledger: the filing record, the ledger events in effective order, and the register timeline.</summary>
public sealed class DisclosureLedger
{
    private DisclosureLedger(CompanyLedger ledger)
    {
        Ledger = ledger;
        Events = ledger.Timeline.Events;
        Filings = FilingRecord.From(Events);
    }

    public CompanyLedger Ledger { get; }
    public IReadOnlyList<(long Sequence, LedgerEvent Event)> Events { get; }
    public FilingRecord Filings { get; }

    /// <summary>The class with an ADS programme (the class the ADSs represent), or the first ordinary class.</summary>
    public string RegisteredClass
    {
        get
        {
            var latest = Ledger.Timeline.Latest;
            return latest.Classes.Keys.FirstOrDefault(c => latest.AdsRatioHistory(c).Count > 0)
                ?? latest.Classes.Values.Where(c => c.Kind == Proviso.Domain.Register.ClassKind.Ordinary).Select(c => c.Id).Order(StringComparer.Ordinal).FirstOrDefault()
                ?? throw new InputException(null, $"company '{Ledger.CompanyId}' has no ordinary class");
        }
    }

    /// <summary>
    /// Beneficial ownership of a class at the end of <paramref name="date"/> (Rule 13d-3) and the Schedule 13D/13G alerts
    /// up to it, with the recorded ADS positions and issuer-reported share count, the given Rule 13d-5 groups and filer
    /// statuses. The one computation behind `proviso ownership`, the API and the filings page.
    /// </summary>
    public (string ClassId, OwnershipTable Table, IReadOnlyList<OwnershipAlert> Alerts) Ownership(
        LocalDate date, string? classId, IReadOnlyList<ReportingGroup> groups, IReadOnlyDictionary<string, FilerStatus> statuses)
    {
        var cls = classId ?? RegisteredClass;
        var register = Ledger.Timeline.AsOf(date);
        if (!register.Classes.ContainsKey(cls)) throw new InputException(null, $"class: there is no class '{cls}' on the register on {DisclosureText.Iso(date)}");
        var facts = new OwnershipFacts(
            Events.Select(e => e.Event).OfType<AdsPositionRecorded>().Where(a => a.EffectiveOn <= date).ToList(),
            Events.Select(e => e.Event).OfType<ClassOutstandingReported>().Where(o => o.ClassId == cls && o.EffectiveOn <= date).LastOrDefault(),
            groups);
        var table = BeneficialOwnership.Compute(register, date, cls, facts);
        var registration = Filings.ExchangeRegistration;
        var alerts = OwnershipAlerts.Compute(Events, cls, registration is null ? null : (registration.FilingDate, registration.Sequence),
            groups, statuses, date, SecBusinessDays.Calendar);
        return (cls, table, alerts);
    }

    public static async Task<DisclosureLedger> LoadAsync(IEventStore store, string companyId, CancellationToken ct = default)
    {
        var ledger = await CompanyLedger.LoadAsync(store, companyId, ct);
        if (!ledger.Exists) throw new InputException(null, $"there is no company '{companyId}' in {store.Location}; import it first (proviso import DIR)");
        return new DisclosureLedger(ledger);
    }
}

/// <summary>The plain-text reports of `proviso filings timeline`, `filings deadlines` and `ownership` (stable, for people and for the worked examples).</summary>
public static class DisclosureText
{
    public static string Timeline(DisclosureLedger d, IReadOnlyList<ListingEvent> listing)
    {
        var sb = new StringBuilder();
        var name = d.Ledger.Timeline.Latest.CompanyName ?? d.Ledger.CompanyId;
        sb.AppendLine($"{name}: filing record ({d.Filings.Filings.Count} filings) and listing events");
        var items = d.Filings.Filings.Select(f => (f.FilingDate, 0, Line: $"  #{f.Sequence,-5} {f.Form,-10} {Short(f.Filing.Title ?? f.Filing.PrimaryDocDescription ?? "", 80)}{Exhibits(f)}"))
            .Concat(listing.Select(l => (l.On, 1, Line: $"  {"*",-6} {Kind(l.Kind),-10} {l.Description}{(l.Rule is null ? "" : $" ({FilingDeadline.Cite(l.Rule)})")}")))
            .OrderBy(x => x.Item1).ThenBy(x => x.Item2);
        LocalDate? day = null;
        foreach (var (on, _, line) in items)
        {
            if (day != on) sb.AppendLine(Iso(on));
            day = on;
            sb.AppendLine(line.TrimEnd());
        }

        sb.AppendLine("#n: ledger entry of the filing; *: listing event derived from the record and the register.");
        return sb.ToString();
    }

    public static string Deadlines(DisclosureLedger d, IReadOnlyList<FiscalYearReport> rows, AnnualDate fiscalYearEnd)
    {
        var sb = new StringBuilder();
        var name = d.Ledger.Timeline.Latest.CompanyName ?? d.Ledger.CompanyId;
        sb.AppendLine($"{name}: annual reports on Form 20-F (fiscal year ends {fiscalYearEnd.Month:D2}-{fiscalYearEnd.Day:D2}; calendar {SecBusinessDays.CalendarId})");
        foreach (var r in rows)
        {
            sb.AppendLine();
            sb.AppendLine($"Fiscal {r.FiscalYear} (ended {Iso(r.FiscalYearEnd)}): {r.Status}");
            sb.AppendLine($"  due          {Iso(r.Due.Due!.Value)}  {r.Due.Explanation}");
            sb.AppendLine($"  NT 20-F by   {Iso(r.NotificationDue.Due!.Value)}  {r.NotificationDue.Explanation}");
            sb.AppendLine(r.Notification is { } n
                ? $"  NT 20-F      {Iso(n.FilingDate)}  filed (ledger #{n.Sequence}), {(r.NotificationInTime == true ? "in time" : "late")}"
                : "  NT 20-F      none       no notification of late filing in the record");
            sb.AppendLine($"  extended to  {Iso(r.Extended.Due!.Value)}  {r.Extended.Explanation}{(r.ExtensionAvailable ? "" : "; not available without a timely NT 20-F")}");
            sb.AppendLine(r.Report is { } f
                ? $"  filed        {Iso(f.FilingDate)}  Form 20-F (ledger #{f.Sequence}; period: {r.PeriodBasis}); days late: {r.DaysLateAgainstDue} against the due date, {r.DaysLateAgainstExtended} against the extended date"
                : "  filed        none       no Form 20-F for this year in the record");
        }

        return sb.ToString();
    }

    public static string Ownership(string companyName, OwnershipTable t, IReadOnlyList<OwnershipAlert> alerts)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{companyName}: beneficial ownership of {t.ClassId} on {Iso(t.AsOf)} (Rule 13d-3)");
        sb.AppendLine($"Outstanding: {t.Outstanding} ({t.OutstandingBasis})");
        foreach (var r in t.Rows)
        {
            sb.AppendLine();
            var who = r.Members.Count > 1 ? $" [{string.Join(", ", r.Members)}]" : "";
            sb.AppendLine($"{r.Label} ({r.Id}{(r.Kind == ReportingPersonKind.Group ? ", Rule 13d-5 group" : "")}){who}");
            sb.AppendLine($"  {BeneficialOwnership.Amount(r.Owned)} of {BeneficialOwnership.Amount(r.Denominator)} = {r.Percent} = {r.Percent.ToPercentString(4)}");
            foreach (var l in r.Lines) sb.AppendLine($"    {l.HolderId}: {l.What}{(l.Acquirable ? " (Rule 13d-3(d)(1)(i); added to this person's denominator)" : "")}");
        }

        sb.AppendLine();
        sb.AppendLine(alerts.Count == 0 ? "Alerts: none." : $"Alerts ({alerts.Count}):");
        foreach (var a in alerts)
        {
            var due = a.Deadline.Due is { } dd ? Iso(dd) : a.Deadline.Period;
            sb.AppendLine($"- {a.PersonLabel} ({a.PersonId}): {a.Form} due {due}; {a.Reason}; {a.PercentBefore.ToPercentString(4)} -> {a.PercentAfter.ToPercentString(4)} (exactly {a.PercentAfter}); caused by {a.CausedBy} on {Iso(a.EventOn)}");
            sb.AppendLine($"    {a.Deadline.Explanation}");
        }

        return sb.ToString();
    }

    /// <summary>yyyy-MM-dd.</summary>
    public static string Iso(LocalDate d) => NodaTime.Text.LocalDatePattern.Iso.Format(d);

    private static string Exhibits(RecordedFiling f) => f.Filing.Exhibits.Count == 0 ? "" : $" [+{f.Filing.Exhibits.Count} exhibit{(f.Filing.Exhibits.Count == 1 ? "" : "s")}: {string.Join(", ", f.Filing.Exhibits.Select(e => e.Type))}]";

    private static string Short(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static string Kind(ListingEventKind k) => k switch
    {
        ListingEventKind.ExchangeRegistration => "12(b)",
        ListingEventKind.AdsRatio => "ADS ratio",
        ListingEventKind.TradingSuspended => "suspended",
        ListingEventKind.DelistingDetermination => "delisting",
        ListingEventKind.Form25Filed => "Form 25",
        ListingEventKind.DelistingEffective => "delisted",
        ListingEventKind.Section12bRegistrationEnds => "12(b) ends",
        _ => "Form 15",
    };
}
