using System.Text;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Proviso.Domain.Disclosure;

namespace Proviso.Application.Disclosure;

/// <summary>
/// Reads SEC EDGAR's submissions JSON (https://data.sec.gov/submissions/CIK##########.json): the parallel arrays of
/// <c>filings.recent</c> (accessionNumber, filingDate, reportDate, acceptanceDateTime, form, fileNumber,
/// primaryDocument, primaryDocDescription). Every array must have the same length; an empty string means unknown.
/// Errors name the file, line and column of the offending value.
/// </summary>
public static class EdgarSubmissionsFile
{
    public static readonly string[] Columns = ["accessionNumber", "filingDate", "reportDate", "acceptanceDateTime", "form", "fileNumber", "primaryDocument", "primaryDocDescription"];

    public sealed record Parsed(string? Cik, string? Name, IReadOnlyList<SourcedFact> Facts);

    private readonly record struct Cell(string? Value, int Line, int Column);

    public static Parsed Load(string path)
    {
        if (!File.Exists(path)) throw new InputException(null, $"{path}: file not found");
        return Parse(path, File.ReadAllBytes(path));
    }

    public static Parsed Parse(string file, byte[] utf8)
    {
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
            if (utf8[i] == (byte)'\n') lineStarts.Add(i + 1);
        InputLocation At(long index)
        {
            var line = lineStarts.BinarySearch((int)index);
            if (line < 0) line = ~line - 1;
            return new InputLocation(file, line + 1, (int)index - lineStarts[line] + 1);
        }

        var arrays = new Dictionary<string, List<Cell>>(StringComparer.Ordinal);
        var arrayStart = new Dictionary<string, InputLocation>(StringComparer.Ordinal);
        string? cik = null, name = null;
        var path = new List<string?>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        string? pendingProperty = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingProperty = reader.GetString();
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        path.Add(pendingProperty);
                        pendingProperty = null;
                        if (reader.TokenType == JsonTokenType.StartArray && IsRecentColumn(path, out var column))
                        {
                            arrays[column] = new List<Cell>();
                            arrayStart[column] = At(reader.TokenStartIndex);
                        }

                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        break;
                    default:
                        var loc = At(reader.TokenStartIndex);
                        if (pendingProperty is null && path.Count == 4 && IsRecentColumn(path, out var col))
                        {
                            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                                throw new InputException(loc, $"expected text or null in filings.recent.{col}");
                            arrays[col].Add(new Cell(reader.TokenType == JsonTokenType.Null ? null : reader.GetString(), loc.Line, loc.Column));
                        }
                        else if (path.Count == 1 && pendingProperty == "cik") cik = reader.TokenType == JsonTokenType.Number ? reader.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) : reader.GetString();
                        else if (path.Count == 1 && pendingProperty == "name") name = reader.GetString();

                        pendingProperty = null;
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            throw new InputException(new InputLocation(file, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1), "JSON syntax error: " + ex.Message.Split(" LineNumber:")[0]);
        }

        foreach (var required in new[] { "accessionNumber", "filingDate", "form" })
            if (!arrays.ContainsKey(required))
                throw new InputException(new InputLocation(file, 1, 1), $"filings.recent.{required} is missing: expected EDGAR's submissions JSON with parallel arrays {string.Join(", ", Columns)}");
        var count = arrays["form"].Count;
        foreach (var (col, cells) in arrays)
            if (cells.Count != count)
                throw new InputException(arrayStart[col], $"filings.recent.{col} has {cells.Count} values but filings.recent.form has {count}; the arrays are parallel and must be the same length");

        string? Get(string col, int i) => arrays.TryGetValue(col, out var c) && !string.IsNullOrWhiteSpace(c[i].Value) ? c[i].Value!.Trim() : null;
        InputLocation Where(string col, int i) => new(file, arrays[col][i].Line, arrays[col][i].Column);

        var filings = new List<(FilingRecorded, InputLocation)>();
        var source = Path.GetFileName(file);
        for (var i = 0; i < count; i++)
        {
            var form = Get("form", i) ?? throw new InputException(Where("form", i), $"filings.recent.form[{i}] is empty; every filing needs its form type");
            if (!FormTypes.IsFormType(FormTypes.Normalise(form))) throw new InputException(Where("form", i), $"filings.recent.form[{i}] '{form}' is not an EDGAR form type");
            var filingDate = Date(Get("filingDate", i), Where("filingDate", i), $"filingDate[{i}]")
                ?? throw new InputException(Where("filingDate", i), $"filings.recent.filingDate[{i}] is empty; every filing needs its filing date");
            var reportDate = arrays.ContainsKey("reportDate") ? Date(Get("reportDate", i), Where("reportDate", i), $"reportDate[{i}]") : null;
            Instant? accepted = null;
            if (arrays.ContainsKey("acceptanceDateTime") && Get("acceptanceDateTime", i) is { } at)
            {
                var r = InstantPattern.ExtendedIso.Parse(at);
                accepted = r.Success ? r.Value : throw new InputException(Where("acceptanceDateTime", i), $"filings.recent.acceptanceDateTime[{i}] '{at}' is not an instant (expected e.g. 2022-05-03T16:05:12.000Z)");
            }

            filings.Add((new FilingRecorded(Get("accessionNumber", i), FormTypes.Normalise(form), accepted, reportDate, Get("fileNumber", i),
                Get("primaryDocument", i), Get("primaryDocDescription", i), Get("primaryDocDescription", i), null, [], $"{source} filings.recent[{i}]")
            {
                EffectiveOn = filingDate,
            }, Where("form", i)));
        }

        return new Parsed(cik, name, FilingKeys.Keyed(filings.OrderBy(f => f.Item1.FilingDate)));
    }

    private static bool IsRecentColumn(List<string?> path, out string column)
    {
        column = path.Count == 4 ? path[3] ?? "" : "";
        return path.Count == 4 && path[1] == "filings" && path[2] == "recent" && Columns.Contains(column);
    }

    private static LocalDate? Date(string? text, InputLocation where, string what)
    {
        if (text is null) return null;
        var r = LocalDatePattern.Iso.Parse(text);
        return r.Success ? r.Value : throw new InputException(where, $"filings.recent.{what} '{text}' is not a date (expected yyyy-MM-dd)");
    }
}
