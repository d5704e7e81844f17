using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Time;
using static Proviso.Domain.Tests.Time.TimeFixtures;

namespace Proviso.Domain.Tests.Time;

public class DeemedReceiptTests
{
    private static DeemedReceipt Cutoff(Instant receivedAt, PlaceOfReceipt? place = null) =>
        ConsortiumNotices.Apply(new NoticeDispatch(NoticeChannel.Email, receivedAt), place ?? NewYorkOffice);

    private static DeemedReceipt Email(int y, int m, int d, int h, int mi, PlaceOfReceipt? place = null) =>
        RofrNotices.Apply(new NoticeDispatch(NoticeChannel.Email, At(HongKong, y, m, d, h, mi)), place ?? HongKongOffice);

    [Theory]
    [InlineData(16, 59, 8)]
    [InlineData(17, 0, 11)]
    [InlineData(17, 1, 11)]
    public void Cutoff_AroundFivePmOnABusinessDay_DecidesTheDay(int hour, int minute, int day)
    {
        var r = Cutoff(At(NewYork, 2024, 3, 8, hour, minute));
        Assert.Equal(D(2024, 3, day), r.Date);
    }

    [Fact]
    public void Cutoff_BeforeFivePm_CountsFromReceipt()
    {
        var at = At(NewYork, 2024, 3, 8, 16, 59);
        var r = Cutoff(at);
        Assert.Equal(at, r.EffectiveAt);
        Assert.Equal("Received at 2024-03-08 16:59 (America/New_York), before 17:00 on a Business Day (consortium-2025 s.10.01) in the place of receipt, so deemed received that day, 2024-03-08 (consortium-2025 s.7.01)", r.Explanation);
    }

    [Fact]
    public void Cutoff_AtFivePm_CountsFromTheStartOfTheNextBusinessDay()
    {
        var r = Cutoff(At(NewYork, 2024, 3, 8, 17, 0));
        Assert.Equal(At(NewYork, 2024, 3, 11, 0, 0), r.EffectiveAt);
        Assert.Equal("Received at 2024-03-08 17:00 (America/New_York), not before 17:00, so deemed received on the next succeeding Business Day (consortium-2025 s.10.01), 2024-03-11 (consortium-2025 s.7.01)", r.Explanation);
    }

    [Fact]
    public void Cutoff_SameUtcTimeAcrossSpringForward_FallsOnDifferentSidesOfFivePm()
    {
        // 21:30 UTC is 16:30 EST on Friday 8 March 2024 but 17:30 EDT on Monday 11 March 2024.
        Assert.Equal(D(2024, 3, 8), Cutoff(Instant.FromUtc(2024, 3, 8, 21, 30)).Date);
        Assert.Equal(D(2024, 3, 12), Cutoff(Instant.FromUtc(2024, 3, 11, 21, 30)).Date);
        Assert.Equal(D(2024, 3, 11), Cutoff(Instant.FromUtc(2024, 3, 11, 20, 59)).Date);
    }

    [Theory]
    [InlineData(20, 59, 1)] // 16:59 EDT on Friday 1 November 2024
    [InlineData(21, 0, 4)]  // 17:00 EDT
    public void Cutoff_FridayBeforeFallBack_UsesEdt(int h, int m, int day) =>
        Assert.Equal(D(2024, 11, day), Cutoff(Instant.FromUtc(2024, 11, 1, h, m)).Date);

    [Theory]
    [InlineData(21, 59, 4)] // 16:59 EST on Monday 4 November 2024
    [InlineData(22, 0, 5)]  // 17:00 EST
    [InlineData(22, 1, 5)]  // 17:01 EST
    public void Cutoff_MondayAfterFallBack_UsesEst(int h, int m, int day) =>
        Assert.Equal(D(2024, 11, day), Cutoff(Instant.FromUtc(2024, 11, 4, h, m)).Date);

    [Fact]
    public void Cutoff_ReceivedOnAshWednesdayMorning_NextBusinessDaySkipsSpringFestivalAndPresidentsDay()
    {
        var r = Cutoff(At(NewYork, 2024, 2, 14, 10, 0));
        Assert.Equal(D(2024, 2, 20), r.Date);
        Assert.Contains("on a day that is not a Business Day", r.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16, 59, 5)]
    [InlineData(17, 0, 6)]
    [InlineData(17, 1, 6)]
    public void Cutoff_InBeijing_UsesBeijingTime(int h, int m, int day) =>
        Assert.Equal(D(2024, 3, day), Cutoff(At(Shanghai, 2024, 3, 5, h, m), BeijingOffice).Date);

