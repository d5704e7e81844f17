using Microsoft.Extensions.Options;
using Proviso.Application;
using Proviso.Application.Scenarios;
using Proviso.Server.Auth;
using Proviso.Server.Hosting;
using Proviso.Application.Views;

namespace Proviso.Server.Api;

/// <summary>The worked scenarios shipped with Proviso (examples/*/scenarios), runnable from the API in a throwaway store.</summary>
public static class ScenarioEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/scenarios", List).WithSummary("The worked scenarios available to run");
        api.MapPost("/scenarios/{folder}/{name}/run", Run).WithSummary("Run a worked scenario in a throwaway store; each step accepted or refused with citations");
    }

    private static string ExamplesRoot(IWebHostEnvironment env, IOptions<ProvisoServerOptions> options)
    {
        var example = options.Value.ResolveExample(env.ContentRootPath);
        return example.Length > 0 ? Path.GetDirectoryName(Path.GetFullPath(example))! : Path.Combine(env.ContentRootPath, "examples");
    }

    private static async Task<IResult> List(HttpContext http, IWebHostEnvironment env, IOptions<ProvisoServerOptions> options, Application.Access.AccessService access)
    {
        if (await CompanyAccess.UserAsync(http, access) is null) return Problems.Unauthenticated();
        var root = ExamplesRoot(env, options);
        var list = Directory.Exists(root)
            ? Directory.GetDirectories(root).SelectMany(d => Directory.Exists(Path.Combine(d, "scenarios"))
                ? Directory.GetFiles(Path.Combine(d, "scenarios"), "*.yaml").Select(f => new { folder = Path.GetFileName(d), name = Path.GetFileNameWithoutExtension(f) })
                : []).OrderBy(x => x.folder).ThenBy(x => x.name).ToList()
            : [];
        return Results.Ok(list);
    }

    private static async Task<IResult> Run(HttpContext http, string folder, string name, IWebHostEnvironment env, IOptions<ProvisoServerOptions> options, Application.Access.AccessService access)
    {
        if (await CompanyAccess.UserAsync(http, access) is null) return Problems.Unauthenticated();
        if (folder.Any(ch => !(char.IsLetterOrDigit(ch) || ch == '-')) || name.Any(ch => !(char.IsLetterOrDigit(ch) || ch is '-' or '_')))
            return Problems.BadInput("folder and name are the names of a shipped scenario (letters, digits, hyphens)");
        var file = Path.Combine(ExamplesRoot(env, options), folder, "scenarios", name + ".yaml");
        if (!File.Exists(file)) return Problems.NotFound($"There is no scenario '{folder}/{name}'.");
        try
        {
            var result = await ScenarioRunner.RunAsync(file, http.RequestAborted);
            return Results.Ok(ScenarioJson.From(result));
        }
        catch (InputException ex)
        {
            return Problems.BadInput(ex.Message);
        }
    }
}
