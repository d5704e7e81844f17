using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Proviso.Domain.Agreements;
using Proviso.Domain.Time;

namespace Proviso.Cli.Commands;

/// <summary>
/// <c>proviso calendar</c>: business days, periods and deemed receipt from the command line. Every subcommand prints
/// the domain's one-sentence explanation (or, with <c>--json</c>, the plain data record). Exit codes: 0 ok, 2 bad input.
/// </summary>
public static class CalendarCommands
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The <c>calendar</c> command with its subcommands <c>is-business-day</c>, <c>add</c> and <c>deemed-receipt</c>.</summary>
    public static Command Build()
    {
        var command = new Command("calendar", "Business days, periods and deemed receipt under an agreement's Business Day definition.");
        command.Subcommands.Add(BuildIsBusinessDay());
        command.Subcommands.Add(BuildAdd());
        command.Subcommands.Add(BuildDeemedReceipt());
        return command;
    }

    /// <summary>The options every subcommand shares: which calendars make up "Business Day", and output format.</summary>
    private sealed class CalendarOptions
    {
        public Option<string[]> Calendars { get; } = new("--calendar", "-c")
        {
            Description = "Calendar id(s) whose banks must all be open: CN, HK, KY, US-FED, or one added with --calendar-file. Repeat or separate with commas.",
            AllowMultipleArgumentsPerToken = true,
        };

        public Option<bool> ExcludeWeekends { get; } = new("--exclude-weekends")
        {
            Description = "The definition says Saturdays and Sundays are never Business Days (so a Chinese make-up Saturday does not count).",
        };

        public Option<string?> DefinedIn { get; } = new("--defined-in")
        {
            Description = "Where the Business Day definition is, as AGREEMENT:SECTION (e.g. rofr-cosale-2020:1.1); shown in explanations.",
        };

        public Option<string[]> Files { get; } = new("--calendar-file")
        {
            Description = "ID=PATH: add a calendar, or override an existing one date by date, from a CSV (date,kind,name) or iCalendar (.ics) file. Repeatable.",
        };

        public Option<bool> Json { get; } = new("--json") { Description = "Write the result as JSON." };

        public void AddTo(Command command)
        {
            command.Options.Add(Calendars);
            command.Options.Add(ExcludeWeekends);
            command.Options.Add(DefinedIn);
            command.Options.Add(Files);
            command.Options.Add(Json);
        }

        /// <summary>The calendar the options describe: one jurisdiction as is, or the composite of a definition.</summary>
        public BusinessCalendar Resolve(ParseResult parse)
        {
            var catalog = CalendarCatalog.BuiltIn;
            foreach (var spec in parse.GetValue(Files) ?? [])
            {
                catalog = LoadFile(catalog, spec);
            }

            var ids = (parse.GetValue(Calendars) ?? [])
                .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToList();
            if (ids.Count == 0)
            {
                throw new UsageException($"name at least one calendar with --calendar ({string.Join(", ", catalog.Ids)})");
            }

            foreach (var id in ids.Where(id => !catalog.TryGet(id, out _)))
            {
                throw new UsageException($"no calendar '{id}'; known calendars: {string.Join(", ", catalog.Ids)}");
            }

            var excludeWeekends = parse.GetValue(ExcludeWeekends);
            if (ids.Count == 1 && !excludeWeekends)
            {
                return catalog.Get(ids[0]);
            }

            var citation = parse.GetValue(DefinedIn) is { } text
                ? ParseCitation(text, "--defined-in")
                : throw new UsageException("a Business Day of several calendars, or one that excludes weekends, is an agreement's definition: say where with --defined-in AGREEMENT:SECTION");
            return new BusinessDayDefinition(excludeWeekends, ids.Select(id => catalog.Get(id).Id).ToList(), citation).Resolve(catalog);
        }

        private static CalendarCatalog LoadFile(CalendarCatalog catalog, string spec)
        {
            var eq = spec.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == spec.Length - 1)
            {
                throw new UsageException($"--calendar-file expects ID=PATH (e.g. CN=cn-2027.csv), found '{spec}'");
            }

            var id = spec[..eq].Trim();
            var path = spec[(eq + 1)..].Trim();
            if (!File.Exists(path))
            {
                throw new UsageException($"{path}: file not found");
            }

            var text = File.ReadAllText(path);
            var result = path.EndsWith(".ics", StringComparison.OrdinalIgnoreCase) ? IcsCalendarReader.Parse(text) : CalendarCsv.Parse(text);
            if (!result.IsSuccess)
            {
                throw new UsageException(string.Join(Environment.NewLine, result.Errors.Select(e => $"{path}: {e}")));
            }

            return catalog.WithUserFacts(id, result, path);
        }
    }

    private static Command BuildIsBusinessDay()
    {
        var date = new Argument<string>("date") { Description = "The date, as yyyy-MM-dd." };
        var options = new CalendarOptions();
        var command = new Command("is-business-day", "Is DATE a business day under the calendar(s), and why?") { date };
        options.AddTo(command);
        command.SetAction(parse => Run(parse, () =>
        {
            var day = ParseDate(parse.GetValue(date), "date");
            var answer = options.Resolve(parse).Explain(day);
            if (parse.GetValue(options.Json))
            {
                return new
                {
                    date = LocalDatePattern.Iso.Format(answer.Date),
                    isBusinessDay = answer.IsBusinessDay,
                    calendar = answer.CalendarId,
                    term = answer.Term,
                    reasons = answer.Reasons.Select(r => new { calendar = r.CalendarId, kind = r.Kind.ToString(), name = r.Name, projected = r.Projected, text = r.Text(answer.Date) }),
                    explanation = answer.Sentence,
                };
            }

            return answer.Sentence;
        }));
        return command;
    }

    private static Command BuildAdd()
    {
        var date = new Argument<string>("date") { Description = "The trigger date (the event's day, not counted), as yyyy-MM-dd." };
        var days = new Option<int?>("--days") { Description = "N calendar days after the event; ends at the end of the last day." };
        var businessDays = new Option<int?>("--business-days") { Description = "N Business Days after the event." };
        var nthDay = new Option<int?>("--nth-day") { Description = "On the Nth day after the event (a single day)." };
        var months = new Option<int?>("--months") { Description = "N months after the event; needs --month-end." };
        var monthEnd = new Option<string?>("--month-end") { Description = "For --months: clamp (31 Jan + 1 = 29 Feb; 30 Apr + 1 = 30 May) or end-of-month (30 Apr + 1 = 31 May)." };
        monthEnd.AcceptOnlyFromAmong("clamp", "end-of-month");
        var roll = new Option<string>("--roll") { Description = "If the period ends on a non-Business Day: none (the default; no roll unless the terms say so), following, preceding or modified-following.", DefaultValueFactory = _ => "none" };
        roll.AcceptOnlyFromAmong("none", "following", "preceding", "modified-following");
        var zone = new Option<string>("--zone") { Description = "IANA time zone in which the days are counted, e.g. Asia/Hong_Kong." };
        var name = new Option<string>("--name") { Description = "What the deadline is for.", DefaultValueFactory = _ => "Deadline" };
        var trigger = new Option<string>("--trigger") { Description = "What happened on DATE, e.g. \"receipt of the Transfer Notice\".", DefaultValueFactory = _ => "the event" };
        var cite = new Option<string?>("--cite") { Description = "The clause that sets the period, as AGREEMENT:SECTION (e.g. rofr-cosale-2020:2.2(ii))." };
        var options = new CalendarOptions();
        var command = new Command("add", "Compute a deadline: a period after a trigger date, with explicit conventions.")
        {
            date, days, businessDays, nthDay, months, monthEnd, roll, zone, name, trigger, cite,
        };
        options.AddTo(command);
        command.SetAction(parse => Run(parse, () =>
        {
            var on = ParseDate(parse.GetValue(date), "date");
            var chosen = new (int? Value, PeriodUnit Unit)[]
            {
                (parse.GetValue(days), PeriodUnit.CalendarDays),
                (parse.GetValue(businessDays), PeriodUnit.BusinessDays),
                (parse.GetValue(nthDay), PeriodUnit.NthDay),
                (parse.GetValue(months), PeriodUnit.Months),
            }.Where(c => c.Value is not null).ToList();
            if (chosen.Count != 1)
            {
                throw new UsageException("give exactly one of --days, --business-days, --nth-day or --months");
            }

            var (count, unit) = (chosen[0].Value!.Value, chosen[0].Unit);
            if (count < 1)
            {
                throw new UsageException($"the period must count at least 1, found {count}");
            }

            MonthEndRule? rule = parse.GetValue(monthEnd) switch
            {
                null => null,
                "clamp" => MonthEndRule.ClampToLastDay,
                _ => MonthEndRule.EndOfMonthStaysEndOfMonth,
            };
            if (unit == PeriodUnit.Months && rule is null)
            {
                throw new UsageException("--months needs --month-end clamp or --month-end end-of-month (the rule is never implied)");
            }

            if (unit != PeriodUnit.Months && rule is not null)
            {
                throw new UsageException("--month-end applies only with --months");
            }

            var convention = parse.GetValue(roll) switch
            {
                "following" => RollConvention.Following,
                "preceding" => RollConvention.Preceding,
                "modified-following" => RollConvention.ModifiedFollowing,
                _ => RollConvention.None,
            };
            if (unit == PeriodUnit.BusinessDays && convention != RollConvention.None)
            {
                throw new UsageException("--roll does not apply to --business-days (the count always ends on a Business Day)");
            }

            var citation = parse.GetValue(cite) is { } c ? ParseCitation(c, "--cite") : throw new UsageException("name the clause with --cite AGREEMENT:SECTION");
            var deadline = Deadline.Compute(
                parse.GetValue(name) ?? "Deadline",
                citation,
                new Trigger(parse.GetValue(trigger) ?? "the event", on),
                new PeriodTerm(unit, count, convention, rule),
                options.Resolve(parse),
                ParseZone(parse.GetValue(zone)));
            return parse.GetValue(options.Json) ? deadline.ToData() : deadline.Explanation;
        }));
        return command;
    }

    private static Command BuildDeemedReceipt()
    {
        var rule = new Option<string>("--rule") { Description = "by-channel: service fixed by channel (courier N Business Days, fax/email within business hours); cutoff: received before a cut-off time on a Business Day." };
        rule.AcceptOnlyFromAmong("by-channel", "cutoff");
        var channel = new Option<string>("--channel") { Description = "personal, courier, fax, email or mail." };
        channel.AcceptOnlyFromAmong("personal", "courier", "fax", "email", "mail");
        var sent = new Option<string>("--sent") { Description = "When it was sent: yyyy-MM-ddTHH:mm in the place of receipt's zone, or with an offset (+08:00) or Z." };
        var delivered = new Option<string?>("--delivered") { Description = "When it was delivered (or refused), same format." };
        var refused = new Option<bool>("--refused") { Description = "--delivered is the time delivery was refused." };
        var zone = new Option<string>("--zone") { Description = "IANA time zone of the place of receipt, e.g. America/New_York." };
        var place = new Option<string>("--place") { Description = "A name for the place of receipt.", DefaultValueFactory = _ => "the place of receipt" };
        var hours = new Option<string>("--hours") { Description = "by-channel: the recipient's normal business hours, HH:mm-HH:mm.", DefaultValueFactory = _ => "09:00-18:00" };
        var cutoff = new Option<string>("--cutoff") { Description = "cutoff: the local time before which receipt counts that day.", DefaultValueFactory = _ => "17:00" };
        var courierDays = new Option<int>("--courier-days") { Description = "by-channel: Business Days after sending at whose expiration courier service is effected.", DefaultValueFactory = _ => 2 };
        var cite = new Option<string?>("--cite") { Description = "The notices clause, as AGREEMENT:SECTION (e.g. consortium-2025:7.01)." };
        var options = new CalendarOptions();
        var command = new Command("deemed-receipt", "When is a notice deemed received (served) at the place of receipt?")
        {
            rule, channel, sent, delivered, refused, zone, place, hours, cutoff, courierDays, cite,
        };
        options.AddTo(command);
        command.SetAction(parse => Run(parse, () =>
        {
            var tz = ParseZone(parse.GetValue(zone));
            var citation = parse.GetValue(cite) is { } c ? ParseCitation(c, "--cite") : throw new UsageException("name the notices clause with --cite AGREEMENT:SECTION");
            var via = parse.GetValue(channel) switch
            {
                null => throw new UsageException("give --channel personal|courier|fax|email|mail"),
                "personal" => NoticeChannel.PersonalDelivery,
                "courier" => NoticeChannel.Courier,
                "fax" => NoticeChannel.Fax,
                "email" => NoticeChannel.Email,
                _ => NoticeChannel.Mail,
            };
            var sentAt = ParseMoment(parse.GetValue(sent) ?? throw new UsageException("give --sent"), tz, "--sent");
            var deliveredAt = parse.GetValue(delivered) is { } d ? ParseMoment(d, tz, "--delivered") : (Instant?)null;
            if (deliveredAt < sentAt)
            {
                throw new UsageException("--delivered is before --sent");
            }

            var isRefused = parse.GetValue(refused);
            if (isRefused && deliveredAt is null)
            {
                throw new UsageException("--refused needs --delivered (the time delivery was refused)");
            }

            IDeemedReceiptRule receiptRule = parse.GetValue(rule) switch
            {
                "by-channel" => new ServiceByChannel(citation, parse.GetValue(courierDays) is var n && n >= 1 ? n : throw new UsageException($"--courier-days must be at least 1, found {n}")),
                "cutoff" => new ReceiptCutoff(citation, ParseTime(parse.GetValue(cutoff) ?? "17:00", "--cutoff")),
                _ => throw new UsageException("give --rule by-channel or --rule cutoff"),
            };
            var receiptPlace = new PlaceOfReceipt(parse.GetValue(place) ?? "the place of receipt", tz, options.Resolve(parse), ParseHours(parse.GetValue(hours) ?? "09:00-18:00"));
            var receipt = receiptRule.Apply(new NoticeDispatch(via, sentAt, deliveredAt, isRefused), receiptPlace);
            return parse.GetValue(options.Json) ? receipt.ToData() : receipt.Explanation;
        }));
        return command;
    }

    /// <summary>Runs a subcommand body: a string result is printed as is, anything else as JSON; bad input exits 2.</summary>
    private static int Run(ParseResult parse, Func<object> body)
    {
        var output = parse.InvocationConfiguration.Output;
        try
        {
            var result = body();
            output.WriteLine(result as string ?? JsonSerializer.Serialize(result, Json));
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is UsageException or CalendarRangeException or ArgumentException or KeyNotFoundException)
        {
            parse.InvocationConfiguration.Error.WriteLine("error: " + ex.Message);
            return ExitCodes.BadInput;
        }
    }

    private static LocalDate ParseDate(string? text, string what)
    {
        var result = LocalDatePattern.Iso.Parse(text ?? string.Empty);
        return result.Success ? result.Value : throw new UsageException($"{what}: expected a date as yyyy-MM-dd, found '{text}'");
    }

    private static LocalTime ParseTime(string text, string what)
    {
        var result = LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(text);
        return result.Success ? result.Value : throw new UsageException($"{what}: expected a time as HH:mm, found '{text}'");
    }

    private static BusinessHours ParseHours(string text)
    {
        var parts = text.Split('-');
        if (parts.Length != 2)
        {
            throw new UsageException($"--hours: expected HH:mm-HH:mm, found '{text}'");
        }

        var (opens, closes) = (ParseTime(parts[0], "--hours"), ParseTime(parts[1], "--hours"));
        return closes > opens ? new BusinessHours(opens, closes) : throw new UsageException($"--hours: the closing time must be after the opening time, found '{text}'");
    }

    private static DateTimeZone ParseZone(string? id) =>
        id is null ? throw new UsageException("give --zone, an IANA time zone such as Asia/Hong_Kong")
        : DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) ?? throw new UsageException($"--zone: '{id}' is not an IANA time zone (e.g. Asia/Hong_Kong, America/New_York)");

    private static Instant ParseMoment(string text, DateTimeZone zone, string what)
    {
        var withOffset = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mmo<G>").Parse(text);
        if (withOffset.Success)
        {
            return withOffset.Value.ToInstant();
        }

        var local = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm").Parse(text);
        if (!local.Success)
        {
            throw new UsageException($"{what}: expected yyyy-MM-ddTHH:mm (local to {zone.Id}) or with an offset such as +08:00 or Z, found '{text}'");
        }

        var mapping = zone.MapLocal(local.Value);
        return mapping.Count switch
        {
            1 => mapping.Single().ToInstant(),
            0 => throw new UsageException($"{what}: {text} does not exist in {zone.Id} (a daylight-saving gap); give an offset"),
            _ => throw new UsageException($"{what}: {text} happens twice in {zone.Id} (daylight saving ends); give an offset"),
        };
    }

    private static Citation ParseCitation(string text, string what)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < text.Length - 1
            ? new Citation(text[..colon].Trim(), text[(colon + 1)..].Trim())
            : throw new UsageException($"{what}: expected AGREEMENT:SECTION (e.g. rofr-cosale-2020:2.2(ii)), found '{text}'");
    }

    /// <summary>Bad input or usage, reported with exit code 2.</summary>
    private sealed class UsageException(string message) : Exception(message);
}
