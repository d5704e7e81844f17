using Proviso.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
var problems = ProvisoHost.Configure(builder);
if (problems.Count > 0)
{
    foreach (var p in problems) Console.Error.WriteLine($"proviso-server: configuration: {p}");
    return 2;
}
var app = builder.Build();
ProvisoHost.Map(app);
if (!await ProvisoHost.FirstStartAsync(app)) return 4;
await app.RunAsync();
return 0;

/// <summary>The server's entry point (public for the integration tests' WebApplicationFactory).</summary>
public partial class Program;
