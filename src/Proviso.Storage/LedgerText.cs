using NodaTime;
using NodaTime.Text;

namespace Proviso.Storage;

/// <summary>
/// The text forms both stores use for dates and instants. They are the forms <see cref="Domain.Ledger.HashChain"/>
/// hashes (ISO <c>uuuu-MM-dd</c> and NodaTime's extended ISO instant with up to nine fractional digits), written by the
/// same <see cref="Domain.Time.IsoText"/>, so a stored entry parses back to exactly the values that were sealed.
/// </summary>
internal static class LedgerText
{
    public static string? FormatDate(LocalDate? date)
    {
        if (date is not { } d) return null;
        Span<char> text = stackalloc char[Domain.Time.IsoText.MaxDateLength];
        return new string(text[..Domain.Time.IsoText.Format(d, text)]);
    }

    public static string FormatInstant(Instant instant)
    {
        Span<char> text = stackalloc char[Domain.Time.IsoText.MaxInstantLength];
        return new string(text[..Domain.Time.IsoText.Format(instant, text)]);
    }

    public static LocalDate ParseDate(string text, string companyId, long sequence)
    {
        var result = LocalDatePattern.Iso.Parse(text);
        return result.Success
            ? result.Value
            : throw new StoreUnavailableException(
                $"Ledger entry {sequence} of company '{companyId}' has an unreadable effective date '{text}'; the stored row was altered outside Proviso.");
    }

    public static Instant ParseInstant(string text, string companyId, long sequence)
    {
        var result = InstantPattern.ExtendedIso.Parse(text);
        return result.Success
            ? result.Value
            : throw new StoreUnavailableException(
                $"Ledger entry {sequence} of company '{companyId}' has an unreadable recorded instant '{text}'; the stored row was altered outside Proviso.");
    }

    /// <summary>Collapses a driver message to one line for <see cref="StoreUnavailableException"/>.</summary>
    public static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
