using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Time;

namespace Proviso.Domain.Tests.Transfers;

/// <summary>
/// ROFR s.2.2(ii): each purchaser's Option Period runs from its own receipt of the Transfer Notice. The period computed
/// for a receipt is kept with it; the same receipt under another stage's terms or another calendar gets its own.
/// </summary>
public sealed class OptionPeriodTests
{
    private static readonly Citation Cite = new("rofr", "2.2(ii)");

    private static RefusalStage Stage(PeriodTerm period) =>
        new("investors", "Investors' right of first refusal", Cite, "investors", false, StageTrigger.TransferNotice, period, "Option Period", null, null, null);

    private static ReceiptRecord Receipt(LocalDate on) =>
        new("inv-a", NoticeChannel.Email, Instant.FromUtc(on.Year, on.Month, on.Day, 2, 0), null, on, Instant.FromUtc(on.Year, on.Month, on.Day, 2, 0), "Asia/Hong_Kong", "received by email", Cite);

    [Fact]
    public void TwentyDays_FromReceiptOn4January_EndsOn24January_AndTheSameDeadlineIsGivenAgain()
    {
        var stage = Stage(PeriodTerm.CalendarDays(20));
        var receipt = Receipt(new LocalDate(2021, 1, 4));
        var calendar = CalendarCatalog.BuiltIn.Get("HK");

        var first = OptionPeriod.For(stage, receipt, calendar);
        Assert.Equal(new LocalDate(2021, 1, 24), first.DueDate);
        Assert.Same(first, OptionPeriod.For(stage, receipt, calendar));
        Assert.Equal("Option Period of inv-a", first.Name);
    }

    [Fact]
    public void SameReceipt_AnotherStagesPeriodOrAnotherCalendar_ItsOwnDeadline()
    {
        var receipt = Receipt(new LocalDate(2021, 1, 13));
        var hk = CalendarCatalog.BuiltIn.Get("HK");
        var us = CalendarCatalog.BuiltIn.Get("US-FED");
        var twenty = Stage(PeriodTerm.CalendarDays(20));
        var ten = twenty with { Period = PeriodTerm.CalendarDays(10) };
        var fiveBusiness = twenty with { Period = PeriodTerm.BusinessDays(5) };

        Assert.Equal(new LocalDate(2021, 2, 2), OptionPeriod.For(twenty, receipt, hk).DueDate);
        Assert.Equal(new LocalDate(2021, 1, 23), OptionPeriod.For(ten, receipt, hk).DueDate);
        Assert.Equal(new LocalDate(2021, 1, 19), OptionPeriod.For(fiveBusiness, receipt, hk).DueDate); // 14, 15, 16 (a Saturday: a general working day in Hong Kong), 18, 19
        Assert.Equal(new LocalDate(2021, 1, 21), OptionPeriod.For(fiveBusiness, receipt, us).DueDate); // 14, 15, 19, 20, 21: weekends off, 18 January a federal holiday
        Assert.Equal(new LocalDate(2021, 1, 19), OptionPeriod.For(fiveBusiness, receipt, hk).DueDate);
        Assert.Equal(new LocalDate(2021, 2, 2), OptionPeriod.For(twenty, receipt, hk).DueDate);
    }
}
