using NodaTime;
using NodaTime.Text;
using Proviso.Application;
using Proviso.Application.Access;
using Proviso.Application.Consortium;
using Proviso.Application.Ledgers;
using Proviso.Domain.Agreements.Consortium;
using Proviso.Domain.Quantities;
using Proviso.Storage;

namespace Proviso.Server.Api;

/// <summary>
/// The consortium agreement recorded for a company (docs/consortium.md, docs/api.md "Consortium"): status, whether a
/// member may do something at a moment, costs by outcome, deadlines and shareholding; and one POST per consortium
/// command, each recorded through <see cref="ApiContext.ExecuteAsync"/> (If-Match, Idempotency-Key, 422 citing the rule).
/// <para>Roles: counsel and company admins record for anyone. A holder whose register holder is a consortium member
/// reads the consortium and records only that member's own acts (its consents, commitment, approaches, expenses paid,
/// cessation), at the server's clock; a holder that is not a member gets 403.</para>
/// </summary>
public sealed class ConsortiumEndpoints : IApiModule
{
    /// <inheritdoc />
    public void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/companies/{companyId}/consortium").WithTags("Consortium");
        g.MapGet("", Status).WithSummary("Members, commitments, the Exclusivity Period, termination, open deadlines and shareholding, as of a date");
        g.MapGet("/check", Check).WithSummary("May a member do this, at this moment? Allowed, allowed with a named consent, or prohibited, with citations");
        g.MapGet("/costs", Costs).WithSummary("Who bears what under Art. III if the Transaction closes, fails, or fails through a breach");
        g.MapGet("/deadlines", Deadlines).WithSummary("Open deadlines: end of exclusivity, end of confidentiality, approaches to notify");
        g.MapGet("/shareholding", Shareholding).WithSummary("The members' Beneficial Ownership of Company Shares and the combined percentage");
        g.MapPost("/consents", (HttpContext h, string companyId, AccessService a, IEventStore s, IClock c) => RunAsync(h, companyId, a, s, c, (b, st, at) =>
        {
            b.AllowOnly("agreement", "id", "by", "for", "action", "written", "reference", "at");
            var by = b.String("by");
            return (new GiveConsortiumConsent(b.String("id"), by, b.String("for"), b.String("action"), b.Bool("written"), b.OptionalString("reference")), HolderOf(st, by));
        })).WithSummary("Record a consent given by one member to another for an act");
        g.MapPost("/expenses", (HttpContext h, string companyId, AccessService a, IEventStore s, IClock c) => RunAsync(h, companyId, a, s, c, (b, st, at) =>
        {
            b.AllowOnly("agreement", "id", "paidBy", "kind", "payee", "amount", "approved", "description", "incurredOn", "at");
            var paidBy = b.OptionalString("paidBy");
            var command = new RecordExpense(b.String("id"), paidBy, b.Enum<ExpenseKind>("kind"), b.String("payee"), b.Money("amount"), b.Bool("approved"), b.OptionalString("description"),
                b.OptionalDate("incurredOn") ?? at.InZone(st.Zone).Date);
            return (command, paidBy is null ? null : HolderOf(st, paidBy));
        })).WithSummary("Record a cost incurred (Art. III)");
        g.MapPost("/commitments", (HttpContext h, string companyId, AccessService a, IEventStore s, IClock c) => RunAsync(h, companyId, a, s, c, (b, st, at) =>
        {
            b.AllowOnly("agreement", "member", "equity", "rolloverShares", "reference", "at");
            var member = b.String("member");
            return (new RecordCommitment(member, b.OptionalMoney("equity"), b.Has("rolloverShares") ? b.Shares("rolloverShares") : ShareCount.Zero, b.OptionalString("reference")), HolderOf(st, member));
        })).WithSummary("Record a member's equity commitment and/or rollover shares (s.1.03(b))");
        g.MapPost("/admissions", (HttpContext h, string companyId, AccessService a, IEventStore s, IClock c) => RunAsync(h, companyId, a, s, c, (b, st, at) =>
        {
            b.AllowOnly("agreement", "member", "name", "holder", "deed", "decidedBy", "at");
            return (new AdmitAdditionalSponsor(b.String("member"), b.String("name"), b.OptionalString("holder"), b.String("deed"), b.String("decidedBy")), null);
        })).WithSummary("Admit an Additional Sponsor by a Deed of Adherence (s.1.02); counsel and admins");
        g.MapPost("/approaches", (HttpContext h, string companyId, AccessService a, IEventStore s, IClock c) => RunAsync(h, companyId, a, s, c, (b, st, at) =>
        {
            b.AllowOnly("agreement", "id", "member", "from", "nature", "at");
            var member = b.String("member");
            return (new RecordCompetingApproach(b.String("id"), member, b.String("from"), b.String("nature")), HolderOf(st, member));
        })).WithSummary("Record that a member received an approach about a Competing Proposal");
        g.MapPost("/approaches/{approachId}/notification", (HttpContext h, string companyId, string approachId, AccessService a, IEventStore s, IClock c) => RunAsync(h, companyId, a, s, c, (b, st, at) =>
        {
            b.AllowOnly("agreement", "copiesProvided", "at");
            var approach = st.Approaches.FirstOrDefault(x => x.Id == approachId);
            return (new NotifyCompetingApproach(approachId, b.Bool("copiesProvided")), approach is null ? null : HolderOf(st, approach.MemberId));
        })).WithSummary("Record that a member notified the others of an approach");
        g.MapPost("/definitive-agreement", (HttpContext h, string companyId, AccessService a, IEventStore s, IClock c) => RunAsync(h, companyId, a, s, c, (b, st, at) =>
        {
            b.AllowOnly("agreement", "reference", "at");
            return (new RecordDefinitiveAgreement(b.OptionalString("reference")), null);
        })).WithSummary("Record the execution of the Definitive Agreement; counsel and admins");
        g.MapPost("/termination", (HttpContext h, string companyId, AccessService a, IEventStore s, IClock c) => RunAsync(h, companyId, a, s, c, (b, st, at) =>
        {
            b.AllowOnly("agreement", "ground", "signedBy", "how", "at");
            var ground = b.String("ground");
            ConsortiumCommand command = ground switch
            {
                "mutual-agreement" => b.Has("how") ? throw new BodyException("how", "belongs to the ground company-ceased-negotiating")
                    : b.Strings("signedBy") is { Count: > 0 } signed ? new TerminateByMutualAgreement(signed) : throw new BodyException("signedBy", "list the members who signed the written agreement (s.5.01(c))"),
                "company-ceased-negotiating" => b.Has("signedBy") ? throw new BodyException("signedBy", "belongs to the ground mutual-agreement")
                    : new RecordCompanyCeasedNegotiating(b.String("how")),
                _ => throw new BodyException("ground", $"expected mutual-agreement (s.5.01(c)) or company-ceased-negotiating (s.5.01(b)(ii)), found '{ground}'"),
            };
            return (command, null);
        })).WithSummary("Terminate by mutual written agreement (s.5.01(c)) or record that the Company ceased to negotiate (s.5.01(b)(ii)); counsel and admins");
        g.MapPost("/cessations", (HttpContext h, string companyId, AccessService a, IEventStore s, IClock c) => RunAsync(h, companyId, a, s, c, (b, st, at) =>
        {
            b.AllowOnly("agreement", "member", "ground", "initialSponsorAgreement", "at");
            var member = b.String("member");
            return (new CeaseParticipation(member, b.Enum<CessationGround>("ground"), b.OptionalString("initialSponsorAgreement")), HolderOf(st, member));
        })).WithSummary("A member ceases its participation (s.5.01(a))");
        g.MapPost("/breaches", (HttpContext h, string companyId, AccessService a, IEventStore s, IClock c) => RunAsync(h, companyId, a, s, c, (b, st, at) =>
        {
            b.AllowOnly("agreement", "member", "clause", "description", "at");
            return (new RecordBreach(b.String("member"), b.String("clause"), b.String("description")), null);
        })).WithSummary("Record a member's breach of the Agreement; counsel and admins");
        g.MapPost("/break-fees", (HttpContext h, string companyId, AccessService a, IEventStore s, IClock c) => RunAsync(h, companyId, a, s, c, (b, st, at) =>
        {
            b.AllowOnly("agreement", "id", "amount", "description", "at");
            return (new RecordBreakFee(b.String("id"), b.Money("amount"), b.String("description")), null);
        })).WithSummary("Record a break fee received by Holdco; counsel and admins");
        g.MapPost("/valuation", (HttpContext h, string companyId, AccessService a, IEventStore s, IClock c) => RunAsync(h, companyId, a, s, c, (b, st, at) =>
        {
            b.AllowOnly("agreement", "pricePerShare", "basis", "at");
            return (new RecordPerShareValuation(b.Money("pricePerShare"), b.String("basis")), null);
        })).WithSummary("Record the implied per-share valuation for rollover shares (s.1.03(b)); counsel and admins");
        g.MapPost("/closing", (HttpContext h, string companyId, AccessService a, IEventStore s, IClock c) => RunAsync(h, companyId, a, s, c, (b, st, at) =>
        {
            b.AllowOnly("agreement", "at");
            return (new RecordClosing(), null);
        })).WithSummary("Record the Closing of the Transaction; counsel and admins");
    }

    // ---- reads ----

    private static async Task<IResult> Status(HttpContext http, string companyId, string? agreement, string? asOf, AccessService access, IEventStore store, IClock clock)
    {
        var (view, problem) = await OpenAsync(http, companyId, agreement, access, store);
        if (view is null) return problem!;
        if (!ApiEndpoints.TryDate(asOf, clock, out var date)) return RequestBody.Bad("asOf", $"expected a date as yyyy-MM-dd, found '{asOf}'");
        return Results.Ok(ConsortiumStatus.Data(view, date, At(view, date, asOf, clock)));
    }

    private static async Task<IResult> Check(HttpContext http, string companyId, string? agreement, string? member, string? action, string? at, string[]? fact, string? counterparty,
        AccessService access, IEventStore store, IClock clock)
    {
        var (view, problem) = await OpenAsync(http, companyId, agreement, access, store);
        if (view is null) return problem!;
        if (string.IsNullOrWhiteSpace(member)) return RequestBody.Bad("member", $"is required: the member acting (members: {string.Join(", ", view.State.Members.Select(m => m.Id))})");
        if (view.State.MemberOrHolder(member) is null) return RequestBody.Bad("member", $"'{member}' is not a member of {view.Agreement.Id} (members: {string.Join(", ", view.State.Members.Select(m => m.Id))})");
        if (string.IsNullOrWhiteSpace(action) || !view.Terms.Actions.ContainsKey(action))
            return RequestBody.Bad("action", $"expected an action of {view.Agreement.Id} ({string.Join(", ", view.Terms.Actions.Keys)}), found '{action}'");
        Instant instant;
        if (string.IsNullOrEmpty(at)) instant = clock.GetCurrentInstant();
        else if (OffsetDateTimePattern.ExtendedIso.Parse(at) is { Success: true } r) instant = r.Value.ToInstant();
        else return RequestBody.Bad("at", $"expected a moment with its offset, e.g. 2026-12-22T23:59:59+08:00 (or UTC with Z), found '{at}'");
        var facts = (fact ?? []).SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
        var date = instant.InZone(view.State.Zone).Date;
        var register = view.Timeline.AsOf(date);
        var groups = view.Agreement.Affiliate.Groups(view.Agreement, register, date);
        var assessment = ActionPermission.Assess(view.State, new ProposedAction(member, action, instant, facts, counterparty), groups);
        return Results.Ok(ConsortiumOutputs.Assessment(assessment, view.State.Zone));
    }

    private static async Task<IResult> Costs(HttpContext http, string companyId, string? agreement, string? outcome, string[]? breaching, string? pricePerShare,
        AccessService access, IEventStore store)
    {
        var (view, problem) = await OpenAsync(http, companyId, agreement, access, store);
        if (view is null) return problem!;
        TransactionOutcome? o = outcome?.Trim().ToLowerInvariant() switch
        {
            "closed" => TransactionOutcome.Closed,
            "failed" => TransactionOutcome.FailedWithoutBreach,
            "breach" => TransactionOutcome.FailedByBreach,
            _ => null,
        };
        if (o is null) return RequestBody.Bad("outcome", $"expected closed (s.3.01(a)), failed (s.3.01(b)) or breach (s.3.01(c)), found '{outcome}'");
        Money? perShare = null;
        if (pricePerShare is not null)
        {
            if (!Money.TryParse(pricePerShare, out var m)) return RequestBody.Bad("pricePerShare", $"expected money such as 'USD 1.25', found '{pricePerShare}'");
            perShare = m;
        }
        var names = (breaching ?? []).SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (o != TransactionOutcome.FailedByBreach && names.Count > 0) return RequestBody.Bad("breaching", "applies only to outcome=breach");
        try
        {
            return Results.Ok(ConsortiumOutputs.Costs(ExpenseSharing.Compute(view.State, o.Value, names, perShare)));
        }
        catch (ArgumentException ex)
        {
            return Problems.BadInput(ex.Message);
        }
    }

    private static async Task<IResult> Deadlines(HttpContext http, string companyId, string? agreement, string? asOf, AccessService access, IEventStore store, IClock clock)
    {
        var (view, problem) = await OpenAsync(http, companyId, agreement, access, store);
        if (view is null) return problem!;
        if (!ApiEndpoints.TryDate(asOf, clock, out var date)) return RequestBody.Bad("asOf", $"expected a date as yyyy-MM-dd, found '{asOf}'");
        var at = At(view, date, asOf, clock);
        return Results.Ok(new
        {
            agreement = view.Agreement.Id,
            asOf = InstantPattern.ExtendedIso.Format(at),
            deadlines = ConsortiumAgenda.OpenDeadlines(view.State, at).Select(d => d.ToData()).ToList(),
        });
    }

    private static async Task<IResult> Shareholding(HttpContext http, string companyId, string? agreement, string? asOf, AccessService access, IEventStore store, IClock clock)
    {
        var (view, problem) = await OpenAsync(http, companyId, agreement, access, store);
        if (view is null) return problem!;
        if (!ApiEndpoints.TryDate(asOf, clock, out var date)) return RequestBody.Bad("asOf", $"expected a date as yyyy-MM-dd, found '{asOf}'");
        var holding = ConsortiumShareholding.Of(view.State, view.Timeline.AsOf(date), date, view.Agreement.Affiliate.Kinds, view.Agreement.Affiliate.Citation);
        return Results.Ok(ConsortiumStatus.Holding(holding));
    }

    /// <summary>The moment an as-of date is read at: the end of that day in the consortium's zone; without a date, now.</summary>
    private static Instant At(ConsortiumView view, LocalDate date, string? asOf, IClock clock) =>
        string.IsNullOrEmpty(asOf) ? clock.GetCurrentInstant() : ConsortiumStatus.EndOf(view.State, date);

    /// <summary>Signed in, the company visible, the consortium found; a holder only if its holder is a member.</summary>
    private static async Task<(ConsortiumView? View, IResult? Problem)> OpenAsync(HttpContext http, string companyId, string? agreement, AccessService access, IEventStore store)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return (null, problem);
        var (view, missing) = Load(c.Ledger, agreement);
        if (view is null) return (null, missing);
        if (c.Caller.OnlyHolder is { } h && !view.State.Members.Any(m => m.HolderId == h))
            return (null, Problems.Forbidden($"Holder '{h}' is not a party to {view.Agreement.Id}; a holder sees a consortium it is a member of."));
        return (view, null);
    }

    private static (ConsortiumView? View, IResult? Problem) Load(CompanyLedger ledger, string? agreement)
    {
        if (ConsortiumLedger.AgreementIds(ledger.Timeline).Count == 0)
            return (null, Problems.NotFound($"No consortium agreement is recorded for '{ledger.CompanyId}'."));
        try
        {
            return (ConsortiumLedger.Load(ledger.Timeline, agreement), null);
        }
        catch (InputException ex)
        {
            return (null, RequestBody.Bad("agreement", ex.Message));
        }
    }

    /// <summary>The register holder a member (or holder id) stands for, or a marker no holder matches when it has none.</summary>
    private static string HolderOf(ConsortiumState state, string memberOrHolder) =>
        state.MemberOrHolder(memberOrHolder)?.HolderId ?? $"(consortium member '{memberOrHolder}' without a register holder)";

    /// <summary>
    /// The write path of every consortium command: signed in, the company visible, a role that records steps (a viewer
    /// gets 403); the body read (400 naming the field); a holder only for its own member (403); then
    /// <see cref="ApiContext.ExecuteAsync"/>.
    /// </summary>
    private static async Task<IResult> RunAsync(HttpContext http, string companyId, AccessService access, IEventStore store, IClock clock,
        Func<RequestBody, ConsortiumState, Instant, (ConsortiumCommand Command, string? ActingFor)> build)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Act);
        if (c is null) return problem!;
        var (body, bad) = await RequestBody.ReadAsync(http);
        if (body is null) return bad!;
        try
        {
            var (view, missing) = Load(c.Ledger, body.OptionalString("agreement"));
            if (view is null) return missing!;
            var (at, _) = TransferEndpoints.When(body, c.Caller.OnlyHolder, clock);
            var (command, actingFor) = build(body, view.State, at);
            if (c.Caller.OnlyHolder is not null)
            {
                if (actingFor is null) return Problems.Forbidden("Counsel or a company admin records this; a holder records only its own member's consents, commitment, approaches, expenses and cessation.");
                var decision = AccessService.Decide(c.Caller.User, companyId, Need.Act, actingFor);
                if (!decision.Allowed) return Problems.Forbidden(decision.Reason);
            }
            return await ApiContext.ExecuteAsync(http, store, c, [command with { AgreementId = view.Agreement.Id, At = at }], clock);
        }
        catch (BodyException ex)
        {
            return ex.Problem();
        }
        catch (InputException ex)
        {
            return Problems.BadInput(ex.Message);
        }
    }
}
