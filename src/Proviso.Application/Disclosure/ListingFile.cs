using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;
using Proviso.Domain.Disclosure;

namespace Proviso.Application.Disclosure;

/// <summary>
/// Reads a company's filing record in the shape a market-data site lists it (newest first): a header line "May 3,
/// 2022 NT 20-F" (date, then the EDGAR form type), a title line, an excerpt line, blank lines between. Noise is
/// tolerated: lines before the first header (site headers in any language), further lines after the excerpt (site
/// footers), and lines that start with a date but go on with words rather than a form type are skipped and counted.
/// </summary>
/// <remarks>
/// Exhibits ("EX-99.1") are attached to a main filing of the same date: to the Form 20-F of that date for exhibit
/// numbers below 99 (the Instructions as to Exhibits of Form 20-F number them 1 to 17), else to a registration
/// statement (F-1, S-8, DRS, 424B) of that date; exhibit 99 to a Form 6-K or a Schedule 13D/13G of that date first;
/// correspondence (CORRESP, DRSLTR) only when nothing else was filed that day. An exhibit with no main filing on its date
/// (e.g. the exchange's Form 25 shown as "EX-99.25") is recorded as a filing of its own under its exhibit type.
/// A title of "-" means none.
/// </remarks>
public static partial class ListingFile
{
    [GeneratedRegex(@"^(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}), (\d{4}) (.+)$")]
    private static partial Regex Header();

    [GeneratedRegex(@"^EX-(\d+)")]
    private static partial Regex ExhibitNumber();

    [GeneratedRegex(@"fiscal year ended\s+([A-Z][a-z]+ \d{1,2}, \d{4})", RegexOptions.IgnoreCase)]
    private static partial Regex FiscalYearEnded();

    [GeneratedRegex(@"Commission File Number:\s*(\d{3}-\d{5})|SEC FILE NUMBER\s+(\d{3}-\d{5})|File No\. (\d{3}-\d{5})")]
    private static partial Regex FileNumber();

    private static readonly LocalDatePattern LongDate = LocalDatePattern.CreateWithInvariantCulture("MMMM d, yyyy");

    public sealed record Parsed(IReadOnlyList<SourcedFact> Facts, int Entries, int ExhibitsAttached, int LinesSkipped);

    private sealed class Entry
    {
        public required LocalDate Date;
        public required string Form;
        public required int Line;
        public string? Title;
        public string? Excerpt;
        public int Texts;
        public readonly List<FilingExhibit> Exhibits = new();
    }

    public static Parsed Load(string path)
    {
        if (!File.Exists(path)) throw new InputException(null, $"{path}: file not found");
        return Parse(path, File.ReadAllText(path));
    }

    public static Parsed Parse(string file, string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var entries = new List<Entry>();
        var skipped = 0;
        Entry? current = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            var m = Header().Match(line);
            if (m.Success)
            {
                var rest = m.Groups[4].Value.Trim();
                if (FormTypes.IsFormType(rest))
                {
                    var dateText = $"{m.Groups[1].Value} {m.Groups[2].Value}, {m.Groups[3].Value}";
                    var parsed = LongDate.Parse(dateText);
                    if (!parsed.Success)
                        throw new InputException(new InputLocation(file, i + 1, 1), $"'{dateText}' is not a date (expected e.g. 'May 3, 2022' before the form type)");
                    current = new Entry { Date = parsed.Value, Form = FormTypes.Normalise(rest), Line = i + 1 };
                    entries.Add(current);
                    continue;
                }

                if (rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 2)
                    throw new InputException(new InputLocation(file, i + 1, m.Groups[4].Index + 1), $"'{rest}' is not an EDGAR form type (expected e.g. '20-F', 'NT 20-F', '6-K', 'SC 13G', 'EX-99.1')");
            }

            if (current is null || current.Texts >= 2)
            {
                skipped++;
                continue;
            }

            if (current.Texts == 0) current.Title = line == "-" ? null : line;
            else current.Excerpt = line;
            current.Texts++;
        }

        if (entries.Count == 0)
            throw new InputException(new InputLocation(file, 1, 1), "no filings found: expected lines such as 'May 3, 2022 NT 20-F' followed by a title and an excerpt");

        // Attach exhibits to a main filing of the same date.
        var mains = entries.Where(e => !FormTypes.IsExhibit(e.Form)).ToList();
        var standalone = new List<Entry>();
        var attached = 0;
        foreach (var ex in entries.Where(e => FormTypes.IsExhibit(e.Form)))
        {
            var sameDay = mains.Where(e => e.Date == ex.Date).ToList();
            var number = ExhibitNumber().Match(ex.Form) is { Success: true } n ? int.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 99;
            var target = sameDay.OrderBy(e => Preference(e.Form, number)).FirstOrDefault();
            if (target is null)
            {
                standalone.Add(ex);
                continue;
            }

            target.Exhibits.Add(new FilingExhibit(ex.Form, ex.Title, ex.Excerpt));
            attached++;
        }

        var source = Path.GetFileName(file);
        var filings = mains.Concat(standalone).OrderBy(e => e.Date).ThenByDescending(e => e.Line)
            .Select(e => (ToEvent(e, source), new InputLocation(file, e.Line, 1)));
        return new Parsed(FilingKeys.Keyed(filings), entries.Count, attached, skipped);
    }

    /// <summary>Which main filing of the day an exhibit belongs to, lower first: annual reports and registration statements take numbered exhibits, current reports and schedules take exhibit 99, correspondence last.</summary>
    private static int Preference(string form, int exhibitNumber)
    {
        var annual = form is "20-F" or "20-F/A";
        var registration = form.StartsWith("F-", StringComparison.Ordinal) || form.StartsWith("S-", StringComparison.Ordinal)
            || form.StartsWith("DRS", StringComparison.Ordinal) || form.StartsWith("424B", StringComparison.Ordinal);
        var current = form is "6-K" or "6-K/A" || FormTypes.IsBeneficialOwnershipSchedule(form);
        if (form is "CORRESP" or "DRSLTR" or "UPLOAD") return 9;
        if (exhibitNumber < 99) return annual ? 0 : registration ? 1 : current ? 2 : 3;
        return current ? 0 : registration ? 1 : annual ? 2 : 3;
    }

    private static FilingRecorded ToEvent(Entry e, string source)
    {
        LocalDate? reportDate = null;
        if (FormTypes.IsAnnualReport(e.Form) || FormTypes.IsAnnualReportLateNotice(e.Form))
        {
            var fy = FiscalYearEnded().Match(e.Excerpt ?? "");
            if (fy.Success && LongDate.Parse(fy.Groups[1].Value) is { Success: true } p) reportDate = p.Value;
        }

        string? fileNumber = null;
        if (FileNumber().Match(e.Excerpt ?? "") is { Success: true } fn)
            fileNumber = fn.Groups.Values.Skip(1).First(g => g.Success).Value;

        return new FilingRecorded(null, e.Form, null, reportDate, fileNumber, null, null, e.Title, e.Excerpt, e.Exhibits.ToList(), $"{source} line {e.Line}")
        {
            EffectiveOn = e.Date,
        };
    }
}
