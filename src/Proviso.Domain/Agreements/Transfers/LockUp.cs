using NodaTime;
using Proviso.Domain.Ledger;

namespace Proviso.Domain.Agreements.Transfers;

/// <summary>
/// ROFR s.3: "each Principal and each holder of Ordinary Shares shall not during the period commencing on the date of
/// the final prospectus relating to the first underwritten registered public offering … and ending on the date specified
/// by the Company and the managing underwriter (such period not to exceed one hundred eighty (180) days from the date of
/// such final prospectus …) … transfer or dispose of … any Equity Securities".
/// <para>Interpretation: the period includes the prospectus date and the end date the company and the underwriter
/// specify; an end date more than the stated maximum of days after the prospectus date is refused when recorded. The
/// clause's "or such other period as required by applicable Laws" is not modelled: a longer period must be recorded as
/// an amendment of the terms.</para>
/// </summary>
public static class LockUp
{
    /// <summary>Whether a recorded lock-up end date is within the maximum.</summary>
    public static Rejection? CheckRecord(LockUpTerms terms, LocalDate prospectusDate, LocalDate endsOn)
    {
        if (endsOn < prospectusDate)
            return new Rejection("lock-up.ends-before-start", $"The lock-up cannot end ({endsOn:yyyy-MM-dd}) before the final prospectus date ({prospectusDate:yyyy-MM-dd}).", terms.Citation);
        var max = prospectusDate.PlusDays(terms.MaxDays);
        return endsOn > max
            ? new Rejection("lock-up.too-long", $"The lock-up may not exceed {terms.MaxDays} days from the final prospectus date {prospectusDate:yyyy-MM-dd}, i.e. end after {max:yyyy-MM-dd}; {endsOn:yyyy-MM-dd} was given.", terms.Citation)
            : null;
    }

    /// <summary>The reason a transfer on <paramref name="on"/> by a holder in a locked-up role is barred, or null.</summary>
    public static Rejection? Bars(LockUpTerms terms, LockUpRecorded? lockUp, bool transferorLockedUp, LocalDate on)
    {
        if (lockUp is null || !transferorLockedUp) return null;
        return on >= lockUp.ProspectusDate && on <= lockUp.EndsOn
            ? new Rejection("lock-up.in-force", $"The lock-up runs from the final prospectus date {lockUp.ProspectusDate:yyyy-MM-dd} to {lockUp.EndsOn:yyyy-MM-dd}; no transfer on {on:yyyy-MM-dd}.", terms.Citation)
            : null;
    }
}
