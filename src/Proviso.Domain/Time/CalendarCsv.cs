using System.Text;
using NodaTime.Text;

namespace Proviso.Domain.Time;

/// <summary>
/// Reads calendar facts from CSV text in the shipped format: a header <c>date,kind,name</c>, then one row per date,
/// <c>date</c> as <c>yyyy-MM-dd</c>, <c>kind</c> as <c>holiday</c> or <c>workday</c>, and a <c>name</c> that ends
/// <c> [projected]</c> for rows not yet officially announced. Fields may be quoted (<c>"Birthday of Martin Luther
/// King, Jr."</c>, with <c>""</c> for a quote). Blank lines are ignored. Errors carry line and column.
/// </summary>
public static class CalendarCsv
{
    /// <summary>The header every calendar CSV starts with.</summary>
    public const string Header = "date,kind,name";

    /// <summary>Parses <paramref name="text"/>; see the type summary for the format.</summary>
    public static CalendarFileResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var facts = new List<CalendarFact>();
        var errors = new List<CalendarFileError>();
        var seen = new Dictionary<NodaTime.LocalDate, int>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var headerSeen = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var line = i == 0 ? lines[i].TrimStart('\uFEFF') : lines[i];
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (!headerSeen)
            {
                headerSeen = true;
                if (!string.Equals(line.Trim(), Header, StringComparison.Ordinal))
                {
                    errors.Add(new CalendarFileError(lineNumber, 1, $"expected the header '{Header}', found '{line.Trim()}'"));
                    return CalendarFileResult.From(facts, errors);
                }

                continue;
            }

            if (!TrySplit(line, out var fields, out var splitError))
            {
                errors.Add(new CalendarFileError(lineNumber, splitError.Column, splitError.Message));
                continue;
            }

            if (fields.Count != 3)
            {
                errors.Add(new CalendarFileError(lineNumber, 1, $"expected 3 fields (date,kind,name), found {fields.Count}"));
                continue;
            }

            var (dateText, dateColumn) = fields[0];
            var (kindText, kindColumn) = fields[1];
            var (nameText, nameColumn) = fields[2];
            var date = LocalDatePattern.Iso.Parse(dateText.Trim());
            if (!date.Success)
            {
                errors.Add(new CalendarFileError(lineNumber, dateColumn, $"expected a date as yyyy-MM-dd, found '{dateText}'"));
                continue;
            }

            CalendarFactKind kind;
            switch (kindText.Trim())
            {
                case "holiday":
                    kind = CalendarFactKind.Holiday;
                    break;
                case "workday":
                    kind = CalendarFactKind.Workday;
                    break;
                default:
                    errors.Add(new CalendarFileError(lineNumber, kindColumn, $"expected kind 'holiday' or 'workday', found '{kindText}'"));
                    continue;
            }

            var name = nameText.Trim();
            var projected = name.EndsWith(CalendarFact.ProjectedSuffix, StringComparison.Ordinal);
            if (projected)
            {
                name = name[..^CalendarFact.ProjectedSuffix.Length].TrimEnd();
            }

            if (name.Length == 0)
            {
                errors.Add(new CalendarFileError(lineNumber, nameColumn, "expected a name, found an empty field"));
                continue;
            }

            if (seen.TryGetValue(date.Value, out var firstLine))
            {
                errors.Add(new CalendarFileError(lineNumber, dateColumn, $"expected one row per date, but {TimeText.Date(date.Value)} is already on line {firstLine}"));
                continue;
            }

            seen[date.Value] = lineNumber;
            facts.Add(new CalendarFact(date.Value, kind, name, projected));
        }

        if (!headerSeen)
        {
            errors.Add(new CalendarFileError(1, 1, $"expected the header '{Header}', found an empty file"));
        }

        return CalendarFileResult.From(facts, errors);
    }

    /// <summary>Writes facts back in the same format (projected rows keep their suffix).</summary>
    public static string Write(IEnumerable<CalendarFact> facts)
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var f in facts.OrderBy(f => f.Date))
        {
            var name = f.Projected ? f.Name + CalendarFact.ProjectedSuffix : f.Name;
            if (name.Contains(',', StringComparison.Ordinal) || name.Contains('"', StringComparison.Ordinal))
            {
                name = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            }

            sb.Append(TimeText.Date(f.Date)).Append(',')
              .Append(f.Kind == CalendarFactKind.Holiday ? "holiday" : "workday").Append(',')
              .Append(name).Append('\n');
        }

        return sb.ToString();
    }

    private static bool TrySplit(string line, out List<(string Text, int Column)> fields, out (int Column, string Message) error)
    {
        fields = [];
        error = default;
        var i = 0;
        while (true)
        {
            var start = i;
            var sb = new StringBuilder();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        error = (start + 1, "expected a closing quote (\") for the field that starts here");
                        return false;
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    sb.Append(line[i]);
                    i++;
                }

                if (i < line.Length && line[i] != ',')
                {
                    error = (i + 1, $"expected ',' after a quoted field, found '{line[i]}'");
                    return false;
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                {
                    sb.Append(line[i]);
                    i++;
                }
            }

            fields.Add((sb.ToString(), start + 1));
            if (i >= line.Length)
            {
                return true;
            }

            i++; // the comma
        }
    }
}
