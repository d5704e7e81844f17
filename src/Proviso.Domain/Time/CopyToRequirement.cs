using Proviso.Domain.Agreements;

namespace Proviso.Domain.Time;

/// <summary>
/// "Notwithstanding the foregoing, to the extent a 'with a copy to' address is designated, notice must also be given to
/// such address in the manner above for such notice ... to be effective." A notice to a party with a designated copy
/// address is effective only once both the main notice and the copy are served: the later of the two deemed receipts.
/// </summary>
/// <remarks>
/// Interpretation: the copy's own deemed receipt is decided by the same rule as the main notice ("in the manner
/// above"), each at its own place of receipt; until the copy is served, the notice is not effective at all.
/// </remarks>
public static class CopyToRequirement
{
    /// <summary>The effective receipt of a notice whose copy must also be served: the later of <paramref name="main"/> and <paramref name="copy"/>.</summary>
    public static DeemedReceipt Apply(DeemedReceipt main, DeemedReceipt copy, Citation citation)
    {
        ArgumentNullException.ThrowIfNull(main);
        ArgumentNullException.ThrowIfNull(copy);
        ArgumentNullException.ThrowIfNull(citation);
        var copyLater = copy.EffectiveAt > main.EffectiveAt;
        var later = copyLater ? copy : main;
        var sentence =
            $"The main notice is deemed served on {TimeText.Date(main.Date)} ({main.PlaceName}) and the copy on {TimeText.Date(copy.Date)} ({copy.PlaceName}); "
            + $"a designated copy must also be served, so the notice is effective from the {(copyLater ? "copy" : "main notice")}'s service, on {TimeText.Date(later.Date)} ({citation})";
        var sentAt = main.SentAt < copy.SentAt ? main.SentAt : copy.SentAt;
        return later with { SentAt = sentAt, Citation = citation, Explanation = sentence };
    }
}
