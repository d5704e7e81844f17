using System.Text.RegularExpressions;

namespace Proviso.Application.Documents;

/// <summary>One paragraph of an agreement's text, with the section anchor it starts (if any).</summary>
public sealed record TextParagraph(string? Anchor, string? Section, string Text, bool IsHeading);

/// <summary>
/// An agreement's text split into paragraphs with an anchor for every numbered section and lettered or numbered
/// subsection ("2.2", "2.2(ii)", "Section 1.05", "(b)" within 1.05), matching <see cref="Domain.Agreements.Citation.Anchor"/>
/// so that a citation such as "s.2.2(ii)" links to "#s-2-2-ii".
/// </summary>
public static partial class AgreementText
{
    [GeneratedRegex(@"^(?:Section\s+)?(\d+(?:\.\d+)+)\s+\S")]
    private static partial Regex Numbered();

    [GeneratedRegex(@"^(\d+)\.\s+\S")]
    private static partial Regex Article();

    [GeneratedRegex(@"^\(([ivx]+|[a-z]|\d+)\)\s")]
    private static partial Regex Sub();

    public static IReadOnlyList<TextParagraph> Parse(string text)
    {
        var result = new List<TextParagraph>();
        string? current = null;
        string? roman = null; // the current roman-numbered subsection, under which lettered items nest
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            string? section = null;
            var heading = false;
            if (Numbered().Match(line) is { Success: true } m)
            {
                current = m.Groups[1].Value;
                roman = null;
                section = current;
                heading = line.StartsWith("Section", StringComparison.Ordinal) || line.Length < 120;
            }
            else if (Article().Match(line) is { Success: true } a && line.Length < 120)
            {
                current = a.Groups[1].Value;
                roman = null;
                section = current;
                heading = true;
            }
            else if (current is not null && Sub().Match(line) is { Success: true } s)
            {
                var label = s.Groups[1].Value;
                var isRoman = label.All(ch => ch is 'i' or 'v' or 'x') && (roman is not null || label == "i");
                if (isRoman)
                {
                    roman = label;
                    section = $"{current}({label})";
                }
                else
                {
                    section = roman is null ? $"{current}({label})" : $"{current}({roman})({label})";
                }
            }
            string? anchor = null;
            if (section is not null)
            {
                var candidate = new Domain.Agreements.Citation("", section).Anchor;
                if (seen.Add(candidate)) anchor = candidate;
            }
            result.Add(new TextParagraph(anchor, section, line, heading));
        }
        return result;
    }

    /// <summary>The text file for an agreement in a company directory (documents/&lt;id&gt;.txt), or null.</summary>
    public static string? Find(string? companyDirectory, string agreementId)
    {
        if (string.IsNullOrEmpty(companyDirectory)) return null;
        var path = Path.Combine(companyDirectory, "documents", agreementId + ".txt");
        return File.Exists(path) ? path : null;
    }
}
