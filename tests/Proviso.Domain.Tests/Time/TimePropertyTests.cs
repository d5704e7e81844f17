using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Proviso.Domain.Time;
using static Proviso.Domain.Tests.Time.TimeFixtures;

namespace Proviso.Domain.Tests.Time;

public class TimePropertyTests
{
    private static readonly LocalDate First = D(2019, 1, 1);

    // Start dates up to mid-2027 so that 61 Business Days stay inside the calendars' range.
    private static readonly Gen<LocalDate> Dates = Gen.Choose(0, Period.Between(First, D(2027, 6, 30), PeriodUnits.Days).Days).Select(First.PlusDays);

    private static readonly BusinessCalendar[] Calendars =
    [
        RofrCalendar,
        ConsortiumCalendar,
        CnOwnWorkingDays.Resolve(CalendarCatalog.BuiltIn),
        CalendarCatalog.BuiltIn.Get("HK"),
    ];

    [Fact]
    public void AddBusinessDays_AnyStartAndCount_LandsOnABusinessDay()
    {
        var gen = from date in Dates from n in Gen.Choose(1, 60) from c in Gen.Choose(0, Calendars.Length - 1) select (date, n, c);
        Prop.ForAll(Arb.From(gen), t => Calendars[t.c].IsBusinessDay(Calendars[t.c].AddBusinessDays(t.date, t.n))).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void AddBusinessDays_OneMore_IsStrictlyLater()
    {
        var gen = from date in Dates from n in Gen.Choose(0, 60) from c in Gen.Choose(0, Calendars.Length - 1) select (date, n, c);
        Prop.ForAll(Arb.From(gen), t => Calendars[t.c].AddBusinessDays(t.date, t.n) < Calendars[t.c].AddBusinessDays(t.date, t.n + 1)).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void AddBusinessDays_CountsExactlyTheBusinessDaysBetween()
    {
        var gen = from date in Dates from n in Gen.Choose(1, 40) select (date, n);
        Prop.ForAll(Arb.From(gen), t =>
        {
            var end = RofrCalendar.AddBusinessDays(t.date, t.n);
            var counted = 0;
            for (var d = t.date.PlusDays(1); d <= end; d = d.PlusDays(1))
            {
                counted += RofrCalendar.IsBusinessDay(d) ? 1 : 0;
            }

            return counted == t.n;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Roll_AnyConvention_LandsOnABusinessDayUnlessNone()
    {
        var gen = from date in Dates from r in Gen.Elements(RollConvention.Following, RollConvention.Preceding, RollConvention.ModifiedFollowing) select (date, r);
        Prop.ForAll(Arb.From(gen), t => RofrCalendar.IsBusinessDay(RofrCalendar.Roll(t.date, t.r))).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void DeemedReceipt_AnyNoticeAndRule_IsNeverBeforeSending()
    {
        var minutes = Period.Between(D(2019, 1, 2), D(2027, 6, 30), PeriodUnits.Days).Days * 24 * 60;
        var places = new[] { HongKongOffice, NewYorkOffice, BeijingOffice };
        var rules = new IDeemedReceiptRule[] { RofrNotices, ConsortiumNotices };
        var gen =
            from offset in Gen.Choose(0, minutes)
            from delay in Gen.Choose(0, 60 * 24 * 10)
            from channel in Gen.Elements(NoticeChannel.PersonalDelivery, NoticeChannel.Courier, NoticeChannel.Fax, NoticeChannel.Email)
            from hasDelivery in Gen.Elements(true, false)
            from place in Gen.Choose(0, places.Length - 1)
            from rule in Gen.Choose(0, rules.Length - 1)
            select (offset, delay, channel, hasDelivery, place, rule);
        Prop.ForAll(Arb.From(gen), t =>
        {
            var sent = Instant.FromUtc(2019, 1, 2, 0, 0) + Duration.FromMinutes(t.offset);
            var needsDelivery = t.channel is NoticeChannel.PersonalDelivery || (t.channel is NoticeChannel.Courier && rules[t.rule] is ReceiptCutoff);
            Instant? delivered = t.hasDelivery || needsDelivery ? sent + Duration.FromMinutes(t.delay) : null;
            var receipt = rules[t.rule].Apply(new NoticeDispatch(t.channel, sent, delivered), places[t.place]);
            return receipt.EffectiveAt >= sent && receipt.Date >= sent.InZone(places[t.place].Zone).Date;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Deadline_CalendarDays_ExpiresExactlyNDaysAfterTheTriggerDayEnds()
    {
        var gen = from date in Dates from n in Gen.Choose(1, 120) select (date, n);
        Prop.ForAll(Arb.From(gen), t =>
        {
            var d = Deadline.Compute("P", RofrBusinessDay.Citation, new Trigger("e", t.date), PeriodTerm.CalendarDays(t.n), RofrCalendar, NewYork);
            return d.DueDate == t.date.PlusDays(t.n) && d.ExpiresAtLocal.LocalDateTime == t.date.PlusDays(t.n + 1).AtMidnight();
        }).QuickCheckThrowOnFailure();
    }
}
