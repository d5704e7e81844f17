using NodaTime;
using Proviso.Domain.Ledger;

namespace Proviso.Domain.Disclosure;

/// <summary>One recorded filing with the ledger sequence that recorded it.</summary>
public sealed record RecordedFiling(long Sequence, FilingRecorded Filing)
{
    public LocalDate FilingDate => Filing.FilingDate;
    public string Form => FormTypes.Normalise(Filing.Form);
}

/// <summary>
/// A company's filing record as recorded in its ledger: every <see cref="FilingRecorded"/> in filing-date order (then
/// ledger order). Built from the ledger's events; the ledger is the only source.
/// </summary>
public sealed class FilingRecord
{
    private FilingRecord(IReadOnlyList<RecordedFiling> filings) => Filings = filings;

    public IReadOnlyList<RecordedFiling> Filings { get; }

    public static FilingRecord From(IEnumerable<(long Sequence, LedgerEvent Event)> events) =>
        new(events.Where(e => e.Event is FilingRecorded)
            .Select(e => new RecordedFiling(e.Sequence, (FilingRecorded)e.Event))
            .OrderBy(f => f.FilingDate).ThenBy(f => f.Sequence).ToList());

    public IEnumerable<RecordedFiling> OfForm(Func<string, bool> form) => Filings.Where(f => form(f.Form));

    /// <summary>The first registration of a class on an exchange (Form 8-A12B), if recorded.</summary>
    public RecordedFiling? ExchangeRegistration => Filings.FirstOrDefault(f => FormTypes.IsExchangeRegistration(f.Form));
}
