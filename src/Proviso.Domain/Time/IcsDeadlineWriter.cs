using System.Security.Cryptography;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace Proviso.Domain.Time;

/// <summary>
/// Writes deadlines as an iCalendar (RFC 5545) calendar: one all-day <c>VEVENT</c> per deadline on its due date, with
/// the explanation as the description. Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 sequence);
/// TEXT values escape backslash, semicolon, comma and newline. <c>DTSTAMP</c> is passed in (the domain reads no
/// clock), and each <c>UID</c> is stable for a deadline: it depends only on the deadline's name, citation and trigger,
/// so recomputing a deadline (say, after a calendar correction) updates the same event.
/// </summary>
public static class IcsDeadlineWriter
{
    private const int MaxOctets = 75;
    private static readonly LocalDatePattern BasicDate = LocalDatePattern.CreateWithInvariantCulture("uuuuMMdd");
    private static readonly InstantPattern BasicUtc = InstantPattern.CreateWithInvariantCulture("uuuuMMdd'T'HHmmss'Z'");

    /// <summary>The calendar text for <paramref name="deadlines"/>, stamped <paramref name="timestamp"/>.</summary>
    public static string Write(IEnumerable<Deadline> deadlines, Instant timestamp, string productId = "-//Proviso//Deadlines//EN")
    {
        ArgumentNullException.ThrowIfNull(deadlines);
        var sb = new StringBuilder();
        Line(sb, "BEGIN:VCALENDAR");
        Line(sb, "VERSION:2.0");
        Line(sb, "PRODID:" + productId);
        Line(sb, "CALSCALE:GREGORIAN");
        Line(sb, "METHOD:PUBLISH");
        foreach (var d in deadlines)
        {
            Line(sb, "BEGIN:VEVENT");
            Line(sb, "UID:" + Uid(d));
            Line(sb, "DTSTAMP:" + BasicUtc.Format(timestamp));
            Line(sb, "DTSTART;VALUE=DATE:" + BasicDate.Format(d.DueDate));
            Line(sb, "DTEND;VALUE=DATE:" + BasicDate.Format(d.DueDate.PlusDays(1)));
            Line(sb, "SUMMARY:" + Escape($"{d.Name} ({d.Citation})"));
            Line(sb, "DESCRIPTION:" + Escape(d.Explanation));
            Line(sb, "TRANSP:TRANSPARENT");
            Line(sb, "END:VEVENT");
        }

        Line(sb, "END:VCALENDAR");
        return sb.ToString();
    }

    /// <summary>The stable UID of a deadline: a hash of its name, citation, trigger and trigger date, "@proviso".</summary>
    public static string Uid(Deadline deadline)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        var key = string.Join(
            "\u001f",
            deadline.Name,
            deadline.Citation.AgreementId,
            deadline.Citation.Section,
            deadline.Trigger.Description,
            TimeText.Date(deadline.Trigger.On));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16)) + "@proviso";
    }

    /// <summary>Escapes a TEXT value (RFC 5545 s.3.3.11).</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Replace("\r\n", "\n", StringComparison.Ordinal))
        {
            sb.Append(c switch
            {
                '\\' => "\\\\",
                ';' => "\\;",
                ',' => "\\,",
                '\n' => "\\n",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    /// <summary>Folds one content line to at most 75 octets per physical line (RFC 5545 s.3.1) and ends each with CRLF.</summary>
    public static string Fold(string contentLine)
    {
        ArgumentNullException.ThrowIfNull(contentLine);
        var sb = new StringBuilder();
        var octets = 0;
        foreach (var rune in contentLine.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > MaxOctets)
            {
                sb.Append("\r\n ");
                octets = 1; // the leading space counts
            }

            sb.Append(rune.ToString());
            octets += size;
        }

        return sb.Append("\r\n").ToString();
    }

    private static void Line(StringBuilder sb, string contentLine) => sb.Append(Fold(contentLine));
}
