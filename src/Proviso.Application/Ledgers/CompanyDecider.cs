using System.Security.Cryptography;
using System.Text;
using Proviso.Application.Terms;
using Proviso.Domain.Agreements;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register;

namespace Proviso.Application.Ledgers;

/// <summary>Record an agreement's terms (YAML text) for the company, after checking them against its register.</summary>
public sealed record RecordAgreementTerms(string File, string Text, NodaTime.LocalDate EffectiveOn);

/// <summary>
/// Decides commands of one family (a first-refusal process, the consortium, drag-along) against a company's state.
/// Implementations are found by <see cref="CompanyDecider"/>; a new mechanism adds a class, not an edit here.
/// </summary>
public interface ICommandDecider
{
    /// <summary>The decision, or null if this decider does not handle <paramref name="command"/>.</summary>
    Decision? Decide(DecisionState state, object command);
}

/// <summary>
/// The one decider for a company's ledger: register commands and terms here, every other family through the
/// <see cref="ICommandDecider"/> implementations in this assembly.
/// </summary>
public static class CompanyDecider
{
    private static readonly IReadOnlyList<ICommandDecider> Deciders = Proviso.Application.Discovery.All<ICommandDecider>(typeof(CompanyDecider).Assembly);

    /// <summary>The decision for <paramref name="command"/> on a bare timeline (which is not changed).</summary>
    public static Decision Decide(RegisterTimeline timeline, object command) => Decide(DecisionState.Of(timeline), command);

    /// <summary>The decision for <paramref name="command"/> on <paramref name="state"/> (which is not changed).</summary>
    public static Decision Decide(DecisionState state, object command)
    {
        switch (command)
        {
            case RegisterCommand rc:
                return RegisterDecider.Decide(state.Timeline, rc);
            case RecordAgreementTerms t:
                return DecideTerms(state.Timeline, t);
        }
        foreach (var d in Deciders)
            if (d.Decide(state, command) is { } decision) return decision;
        throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "no decider knows this command");
    }

    private static Decision DecideTerms(RegisterTimeline timeline, RecordAgreementTerms t)
    {
        if (timeline.Latest.CompanyId is null)
            return Decision.Reject("register.company-not-registered", "The company must be registered before its agreements are recorded.");
        var agreement = TermsLoader.Parse(t.File, t.Text); // bad YAML is bad input: InputException, exit 2
        if (agreement.CompanyId != timeline.Latest.CompanyId)
            return Decision.Reject("terms.wrong-company", $"{t.File}: the terms are for company '{agreement.CompanyId}', not '{timeline.Latest.CompanyId}'.");
        var problems = TermsLoader.CheckAgainst(agreement, timeline.Latest);
        if (problems.Count > 0)
            return Decision.Reject(problems.Select(p => new Rejection("terms.register-mismatch", $"{t.File}: {p}")).ToList());
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(t.Text)));
        return Decision.Accept(new AgreementTermsRecorded(agreement.Id, agreement.Title, "yaml", sha, t.Text) { EffectiveOn = t.EffectiveOn });
    }
}
