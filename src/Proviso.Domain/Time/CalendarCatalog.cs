using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using NodaTime;

namespace Proviso.Domain.Time;

/// <summary>
/// The calendars available to a run: the built-in jurisdiction calendars (CN, HK, KY, US-FED; facts embedded in this
/// assembly from <c>data/calendars</c>) plus any a user added or overrode. Immutable: every change returns a new catalog.
/// </summary>
public sealed class CalendarCatalog
{
    private static readonly Lazy<CalendarCatalog> BuiltInCatalog = new(LoadBuiltIn);

    private readonly ImmutableSortedDictionary<string, BusinessCalendar> _calendars;

    // The composite calendar of each Business Day definition resolved against this catalog. Both are immutable, so a
    // definition's calendar is built once per catalog (and is collected with the definition).
    private readonly ConditionalWeakTable<BusinessDayDefinition, CompositeCalendar> _composites = new();

    private CalendarCatalog(ImmutableSortedDictionary<string, BusinessCalendar> calendars) => _calendars = calendars;

    /// <summary>The composite calendar of <paramref name="definition"/> from this catalog's calendars, built once per definition.</summary>
    internal CompositeCalendar CompositeOf(BusinessDayDefinition definition) =>
        _composites.TryGetValue(definition, out var known)
            ? known
            : _composites.GetValue(definition, d => new CompositeCalendar(d, d.Jurisdictions.Select(Get).ToList()));

    /// <summary>The calendars shipped with Proviso, 2019-01-01 to 2027-12-31.</summary>
    public static CalendarCatalog BuiltIn => BuiltInCatalog.Value;

    /// <summary>A catalog with no calendars.</summary>
    public static CalendarCatalog Empty { get; } = new(ImmutableSortedDictionary.Create<string, BusinessCalendar>(StringComparer.OrdinalIgnoreCase));

    /// <summary>The ids of the calendars in this catalog, sorted.</summary>
    public IReadOnlyList<string> Ids => _calendars.Keys.ToList();

    /// <summary>All calendars, sorted by id.</summary>
    public IReadOnlyList<BusinessCalendar> Calendars => _calendars.Values.ToList();

    /// <summary>The calendar with this id (case-insensitive).</summary>
    /// <exception cref="KeyNotFoundException">No such calendar; the message lists the ids there are.</exception>
    public BusinessCalendar Get(string id) =>
        TryGet(id, out var calendar)
            ? calendar
            : throw new KeyNotFoundException($"no calendar '{id}'; known calendars: {string.Join(", ", _calendars.Keys)}");

    /// <summary>Looks a calendar up by id (case-insensitive).</summary>
    public bool TryGet(string id, out BusinessCalendar calendar)
    {
        if (_calendars.TryGetValue(id, out var found))
        {
            calendar = found;
            return true;
        }

        calendar = null!;
        return false;
    }

    /// <summary>This catalog with <paramref name="calendar"/> added, or replacing the calendar with the same id.</summary>
    public CalendarCatalog With(BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return new CalendarCatalog(_calendars.SetItem(calendar.Id, calendar));
    }

    /// <summary>
    /// Adds or overrides calendar <paramref name="id"/> from a user file's facts. If a jurisdiction calendar with that id
    /// exists, the user's rows replace its rows date by date (so projected rows can be confirmed or corrected) and its
    /// range grows to cover the years of the file; otherwise a new calendar is created with
    /// <paramref name="weeklyRestDays"/> (Saturday and Sunday if not given) and the years the file covers as its range
    /// (or <paramref name="range"/> if given).
    /// </summary>
    public CalendarCatalog WithUserFacts(
        string id,
        CalendarFileResult file,
        string source,
        IEnumerable<IsoDayOfWeek>? weeklyRestDays = null,
        DateRange? range = null,
        string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(file);
        if (!file.IsSuccess)
        {
            throw new ArgumentException($"calendar file {source} has errors: " + string.Join("; ", file.Errors), nameof(file));
        }

        var covered = range ?? file.YearsCovered;
        if (TryGet(id, out var existing) && existing is JurisdictionCalendar jurisdiction)
        {
            return With(jurisdiction.WithOverrides(file.Facts, source, covered));
        }

        if (covered is null)
        {
            throw new ArgumentException($"calendar file {source} has no rows, so it cannot define a new calendar {id} without a stated range.", nameof(file));
        }

        var rest = weeklyRestDays ?? [IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday];
        return With(new JurisdictionCalendar(id, name ?? $"{id} (user calendar)", rest, file.Facts, covered, source));
    }

    private static CalendarCatalog LoadBuiltIn()
    {
        var range = DateRange.Years(2019, 2027);
        var weekend = new[] { IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday };
        var catalog = Empty;
        catalog = catalog.With(Load("CN", "Mainland China (State Council holiday notices)", weekend, "cn.csv", range));
        catalog = catalog.With(Load("HK", "Hong Kong general holidays", [IsoDayOfWeek.Sunday], "hk.csv", range));
        catalog = catalog.With(Load("KY", "Cayman Islands public holidays", weekend, "ky.csv", range));
        catalog = catalog.With(Load("US-FED", "Federal Reserve (New York banks)", weekend, "us-fed.csv", range));
        return catalog;
    }

    private static JurisdictionCalendar Load(string id, string name, IsoDayOfWeek[] rest, string file, DateRange range)
    {
        var resource = "Proviso.Calendars." + file;
        using var stream = typeof(CalendarCatalog).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The built-in calendar resource {resource} is missing from Proviso.Domain.");
        using var reader = new StreamReader(stream);
        var parsed = CalendarCsv.Parse(reader.ReadToEnd());
        if (!parsed.IsSuccess)
        {
            throw new InvalidOperationException($"The built-in calendar data/calendars/{file} is invalid: " + string.Join("; ", parsed.Errors));
        }

        var outside = parsed.Facts.FirstOrDefault(f => !range.Contains(f.Date));
        if (outside is not null)
        {
            throw new InvalidOperationException($"The built-in calendar data/calendars/{file} has a row for {TimeText.Date(outside.Date)}, outside {range}.");
        }

        return new JurisdictionCalendar(id, name, rest, parsed.Facts, range, $"data/calendars/{file} (provenance in data/calendars/README.md)");
    }
}
