using NodaTime;
using Proviso.Domain.Agreements.Consent;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.DragAlong;

/// <summary>
/// Who are the Drag Holders. ROFR s.4.1: "subject to the approval of the Majority Investors, if Majority Series F
/// Investors, Majority Series E Investors, Majority Series D Investors, the holders of more than sixty-seven percent (67%)
/// of Series C Preferred Shares, Majority Series B Investors and Majority Series A Investors, each voting as a single
/// class on an as converted basis and as if the Warrant had been fully exercised (such holders of the Preferred Shares
/// are referred to as the “Drag Holders”) all agree to accept an offer". The tests are the terms' consent group (each
/// series a threshold prong with <c>instrumentsAsExercised: true</c>), evaluated by <see cref="ConsentEvaluator"/> with
/// each prong's numerator, denominator and result and the smallest further agreements that would satisfy it; the
/// approval is a second group (the Majority Investors).
/// <para>Interpretation: "Majority Series F Investors" is the defined term, so its named consenters apply inside the drag
/// test (Tencent and New Oriental while each holds at least half of what it bought; CVC only "upon and after the exercise
/// of the CVC Warrant"). "As if the Warrant had been fully exercised" changes how the series' voting power is counted
/// (the warrant shares are in the denominator and in CVC's numerator); it does not pretend the exercise has happened for
/// the condition on CVC's named consent, which is a fact. The terms file states this reading; an agreement that wants the
/// bare majority writes the prong without <c>mustInclude</c>.</para>
/// <para>Interpretation: the Drag Holders are the accepting holders of Preferred Shares; an accepting holder who holds
/// none of the series tested adds nothing to any prong.</para>
/// </summary>
public static class DragHoldersTest
{
    /// <summary>Both tests on <paramref name="asOf"/> for the holders who accept and the holders who approve.</summary>
    public static DragHoldersResult Evaluate(Agreement agreement, DragAlongTerms terms, Register.Register register, LocalDate asOf,
        IReadOnlyCollection<string> accepting, IReadOnlyCollection<string> approving)
    {
        var drag = ConsentEvaluator.Evaluate(agreement, terms.DragHolders.GroupId, register, asOf, accepting);
        var approval = terms.Approval is { } g ? ConsentEvaluator.Evaluate(agreement, g.GroupId, register, asOf, approving) : null;
        return new DragHoldersResult(drag, approval, terms.DragHolders.Citation, terms.Approval?.Citation);
    }

    /// <summary>One line per prong, as recorded with the acceptance: label, numbers and result.</summary>
    public static IReadOnlyList<DragTestLine> Lines(ConsentResult result) =>
        result.Prongs.Select(p => new DragTestLine(result.GroupId, p.Label, p.Description, p.Numerator, p.Denominator, p.Threshold?.ToString(), p.Satisfied,
            p.Required.Where(r => r.Required).Select(r => r.Party + (r.Given ? " (agreed)" : " (missing)")).ToList(), p.SmallestFurtherConsents, p.Citation)).ToList();
}

/// <summary>The Drag Holders' test and the approval, with every prong's working.</summary>
public sealed record DragHoldersResult(ConsentResult DragHolders, ConsentResult? Approval, Citation DragHoldersCitation, Citation? ApprovalCitation)
{
    public bool Satisfied => DragHolders.Satisfied && (Approval?.Satisfied ?? true);
}

/// <summary>One prong of a test as recorded: numerator over denominator against the threshold, named consents, and what else would satisfy it.</summary>
public sealed record DragTestLine(
    string GroupId,
    string Label,
    string Description,
    Fraction? Numerator,
    Fraction? Denominator,
    string? Threshold,
    bool Satisfied,
    IReadOnlyList<string> RequiredConsents,
    IReadOnlyList<string> SmallestFurtherAgreements,
    Citation Citation);
