using Proviso.Application.Yaml;
using Proviso.Domain.Agreements.Consortium;
using Proviso.Domain.Quantities;

namespace Proviso.Application.Scenarios.Steps;

/// <summary>
/// Scenario steps for a consortium (docs/consortium.md). Each step's moment is the step's <c>at:</c> (or the start of its
/// <c>on:</c> date, UTC); <c>agreement:</c> names the consortium when the company has more than one.
/// </summary>
public abstract class ConsortiumStep : IScenarioStepReader
{
    /// <inheritdoc />
    public abstract string Kind { get; }

    /// <summary>The keys this step allows besides <c>agreement</c> and <c>note</c>.</summary>
    protected abstract string[] Keys { get; }

    /// <inheritdoc />
    public IReadOnlyList<object> Read(YamlMap step, ScenarioContext context)
    {
        step.AllowOnly([.. Keys, "agreement", "note"]);
        var agreement = AgreementId(step, context);
        return [Build(step, context) with { AgreementId = agreement, At = context.At }];
    }

    /// <summary>The command, before its agreement and moment are set.</summary>
    protected abstract ConsortiumCommand Build(YamlMap step, ScenarioContext context);

    private static string AgreementId(YamlMap step, ScenarioContext context)
    {
        if (step.Optional("agreement") is { } a) return context.Agreement(a).Id;
        var consortia = context.Agreements.Values.Where(x => x.Mechanism<ConsortiumTerms>(ConsortiumTerms.Key) is not null).ToList();
        return consortia.Count == 1
            ? consortia[0].Id
            : throw new InputException(step.Location, consortia.Count == 0 ? "the scenario's company has no consortium agreement" : "several consortium agreements: name one with 'agreement:'");
    }
}

/// <summary><c>consortiumAdmit: { member, name, holder?, deed, decidedBy }</c> (s.1.02).</summary>
public sealed class ConsortiumAdmitStep : ConsortiumStep
{
    /// <inheritdoc />
    public override string Kind => "consortiumAdmit";

    /// <inheritdoc />
    protected override string[] Keys => ["member", "name", "holder", "deed", "decidedBy"];

    /// <inheritdoc />
    protected override ConsortiumCommand Build(YamlMap s, ScenarioContext c) =>
        new AdmitAdditionalSponsor(s.String("member"), s.String("name"), s.OptionalString("holder"), s.String("deed"), s.String("decidedBy"));
}

/// <summary><c>consortiumCommitment: { member, equity?: "USD 1,000.00", rolloverShares?: 0, reference? }</c> (s.1.03(b)).</summary>
public sealed class ConsortiumCommitmentStep : ConsortiumStep
{
    /// <inheritdoc />
    public override string Kind => "consortiumCommitment";

    /// <inheritdoc />
    protected override string[] Keys => ["member", "equity", "rolloverShares", "reference"];

    /// <inheritdoc />
    protected override ConsortiumCommand Build(YamlMap s, ScenarioContext c) =>
        new RecordCommitment(s.String("member"), s.Optional("equity")?.AsMoney(), s.Optional("rolloverShares")?.AsShares() ?? ShareCount.Zero, s.OptionalString("reference"));
}

/// <summary><c>consortiumValuation: { pricePerShare: "USD 1.00", basis }</c>: the implied per-share valuation for rollovers (s.1.03(b)).</summary>
public sealed class ConsortiumValuationStep : ConsortiumStep
{
    /// <inheritdoc />
    public override string Kind => "consortiumValuation";

    /// <inheritdoc />
    protected override string[] Keys => ["pricePerShare", "basis"];

    /// <inheritdoc />
    protected override ConsortiumCommand Build(YamlMap s, ScenarioContext c) =>
        new RecordPerShareValuation(s.Required("pricePerShare").AsMoney(), s.String("basis"));
}

/// <summary><c>consortiumConsent: { id, by, for, action, written, reference? }</c>: a consent as a ledger event.</summary>
public sealed class ConsortiumConsentStep : ConsortiumStep
{
    /// <inheritdoc />
    public override string Kind => "consortiumConsent";

    /// <inheritdoc />
    protected override string[] Keys => ["id", "by", "for", "action", "written", "reference"];

    /// <inheritdoc />
    protected override ConsortiumCommand Build(YamlMap s, ScenarioContext c) =>
        new GiveConsortiumConsent(s.String("id"), s.String("by"), s.String("for"), s.String("action"), s.Required("written").AsBool(), s.OptionalString("reference"));
}

/// <summary><c>consortiumApproach: { id, member, from, nature }</c>: an approach about a Competing Proposal (s.1.05(c)).</summary>
public sealed class ConsortiumApproachStep : ConsortiumStep
{
    /// <inheritdoc />
    public override string Kind => "consortiumApproach";

    /// <inheritdoc />
    protected override string[] Keys => ["id", "member", "from", "nature"];

    /// <inheritdoc />
    protected override ConsortiumCommand Build(YamlMap s, ScenarioContext c) =>
        new RecordCompetingApproach(s.String("id"), s.String("member"), s.String("from"), s.String("nature"));
}

/// <summary><c>consortiumApproachNotified: { id, copiesProvided }</c>.</summary>
public sealed class ConsortiumApproachNotifiedStep : ConsortiumStep
{
    /// <inheritdoc />
    public override string Kind => "consortiumApproachNotified";