    [Fact]
    public void Cutoff_CutoffTimeIsATerm()
    {
        var noon = new ReceiptCutoff(new Citation("other", "9"), new LocalTime(12, 0));
        Assert.Equal(D(2024, 3, 11), noon.Apply(new NoticeDispatch(NoticeChannel.Email, At(NewYork, 2024, 3, 8, 12, 0)), NewYorkOffice).Date);
        Assert.Equal(D(2024, 3, 8), noon.Apply(new NoticeDispatch(NoticeChannel.Email, At(NewYork, 2024, 3, 8, 11, 59)), NewYorkOffice).Date);
    }

    [Fact]
    public void Cutoff_CourierWithoutDeliveryTime_IsRefused() =>
        Assert.Throws<ArgumentException>(() => ConsortiumNotices.Apply(new NoticeDispatch(NoticeChannel.Courier, At(NewYork, 2024, 3, 8, 9, 0)), NewYorkOffice));

    [Fact]
    public void Cutoff_CourierDelivered_UsesTheDeliveryTime()
    {
        var n = new NoticeDispatch(NoticeChannel.Courier, At(HongKong, 2024, 3, 6, 9, 0), At(NewYork, 2024, 3, 7, 16, 0));
        Assert.Equal(D(2024, 3, 7), ConsortiumNotices.Apply(n, NewYorkOffice).Date);
    }

    [Theory]
    [InlineData(8, 59, 6)]
    [InlineData(9, 0, 5)]
    [InlineData(17, 59, 5)]
    [InlineData(18, 0, 6)]
    public void EmailService_AtTheEdgesOfBusinessHours_DecidesTheDay(int h, int m, int day) =>
        Assert.Equal(D(2024, 3, day), Email(2024, 3, 5, h, m).Date);

    [Fact]
    public void EmailService_WithinHours_CountsFromSending()
    {
        var r = Email(2024, 3, 5, 9, 0);
        Assert.Equal(At(HongKong, 2024, 3, 5, 9, 0), r.EffectiveAt);
        Assert.Equal("Sent by email at 2024-03-05 09:00 (Asia/Hong_Kong), a Business Day (rofr-cosale-2020 s.1.1) within the recipient's business hours 09:00-18:00, so service is deemed effected that day, 2024-03-05 (rofr-cosale-2020 s.6.6)", r.Explanation);
    }

    [Fact]
    public void EmailService_BusinessHoursAreAPerRecipientTerm()
    {
        var place = HongKongOffice with { Hours = new BusinessHours(new LocalTime(8, 30), new LocalTime(17, 30)) };
        Assert.Equal(D(2024, 3, 5), Email(2024, 3, 5, 8, 30, place).Date);
        Assert.Equal(D(2024, 3, 6), Email(2024, 3, 5, 17, 30, place).Date);
    }

    [Fact]
    public void EmailService_FridayEveningBeforeSpringFestival_ServedAfterTheHolidays()
    {
        var r = Email(2024, 2, 9, 18, 30);
        Assert.Equal(D(2024, 2, 19), r.Date);
        Assert.Equal(At(HongKong, 2024, 2, 19, 0, 0), r.EffectiveAt);
    }

    [Fact]
    public void EmailService_OnAHoliday_NextBusinessDay()
    {
        var r = Email(2024, 4, 1, 10, 0);
        Assert.Equal(D(2024, 4, 2), r.Date);
        Assert.Equal("Sent by email at 2024-04-01 10:00 (Asia/Hong_Kong), on a day that is not a Business Day (rofr-cosale-2020 s.1.1), so service is deemed effected on the next Business Day (rofr-cosale-2020 s.1.1), 2024-04-02 (rofr-cosale-2020 s.6.6)", r.Explanation);
    }

    private static DeemedReceipt Courier(Instant? delivered) =>
        RofrNotices.Apply(new NoticeDispatch(NoticeChannel.Courier, At(HongKong, 2024, 2, 8, 10, 0), delivered), HongKongOffice);

    [Fact]
    public void CourierService_NoDelivery_TwoBusinessDaysAfterSending()
    {
        var r = Courier(null);
        Assert.Equal(D(2024, 2, 19), r.Date);
        Assert.Equal(At(HongKong, 2024, 2, 20, 0, 0), r.EffectiveAt);
        Assert.Equal("Sent by courier at 2024-02-08 10:00 (Asia/Hong_Kong); 2 Business Days after sending expire at the end of 2024-02-19, with no earlier delivery recorded, so service is deemed effected at that expiration, on 2024-02-19 (rofr-cosale-2020 s.6.6)", r.Explanation);
    }

    [Fact]
    public void CourierService_DeliveredEarlier_OnDelivery()
    {
        var delivered = At(HongKong, 2024, 2, 10, 11, 0);
        var r = Courier(delivered);
        Assert.Equal(D(2024, 2, 10), r.Date);
        Assert.Equal(delivered, r.EffectiveAt);
    }

