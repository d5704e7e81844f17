using NodaTime;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>When a notice to a member takes effect, and what the copy to its counsel changes.</summary>
/// <param name="PartyId">The addressee.</param>
/// <param name="Main">Deemed receipt at the main address.</param>
/// <param name="Copy">Deemed receipt of the copy, if one was sent.</param>
/// <param name="EffectiveAt">When the notice takes effect.</param>
/// <param name="EffectiveOn">The date of deemed receipt that decides.</param>
/// <param name="Explanation">One sentence.</param>
public sealed record NoticeEffect(string PartyId, DeemedReceipt Main, DeemedReceipt? Copy, Instant EffectiveAt, LocalDate EffectiveOn, string Explanation);

/// <summary>
/// Deemed receipt of a notice to a member (Art. VII, s.7.01): "All such notices … shall be deemed received on the date of
/// receipt by the recipient thereof if received prior to 5:00 p.m. on a Business Day in the place of receipt. Otherwise
/// … on the next succeeding Business Day in the place of receipt." Each address is given "with a copy (which shall not
/// constitute notice) to" counsel.
/// </summary>
/// <remarks>
/// Interpretation: the place of receipt is the main address's time zone and the agreement's Business Day calendar; the
/// cut-off is strict (a notice received at 17:00:00 counts the next Business Day). Whether the copy matters is a term
/// (<see cref="NoticeTerms.CopyIsConditionOfEffectiveness"/>): here the copy "shall not constitute notice", so the notice
/// is effective on the main address's deemed receipt whether or not, or whenever, the copy is sent — unlike a clause under
/// which notice "must also be given to such address … to be effective" (then the later of the two decides).
/// </remarks>
public static class NoticeReceipt
{
    /// <summary>The effect of a notice to <paramref name="partyId"/> sent as <paramref name="main"/>, with <paramref name="copy"/> to its copy address if sent.</summary>
    /// <exception cref="ArgumentException">The terms give no address for the party.</exception>
    public static NoticeEffect Decide(ConsortiumState state, string partyId, NoticeDispatch main, NoticeDispatch? copy)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(main);
        var t = state.Terms.Notices;
        var rule = new ReceiptCutoff(t.Citation, t.Cutoff);
        var mainAddress = t.Addresses.FirstOrDefault(a => a.PartyId == partyId && !a.IsCopy)
            ?? throw new ArgumentException($"the terms of {state.AgreementId} give no notice address for '{partyId}'", nameof(partyId));
        var mainReceipt = rule.Apply(main, Place(state, mainAddress));
        DeemedReceipt? copyReceipt = null;
        var copyAddress = t.Addresses.FirstOrDefault(a => a.PartyId == partyId && a.IsCopy);
        if (copy is not null && copyAddress is not null) copyReceipt = rule.Apply(copy, Place(state, copyAddress));
        if (t.CopyIsConditionOfEffectiveness && copyAddress is not null)
        {
            if (copyReceipt is null)
                return new NoticeEffect(partyId, mainReceipt, null, Instant.MaxValue, mainReceipt.Date,
                    $"The copy to {copyAddress.Name} must also be given for the notice to be effective, and it has not been sent ({t.CopyCitation})");
            var both = CopyToRequirement.Apply(mainReceipt, copyReceipt, t.CopyCitation);
            return new NoticeEffect(partyId, mainReceipt, copyReceipt, both.EffectiveAt, both.Date, both.Explanation);
        }

        var copyWords = copyAddress is null
            ? "no copy address is designated"
            : copy is null
                ? $"no copy was sent to {copyAddress.Name}, which does not matter: the copy \"shall not constitute notice\""
                : $"the copy to {copyAddress.Name} (deemed received {ConsortiumText.Date(copyReceipt!.Date)}) \"shall not constitute notice\" and does not change when the notice takes effect";
        return new NoticeEffect(partyId, mainReceipt, copyReceipt, mainReceipt.EffectiveAt, mainReceipt.Date,
            $"{mainReceipt.Explanation}; {copyWords} ({t.CopyCitation})");
    }

    private static PlaceOfReceipt Place(ConsortiumState state, NoticeAddressTerm a) =>
        new($"{a.Name}, {a.Address}", DateTimeZoneProviders.Tzdb[a.Zone], state.Calendar);
}
