using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using NodaTime;
using Proviso.Application;
using Proviso.Application.Access;
using Proviso.Application.Import;
using Proviso.Application.Ledgers;
using Proviso.Server.Api;
using Proviso.Server.Auth;
using Proviso.Storage;

namespace Proviso.Server.Hosting;

/// <summary>How the server is put together: services, authentication, endpoints and pages, and the first start.</summary>
public static class ProvisoHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Registers everything; returns configuration problems (empty when the settings are valid).</summary>
    public static IReadOnlyList<string> Configure(WebApplicationBuilder builder)
    {
        var options = new ProvisoServerOptions();
        builder.Configuration.GetSection("Proviso").Bind(options);
        if (Environment.GetEnvironmentVariable("PROVISO_STORE") is { Length: > 0 } store && builder.Configuration["Proviso:Store"] is null) options.Store = store;
        var problems = options.Validate(builder.Environment.ContentRootPath);
        if (problems.Count > 0) return problems;

        if (builder.Configuration["urls"] is null && builder.Configuration["ASPNETCORE_URLS"] is null && Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is null)
            builder.WebHost.UseUrls(DefaultUrl);

        builder.Services.AddSingleton(Options.Create(options));
        // No per-request "Request starting/finished" log unless configured (Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics):
        // while that category is enabled at any level, ASP.NET Core also starts an Activity and a log scope for every
        // request, whatever the level of the log actually written.
        const string RequestLog = "Microsoft.AspNetCore.Hosting.Diagnostics";
        if (builder.Configuration[$"Logging:LogLevel:{RequestLog}"] is null) builder.Logging.AddFilter(RequestLog, LogLevel.None);
        // The store, wrapped so that loading a company's ledger is served from memory and brought up to date by version
        // (CompanyLedgerCache: exact, because the ledger is append-only); the API's writes to a company are decided one
        // after the other and committed in groups (CompanyWriteQueue).
        builder.Services.AddSingleton<IEventStore>(_ => new LedgerCachingStore(EventStoreFactory.Open(options.Store), new CompanyLedgerCache()));
        builder.Services.AddSingleton(sp => new CompanyWriteQueue(sp.GetRequiredService<IEventStore>()));
        builder.Services.AddSingleton(sp => new AccessService(sp.GetRequiredService<IEventStore>(), options.PasswordIterations));
        builder.Services.AddSingleton<IClock>(NodaTime.SystemClock.Instance);
        builder.Services.AddSingleton<CapTableCache>();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AllowAnonymousToPage("/SignIn");
        });
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping; // JSON responses only: '+' and non-ASCII names unescaped
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower));
        });

        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = "proviso";
                o.DefaultChallengeScheme = "proviso";
            })
            .AddPolicyScheme("proviso", "Cookie or API token", o =>
            {
                o.ForwardDefaultSelector = ctx =>
                    ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal)
                        ? ApiTokenHandler.SchemeName
                        : CookieAuthenticationDefaults.AuthenticationScheme;
            })
            .AddCookie(o =>
            {
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
                o.Cookie.Name = "proviso";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized, "Sign in, or send an API token as 'Authorization: Bearer …'.");
                o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden, "You do not have access to this.");
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null);
        builder.Services.AddAuthorization(o =>
        {
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        return [];
    }

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> ctx, int status, string detail)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return ctx.Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = status,
                Title = status == 401 ? "Not signed in" : "Forbidden",
                Detail = detail,
                Type = status == 401 ? "https://proviso.example/problems/unauthenticated" : "https://proviso.example/problems/forbidden",
            }, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static void Map(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi().AllowAnonymous();
        app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous().ExcludeFromDescription();
        ApiEndpoints.Map(app);
        app.MapRazorPages();
    }

    /// <summary>
    /// On first start (no user yet): creates the administrator and prints how to sign in, and imports the example
    /// company. Returns false (after printing why) if the store cannot be opened.
    /// </summary>
    public static async Task<bool> FirstStartAsync(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ProvisoServerOptions>>().Value;
        var clock = app.Services.GetRequiredService<IClock>();
        IEventStore store;
        try
        {
            store = app.Services.GetRequiredService<IEventStore>();
        }
        catch (StoreUnavailableException ex)
        {
            Console.Error.WriteLine($"proviso-server: store: {ex.Message}");
            return false;
        }
        var access = app.Services.GetRequiredService<AccessService>();
        if (!await access.AnyUserAsync())
        {
            var password = string.IsNullOrEmpty(options.AdminPassword) ? NewPassword() : options.AdminPassword;
            await access.CreateUserAsync(options.AdminUser, "Administrator", password, administrator: true, clock.GetCurrentInstant());
            var url = app.Urls.FirstOrDefault() ?? app.Configuration["urls"] ?? DefaultUrl;
            Console.WriteLine("Proviso: first start. An administrator account was created.");
            Console.WriteLine($"  Sign in at {url.TrimEnd('/')}/signin as '{options.AdminUser}'" + (string.IsNullOrEmpty(options.AdminPassword) ? $" with the password: {password}" : " with the configured password."));
            if (string.IsNullOrEmpty(options.AdminPassword)) Console.WriteLine("  The password is shown once; store it now.");
        }
        var example = options.ResolveExample(app.Environment.ContentRootPath);
        if (example.Length > 0 && !(await store.CompaniesAsync()).Any(c => !c.StartsWith('_')))
        {
            try
            {
                var loaded = RegisterFile.LoadDirectory(example);
                var commands = loaded.Commands.Select(c => ((object)c.Command, (string?)CompanyLedger.KeyFor("import", c.Command), (string?)c.Source.ToString()))
                    .Concat(loaded.Terms.Select(t => ((object)t, (string?)CompanyLedger.KeyFor("terms", t.Text), (string?)t.File))).ToList();
                var outcome = await CompanyCommands.ExecuteAsync(store, loaded.CompanyId, commands, new Actor("proviso-server", clock.GetCurrentInstant()));
                Console.WriteLine(outcome is CommandOutcome.Recorded r
                    ? $"Proviso: loaded the example company '{loaded.CompanyName}' ({r.Entries.Count} ledger entries)."
                    : $"Proviso: the example company was not loaded: {outcome}");
            }
            catch (InputException ex)
            {
                Console.Error.WriteLine($"proviso-server: example: {ex.Message}");
                return false;
            }
        }
        return true;
    }

    private static string NewPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
}
