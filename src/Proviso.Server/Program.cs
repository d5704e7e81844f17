using Proviso.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
// The stylesheet is copied beside the assembly: started from any working directory, the server serves the same site.
if (!Directory.Exists(Path.Combine(builder.Environment.ContentRootPath, "wwwroot"))
    && Path.Combine(AppContext.BaseDirectory, "wwwroot") is var beside && Directory.Exists(beside))
{
    builder.Environment.WebRootPath = beside;
    builder.Environment.WebRootFileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(beside);
}
var problems = ProvisoHost.Configure(builder);
if (problems.Count > 0)
{
    foreach (var p in problems) Console.Error.WriteLine($"proviso-server: configuration: {p}");
    return 2;
}
// Background collections only for generation 2 while the server runs (no full blocking collection unless memory runs
// short): it keeps every company's ledger in memory, and one blocking collection of a heap that size stops every request
// for about a second (docs/performance.md, seventh session).
System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.SustainedLowLatency;
var app = builder.Build();
ProvisoHost.Map(app);
if (!await ProvisoHost.FirstStartAsync(app)) return 4;
await app.RunAsync();
return 0;

/// <summary>The server's entry point (public for the integration tests' WebApplicationFactory).</summary>
public partial class Program;
