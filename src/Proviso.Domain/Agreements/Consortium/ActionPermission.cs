using NodaTime;
using Proviso.Domain.Register.Views;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>The answer to "may this member do this, now?".</summary>
public enum Permission
{
    /// <summary>The Agreement does not stand in the way (or every consent it needs has been given).</summary>
    Allowed,

    /// <summary>Allowed only with the consents listed, which have not all been given.</summary>
    AllowedWithConsent,

    /// <summary>The Agreement forbids it.</summary>
    Prohibited,
}

/// <summary>An act a member proposes: which member, which act (an action id of the terms), when, and the facts that may bring it within a carve-out.</summary>
/// <param name="MemberId">The member acting (member id or register holder id).</param>
/// <param name="Action">The action id, e.g. "transfer-securities".</param>
/// <param name="At">When the member would act.</param>
/// <param name="Facts">Facts that matter to the carve-outs, e.g. "required-by-law", "external-fund-manager".</param>
/// <param name="Counterparty">The other party to the act (an assignee, a transferee), if any: a register holder id.</param>
public sealed record ProposedAction(string MemberId, string Action, Instant At, IReadOnlySet<string> Facts, string? Counterparty = null);

/// <summary>One consent the act needs, and whether it has been given in the form required.</summary>
/// <param name="PartyId">Whose consent.</param>
/// <param name="Name">Its name.</param>
/// <param name="Written">Whether the consent must be in writing.</param>
/// <param name="Prior">Whether it must be given before the act.</param>
/// <param name="Given">Whether a consent in the required form had been given by the moment of the act.</param>
/// <param name="ConsentId">The recorded consent that satisfies it, if any.</param>
/// <param name="Note">Why a recorded consent does or does not count.</param>
public sealed record RequiredConsent(string PartyId, string Name, bool Written, bool Prior, bool Given, string? ConsentId, string Note);

/// <summary>A reason in the assessment, with the clause it comes from.</summary>
public sealed record AssessmentReason(string Text, Citation Citation);

/// <summary>The assessment of a proposed act.</summary>
public sealed record ActionAssessment(
    string Action,
    string Title,
    string MemberId,
    Instant At,
    Permission Permission,
    IReadOnlyList<RequiredConsent> Consents,
    IReadOnlyList<string> Obligations,
    IReadOnlyList<AssessmentReason> Reasons,
    IReadOnlyList<string> Interpretations)
{
    /// <summary>Every citation the assessment relies on, distinct, in order.</summary>
    public IReadOnlyList<Citation> Citations => Reasons.Select(r => r.Citation).Distinct().ToList();
}

/// <summary>
/// "May a member do this?": applies a restricted act's rule from the terms (its window, requirement and carve-outs) to a
/// member at a moment, with the consents recorded in the ledger. The rules are data (the terms' <c>actions</c>); this is
/// the one evaluator for all of them. Among them: s.1.05(b) (no Transfer, voting arrangement or proxy, and no dealing
/// with a Competing Proposal, "without the written consent of the Initial Sponsor", within the Exclusivity Period, with
/// the carve-outs (x) and (y)); s.1.05(d)-(f) (the voting undertakings); s.1.06 (Reserved Matters "without the prior
/// written consent of the CEO Entity"); s.2.02 (no report, opinion or appraisal "Unless the Initial Sponsor otherwise
/// agrees"); s.6.01 (no announcement "without the prior written consent of the other Consortium Members … except to the
/// extent … required by law"); s.6.02 (confidentiality); s.9.05 (no assignment "without the prior consent of the Initial
/// Members", except to Affiliates); s.5.01(a) (cessation) and s.1.02 (admission).
/// </summary>
/// <remarks>
/// Interpretation: a consent "in writing" is satisfied only by a consent recorded as written; a "prior" consent must be
/// given strictly before the act; a consent that need not be prior still has to exist by the moment of the act. Where
/// the actor is itself one of the parties whose consent is needed, the terms say whether its own act is its consent
/// (<see cref="SelfConsent.Satisfies"/>) or it cannot consent for itself (<see cref="SelfConsent.Unavailable"/>: the
/// s.1.05 undertakings bind the Initial Sponsor too, which is why carve-outs (x) and (y) exist for it). Where several
/// carve-outs apply, the most permissive is used. A party that was never a member by the moment of the act is not bound.
/// </remarks>
public static class ActionPermission
{
    /// <summary>The fact added when the counterparty is an Affiliate of the actor on the register.</summary>
    public const string ToAffiliateFact = "to-affiliate";

