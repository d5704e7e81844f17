using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.FirstRefusal;

/// <summary>A request for unsubscribed shares: who, how many at most, and its weight on the split basis.</summary>
public sealed record OverAllotmentClaim(string HolderId, ShareCount Requested, Fraction Weight);

/// <summary>One round of over-allotment: the pool at its start and what each claimant received.</summary>
public sealed record OverAllotmentRound(int Number, ShareCount PoolAtStart, IReadOnlyList<OverAllotmentGrant> Grants, string Method);

/// <summary>What a claimant received in a round: its exact share of the pool and the whole shares given.</summary>
public sealed record OverAllotmentGrant(string HolderId, Fraction Exact, ShareCount Shares);

/// <summary>The outcome: the rounds, each claimant's total, and the shares no one took.</summary>
public sealed record OverAllotmentResult(ShareCount Pool, IReadOnlyList<OverAllotmentRound> Rounds, IReadOnlyList<OverAllotmentGrant> Allocations, ShareCount Unallocated, OverAllotmentBasis Basis, Citation Citation);

/// <summary>
/// ROFR s.2.2(ii): "To the extent that any Investor does not exercise its right of first refusal to the full extent of
/// its Pro Rata Shares …, the other Investor shall, within ten (10) days after the end of the Option Period (the
/// 'Extension Period'), make such adjustments to the Pro Rata Shares of such Investor exercising its rights of first
/// refusal to the full extent, so that any remaining Offered Shares may be allocated to such Investor (the
/// 'Over-allotment Rights')."
/// <para>Interpretation: only Investors that exercised in full take part; the unsubscribed shares are split among the
/// claimants in rounds, in proportion to their weights on the basis the terms choose; a claimant never receives more
/// than it asked for, and what a satisfied claimant does not need is split again among the others, until the shares or
/// the requests run out. Each round rounds down; when fewer shares remain than would give every claimant a whole share,
/// the last shares go one at a time to the largest fractional parts (ties to the larger weight, then by holder id), so
/// that "any remaining Offered Shares may be allocated" while requests remain.</para>
/// </summary>
public static class OverAllotment
{
    public static OverAllotmentResult Allocate(ShareCount pool, IReadOnlyList<OverAllotmentClaim> claims, OverAllotmentBasis basis, Citation citation)
    {
        var given = claims.ToDictionary(c => c.HolderId, _ => ShareCount.Zero, StringComparer.Ordinal);
        var rounds = new List<OverAllotmentRound>();
        var remaining = pool;
        var number = 0;
        while (remaining.IsPositive)
        {
            var active = claims.Where(c => c.Requested > given[c.HolderId] && c.Weight.Sign > 0).ToList();
            if (active.Count == 0) break;
            var total = Fraction.Sum(active.Select(c => c.Weight));
            var exact = active.Select(c => remaining.ToFraction() * c.Weight / total).ToList();
            var grants = new List<OverAllotmentGrant>();
            var handed = ShareCount.Zero;
            for (var i = 0; i < active.Count; i++)
            {
                var unmet = active[i].Requested - given[active[i].HolderId];
                var take = ShareCount.Min(unmet, WholeShareRounding.Floor(exact[i]));
                grants.Add(new OverAllotmentGrant(active[i].HolderId, exact[i], take));
                handed += take;
            }
            number++;
            if (handed.IsZero)
            {
                // Fewer shares than claimants: one share at a time to the largest fractional parts.
                grants.Clear();
                var order = Enumerable.Range(0, active.Count)
                    .OrderByDescending(i => exact[i] - WholeShareRounding.Floor(exact[i]).ToFraction())
                    .ThenByDescending(i => active[i].Weight)
                    .ThenBy(i => active[i].HolderId, StringComparer.Ordinal)
                    .ToList();
                var left = remaining;
                foreach (var i in order)
                {
                    var take = left.IsPositive ? ShareCount.Of(1) : ShareCount.Zero;
                    grants.Add(new OverAllotmentGrant(active[i].HolderId, exact[i], take));
                    left -= take;
                    handed += take;
                }
                grants = grants.OrderBy(g => g.HolderId, StringComparer.Ordinal).ToList();
                rounds.Add(new OverAllotmentRound(number, remaining, grants, "last shares one at a time to the largest fractional parts"));
            }
            else
            {
                rounds.Add(new OverAllotmentRound(number, remaining, grants, "split in proportion to the weights, rounded down, capped at each request"));
            }
            foreach (var g in grants) given[g.HolderId] += g.Shares;
            remaining -= handed;
        }
        var allocations = claims.Select(c => new OverAllotmentGrant(c.HolderId, given[c.HolderId].ToFraction(), given[c.HolderId])).ToList();
        return new OverAllotmentResult(pool, rounds, allocations, remaining, basis, citation);
    }
}
