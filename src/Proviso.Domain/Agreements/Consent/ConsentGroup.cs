using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.Consent;

/// <summary>
/// A defined group whose consent an agreement requires ("Majority Investors", "Majority Series F Investors"): every prong
/// must be satisfied.
/// </summary>
public sealed record ConsentGroup(string Id, string Name, Citation Citation, IReadOnlyList<ConsentProng> Prongs);

/// <summary>One test a consent group requires.</summary>
public abstract record ConsentProng(string Label, Citation Citation);

/// <summary>
/// "The holders of more than fifty percent (50%) of the voting power of the issued and outstanding [classes] (voting
/// together as a single class and calculated on an as-converted basis)": consenting holders' share of the measure over
/// the classes, against a threshold, strict ("more than") or not ("no less than"). Optionally counting instruments as
/// if exercised (ROFR s.4.1: "as if the Warrant had been fully exercised"), and naming holders whose consent is required
/// while a condition holds.
/// </summary>
public sealed record ThresholdProng(
    string Label,
    Citation Citation,
    IReadOnlyList<string> Classes,
    Threshold Threshold,
    ConsentMeasure Measure,
    bool InstrumentsAsExercised,
    IReadOnlyList<RequiredConsenter> MustInclude) : ConsentProng(Label, Citation);

/// <summary>Another consent group's consent, as a prong ("(B) Majority Series E Investors").</summary>
public sealed record GroupProng(string Label, Citation Citation, string GroupId) : ConsentProng(Label, Citation);

/// <summary>Named parties who must each consent ("the Company"; "the CEO Entity").</summary>
public sealed record PartiesProng(string Label, Citation Citation, IReadOnlyList<string> Parties) : ConsentProng(Label, Citation);

public enum ConsentMeasure
{
    /// <summary>Shares, preferred converted at the ratio in force (ROFR s.1.3(xii): voting power is "on an as-converted basis").</summary>
    AsConverted,
    /// <summary>Votes: shares times votes per share.</summary>
    Votes,
}

public enum Comparison
{
    /// <summary>"more than": strictly greater.</summary>
    MoreThan,
    /// <summary>"no less than" / "at least": greater or equal.</summary>
    AtLeast,
}

/// <summary>A threshold as the agreement words it: "more than 50%" is strict, "no less than 50%" is not.</summary>
public sealed record Threshold(Fraction Value, Comparison Comparison)
{
    public bool IsMetBy(Fraction share) => Comparison == Comparison.MoreThan ? share > Value : share >= Value;

    public override string ToString() => (Comparison == Comparison.MoreThan ? "more than " : "no less than ") + (Value * 100).ToString() + "%";
}

/// <summary>
/// A holder whose consent a prong requires, while it holds at least a stated number of shares of a class (adjusted for
/// splits after the agreement's date, ROFR s.6.18), and, if <see cref="AfterExerciseOf"/> is set, only upon and after
/// the exercise of that instrument.
/// </summary>
public sealed record RequiredConsenter(string Party, ShareCount? MinimumHolding, string? MinimumHoldingClass, string? AfterExerciseOf, Citation Citation);
