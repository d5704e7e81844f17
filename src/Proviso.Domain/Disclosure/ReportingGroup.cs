using NodaTime;
using Proviso.Domain.Agreements;

namespace Proviso.Domain.Disclosure;

/// <summary>
/// A group under Rule 13d-5(b)(1): "When two or more persons agree to act together for the purpose of acquiring,
/// holding, voting or disposing of equity securities of an issuer, the group formed thereby shall be deemed to have
/// acquired beneficial ownership, for purposes of sections 13(d) and (g) of the Act, as of the date of such agreement,
/// of all equity securities of that issuer beneficially owned by any such persons." Supplied by whoever knows of the
/// agreement (the consortium); <see cref="Citation"/> names the agreement that formed it.
/// </summary>
public sealed record ReportingGroup(string Id, string Name, IReadOnlyList<string> Members, LocalDate FormedOn, Citation Citation, FilerStatus Status = FilerStatus.Schedule13D)
{
    public static readonly Citation Rule = new("exchange-act", "Rule 13d-5(b)(1)",
        "the group formed thereby shall be deemed to have acquired beneficial ownership ... as of the date of such agreement, of all equity securities of that issuer beneficially owned by any such persons");
}

/// <summary>Which schedule a reporting person files and under which paragraph of Rule 13d-1.</summary>
public enum FilerStatus
{
    /// <summary>Rule 13d-1(a): the general rule, Schedule 13D.</summary>
    Schedule13D,
    /// <summary>Rule 13d-1(b): a qualified institutional investor (broker-dealer, bank, insurer, adviser, ...) without a control purpose; Schedule 13G.</summary>
    QualifiedInstitutional,
    /// <summary>Rule 13d-1(c): a passive investor, less than 20% and no control purpose; Schedule 13G.</summary>
    Passive,
    /// <summary>Rule 13d-1(d): an exempt investor (more than 5% without an acquisition subject to section 13(d), e.g. held before the class was registered); Schedule 13G.</summary>
    Exempt,
}
