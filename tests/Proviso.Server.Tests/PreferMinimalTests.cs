using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using Proviso.Domain.Access;
using Proviso.Server.Api;
using Proviso.Server.Tests.Infrastructure;
using static Proviso.Server.Tests.Infrastructure.CloopenRofr;

namespace Proviso.Server.Tests;

/// <summary>
/// RFC 7240 <c>Prefer: return=minimal</c> on the transfer commands (docs/api.md, "Answers to commands"): the answer
/// keeps its outcome, version and entries (and a void proposal's reasons) but leaves the process out, and says so with
/// <c>Preference-Applied</c>; without it, or with any other preference, the answer carries the process as before.
/// </summary>
public sealed class PreferMinimalTests : IClassFixture<PreferMinimalTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public ProvisoServer Server { get; } = new();

        public void Dispose() => Server.Dispose();
    }

    private readonly ProvisoServer _server;

    public PreferMinimalTests(Fixture fixture) => _server = fixture.Server;

    private static async Task<(HttpStatusCode Status, string Text, HttpResponseMessage Response)> PostAsync(HttpClient client, string url, object body, params string[] prefer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Http.Json(body) };
        foreach (var p in prefer) request.Headers.TryAddWithoutValidation("Prefer", p);
        var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private static string? Applied(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Preference-Applied", out var values) ? string.Join(", ", values) : null;

    private async Task<HttpClient> ProcessAsync(string process)
    {
        var counsel = await _server.UserAsync("counsel", Company, CompanyRole.Counsel);
        await ProposeAndNotifyAsync(counsel, process);
        return counsel;
    }

    [Fact]
    public async Task Election_PreferReturnMinimal_EntriesAndVersionWithoutProcess()
    {
        var counsel = await ProcessAsync("minimal-1");
        var (status, text, response) = await PostAsync(counsel, $"{Transfers}/minimal-1/elections", Election("tencent", 249_403, "2020-12-07T10:05:00+08:00"), "return=minimal");

        Assert.Equal(HttpStatusCode.Created, status);
        var answer = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(["outcome", "version", "entries"], answer.Select(x => x.Key));
        Assert.Equal("recorded", (string?)answer["outcome"]);
        Assert.Equal("FirstRefusalElected", (string?)answer["entries"]![0]!["eventType"]);
        Assert.Equal($"\"v{(long)answer["version"]!}\"", response.Headers.ETag!.Tag);
        Assert.Equal("return=minimal", Applied(response));
    }

    [Fact]
    public async Task Election_WithoutPrefer_AnswerIsEntriesThenTheProcessAsGetShowsIt()
    {
        var counsel = await ProcessAsync("minimal-2");
        var (status, text, response) = await PostAsync(counsel, $"{Transfers}/minimal-2/elections", Election("tencent", 249_403, "2020-12-07T10:05:00+08:00"));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Null(Applied(response));
        var answer = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(["outcome", "version", "entries", "process"], answer.Select(x => x.Key));
        // Byte for byte the process GET shows as of the election's date.
        var view = await (await counsel.GetAsync($"{Transfers}/minimal-2?asOf=2020-12-07")).Content.ReadAsStringAsync();
        Assert.EndsWith(",\"process\":" + view + "}", text);
    }

    [Theory]
    [InlineData("other-1", "return=representation")]
    [InlineData("other-2", "respond-async")]
    [InlineData("other-3", "handling=lenient")]
    [InlineData("other-4", "wait=10")]
    [InlineData("other-5", "return-minimal")]
    [InlineData("other-6", "return=\"minimal-ish\"")]
    public async Task Election_OtherPreference_Ignored(string process, string prefer)
    {
        var counsel = await ProcessAsync(process);
        var (status, text, response) = await PostAsync(counsel, $"{Transfers}/{process}/elections", Election("tencent", 249_403, "2020-12-07T10:05:00+08:00"), prefer);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Null(Applied(response));
        Assert.Equal(process, (string?)JsonNode.Parse(text)!["process"]!["process"]);
    }

    [Theory]
    [InlineData("among-1", "respond-async, return=minimal; foo=bar")]
    [InlineData("among-2", "RETURN=\"minimal\"")]
    [InlineData("among-3", "wait=5", "return=minimal")]
    public async Task Election_ReturnMinimalAmongOtherPreferences_Applied(string process, params string[] prefer)
    {
        var counsel = await ProcessAsync(process);
        var (status, text, response) = await PostAsync(counsel, $"{Transfers}/{process}/elections", Election("tencent", 249_403, "2020-12-07T10:05:00+08:00"), prefer);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("return=minimal", Applied(response));
        Assert.Null(JsonNode.Parse(text)!["process"]);
    }

    [Fact]
    public async Task ProposalVoid_PreferReturnMinimal_OutcomeAndReasonsWithoutProcess()
    {
        var counsel = await _server.UserAsync("counsel", Company, CompanyRole.Counsel);
        var body = new { process = "void-minimal", transferor = "cloopen-co", @class = "class-a", shares = 1_000, transferee = new { id = "harbour-peak", name = "Harbour Peak", timeZone = "Asia/Hong_Kong" }, pricePerShare = "USD 2.50", at = "2020-12-01T10:00:00+08:00" };
        var (status, text, response) = await PostAsync(counsel, Transfers, body, "return=minimal");

        Assert.Equal(HttpStatusCode.Created, status);
        var answer = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(["outcome", "version", "entries", "reasons"], answer.Select(x => x.Key));
        Assert.Equal("void", (string?)answer["outcome"]);
        Assert.NotEmpty(answer["reasons"]!.AsArray());
        Assert.Equal("return=minimal", Applied(response));
        Assert.Equal("/api/companies/cloopen/transfers/void-minimal", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Retry_PreferReturnMinimal_AlreadyRecordedWithoutProcess()
    {
        var counsel = await ProcessAsync("minimal-retry");
        using (var first = new HttpRequestMessage(HttpMethod.Post, $"{Transfers}/minimal-retry/elections") { Content = Http.Json(Election("tencent", 249_403, "2020-12-07T10:05:00+08:00")) })
        {
            first.Headers.Add("Idempotency-Key", "minimal-retry");
            Assert.Equal(HttpStatusCode.Created, (await counsel.SendAsync(first)).StatusCode);
        }
        using var retry = new HttpRequestMessage(HttpMethod.Post, $"{Transfers}/minimal-retry/elections") { Content = Http.Json(Election("tencent", 249_403, "2020-12-07T10:05:00+08:00")) };
        retry.Headers.Add("Idempotency-Key", "minimal-retry");
        retry.Headers.TryAddWithoutValidation("Prefer", "return=minimal");
        var response = await counsel.SendAsync(retry);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("already-recorded", (string?)answer["outcome"]);
        Assert.Null(answer["process"]);
        Assert.Equal("return=minimal", Applied(response));
    }

    [Fact]
    public async Task Election_RefusedWithPreferReturnMinimal_ProblemWithoutPreferenceApplied()
    {
        var counsel = await ProcessAsync("minimal-refused");
        var (status, text, response) = await PostAsync(counsel, $"{Transfers}/minimal-refused/elections", Election("tencent", 249_404, "2020-12-07T10:05:00+08:00"), "return=minimal");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("exceeds-pro-rata", text);
        Assert.Null(Applied(response));
    }

    [Theory]
    [InlineData(new[] { "return=minimal" }, "minimal")]
    [InlineData(new[] { "Return = minimal" }, "minimal")]
    [InlineData(new[] { "return=\"min\\\"imal\"" }, "min\"imal")]
    [InlineData(new[] { "foo=\"a, return=minimal\", return=representation" }, "representation")]
    [InlineData(new[] { "return=representation; x=\"y\"", "return=minimal" }, "representation")]
    [InlineData(new[] { "return" }, "")]
    [InlineData(new[] { "respond-async", "wait=5" }, null)]
    [InlineData(new string[0], null)]
    public void PreferenceValue_FirstOccurrenceUnquotedWithoutParameters(string[] headers, string? expected) =>
        Assert.Equal(expected, Preferences.Value(new StringValues(headers), "return"));
}
