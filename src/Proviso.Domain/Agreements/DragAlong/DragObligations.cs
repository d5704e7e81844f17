using NodaTime;
using Proviso.Domain.Ledger;

namespace Proviso.Domain.Agreements.DragAlong;

/// <summary>
/// What each other holder must do once the Drag-Along Notice is delivered, and what follows when it does not. ROFR s.4.1:
/// "whereupon each such holder shall … (i) sell …, (ii) vote, or give his written consent …, (iii) not exercise any
/// dissenters’ or appraisal rights …, (iv) transfer all of its Equity Securities …, (v) take all necessary actions …".
/// s.4.4: "In the event that any such holder fails for any reason to take any of the foregoing actions under this Section
/// 4 following the Drag-Along Notice, such holder hereby grants an irrevocable power of attorney and proxy to any
/// Director approving the Sale to take all necessary actions and execute and deliver all documents". s.4.11 (for the
/// party the terms name): "any failure by Main Access to perform any of its obligations hereunder as a result of
/// conflicting applicable Listing Rules shall not be regarded as a breach".
/// <para>Interpretation: a failure is recorded with the Director who acts; from then on the Director signs and transfers
/// for the holder, and closing records its legs as executed under the power of attorney. A failure caused by conflicting
/// listing rules is recorded as suspended, not failed: no power of attorney is used against rules that "shall prevail",
/// and that holder's shares do not move at closing.</para>
/// </summary>
public static class DragObligations
{
    public static Decision Decide(Agreement a, DragAlongTerms terms, DragAlongProcess p, RecordDragObligations c)
    {
        if (p.Notice is null) return Decision.Reject("drag.no-notice", "No Drag-Along Notice has been delivered, so no holder is bound yet.", terms.Notice.Citation);
        var obligations = c.Obligations.Count == 0 ? terms.Notice.Obligations.Select(o => o.Id).ToList() : c.Obligations.Distinct().ToList();
        var unknown = obligations.Where(o => terms.Notice.Obligations.All(t => t.Id != o)).ToList();
        if (unknown.Count > 0) return Decision.Reject("drag.unknown-obligation", $"The notice imposes no obligation {string.Join(", ", unknown)}.", terms.Notice.Citation);
        var others = c.Failed.Concat(c.ListingRulesConflict).ToHashSet(StringComparer.Ordinal);
        var performed = DragAlongDecider.Expand(c.Performed, p.Obligations.Keys.Where(h => !others.Contains(h)).Order(StringComparer.Ordinal)).Select(a.HolderOf).ToList();
        var named = performed.Concat(c.Failed).Concat(c.ListingRulesConflict).ToList();
        if (named.Count == 0) return Decision.Reject("drag.no-holders", "Name the holders who performed, failed, or could not perform because of listing rules.");
        var dupes = named.GroupBy(x => x, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (dupes.Count > 0) return Decision.Reject("drag.holder-twice", $"{string.Join(", ", dupes)} appear more than once.");
        var notBound = named.Where(h => !p.Obligations.ContainsKey(h)).ToList();
        if (notBound.Count > 0) return Decision.Reject("drag.not-bound", $"{string.Join(", ", notBound)} did not receive the Drag-Along Notice as other holders (the Drag Holders sell as sellers, not under it).", terms.Notice.Citation);
        if (c.Failed.Count > 0 && string.IsNullOrWhiteSpace(c.Director))
            return Decision.Reject("drag.director-needed", "A failure to act gives a power of attorney to a Director approving the Sale: name the Director who acts.", terms.PowerOfAttorney);
        if (c.ListingRulesConflict.Count > 0)
        {
            if (terms.ListingRules is not { } lr)
                return Decision.Reject("drag.no-listing-rules-override", $"Agreement '{a.Id}' has no listing rules override.", terms.Citation);
            var party = a.HolderOf(lr.Party);
            var notParty = c.ListingRulesConflict.Where(h => h != party).ToList();
            if (notParty.Count > 0) return Decision.Reject("drag.listing-rules-party", $"Only {lr.Party} ({party}) may rely on the {lr.Rules}; not {string.Join(", ", notParty)}.", lr.Citation);
        }
        var events = new List<LedgerEvent>();
        if (performed.Count > 0) events.Add(new DragObligationsPerformed(p.Id, obligations, performed, c.At) { EffectiveOn = c.EffectiveOn });
        foreach (var h in c.Failed)
            events.Add(new DragPowerOfAttorneyArose(p.Id, h, obligations, c.Director!, terms.PowerOfAttorney, c.At) { EffectiveOn = c.EffectiveOn });
        foreach (var h in c.ListingRulesConflict)
            events.Add(new DragObligationSuspended(p.Id, h, obligations, $"performance conflicts with the {terms.ListingRules!.Rules}, which prevail; not a breach", terms.ListingRules.Citation, c.At) { EffectiveOn = c.EffectiveOn });
        return Decision.Accept(events);
    }

    /// <summary>Holders whose transfer or signing is still outstanding (neither performed, under a power of attorney, nor suspended).</summary>
    public static IReadOnlyList<string> Outstanding(DragAlongProcess p, string? buyerId) =>
        p.Obligations.Keys.Where(h => h != buyerId)
            .Where(h => new[] { DragObligation.Transfer, DragObligation.Sign }.Any(o => p.Obligations[h].ContainsKey(o) && p.StateOf(h, o) == ObligationState.Pending))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>The instant form for messages.</summary>
    public static string Moment(Instant at, DateTimeZone zone) => at.InZone(zone).ToString("yyyy-MM-dd HH:mm", null) + $" ({zone.Id})";
}
