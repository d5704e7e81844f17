using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Proviso.Application.Tests.Terms;

/// <summary>
/// docs/terms.schema.json is what editors check terms files against: every example terms file must validate, and a
/// file the loader refuses for its shape must fail it too. A small validator for the draft-07 keywords the schema uses
/// (type, required, properties, additionalProperties, items, enum, oneOf, pattern, minItems, minLength, $ref).
/// </summary>
public sealed class TermsSchemaTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(CloopenExample.RepoRoot, "docs", "terms.schema.json"))).RootElement;

    public static TheoryData<string> TermsFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(CloopenExample.RepoRoot, "examples"), "*.yaml", SearchOption.AllDirectories)
                     .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "terms").Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(CloopenExample.RepoRoot, f));
        return data;
    }

    [Theory]
    [MemberData(nameof(TermsFiles))]
    public void ExampleTerms_ValidateAgainstTheSchema(string file)
    {
        var errors = new List<string>();
        Validate(Load(Path.Combine(CloopenExample.RepoRoot, file)), Schema, "$", errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [InlineData("agreement: { id: x, title: t, date: 2024-01-01, company: c }\nnamed:\n  a: { holder: h }\n", "cite")]
    [InlineData("agreement: { id: x, title: t, date: 2024-01-01, company: c }\npartys: {}\n", "partys")]
    [InlineData("agreement: { id: x, title: t, date: 2024-01-01 }\n", "company")]
    public void MalformedTerms_FailTheSchema(string yaml, string mentioned)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var errors = new List<string>();
        Validate(stream.Documents[0].RootNode, Schema, "$", errors);
        Assert.Contains(errors, e => e.Contains(mentioned));
    }

    private static YamlNode Load(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        return stream.Documents[0].RootNode;
    }

    private static void Validate(YamlNode node, JsonElement schema, string path, List<string> errors)
    {
        if (schema.TryGetProperty("$ref", out var r))
        {
            var name = r.GetString()!.Split('/').Last();
            Validate(node, Schema.GetProperty("definitions").GetProperty(name), path, errors);
            return;
        }
        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var matches = oneOf.EnumerateArray().Count(s =>
            {
                var e = new List<string>();
                Validate(node, s, path, e);
                return e.Count == 0;
            });
            if (matches != 1) errors.Add($"{path}: matches {matches} of the oneOf alternatives, not exactly one");
        }
        if (schema.TryGetProperty("type", out var type) && !TypeMatches(node, type))
        {
            errors.Add($"{path}: expected {type}, found {Describe(node)}");
            return;
        }
        if (schema.TryGetProperty("enum", out var en) && !en.EnumerateArray().Any(v => node is YamlScalarNode s && s.Value == v.GetString()))
            errors.Add($"{path}: '{(node as YamlScalarNode)?.Value}' is not one of {en}");
        if (schema.TryGetProperty("pattern", out var pattern) && node is YamlScalarNode ps && !System.Text.RegularExpressions.Regex.IsMatch(ps.Value ?? "", pattern.GetString()!))
            errors.Add($"{path}: '{ps.Value}' does not match {pattern.GetString()}");
        if (schema.TryGetProperty("minLength", out var minLength) && node is YamlScalarNode ms && (ms.Value ?? "").Length < minLength.GetInt32())
            errors.Add($"{path}: shorter than {minLength.GetInt32()}");
        if (node is YamlMappingNode map)
        {
            var keys = map.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!).ToList();
            if (schema.TryGetProperty("required", out var req))
                foreach (var k in req.EnumerateArray().Select(x => x.GetString()!))
                    if (!keys.Contains(k)) errors.Add($"{path}: missing required '{k}'");
            schema.TryGetProperty("properties", out var props);
            foreach (var (k, v) in map.Children)
            {
                var key = ((YamlScalarNode)k).Value!;
                if (props.ValueKind == JsonValueKind.Object && props.TryGetProperty(key, out var ps2)) Validate(v, ps2, $"{path}.{key}", errors);
                else if (schema.TryGetProperty("additionalProperties", out var ap))
                {
                    if (ap.ValueKind == JsonValueKind.False) errors.Add($"{path}: unknown key '{key}'");
                    else if (ap.ValueKind == JsonValueKind.Object) Validate(v, ap, $"{path}.{key}", errors);
                }
            }
        }
        if (node is YamlSequenceNode seq)
        {
            if (schema.TryGetProperty("minItems", out var min) && seq.Children.Count < min.GetInt32()) errors.Add($"{path}: fewer than {min.GetInt32()} items");
            if (schema.TryGetProperty("items", out var items))
                for (var i = 0; i < seq.Children.Count; i++) Validate(seq.Children[i], items, $"{path}[{i}]", errors);
        }
    }

    private static bool TypeMatches(YamlNode node, JsonElement type)
    {
        var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
        return types.Any(t => t switch
        {
            "object" => node is YamlMappingNode,
            "array" => node is YamlSequenceNode,
            "string" => node is YamlScalarNode,
            "boolean" => node is YamlScalarNode { Value: "true" or "false" },
            "integer" => node is YamlScalarNode s && long.TryParse((s.Value ?? "").Replace("_", ""), out _),
            "number" => node is YamlScalarNode n && decimal.TryParse((n.Value ?? "").Replace("_", ""), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _),
            _ => false,
        });
    }

    private static string Describe(YamlNode n) => n switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"'{s.Value}'",
        _ => n.NodeType.ToString(),
    };
}
