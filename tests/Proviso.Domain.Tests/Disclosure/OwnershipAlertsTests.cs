using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Disclosure;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register.Events;
using static Proviso.Domain.Tests.Disclosure.DisclosureFixtures;

namespace Proviso.Domain.Tests.Disclosure;

/// <summary>Crossing 5% (strictly more), the 1% materiality line, and the deadlines before and after the 2023 amendments.</summary>
public class OwnershipAlertsTests
{
    private static readonly Proviso.Domain.Time.BusinessCalendar Sec = SecBusinessDays.Calendar;
    private static readonly Dictionary<string, FilerStatus> NoStatuses = new();

    private static IReadOnlyList<OwnershipAlert> Alerts(List<(long, LedgerEvent)> events, LocalDate asOf, IReadOnlyDictionary<string, FilerStatus>? statuses = null, IReadOnlyList<ReportingGroup>? groups = null) =>
        OwnershipAlerts.Compute(events, "ord", (D(2020, 6, 1), 999), groups ?? [], statuses ?? NoStatuses, asOf, Sec);

    private static List<(long, LedgerEvent)> WithTransfer(long shares, LocalDate on)
    {
        var events = Events(aShares: 0, bShares: 100);
        events.RemoveAll(e => e.Item2 is SharesIssued { HolderId: "a" });
        events.Add((200, new SharesTransferred("b", "c", "ord", ShareCount.Of(shares), [new CertificatePortion("ord-0002", ShareCount.Of(shares))], "ord-0003", "ord-0004", null, null) { EffectiveOn = on }));
        return events;
    }

    [Fact]
    public void Acquisition_ToExactlyFivePercent_RequiresNothing() =>
        Assert.DoesNotContain(Alerts(WithTransfer(5, D(2023, 6, 1)), D(2024, 12, 31)), a => a.PersonId == "c");

    [Fact]
    public void Acquisition_ToMoreThanFivePercentBefore5February2024_RequiresSchedule13DWithinTenDays()
    {
        var events = WithTransfer(6, D(2023, 6, 1));
        var alert = Alerts(events, D(2024, 12, 31)).Single(a => a.PersonId == "c");
        Assert.Equal("Schedule 13D", alert.Form);
        Assert.Equal(200, alert.CausedBySequence);
        Assert.Equal(Fraction.Create(6, 100), alert.PercentAfter);
        Assert.Equal(D(2023, 6, 12), alert.Deadline.Due); // 2023-06-11 is a Sunday
        Assert.Equal(Schedule13DDeadlines.InitialOld, alert.Deadline.Rule);
    }

    [Fact]
    public void Acquisition_On5February2024_RequiresSchedule13DWithinFiveBusinessDays()
    {
        var alert = Alerts(WithTransfer(6, D(2024, 2, 5)), D(2024, 12, 31)).Single(a => a.PersonId == "c");
        Assert.Equal(D(2024, 2, 12), alert.Deadline.Due);
        Assert.Equal(Schedule13DDeadlines.InitialNew, alert.Deadline.Rule);
    }

    [Fact]
    public void Acquisition_On2February2024_StillHasTenDays() =>
        Assert.Equal(D(2024, 2, 12), Alerts(WithTransfer(6, D(2024, 2, 2)), D(2024, 12, 31)).Single(a => a.PersonId == "c").Deadline.Due);

    [Fact]
    public void PassiveInvestor_AfterSeptember2024_FilesSchedule13GWithinFiveBusinessDays()
    {
        var statuses = new Dictionary<string, FilerStatus> { ["c"] = FilerStatus.Passive };
        var alert = Alerts(WithTransfer(6, D(2024, 10, 1)), D(2024, 12, 31), statuses).Single(a => a.PersonId == "c");
        Assert.Equal("Schedule 13G", alert.Form);
        Assert.Equal(D(2024, 10, 8), alert.Deadline.Due);
    }

    [Fact]
    public void PassiveInvestor_Before30September2024_FilesWithinTenDays() =>
        Assert.Equal(D(2024, 9, 10), Alerts(WithTransfer(6, D(2024, 8, 31)), D(2024, 12, 31), new Dictionary<string, FilerStatus> { ["c"] = FilerStatus.Passive })
            .Single(a => a.PersonId == "c").Deadline.Due);

