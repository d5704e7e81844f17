using System.Text;
using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Time;
using static Proviso.Domain.Tests.Time.TimeFixtures;

namespace Proviso.Domain.Tests.Time;

public class IcsDeadlineWriterTests
{
    private static readonly Instant Stamp = Instant.FromUtc(2024, 3, 1, 12, 0, 5);

    private static Deadline OptionPeriod(int days = 20) => Deadline.Compute(
        "Option Period", new Citation(Rofr, "2.2(ii)"), new Trigger("receipt of the Transfer Notice", D(2021, 1, 4)),
        PeriodTerm.CalendarDays(days), RofrCalendar, HongKong);

    [Fact]
    public void Write_OneDeadline_IsAValidAllDayEventWithCrlf()
    {
        var text = IcsDeadlineWriter.Write([OptionPeriod()], Stamp);
        Assert.StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Proviso//Deadlines//EN\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("END:VEVENT\r\nEND:VCALENDAR\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\r\nDTSTAMP:20240301T120005Z\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nDTSTART;VALUE=DATE:20210124\r\nDTEND;VALUE=DATE:20210125\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nSUMMARY:Option Period (rofr-cosale-2020 s.2.2(ii))\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_EveryPhysicalLine_IsAtMost75Octets()
    {
        var text = IcsDeadlineWriter.Write([OptionPeriod()], Stamp);
        foreach (var line in text.Split("\r\n"))
        {
            Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line);
        }
    }

    [Fact]
    public void Write_Unfolded_ReproducesTheEscapedDescription()
    {
        var d = OptionPeriod();
        var unfolded = IcsDeadlineWriter.Write([d], Stamp).Replace("\r\n ", string.Empty, StringComparison.Ordinal);
        Assert.Contains("\r\nDESCRIPTION:" + IcsDeadlineWriter.Escape(d.Explanation) + "\r\n", unfolded, StringComparison.Ordinal);
    }

    [Fact]
    public void Fold_MultibyteCharacters_AreNeverSplit()
    {
        var line = "SUMMARY:" + string.Concat(Enumerable.Repeat("春节", 40));
        var folded = IcsDeadlineWriter.Fold(line);
        var physical = folded.Split("\r\n").Where(l => l.Length > 0).ToList();
        Assert.All(physical, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75));
        Assert.Equal(74, Encoding.UTF8.GetByteCount(physical[0])); // 8 ASCII + 22 three-byte characters; a 23rd would make 77
        Assert.Equal(line, string.Concat(physical.Select((l, i) => i == 0 ? l : l[1..])));
    }

    [Fact]
    public void Fold_Exactly75Octets_IsNotFolded() => Assert.Equal(new string('X', 75) + "\r\n", IcsDeadlineWriter.Fold(new string('X', 75)));

    [Fact]
    public void Fold_76Octets_FoldsOnce() => Assert.Equal(new string('X', 75) + "\r\n X\r\n", IcsDeadlineWriter.Fold(new string('X', 76)));

    [Fact]
    public void Escape_SpecialCharacters_AreEscaped() =>
        Assert.Equal("a\\\\b\\;c\\,d\\ne", IcsDeadlineWriter.Escape("a\\b;c,d\ne"));

    [Fact]
    public void Uid_SameDeadlineRecomputedWithAnotherPeriod_IsStable() =>
        Assert.Equal(IcsDeadlineWriter.Uid(OptionPeriod(20)), IcsDeadlineWriter.Uid(OptionPeriod(21)));

    [Fact]
    public void Uid_DifferentTrigger_Differs()
    {
        var other = Deadline.Compute("Option Period", new Citation(Rofr, "2.2(ii)"), new Trigger("receipt of the Transfer Notice", D(2021, 1, 5)),
            PeriodTerm.CalendarDays(20), RofrCalendar, HongKong);
        Assert.NotEqual(IcsDeadlineWriter.Uid(OptionPeriod()), IcsDeadlineWriter.Uid(other));
    }

    [Fact]
    public void Write_Output_ReadsBackAsAnAllDayCalendar()
    {
        var result = IcsCalendarReader.Parse(IcsDeadlineWriter.Write([OptionPeriod(), OptionPeriod(30)], Stamp));
        Assert.True(result.IsSuccess, string.Join("; ", result.Errors));
        Assert.Equal([D(2021, 1, 24), D(2021, 2, 3)], result.Facts.Select(f => f.Date));
    }
}
