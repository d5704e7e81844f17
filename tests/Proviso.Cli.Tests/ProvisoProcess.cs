using System.Diagnostics;
using System.Text.Json;

namespace Proviso.Cli.Tests;

/// <summary>Runs the real `proviso` command (the built Proviso.Cli) as a separate process, as a user would.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json() => JsonDocument.Parse(Stdout).RootElement;
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

public static class ProvisoProcess
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "proviso.dll");

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string CloopenExample => Path.Combine(RepoRoot, "examples", "cloopen");

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Proviso.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Proviso.slnx) above " + AppContext.BaseDirectory);
    }

    public static CliResult Run(params string[] args) => RunIn(null, args);

    public static CliResult RunIn(IDictionary<string, string?>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("PROVISO_STORE");
        psi.Environment["PROVISO_ACTOR"] = "test";
        if (env is not null)
            foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(true);
            throw new TimeoutException("proviso did not finish within 120 s: " + string.Join(' ', args));
        }
        return new CliResult(p.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>A fresh temporary directory per test, removed afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "proviso-cli-" + Guid.NewGuid().ToString("N")[..12]);

    public TempDir() => Directory.CreateDirectory(Path);

    public string Store => System.IO.Path.Combine(Path, "proviso.db");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A company directory with the given company.yaml and register.yaml text.</summary>
    public string Company(string register, string? company = null)
    {
        var dir = System.IO.Path.Combine(Path, "company-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(dir);
        System.IO.File.WriteAllText(System.IO.Path.Combine(dir, "company.yaml"), company ?? """
            company:
              id: acme
              name: Acme Holdings Limited
              jurisdiction: KY
              baseCurrency: USD
              registerOpenedOn: 2024-01-02
            """);
        System.IO.File.WriteAllText(System.IO.Path.Combine(dir, "register.yaml"), register);
        return dir;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
