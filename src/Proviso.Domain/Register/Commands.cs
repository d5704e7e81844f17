using NodaTime;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Register;

/// <summary>An instruction to change the register, effective on a date. Imperative names; the decider answers with events or a rejection.</summary>
public abstract record RegisterCommand
{
    public required LocalDate EffectiveOn { get; init; }
}

public sealed record RegisterCompany(string CompanyId, string Name, string Jurisdiction, string? RegisteredOffice, string BaseCurrency) : RegisterCommand;

public sealed record CreateShareClass(string ClassId, string Name, ClassKind Kind, Fraction? VotesPerShare, Money ParValue,
    string? ConvertsInto, Fraction? ConversionRatio, int Seniority) : RegisterCommand;

public sealed record ChangeConversionRatio(string ClassId, Fraction Ratio, string Reason) : RegisterCommand;

public sealed record RegisterHolder(string HolderId, string Name, HolderKind Kind, string? Jurisdiction, string TimeZone,
    IReadOnlyList<NoticeAddress> Addresses, LocalTime? BusinessHoursStart, LocalTime? BusinessHoursEnd, string? Note) : RegisterCommand;

public sealed record ChangeHolderNoticeDetails(string HolderId, string TimeZone, IReadOnlyList<NoticeAddress> Addresses,
    LocalTime? BusinessHoursStart, LocalTime? BusinessHoursEnd) : RegisterCommand;

public sealed record RecordControlLink(string FromId, string ToId, ControlKind Kind, string? Basis) : RegisterCommand;

public sealed record EndControlLink(string FromId, string ToId, ControlKind Kind) : RegisterCommand;

public sealed record IssueShares(string HolderId, string ClassId, ShareCount Shares, Money? Consideration) : RegisterCommand;

/// <summary>
/// Record a transfer on the register. <see cref="AuthorisedBy"/> names what makes it compliant (a process closing, a
/// consent); without it, a holding under a stop-transfer notation cannot be transferred (ROFR s.5).
/// </summary>
public sealed record TransferShares(string FromHolderId, string ToHolderId, string ClassId, ShareCount Shares,
    Money? Consideration, string? Reference, string? AuthorisedBy) : RegisterCommand;

public sealed record ConvertShares(string HolderId, string FromClassId, ShareCount Shares) : RegisterCommand;

public sealed record IssueInstrument(string InstrumentId, InstrumentKind Kind, string HolderId, string ClassId, ShareCount Quantity,
    LocalDate? ExercisableFrom, LocalDate? ExpiresOn, Money? ExercisePrice) : RegisterCommand;

public sealed record ExerciseInstrument(string InstrumentId, ShareCount Quantity) : RegisterCommand;

public sealed record CancelInstrument(string InstrumentId, ShareCount Quantity, string Reason) : RegisterCommand;

public sealed record RepurchaseShares(string HolderId, string ClassId, ShareCount Shares, Money? Price) : RegisterCommand;

public sealed record CancelShares(string HolderId, string ClassId, ShareCount Shares, string Reason) : RegisterCommand;

/// <summary>Subdivide (ratio above one), combine (below one) or pay a share dividend on a class: new shares per old share.</summary>
public sealed record SplitShares(string ClassId, Fraction Ratio) : RegisterCommand;

public sealed record EstablishDepositaryProgram(string ClassId, string Depositary, ShareCount SharesPerAds) : RegisterCommand;

public sealed record ChangeAdsRatio(string ClassId, ShareCount SharesPerAds, string? Reason) : RegisterCommand;

public sealed record ApplyLegend(string HolderId, string ClassId, string Legend) : RegisterCommand;

public sealed record NoteStopTransfer(string HolderId, string ClassId, string Note) : RegisterCommand;

public sealed record LiftStopTransfer(string HolderId, string ClassId, string Reason) : RegisterCommand;
