using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;

namespace Proviso.Browser.Tests;

/// <summary>
/// The real server on a free loopback port (its build output run as a child process, a fresh SQLite store in a
/// temporary directory, a known administrator password, the Cloopen example), and Debian's Chromium driven by
/// Playwright. Chromium missing is a failure with a message, never a skip.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string AdminPassword = "correct-horse-battery-staple";

    private readonly StringBuilder _output = new();
    private Process? _server;
    private string _temp = "";

    public string BaseUrl { get; private set; } = "";
    public string RepositoryRoot { get; } = FindRepositoryRoot();
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots are kept: the test output directory's screenshots folder.</summary>
    public string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public string ServerOutput
    {
        get { lock (_output) return _output.ToString(); }
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"The browser tests need Debian's Chromium at {ChromiumPath}, and it is not installed. Install it with: apt-get install -y chromium fonts-dejavu-core");
        Directory.CreateDirectory(Screenshots);
        _temp = Directory.CreateTempSubdirectory("proviso-browser-").FullName;
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var serverDir = Path.Combine(RepositoryRoot, "src", "Proviso.Server");
        var dll = Path.Combine(serverDir, "bin", Configuration(), "net10.0", "proviso-server.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"The server's build output is missing: {dll}. Build the solution first.");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Proviso__Store"] = Path.Combine(_temp, "proviso.db");
        start.Environment["Proviso__AdminPassword"] = AdminPassword;
        start.Environment["Proviso__ExampleDirectory"] = Path.Combine(RepositoryRoot, "examples", "cloopen");
        start.Environment["ASPNETCORE_URLS"] = BaseUrl;
        start.Environment["ASPNETCORE_CONTENTROOT"] = serverDir; // wwwroot (site.css) lives beside the project
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        _server = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        _server.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _server.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        await WaitForHealthAsync();

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        Playwright?.Dispose();
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }
        _server?.Dispose();
        try { Directory.Delete(_temp, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A new browser context (its own cookies), signed in as the administrator.</summary>
    public async Task<IPage> SignedInPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Username").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Signed in once the redirect away from /signin is committed (the cookie is set); each test then opens its own
        // page, and the dashboard's own rendering is checked by its screenshot test. Bounded like the screenshots.
        await page.WaitForURLAsync(u => !u.Contains("/signin", StringComparison.Ordinal),
            new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        return page;
    }

    /// <summary>A screenshot kept in <see cref="Screenshots"/>: the whole page, or only the viewport (for very long pages).</summary>
    public Task ScreenshotAsync(IPage page, string name, bool fullPage = true) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = fullPage, Timeout = 60_000 });

    private async Task WaitForHealthAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_server!.HasExited) throw new InvalidOperationException($"The server exited with {_server.ExitCode}:\n{ServerOutput}");
            try
            {
                if ((await http.GetAsync(BaseUrl + "/healthz")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The server did not answer /healthz within 90 seconds:\n{ServerOutput}");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Configuration() =>
        AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar).Contains("Release") ? "Release" : "Debug";

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Proviso.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"Proviso.slnx not found above {AppContext.BaseDirectory}");
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server and browser";
}
