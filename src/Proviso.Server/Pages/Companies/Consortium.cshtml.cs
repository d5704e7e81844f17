using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using Proviso.Application;
using Proviso.Application.Access;
using Proviso.Application.Consortium;
using Proviso.Domain.Agreements.Consortium;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register.Views;
using Proviso.Storage;

namespace Proviso.Server.Pages.Companies;

/// <summary>The consortium: members and commitments, the Exclusivity Period with its countdown, "may this member do this?", and cost allocation by outcome.</summary>
public sealed class ConsortiumModel(IEventStore store, AccessService access, IClock clock) : CompanyPageModel(store, access)
{
    public IReadOnlyList<string> AgreementIds { get; private set; } = [];
    public ConsortiumView? View { get; private set; }
    public string? Problem { get; private set; }
    public Instant Now { get; private set; }
    public Instant At { get; private set; }
    public LocalDate AsOf { get; private set; }
    public ExclusivityPeriod? Exclusivity { get; private set; }
    public Termination? Terminated { get; private set; }
    public Termination? ScheduledEnd { get; private set; }
    public CommittedEquityTable? Equity { get; private set; }
    public GroupShareholding? Holding { get; private set; }
    public IReadOnlyList<Proviso.Domain.Time.Deadline> OpenDeadlines { get; private set; } = [];

    // "May this member do this?"
    public string? Member { get; private set; }
    public string? ActionId { get; private set; }
    public string? CheckAt { get; private set; }
    public HashSet<string> Facts { get; private set; } = new(StringComparer.Ordinal);
    public string? Counterparty { get; private set; }
    public ActionAssessment? Assessment { get; private set; }
    public string? CheckProblem { get; private set; }

    // Costs
    public string Outcome { get; private set; } = "failed";
    public string? Breaching { get; private set; }
    public string? Price { get; private set; }
    public CostReport? Costs { get; private set; }
    public string? CostProblem { get; private set; }

    public DateTimeZone Zone => View?.State.Zone ?? DateTimeZone.Utc;

    public async Task<IActionResult> OnGetAsync(string? agreement, string? asOf, string? member, string? action, string? at, string[]? fact, string? counterparty, string? outcome, string? breaching, string? price)
    {
        if (await LoadAsync(Need.Read) is { } stop) return stop;
        Now = clock.GetCurrentInstant();
        AgreementIds = ConsortiumLedger.AgreementIds(Ledger.Timeline);
        try
        {
            View = ConsortiumLedger.Load(Ledger.Timeline, agreement ?? AgreementIds.FirstOrDefault());
        }
        catch (InputException ex)
        {
            Problem = ex.Message;
            return Page();
        }
        var s = View.State;
        AsOf = asOf is not null && LocalDatePattern.Iso.Parse(asOf) is { Success: true } d ? d.Value : Now.InZone(s.Zone).Date;
        At = asOf is null ? Now : ConsortiumStatus.EndOf(s, AsOf);
        Exclusivity = ExclusivityPeriod.Of(s);
        Terminated = ConsortiumTermination.At(s, At);
        ScheduledEnd = Terminated is null ? ConsortiumTermination.Scheduled(s) : null;
        try { Equity = CommittedEquity.Compute(s, null); } catch (ArgumentException) { Equity = null; }
        Holding = ConsortiumShareholding.Of(s, View.Timeline.AsOf(AsOf), AsOf, View.Agreement.Affiliate.Kinds, View.Agreement.Affiliate.Citation);
        OpenDeadlines = ConsortiumAgenda.OpenDeadlines(s, At).ToList();

        Member = member ?? (Caller.OnlyHolder is { } own ? s.Members.FirstOrDefault(m => m.HolderId == own)?.Id : s.Members.FirstOrDefault()?.Id);
        ActionId = action ?? View.Terms.Actions.Keys.FirstOrDefault();
        CheckAt = at;
        Facts = (fact ?? []).ToHashSet(StringComparer.Ordinal);
        Counterparty = string.IsNullOrWhiteSpace(counterparty) ? null : counterparty.Trim();
        if (member is not null && action is not null) Check();

        Outcome = outcome is "closed" or "failed" or "breach" ? outcome : "failed";
        Breaching = breaching;
        Price = price;
        if (outcome is not null) ComputeCosts();
        return Page();
    }

