using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Register.Events;

/// <summary>The company was entered in Proviso: its legal name, place of incorporation and reporting currency.</summary>
public sealed record CompanyRegistered(string CompanyId, string Name, string Jurisdiction, string? RegisteredOffice, string BaseCurrency) : LedgerEvent;

/// <summary>A class or series of shares was created.</summary>
public sealed record ShareClassCreated(
    string ClassId, string Name, ClassKind Kind, Fraction? VotesPerShare, Money ParValue,
    string? ConvertsInto, Fraction? ConversionRatio, int Seniority) : LedgerEvent;

/// <summary>A preferred series' conversion ratio changed (anti-dilution adjustment, amendment of the articles).</summary>
public sealed record ConversionRatioChanged(string ClassId, Fraction Ratio, string Reason) : LedgerEvent;

/// <summary>A party was entered: a member, or a person the agreements refer to.</summary>
public sealed record HolderRegistered(
    string HolderId, string Name, HolderKind Kind, string? Jurisdiction, string TimeZone,
    IReadOnlyList<NoticeAddress> Addresses, LocalTime? BusinessHoursStart, LocalTime? BusinessHoursEnd, string? Note) : LedgerEvent;

/// <summary>A party's notice details changed (ROFR s.6.6: a new address designated by advance written notice).</summary>
public sealed record HolderNoticeDetailsChanged(
    string HolderId, string TimeZone, IReadOnlyList<NoticeAddress> Addresses, LocalTime? BusinessHoursStart, LocalTime? BusinessHoursEnd) : LedgerEvent;

/// <summary>A relationship began (A controls B; A is B's Holding Company; A manages fund B).</summary>
public sealed record ControlLinkRecorded(string FromId, string ToId, ControlKind Kind, string? Basis) : LedgerEvent;

/// <summary>A relationship ended.</summary>
public sealed record ControlLinkEnded(string FromId, string ToId, ControlKind Kind) : LedgerEvent;

/// <summary>Shares were allotted and issued to a holder under a new certificate.</summary>
public sealed record SharesIssued(string HolderId, string ClassId, ShareCount Shares, string CertificateId, Money? Consideration) : LedgerEvent;

/// <summary>Part of a certificate taken by a transfer, conversion, repurchase or cancellation.</summary>
public sealed record CertificatePortion(string CertificateId, ShareCount Shares);

/// <summary>
/// Shares moved from one holder to another. The source certificates are cancelled; the transferee receives a new
/// certificate and the transferor a balance certificate for any shares left on them.
/// </summary>
public sealed record SharesTransferred(
    string FromHolderId, string ToHolderId, string ClassId, ShareCount Shares,
    IReadOnlyList<CertificatePortion> SourceCertificates, string NewCertificateId, string? BalanceCertificateId,
    Money? Consideration, string? Reference) : LedgerEvent;

/// <summary>
/// Preferred shares were converted into ordinary shares at the ratio in force. Fractional ordinary shares are not
/// issued: <see cref="FractionalRemainder"/> reports what the "round down" policy left over.
/// </summary>
public sealed record SharesConverted(
    string HolderId, string FromClassId, string ToClassId, ShareCount Shares, ShareCount SharesIssued,
    Fraction Ratio, Fraction FractionalRemainder,
    IReadOnlyList<CertificatePortion> SourceCertificates, string NewCertificateId, string? BalanceCertificateId) : LedgerEvent;

/// <summary>A warrant or option was issued.</summary>
public sealed record InstrumentIssued(
    string InstrumentId, InstrumentKind Kind, string HolderId, string ClassId, ShareCount Quantity,
    LocalDate? ExercisableFrom, LocalDate? ExpiresOn, Money? ExercisePrice) : LedgerEvent;

/// <summary>A warrant or option was exercised (in whole or part); the shares were issued under a new certificate.</summary>
public sealed record InstrumentExercised(string InstrumentId, string HolderId, string ClassId, ShareCount Quantity, string CertificateId) : LedgerEvent;

/// <summary>A warrant or option lapsed or was cancelled (in whole or part).</summary>
public sealed record InstrumentCancelled(string InstrumentId, ShareCount Quantity, string Reason) : LedgerEvent;

/// <summary>The company repurchased shares (which are cancelled).</summary>
public sealed record SharesRepurchased(
    string HolderId, string ClassId, ShareCount Shares, IReadOnlyList<CertificatePortion> SourceCertificates,
    string? BalanceCertificateId, Money? Price) : LedgerEvent;

/// <summary>Shares were cancelled without a repurchase (forfeiture, surrender).</summary>
public sealed record SharesCancelled(
    string HolderId, string ClassId, ShareCount Shares, IReadOnlyList<CertificatePortion> SourceCertificates,
    string? BalanceCertificateId, string Reason) : LedgerEvent;

/// <summary>What a split or combination did to one certificate.</summary>
public sealed record SplitLine(string CertificateId, string HolderId, ShareCount Before, ShareCount After, Fraction FractionalRemainder);

/// <summary>
/// A subdivision, combination or share dividend of a class: every holding multiplied by <see cref="Ratio"/> (new shares
/// per old share), rounded down per certificate (the remainders are listed), instruments over the class adjusted the
/// same way, and specific share numbers in the agreements adjusted (ROFR s.6.18).
/// </summary>
public sealed record SharesSplit(string ClassId, Fraction Ratio, IReadOnlyList<SplitLine> Lines) : LedgerEvent;

/// <summary>An American Depositary Share programme was established over a class: one ADS represents <see cref="SharesPerAds"/> shares.</summary>
public sealed record DepositaryProgramEstablished(string ClassId, string Depositary, ShareCount SharesPerAds) : LedgerEvent;

/// <summary>The ADS ratio changed (for Cloopen: from two Class A shares per ADS to six, effective 2023-03-15).</summary>
public sealed record AdsRatioChanged(string ClassId, ShareCount SharesPerAds, string? Reason) : LedgerEvent;

/// <summary>A legend was placed on a holder's certificates of a class (ROFR s.5).</summary>
public sealed record LegendApplied(string HolderId, string ClassId, string Legend) : LedgerEvent;

/// <summary>A stop-transfer instruction was noted against a holder's shares of a class (ROFR s.5).</summary>
public sealed record StopTransferNoted(string HolderId, string ClassId, string Note) : LedgerEvent;

/// <summary>A stop-transfer notation was removed.</summary>
public sealed record StopTransferLifted(string HolderId, string ClassId, string Reason) : LedgerEvent;
