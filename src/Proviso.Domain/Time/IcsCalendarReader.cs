using System.Text;
using NodaTime;
using NodaTime.Text;

namespace Proviso.Domain.Time;

/// <summary>
/// Reads calendar facts from iCalendar text (RFC 5545), as exported by most calendar programs. Each <c>VEVENT</c> must be
/// all-day: <c>DTSTART;VALUE=DATE:20240210</c> (or <c>DTSTART:20240210</c>), with an optional exclusive
/// <c>DTEND;VALUE=DATE</c> for a block of days, and a <c>SUMMARY</c> that names it. Every day of an event is a
/// <see cref="CalendarFactKind.Holiday"/>, unless the event has <c>CATEGORIES:WORKDAY</c>, which makes it a declared
/// working day (to record a make-up day or to cancel a projected holiday). A summary ending <c> [projected]</c> is kept
/// as projected. Folded lines are unfolded; errors give the line where the content line starts.
/// </summary>
public static class IcsCalendarReader
{
    private static readonly LocalDatePattern BasicDate = LocalDatePattern.CreateWithInvariantCulture("uuuuMMdd");

    /// <summary>Parses <paramref name="text"/>; see the type summary for what is accepted.</summary>
    public static CalendarFileResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var facts = new List<CalendarFact>();
        var errors = new List<CalendarFileError>();
        var seen = new Dictionary<LocalDate, int>();
        var lines = Unfold(text);
        if (lines.Count == 0 || !string.Equals(lines[0].Text, "BEGIN:VCALENDAR", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new CalendarFileError(lines.Count == 0 ? 1 : lines[0].Line, 1, $"expected 'BEGIN:VCALENDAR', found '{(lines.Count == 0 ? "an empty file" : lines[0].Text)}'"));
            return CalendarFileResult.From(facts, errors);
        }

        Event? current = null;
        var calendarEnded = false;
        foreach (var (lineNumber, content) in lines.Skip(1))
        {
            var colon = content.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                errors.Add(new CalendarFileError(lineNumber, 1, $"expected a content line 'NAME[;PARAM=VALUE]:VALUE', found '{content}'"));
                continue;
            }

            var head = content[..colon];
            var value = content[(colon + 1)..];
            var nameAndParams = head.Split(';');
            var name = nameAndParams[0].ToUpperInvariant();
            var parameters = nameAndParams.Skip(1).ToArray();

            if (name == "BEGIN" && value.Equals("VEVENT", StringComparison.OrdinalIgnoreCase))
            {
                if (current is not null)
                {
                    errors.Add(new CalendarFileError(lineNumber, 1, $"expected 'END:VEVENT' for the event that begins on line {current.BeginLine}, found another 'BEGIN:VEVENT'"));
                }

                current = new Event(lineNumber);
                continue;
            }

            if (name == "END" && value.Equals("VEVENT", StringComparison.OrdinalIgnoreCase))
            {
                if (current is null)
                {
                    errors.Add(new CalendarFileError(lineNumber, 1, "expected 'BEGIN:VEVENT' before 'END:VEVENT'"));
                    continue;
                }

                Finish(current, lineNumber, facts, errors, seen);
                current = null;
                continue;
            }

            if (name == "END" && value.Equals("VCALENDAR", StringComparison.OrdinalIgnoreCase))
            {
                calendarEnded = true;
                continue;
            }

            if (current is null)
            {
                continue; // calendar properties (VERSION, PRODID, ...) and other components are not facts
            }

