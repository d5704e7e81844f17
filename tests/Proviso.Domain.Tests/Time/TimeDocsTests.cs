using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Time;
using static Proviso.Domain.Tests.Time.TimeFixtures;

namespace Proviso.Domain.Tests.Time;

/// <summary>
/// The worked examples in docs/time.md come out of the code: each example's output is computed here, exactly as the
/// `proviso calendar` command computes it, and the document must contain the command followed by that output.
/// A stale document fails. Set PROVISO_DOCS_OUT to a file path to write the expected blocks there.
/// </summary>
public class TimeDocsTests
{
    private const string RofrDays = "-c CN,HK --exclude-weekends --defined-in rofr-cosale-2020:1.1";
    private const string ConsortiumDays = "-c CN,HK,KY,US-FED --exclude-weekends --defined-in consortium-2025:10.01";

    private static BusinessCalendar Cal(string id) => CalendarCatalog.BuiltIn.Get(id);

    private static string Add(string name, string trigger, LocalDate on, PeriodTerm period, string cite, BusinessCalendar cal, DateTimeZone zone)
    {
        var parts = cite.Split(':', 2);
        return Deadline.Compute(name, new Citation(parts[0], parts[1]), new Trigger(trigger, on), period, cal, zone).Explanation;
    }

    private static string Receipt(IDeemedReceiptRule rule, NoticeChannel channel, Instant sent, Instant? delivered, PlaceOfReceipt place) =>
        rule.Apply(new NoticeDispatch(channel, sent, delivered), place).Explanation;

    private static PlaceOfReceipt Place(DateTimeZone zone, BusinessCalendar cal) => new("the place of receipt", zone, cal);