    private void Check()
    {
        var s = View!.State;
        if (!View.Terms.Actions.ContainsKey(ActionId!)) { CheckProblem = $"'{ActionId}' is not an action of {View.Agreement.Id}."; return; }
        if (s.MemberOrHolder(Member!) is not { } m) { CheckProblem = $"'{Member}' is not a member of {View.Agreement.Id}."; return; }
        Instant instant;
        if (string.IsNullOrWhiteSpace(CheckAt)) instant = Now;
        else if (OffsetDateTimePattern.ExtendedIso.Parse(CheckAt.Trim()) is { Success: true } o) instant = o.Value.ToInstant();
        else if (LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm").Parse(CheckAt.Trim()) is { Success: true } l) instant = l.Value.InZoneLeniently(s.Zone).ToInstant();
        else { CheckProblem = $"When: expected e.g. 2026-12-22T23:59:59+08:00; found '{CheckAt}'."; return; }
        var date = instant.InZone(s.Zone).Date;
        var groups = View.Agreement.Affiliate.Groups(View.Agreement, View.Timeline.AsOf(date), date);
        try
        {
            Assessment = ActionPermission.Assess(s, new ProposedAction(m.Id, ActionId!, instant, Facts, Counterparty), groups);
        }
        catch (ArgumentException ex)
        {
            CheckProblem = ex.Message;
        }
    }

    private void ComputeCosts()
    {
        var o = Outcome switch { "closed" => TransactionOutcome.Closed, "breach" => TransactionOutcome.FailedByBreach, _ => TransactionOutcome.FailedWithoutBreach };
        var names = (Breaching ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (o != TransactionOutcome.FailedByBreach) names = [];
        Money? perShare = null;
        if (!string.IsNullOrWhiteSpace(Price))
        {
            if (!Money.TryParse(Price, out var m)) { CostProblem = $"Price per share: expected e.g. 'USD 1.25'; found '{Price}'."; return; }
            perShare = m;
        }
        try
        {
            Costs = ExpenseSharing.Compute(View!.State, o, names, perShare);
        }
        catch (ArgumentException ex)
        {
            CostProblem = ex.Message;
        }
    }

    public string Moment(Instant at) => ConsortiumText.Moment(at, Zone);

    /// <summary>The facts that can matter to the chosen action's carve-outs.</summary>
    public IReadOnlyList<Carveout> Carveouts => ActionId is not null && View?.Terms.Actions.TryGetValue(ActionId, out var r) == true ? r.Carveouts : [];

    public string ConsentRequestQuery(string format)
    {
        var q = new List<string> { $"member={Uri.EscapeDataString(Assessment!.MemberId)}", $"action={Uri.EscapeDataString(Assessment.Action)}", $"at={Uri.EscapeDataString(OffsetDateTimePattern.Rfc3339.Format(Assessment.At.InZone(Zone).ToOffsetDateTime()))}" };
        q.AddRange(Facts.Select(f => $"fact={Uri.EscapeDataString(f)}"));
        if (Counterparty is not null) q.Add($"counterparty={Uri.EscapeDataString(Counterparty)}");
        if (View is not null) q.Add($"agreement={Uri.EscapeDataString(View.Agreement.Id)}");
        return $"/api/companies/{CompanyId}/consortium/consent-request.{format}?{string.Join("&", q)}";
    }

    public static string Join(IReadOnlyList<Money> amounts) => amounts.Count == 0 ? "—" : string.Join(" + ", amounts.Select(a => a.ToString()));
}