    /// <summary>Assesses <paramref name="proposed"/>; <paramref name="affiliates"/>, when given, lets the engine recognise an Affiliate counterparty itself.</summary>
    /// <exception cref="ArgumentException">The action or the member is unknown to the terms and the ledger.</exception>
    public static ActionAssessment Assess(ConsortiumState state, ProposedAction proposed, AffiliateGroups? affiliates = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(proposed);
        var terms = state.Terms;
        if (!terms.Actions.TryGetValue(proposed.Action, out var rule))
            throw new ArgumentException($"the terms of {terms.AgreementId} define no action '{proposed.Action}' (defined: {string.Join(", ", terms.Actions.Keys)})", nameof(proposed));
        var member = state.MemberOrHolder(proposed.MemberId)
            ?? throw new ArgumentException($"'{proposed.MemberId}' is not a member of the consortium under {terms.AgreementId} (members: {string.Join(", ", state.Members.Select(m => m.Id))})", nameof(proposed));
        var at = proposed.At;
        var zone = state.Zone;
        var reasons = new List<AssessmentReason>();
        var interpretations = new List<string>();
        var obligations = new List<string>();
        var facts = new HashSet<string>(proposed.Facts, StringComparer.Ordinal);

        if (proposed.Counterparty is { } cp && affiliates is not null && member.HolderId is { } holder && affiliates.AreAffiliates(holder, cp) && facts.Add(ToAffiliateFact))
            reasons.Add(new AssessmentReason($"{cp} is an Affiliate of {member.Id} ({holder}) on the register", state.Terms.Citation));

        ActionAssessment Result(Permission p, IReadOnlyList<RequiredConsent>? consents = null) =>
            new(rule.Id, rule.Title, member.Id, at, p, consents ?? [], obligations, reasons, interpretations);

        if (member.JoinedAt > at)
        {
            reasons.Add(new AssessmentReason($"{member.Id} was not a Consortium Member at {ConsortiumText.Moment(at, zone)} (it became one at {ConsortiumText.Moment(member.JoinedAt, zone)}), so the Agreement does not bind it then", member.Citation));
            return Result(Permission.Allowed);
        }

        var (inside, window) = InWindow(state, member, rule.Window, at);
        reasons.Add(new AssessmentReason(window, rule.Citation));
        if (!inside)
        {
            if (rule.Outside == OutsideWindow.Unavailable)
            {
                reasons.Add(new AssessmentReason($"{rule.Title} is available only {WindowWords(rule.Window)}, so it is not available now", rule.Citation));
                return Result(Permission.Prohibited);
            }

            reasons.Add(new AssessmentReason($"{rule.Citation} restricts this only {WindowWords(rule.Window)}, so the Agreement does not restrict it now", rule.Citation));
            return Result(Permission.Allowed);
        }

        var requirement = rule.Requirement;
        var applicable = rule.Carveouts
            .Where(c => facts.Contains(c.Fact) && (c.OnlyFor is not { } only || PartySets.Includes(only, member, member.Id)))
            .OrderBy(c => Rank(c.Effect))
            .ToList();
        if (applicable.Count > 0)
        {
            var chosen = applicable[0];
            requirement = chosen.Effect;
            reasons.Add(new AssessmentReason($"carve-out: {chosen.Description}", chosen.Citation));
            if (chosen.Obligation is { } o) obligations.Add($"{o} ({chosen.Citation})");
        }
        else
        {
            foreach (var c in rule.Carveouts.Where(c => facts.Contains(c.Fact)))
                reasons.Add(new AssessmentReason($"the carve-out '{c.Description}' is only for {PartySets.Describe(terms, c.OnlyFor!.Value)}, so it does not help {member.Id}", c.Citation));
        }

        switch (requirement)
        {
            case ActionRequirement.Prohibited:
                reasons.Add(new AssessmentReason($"{rule.Title}: prohibited", rule.Citation));
                return Result(Permission.Prohibited);
            case ActionRequirement.Allowed:
                reasons.Add(new AssessmentReason($"{rule.Title}: allowed", applicable.Count > 0 ? applicable[0].Citation : rule.Citation));
                return Result(Permission.Allowed);
            case ActionRequirement.OnlyBy only:
                if (PartySets.Includes(only.Set, member, member.Id))
                {
                    reasons.Add(new AssessmentReason($"{member.Id} is {PartySets.Describe(terms, only.Set)}, who alone may do this", rule.Citation));
                    return Result(Permission.Allowed);
                }

                reasons.Add(new AssessmentReason($"only {PartySets.Describe(terms, only.Set)} may do this, and {member.Id} is not", rule.Citation));
                return Result(Permission.Prohibited);
            case ActionRequirement.Consent consent:
                return Consent(state, rule, member, at, consent, reasons, interpretations, obligations);
            default:
                throw new InvalidOperationException($"unknown requirement {requirement.GetType().Name}");
        }
    }