    [Fact]
    public void CourierService_DeliveredInTheLastMinuteBeforeExpiry_OnDelivery() =>
        Assert.Equal(At(HongKong, 2024, 2, 19, 23, 59), Courier(At(HongKong, 2024, 2, 19, 23, 59)).EffectiveAt);

    [Fact]
    public void CourierService_DeliveredAtExpiry_AtExpiry()
    {
        var r = Courier(At(HongKong, 2024, 2, 20, 0, 0));
        Assert.Equal(D(2024, 2, 19), r.Date);
        Assert.Contains("before delivery at 2024-02-20 00:00", r.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void CourierService_DeliveryRefused_CountsAsDelivery()
    {
        var n = new NoticeDispatch(NoticeChannel.Courier, At(HongKong, 2024, 3, 4, 10, 0), At(HongKong, 2024, 3, 5, 10, 0), deliveryRefused: true);
        var r = RofrNotices.Apply(n, HongKongOffice);
        Assert.Equal(D(2024, 3, 5), r.Date);
        Assert.Contains("delivery was refused earlier", r.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void CourierService_BusinessDaysAreATerm()
    {
        var threeDays = new ServiceByChannel(new Citation("other", "12"), 3);
        var r = threeDays.Apply(new NoticeDispatch(NoticeChannel.Courier, At(HongKong, 2024, 3, 4, 10, 0)), HongKongOffice);
        Assert.Equal(D(2024, 3, 7), r.Date);
    }

    [Fact]
    public void PersonalDelivery_OnDelivery()
    {
        var delivered = At(HongKong, 2024, 3, 9, 20, 0);
        var r = RofrNotices.Apply(new NoticeDispatch(NoticeChannel.PersonalDelivery, delivered, delivered), HongKongOffice);
        Assert.Equal(D(2024, 3, 9), r.Date);
        Assert.Equal(delivered, r.EffectiveAt);
    }

    [Fact]
    public void PersonalDelivery_WithoutDeliveryTime_IsRefused() =>
        Assert.Throws<ArgumentException>(() => RofrNotices.Apply(new NoticeDispatch(NoticeChannel.PersonalDelivery, At(HongKong, 2024, 3, 9, 20, 0)), HongKongOffice));

    [Fact]
    public void ServiceByChannel_RegisteredMail_IsNotProvidedFor()
    {
        var ex = Assert.Throws<ArgumentException>(() => RofrNotices.Apply(new NoticeDispatch(NoticeChannel.Mail, At(HongKong, 2024, 3, 4, 10, 0)), HongKongOffice));
        Assert.StartsWith("rofr-cosale-2020 s.6.6 provides for personal delivery, courier, fax and email, not registered or certified mail.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Notice_DeliveredBeforeSent_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new NoticeDispatch(NoticeChannel.Courier, Instant.FromUtc(2024, 3, 5, 0, 0), Instant.FromUtc(2024, 3, 4, 0, 0)));

    [Fact]
    public void CopyTo_CopyServedLater_NoticeEffectiveWhenTheCopyIsServed()
    {
        var main = Email(2024, 3, 5, 10, 0);
        var copy = RofrNotices.Apply(new NoticeDispatch(NoticeChannel.Courier, At(HongKong, 2024, 3, 5, 10, 0)), HongKongOffice with { Name = "copy address" });
        var effective = CopyToRequirement.Apply(main, copy, new Citation(Rofr, "6.6"));
        Assert.Equal(D(2024, 3, 7), effective.Date);
        Assert.Equal(copy.EffectiveAt, effective.EffectiveAt);
        Assert.Equal("The main notice is deemed served on 2024-03-05 (Hong Kong office) and the copy on 2024-03-07 (copy address); a designated copy must also be served, so the notice is effective from the copy's service, on 2024-03-07 (rofr-cosale-2020 s.6.6)", effective.Explanation);
    }

    [Fact]
    public void CopyTo_CopyServedFirst_NoticeEffectiveWhenTheMainIsServed()
    {
        var main = Email(2024, 3, 6, 10, 0);
        var copy = Email(2024, 3, 5, 10, 0);
        Assert.Equal(D(2024, 3, 6), CopyToRequirement.Apply(main, copy, new Citation(Rofr, "6.6")).Date);
    }

    [Fact]
    public void DeemedReceipt_ToData_IsPlainStrings()
    {
        var data = Email(2024, 3, 5, 9, 0).ToData();
        Assert.Equal("2024-03-05", data.DeemedReceivedOn);
        Assert.Equal("2024-03-05T01:00:00Z", data.EffectiveAtUtc);
        Assert.Equal("email", data.Channel);
    }
}