    /// <inheritdoc />
    protected override string[] Keys => ["id", "copiesProvided"];

    /// <inheritdoc />
    protected override ConsortiumCommand Build(YamlMap s, ScenarioContext c) =>
        new NotifyCompetingApproach(s.String("id"), s.Required("copiesProvided").AsBool());
}

/// <summary><c>consortiumExpense: { id, paidBy?, kind, payee, amount, approved?, description?, incurredOn? }</c> (Art. III).</summary>
public sealed class ConsortiumExpenseStep : ConsortiumStep
{
    /// <inheritdoc />
    public override string Kind => "consortiumExpense";

    /// <inheritdoc />
    protected override string[] Keys => ["id", "paidBy", "kind", "payee", "amount", "approved", "description", "incurredOn"];

    /// <inheritdoc />
    protected override ConsortiumCommand Build(YamlMap s, ScenarioContext c) =>
        new RecordExpense(s.String("id"), s.OptionalString("paidBy"), s.Required("kind").AsEnum<ExpenseKind>(), s.String("payee"), s.Required("amount").AsMoney(),
            s.Optional("approved")?.AsBool() ?? false, s.OptionalString("description"), s.Optional("incurredOn")?.AsDate() ?? c.On);
}

/// <summary><c>consortiumDefinitiveAgreement: { reference? }</c>.</summary>
public sealed class ConsortiumDefinitiveAgreementStep : ConsortiumStep
{
    /// <inheritdoc />
    public override string Kind => "consortiumDefinitiveAgreement";

    /// <inheritdoc />
    protected override string[] Keys => ["reference"];

    /// <inheritdoc />
    protected override ConsortiumCommand Build(YamlMap s, ScenarioContext c) => new RecordDefinitiveAgreement(s.OptionalString("reference"));
}

/// <summary><c>consortiumCompanyCeasedNegotiating: { how }</c> (s.5.01(b)(ii)).</summary>
public sealed class ConsortiumCompanyCeasedNegotiatingStep : ConsortiumStep
{
    /// <inheritdoc />
    public override string Kind => "consortiumCompanyCeasedNegotiating";

    /// <inheritdoc />
    protected override string[] Keys => ["how"];

    /// <inheritdoc />
    protected override ConsortiumCommand Build(YamlMap s, ScenarioContext c) => new RecordCompanyCeasedNegotiating(s.String("how"));
}

/// <summary><c>consortiumMutualTermination: { signedBy: [..] }</c> (s.5.01(c)).</summary>
public sealed class ConsortiumMutualTerminationStep : ConsortiumStep
{
    /// <inheritdoc />
    public override string Kind => "consortiumMutualTermination";

    /// <inheritdoc />
    protected override string[] Keys => ["signedBy"];

    /// <inheritdoc />
    protected override ConsortiumCommand Build(YamlMap s, ScenarioContext c) =>
        new TerminateByMutualAgreement(s.Required("signedBy").AsList().Select(n => n.AsNonEmptyString()).ToList());
}

/// <summary><c>consortiumCease: { member, ground: unable-to-agree|due-diligence-unsatisfactory, initialSponsorAgreement? }</c> (s.5.01(a)).</summary>
public sealed class ConsortiumCeaseStep : ConsortiumStep
{
    /// <inheritdoc />
    public override string Kind => "consortiumCease";

    /// <inheritdoc />
    protected override string[] Keys => ["member", "ground", "initialSponsorAgreement"];

    /// <inheritdoc />
    protected override ConsortiumCommand Build(YamlMap s, ScenarioContext c) =>
        new CeaseParticipation(s.String("member"), s.Required("ground").AsEnum<CessationGround>(), s.OptionalString("initialSponsorAgreement"));
}

/// <summary><c>consortiumBreach: { member, clause, description }</c>.</summary>
public sealed class ConsortiumBreachStep : ConsortiumStep
{
    /// <inheritdoc />
    public override string Kind => "consortiumBreach";

    /// <inheritdoc />
    protected override string[] Keys => ["member", "clause", "description"];

    /// <inheritdoc />
    protected override ConsortiumCommand Build(YamlMap s, ScenarioContext c) => new RecordBreach(s.String("member"), s.String("clause"), s.String("description"));
}

/// <summary><c>consortiumClosing: {}</c>.</summary>
public sealed class ConsortiumClosingStep : ConsortiumStep
{
    /// <inheritdoc />
    public override string Kind => "consortiumClosing";

    /// <inheritdoc />
    protected override string[] Keys => [];

    /// <inheritdoc />
    protected override ConsortiumCommand Build(YamlMap s, ScenarioContext c) => new RecordClosing();
}

/// <summary><c>consortiumBreakFee: { id, amount, description }</c> (s.3.01(d)).</summary>
public sealed class ConsortiumBreakFeeStep : ConsortiumStep
{
    /// <inheritdoc />
    public override string Kind => "consortiumBreakFee";

    /// <inheritdoc />
    protected override string[] Keys => ["id", "amount", "description"];

    /// <inheritdoc />
    protected override ConsortiumCommand Build(YamlMap s, ScenarioContext c) => new RecordBreakFee(s.String("id"), s.Required("amount").AsMoney(), s.String("description"));
}
