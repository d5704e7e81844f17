using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Proviso.Domain.Access;
using Proviso.Server.Hosting;
using Proviso.Server.Tests.Infrastructure;
using static Proviso.Server.Tests.Infrastructure.CloopenRofr;

namespace Proviso.Server.Tests;

/// <summary>The OpenAPI document lists the endpoints.</summary>
public sealed class OpenApiTests : IDisposable
{
    private readonly ProvisoServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task OpenApiDocument_ServedWithoutSignIn_ListsTheMechanismEndpoints()
    {
        var doc = (await _server.Anonymous().GetJsonAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        Assert.StartsWith("3.", (string?)doc["openapi"]);
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        foreach (var p in new[]
                 {
                     "/api/companies/{companyId}/transfers", "/api/companies/{companyId}/transfers/{processId}", "/api/companies/{companyId}/transfers/{processId}/notice",
                     "/api/companies/{companyId}/transfers/{processId}/elections", "/api/companies/{companyId}/transfers/{processId}/waivers",
                     "/api/companies/{companyId}/transfers/{processId}/cosale", "/api/companies/{companyId}/transfers/{processId}/overallotment",
                     "/api/companies/{companyId}/transfers/{processId}/valuation", "/api/companies/{companyId}/transfers/{processId}/purchaser-stance",
                     "/api/companies/{companyId}/transfers/{processId}/close", "/api/companies/{companyId}/transfers/{processId}/lapse",
                     "/api/companies/{companyId}/consortium", "/api/companies/{companyId}/consortium/check", "/api/companies/{companyId}/consortium/costs",
                     "/api/companies/{companyId}/consortium/deadlines", "/api/companies/{companyId}/consortium/shareholding", "/api/companies/{companyId}/consortium/consents",
                     "/api/companies/{companyId}/consortium/expenses", "/api/companies/{companyId}/consortium/commitments", "/api/companies/{companyId}/consortium/admissions",
                     "/api/companies/{companyId}/consortium/approaches", "/api/companies/{companyId}/consortium/definitive-agreement", "/api/companies/{companyId}/consortium/termination",
                     "/api/companies/{companyId}/filings", "/api/companies/{companyId}/filings/deadlines", "/api/companies/{companyId}/filings/import", "/api/companies/{companyId}/ownership",
                     "/api/companies/{companyId}/captable", "/api/companies/{companyId}/agenda.ics",
                 })
            Assert.Contains(p, paths);
        Assert.NotNull(doc["paths"]!["/api/companies/{companyId}/transfers/{processId}/elections"]!["post"]);
        Assert.NotNull(doc["paths"]!["/api/companies/{companyId}/transfers"]!["get"]);
    }
}

/// <summary>ASP.NET Core's per-request log (and the Activity and log scope it starts for every request while enabled) is off unless configured.</summary>
public sealed class RequestLogTests
{
    private const string Category = "Microsoft.AspNetCore.Hosting.Diagnostics";

