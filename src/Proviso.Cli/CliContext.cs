using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;
using Proviso.Application;
using Proviso.Application.Ledgers;
using Proviso.Domain.Ledger;
using Proviso.Storage;
using Spectre.Console;

namespace Proviso.Cli;

/// <summary>
/// What every command shares: the --store option, the clock and actor, JSON output settings, and the one place where
/// expected failures become messages and exit codes (bad input 2, storage 4) instead of stack traces.
/// </summary>
public static class CliContext
{
    public static readonly Option<string?> Store = new("--store")
    {
        Description = "Where the ledger lives: a SQLite file path or a PostgreSQL connection string (default: $PROVISO_STORE, else ./proviso.db)",
        Recursive = true,
    };

    public static readonly Option<string?> ActorOption = new("--actor")
    {
        Description = "Who is recording (stored with every entry; default: $PROVISO_ACTOR, else $USER, else 'cli')",
        Recursive = true,
    };

    public static Option<bool> Json() => new("--json") { Description = "Write stable JSON (docs/cli.md) instead of tables" };

    public static readonly JsonSerializerOptions JsonOutput = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string StoreLocation(ParseResult p) =>
        p.GetValue(Store) ?? Environment.GetEnvironmentVariable("PROVISO_STORE") ?? "proviso.db";

    public static Actor ActorFor(ParseResult p) =>
        new(p.GetValue(ActorOption) ?? Environment.GetEnvironmentVariable("PROVISO_ACTOR") ?? Environment.GetEnvironmentVariable("USER") ?? "cli",
            SystemClock.Instance.GetCurrentInstant());

    public static LocalDate Today() => SystemClock.Instance.GetCurrentInstant().InUtc().Date;

    public static void WriteJson(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, value.GetType(), JsonOutput));

    public static int Error(string message, int code)
    {
        Console.Error.WriteLine($"proviso: {message}");
        return code;
    }

    /// <summary>Parses an ISO date option value, or reports where the problem is.</summary>
    public static LocalDate ParseDate(string text, string what)
    {
        var r = LocalDatePattern.Iso.Parse(text);
        return r.Success ? r.Value : throw new InputException(null, $"{what}: expected a date as yyyy-MM-dd, found '{text}'");
    }

    /// <summary>Runs a command body with the store open, turning expected failures into exit codes.</summary>
    public static async Task<int> RunAsync(ParseResult p, Func<IEventStore, Task<int>> body)
    {
        try
        {
            await using var store = EventStoreFactory.Open(StoreLocation(p));
            return await body(store);
        }
        catch (InputException ex)
        {
            return Error(ex.Message, ExitCodes.BadInput);
        }
        catch (StoreUnavailableException ex)
        {
            return Error(ex.Message, ExitCodes.Storage);
        }
        catch (LedgerFormatException ex)
        {
            return Error("the ledger holds an entry this version cannot read: " + ex.Message, ExitCodes.Storage);
        }
    }

    /// <summary>Prints a refused command's reasons, each with its rule id and citation.</summary>
    public static int Refused(CommandOutcome.Refused r, bool json)
    {
        if (json)
        {
            WriteJson(new
            {
                outcome = "refused",
                command = r.CommandName,
                source = r.Source,
                reasons = r.Reasons.Select(x => new { rule = x.RuleId, message = x.Message, citation = x.Citation?.ToString() }),
            });
        }
        else
        {
            Console.Error.WriteLine($"proviso: refused {r.CommandName}{(r.Source is null ? "" : $" ({r.Source})")}; nothing was written:");
            foreach (var reason in r.Reasons) Console.Error.WriteLine($"  - {reason}");
        }
        return ExitCodes.Rejected;
    }

    /// <summary>Tables for people: colour on a terminal; plain and 160 columns wide when piped to a file or another program.</summary>
    public static IAnsiConsole Out { get; } = CreateConsole();

    private static IAnsiConsole CreateConsole()
    {
        var redirected = Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            Interactive = InteractionSupport.No,
        });
        if (redirected) console.Profile.Width = 160;
        return console;
    }
}