    public static IEnumerable<(string Command, string Output)> Examples()
    {
        yield return ($"proviso calendar is-business-day 2024-02-12 {RofrDays}", RofrCalendar.Explain(D(2024, 2, 12)).Sentence);
        yield return ($"proviso calendar is-business-day 2024-02-18 {RofrDays}", RofrCalendar.Explain(D(2024, 2, 18)).Sentence);
        yield return ("proviso calendar is-business-day 2024-02-18 -c CN", Cal("CN").Explain(D(2024, 2, 18)).Sentence);
        yield return ("proviso calendar is-business-day 2024-10-12 -c CN", Cal("CN").Explain(D(2024, 10, 12)).Sentence);
        yield return ($"proviso calendar is-business-day 2024-10-12 {ConsortiumDays}", ConsortiumCalendar.Explain(D(2024, 10, 12)).Sentence);
        yield return ("proviso calendar is-business-day 2024-02-13 -c HK", Cal("HK").Explain(D(2024, 2, 13)).Sentence);
        yield return ("proviso calendar is-business-day 2021-06-18 -c US-FED", Cal("US-FED").Explain(D(2021, 6, 18)).Sentence);
        yield return ("proviso calendar is-business-day 2022-06-20 -c US-FED", Cal("US-FED").Explain(D(2022, 6, 20)).Sentence);
        yield return ($"proviso calendar is-business-day 2024-02-14 {ConsortiumDays}", ConsortiumCalendar.Explain(D(2024, 2, 14)).Sentence);
        yield return ("proviso calendar is-business-day 2027-02-08 -c CN", Cal("CN").Explain(D(2027, 2, 8)).Sentence);
        yield return ("proviso calendar is-business-day 2031-02-03 -c HK",
            "error: " + Assert.Throws<CalendarRangeException>(() => Cal("HK").Explain(D(2031, 2, 3))).Message);

        yield return ($"proviso calendar add 2021-01-04 --days 20 --zone Asia/Hong_Kong --name \"Option Period\" --trigger \"receipt of the Transfer Notice\" --cite \"rofr-cosale-2020:2.2(ii)\" {RofrDays}",
            Add("Option Period", "receipt of the Transfer Notice", D(2021, 1, 4), PeriodTerm.CalendarDays(20), "rofr-cosale-2020:2.2(ii)", RofrCalendar, HongKong));
        yield return ($"proviso calendar add 2021-01-04 --days 20 --roll following --zone Asia/Hong_Kong --name \"Option Period\" --trigger \"receipt of the Transfer Notice\" --cite \"rofr-cosale-2020:2.2(ii)\" {RofrDays}",
            Add("Option Period", "receipt of the Transfer Notice", D(2021, 1, 4), PeriodTerm.CalendarDays(20, RollConvention.Following), "rofr-cosale-2020:2.2(ii)", RofrCalendar, HongKong));
        yield return ($"proviso calendar add 2021-01-04 --nth-day 40 --zone Asia/Hong_Kong --name Closing --trigger \"the Company's receipt of the Transfer Notice\" --cite \"rofr-cosale-2020:2.2(iii)\" {RofrDays}",
            Add("Closing", "the Company's receipt of the Transfer Notice", D(2021, 1, 4), PeriodTerm.NthDay(40), "rofr-cosale-2020:2.2(iii)", RofrCalendar, HongKong));
        yield return ($"proviso calendar add 2024-02-08 --business-days 5 --zone Asia/Hong_Kong --trigger \"the valuation\" --cite \"rofr-cosale-2020:2.2(iv)(d)\" {RofrDays}",
            Add("Deadline", "the valuation", D(2024, 2, 8), PeriodTerm.BusinessDays(5), "rofr-cosale-2020:2.2(iv)(d)", RofrCalendar, HongKong));
        yield return ($"proviso calendar add 2025-12-22 --months 12 --month-end clamp --zone Asia/Hong_Kong --name \"Exclusivity Period\" --trigger \"the date hereof\" --cite consortium-2025:10.01 {ConsortiumDays}",
            Add("Exclusivity Period", "the date hereof", D(2025, 12, 22), PeriodTerm.Months(12, MonthEndRule.ClampToLastDay), "consortium-2025:10.01", ConsortiumCalendar, HongKong));
        yield return ("proviso calendar add 2024-04-30 --months 1 --month-end clamp --zone Asia/Hong_Kong --cite example:1 -c HK",
            Add("Deadline", "the event", D(2024, 4, 30), PeriodTerm.Months(1, MonthEndRule.ClampToLastDay), "example:1", Cal("HK"), HongKong));
        yield return ("proviso calendar add 2024-04-30 --months 1 --month-end end-of-month --zone Asia/Hong_Kong --cite example:1 -c HK",
            Add("Deadline", "the event", D(2024, 4, 30), PeriodTerm.Months(1, MonthEndRule.EndOfMonthStaysEndOfMonth), "example:1", Cal("HK"), HongKong));
        foreach (var (flag, roll) in new[] { ("following", RollConvention.Following), ("preceding", RollConvention.Preceding), ("modified-following", RollConvention.ModifiedFollowing) })
        {
            yield return ($"proviso calendar add 2024-03-01 --days 30 --roll {flag} --zone Asia/Hong_Kong --cite example:1 {RofrDays}",
                Add("Deadline", "the event", D(2024, 3, 1), PeriodTerm.CalendarDays(30, roll), "example:1", RofrCalendar, HongKong));
        }

        var ny = Place(NewYork, ConsortiumCalendar);
        foreach (var time in new[] { "16:59", "17:00", "17:01" })
        {
            var local = new LocalDateTime(2024, 3, 8, int.Parse(time[..2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(time[3..], System.Globalization.CultureInfo.InvariantCulture));
            yield return ($"proviso calendar deemed-receipt --rule cutoff --channel email --sent 2024-03-08T{time} --zone America/New_York --cite consortium-2025:7.01 {ConsortiumDays}",
                Receipt(ConsortiumNotices, NoticeChannel.Email, NewYork.AtStrictly(local).ToInstant(), null, ny));
        }

        yield return ($"proviso calendar deemed-receipt --rule cutoff --channel email --sent 2024-03-08T21:30Z --zone America/New_York --cite consortium-2025:7.01 {ConsortiumDays}",
            Receipt(ConsortiumNotices, NoticeChannel.Email, Instant.FromUtc(2024, 3, 8, 21, 30), null, ny));
        yield return ($"proviso calendar deemed-receipt --rule cutoff --channel email --sent 2024-03-11T21:30Z --zone America/New_York --cite consortium-2025:7.01 {ConsortiumDays}",
            Receipt(ConsortiumNotices, NoticeChannel.Email, Instant.FromUtc(2024, 3, 11, 21, 30), null, ny));
        yield return ($"proviso calendar deemed-receipt --rule cutoff --channel courier --sent 2024-02-12T09:00+08:00 --delivered 2024-02-14T10:00 --zone America/New_York --cite consortium-2025:7.01 {ConsortiumDays}",
            Receipt(ConsortiumNotices, NoticeChannel.Courier, Instant.FromUtc(2024, 2, 12, 1, 0), At(NewYork, 2024, 2, 14, 10, 0), ny));

        var hk = Place(HongKong, RofrCalendar);
        foreach (var time in new[] { "08:59", "09:00", "17:59", "18:00" })
        {
            var local = new LocalDateTime(2024, 3, 5, int.Parse(time[..2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(time[3..], System.Globalization.CultureInfo.InvariantCulture));
            yield return ($"proviso calendar deemed-receipt --rule by-channel --channel email --sent 2024-03-05T{time} --zone Asia/Hong_Kong --cite rofr-cosale-2020:6.6 {RofrDays}",
                Receipt(RofrNotices, NoticeChannel.Email, HongKong.AtStrictly(local).ToInstant(), null, hk));
        }

        yield return ($"proviso calendar deemed-receipt --rule by-channel --channel email --sent 2024-02-09T18:30 --zone Asia/Hong_Kong --cite rofr-cosale-2020:6.6 {RofrDays}",
            Receipt(RofrNotices, NoticeChannel.Email, At(HongKong, 2024, 2, 9, 18, 30), null, hk));
        yield return ($"proviso calendar deemed-receipt --rule by-channel --channel courier --sent 2024-02-08T10:00 --zone Asia/Hong_Kong --cite rofr-cosale-2020:6.6 {RofrDays}",
            Receipt(RofrNotices, NoticeChannel.Courier, At(HongKong, 2024, 2, 8, 10, 0), null, hk));
        yield return ($"proviso calendar deemed-receipt --rule by-channel --channel courier --sent 2024-02-08T10:00 --delivered 2024-02-10T11:00 --zone Asia/Hong_Kong --cite rofr-cosale-2020:6.6 {RofrDays}",
            Receipt(RofrNotices, NoticeChannel.Courier, At(HongKong, 2024, 2, 8, 10, 0), At(HongKong, 2024, 2, 10, 11, 0), hk));
    }

    public static string Block((string Command, string Output) example) => $"```console\n$ {example.Command}\n{example.Output}\n```";

    [Fact]
    public void Docs_EveryWorkedExample_MatchesTheCode()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "time.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var blocks = Examples().Select(Block).ToList();
        if (Environment.GetEnvironmentVariable("PROVISO_DOCS_OUT") is { Length: > 0 } path)
        {
            File.WriteAllText(path, string.Join("\n\n", blocks) + "\n");
        }

        var missing = blocks.Where(b => !doc.Contains(b, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "docs/time.md is stale; these blocks are what the code produces now:\n\n" + string.Join("\n\n", missing));
    }

    [Fact]
    public void Docs_EveryConsoleBlock_IsAComputedExample()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "time.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var commands = Examples().Select(e => "$ " + e.Command).ToHashSet(StringComparer.Ordinal);
        var inDoc = doc.Split('\n').Where(l => l.StartsWith("$ proviso calendar", StringComparison.Ordinal)).ToList();
        Assert.All(inDoc, line => Assert.Contains(line, commands));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "docs", "time.md")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("docs/time.md not found above " + AppContext.BaseDirectory);
    }
}
