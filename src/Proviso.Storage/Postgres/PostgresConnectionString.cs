using System.Text.RegularExpressions;
using Npgsql;

namespace Proviso.Storage.Postgres;

/// <summary>
/// Recognises PostgreSQL store locations: an Npgsql connection string (it has a <c>Host=</c> or <c>Server=</c> key)
/// or a <c>postgres://</c> / <c>postgresql://</c> URI, which is converted to a connection string.
/// </summary>
public static partial class PostgresConnectionString
{
    /// <summary>True if <paramref name="store"/> names a PostgreSQL server rather than a SQLite file.</summary>
    public static bool IsPostgres(string store) =>
        IsUri(store) || KeywordConnectionString().IsMatch(store);

    /// <summary>
    /// Returns an Npgsql connection string for <paramref name="store"/>: a URI such as
    /// <c>postgresql://user:password@host:5432/database?sslmode=require</c> is converted (user, password and database
    /// are percent-decoded; <c>sslmode</c>, <c>application_name</c>, <c>connect_timeout</c> and <c>search_path</c> query
    /// parameters are understood, as are Npgsql's own keywords); a keyword connection string is checked and returned.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The text is not a usable connection string or URI.</exception>
    public static string Normalize(string store)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            var builder = IsUri(store) ? FromUri(store) : new NpgsqlConnectionStringBuilder(store);
            if (string.IsNullOrWhiteSpace(builder.Host))
                throw new ArgumentException("it names no host");
            return builder.ConnectionString;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException or KeyNotFoundException)
        {
            throw new StoreUnavailableException(
                $"'{Redacted(store)}' is not a usable PostgreSQL connection string: {LedgerText.OneLine(e.Message)}", e);
        }
    }

    /// <summary>Where a connection string points, without credentials: <c>postgresql://host:port/database</c>.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = string.IsNullOrEmpty(builder.Database) ? builder.Username ?? "" : builder.Database;
        return $"postgresql://{builder.Host}:{builder.Port}/{database}";
    }

    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        var uri = new Uri(text, UriKind.Absolute);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host.Trim('[', ']') };
        if (!uri.IsDefaultPort && uri.Port > 0) builder.Port = uri.Port;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) builder.Database = database;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            switch (key.ToLowerInvariant())
            {
                case "sslmode":
                    builder.SslMode = value.ToLowerInvariant() switch
                    {
                        "disable" => SslMode.Disable,
                        "allow" => SslMode.Allow,
                        "prefer" => SslMode.Prefer,
                        "require" => SslMode.Require,
                        "verify-ca" => SslMode.VerifyCA,
                        "verify-full" => SslMode.VerifyFull,
                        _ => throw new ArgumentException($"sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full"),
                    };
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "connect_timeout":
                    builder.Timeout = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "search_path":
                    builder.SearchPath = value;
                    break;
                default:
                    builder[key] = value; // Npgsql's own keywords; an unknown one throws ArgumentException.
                    break;
            }
        }
        return builder;
    }

    private static bool IsUri(string store) =>
        store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
        store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    private static string Redacted(string store) =>
        PasswordInUri().Replace(PasswordKeyword().Replace(store, "$1***"), "$1***@");

    [GeneratedRegex(@"(?:^|;)\s*(?:host|server)\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeywordConnectionString();

    [GeneratedRegex(@"((?:^|;)\s*(?:password|pwd)\s*=)[^;]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordKeyword();

    [GeneratedRegex(@"(://[^:/@]*:)[^@/]*@", RegexOptions.CultureInvariant)]
    private static partial Regex PasswordInUri();
}
