using System.Net;
using System.Text.RegularExpressions;
using Proviso.Application.Ledgers;
using Proviso.Server.Tests.Infrastructure;

namespace Proviso.Server.Tests;

/// <summary>The holder page: a party's certificates on a date, as the register holds them.</summary>
public sealed partial class HolderPageTests : IDisposable
{
    private readonly ProvisoServer _server = new();

    public void Dispose() => _server.Dispose();

    [GeneratedRegex("<tr><td>([^<]+)</td><td>([^<]+)</td><td class=\"num\">([^<]+)</td>")]
    private static partial Regex CertificateRow();

    [Theory]
    [InlineData("tencent", "2021-01-01")]
    [InlineData("cloopen-co", "2021-01-01")]
    public async Task HolderPage_ListsTheHoldersCertificatesOnTheDate_ClassByClass(string holderId, string asOf)
    {
        var browser = _server.Anonymous();
        await AuthenticationTests.SignInAsync(browser, "admin", ProvisoServer.AdminPassword);

        var response = await browser.GetAsync($"/companies/cloopen/holders/{holderId}?asOf={asOf}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = CertificateRow().Matches(await response.Content.ReadAsStringAsync()).Select(m => (Id: m.Groups[1].Value, Class: m.Groups[2].Value)).ToList();

        var ledger = await CompanyLedger.LoadAsync(_server.EventStore, "cloopen");
        var register = ledger.Timeline.AsOf(NodaTime.Text.LocalDatePattern.Iso.Parse(asOf).Value);
        var expected = register.Classes.Keys.Order(StringComparer.Ordinal)
            .SelectMany(cls => register.CertificatesOf(holderId, cls).Select(c => (c.Id, Class: cls)).OrderBy(c => c.Id, StringComparer.Ordinal)).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, rows);
    }
}
