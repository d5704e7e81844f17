using NodaTime;
using Proviso.Domain.Agreements.Consortium;
using static Proviso.Domain.Tests.ConsortiumRules.ConsortiumFixture;

namespace Proviso.Domain.Tests.ConsortiumRules;

public class ExclusivityAndTerminationTests
{
    [Fact]
    public void ExclusivityPeriod_AgreementOf22December2025_EndsAtTheEndOf22December2026InHongKong()
    {
        var period = ExclusivityPeriod.Of(Start());
        Assert.Equal(new LocalDate(2026, 12, 22), period.Scheduled.DueDate);
        Assert.Equal(Hk(2025, 12, 22), period.StartsAt);
        Assert.Equal(Hk(2026, 12, 23), period.EndsAt);
        Assert.Equal(Instant.FromUtc(2026, 12, 22, 16, 0), period.EndsAt);
        Assert.Null(period.EndedEarlyBy);
    }

    [Fact]
    public void ExclusivityPeriod_LastMomentOf22December2026_IsInside()
    {
        var period = ExclusivityPeriod.Of(Start());
        Assert.True(period.Contains(Hk(2026, 12, 23) - Duration.Epsilon));
        Assert.True(period.Contains(Instant.FromUtc(2026, 12, 22, 15, 59, 59)));
    }

    [Fact]
    public void ExclusivityPeriod_FirstMomentOf23December2026_IsOutside()
    {
        var period = ExclusivityPeriod.Of(Start());
        Assert.False(period.Contains(Hk(2026, 12, 23)));
        Assert.False(period.Contains(Instant.FromUtc(2026, 12, 22, 16, 0)));
    }

    [Fact]
    public void ExclusivityPeriod_BeforeTheAgreementDate_IsOutside()
    {
        var period = ExclusivityPeriod.Of(Start());
        Assert.False(period.Contains(Hk(2025, 12, 22) - Duration.Epsilon));
        Assert.True(period.Contains(Hk(2025, 12, 22)));
    }

    [Fact]
    public void ExclusivityPeriod_CompanyStopsNegotiating_EndsEarlyAtThatInstant()
    {
        var ceased = Hk(2026, 6, 1, 10);
        var state = Start().Do(new RecordCompanyCeasedNegotiating("special committee rejected the Proposal").With(ceased));
        var period = ExclusivityPeriod.Of(state);
        Assert.Equal(ceased, period.EndsAt);
        Assert.Equal("5.01(b)(ii)", period.EndedEarlyBy);
        Assert.True(period.Contains(ceased - Duration.Epsilon));
        Assert.False(period.Contains(ceased));
        var t = ConsortiumTermination.At(state, ceased);
        Assert.NotNull(t);
        Assert.Equal("5.01(b)(ii)", t.Clause);
        Assert.Null(ConsortiumTermination.At(state, ceased - Duration.Epsilon));
    }

    [Fact]
    public void Termination_NoDefinitiveAgreement_TerminatesAutomaticallyWhenExclusivityExpires()
    {
        var state = Start();
        Assert.Null(ConsortiumTermination.At(state, Hk(2026, 12, 23) - Duration.Epsilon));
        var t = ConsortiumTermination.At(state, Hk(2026, 12, 23));
        Assert.NotNull(t);
        Assert.Equal("5.01(b)(i)", t.Clause);
        Assert.Equal(Hk(2026, 12, 23), t.At);
    }

    [Fact]
    public void Termination_DefinitiveAgreementAtTheLastMoment_PreventsAutomaticTermination()
    {
        var state = Start().Do(new RecordDefinitiveAgreement("Merger Agreement").With(Hk(2026, 12, 23) - Duration.Epsilon));
        Assert.Null(ConsortiumTermination.At(state, Hk(2027, 6, 1)));
        Assert.Null(ConsortiumTermination.Scheduled(state));
    }

    [Fact]
    public void DefinitiveAgreement_AtTheFirstMomentAfterExpiry_IsRefusedBecauseTheAgreementTerminated()
    {
        Start().Refused(new RecordDefinitiveAgreement("too late").With(Hk(2026, 12, 23)), "consortium.terminated");
    }

    [Fact]
    public void MutualTermination_NotEveryMemberSigns_IsRefused()
    {
        var r = Start().Refused(new TerminateByMutualAgreement([Sponsor]).With(Hk(2026, 3, 1)), "consortium.mutual-termination-incomplete");
        Assert.Contains(Ceo, r.Message);
    }

    [Fact]
    public void MutualTermination_EveryMemberSigns_TerminatesAndEndsExclusivity()
    {
        var at = Hk(2026, 3, 1, 9);
        var state = Start().Do(new TerminateByMutualAgreement([Ceo, Sponsor]).With(at));
        Assert.Equal("5.01(c)", ConsortiumTermination.At(state, at)!.Clause);
        Assert.Equal(at, ExclusivityPeriod.Of(state).EndsAt);
    }

    [Fact]
    public void TerminationEffect_AfterExpiry_SurvivingProvisionsAndShareOfExpenses()
    {
        var state = Start();
        var effect = TerminationEffect.For(state, state.Member(Ceo)!, Hk(2027, 1, 5));
        Assert.Equal("5.01(b)(i)", effect.How);
        Assert.Contains(effect.Survives, s => s.Reference == "Section 6.02");
        Assert.Contains(effect.Liabilities, l => l.Contains("Consortium Expenses incurred before 2026-12-23", StringComparison.Ordinal));
    }

    [Fact]
    public void TerminationEffect_BreachBeforeTermination_AppliesSection301c()
    {
        var state = Start().Do(new RecordBreach(Ceo, "1.05(b)(iii)", "financed a rival bid").With(Hk(2026, 5, 1)));
        var effect = TerminationEffect.For(state, state.Member(Sponsor)!, Hk(2027, 1, 5));
        Assert.Contains(effect.Liabilities, l => l.Contains("s.3.01(c) applies", StringComparison.Ordinal));
        Assert.Contains(effect.Liabilities, l => l.Contains("reimbursement of its costs by ceo-entity", StringComparison.Ordinal));
    }

    [Fact]
    public void ConfidentialityPeriod_24MonthsAfterExecution_EndsAtTheEndOf22December2027()
    {
        var state = Start();
        var d = ConfidentialityPeriod.Of(state);
        Assert.Equal(new LocalDate(2027, 12, 22), d.DueDate);
        Assert.True(ConfidentialityPeriod.Applies(state, Hk(2027, 12, 23) - Duration.Epsilon));
        Assert.False(ConfidentialityPeriod.Applies(state, Hk(2027, 12, 23)));
    }

    [Fact]
    public void OpenDeadlines_On21November2026_ExclusivityThenConfidentiality()
    {
        var open = ConsortiumAgenda.OpenDeadlines(Start(), Hk(2026, 11, 22) - Duration.Epsilon);
        Assert.Equal(2, open.Count);
        Assert.Equal(new LocalDate(2026, 12, 22), open[0].DueDate);
        Assert.Equal("2026-12-23T00:00:00+08:00", open[0].ToData().ExpiresAtLocal);
        Assert.Equal(new LocalDate(2027, 12, 22), open[1].DueDate);
    }

    [Fact]
    public void OpenDeadlines_AfterExclusivityExpires_OnlyConfidentialityRemains()
    {
        var open = ConsortiumAgenda.OpenDeadlines(Start(), Hk(2026, 12, 23));
        var only = Assert.Single(open);
        Assert.Equal(new LocalDate(2027, 12, 22), only.DueDate);
    }
}
