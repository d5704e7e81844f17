using System.Text.RegularExpressions;

namespace Proviso.Cli.Tests.Disclosure;

/// <summary>
/// `proviso filings import|timeline|deadlines` and `proviso ownership` against a real process: the Cloopen worked
/// example in examples/cloopen/filings with its expected outputs, idempotent imports, and bad input refused with the
/// file, line and column. Ledger sequence numbers depend on how many entries the register import wrote before the
/// filings, so "#123" is compared as "#N".
/// </summary>
public sealed class DisclosureCommandsTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static string Filings => DisclosureExample.Filings;

    private static string Normalise(string text) => DisclosureExample.Normalise(text);

    private int Entries() => Run("ledger", "log", "cloopen", "--json").Json().GetProperty("entries").GetArrayLength();

    private CliResult Run(params string[] args) => ProvisoProcess.Run(["--store", _tmp.Store, .. args]);

    [Fact]
    public void FilingsImport_Listing_RecordsEveryMainFilingAndASecondImportChangesNothing()
    {
        Assert.Equal(0, Run("import", ProvisoProcess.CloopenExample).ExitCode);
        var first = Run("filings", "import", "cloopen", Path.Combine(Filings, "cloopen-sec-filings-listing.txt"), "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("imported", first.Json().GetProperty("outcome").GetString());
        Assert.Equal(62, first.Json().GetProperty("entriesWritten").GetInt32());
        var second = Run("filings", "import", "cloopen", Path.Combine(Filings, "cloopen-sec-filings-listing.txt"), "--json");
        Assert.Equal("unchanged", second.Json().GetProperty("outcome").GetString());
        Assert.Equal(first.Json().GetProperty("version").GetInt64(), second.Json().GetProperty("version").GetInt64());
    }

    [Fact]
    public void FilingsImport_EdgarJsonSample_ReproducesTheFiscal2021Deadlines()
    {
        Assert.Equal(0, Run("import", ProvisoProcess.CloopenExample).ExitCode);
        var first = Run("filings", "import", "cloopen", Path.Combine(Filings, "cloopen-edgar-submissions-sample.json"), "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(61, first.Json().GetProperty("entriesWritten").GetInt32());
        Assert.Equal("unchanged", Run("filings", "import", "cloopen", Path.Combine(Filings, "cloopen-edgar-submissions-sample.json"), "--json").Json().GetProperty("outcome").GetString());

        var years = Run("filings", "deadlines", "cloopen", "--json").Json().GetProperty("fiscalYears");
        var fy2021 = years.EnumerateArray().Single(y => y.GetProperty("fiscalYear").GetInt32() == 2021);
        Assert.Equal("2022-05-02", fy2021.GetProperty("due").GetProperty("due").GetString());
        Assert.Equal("2022-04-30", fy2021.GetProperty("due").GetProperty("unrolled").GetString());
        Assert.Equal("2022-05-03", fy2021.GetProperty("notification").GetProperty("filingDate").GetString());
        Assert.True(fy2021.GetProperty("notification").GetProperty("inTime").GetBoolean());
        Assert.Equal("2022-05-17", fy2021.GetProperty("extended").GetProperty("due").GetString());
        Assert.Equal("2024-02-27", fy2021.GetProperty("report").GetProperty("filingDate").GetString());
        Assert.Equal([2020, 2021, 2022, 2023, 2024], years.EnumerateArray().Select(y => y.GetProperty("fiscalYear").GetInt32()));
    }

    [Theory]
    [InlineData("deadlines.txt", new[] { "filings", "deadlines", "cloopen" })]
    [InlineData("timeline.txt", new[] { "filings", "timeline", "cloopen" })]
    [InlineData("ownership-2025-12-31.txt", new[] { "ownership", "cloopen", "--as-of", "2025-12-31", "--groups", "GROUPS" })]
    public void WorkedExample_CloopenOutput_MatchesTheExpectedFile(string expected, string[] args)
    {
        DisclosureExample.ImportCloopen(_tmp.Store);
        var resolved = args.Select(a => a == "GROUPS" ? Path.Combine(Filings, "consortium-2025.yaml") : a).ToArray();
        var r = Run(resolved);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(Normalise(File.ReadAllText(Path.Combine(Filings, "expected", expected))), Normalise(r.Stdout));
    }

    [Fact]
    public void Deadlines_Cloopen_ShowTheRuleAndTheDaysThatMovedEachDate()
    {
        DisclosureExample.ImportCloopen(_tmp.Store);
        var text = Run("filings", "deadlines", "cloopen").Stdout;
        Assert.Contains("Fiscal 2021 (ended 2021-12-31)", text);
        Assert.Contains("due          2022-05-02", text);
        Assert.Contains("2022-04-30 (Saturday): Saturday is a weekly rest day in US-SEC", text);
        Assert.Contains("NT 20-F      2022-05-03  filed (ledger #", text);
        Assert.Contains("extended to  2022-05-17", text);
        Assert.Contains("filed        2024-02-27", text);
        Assert.Contains("exchange-act Rule 0-3(a)", text);
    }

    [Fact]
    public void Ownership_Consortium_AlertNamesTheGroupTheFractionTheFormAndTheDueDate()
    {
        DisclosureExample.ImportCloopen(_tmp.Store);
        var json = Run("ownership", "cloopen", "--as-of", "2025-12-31", "--groups", Path.Combine(Filings, "consortium-2025.yaml"), "--json").Json();
        var alert = json.GetProperty("alerts").EnumerateArray().Single(a => a.GetProperty("person").GetString() == "consortium-2025");
        Assert.Equal("330/611", alert.GetProperty("percentAfter").GetString());
        Assert.Equal("Schedule 13D", alert.GetProperty("form").GetString());
        Assert.Equal("2026-01-02", alert.GetProperty("deadline").GetProperty("due").GetString());
        var sun = json.GetProperty("alerts").EnumerateArray().Single(a => a.GetProperty("person").GetString() == "sun-changxun");
        Assert.Equal("2022-02-14", sun.GetProperty("deadline").GetProperty("due").GetString());
        Assert.True(sun.GetProperty("causedBySequence").GetInt64() > 0);
    }

    [Fact]
    public void Timeline_Cloopen_ShowsTheListingEvents()
    {
        DisclosureExample.ImportCloopen(_tmp.Store);
        var text = Run("filings", "timeline", "cloopen").Stdout;
        Assert.Contains("ADS ratio changes from 2 to 6 class-a shares per ADS", text);
        Assert.Contains("suspends trading", text);
        Assert.Contains("Delisting effective, 10 days after the Form 25 of 2023-10-25", text);
        Assert.Contains("the exchange names November 6, 2023 for the removal", text);
    }

    [Fact]
    public void FilingsImport_ListingWithAnImpossibleDate_IsRefusedWithItsLineAndNothingIsWritten()
    {
        Assert.Equal(0, Run("import", ProvisoProcess.CloopenExample).ExitCode);
        var before = Entries();
        var file = _tmp.File("bad.txt");
        File.WriteAllText(file, "Site header\n\nMay 3, 2022 NT 20-F\n\nSEC FILE NUMBER\n\nFebruary 30, 2022 6-K\n\nTitle\n");
        var r = Run("filings", "import", "cloopen", file);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad.txt:7:1: 'February 30, 2022' is not a date", r.Stderr);
        Assert.Equal(before, Entries());
    }

    [Fact]
    public void FilingsImport_ListingWithAnUnknownFormType_IsRefusedWithItsLineAndColumn()
    {
        Assert.Equal(0, Run("import", ProvisoProcess.CloopenExample).ExitCode);
        var file = _tmp.File("bad-form.txt");
        File.WriteAllText(file, "May 3, 2022 NT 20-F\n\nSEC FILE NUMBER\n\nMay 4, 2022 annual report\n");
        var r = Run("filings", "import", "cloopen", file);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad-form.txt:5:13: 'annual report' is not an EDGAR form type", r.Stderr);
    }

    [Fact]
    public void FilingsImport_EdgarJsonWithUnequalArrays_IsRefusedWithTheArraysLine()
    {
        Assert.Equal(0, Run("import", ProvisoProcess.CloopenExample).ExitCode);
        var file = _tmp.File("bad.json");
        File.WriteAllText(file, "{\n  \"filings\": {\n    \"recent\": {\n      \"accessionNumber\": [\"\", \"\"],\n      \"filingDate\": [\"2022-05-03\"],\n      \"form\": [\"NT 20-F\", \"6-K\"]\n    }\n  }\n}\n");
        var r = Run("filings", "import", "cloopen", file);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad.json:5:21: filings.recent.filingDate has 1 values but filings.recent.form has 2", r.Stderr);
    }

    [Fact]
    public void FilingsImport_EdgarJsonWithABadDate_IsRefusedWithTheValuesPosition()
    {
        Assert.Equal(0, Run("import", ProvisoProcess.CloopenExample).ExitCode);
        var file = _tmp.File("bad-date.json");
        File.WriteAllText(file, "{\"filings\": {\"recent\": {\n\"accessionNumber\": [\"\"],\n\"filingDate\": [\"2022-13-03\"],\n\"form\": [\"NT 20-F\"]}}}\n");
        var r = Run("filings", "import", "cloopen", file);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad-date.json:3:16: filings.recent.filingDate[0] '2022-13-03' is not a date", r.Stderr);
    }

    [Fact]
    public void FilingsImport_UnknownCompany_IsRefused()
    {
        var r = Run("filings", "import", "nobody", Path.Combine(Filings, "cloopen-sec-filings-listing.txt"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("there is no company 'nobody'", r.Stderr);
    }
}

/// <summary>The Cloopen disclosure example: where it lives, how it is imported, and how outputs are compared.</summary>
public static partial class DisclosureExample
{
    public static string Filings => Path.Combine(ProvisoProcess.CloopenExample, "filings");

    [GeneratedRegex(@"#\d+")]
    private static partial Regex Sequence();

    public static string Normalise(string text) => Sequence().Replace(text.Replace("\r\n", "\n"), "#N").TrimEnd();

    /// <summary>The register, the listing of the filing record and the ownership facts, imported as docs/disclosure.md shows.</summary>
    public static void ImportCloopen(string store)
    {
        foreach (var args in new[]
                 {
                     new[] { "import", ProvisoProcess.CloopenExample },
                     ["filings", "import", "cloopen", Path.Combine(Filings, "cloopen-sec-filings-listing.txt")],
                     ["filings", "import", "cloopen", Path.Combine(Filings, "ownership.yaml")],
                 })
        {
            var r = ProvisoProcess.Run(["--store", store, .. args]);
            Assert.True(r.ExitCode == 0, r.ToString());
        }
    }
}
