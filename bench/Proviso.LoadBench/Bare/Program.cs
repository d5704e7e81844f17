using System.Text.Json.Nodes;

// A bare ASP.NET Core minimal API: one GET that serialises, per request, a JSON document of the cap table's size
// (the sample bench/load.sh saved from the Proviso server: same shape and length). No authentication, no storage,
// no logging per request: the baseline for "GET throughput at least 50% of a bare ASP.NET Core endpoint".
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var sample = args.SkipWhile(a => a != "--sample").Skip(1).FirstOrDefault()
    ?? throw new ArgumentException("usage: Proviso.LoadBench.Bare --sample captable.json [--urls http://127.0.0.1:PORT]");
var document = JsonNode.Parse(File.ReadAllText(sample))!;
var app = builder.Build();
app.MapGet("/captable", () => Results.Json(document));
app.MapGet("/healthz", () => Results.Text("ok"));
app.Run();
