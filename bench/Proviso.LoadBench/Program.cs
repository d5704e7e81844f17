using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using Proviso.Application.Access;
using Proviso.Storage;

namespace Proviso.LoadBench;

/// <summary>
/// bench/load.sh's harness. <c>prepare</c>: against a running Proviso server and its store, issues an API token for the
/// administrator through the Application layer, saves the cap table (the bare endpoint's sample), and sets up transfer
/// processes whose Option Period is open now, writing one valid election per line for the POST benchmark.
/// <c>report</c>: reads wrk's results and writes the figures and the targets as Markdown.
/// </summary>
public static class Program
{
    public const string Company = "cloopen";

    /// <summary>The Investors the Transfer Notice goes to in examples/cloopen (each may elect once per process).</summary>
    private static readonly string[] Investors =
    [
        "main-access", "sequoia-iv", "max-honest", "trustbridge-v", "telstra-ii", "telstra-ii-sidecar", "pac", "vitalbridge", "tencent",
        "mirae-securities-hk", "mirae-growth-1", "mirae-new-economy", "parnatoux", "new-oriental", "cloudalpha", "yunli-hefeng", "zhanjin",
    ];

    public static async Task<int> Main(string[] args)
    {
        try
        {
            return args.FirstOrDefault() switch
            {
                "prepare" => await PrepareAsync(Option(args, "--url"), Option(args, "--store"), Option(args, "--out"), int.Parse(Option(args, "--elections"), CultureInfo.InvariantCulture)),
                "report" => Report.Write(Option(args, "--dir"), Option(args, "--out")),
                _ => Usage(),
            };
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"loadbench: {ex.Message}");
            return 2;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: Proviso.LoadBench prepare --url http://127.0.0.1:PORT --store FILE --out DIR --elections N");
        Console.Error.WriteLine("       Proviso.LoadBench report --dir DIR --out FILE.md");
        return 2;
    }

    private static string Option(string[] args, string name) =>
        args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? throw new ArgumentException($"{name} is required");

    private static async Task<int> PrepareAsync(string url, string storePath, string outDir, int elections)
    {
        Directory.CreateDirectory(outDir);
        var now = SystemClock.Instance.GetCurrentInstant();
        string token;
        await using (var store = EventStoreFactory.Open(storePath))
            token = await new AccessService(store).IssueTokenAsync("admin", "load benchmark", now);
        File.WriteAllText(Path.Combine(outDir, "token"), token);

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var capTable = await http.GetAsync($"/api/companies/{Company}/captable");
        var capTableJson = await capTable.Content.ReadAsStringAsync();
        if (!capTable.IsSuccessStatusCode) throw new ArgumentException($"GET captable: {(int)capTable.StatusCode} {capTableJson}");
        File.WriteAllText(Path.Combine(outDir, "captable.json"), capTableJson);
        Console.WriteLine($"loadbench: cap table sample {Encoding.UTF8.GetByteCount(capTableJson)} bytes");

        // Proposed and noticed three days ago (the server's clock is the system clock): the notice is deemed received
        // and the twenty-day Option Period (s.2.2(ii)) is open now, so an election of 1 share by each Investor is valid.
        var at = OffsetDateTimePattern.ExtendedIso.Format((now - Duration.FromDays(3)).WithOffset(Offset.Zero));
        var processes = (elections + Investors.Length - 1) / Investors.Length;
        var lines = new List<string>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < processes; i++)
        {
            var process = $"load-{i:D5}";
            await PostAsync(http, $"/api/companies/{Company}/transfers", new
            {
                process, transferor = "cloopen-co", @class = "class-a", shares = 100_000,
                transferee = new { id = "harbour-peak", name = "Harbour Peak Capital Limited", address = "18/F, 8 Connaught Road Central, Hong Kong", timeZone = "Asia/Hong_Kong" },
                pricePerShare = "USD 2.50", materialTerms = new[] { "cash at completion" },
                consenting = new[] { "main-access", "sequoia-iv", "trustbridge-v", "mirae-securities-hk", "mirae-growth-1", "parnatoux", "tencent", "new-oriental" },
                at,
            });
            await PostAsync(http, $"/api/companies/{Company}/transfers/{process}/notice", new
            {
                includes = "all",
                recipients = new object[]
                {
                    new { to = "company", channel = "courier", sent = at, delivered = at },
                    new { to = Investors, channel = "email", sent = at },
                },
                at,
            });
            lines.AddRange(Investors.Select(h => $"{process} {h}"));
        }
        // Check the first election is valid (then it is used up: the POST benchmark starts from the second).
        var first = lines[0].Split(' ');
        await PostAsync(http, $"/api/companies/{Company}/transfers/{first[0]}/elections", new { holder = first[1], shares = 1 });
        File.WriteAllLines(Path.Combine(outDir, "elections.txt"), lines.Skip(1));
        Console.WriteLine($"loadbench: {processes} transfer processes with open Option Periods, {lines.Count - 1} valid elections ({started.Elapsed.TotalSeconds:F1} s)");
        return 0;
    }

    private static async Task PostAsync(HttpClient http, string path, object body)
    {
        using var r = await http.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        if (!r.IsSuccessStatusCode) throw new ArgumentException($"POST {path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }
}
