namespace Proviso.Server.Hosting;

/// <summary>
/// The server's settings (configuration section "Proviso", or environment variables PROVISO__STORE, …). Validated at
/// start-up: a bad setting stops the server with a message that names it.
/// </summary>
public sealed class ProvisoServerOptions
{
    /// <summary>A SQLite file path (the default, ./proviso.db) or a PostgreSQL connection string.</summary>
    public string Store { get; set; } = "proviso.db";

    /// <summary>On first start (an empty store), import this company directory. Empty to start with no company.</summary>
    public string? ExampleDirectory { get; set; } = "examples/cloopen";

    /// <summary>The administrator account created on first start.</summary>
    public string AdminUser { get; set; } = "admin";

    /// <summary>The administrator's password on first start; if empty, a random one is generated and printed once.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>PBKDF2 iterations for new passwords (at least 100,000 outside tests).</summary>
    public int PasswordIterations { get; set; } = Application.Access.AccessService.DefaultIterations;

    /// <summary>Allow fewer PBKDF2 iterations (tests only).</summary>
    public bool AllowWeakHashingForTests { get; set; }

    public IReadOnlyList<string> Validate(string contentRoot)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Store)) problems.Add("Proviso:Store is empty; give a SQLite file path or a PostgreSQL connection string");
        if (!string.IsNullOrWhiteSpace(ExampleDirectory) && ResolveExample(contentRoot) is var dir && !File.Exists(Path.Combine(dir, "company.yaml")))
            problems.Add($"Proviso:ExampleDirectory '{ExampleDirectory}' has no company.yaml (looked in the working directory and above it, and in {contentRoot}); set it to a company directory or to an empty value");
        if (string.IsNullOrWhiteSpace(AdminUser) || AdminUser.Any(char.IsWhiteSpace)) problems.Add("Proviso:AdminUser must be a name without spaces");
        if (AdminPassword is { Length: > 0 and < 12 }) problems.Add("Proviso:AdminPassword needs at least 12 characters");
        if (PasswordIterations < 100_000 && !AllowWeakHashingForTests) problems.Add($"Proviso:PasswordIterations is {PasswordIterations}; at least 100,000 are required");
        if (PasswordIterations < 1) problems.Add("Proviso:PasswordIterations must be positive");
        return problems;
    }

    /// <summary>
    /// The example directory: as given if absolute; otherwise relative to the working directory or the nearest
    /// directory above it that has it (so `dotnet run --project src/Proviso.Server` from the repository root finds
    /// examples/cloopen), else relative to the content root.
    /// </summary>
    public string ResolveExample(string contentRoot)
    {
        if (ExampleDirectory is null or "") return "";
        if (Path.IsPathRooted(ExampleDirectory)) return ExampleDirectory;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ExampleDirectory);
            if (File.Exists(Path.Combine(candidate, "company.yaml"))) return candidate;
        }
        return Path.Combine(contentRoot, ExampleDirectory);
    }
}
