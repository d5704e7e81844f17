using Microsoft.Extensions.Primitives;

namespace Proviso.Server.Api;

/// <summary>
/// The client's preferences (RFC 7240 <c>Prefer</c>) that the API honours: <c>return=minimal</c> on the transfer
/// commands (docs/api.md, "Answers to commands"). Any other preference is ignored, as RFC 7240 s.2 allows.
/// </summary>
internal static class Preferences
{
    /// <summary>The <c>Preference-Applied</c> value of an answer that honoured <c>return=minimal</c>.</summary>
    public const string ReturnMinimal = "return=minimal";

    /// <summary>Whether the request prefers <c>return=minimal</c>: the answer to a command without the resource's new state.</summary>
    public static bool PrefersMinimal(HttpRequest request)
    {
        var headers = request.Headers["Prefer"];
        // The usual header, exactly this one preference: answered without taking it apart.
        if (headers.Count == 1 && headers[0] is { } only && only.AsSpan().Trim().Equals(ReturnMinimal, StringComparison.OrdinalIgnoreCase)) return true;
        return string.Equals(Value(headers, "return"), "minimal", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The value of the preference <paramref name="name"/> in <paramref name="headers"/> (every <c>Prefer</c> header
    /// of a request), unquoted; "" if it is given without one; null if it is not given. Names are compared without
    /// case; a preference given more than once counts the first time (RFC 7240 s.2); its parameters
    /// (<c>;param</c>) are left out.
    /// </summary>
    internal static string? Value(StringValues headers, string name)
    {
        foreach (var header in headers)
        {
            if (header is null) continue;
            foreach (var preference in Split(header, ','))
            {
                var head = Split(preference, ';')[0];
                var equals = head.IndexOf('=');
                if (!string.Equals((equals < 0 ? head : head[..equals]).Trim(), name, StringComparison.OrdinalIgnoreCase)) continue;
                return equals < 0 ? "" : Unquote(head[(equals + 1)..].Trim());
            }
        }
        return null;
    }

    /// <summary><paramref name="text"/> split at each <paramref name="separator"/> outside a quoted string.</summary>
    private static List<string> Split(string text, char separator)
    {
        var parts = new List<string>();
        var (start, quoted) = (0, false);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && quoted) i++;
            else if (text[i] == '"') quoted = !quoted;
            else if (text[i] == separator && !quoted)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }
        parts.Add(text[start..]);
        return parts;
    }

    /// <summary>A quoted string's content (RFC 9110 s.5.6.4: a backslash quotes the next character), or a token as it is.</summary>
    private static string Unquote(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"') return value;
        var content = new System.Text.StringBuilder(value.Length);
        for (var i = 1; i < value.Length - 1; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length - 1) i++;
            content.Append(value[i]);
        }
        return content.ToString();
    }
}