    private static ActionAssessment Consent(ConsortiumState state, ActionRule rule, ConsortiumMember member, Instant at, ActionRequirement.Consent consent,
        List<AssessmentReason> reasons, List<string> interpretations, List<string> obligations)
    {
        var terms = state.Terms;
        var form = (consent.Prior ? "prior " : "") + (consent.Written ? "written " : "") + "consent";
        var needed = PartySets.Resolve(state, consent.Of, member.Id, at).ToList();
        if (needed.Any(n => n.Id == member.Id))
        {
            if (consent.Self == SelfConsent.Unavailable)
            {
                reasons.Add(new AssessmentReason($"{rule.Title} needs the {form} of {PartySets.Describe(terms, consent.Of)}, and {member.Id} cannot give that consent to itself, so it is prohibited", rule.Citation));
                interpretations.Add($"{rule.Citation}: the undertaking binds {member.Id} although it is the party whose consent would lift it; it cannot consent for itself.");
                return new ActionAssessment(rule.Id, rule.Title, member.Id, at, Permission.Prohibited, [], obligations, reasons, interpretations);
            }

            needed.RemoveAll(n => n.Id == member.Id);
            reasons.Add(new AssessmentReason($"{member.Id} is itself one of {PartySets.Describe(terms, consent.Of)}; its own act is its consent", rule.Citation));
        }

        if (needed.Count == 0)
        {
            reasons.Add(new AssessmentReason($"no other party's {form} is needed", rule.Citation));
            return new ActionAssessment(rule.Id, rule.Title, member.Id, at, Permission.Allowed, [], obligations, reasons, interpretations);
        }

        var required = new List<RequiredConsent>();
        foreach (var party in needed)
        {
            var candidates = state.Consents.Where(c => c.GivenBy == party.Id && c.ForMember == member.Id && c.Action == rule.Id).ToList();
            var good = candidates.FirstOrDefault(c => (!consent.Written || c.InWriting) && (consent.Prior ? c.GivenAt < at : c.GivenAt <= at));
            if (good is not null)
            {
                required.Add(new RequiredConsent(party.Id, party.Name, consent.Written, consent.Prior, true, good.ConsentId,
                    $"{(good.InWriting ? "written" : "oral")} consent {good.ConsentId} given at {ConsortiumText.Moment(good.GivenAt, state.Zone)}"));
                continue;
            }

            var why = candidates.Count == 0
                ? "no consent recorded"
                : string.Join("; ", candidates.Select(c =>
                    !c.InWriting && consent.Written ? $"consent {c.ConsentId} was not in writing"
                    : $"consent {c.ConsentId} was given at {ConsortiumText.Moment(c.GivenAt, state.Zone)}, {(consent.Prior ? "not before" : "after")} the act"));
            required.Add(new RequiredConsent(party.Id, party.Name, consent.Written, consent.Prior, false, null, why));
        }

        var missing = required.Where(r => !r.Given).ToList();
        if (missing.Count == 0)
        {
            reasons.Add(new AssessmentReason($"{rule.Title} needs the {form} of {PartySets.Describe(terms, consent.Of)}; it has been given", rule.Citation));
            return new ActionAssessment(rule.Id, rule.Title, member.Id, at, Permission.Allowed, required, obligations, reasons, interpretations);
        }

        reasons.Add(new AssessmentReason($"{rule.Title} needs the {form} of {string.Join(" and ", missing.Select(m => $"{m.Name} ({m.PartyId})"))}", rule.Citation));
        return new ActionAssessment(rule.Id, rule.Title, member.Id, at, Permission.AllowedWithConsent, required, obligations, reasons, interpretations);
    }

