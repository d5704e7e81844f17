using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Proviso.Domain.Quantities;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Proviso.Application.Yaml;

/// <summary>
/// A YAML file read for its shape, with every value's position kept: each accessor either returns a typed value or
/// throws an <see cref="InputException"/> naming the file, line, column and what was expected there.
/// </summary>
public sealed class YamlDocument
{
    public string File { get; }
    public YamlNode Root { get; }

    private YamlDocument(string file, YamlNode root)
    {
        File = file;
        Root = root;
    }

    public static YamlDocument Load(string path)
    {
        if (!System.IO.File.Exists(path)) throw new InputException(null, $"{path}: file not found");
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new InputException(null, $"{path}: cannot be read ({ex.Message})");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new InputException(null, $"{path}: cannot be read ({ex.Message})");
        }
        return Parse(path, text);
    }

    public static YamlDocument Parse(string file, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new InputException(new InputLocation(file, (int)ex.Start.Line, (int)ex.Start.Column), "YAML syntax error: " + Clean(ex.Message));
        }
        if (stream.Documents.Count == 0) throw new InputException(new InputLocation(file, 1, 1), "the file is empty; expected a YAML mapping");
        return new YamlDocument(file, stream.Documents[0].RootNode);
    }

    private static string Clean(string message)
    {
        // YamlDotNet prefixes messages with "(Line: x, Col: y, Idx: z) - (Line..): "; the location is reported separately.
        var i = message.LastIndexOf("): ", StringComparison.Ordinal);
        return i >= 0 ? message[(i + 3)..] : message;
    }

    public YamlMap RootMap() => Node.Of(this, Root, "the document").AsMap();

    public InputLocation At(YamlNode node) => new(File, (int)node.Start.Line, (int)node.Start.Column);
}

/// <summary>A YAML node with its document, for typed reading with located errors.</summary>
public readonly record struct Node(YamlDocument Doc, YamlNode Value, string What)
{
    public static Node Of(YamlDocument doc, YamlNode node, string what) => new(doc, node, what);

    public InputLocation Location => Doc.At(Value);

    public InputException Error(string message) => new(Location, message);

    public YamlMap AsMap() => Value is YamlMappingNode m ? new YamlMap(Doc, m, What) : throw Error($"expected a mapping (key: value lines) for {What}");

    public IEnumerable<Node> AsList()
    {
        if (Value is not YamlSequenceNode s) throw Error($"expected a list (lines starting with '- ') for {What}");
        var i = 0;
        foreach (var item in s.Children) yield return new Node(Doc, item, $"{What}[{i++}]");
    }

    public bool IsNull => Value is YamlScalarNode { Value: null or "" or "~" or "null" } sc && sc.Style == ScalarStyle.Plain;

    public string AsString()
    {
        if (Value is not YamlScalarNode s || s.Value is null) throw Error($"expected text for {What}");
        return s.Value;
    }

    public string AsNonEmptyString()
    {
        var s = AsString();
        return string.IsNullOrWhiteSpace(s) ? throw Error($"expected non-empty text for {What}") : s;
    }

    public long AsLong()
    {
        var s = AsString().Replace(",", "").Replace("_", "");
        return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw Error($"expected a whole number for {What}, found '{AsString()}'");
    }

    public int AsInt()
    {
        var v = AsLong();
        return v is >= int.MinValue and <= int.MaxValue ? (int)v : throw Error($"expected a smaller whole number for {What}");
    }

    public ShareCount AsShares()
    {
        var v = AsLong();
        return new ShareCount(v);
    }

    public Fraction AsFraction() =>
        Fraction.TryParse(AsString(), out var f) ? f : throw Error($"expected an exact number (n/d, an integer or a decimal) for {What}, found '{AsString()}'");

    public decimal AsDecimal() =>
        decimal.TryParse(AsString().Replace(",", ""), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : throw Error($"expected a decimal number for {What}, found '{AsString()}'");

    public Money AsMoney() =>
        Money.TryParse(AsString(), out var m) ? m : throw Error($"expected money as 'USD 1,000.00' (ISO currency code, then amount) for {What}, found '{AsString()}'");

    public bool AsBool() => AsString().ToLowerInvariant() switch
    {
        "true" or "yes" => true,
        "false" or "no" => false,
        _ => throw Error($"expected true or false for {What}, found '{AsString()}'"),
    };

    public LocalDate AsDate()
    {
        var r = LocalDatePattern.Iso.Parse(AsString());
        return r.Success ? r.Value : throw Error($"expected a date as yyyy-MM-dd for {What}, found '{AsString()}'");
    }

    public LocalTime AsTime()
    {
        var text = AsString();
        var r = LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(text);
        if (!r.Success) r = LocalTimePattern.ExtendedIso.Parse(text);
        return r.Success ? r.Value : throw Error($"expected a time as HH:mm for {What}, found '{text}'");
    }

    /// <summary>An instant written with an offset ("2021-01-04T09:30:00+08:00") or as UTC ("…Z").</summary>
    public Instant AsInstant()
    {
        var text = AsString();
        var r = OffsetDateTimePattern.ExtendedIso.Parse(text);
        if (r.Success) return r.Value.ToInstant();
        var u = InstantPattern.ExtendedIso.Parse(text);
        return u.Success ? u.Value : throw Error($"expected a moment with its offset, e.g. 2021-01-04T09:30:00+08:00, for {What}, found '{text}'");
    }

    public T AsEnum<T>() where T : struct, Enum
    {
        var text = AsString().Replace("-", "").Replace("_", "").Replace(" ", "");
        foreach (var name in Enum.GetNames<T>())
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase)) return Enum.Parse<T>(name);
        throw Error($"expected one of {string.Join(", ", Enum.GetNames<T>().Select(Kebab))} for {What}, found '{AsString()}'");
    }

    public static string Kebab(string pascal)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0) sb.Append('-');
            sb.Append(char.ToLowerInvariant(pascal[i]));
        }
        return sb.ToString();
    }
}

/// <summary>A YAML mapping that knows which keys were read, so unknown keys can be reported as mistakes.</summary>
public sealed class YamlMap
{
    private readonly YamlDocument _doc;
    private readonly YamlMappingNode _node;
    private readonly string _what;

    public YamlMap(YamlDocument doc, YamlMappingNode node, string what)
    {
        _doc = doc;
        _node = node;
        _what = what;
    }

    public InputLocation Location => _doc.At(_node);

    public IEnumerable<string> Keys => _node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "");

    public bool Has(string key) => TryGet(key, out _);

    public bool TryGet(string key, out Node value)
    {
        foreach (var (k, v) in _node.Children)
        {
            if (k is YamlScalarNode s && s.Value == key)
            {
                value = new Node(_doc, v, $"'{key}'");
                return !value.IsNull;
            }
        }
        value = default;
        return false;
    }

    public Node Required(string key) =>
        TryGet(key, out var v) ? v : throw new InputException(Location, $"{_what} is missing '{key}'");

    public Node? Optional(string key) => TryGet(key, out var v) ? v : null;

    /// <summary>Reports the first key that is not one of <paramref name="allowed"/> (a misspelt key is an error, not silently ignored).</summary>
    public void AllowOnly(params string[] allowed)
    {
        foreach (var (k, _) in _node.Children)
        {
            if (k is not YamlScalarNode s || allowed.Contains(s.Value)) continue;
            throw new InputException(_doc.At(k), $"unknown key '{s.Value}' in {_what}; expected one of: {string.Join(", ", allowed)}");
        }
    }

    public string String(string key) => Required(key).AsNonEmptyString();
    public string? OptionalString(string key) => Optional(key)?.AsString();
}
