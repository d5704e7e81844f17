using Npgsql;

namespace Proviso.Server.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the PostgreSQL tests use, from PROVISO_TEST_PG (an Npgsql connection string for a user that may
/// CREATE DATABASE; scripts/test.sh starts a throwaway server and sets it). Every test gets a freshly created database,
/// dropped afterwards. Without the variable the tests fail with a message saying how to get a server; they never skip.
/// </summary>
public static class PostgresTestServer
{
    public const string Variable = "PROVISO_TEST_PG";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException(
                "The PostgreSQL server tests need PROVISO_TEST_PG; run scripts/test.sh, which starts a throwaway server, " +
                "or set PROVISO_TEST_PG to an Npgsql connection string for a user that may CREATE DATABASE.");

    public static async Task<(string Name, string ConnectionString)> CreateDatabaseAsync()
    {
        var name = "proviso_server_test_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name };
        return (name, builder.ConnectionString);
    }

    public static async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
