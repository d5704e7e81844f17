using NodaTime;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.Consent;

/// <summary>Whether a consent group is satisfied by a set of consenting holders on a date, with every prong's working.</summary>
public sealed record ConsentResult(
    string AgreementId,
    string GroupId,
    string GroupName,
    Citation Citation,
    LocalDate AsOf,
    IReadOnlyList<string> Consenting,
    bool Satisfied,
    IReadOnlyList<ProngResult> Prongs,
    IReadOnlyList<string> SmallestFurtherConsents,
    bool SmallestIsProven,
    IReadOnlyList<string> Interpretations);

/// <summary>One prong's working: numerator over denominator against the threshold, required consenters, and what else would satisfy it.</summary>
public sealed record ProngResult(
    string Label,
    string Description,
    Citation Citation,
    bool Satisfied,
    Fraction? Numerator,
    Fraction? Denominator,
    Fraction? Share,
    Threshold? Threshold,
    IReadOnlyList<RequiredConsenterStatus> Required,
    IReadOnlyList<string> SmallestFurtherConsents,
    ConsentResult? Nested);

/// <summary>Whether a named holder's consent is required on the date, why, and whether it was given.</summary>
public sealed record RequiredConsenterStatus(string Party, string HolderId, bool Required, bool Given, string Reason, Citation Citation);
