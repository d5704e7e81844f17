using System.Net;
using System.Text.Json.Nodes;

namespace Proviso.Server.Tests.Infrastructure;

/// <summary>
/// The worked first-refusal process of examples/cloopen/scenarios/rofr-full-exercise.yaml as API bodies: Cloopen Co.
/// offers 3,000,000 Class A at US$2.50 to Harbour Peak; the Transfer Notice goes out on 2 December 2020; every Investor
/// elects its Pro Rata Shares; Main Access takes the 10 shares rounding left; closing on 5 January 2021.
/// </summary>
public static class CloopenRofr
{
    public const string Company = "cloopen";
    public const string Transfers = "/api/companies/cloopen/transfers";

    public static readonly string[] Investors =
    [
        "main-access", "sequoia-iv", "max-honest", "trustbridge-v", "telstra-ii", "telstra-ii-sidecar", "pac", "vitalbridge", "tencent",
        "mirae-securities-hk", "mirae-growth-1", "mirae-new-economy", "parnatoux", "new-oriental", "cloudalpha", "yunli-hefeng", "zhanjin",
    ];

    /// <summary>Each Investor's Pro Rata Shares, elected in full, and when (the scenario's instants).</summary>
    public static readonly (string Holder, long Shares, string At)[] Elections =
    [
        ("tencent", 249_403, "2020-12-07T10:05:00+08:00"),
        ("new-oriental", 161_378, "2020-12-07T15:40:00+08:00"),
        ("sequoia-iv", 507_275, "2020-12-08T11:20:00+08:00"),
        ("trustbridge-v", 443_865, "2020-12-09T14:45:00+08:00"),
        ("main-access", 634_094, "2020-12-10T15:30:00+08:00"),
        ("pac", 232_501, "2020-12-11T17:10:00+08:00"),
        ("mirae-securities-hk", 84_545, "2020-12-14T10:00:00+08:00"),
        ("mirae-growth-1", 63_409, "2020-12-14T11:05:00+09:00"),
        ("mirae-new-economy", 42_272, "2020-12-14T10:30:00+08:00"),
        ("parnatoux", 73_977, "2020-12-15T09:45:00+08:00"),
        ("vitalbridge", 105_682, "2020-12-16T16:00:00+08:00"),
        ("max-honest", 84_545, "2020-12-17T11:00:00+08:00"),
        ("yunli-hefeng", 52_841, "2020-12-18T10:10:00+08:00"),
        ("zhanjin", 42_272, "2020-12-18T10:20:00+08:00"),
        ("cloudalpha", 31_704, "2020-12-21T14:00:00+08:00"),
        ("telstra-ii", 169_091, "2020-12-23T16:45:00+00:00"),
        ("telstra-ii-sidecar", 21_136, "2020-12-23T16:50:00+00:00"),
    ];

    public static object Proposal(string process = "rofr-2020-01", string at = "2020-12-01T10:00:00+08:00") => new
    {
        process,
        transferor = "cloopen-co",
        @class = "class-a",
        shares = 3_000_000,
        transferee = new { id = "harbour-peak", name = "Harbour Peak Capital Limited", address = "18/F, 8 Connaught Road Central, Hong Kong", timeZone = "Asia/Hong_Kong" },
        pricePerShare = "USD 2.50",
        materialTerms = new[] { "cash at completion", "completion within 60 days of the end of the Option Period" },
        consenting = new[] { "main-access", "sequoia-iv", "trustbridge-v", "mirae-securities-hk", "mirae-growth-1", "parnatoux", "tencent", "new-oriental" },
        at,
    };

    public static object Notice(string at = "2020-12-02T16:30:00+08:00") => new
    {
        includes = "all",
        recipients = new object[]
        {
            new { to = "company", channel = "courier", sent = "2020-12-02T16:30:00+08:00", delivered = "2020-12-03T11:15:00+08:00" },
            new { to = Investors, channel = "email", sent = "2020-12-02T16:30:00+08:00" },
        },
        at,
    };

    public static object Election(string holder, long shares, string at) => new { holder, shares, at };

    /// <summary>Proposes the transfer and serves the notice (as the given client, counsel or an admin); returns the ETag after.</summary>
    public static async Task<string> ProposeAndNotifyAsync(HttpClient client, string process = "rofr-2020-01")
    {
        (await client.PostAsync(Transfers, Proposal(process))).Expect(HttpStatusCode.Created);
        var r = await client.PostAsync($"{Transfers}/{process}/notice", Notice());
        r.Expect(HttpStatusCode.Created);
        return r.Response.Headers.ETag!.Tag;
    }

    public static JsonObject Row(JsonNode capTable, string holder) =>
        capTable["rows"]!.AsArray().Single(r => (string?)r!["key"] == holder)!.AsObject();

    public static long ClassA(JsonNode capTable, string holder) =>
        capTable["rows"]!.AsArray().FirstOrDefault(r => (string?)r!["key"] == holder)?["shares"]?["class-a"]?.GetValue<long>() ?? 0;
}
