using NodaTime;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Register;

public enum InstrumentKind
{
    Warrant,
    Option,
}

/// <summary>
/// A right to acquire shares of a class (a warrant such as the CVC Warrant for 11,799,685 Series F shares, or an
/// option): how many remain outstanding, and from when it may be exercised.
/// </summary>
public sealed record Instrument(
    string Id,
    InstrumentKind Kind,
    string HolderId,
    string ClassId,
    ShareCount Outstanding,
    ShareCount Exercised,
    LocalDate IssuedOn,
    LocalDate? ExercisableFrom,
    LocalDate? ExpiresOn,
    Money? ExercisePrice)
{
    public bool IsExercisableOn(LocalDate date) =>
        (ExercisableFrom is null || ExercisableFrom <= date) && (ExpiresOn is null || date <= ExpiresOn);
}
