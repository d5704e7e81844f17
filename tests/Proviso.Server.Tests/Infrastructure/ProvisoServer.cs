using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using Proviso.Application.Access;
using Proviso.Application.Import;
using Proviso.Application.Ledgers;
using Proviso.Domain.Access;
using Proviso.Storage;
using Proviso.Storage.Postgres;

namespace Proviso.Server.Tests.Infrastructure;

/// <summary>A clock the test moves: the server records a step without 'at' at this instant.</summary>
public sealed class TestClock : IClock
{
    public Instant Now { get; set; } = SystemClock.Instance.GetCurrentInstant();

    public Instant GetCurrentInstant() => Now;

    public void Set(string isoWithOffset) => Now = OffsetDateTimePattern.ExtendedIso.Parse(isoWithOffset).GetValueOrThrow().ToInstant();
}

/// <summary>Where the repository is: the nearest directory above the test binaries with Proviso.slnx.</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    public static string Cloopen => Path.Combine(Root, "examples", "cloopen");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Proviso.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"Proviso.slnx not found above {AppContext.BaseDirectory}");
    }
}

/// <summary>
/// The server in memory (WebApplicationFactory over Program) with its own store: a fresh SQLite file per instance, or
/// a PostgreSQL connection string; the first-start administrator 'admin' with <see cref="AdminPassword"/>; the Cloopen
/// example loaded; weak password hashing for speed; and a <see cref="TestClock"/>.
/// </summary>
public sealed class ProvisoServer : WebApplicationFactory<Program>
{
    public const string AdminPassword = "correct horse battery staple";

    private readonly Dictionary<string, string?> _settings;

    public TestClock Clock { get; } = new();

    public string Store { get; }

    public ProvisoServer(string? store = null, IDictionary<string, string?>? overrides = null)
    {
        Store = store ?? Path.Combine(Path.GetTempPath(), $"proviso-server-test-{Guid.NewGuid():N}.db");
        _settings = new Dictionary<string, string?>
        {
            ["Proviso:Store"] = Store,
            ["Proviso:AdminUser"] = "admin",
            ["Proviso:AdminPassword"] = AdminPassword,
            ["Proviso:PasswordIterations"] = "1000",
            ["Proviso:AllowWeakHashingForTests"] = "true",
            ["Proviso:ExampleDirectory"] = Repo.Cloopen,
        };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>()) _settings[k] = v;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        builder.ConfigureTestServices(s => s.AddSingleton<IClock>(Clock));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || PostgresConnectionString.IsPostgres(Store)) return;
        foreach (var f in new[] { Store, Store + "-wal", Store + "-shm", Store + "-journal" })
        {
            try
            {
                if (File.Exists(f)) File.Delete(f);
            }
            catch (IOException)
            {
                // a pooled connection may still hold the file; the temp directory is cleaned by the system
            }
        }
    }

    /// <summary>A client that follows no redirects (so a 302 to the sign-in page would show) and keeps cookies.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client sending an API token.</summary>
    public HttpClient WithToken(string token)
    {
        var c = Anonymous();
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return c;
    }

    public AccessService Access => Services.GetRequiredService<AccessService>();

    public IEventStore EventStore => Services.GetRequiredService<IEventStore>();

    /// <summary>An API token for the first-start administrator.</summary>
    public async Task<HttpClient> AdminAsync() => WithToken(await Access.IssueTokenAsync("admin", "tests", Clock.Now));

    /// <summary>A user with a role for a company, and a client with that user's API token.</summary>
    public async Task<HttpClient> UserAsync(string username, string companyId, CompanyRole role, string? holder = null)
    {
        _ = Services; // start the server (first start creates the administrator)
        var state = await Access.LoadAsync();
        if (!state.Users.ContainsKey(username)) await Access.CreateUserAsync(username, username, "a long enough password", false, Clock.Now);
        await Access.GrantAsync(username, companyId, role, holder, Clock.Now);
        return WithToken(await Access.IssueTokenAsync(username, "tests", Clock.Now));
    }

    /// <summary>Imports a second company ('acme', the Cloopen register under another id, without agreements) through the Application layer.</summary>
    public async Task ImportSecondCompanyAsync(string id = "acme")
    {
        var dir = Directory.CreateTempSubdirectory("proviso-second-company-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "company.yaml"),
                File.ReadAllText(Path.Combine(Repo.Cloopen, "company.yaml")).Replace("id: cloopen", $"id: {id}").Replace("Cloopen Group Holding Limited", "Acme Holdings Limited"));
            File.Copy(Path.Combine(Repo.Cloopen, "register.yaml"), Path.Combine(dir.FullName, "register.yaml"));
            var loaded = RegisterFile.LoadDirectory(dir.FullName);
            var commands = loaded.Commands.Select(c => ((object)c.Command, (string?)null, (string?)c.Source.ToString())).ToList();
            var outcome = await CompanyCommands.ExecuteAsync(EventStore, loaded.CompanyId, commands, new Actor("tests", Clock.Now));
            Assert.IsType<CommandOutcome.Recorded>(outcome);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    public async Task<long> VersionAsync(string companyId = "cloopen") => await EventStore.CurrentVersionAsync(companyId);
}

/// <summary>Small helpers for JSON over HTTP.</summary>
public static class Http
{
    public static StringContent Json(object body) => new(body is string s ? s : JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public static async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(
        this HttpClient client, string url, object body, string? ifMatch = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        var response = await client.SendAsync(request);
        return (response.StatusCode, await ReadAsync(response), response);
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return (response.StatusCode, await ReadAsync(response), response);
    }

    private static async Task<JsonNode?> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0) return null;
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    /// <summary>Fails with the body when the status is not the one expected, so a failure says why.</summary>
    public static JsonNode Expect(this (HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response) r, HttpStatusCode expected)
    {
        Assert.True(r.Status == expected, $"expected {(int)expected} {expected}, got {(int)r.Status} {r.Status}: {r.Body?.ToJsonString()}");
        return r.Body ?? new JsonObject();
    }
}
