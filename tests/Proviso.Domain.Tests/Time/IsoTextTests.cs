using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using NodaTime.Text;
using Proviso.Domain.Time;

namespace Proviso.Domain.Tests.Time;

/// <summary>
/// IsoText writes exactly what NodaTime's ISO patterns write: the ledger's hashes are over that text, so a different
/// character would make every new entry's hash differ from one computed by the patterns.
/// </summary>
public sealed class IsoTextTests
{
    private static string Date(LocalDate d)
    {
        Span<char> buffer = stackalloc char[IsoText.MaxDateLength];
        return new string(buffer[..IsoText.Format(d, buffer)]);
    }

    private static string Instant(Instant i)
    {
        Span<char> buffer = stackalloc char[IsoText.MaxInstantLength];
        return new string(buffer[..IsoText.Format(i, buffer)]);
    }

    [Theory]
    [InlineData(2026, 11, 22, "2026-11-22")]
    [InlineData(1, 1, 1, "0001-01-01")]
    [InlineData(9999, 12, 31, "9999-12-31")]
    [InlineData(999, 9, 9, "0999-09-09")]
    public void Date_AsTheIsoPattern(int y, int m, int d, string expected)
    {
        var date = new LocalDate(y, m, d);
        Assert.Equal(expected, Date(date));
        Assert.Equal(LocalDatePattern.Iso.Format(date), Date(date));
    }

    [Theory]
    [InlineData("2026-11-22T01:31:43.9568003Z")]
    [InlineData("2026-11-22T01:31:43Z")]
    [InlineData("2026-11-22T00:00:00.1Z")]
    [InlineData("2026-11-22T23:59:59.999999999Z")]
    [InlineData("2026-11-22T23:59:59.000000001Z")]
    [InlineData("2026-11-22T10:00:00.12Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999999999Z")]
    public void Instant_AsTheExtendedIsoPattern(string text)
    {
        var instant = InstantPattern.ExtendedIso.Parse(text).Value;
        Assert.Equal(text, Instant(instant));
    }

    [Fact]
    public void Instant_OutsideFourDigitYears_LeftToThePattern()
    {
        foreach (var instant in new[] { NodaTime.Instant.MinValue, NodaTime.Instant.FromUtc(0, 6, 1, 12, 0), NodaTime.Instant.FromUtc(-5, 1, 1, 0, 0).PlusNanoseconds(120) })
            Assert.Equal(InstantPattern.ExtendedIso.Format(instant), Instant(instant));
        Assert.Equal(LocalDatePattern.Iso.Format(new LocalDate(-9998, 1, 1)), Date(new LocalDate(-9998, 1, 1)));
        Assert.Equal(LocalDatePattern.Iso.Format(new LocalDate(0, 12, 31)), Date(new LocalDate(0, 12, 31)));
    }

    [Fact]
    public void AnyInstantAndDate_SameTextAsThePatterns()
    {
        // Whole range of ticks, and the nanosecond digits with every number of trailing zeros.
        var instants = from days in Gen.Choose(-1_000_000, 2_932_896)
                       from seconds in Gen.Choose(0, 86_399)
                       from zeros in Gen.Choose(0, 9)
                       from digits in Gen.Choose(0, 999_999_999)
                       select NodaTime.Instant.FromUnixTimeSeconds((long)days * 86_400 + seconds).PlusNanoseconds(digits / (long)Math.Pow(10, zeros) * (long)Math.Pow(10, zeros));
        Prop.ForAll(Arb.From(instants), instant =>
        {
            var expected = InstantPattern.ExtendedIso.Format(instant);
            if (Instant(instant) != expected) throw new InvalidOperationException($"{Instant(instant)} != {expected}");
            var date = instant.InUtc().Date;
            if (Date(date) != LocalDatePattern.Iso.Format(date)) throw new InvalidOperationException($"{Date(date)} != {LocalDatePattern.Iso.Format(date)}");
            return true;
        }).QuickCheckThrowOnFailure();
    }
}
