namespace Proviso.Domain.Tests.Register;

using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using static Cmd;

/// <summary>The rules about the company, classes and holders existing, once, with valid identities.</summary>
public class IdentityRuleTests
{
    private static RegisterBuilder WithClassA() => new RegisterBuilder().Company(CloopenFixture.Incorporated).Ordinary("class-a", CloopenFixture.Incorporated);

    [Fact]
    public void AnyCommand_BeforeTheCompanyIsRegistered_RefusedCompanyNotRegistered()
    {
        var b = new RegisterBuilder();
        b.Refused(Ordinary("class-a", D(2014, 1, 1)), "register.company-not-registered");
        b.Refused(Holder("tencent", D(2014, 1, 1)), "register.company-not-registered");
        Assert.Empty(b.Timeline.Events);
    }

    [Fact]
    public void RegisterCompany_Twice_RefusedCompanyAlreadyRegistered()
    {
        var b = new RegisterBuilder().Company(D(2014, 1, 1));
        b.Refused(Company(D(2014, 1, 2)), "register.company-already-registered");
    }

    [Fact]
    public void RegisterCompany_RecordsIdentityAndStartDate()
    {
        var b = new RegisterBuilder().Company(D(2014, 1, 1));
        Assert.Equal("cloopen", b.Latest.CompanyId);
        Assert.Equal("Cloopen Group Holding Limited", b.Latest.CompanyName);
        Assert.Equal("USD", b.Latest.BaseCurrency);
        Assert.Equal(D(2014, 1, 1), b.Latest.RegisteredOn);
    }

    [Fact]
    public void RegisterCompany_WithoutName_RefusedCompanyIdentity()
    {
        new RegisterBuilder().Refused(Company(D(2014, 1, 1), name: " "), "register.company-identity");
    }

    [Fact]
    public void RegisterCompany_UnknownCurrency_RefusedUnknownCurrency()
    {
        new RegisterBuilder().Refused(Company(D(2014, 1, 1), currency: "XYZ"), "register.unknown-currency");
    }

    [Fact]
    public void Command_DatedTheDayBeforeTheRegisterStarts_RefusedBeforeCompany()
    {
        var b = new RegisterBuilder().Company(D(2014, 1, 1));
        b.Refused(Ordinary("class-a", D(2013, 12, 31)), "register.before-company");
    }

    [Fact]
    public void Command_DatedTheDayTheRegisterStarts_Accepted()
    {
        var b = new RegisterBuilder().Company(D(2014, 1, 1));
        b.Do(Ordinary("class-a", D(2014, 1, 1)));
        Assert.True(b.Latest.Classes.ContainsKey("class-a"));
    }

    [Fact]
    public void CreateShareClass_SameIdTwice_RefusedDuplicateClass()
    {
        WithClassA().Refused(Ordinary("class-a", D(2015, 1, 1)), "register.duplicate-class");
    }

    [Fact]
    public void CreateShareClass_BlankId_RefusedClassIdentity()
    {
        WithClassA().Refused(Ordinary(" ", D(2015, 1, 1)), "register.class-identity");
    }

    [Fact]
    public void CreateShareClass_NegativeVotes_RefusedVotesNegative()
    {
        WithClassA().Refused(Ordinary("class-b", D(2015, 1, 1), votes: -1), "register.votes-negative");
    }

    [Fact]
    public void CreateShareClass_ZeroVotes_Accepted()
    {
        var b = WithClassA();
        b.Do(Ordinary("class-b", D(2015, 1, 1), votes: 0));
        Assert.Equal(Fraction.Zero, b.Latest.Classes["class-b"].VotesPerShare);
    }

    [Fact]
    public void CreateShareClass_NegativePar_RefusedParNegative()
    {
        var cmd = Ordinary("class-b", D(2015, 1, 1)) with { ParValue = Money.Of(-0.0001m, "USD") };
        WithClassA().Refused(cmd, "register.par-negative");
    }