    [Fact]
    public void QualifiedInstitution_Before30September2024_Files45DaysAfterYearEnd_AfterIt45DaysAfterQuarterEnd()
    {
        Assert.Equal(D(2024, 2, 14), Schedule13GDeadlines.Initial(FilerStatus.QualifiedInstitutional, "x", D(2023, 8, 1), Sec).Due);
        Assert.Equal(D(2024, 11, 14), Schedule13GDeadlines.Initial(FilerStatus.QualifiedInstitutional, "x", D(2024, 9, 30), Sec).Due);
        Assert.Equal(D(2025, 2, 14), Schedule13GDeadlines.Initial(FilerStatus.Exempt, "x", D(2024, 10, 1), Sec).Due);
    }

    [Fact]
    public void ExemptInvestor_AtRegistration_FilesSchedule13GAfterTheYearEnd()
    {
        var alerts = OwnershipAlerts.Compute(Events(aShares: 6, bShares: 94), "ord", (D(2021, 2, 3), 5), [], NoStatuses, D(2022, 12, 31), Sec);
        var a = alerts.Single(x => x.PersonId == "a");
        Assert.Equal(FilerStatus.Exempt, a.Status);
        Assert.Equal(D(2022, 2, 14), a.Deadline.Due);
        Assert.Equal(5, a.CausedBySequence);
    }

    [Fact]
    public void BeforeRegistration_NothingIsDue() =>
        Assert.Empty(OwnershipAlerts.Compute(Events(aShares: 6, bShares: 94), "ord", null, [], NoStatuses, D(2022, 12, 31), Sec));

    private static List<(long, LedgerEvent)> TwoTransfers(long second)
    {
        var events = WithTransfer(10, D(2024, 3, 1));
        events.Add((201, new SharesTransferred("b", "c", "ord", ShareCount.Of(second), [new CertificatePortion("ord-0004", ShareCount.Of(second))], "ord-0005", "ord-0006", null, null) { EffectiveOn = D(2024, 3, 4) }));
        return events;
    }

    [Fact]
    public void Schedule13DAmendment_AcquisitionOfOnePercent_IsMaterialAndDueInTwoBusinessDays()
    {
        var amendment = Alerts(TwoTransfers(1), D(2024, 12, 31)).Where(a => a.PersonId == "c").Skip(1).Single();
        Assert.Equal("Schedule 13D/A", amendment.Form);
        Assert.Equal(201, amendment.CausedBySequence);
        Assert.Equal(D(2024, 3, 6), amendment.Deadline.Due);
    }

    [Fact]
    public void Schedule13DAmendment_AcquisitionBelowOnePercent_IsNotMaterial()
    {
        var events = Events(aShares: 0, bShares: 1000);
        events.RemoveAll(e => e.Item2 is SharesIssued { HolderId: "a" });
        events.Add((200, new SharesTransferred("b", "c", "ord", ShareCount.Of(100), [new CertificatePortion("ord-0002", ShareCount.Of(100))], "ord-0003", "ord-0004", null, null) { EffectiveOn = D(2024, 3, 1) }));
        events.Add((201, new SharesTransferred("b", "c", "ord", ShareCount.Of(9), [new CertificatePortion("ord-0004", ShareCount.Of(9))], "ord-0005", "ord-0006", null, null) { EffectiveOn = D(2024, 3, 4) }));
        Assert.Single(Alerts(events, D(2024, 12, 31)), a => a.PersonId == "c");
    }

    [Fact]
    public void Schedule13DAmendment_Before5February2024_IsDuePromptly()
    {
        var d = Schedule13DDeadlines.Amendment("x", D(2024, 2, 2), Sec);
        Assert.Null(d.Due);
        Assert.Equal("promptly", d.Period);
    }

    [Fact]
    public void Group_FormedOn22December2025_FilesSchedule13DOnTheFifthSecBusinessDay()
    {
        var group = new ReportingGroup("g", "Consortium", ["a", "c"], D(2025, 12, 22), new Citation("consortium-2025", "1.05(d)"));
        var events = Events(aShares: 4, bShares: 96);
        events.Add((300, new AdsPositionRecorded("c", "C", "ord", ShareCount.Of(1), "test") { EffectiveOn = D(2025, 1, 1) }));
        var alert = Alerts(events, D(2025, 12, 31), groups: [group]).Single(a => a.PersonId == "g");
        Assert.Null(alert.CausedBySequence);
        Assert.Equal(Fraction.Create(6, 100), alert.PercentAfter);
        Assert.Equal(D(2026, 1, 2), alert.Deadline.Due);
        Assert.Contains("2025-12-24", alert.Deadline.MovedBy);
    }
}
