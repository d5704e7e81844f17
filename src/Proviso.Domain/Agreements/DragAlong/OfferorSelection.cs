using NodaTime;
using Proviso.Domain.Ledger;

namespace Proviso.Domain.Agreements.DragAlong;

/// <summary>
/// Who the Determined Offeror may be. ROFR s.4.2(ii): without a binding Exclusion Clause, "the Drag Holders shall have
/// sole discretion to request the other holders … to execute Decisive Agreements … with the Offeror or any of the New
/// Offerors …, provided that: (a) the Decisive Agreement shall be executed with the offeror who offers the highest
/// purchase price of the Group Companies among all offerors; (b) if there are more than one (1) offeror both offering the
/// highest purchase price …, the Decisive Agreement shall be executed with the offeror who can execute the Decisive
/// Agreement the soonest; (c) notwithstanding the above (a) and (b), if the offeror offering the highest valuation …
/// fails to execute the Decisive Agreement …, then the Drag Holders are entitled to, in their reasonable opinion, execute
/// the Decisive Agreement with other offeror who offers lower valuation but can execute and consummate the Decisive
/// Agreement promptly." While an Exclusion Clause binds (s.4.2(i)), only the Offeror can be chosen; with no New Offer,
/// the Offeror is the Determined Offeror under s.4.1.
/// <para>Interpretation: the "purchase price of the Group Companies" is the valuation each offer states; offers are
/// compared exactly, in one currency. An offeror that cannot say when it can sign ranks after those that can. Under (c)
/// the Drag Holders' "reasonable opinion" is theirs to form: any offeror that has not failed may be chosen once a
/// higher offeror has failed, and the choice is recorded with (c) as its basis.</para>
/// </summary>
public static class OfferorSelection
{
    public static OfferorChoice Check(NewOfferTerms? terms, Citation determinedCitation, SaleOffer original, IReadOnlyList<NewOfferReceived> newOffers,
        IReadOnlySet<string> failed, bool exclusionBinds, Citation? exclusionCitation, string chosenId)
    {
        var all = new List<SaleOffer> { original };
        all.AddRange(newOffers.Select(o => o.Offer));
        var chosen = all.FirstOrDefault(o => o.OfferId == chosenId);
        if (chosen is null) return Refuse("drag.unknown-offer", $"There is no offer '{chosenId}' (offers: {string.Join(", ", all.Select(o => o.OfferId))}).", determinedCitation);
        if (failed.Contains(chosenId)) return Refuse("drag.offeror-failed", $"'{chosenId}' failed to execute the Decisive Agreement and cannot be chosen again.", terms?.Fallback ?? determinedCitation);
        if (terms is null || newOffers.Count == 0)
            return chosen == original
                ? Allow("the-offeror", $"{original.OfferorName} is the Offeror whose offer the Drag Holders accepted; there is no other offer.", determinedCitation)
                : Refuse("drag.offeror-order", "Only the Offeror's offer is on the table.", determinedCitation);
        if (exclusionBinds)
            return chosen == original
                ? Allow("exclusion-clause", $"An Exclusion Clause binds, so the Decisive Agreement can only be with the Offeror, {original.OfferorName}.", exclusionCitation ?? terms.ExclusionClause)
                : Refuse("drag.exclusion-clause-binds", $"An Exclusion Clause binds: no holder may execute an agreement with {chosen.OfferorName}, a New Offeror.", exclusionCitation ?? terms.ExclusionClause);
        var ranked = Rank(all);
        var live = ranked.Where(o => !failed.Contains(o.OfferId)).ToList();
        var best = live[0];
        var failedAbove = ranked.Where(o => failed.Contains(o.OfferId) && o.Valuation > best.Valuation).ToList();
        if (failedAbove.Count > 0)
            return Allow("fallback", $"{string.Join(", ", failedAbove.Select(o => $"{o.OfferorName} ({o.Valuation})"))} offered more and failed to execute the Decisive Agreement, so the Drag Holders may choose, in their reasonable opinion, {chosen.OfferorName} ({chosen.Valuation}), who can execute promptly.", terms.Fallback);
        var top = live.Where(o => o.Valuation == best.Valuation).ToList();
        if (top.Count == 1)
            return chosen == best
                ? Allow("highest-price", $"{best.OfferorName} offers the highest valuation of the Group Companies, {best.Valuation}{Others(all, best)}.", terms.HighestPrice)
                : Refuse("drag.offeror-order", $"{best.OfferorName} offers the highest valuation, {best.Valuation}, more than {chosen.OfferorName}'s {chosen.Valuation}: the Decisive Agreement must be executed with it.", terms.HighestPrice);
        var soonest = top.Where(o => o.CanSignBy is not null).Select(o => o.CanSignBy!.Value).DefaultIfEmpty().Min();
        var allowed = top.Where(o => top.All(t => t.CanSignBy is null) || o.CanSignBy == soonest).ToList();
        if (!allowed.Contains(chosen))
            return Refuse("drag.offeror-order", $"{string.Join(" and ", top.Select(o => o.OfferorName))} offer the same highest valuation, {best.Valuation}; {string.Join(" and ", allowed.Select(o => o.OfferorName))} can execute the soonest and must be chosen.", terms.SoonestSigning);
        return Allow("soonest-signing", $"{string.Join(" and ", top.Select(o => o.OfferorName))} offer the same highest valuation, {best.Valuation}; {chosen.OfferorName} can execute the Decisive Agreement the soonest{(chosen.CanSignBy is { } c ? $" (by {c})" : "")}.", terms.SoonestSigning);
    }

    /// <summary>Offers by valuation (highest first), then by when the offeror can sign (soonest first, unknown last), then by id.</summary>
    public static IReadOnlyList<SaleOffer> Rank(IEnumerable<SaleOffer> offers) =>
        offers.OrderByDescending(o => o.Valuation.Amount).ThenBy(o => o.CanSignBy is null).ThenBy(o => o.CanSignBy ?? Instant.MaxValue).ThenBy(o => o.OfferId, StringComparer.Ordinal).ToList();

    private static string Others(IReadOnlyList<SaleOffer> all, SaleOffer best)
    {
        var others = all.Where(o => o != best).ToList();
        return others.Count == 0 ? "" : " (against " + string.Join(", ", others.Select(o => $"{o.OfferorName} {o.Valuation}")) + ")";
    }

    private static OfferorChoice Allow(string basis, string explanation, Citation citation) => new(true, basis, explanation, citation, null);

    private static OfferorChoice Refuse(string rule, string message, Citation citation) => new(false, "", message, citation, new Rejection(rule, message, citation));
}

/// <summary>Whether the choice is allowed, on what basis (the-offeror, exclusion-clause, highest-price, soonest-signing, fallback) and why.</summary>
public sealed record OfferorChoice(bool Allowed, string Basis, string Explanation, Citation Citation, Rejection? Problem);