    [Fact]
    public void CreateShareClass_OrdinaryWithoutVotes_RefusedVotesRequired()
    {
        var cmd = Ordinary("class-b", D(2015, 1, 1)) with { VotesPerShare = null };
        WithClassA().Refused(cmd, "register.votes-required");
    }

    [Fact]
    public void CreateShareClass_PreferredIntoMissingClass_RefusedUnknownClass()
    {
        WithClassA().Refused(Preferred("series-f", "class-z", Fraction.One, D(2020, 11, 13)), "register.unknown-class");
    }

    [Fact]
    public void CreateShareClass_PreferredWithoutTarget_RefusedUnknownClass()
    {
        var cmd = Preferred("series-f", "class-a", Fraction.One, D(2020, 11, 13)) with { ConvertsInto = null };
        WithClassA().Refused(cmd, "register.unknown-class");
    }

    [Fact]
    public void CreateShareClass_PreferredIntoPreferred_RefusedNotOrdinary()
    {
        var b = WithClassA().Preferred("series-e", "class-a", Fraction.One, D(2019, 1, 1));
        b.Refused(Preferred("series-f", "series-e", Fraction.One, D(2020, 11, 13)), "register.not-ordinary");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void CreateShareClass_PreferredNonPositiveRatio_RefusedInvalidRatio(long ratio)
    {
        WithClassA().Refused(Preferred("series-f", "class-a", Fraction.Of(ratio), D(2020, 11, 13)), "register.invalid-ratio");
    }

    [Fact]
    public void CreateShareClass_PreferredWithoutRatio_RefusedInvalidRatio()
    {
        var cmd = Preferred("series-f", "class-a", Fraction.One, D(2020, 11, 13)) with { ConversionRatio = null };
        WithClassA().Refused(cmd, "register.invalid-ratio");
    }

    [Fact]
    public void CreateShareClass_PreferredAtThreeHalves_RecordsExactRatioFromCreation()
    {
        var b = WithClassA().Preferred("series-f", "class-a", Fraction.Create(3, 2), D(2020, 11, 13));
        var cls = b.Latest.Classes["series-f"];
        Assert.Equal(Fraction.Create(3, 2), cls.RatioOn(D(2020, 11, 13)));
        Assert.Null(cls.RatioOn(D(2020, 11, 12)));
        Assert.Equal("class-a", cls.ConvertsInto);
        Assert.Null(cls.VotesPerShare);
        Assert.Equal(Fraction.One, b.Latest.Classes["class-a"].RatioOn(D(2000, 1, 1)));
    }

    [Fact]
    public void ChangeConversionRatio_OnOrdinaryClass_RefusedNotConvertible()
    {
        WithClassA().Refused(new ChangeConversionRatio("class-a", Fraction.Of(2), "anti-dilution") { EffectiveOn = D(2021, 1, 1) }, "register.not-convertible");
    }

    [Fact]
    public void ChangeConversionRatio_ToZero_RefusedInvalidRatio()
    {
        var b = WithClassA().Preferred("series-f", "class-a", Fraction.One, D(2020, 11, 13));
        b.Refused(new ChangeConversionRatio("series-f", Fraction.Zero, "error") { EffectiveOn = D(2021, 1, 1) }, "register.invalid-ratio");
    }

    [Fact]
    public void ChangeConversionRatio_Accepted_AppliesFromItsDateOnly()
    {
        var b = WithClassA().Preferred("series-f", "class-a", Fraction.One, D(2020, 11, 13));
        b.Do(new ChangeConversionRatio("series-f", Fraction.Create(11, 10), "anti-dilution") { EffectiveOn = D(2021, 1, 1) });
        var cls = b.Latest.Classes["series-f"];
        Assert.Equal(Fraction.One, cls.RatioOn(D(2020, 12, 31)));
        Assert.Equal(Fraction.Create(11, 10), cls.RatioOn(D(2021, 1, 1)));
    }

    [Fact]
    public void ChangeConversionRatio_UnknownClass_RefusedUnknownClass()
    {
        WithClassA().Refused(new ChangeConversionRatio("series-z", Fraction.One, "x") { EffectiveOn = D(2021, 1, 1) }, "register.unknown-class");
    }

    [Fact]
    public void RegisterHolder_SameIdTwice_RefusedDuplicateHolder()
    {
        var b = WithClassA().Holder("tencent", D(2020, 11, 13));
        b.Refused(Holder("tencent", D(2020, 11, 14)), "register.duplicate-holder");
    }

    [Fact]
    public void RegisterHolder_BlankName_RefusedHolderIdentity()
    {
        WithClassA().Refused(Holder("tencent", D(2020, 11, 13)) with { Name = "" }, "register.holder-identity");
    }

    [Fact]
    public void RegisterHolder_UnknownTimeZone_RefusedUnknownTimeZone()
    {
        WithClassA().Refused(Holder("tencent", D(2020, 11, 13), timeZone: "Asia/Atlantis"), "register.unknown-time-zone");
    }

    [Fact]
    public void RegisterHolder_BusinessHoursEndingWhenTheyStart_RefusedBusinessHours()
    {
        var cmd = Holder("tencent", D(2020, 11, 13)) with { BusinessHoursStart = new NodaTime.LocalTime(9, 0), BusinessHoursEnd = new NodaTime.LocalTime(9, 0) };
        WithClassA().Refused(cmd, "register.business-hours");
    }

    [Fact]
    public void RegisterHolder_BusinessHoursOneMinuteLong_Accepted()
    {
        var b = WithClassA();
        b.Do(Holder("tencent", D(2020, 11, 13)) with { BusinessHoursStart = new NodaTime.LocalTime(9, 0), BusinessHoursEnd = new NodaTime.LocalTime(9, 1) });
        Assert.Equal(new NodaTime.LocalTime(9, 1), b.Latest.Holders["tencent"].BusinessHoursEnd);
    }

    [Fact]
    public void RegisterHolder_WithoutHours_DefaultsToNineToSix()
    {
        var b = WithClassA().Holder("tencent", D(2020, 11, 13));
        var h = b.Latest.Holders["tencent"];
        Assert.Equal(new NodaTime.LocalTime(9, 0), h.BusinessHoursStart);
        Assert.Equal(new NodaTime.LocalTime(18, 0), h.BusinessHoursEnd);
        Assert.Equal(D(2020, 11, 13), h.RegisteredOn);
        Assert.False(b.Latest.IsActiveHolder("tencent", D(2020, 11, 12)));
        Assert.True(b.Latest.IsActiveHolder("tencent", D(2020, 11, 13)));
    }

    [Fact]
    public void ChangeHolderNoticeDetails_NewZone_ReplacesAddressesAndKeepsHours()
    {
        var b = WithClassA().Holder("tencent", D(2020, 11, 13));
        b.Do(new ChangeHolderNoticeDetails("tencent", "Asia/Shanghai", [new NoticeAddress("courier", "Tencent Building, Shenzhen")], null, null) { EffectiveOn = D(2021, 1, 1) });
        var h = b.Latest.Holders["tencent"];
        Assert.Equal("Asia/Shanghai", h.TimeZone);
        Assert.Equal("courier", Assert.Single(h.Addresses).Channel);
        Assert.Equal(new NodaTime.LocalTime(9, 0), h.BusinessHoursStart);
    }

    [Fact]
    public void ChangeHolderNoticeDetails_UnknownHolder_RefusedUnknownHolder()
    {
        WithClassA().Refused(new ChangeHolderNoticeDetails("nobody", "Asia/Shanghai", [], null, null) { EffectiveOn = D(2021, 1, 1) }, "register.unknown-holder");
    }
}
