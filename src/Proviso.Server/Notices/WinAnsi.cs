using System.Text;

namespace Proviso.Server.Notices;

/// <summary>
/// Text in the PDF's WinAnsiEncoding (PDF Reference 1.4, Appendix D): printable ASCII, the Latin-1 letters and signs
/// (160 to 255), and the 27 Windows-1252 extras from 128 to 159 (€, typographic quotes, dashes, …). Every other
/// character becomes a '?'; the caller learns that something was replaced, so the page can say so.
/// </summary>
public static class WinAnsi
{
    /// <summary>
    /// A replaced character inside an encoded string: code 127, which WinAnsiEncoding leaves unused. It is measured and
    /// written as '?', and lets the writer tell which line (so which page) lost a character.
    /// </summary>
    public const char Replaced = '\u007F';

    private static readonly Dictionary<int, char> Extras = new()
    {
        [0x20AC] = '\u0080', [0x201A] = '\u0082', [0x0192] = '\u0083', [0x201E] = '\u0084', [0x2026] = '\u0085',
        [0x2020] = '\u0086', [0x2021] = '\u0087', [0x02C6] = '\u0088', [0x2030] = '\u0089', [0x0160] = '\u008A',
        [0x2039] = '\u008B', [0x0152] = '\u008C', [0x017D] = '\u008E', [0x2018] = '\u0091', [0x2019] = '\u0092',
        [0x201C] = '\u0093', [0x201D] = '\u0094', [0x2022] = '\u0095', [0x2013] = '\u0096', [0x2014] = '\u0097',
        [0x02DC] = '\u0098', [0x2122] = '\u0099', [0x0161] = '\u009A', [0x203A] = '\u009B', [0x0153] = '\u009C',
        [0x017E] = '\u009E', [0x0178] = '\u009F',
    };

    /// <summary>Combining accents and, for each, the base letters and the WinAnsi codes of the letters they compose to.</summary>
    private static readonly Dictionary<int, (string Bases, string Composed)> Accents = new()
    {
        [0x0300] = ("AEIOUaeiou", "ÀÈÌÒÙàèìòù"),
        [0x0301] = ("AEIOUYaeiouy", "ÁÉÍÓÚÝáéíóúý"),
        [0x0302] = ("AEIOUaeiou", "ÂÊÎÔÛâêîôû"),
        [0x0303] = ("ANOano", "ÃÑÕãñõ"),
        [0x0308] = ("AEIOUYaeiouy", "ÄËÏÖÜ\u009Fäëïöüÿ"),
        [0x030A] = ("Aa", "Åå"),
        [0x030C] = ("SZsz", "\u008A\u008E\u009A\u009E"),
        [0x0327] = ("Cc", "Çç"),
    };

    private static char? Compose(char code, int accent) =>
        Accents.TryGetValue(accent, out var a) && a.Bases.IndexOf(code, StringComparison.Ordinal) is var i and >= 0
            ? a.Composed[i]
            : null;

    private static readonly Dictionary<char, int> Back = Extras.ToDictionary(x => x.Value, x => x.Key);

    /// <summary>
    /// The text as WinAnsi codes, one char (0 to 255) per code: line breaks kept as '\n', tabs as spaces, invisible
    /// format characters (soft hyphen, zero-width space and joiners, byte order mark) dropped, anything else the
    /// encoding lacks as <see cref="Replaced"/>. A letter followed by a combining accent that WinAnsi has precomposed
    /// becomes that letter (e + U+0301 is é); the server runs with invariant globalization, so string.Normalize cannot do it.
    /// </summary>
    public static string Encode(string text, out bool replaced)
    {
        replaced = false;
        var s = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var sb = new StringBuilder(s.Length);
        foreach (var rune in s.EnumerateRunes())
        {
            var v = rune.Value;
            if (v is '\n') sb.Append('\n');
            else if (v is '\t') sb.Append(' ');
            else if (v is 0x00AD or 0x200B or 0x200C or 0x200D or 0x2060 or 0xFEFF) { }
            else if (v is >= 0x20 and <= 0x7E || v is >= 0xA0 and <= 0xFF) sb.Append((char)v);
            else if (v is >= 0x0300 and <= 0x036F && sb.Length > 0 && Compose(sb[^1], v) is { } composed) sb[^1] = composed;
            else if (Extras.TryGetValue(v, out var code)) sb.Append(code);
            else
            {
                sb.Append(Replaced);
                replaced = true;
            }
        }
        return sb.ToString();
    }

    /// <summary>Whether the text would lose a character in WinAnsi.</summary>
    public static bool NeedsReplacement(string text)
    {
        Encode(text, out var replaced);
        return replaced;
    }

    /// <summary>Encoded text back to Unicode as it shows on the page ('?' for each replaced character).</summary>
    public static string Decode(string codes)
    {
        var sb = new StringBuilder(codes.Length);
        foreach (var c in codes)
            sb.Append(c == Replaced ? '?' : Back.TryGetValue(c, out var v) ? (char)v : c);
        return sb.ToString();
    }

    /// <summary>The text as it will show in the PDF: <see cref="Encode"/> then <see cref="Decode"/>.</summary>
    public static string AsShown(string text) => Decode(Encode(text, out _));
}
