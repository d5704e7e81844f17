using NodaTime;
using NodaTime.Text;
using Proviso.Domain.Agreements;

namespace Proviso.Domain.Time;

/// <summary>
/// When a notice counts as received: the local <see cref="Date"/> at the place of receipt, the <see cref="EffectiveAt"/>
/// instant from which it counts, the rule's citation and one sentence that explains it. Never before the notice was sent.
/// </summary>
public sealed record DeemedReceipt(
    NoticeChannel Channel,
    Instant SentAt,
    LocalDate Date,
    Instant EffectiveAt,
    string PlaceName,
    DateTimeZone Zone,
    Citation Citation,
    string Explanation)
{
    /// <summary><see cref="EffectiveAt"/> at the place of receipt.</summary>
    public ZonedDateTime EffectiveAtLocal => EffectiveAt.InZone(Zone);

    /// <summary>A plain, JSON-friendly copy.</summary>
    public DeemedReceiptData ToData() => new(
        NoticeDispatch.Describe(Channel),
        InstantPattern.ExtendedIso.Format(SentAt),
        TimeText.Date(Date),
        InstantPattern.ExtendedIso.Format(EffectiveAt),
        OffsetDateTimePattern.Rfc3339.Format(EffectiveAtLocal.ToOffsetDateTime()),
        PlaceName,
        Zone.Id,
        Citation.AgreementId,
        Citation.Section,
        Explanation);

    /// <inheritdoc />
    public override string ToString() => Explanation;
}

/// <summary>A <see cref="DeemedReceipt"/> as plain strings.</summary>
public sealed record DeemedReceiptData(
    string Channel,
    string SentAtUtc,
    string DeemedReceivedOn,
    string EffectiveAtUtc,
    string EffectiveAtLocal,
    string Place,
    string TimeZone,
    string AgreementId,
    string Section,
    string Explanation);

/// <summary>A rule that decides when a notice is deemed received. Its parameters are terms (data); its citation is the clause.</summary>
public interface IDeemedReceiptRule
{
    /// <summary>The clause the rule implements.</summary>
    Citation Citation { get; }

    /// <summary>When <paramref name="notice"/> is deemed received at <paramref name="place"/>.</summary>
    /// <exception cref="ArgumentException">The rule cannot decide for this notice (e.g. a channel it does not provide for, or a missing delivery time).</exception>
    /// <exception cref="CalendarRangeException">The place's calendar has no facts for a date the rule needs.</exception>
    DeemedReceipt Apply(NoticeDispatch notice, PlaceOfReceipt place);
}