    private static int Rank(ActionRequirement r) => r switch
    {
        ActionRequirement.Allowed => 0,
        ActionRequirement.OnlyBy => 1,
        ActionRequirement.Consent => 2,
        _ => 3,
    };

    private static string WindowWords(ActionWindow w) => w switch
    {
        ActionWindow.InForce => "while the Agreement is in force for the member",
        ActionWindow.ExclusivityPeriod => "within the Exclusivity Period",
        ActionWindow.BeforeDefinitiveAgreement => "prior to the execution of the Definitive Agreement",
        ActionWindow.ConfidentialityPeriod => "while the confidentiality obligations apply",
        _ => w.ToString(),
    };

    /// <summary>Whether the rule's window is open for the member at the moment, with one sentence saying why.</summary>
    private static (bool Inside, string Why) InWindow(ConsortiumState state, ConsortiumMember member, ActionWindow window, Instant at)
    {
        var zone = state.Zone;
        var when = ConsortiumText.Moment(at, zone);
        var termination = ConsortiumTermination.At(state, at);
        string? notInForce = null;
        if (member.CeasedAt is { } ceased && ceased <= at)
            notInForce = $"{member.Id} ceased to be a Consortium Member at {ConsortiumText.Moment(ceased, zone)} (s.5.01(a))";
        else if (termination is not null)
            notInForce = $"the Agreement terminated at {ConsortiumText.Moment(termination.At, zone)} under s.{termination.Clause}";
        switch (window)
        {
            case ActionWindow.InForce:
                return notInForce is null ? (true, $"at {when} the Agreement is in force for {member.Id}") : (false, $"at {when}, {notInForce}");
            case ActionWindow.ExclusivityPeriod:
            {
                if (notInForce is not null) return (false, $"at {when}, {notInForce}");
                var period = ExclusivityPeriod.Of(state);
                if (period.Contains(at))
                    return (true, $"{when} is within the Exclusivity Period, which ends at {ConsortiumText.Moment(period.EndsAt, zone)} (the first moment outside it)");
                return (false, $"{when} is not within the Exclusivity Period, which ended at {ConsortiumText.Moment(period.EndsAt, zone)}");
            }

            case ActionWindow.BeforeDefinitiveAgreement:
                if (notInForce is not null) return (false, $"at {when}, {notInForce}");
                if (state.DefinitiveAgreementAt is { } da && da <= at)
                    return (false, $"the Definitive Agreement was executed at {ConsortiumText.Moment(da, zone)}, before {when}");
                return (true, $"at {when} the Definitive Agreement has not been executed");
            case ActionWindow.ConfidentialityPeriod:
            {
                var end = ConfidentialityPeriod.Of(state);
                return at < end.ExpiresAt
                    ? (true, $"at {when} the confidentiality obligations still apply (until {ConsortiumText.Moment(end.ExpiresAt, zone)}; they survive termination under s.5.02)")
                    : (false, $"the confidentiality obligations ended at {ConsortiumText.Moment(end.ExpiresAt, zone)}");
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(window), window, "unknown window");
        }
    }
}