    [Fact]
    public void RequestLog_NotConfigured_OffAtEveryLevel()
    {
        using var server = new ProvisoServer();
        var logger = server.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        Assert.False(logger.IsEnabled(LogLevel.Critical));
        Assert.True(server.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Proviso.Server").IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public void RequestLog_ConfiguredLevel_Kept()
    {
        using var server = new ProvisoServer(overrides: new Dictionary<string, string?> { [$"Logging:LogLevel:{Category}"] = "Information" });
        var logger = server.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        Assert.True(logger.IsEnabled(LogLevel.Information));
    }
}

/// <summary>Configuration is validated at start-up with messages that name the setting.</summary>
public sealed class ConfigurationTests
{
    private static ProvisoServerOptions Valid() => new()
    {
        Store = "proviso.db", AdminPassword = "a long enough password", ExampleDirectory = Repo.Cloopen, PasswordIterations = 1000, AllowWeakHashingForTests = true,
    };

    [Fact]
    public void Validate_GoodSettings_NoProblems() => Assert.Empty(Valid().Validate(Repo.Root));

    [Fact]
    public void Validate_AdminPasswordOf11Characters_NamesTheSetting()
    {
        var o = Valid();
        o.AdminPassword = "elevenchars";
        Assert.Contains(o.Validate(Repo.Root), p => p.Contains("Proviso:AdminPassword needs at least 12 characters"));
        o.AdminPassword = "twelve chars";
        Assert.Empty(o.Validate(Repo.Root));
    }

    [Fact]
    public void Validate_MissingExampleDirectory_SaysWhereItLooked()
    {
        var o = Valid();
        o.ExampleDirectory = Path.Combine(Path.GetTempPath(), "no-such-company-" + Guid.NewGuid().ToString("N"));
        var problem = Assert.Single(o.Validate(Repo.Root));
        Assert.Contains("Proviso:ExampleDirectory", problem);
        Assert.Contains("has no company.yaml", problem);
    }

    [Fact]
    public void Validate_WeakHashingOutsideTests_Refused()
    {
        var o = Valid();
        o.AllowWeakHashingForTests = false;
        Assert.Contains(o.Validate(Repo.Root), p => p.Contains("Proviso:PasswordIterations is 1000; at least 100,000 are required"));
    }

    [Fact]
    public void Validate_EmptyStore_Refused()
    {
        var o = Valid();
        o.Store = " ";
        Assert.Contains(o.Validate(Repo.Root), p => p.StartsWith("Proviso:Store is empty", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Proviso:AdminPassword", "short")]
    [InlineData("Proviso:ExampleDirectory", "/no/such/company/directory")]
    public void Start_InvalidSetting_TheServerDoesNotStart(string key, string value)
    {
        using var server = new ProvisoServer(overrides: new Dictionary<string, string?> { [key] = value });
        var ex = Assert.ThrowsAny<Exception>(() => server.Services);
        Assert.Contains("entry point exited", ex.Message, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>The company's deadlines as an RFC 5545 calendar feed.</summary>
public sealed class CalendarFeedTests : IDisposable
{
    private readonly ProvisoServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task AgendaIcs_AfterTheTransferNotice_ParsesAsACalendarWithOneEventPerOpenDeadline()
    {
        var admin = await _server.AdminAsync();
        await ProposeAndNotifyAsync(admin);
        _server.Clock.Set("2020-12-05T12:00:00+08:00");
        var agenda = (await admin.GetJsonAsync("/api/companies/cloopen/agenda")).Expect(HttpStatusCode.OK);
        var open = agenda["items"]!.AsArray().Count;
        Assert.True(open > 17, $"every Investor's Option Period and the closing are open; found {open}");

        var response = await admin.GetAsync("/api/companies/cloopen/agenda.ics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());

        Assert.StartsWith("BEGIN:VCALENDAR\r\n", text);
        Assert.EndsWith("END:VCALENDAR\r\n", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", ""));
        Assert.All(text.Split("\r\n")[..^1], line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"line longer than 75 octets: {line}"));

        // Unfold (RFC 5545 3.1) and read the events.
        var lines = text.Replace("\r\n ", "").Replace("\r\n\t", "").Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("VERSION:2.0", lines);
        Assert.Contains(lines, l => l.StartsWith("PRODID:", StringComparison.Ordinal));
        var events = new List<List<string>>();
        List<string>? current = null;
        foreach (var line in lines)
        {
            Assert.Matches("^[A-Z-]+[;:]", line);
            if (line == "BEGIN:VEVENT") current = [];
            else if (line == "END:VEVENT") { events.Add(current!); current = null; }
            else current?.Add(line);
        }
        Assert.Equal(open, events.Count);
        Assert.All(events, e =>
        {
            Assert.Contains(e, l => l.StartsWith("DTSTART", StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(l, @":\d{8}(T\d{6}Z?)?$"));
            Assert.Contains(e, l => l.StartsWith("UID:", StringComparison.Ordinal));
            Assert.Contains(e, l => l.StartsWith("SUMMARY:", StringComparison.Ordinal));
        });
        Assert.Contains(events, e => e.Any(l => l.Contains("tencent")));
    }
}

/// <summary>Bodies that are not what an endpoint expects: 400 naming the field and what was expected; nothing written.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly ProvisoServer _server = new();

    public void Dispose() => _server.Dispose();

    private async Task<HttpClient> ServedAsync()
    {
        var counsel = await _server.UserAsync("counsel", Company, CompanyRole.Counsel);
        await ProposeAndNotifyAsync(counsel);
        return counsel;
    }

    [Theory]
    [InlineData("""{ "holder": "tencent", "shares": "many", "at": "2020-12-07T10:05:00+08:00" }""", "shares", "expected a whole number, found \"many\"")]
    [InlineData("""{ "holder": "tencent", "at": "2020-12-07T10:05:00+08:00" }""", "shares", "is required")]
    [InlineData("""{ "holder": "tencent", "sharez": 1 }""", "sharez", "unknown field; expected one of: holder, shares, stage, apportion, at")]
    [InlineData("""{ "holder": "tencent", "shares": 1, "at": "2020-12-07T10:05:00" }""", "at", "expected a moment with its offset")]
    [InlineData("""{ "holder": "tencent", "shares": 1, "at": "2999-01-01T00:00:00Z" }""", "at", "is later than the server's clock")]
    [InlineData("""{ "holder": "tencent", "shares": 1, "apportion": [ { "holder": "x", "shares": -0.5 } ] }""", "apportion[0].shares", "expected a whole number")]
    public async Task Election_BadField_400NamingTheField(string body, string field, string expected)
    {
        var counsel = await ServedAsync();
        var version = await _server.VersionAsync();
        var r = (await counsel.PostAsync($"{Transfers}/rofr-2020-01/elections", body)).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(field, (string?)r["field"]);
        Assert.StartsWith(field + ": ", (string?)r["detail"]);
        Assert.Contains(expected, (string?)r["detail"]);
        Assert.Equal("application/problem+json", (await counsel.PostAsync($"{Transfers}/rofr-2020-01/elections", body)).Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(version, await _server.VersionAsync());
    }

    [Fact]
    public async Task Notice_BadDeliveryInstant_400WithThePathOfTheField()
    {
        var counsel = await _server.UserAsync("counsel", Company, CompanyRole.Counsel);
        (await counsel.PostAsync(Transfers, Proposal())).Expect(HttpStatusCode.Created);
        var body = new { includes = "all", recipients = new object[] { new { to = "company", channel = "courier", sent = "2020-12-02T16:30:00+08:00" }, new { to = "tencent", channel = "pigeon", sent = "2020-12-02T16:30:00+08:00" } } };
        var r = (await counsel.PostAsync($"{Transfers}/rofr-2020-01/notice", body)).Expect(HttpStatusCode.BadRequest);
        Assert.Equal("recipients[1].channel", (string?)r["field"]);
        Assert.Contains("expected one of personal-delivery, courier, fax, email", (string?)r["detail"]);
        var missing = (await counsel.PostAsync($"{Transfers}/rofr-2020-01/notice", new { includes = "all" })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal("recipients", (string?)missing["field"]);
    }

    [Fact]
    public async Task Proposal_NotJsonOrBothConsiderations_400()
    {
        var counsel = await _server.UserAsync("counsel", Company, CompanyRole.Counsel);
        var notJson = (await counsel.PostAsync(Transfers, "{ \"process\": ")).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("not valid JSON", (string?)notJson["detail"]);
        var array = (await counsel.PostAsync(Transfers, "[1, 2]")).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("expected a JSON object", (string?)array["detail"]);
        var both = (await counsel.PostAsync(Transfers, new { transferor = "cloopen-co", @class = "class-a", shares = 1, transferee = new { id = "x" }, pricePerShare = "USD 1.00", nonCash = "a boat" })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("exactly one of 'pricePerShare'", (string?)both["detail"]);
        var price = (await counsel.PostAsync(Transfers, new { transferor = "cloopen-co", @class = "class-a", shares = 1, transferee = new { id = "x" }, pricePerShare = "2.50" })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal("pricePerShare", (string?)price["field"]);
        Assert.Empty((await counsel.GetJsonAsync(Transfers)).Expect(HttpStatusCode.OK)["processes"]!.AsArray());
    }

    [Fact]
    public async Task Body_ReadAsUtf8_ByteOrderMarkSkipped_BlankIsAnEmptyObject_InvalidUtf8Is400()
    {
        var counsel = await _server.UserAsync("counsel", Company, CompanyRole.Counsel);
        async Task<JsonNode?> Post(byte[] body)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            var response = await counsel.PostAsync(Transfers, content);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync());
        }

        var bom = await Post([0xEF, 0xBB, 0xBF, .. "[1]"u8]);
        Assert.Contains("expected a JSON object", (string?)bom!["detail"]); // parsed after the mark, not refused as text
        var blank = await Post(" \r\n\t "u8.ToArray());
        Assert.Equal("transferor", (string?)blank!["field"]); // an empty object: the first required field is missing
        var invalid = await Post([.. "{\"transferor\":\""u8, 0xFF, 0xFE, .. "\"}"u8]);
        Assert.Contains("not UTF-8 text (byte 16)", (string?)invalid!["detail"]); // 0xFF after the 15 bytes of {"transferor":"
        Assert.Empty((await counsel.GetJsonAsync(Transfers)).Expect(HttpStatusCode.OK)["processes"]!.AsArray());
    }

    [Fact]
    public async Task UnknownProcess_404()
    {
        var counsel = await _server.UserAsync("counsel", Company, CompanyRole.Counsel);
        (await counsel.GetJsonAsync($"{Transfers}/no-such-process")).Expect(HttpStatusCode.NotFound);
        (await counsel.PostAsync($"{Transfers}/no-such-process/elections", new { holder = "tencent", shares = 1 })).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Proposal_VoidAttempt_RecordedAsVoidWithItsReasons()
    {
        var counsel = await _server.UserAsync("counsel", Company, CompanyRole.Counsel);
        // Without the Majority Investors' approval the transfer is void (s.2.1): recorded as a refused attempt, never on the register.
        var body = new { process = "void-1", transferor = "cloopen-co", @class = "class-a", shares = 1_000, transferee = new { id = "harbour-peak", name = "Harbour Peak", timeZone = "Asia/Hong_Kong" }, pricePerShare = "USD 2.50", at = "2020-12-01T10:00:00+08:00" };
        var r = await counsel.PostAsync(Transfers, body);
        var answer = r.Expect(HttpStatusCode.Created);
        Assert.Equal("void", (string?)answer["outcome"]);
        Assert.NotEmpty(answer["reasons"]!.AsArray());
        Assert.All(answer["reasons"]!.AsArray(), x => Assert.False(string.IsNullOrEmpty((string?)x!["rule"])));
        Assert.Equal("void", (string?)answer["process"]!["status"]);
        Assert.Equal("/api/companies/cloopen/transfers/void-1", r.Response.Headers.Location?.ToString());
    }
}
