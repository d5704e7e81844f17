using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Proviso.Application.Access;
using Proviso.Application.Ledgers;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Time;
using Proviso.Storage;

namespace Proviso.LoadBench;

/// <summary>
/// bench/load.sh's harness. <c>prepare</c>: against a running Proviso server and its store, issues an API token for the
/// administrator through the Application layer and saves the cap table (the bare endpoint's sample). <c>elections</c>:
/// sets up transfer processes whose Option Period is open now, writing one valid election per line for the POST
/// benchmark (after the GETs are measured, so that they run on the example's ledger as it is).
/// <c>commit-floor</c>: the latency of a durable SQLite commit alone on the store's disk (<see cref="CommitFloor"/>).
/// <c>processor-reference</c>: a fixed single-threaded piece of work, timed (<see cref="ProcessorReference"/>).
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
                "prepare" => await PrepareAsync(Option(args, "--url"), Option(args, "--store"), Option(args, "--out")),
                "elections" => await ElectionsAsync(Option(args, "--url"), Option(args, "--store"), Option(args, "--out"), int.Parse(Option(args, "--elections"), CultureInfo.InvariantCulture)),
                "commit-floor" => CommitFloor.Measure(Option(args, "--dir"), int.Parse(Option(args, "--commits"), CultureInfo.InvariantCulture)),
                "processor-reference" => ProcessorReference.Measure(Option(args, "--dir"), Option(args, "--name")),
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
        Console.Error.WriteLine("usage: Proviso.LoadBench prepare --url http://127.0.0.1:PORT --store FILE --out DIR");
        Console.Error.WriteLine("       Proviso.LoadBench elections --url http://127.0.0.1:PORT --store FILE --out DIR --elections N");
        Console.Error.WriteLine("       Proviso.LoadBench commit-floor --dir DIR --commits N");
        Console.Error.WriteLine("       Proviso.LoadBench processor-reference --dir DIR --name before|after");
        Console.Error.WriteLine("       Proviso.LoadBench report --dir DIR --out FILE.md");
        return 2;
    }

    private static string Option(string[] args, string name) =>
        args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? throw new ArgumentException($"{name} is required");

    private static async Task<int> PrepareAsync(string url, string storePath, string outDir)
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
        return 0;
    }

    private static async Task<int> ElectionsAsync(string url, string storePath, string outDir, int elections)
    {
        var now = SystemClock.Instance.GetCurrentInstant();
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(outDir, "token")));

        // Proposed and noticed three days ago (the server's clock is the system clock): the notice is deemed received
        // and the twenty-day Option Period (s.2.2(ii)) is open now, so an election of 1 share by each Investor is valid.
        // Each process offers 1,000 Class A (so that Cloopen Co.'s 60,000,000 cover 60,000 open processes; the smallest
        // Investor's Pro Rata Shares are then 7). The first process goes through the API (the path under test); the
        // others are decided through the Application layer on one decision state and appended straight to the store in
        // chunks, which the server reads in as another writer's entries: an HTTP request, answer and commit per step
        // would take minutes for the hundreds of thousands of elections a fast server needs.
        var at = (now - Duration.FromDays(3)).WithOffset(Offset.Zero);
        var atText = OffsetDateTimePattern.ExtendedIso.Format(at);
        var processes = (elections + Investors.Length - 1) / Investors.Length;
        var lines = new List<string>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await PostAsync(http, $"/api/companies/{Company}/transfers", Proposal(ProcessId(0), atText));
        await PostAsync(http, $"/api/companies/{Company}/transfers/{ProcessId(0)}/notice", new
        {
            includes = "all",
            recipients = new object[]
            {
                new { to = "company", channel = "courier", sent = atText, delivered = atText },
                new { to = Investors, channel = "email", sent = atText },
            },
            at = atText,
        });
        await using (var store = EventStoreFactory.Open(storePath))
        {
            var state = DecisionState.Of(await CompanyLedger.LoadAsync(store, Company));
            var agreementId = state.Transfers.Find(ProcessId(0))!.AgreementId;
            var first = state.Transfers.Find(ProcessId(0))!.Offer;
            var actor = new Actor("admin", now);
            // The same deliveries as the first process's notice, through the API above.
            var deliveries = Investors.Select(h => new NoticeDelivery(h, NoticeChannel.Email, at.ToInstant()))
                .Prepend(new NoticeDelivery(Company, NoticeChannel.Courier, at.ToInstant(), at.ToInstant())).ToList();
            const int Chunk = 500;
            for (var from = 1; from < processes; from += Chunk)
            {
                var commands = new List<(object Command, string? IdempotencyKey, string? Source)>();
                for (var i = from; i < Math.Min(processes, from + Chunk); i++)
                {
                    commands.Add((new ProposeTransfer(ProcessId(i), agreementId, "cloopen-co", first, Consenting) { At = at.ToInstant(), EffectiveOn = at.Date }, null, "load benchmark"));
                    commands.Add((new GiveTransferNotice(ProcessId(i), Enum.GetValues<NoticeElement>(), deliveries) { At = at.ToInstant(), EffectiveOn = at.Date }, null, "load benchmark"));
                }
                var before = state.Version;
                var (entries, refused) = state.Decide(commands, actor);
                if (refused is not null) throw new ArgumentException($"{refused.CommandName} refused: {string.Join("; ", refused.Reasons)}");
                if (await store.AppendAsync(Company, before, entries) is not AppendOutcome.Appended)
                    throw new ArgumentException("the ledger moved on while the benchmark set it up; run it on a server nothing else writes to");
            }
        }
        for (var i = 0; i < processes; i++) lines.AddRange(Investors.Select(h => $"{ProcessId(i)} {h}"));
        // Check the first election is valid (then it is used up: the POST benchmark starts from the second), and that the
        // server sees the processes set up behind its back (the last one).
        var check = lines[0].Split(' ');
        await PostAsync(http, $"/api/companies/{Company}/transfers/{check[0]}/elections", new { holder = check[1], shares = 1 });
        using (var last = await http.GetAsync($"/api/companies/{Company}/transfers/{ProcessId(processes - 1)}"))
            if (!last.IsSuccessStatusCode) throw new ArgumentException($"GET the last process: {(int)last.StatusCode} {await last.Content.ReadAsStringAsync()}");
        File.WriteAllLines(Path.Combine(outDir, "elections.txt"), lines.Skip(1));
        Console.WriteLine($"loadbench: {processes} transfer processes with open Option Periods, {lines.Count - 1} valid elections ({started.Elapsed.TotalSeconds:F1} s)");
        return 0;
    }

    private static string ProcessId(int i) => $"load-{i:D6}";

    private static readonly string[] Consenting = ["main-access", "sequoia-iv", "trustbridge-v", "mirae-securities-hk", "mirae-growth-1", "parnatoux", "tencent", "new-oriental"];

    private static object Proposal(string process, string at) => new
    {
        process, transferor = "cloopen-co", @class = "class-a", shares = 1_000,
        transferee = new { id = "harbour-peak", name = "Harbour Peak Capital Limited", address = "18/F, 8 Connaught Road Central, Hong Kong", timeZone = "Asia/Hong_Kong" },
        pricePerShare = "USD 2.50", materialTerms = new[] { "cash at completion" },
        consenting = Consenting,
        at,
    };

    private static async Task PostAsync(HttpClient http, string path, object body)
    {
        using var r = await http.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        if (!r.IsSuccessStatusCode) throw new ArgumentException($"POST {path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }
}
