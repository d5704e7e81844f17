using System.CommandLine;
using Proviso.Application.Disclosure;
using Proviso.Domain.Disclosure;

namespace Proviso.Cli.Commands;

/// <summary>`proviso ownership COMPANY --as-of DATE`: beneficial ownership of the registered class (Rule 13d-3) and the Schedule 13D/13G alerts up to that date (docs/disclosure.md).</summary>
public static class OwnershipCommand
{
    public static Command Build()
    {
        var company = new Argument<string>("COMPANY") { Description = "The company id (e.g. cloopen)" };
        var asOf = new Option<string>("--as-of") { Description = "The date (yyyy-MM-dd) at the end of which to compute beneficial ownership", Required = true };
        var groups = new Option<string?>("--groups") { Description = "A YAML file of Rule 13d-5 groups and filer statuses (e.g. examples/cloopen/filings/consortium-2025.yaml)" };
        var cls = new Option<string?>("--class") { Description = "The registered class (default: the class with an ADS programme)" };
        var json = CliContext.Json();
        var cmd = new Command("ownership", "Beneficial ownership of the registered class on a date (Rule 13d-3), with percentages as exact fractions and the filings due (Schedules 13D and 13G)")
        {
            company, asOf, groups, cls, json,
        };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var date = CliContext.ParseDate(p.GetValue(asOf)!, "--as-of");
            var input = p.GetValue(groups) is { } g ? OwnershipFile.Load(g) : new OwnershipFile.Parsed([], [], new Dictionary<string, FilerStatus>());
            var d = await DisclosureLedger.LoadAsync(store, p.GetValue(company)!, ct);
            var classId = p.GetValue(cls) ?? d.RegisteredClass;
            var register = d.Ledger.Timeline.AsOf(date);
            if (!register.Classes.ContainsKey(classId)) throw new Proviso.Application.InputException(null, $"--class: there is no class '{classId}' on the register on {DisclosureText.Iso(date)}");
            var events = d.Events;
            var facts = new OwnershipFacts(
                events.Select(e => e.Event).OfType<AdsPositionRecorded>().Where(a => a.EffectiveOn <= date).ToList(),
                events.Select(e => e.Event).OfType<ClassOutstandingReported>().Where(o => o.ClassId == classId && o.EffectiveOn <= date).LastOrDefault(),
                input.Groups);
            var table = BeneficialOwnership.Compute(register, date, classId, facts);
            var registration = d.Filings.ExchangeRegistration;
            var alerts = OwnershipAlerts.Compute(events, classId, registration is null ? null : (registration.FilingDate, registration.Sequence),
                input.Groups, input.Statuses, date, SecBusinessDays.Calendar);
            if (p.GetValue(json))
            {
                CliContext.WriteJson(new
                {
                    company = d.Ledger.CompanyId,
                    asOf = DisclosureText.Iso(date),
                    @class = classId,
                    outstanding = table.Outstanding.Value,
                    outstandingBasis = table.OutstandingBasis,
                    rows = table.Rows.Select(r => new
                    {
                        id = r.Id, label = r.Label, kind = Proviso.Application.Yaml.Node.Kebab(r.Kind.ToString()), members = r.Members,
                        owned = r.Owned.ToString(), acquirable = r.Acquirable.ToString(), denominator = r.Denominator.ToString(),
                        fraction = r.Percent.ToString(), percent = r.Percent.ToPercentString(6),
                        lines = r.Lines.Select(l => new { holder = l.HolderId, what = l.What, shares = l.Shares.ToString(), acquirable = l.Acquirable }),
                    }),
                    alerts = alerts.Select(a => new
                    {
                        person = a.PersonId, label = a.PersonLabel, members = a.Members, causedBySequence = a.CausedBySequence, causedBy = a.CausedBy,
                        eventOn = DisclosureText.Iso(a.EventOn), percentBefore = a.PercentBefore.ToString(), percentAfter = a.PercentAfter.ToString(),
                        percent = a.PercentAfter.ToPercentString(6), owned = a.Owned.ToString(), form = a.Form, status = Proviso.Application.Yaml.Node.Kebab(a.Status.ToString()),
                        reason = a.Reason, deadline = DeadlineJson.Deadline(a.Deadline),
                    }),
                });
            }
            else
            {
                Console.Out.Write(DisclosureText.Ownership(d.Ledger.Timeline.Latest.CompanyName ?? d.Ledger.CompanyId, table, alerts));
            }

            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