            switch (name)
            {
                case "DTSTART":
                    current.Start = ReadDate(lineNumber, head.Length + 2, value, parameters, "DTSTART", errors);
                    current.StartLine = lineNumber;
                    break;
                case "DTEND":
                    current.End = ReadDate(lineNumber, head.Length + 2, value, parameters, "DTEND", errors);
                    break;
                case "SUMMARY":
                    current.Summary = Unescape(value);
                    break;
                case "CATEGORIES":
                    current.Workday |= value.Split(',').Any(c => c.Trim().Equals("WORKDAY", StringComparison.OrdinalIgnoreCase));
                    break;
            }
        }

        if (current is not null)
        {
            errors.Add(new CalendarFileError(current.BeginLine, null, "expected 'END:VEVENT' for the event that begins here, found the end of the file"));
        }
        else if (!calendarEnded)
        {
            errors.Add(new CalendarFileError(lines[^1].Line, null, "expected 'END:VCALENDAR' at the end of the file"));
        }

        return CalendarFileResult.From(facts, errors);
    }

    private static void Finish(Event e, int endLine, List<CalendarFact> facts, List<CalendarFileError> errors, Dictionary<LocalDate, int> seen)
    {
        if (e.Start is not { } start)
        {
            if (e.StartLine == 0)
            {
                errors.Add(new CalendarFileError(e.BeginLine, null, "expected a DTSTART;VALUE=DATE:yyyyMMdd in this event, found none"));
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(e.Summary))
        {
            errors.Add(new CalendarFileError(e.BeginLine, null, "expected a SUMMARY naming the holiday in this event, found none"));
            return;
        }

        var end = e.End ?? start.PlusDays(1);
        if (end <= start)
        {
            errors.Add(new CalendarFileError(endLine, null, $"expected DTEND after DTSTART ({TimeText.Date(start)}), found {TimeText.Date(end)}"));
            return;
        }

        var summary = e.Summary.Trim();
        var projected = summary.EndsWith(CalendarFact.ProjectedSuffix, StringComparison.Ordinal);
        if (projected)
        {
            summary = summary[..^CalendarFact.ProjectedSuffix.Length].TrimEnd();
        }

        for (var d = start; d < end; d = d.PlusDays(1))
        {
            if (seen.TryGetValue(d, out var firstLine))
            {
                errors.Add(new CalendarFileError(e.StartLine, null, $"expected one event per date, but {TimeText.Date(d)} is already in the event on line {firstLine}"));
                continue;
            }

            seen[d] = e.StartLine;
            facts.Add(new CalendarFact(d, e.Workday ? CalendarFactKind.Workday : CalendarFactKind.Holiday, summary, projected));
        }
    }

    private static LocalDate? ReadDate(int line, int column, string value, string[] parameters, string property, List<CalendarFileError> errors)
    {
        var valueType = parameters.Select(p => p.Split('=', 2)).Where(p => p.Length == 2 && p[0].Equals("VALUE", StringComparison.OrdinalIgnoreCase)).Select(p => p[1]).FirstOrDefault();
        if (value.Contains('T', StringComparison.OrdinalIgnoreCase) || (valueType is not null && !valueType.Equals("DATE", StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(new CalendarFileError(line, column, $"expected an all-day {property};VALUE=DATE:yyyyMMdd (a holiday is a whole day), found a date-time '{value}'"));
            return null;
        }

        var parsed = BasicDate.Parse(value.Trim());
        if (!parsed.Success)
        {
            errors.Add(new CalendarFileError(line, column, $"expected {property} as a date yyyyMMdd, found '{value}'"));
            return null;
        }

        return parsed.Value;
    }

    private static string Unescape(string value)
    {
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                sb.Append(value[i] switch { 'n' or 'N' => '\n', var c => c });
            }
            else
            {
                sb.Append(value[i]);
            }
        }

        return sb.ToString();
    }

    private static List<(int Line, string Text)> Unfold(string text)
    {
        var result = new List<(int Line, string Text)>();
        var physical = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < physical.Length; i++)
        {
            var line = i == 0 ? physical[i].TrimStart('\uFEFF') : physical[i];
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && result.Count > 0)
            {
                result[^1] = (result[^1].Line, result[^1].Text + line[1..]);
            }
            else if (line.Length > 0)
            {
                result.Add((i + 1, line));
            }
        }

        return result;
    }

    private sealed class Event(int beginLine)
    {
        public int BeginLine { get; } = beginLine;

        public int StartLine { get; set; }

        public LocalDate? Start { get; set; }

        public LocalDate? End { get; set; }

        public string? Summary { get; set; }

        public bool Workday { get; set; }
    }
}
