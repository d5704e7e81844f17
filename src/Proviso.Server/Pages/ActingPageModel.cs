using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using Proviso.Application;
using Proviso.Application.Access;
using Proviso.Application.Ledgers;
using Proviso.Domain.Ledger;
using Proviso.Storage;

namespace Proviso.Server.Pages;

/// <summary>A rule's refusal as a page shows it: the command, and each reason with its rule id and citation.</summary>
public sealed record RefusalView(string Command, IReadOnlyList<Rejection> Reasons);

/// <summary>
/// A company page that records steps: runs commands through the same application layer as the API
/// (<see cref="CompanyCommands.ExecuteAsync"/>, the caller as actor, the version read as the expected version), then
/// redirects (post/redirect/get) with a message, or stays on the page showing the refusal with its rule and citation.
/// </summary>
public abstract class ActingPageModel(IEventStore store, AccessService access, IClock clock) : CompanyPageModel(store, access)
{
    protected IClock Clock { get; } = clock;

    public Instant Now { get; protected set; }

    /// <summary>A refusal to show (nothing was recorded).</summary>
    public RefusalView? Refusal { get; protected set; }

    /// <summary>A problem with the form's input (nothing was recorded).</summary>
    public string? InputError { get; protected set; }

    [TempData]
    public string? Done { get; set; }

    /// <summary>Whether the caller may record steps for <paramref name="holderId"/> (any holder when null).</summary>
    public bool MayActFor(string? holderId) => AccessService.Decide(Caller.User, CompanyId, Need.Act, holderId).Allowed
                                               && (holderId is not null || Caller.OnlyHolder is null);

    /// <summary>Runs <paramref name="commands"/> as one atomic batch; null when refused or bad input (render the page), else a redirect.</summary>
    protected async Task<IActionResult?> RunAsync(IReadOnlyList<object> commands, string done, string redirectTo)
    {
        if (commands.Count == 0)
        {
            InputError = "Nothing to record: choose at least one action.";
            return null;
        }
        try
        {
            var actor = new Actor(Caller.User.Username, Clock.GetCurrentInstant());
            var outcome = await CompanyCommands.ExecuteAsync(Store, CompanyId, commands.Select(c => (c, (string?)null, (string?)"web")).ToList(), actor, Ledger.Version, HttpContext.RequestAborted);
            switch (outcome)
            {
                case CommandOutcome.Recorded r:
                    Done = $"{done} (ledger entries {r.Entries[0].Sequence}–{r.Entries[^1].Sequence}).";
                    return Redirect(redirectTo);
                case CommandOutcome.AlreadyRecorded:
                    Done = "Already recorded; nothing changed.";
                    return Redirect(redirectTo);
                case CommandOutcome.Refused f:
                    Refusal = new RefusalView(f.CommandName, f.Reasons);
                    return null;
                case CommandOutcome.Conflicted c:
                    InputError = $"Someone else recorded a step meanwhile (the ledger moved from version {c.Expected} to {c.Actual}); nothing was written. Review the page and try again.";
                    return null;
                default:
                    throw new InvalidOperationException("unknown outcome");
            }
        }
        catch (InputException ex)
        {
            InputError = ex.Message;
            return null;
        }
    }

    /// <summary>
    /// "When it happened": blank for now; else a moment with its offset (2020-12-02T16:30:00+08:00) or in UTC (…Z). The
    /// effective date is the local date in the offset given (UTC for now), as on the command line.
    /// </summary>
    protected bool TryWhen(string? text, string field, out Instant at, out LocalDate on)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            at = Clock.GetCurrentInstant();
            on = at.InUtc().Date;
            return true;
        }
        var r = OffsetDateTimePattern.ExtendedIso.Parse(text.Trim());
        if (r.Success)
        {
            at = r.Value.ToInstant();
            on = r.Value.Date;
            return true;
        }
        var u = InstantPattern.ExtendedIso.Parse(text.Trim());
        if (u.Success)
        {
            at = u.Value;
            on = at.InUtc().Date;
            return true;
        }
        at = default;
        on = default;
        InputError = $"{field}: expected a moment with its offset, e.g. 2020-12-02T16:30:00+08:00, or blank for now; found '{text}'.";
        return false;
    }

    /// <summary>An optional moment (blank: none).</summary>
    protected bool TryOptionalMoment(string? text, string field, out Instant? at)
    {
        at = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!TryWhen(text, field, out var x, out _)) return false;
        at = x;
        return true;
    }
}
