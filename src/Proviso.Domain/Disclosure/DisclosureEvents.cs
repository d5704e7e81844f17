using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Disclosure;

/// <summary>An exhibit filed with a filing, as a listing shows it ("EX-99.1", its title and the first words of its text).</summary>
public sealed record FilingExhibit(string Type, string? Title, string? Excerpt);

/// <summary>
/// A filing with the SEC was recorded from a source (EDGAR's submissions feed or a listing of the record). Effective on
/// the filing date. <see cref="AccessionNumber"/> is EDGAR's id when the source gives one; <see cref="AcceptedAt"/> is
/// EDGAR's acceptance instant when known (it decides the date of filing under Regulation S-T Rule 13(a));
/// <see cref="ReportDate"/> is the period the filing reports on (the fiscal year end for a Form 20-F), when known.
/// </summary>
public sealed record FilingRecorded(
    string? AccessionNumber,
    string Form,
    Instant? AcceptedAt,
    LocalDate? ReportDate,
    string? FileNumber,
    string? PrimaryDocument,
    string? PrimaryDocDescription,
    string? Title,
    string? Excerpt,
    IReadOnlyList<FilingExhibit> Exhibits,
    string Source) : LedgerEvent
{
    /// <summary>The date of filing as the source states it (the event's effective date).</summary>
    public LocalDate FilingDate => EffectiveOn;
}

/// <summary>
/// A holder's position in American Depositary Shares over a class was recorded as of the effective date (from a
/// Schedule 13G, a depositary statement or the holder's own report). It replaces the holder's earlier ADS position in
/// that class. ADSs are not shares of the registered class; for Rule 13d-3 they count as the shares they represent, at
/// the ratio in force on the date of the calculation (<see cref="Register.Register.SharesPerAdsOn"/>).
/// </summary>
public sealed record AdsPositionRecorded(string HolderId, string HolderName, string ClassId, ShareCount Ads, string Source) : LedgerEvent;

/// <summary>
/// The issuer reported the number of shares of a class outstanding as of the effective date (a Form 20-F cover page, a
/// Form 6-K). Rule 13d-1(j) lets a person compute its percentage from "the most recent quarterly or annual report, and
/// any current report subsequent thereto" of the issuer.
/// </summary>
public sealed record ClassOutstandingReported(string ClassId, ShareCount Shares, string Source) : LedgerEvent;
