using Proviso.Application.Terms;
using Proviso.Domain.Agreements.Consent;

namespace Proviso.Application.Tests.Terms;

/// <summary>Terms files: the Cloopen agreement loads with every element cited; malformed terms say where and what was expected.</summary>
public sealed class TermsLoaderTests
{
    private const string Head = """
        agreement: { id: test-terms, title: Test, date: 2024-01-02, company: acme }
        parties:
          investors: { cite: "1", members: [a, b] }

        """;

    private static InputException Fails(string yaml) => Assert.Throws<InputException>(() => TermsLoader.Parse("t.yaml", yaml));

    [Fact]
    public void CloopenRofr_Loads_WithCitedRolesDefinitionsAndConsentGroups()
    {
        var a = TermsLoader.Load(CloopenExample.RofrTerms);
        Assert.Equal("rofr-cosale-2020", a.Id);
        Assert.Equal(new NodaTime.LocalDate(2020, 11, 13), a.Date);
        Assert.Equal(18, a.RoleNamed("investors").Members.Count);
        Assert.Equal("cvc-warrant", a.RoleNamed("investors").Members.Single(m => m.HolderId == "cvc").AfterFullExerciseOf);
        Assert.True(a.BusinessDay!.ExcludeWeekends);
        Assert.Equal(["CN", "HK"], a.BusinessDay.Jurisdictions);
        var mi = a.ConsentGroup("majority-investors");
        Assert.Equal(3, mi.Prongs.Count);
        Assert.Equal(Comparison.MoreThan, ((ThresholdProng)mi.Prongs[0]).Threshold.Comparison);
        Assert.Equal("1.1", mi.Citation.Section);
        var f = (ThresholdProng)a.ConsentGroup("majority-series-f").Prongs[0];
        Assert.Equal(5_899_843, f.MustInclude.Single(x => x.Party == "tencent").MinimumHolding!.Value.Value);
        Assert.Equal(67, (((ThresholdProng)a.ConsentGroup("majority-series-c").Prongs[0]).Threshold.Value * 100).Numerator);
    }

    [Fact]
    public void Element_WithoutCite_IsRefusedWithItsLocation()
    {
        var e = Fails(Head + "named:\n  x: { holder: a }\n");
        Assert.Equal(5, e.Location!.Line);
        Assert.Contains("has no 'cite'", e.Message);
    }

    [Fact]
    public void Role_Unknown_IsNamedWithTheDefinedOnes()
    {
        var e = Fails(Head + "  lead: { cite: \"2\", include: [investorz] }\n");
        Assert.Contains("unknown role 'investorz'", e.Message);
        Assert.Contains("investors", e.Message);
    }

    [Fact]
    public void Threshold_WithBothStrictAndInclusive_IsRefused()
    {
        var e = Fails(Head + "consents:\n  g:\n    cite: \"3\"\n    allOf:\n      - { cite: \"3\", threshold: { classes: [x], moreThan: 50%, noLessThan: 50% } }\n");
        Assert.Contains("exactly one of 'moreThan'", e.Message);
    }

    [Fact]
    public void Threshold_PercentageOverAHundred_IsRefused()
    {
        var e = Fails(Head + "consents:\n  g:\n    cite: \"3\"\n    allOf:\n      - { cite: \"3\", threshold: { classes: [x], moreThan: 150% } }\n");
        Assert.Contains("between 0% and 100%", e.Message);
    }

    [Fact]
    public void ConsentGroup_DefinedInTermsOfItself_IsRefused()
    {
        var e = Fails(Head + "consents:\n  g:\n    cite: \"3\"\n    allOf:\n      - { cite: \"3\", group: h }\n  h:\n    cite: \"3\"\n    allOf:\n      - { cite: \"3\", group: g }\n");
        Assert.Contains("defined in terms of itself", e.Message);
    }

    [Fact]
    public void Mechanism_Unknown_ListsTheKnownOnes()
    {
        var e = Fails(Head + "mechanisms:\n  teleport: { cite: \"9\" }\n");
        Assert.Contains("unknown mechanism 'teleport'", e.Message);
    }

    [Fact]
    public void Key_Misspelt_IsReportedNotIgnored()
    {
        var e = Fails(Head.Replace("parties:", "partys:"));
        Assert.Contains("unknown key 'partys'", e.Message);
    }

    [Fact]
    public void BusinessDay_UnknownCalendar_IsRefused()
    {
        var e = Fails(Head + "definitions:\n  businessDay: { cite: \"1.1\", excludeWeekends: true, jurisdictions: [CN, XX] }\n");
        Assert.Contains("unknown calendar 'XX'", e.Message);
    }

    [Fact]
    public void CheckAgainst_Register_NamesHoldersAndClassesItDoesNotHave()
    {
        var c = new CloopenExample();
        var a = TermsLoader.Parse("t.yaml", Head.Replace("company: acme", "company: cloopen")
            + "consents:\n  g:\n    cite: \"3\"\n    allOf:\n      - { cite: \"3\", threshold: { classes: [series-z], moreThan: 50% } }\n");
        var problems = TermsLoader.CheckAgainst(a, c.Timeline.Latest);
        Assert.Contains(problems, p => p.Contains("holder 'a'"));
        Assert.Contains(problems, p => p.Contains("class 'series-z'"));
    }
}
