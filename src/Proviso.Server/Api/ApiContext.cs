using Proviso.Application;
using Proviso.Application.Access;
using Proviso.Application.Ledgers;
using Proviso.Server.Auth;
using Proviso.Storage;

namespace Proviso.Server.Api;

/// <summary>
/// The checks every company endpoint makes, in order: signed in, the company exists, the caller may do this. Hands the
/// endpoint the caller and the company's ledger, or the problem to return.
/// </summary>
public static class ApiContext
{
    public sealed record Company(Caller Caller, CompanyLedger Ledger)
    {
        public string ETag => $"\"v{Ledger.Version}\"";
    }

    public static async Task<(Company? Company, IResult? Problem)> OpenAsync(HttpContext http, IEventStore store, AccessService access, string companyId, Need need, string? actingFor = null)
    {
        var caller = await CompanyAccess.CheckAsync(http, access, companyId, need, actingFor);
        if (caller is null) return (null, Problems.Unauthenticated());
        if (!caller.User.IsAdministrator && !caller.User.Grants.ContainsKey(companyId))
            return (null, Problems.NotFound($"There is no company '{companyId}' you have access to.")); // no probing across companies
        var ledger = await CompanyLedger.LoadAsync(store, companyId, http.RequestAborted);
        if (!ledger.Exists) return (null, Problems.NotFound($"There is no company '{companyId}'."));
        if (!caller.Decision.Allowed) return (null, Problems.Forbidden(caller.Decision.Reason));
        http.Response.Headers.ETag = $"\"v{ledger.Version}\"";
        return (new Company(caller, ledger), null);
    }

    /// <summary>
    /// Runs commands for a company with the API's write semantics: If-Match must name the current version (412 if stale),
    /// an Idempotency-Key makes a retry change nothing, a refusal is 422 citing the rule.
    /// </summary>
    public static async Task<IResult> ExecuteAsync(HttpContext http, IEventStore store, Company company, IReadOnlyList<object> commands, NodaTime.IClock clock)
    {
        long? expected = null;
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != "*")
        {
            if (!ifMatch.StartsWith("\"v", StringComparison.Ordinal) || !long.TryParse(ifMatch.Trim('"')[1..], out var v))
                return Problems.BadInput($"If-Match must be an ETag this API issued, such as \"v{company.Ledger.Version}\"; found {ifMatch}");
            expected = v;
        }
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length > 200) return Problems.BadInput("Idempotency-Key is longer than 200 characters");
        // One write at a time per company in this server: decide on the ledger as it is now (the cached ledger, brought
        // up to date under the gate), so concurrent commands without If-Match are decided one after the other instead
        // of failing each other with 409; a writer elsewhere (the CLI, another server) still gives 409 or 412.
        using var _ = await http.RequestServices.GetRequiredService<CompanyWriteGate>().EnterAsync(company.Ledger.CompanyId, http.RequestAborted);
        var ledger = await CompanyLedger.LoadAsync(store, company.Ledger.CompanyId, http.RequestAborted);
        if (key.Length > 0)
        {
            var existing = ledger.Entries.Where(e => e.IdempotencyKey == $"api:{key}" || (e.IdempotencyKey?.StartsWith($"api:{key}#", StringComparison.Ordinal) ?? false)).ToList();
            if (existing.Count > 0) return Results.Ok(Recorded("already-recorded", existing, ledger.Version));
        }
        if (expected is { } ev && ev != ledger.Version) return Problems.Stale(ifMatch, ledger.Version);
        try
        {
            var list = commands.Select((c, i) => (c, key.Length == 0 ? null : (string?)(i == 0 ? $"api:{key}" : $"api:{key}#c{i}"), (string?)null)).ToList();
            var actor = new Actor(company.Caller.User.Username, clock.GetCurrentInstant());
            var outcome = await CompanyCommands.ExecuteAsync(store, ledger, list, actor, ledger.Version, http.RequestAborted);
            switch (outcome)
            {
                case CommandOutcome.Recorded r:
                    http.Response.Headers.ETag = $"\"v{r.Entries[^1].Sequence}\"";
                    return Results.Json(Recorded("recorded", r.Entries, r.Entries[^1].Sequence), statusCode: StatusCodes.Status201Created);
                case CommandOutcome.AlreadyRecorded a:
                    return Results.Ok(Recorded("already-recorded", a.Entries, ledger.Version));
                case CommandOutcome.Refused f:
                    return Problems.Refused(f.CommandName, f.Reasons);
                case CommandOutcome.Conflicted c:
                    return expected is null ? Problems.Conflict(c.Expected, c.Actual) : Problems.Stale(ifMatch, c.Actual);
                default:
                    throw new InvalidOperationException("unknown outcome");
            }
        }
        catch (InputException ex)
        {
            return Problems.BadInput(ex.Message);
        }
    }

    private static object Recorded(string outcome, IReadOnlyList<Proviso.Domain.Ledger.LedgerEntry> entries, long version) => new
    {
        outcome,
        version,
        entries = entries.Select(e => new { sequence = e.Sequence, eventType = e.EventType, effectiveOn = e.EffectiveOn?.ToString("yyyy-MM-dd", null), hash = e.Hash }),
    };
}

/// <summary>
/// One writer at a time per company in this server (a singleton): the API's commands for a company are decided and
/// appended one after the other. Holds one semaphore per company that has been written to (bounded by the companies
/// in the store); never held across anything but one decide-and-append.
/// </summary>
public sealed class CompanyWriteGate
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task<IDisposable> EnterAsync(string companyId, CancellationToken ct)
    {
        var gate = _gates.GetOrAdd(companyId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) gate.Release();
        }
    }
}
