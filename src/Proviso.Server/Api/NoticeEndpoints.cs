using NodaTime;
using NodaTime.Text;
using Proviso.Application;
using Proviso.Application.Access;
using Proviso.Application.Consortium;
using Proviso.Application.Transfers;
using Proviso.Domain.Agreements.Consortium;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Server.Notices;
using Proviso.Storage;

namespace Proviso.Server.Api;

/// <summary>
/// The notices as documents (point 4): the Transfer Notice, election, over-allotment and co-sale notices of a transfer
/// process, and consortium consent requests, each as text/html or application/pdf. A holder-role caller gets only the
/// notices addressed to it or given by it.
/// </summary>
public sealed class NoticeEndpoints : IApiModule
{
    public void Map(RouteGroupBuilder api)
    {
        api.MapGet("/companies/{companyId}/transfers/{processId}/notices/{kind}.{format}", TransferNotice)
            .WithTags("Notices").WithSummary("A transfer process's notice (transfer-notice, election, over-allotment, co-sale; ?holder= for the last three) as html or pdf");
        api.MapGet("/companies/{companyId}/consortium/consent-request.{format}", ConsentRequest)
            .WithTags("Notices").WithSummary("A consortium consent request for an act of a member (?member=&action=&at=&fact=&counterparty=&agreement=) as html or pdf");
    }

    private static async Task<IResult> TransferNotice(HttpContext http, string companyId, string processId, string kind, string format, string? holder, AccessService access, IEventStore store, IClock clock)
    {
        if (format is not ("html" or "pdf")) return Problems.NotFound($"Notices come as .html or .pdf, not .{format}.");
        if (!TransferNotices.TryKind(kind, out var k)) return Problems.NotFound($"There is no notice '{kind}'; use transfer-notice, election, over-allotment or co-sale.");
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return problem!;
        var only = c.Caller.OnlyHolder;
        if (only is not null)
        {
            var p = TransferIndex.Of(c.Ledger).Find(processId);
            var addressedToIt = p is not null && (p.TransferorId == only
                || (k == TransferNoticeKind.TransferNotice ? p.ReceiptOf(only) is not null : holder == only));
            if (!addressedToIt) return Problems.Forbidden($"A holder sees only the notices it gave or that are addressed to it; this one is not ({only}).");
        }
        var (notice, why) = TransferNotices.Build(c.Ledger, processId, k, holder, only);
        if (notice is null) return Problems.NotFound(why!);
        return Respond(notice, format, companyId, clock);
    }

    private static async Task<IResult> ConsentRequest(HttpContext http, string companyId, string format, string? member, string? action, string? at, string[]? fact, string? counterparty, string? agreement,
        AccessService access, IEventStore store, IClock clock)
    {
        if (format is not ("html" or "pdf")) return Problems.NotFound($"Notices come as .html or .pdf, not .{format}.");
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return problem!;
        if (string.IsNullOrWhiteSpace(member) || string.IsNullOrWhiteSpace(action)) return Problems.BadInput("member and action are required, e.g. ?member=cvc&action=transfer-securities");
        ConsortiumView view;
        try
        {
            view = ConsortiumLedger.Load(c.Ledger.Timeline, agreement);
        }
        catch (InputException ex)
        {
            return Problems.NotFound(ex.Message);
        }
        var who = view.State.MemberOrHolder(member);
        if (who is null) return Problems.BadInput($"member: '{member}' is not a member of {view.Agreement.Id} (members: {string.Join(", ", view.State.Members.Select(m => m.Id))})");
        if (c.Caller.OnlyHolder is { } only && who.HolderId != only) return Problems.Forbidden($"A holder may request consents only for its own acts ({only}).");
        if (!view.Terms.Actions.ContainsKey(action)) return Problems.BadInput($"action: '{action}' is not an action of {view.Agreement.Id}; known: {string.Join(", ", view.Terms.Actions.Keys)}");
        Instant instant;
        if (string.IsNullOrWhiteSpace(at)) instant = clock.GetCurrentInstant();
        else if (OffsetDateTimePattern.ExtendedIso.Parse(at) is { Success: true } o) instant = o.Value.ToInstant();
        else if (InstantPattern.ExtendedIso.Parse(at) is { Success: true } u) instant = u.Value;
        else return Problems.BadInput($"at: expected a moment with its offset, e.g. 2026-12-22T23:59:59+08:00, found '{at}'");
        var facts = (fact ?? []).SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
        var date = instant.InZone(view.State.Zone).Date;
        var groups = view.Agreement.Affiliate.Groups(view.Agreement, view.Timeline.AsOf(date), date);
        var assessment = ActionPermission.Assess(view.State, new ProposedAction(who.Id, action, instant, facts, string.IsNullOrWhiteSpace(counterparty) ? null : counterparty), groups);
        var (notice, why) = ConsortiumConsentRequests.Build(view, c.Ledger.Timeline.Latest.CompanyName ?? companyId, assessment, view.State.Zone);
        if (notice is null) return Problems.Refused("RequestConsent", [new Proviso.Domain.Ledger.Rejection("consortium.no-consent-to-request", why!, assessment.Reasons.LastOrDefault()?.Citation)]);
        return Respond(notice, format, companyId, clock);
    }

    /// <summary>The notice as HTML, or as a PDF dated now by the server's clock.</summary>
    private static IResult Respond(NoticeDocument notice, string format, string companyId, IClock clock)
    {
        if (format != "pdf") return Results.Content(NoticeHtml.Render(notice, companyId), "text/html; charset=utf-8");
        return Results.File(NoticePdf.Render(notice, clock.GetCurrentInstant().ToDateTimeOffset()), "application/pdf", notice.FileName + ".pdf");
    }
}
