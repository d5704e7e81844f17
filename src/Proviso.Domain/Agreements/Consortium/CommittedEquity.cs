using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>One member's committed equity: its cash commitment, its rollover shares valued at the per-share price, and its share of the total.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="EquityCommitment">The cash it commits (zero if none).</param>
/// <param name="RolloverShares">The Company Shares it rolls over.</param>
/// <param name="RolloverValue">Those shares at the per-share price (exact).</param>
/// <param name="Total">Commitment plus rollover value (exact, in the commitment currency).</param>
/// <param name="Share">Its fraction of all members' committed equity (zero when the total is zero).</param>
public sealed record CommittedEquityLine(string MemberId, Money EquityCommitment, ShareCount RolloverShares, Fraction RolloverValue, Fraction Total, Fraction Share);

/// <summary>Committed equity ownership of Holdco for a set of members, with the per-share price used.</summary>
public sealed record CommittedEquityTable(Currency Currency, Money? PricePerShare, IReadOnlyList<CommittedEquityLine> Lines, Fraction Total, Citation Citation, string Explanation)
{
    /// <summary>The member's line, or null if it has none.</summary>
    public CommittedEquityLine? For(string memberId) => Lines.FirstOrDefault(l => l.MemberId == memberId);

    /// <summary>Weights for an allocation among <paramref name="memberIds"/>: each one's committed equity.</summary>
    public IReadOnlyList<(string PartyId, Fraction Weight)> Weights(IEnumerable<string> memberIds) =>
        memberIds.Select(id => (id, For(id)?.Total ?? Fraction.Zero)).ToList();
}

/// <summary>
/// Committed equity ownership of Holdco, the basis of every pro rata split (s.3.01(b): "ratably in proportion to their
/// respective committed equity ownership directly or indirectly in Holdco"; s.3.01(d)). s.1.03(b): each Sponsor rolls
/// over Company Shares "and/or" delivers an equity commitment letter, "in each case at the same implied per share
/// valuation for the Company Shares and on the same price per equity security of Holdco".
/// </summary>
/// <remarks>
/// Interpretation: because every member's Holdco equity is issued at the same price per Holdco security, each member's
/// ownership is proportional to the value it contributes: its cash commitment plus its rollover shares times the implied
/// per-share valuation of the Company Shares (an input: the Definitive Agreement sets it, s.1.03(b) and the CEO Entity's
/// rollover undertaking). With no rollover, the price is not needed. Amounts are exact; nothing is rounded here.
/// </remarks>
public static class CommittedEquity
{
    /// <summary>The table for <paramref name="memberIds"/> (every member ever admitted when null); <paramref name="pricePerShare"/> overrides the valuation recorded in the ledger.</summary>
    /// <exception cref="ArgumentException">A rollover is recorded but no per-share price is given, or the price or a commitment is in another currency.</exception>
    public static CommittedEquityTable Compute(ConsortiumState state, Money? pricePerShare, IEnumerable<string>? memberIds = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        var currency = state.Terms.Commitments.Currency;
        var ids = (memberIds ?? state.Members.Select(m => m.Id)).ToList();
        pricePerShare ??= state.PricePerShare;
        if (pricePerShare is { } p && p.Currency.Code != currency.Code)
            throw new ArgumentException($"the per-share price is in {p.Currency.Code}, but commitments are in {currency.Code}; amounts in different currencies are never mixed", nameof(pricePerShare));
        if (pricePerShare is { IsNegative: true }) throw new ArgumentException("the per-share price cannot be negative", nameof(pricePerShare));
        var raw = new List<(string Id, Money Cash, ShareCount Shares, Fraction Rollover, Fraction Total)>();
        foreach (var id in ids)
        {
            state.Commitments.TryGetValue(id, out var c);
            var cash = c?.EquityCommitment ?? Money.Zero(currency);
            if (cash.Currency.Code != currency.Code)
                throw new ArgumentException($"{id}'s equity commitment is in {cash.Currency.Code}, but commitments are in {currency.Code}", nameof(state));
            var shares = c?.RolloverShares ?? ShareCount.Zero;
            if (shares.IsPositive && pricePerShare is null)
                throw new ArgumentException($"{id} rolls over {shares} Company Shares; the implied per-share valuation (s.1.03(b)) is needed to value them: give a price per share or record the valuation", nameof(pricePerShare));
            var rollover = shares.IsPositive ? shares.ToFraction() * pricePerShare!.Value.ToFraction() : Fraction.Zero;
            raw.Add((id, cash, shares, rollover, cash.ToFraction() + rollover));
        }

        var total = Fraction.Sum(raw.Select(r => r.Total));
        var lines = raw.Select(r => new CommittedEquityLine(r.Id, r.Cash, r.Shares, r.Rollover, r.Total, total.IsZero ? Fraction.Zero : r.Total / total)).ToList();
        var price = pricePerShare is { } pp ? $"rollover shares valued at {pp.ToInvariantString()} per Company Share" : "no rollover shares valued (no per-share price given)";
        return new CommittedEquityTable(currency, pricePerShare, lines, total, state.Terms.Commitments.Citation,
            $"Committed equity is each member's cash commitment plus its rollover shares at the same implied per-share valuation; {price} ({state.Terms.Commitments.Citation})");
    }
}
