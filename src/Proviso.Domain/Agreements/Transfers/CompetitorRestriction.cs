using NodaTime;
using Proviso.Domain.Ledger;

namespace Proviso.Domain.Agreements.Transfers;

/// <summary>
/// ROFR s.2.6(i): "the transferee shall not be the competitors as listed in Schedule C hereto (which also includes any
/// Affiliate of such entities …) or their Affiliates".
/// <para>Interpretation: a transferee is a competitor if its holder id or name is on the list, or if it is on the
/// register and an Affiliate (under the agreement's definition) of a listed competitor on the register. The filed
/// schedule is blank, so the Cloopen terms carry an empty list and the restriction then never bites; that is reported.</para>
/// </summary>
public static class CompetitorRestriction
{
    public static Rejection? Bars(Agreement agreement, FreeTransferTerms terms, Register.Register register, LocalDate on, string transfereeId, string transfereeName)
    {
        var listed = terms.Competitors;
        if (listed.Contains(transfereeId, StringComparer.OrdinalIgnoreCase) || listed.Contains(transfereeName, StringComparer.OrdinalIgnoreCase))
            return new Rejection("transfer.competitor", $"'{transfereeName}' is a listed competitor; Investors may not transfer to it.", terms.CompetitorCitation);
        if (!register.Holders.ContainsKey(transfereeId)) return null;
        var groups = agreement.Affiliate.Groups(agreement, register, on);
        foreach (var c in listed)
        {
            if (register.Holders.ContainsKey(c) && groups.AreAffiliates(c, transfereeId))
                return new Rejection("transfer.competitor-affiliate", $"'{transfereeName}' is an Affiliate of the listed competitor '{c}'; Investors may not transfer to it.", terms.CompetitorCitation);
        }
        return null;
    }
}
