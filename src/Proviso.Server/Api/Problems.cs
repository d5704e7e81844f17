using Microsoft.AspNetCore.Mvc;
using Proviso.Domain.Ledger;

namespace Proviso.Server.Api;

/// <summary>Every error the API returns: RFC 9457 problem details, with the refusing rule and its citation where a rule refused.</summary>
public static class Problems
{
    private const string Base = "https://proviso.example/problems/";

    public static IResult BadInput(string detail) => Problem(400, "Bad input", detail, "bad-input");

    public static IResult Forbidden(string detail) => Problem(403, "Forbidden", detail, "forbidden");

    public static IResult Unauthenticated() => Problem(401, "Not signed in", "Sign in, or send an API token as 'Authorization: Bearer …'.", "unauthenticated");

    public static IResult NotFound(string detail) => Problem(404, "Not found", detail, "not-found");

    public static IResult Stale(string expected, long actual) =>
        Problem(412, "Precondition failed", $"The company's ledger is at version {actual}, not {expected}; reload and try again.", "stale", new() { ["currentVersion"] = actual });

    public static IResult Conflict(long expected, long actual) =>
        Problem(409, "Conflict", $"Another writer moved the ledger from version {expected} to {actual}; nothing was written.", "conflict", new() { ["currentVersion"] = actual });

    /// <summary>A rule refused the command: 422, each reason with its rule id, message and citation; nothing was written.</summary>
    public static IResult Refused(string command, IReadOnlyList<Rejection> reasons) =>
        Problem(422, "Refused by a rule", reasons.Count > 0 ? reasons[0].Message : "refused", "refused", new()
        {
            ["command"] = command,
            ["rule"] = reasons.Count > 0 ? reasons[0].RuleId : null,
            ["citation"] = reasons.Count > 0 ? reasons[0].Citation?.ToString() : null,
            ["reasons"] = reasons.Select(r => new { rule = r.RuleId, message = r.Message, citation = r.Citation?.ToString() }).ToList(),
        });

    private static IResult Problem(int status, string title, string detail, string type, Dictionary<string, object?>? extensions = null) =>
        Results.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail, Type = Base + type, Extensions = extensions ?? new() });
}
