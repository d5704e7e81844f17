using Proviso.Application.Terms;
using Proviso.Domain.Agreements.CoSale;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Time;

namespace Proviso.Application.Tests.Transfers;

/// <summary>The transfer mechanisms as loaded from the two example terms files: the same engine, different terms.</summary>
public sealed class TransferTermsTests
{
    private static string Nvca => Path.Combine(CloopenExample.RepoRoot, "examples", "nvca", "terms", "nvca-rofr-cosale.yaml");

    [Fact]
    public void CloopenTerms_Mechanisms_LoadWithTheirNumbersAndReadings()
    {
        var a = TermsLoader.Load(CloopenExample.RofrTerms);
        var fr = a.Mechanism<FirstRefusalTerms>("firstRefusal")!;
        var stage = Assert.Single(fr.Stages);
        Assert.Equal("investors", stage.PurchaserRole);
        Assert.Equal(PeriodTerm.CalendarDays(20), stage.Period);
        Assert.Equal(FractionsAboveOne.Normalise, stage.ProRata!.WhenAboveOne);
        Assert.Equal(OverAllotmentBasis.ProRataFractions, stage.OverAllotment!.Basis);
        Assert.Equal(PeriodTerm.CalendarDays(10), stage.OverAllotment.Period);
        Assert.Equal(RoundingMethod.RoundDown, fr.Rounding);
        Assert.Equal(PeriodTerm.NthDay(40), fr.Closing.DefaultDate);
        Assert.Equal(AppraisalCostSplit.PerCapita, fr.NonCash!.CostSplit);
        Assert.Equal("main-access", a.HolderOf(fr.SpecialOptions!.Party));
        Assert.Equal(SaleWindowStart.OptionPeriodEnd, fr.SaleWindow.From);
        Assert.Equal(PeriodTerm.CalendarDays(60), fr.SaleWindow.Period);
        Assert.Equal("rofr-cosale-2020 s.2.4(ii)", fr.SaleWindow.RevivalCitation.ToString());
        var cs = a.Mechanism<CoSaleTerms>("coSale")!;
        Assert.False(cs.Numerator.InstrumentsAsExercised);
        Assert.True(cs.Denominator.InstrumentsAsExercised);
        var notices = a.Mechanism<NoticeTerms>("notices")!;
        Assert.Equal(2, notices.CourierBusinessDays);
        Assert.True(notices.CopyToRequired);
        var restrictions = a.Mechanism<TransferRestrictionTerms>("transferRestrictions")!;
        Assert.Equal("majority-investors", restrictions.Restricted.ConsentGroup);
        Assert.Equal(180, restrictions.LockUp!.MaxDays);
    }

    [Fact]
    public void NvcaTerms_Stages_CompanyFirstThenInvestorsOnItsSecondaryNotice()
    {
        var a = TermsLoader.Load(Nvca);
        var fr = a.Mechanism<FirstRefusalTerms>("firstRefusal")!;
        Assert.Equal(["company", "investors"], fr.Stages.Select(s => s.Id));
        Assert.True(fr.Stages[0].CompanyPurchases);
        Assert.Equal(StageTrigger.SecondaryNotice, fr.Stages[1].Trigger);
        Assert.Equal(OverAllotmentBasis.AmountsElected, fr.Stages[1].OverAllotment!.Basis);
        Assert.Equal(SaleWindowStart.CompanyReceipt, fr.SaleWindow.From);
        Assert.Equal(PeriodTerm.CalendarDays(90), fr.SaleWindow.Period);
        Assert.Equal("investors", a.Mechanism<CoSaleTerms>("coSale")!.PeriodStage);
        Assert.Null(a.Mechanism<TransferRestrictionTerms>("transferRestrictions"));
    }

    [Fact]
    public void FirstRefusalTerms_MisspeltKey_IsALocatedError()
    {
        var text = File.ReadAllText(CloopenExample.RofrTerms).Replace("    rounding: round-down", "    roundng: round-down");
        var ex = Assert.Throws<InputException>(() => TermsLoader.Parse("rofr.yaml", text));
        Assert.Contains("rofr.yaml:", ex.Message);
        Assert.Contains("unknown key 'roundng'", ex.Message);
    }
}
