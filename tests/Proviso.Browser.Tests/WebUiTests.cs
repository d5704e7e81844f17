using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Proviso.Browser.Tests;

/// <summary>The web UI in a real browser against the real server: sign in, a whole first-refusal process, the consent calculator, citations, and screenshots of the main pages.</summary>
[Collection(ServerCollection.Name)]
public sealed partial class WebUiTests(ServerFixture server)
{
    [Fact]
    public async Task FirstRefusal_WholeProcessThroughTheUi_CapTableChanges()
    {
        var page = await server.SignedInPageAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" }));
        await server.ScreenshotAsync(page, "01-dashboard");

        await page.GotoAsync("/companies/cloopen/captable?basis=outstanding");
        var before = await ClassAOf(page, "Cloopen Co., Ltd");
        await server.ScreenshotAsync(page, "02-captable-before");

        // Propose.
        await page.GotoAsync("/companies/cloopen/transfers");
        await page.GetByLabel("Process id", new() { Exact = true }).FillAsync("ui-rofr-1");
        await page.Locator("select[name='Propose.TransferorId']").SelectOptionAsync("cloopen-co");
        await page.Locator("select[name='Propose.ClassId']").SelectOptionAsync("class-a");
        await page.GetByLabel("Offered Shares", new() { Exact = true }).FillAsync("3000000");
        await page.GetByLabel("Price per share", new() { Exact = true }).FillAsync("USD 2.50");
        await page.GetByLabel("Transferee id", new() { Exact = true }).FillAsync("harbour-peak");
        await page.GetByLabel("Transferee name", new() { Exact = true }).FillAsync("Harbour Peak Capital Limited");
        await page.GetByLabel("Transferee time zone (IANA)", new() { Exact = true }).FillAsync("Asia/Hong_Kong");
        foreach (var h in new[] { "main-access", "sequoia-iv", "trustbridge-v", "mirae-securities-hk", "mirae-growth-1", "parnatoux", "tencent", "new-oriental" })
            await page.Locator($"input[name='Propose.Consenting'][value='{h}']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Propose the transfer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Transfer ui-rofr-1" }));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("proposed");

        // Serve the Transfer Notice (every required recipient, now).
        await page.GetByRole(AriaRole.Button, new() { Name = "Serve the Transfer Notice" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The Transfer Notice was served");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Deemed receipt of the Transfer Notice" })).ToBeVisibleAsync();

        // Every Investor elects its Pro Rata Shares in full.
        var actions = page.Locator("select[name^='Elect.Rows'][name$='.Action']");
        var count = await actions.CountAsync();
        Assert.True(count > 10, $"expected the Investors' rows, found {count}");
        for (var i = 0; i < count; i++) await actions.Nth(i).SelectOptionAsync("elect");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record elections and waivers" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Recorded {count} elections");

        // The shares rounding left: the first full exerciser asks for them, the others waive over-allotment.
        var over = page.Locator("select[name^='Over.Rows'][name$='.Action']");
        var overCount = await over.CountAsync();
        await over.Nth(0).SelectOptionAsync("request");
        for (var i = 1; i < overCount; i++) await over.Nth(i).SelectOptionAsync("waive");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record over-allotment steps" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("over-allotment step");

        // Close: every purchase in one append.
        await page.GetByRole(AriaRole.Button, new() { Name = "Close the transfer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The transfer was closed");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Closing on" })).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "03-transfer");
        await server.ScreenshotAsync(page, "03a-transfer-top", fullPage: false);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Pro Rata Shares" }).First.ScrollIntoViewIfNeededAsync();
        await server.ScreenshotAsync(page, "03b-transfer-entitlements", fullPage: false);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Closing on" }).ScrollIntoViewIfNeededAsync();
        await server.ScreenshotAsync(page, "03c-transfer-closing", fullPage: false);

        // The notices: HTML with deemed receipts, PDF with the notice's words.
        var html = await page.Context.APIRequest.GetAsync("/api/companies/cloopen/transfers/ui-rofr-1/notices/transfer-notice.html");
        Assert.Equal(200, html.Status);
        var text = await html.TextAsync();
        Assert.Contains("Transfer Notice", text, StringComparison.Ordinal);
        Assert.Contains("Deemed receipt", text, StringComparison.Ordinal);
        var pdf = await page.Context.APIRequest.GetAsync("/api/companies/cloopen/transfers/ui-rofr-1/notices/transfer-notice.pdf");
        Assert.Equal(200, pdf.Status);
        Assert.Equal("application/pdf", pdf.Headers["content-type"]);
        var bytes = await pdf.BodyAsync();
        Assert.Equal("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));
        var raw = Encoding.Latin1.GetString(bytes);
        Assert.Contains("(Transfer Notice)", raw, StringComparison.Ordinal);
        Assert.Contains("Harbour Peak Capital Limited", raw, StringComparison.Ordinal);
        var election = await page.Context.APIRequest.GetAsync("/api/companies/cloopen/transfers/ui-rofr-1/notices/election.pdf?holder=tencent");
        Assert.Equal(200, election.Status);

        // The cap table changed: the Transferor holds 3,000,000 fewer Class A shares.
        await page.GotoAsync("/companies/cloopen/captable?basis=outstanding");
        var after = await ClassAOf(page, "Cloopen Co., Ltd");
        Assert.Equal(before - 3_000_000, after);
        Assert.DoesNotContain("Harbour Peak", await page.ContentAsync(), StringComparison.Ordinal); // every share went to the Investors, none to the third party
        await server.ScreenshotAsync(page, "04-captable-after");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ConsentCalculator_MajorityInvestors_ShowsProngsWithCitations()
    {
        var page = await server.SignedInPageAsync();
        await page.GotoAsync("/companies/cloopen/consent");
        foreach (var h in new[] { "main-access", "sequoia-iv", "trustbridge-v", "tencent" })
            await page.Locator($"input[name='consenting'][value='{h}']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Evaluate" }).ClickAsync();
        var verdict = page.GetByRole(AriaRole.Heading, new() { Level = 2 }).First;
        await Assertions.Expect(verdict).ToContainTextAsync(new Regex("Satisfied|Not satisfied"));
        Assert.True(await page.Locator("a.cite").CountAsync() > 0, "the prongs cite their clauses");
        await server.ScreenshotAsync(page, "05-consent");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Agreement_CitationLink_OpensTheClauseAtItsAnchor()
    {
        var page = await server.SignedInPageAsync();
        await page.GotoAsync("/companies/cloopen/consent");
        var link = page.Locator("a.cite").First;
        var href = await link.GetAttributeAsync("href");
        Assert.NotNull(href);
        Assert.Matches(new Regex("/agreements/[^#]+#s-"), href);
        await link.ClickAsync();
        await page.WaitForURLAsync(u => u.Contains('#'));
        var anchor = href![(href.IndexOf('#') + 1)..];
        var target = page.Locator($"[id='{anchor}']");
        await Assertions.Expect(target).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>($"() => document.getElementById('{anchor}').matches(':target')"), $"#{anchor} is the target");
        await server.ScreenshotAsync(page, "06-agreement", fullPage: false);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MainPages_RenderAndAreKeptAsScreenshots()
    {
        var page = await server.SignedInPageAsync();

        await page.GotoAsync("/companies/cloopen/consortium");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "May this member do this?" }));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.verdict")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Allocate" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Total costs")).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "07-consortium");

        await page.GotoAsync("/companies/cloopen/ledger");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Hash chain verified");
        await server.ScreenshotAsync(page, "08-ledger");

        await page.GotoAsync("/companies/cloopen/filings");
        if (!await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).IsVisibleAsync())
            await page.GetByText("Import the filing record").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported");
        await page.GotoAsync("/companies/cloopen/filings?asOf=2025-12-31");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Annual reports on Form 20-F: deadline history" }));
        await Assertions.Expect(page.Locator("table").First).ToContainTextAsync("Form 20-F");
        await server.ScreenshotAsync(page, "09-filings");

        await page.GotoAsync("/companies/cloopen/transfers");
        await server.ScreenshotAsync(page, "10-transfers");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DragAlong_HoldersTestAndDistribution_ShowTheirNumbersAndTheFloor()
    {
        var page = await server.SignedInPageAsync();
        await page.GotoAsync("/companies/cloopen/drag-along?asOf=2020-11-13");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Who are the Drag Holders? (s.4.1)" }));
        await page.GetByLabel("Valuation for the distribution").FillAsync("USD 2,400,000,000.00");
        foreach (var h in new[] { "tencent", "new-oriental" })
            await page.Locator($"input[name='accepting'][value='{h}']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Evaluate" }).ClickAsync();
        // The Series F test with its numbers: Tencent and New Oriental hold 19,434,776 of 33,234,461 with the warrant counted as exercised.
        await Assertions.Expect(page.GetByLabel("Drag Holders test result")).ToContainTextAsync("19434776 / 33234461");
        await Assertions.Expect(page.Locator("p.ok")).ToContainTextAsync("no less than the floor");
        // cloopen-co's share of US$2.4bn as converted: 60,000,000 / 224,134,776 of the proceeds, to the cent.
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("USD 642,470,582.08");
        await server.ScreenshotAsync(page, "11-drag-along");

        await page.GetByLabel("Valuation for the distribution").FillAsync("USD 1,999,999,999.99");
        await page.GetByRole(AriaRole.Button, new() { Name = "Evaluate" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.bad")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Keyboard_SkipLinkAndFocus_AreVisible()
    {
        var page = await server.SignedInPageAsync();
        await page.GotoAsync("/companies/cloopen/captable");
        await page.Keyboard.PressAsync("Tab");
        var focused = await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()");
        Assert.Equal("Skip to content", focused);
        var outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        Assert.NotEqual("none", outline);
        await page.Context.CloseAsync();
    }

    private static async Task<long> ClassAOf(IPage page, string holderName)
    {
        var row = page.Locator("tbody tr").Filter(new() { Has = page.Locator("th a", new() { HasTextString = holderName }) }).First;
        var text = await row.Locator("td").First.InnerTextAsync();
        var m = ClassA().Match(text);
        Assert.True(m.Success, $"no class-a holding in '{text}'");
        return long.Parse(m.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Task Expect(ILocator locator) => Assertions.Expect(locator).ToBeVisibleAsync();

    [GeneratedRegex(@"([\d,]+) class-a")]
    private static partial Regex ClassA();
}
