using Proviso.Application.Views;
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
            var (classId, table, alerts) = d.Ownership(date, p.GetValue(cls), input.Groups, input.Statuses);
            if (p.GetValue(json))
            {
                CliContext.WriteJson(new
                {
                    company = d.Ledger.CompanyId,
                    asOf = DisclosureText.Iso(date),
                    @class = classId,
                    outstanding = table.Outstanding.Value,
                    outstandingBasis = table.OutstandingBasis,
                    rows = DisclosureJson.OwnershipRows(table),
                    alerts = DisclosureJson.Alerts(alerts),
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
