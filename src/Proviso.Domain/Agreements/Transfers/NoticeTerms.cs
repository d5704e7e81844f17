using NodaTime;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.Transfers;

/// <summary>
/// The agreement's notice clause as terms (key <c>notices</c>): deemed service by channel with its courier Business Days
/// (ROFR s.6.6: "the earlier of (i) delivery … and (ii) expiration of two (2) Business Days after the letter … is
/// sent"), whether a designated "with a copy to" address must also be served, and where the company receives notices.
/// </summary>
public sealed record NoticeTerms(Citation Citation, int CourierBusinessDays, bool CopyToRequired, Citation? CopyToCitation, CompanyPlace Company) : MechanismTerms(Citation)
{
    /// <summary>The deemed-receipt rule these terms describe.</summary>
    public IDeemedReceiptRule Rule => new ServiceByChannel(Citation, CourierBusinessDays);
}

/// <summary>Where the company receives notices: a name, the time zone whose dates count, and its business hours.</summary>
public sealed record CompanyPlace(string Name, string TimeZone, LocalTime Opens, LocalTime Closes);
