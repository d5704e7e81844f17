using Npgsql;

namespace Proviso.Storage.Tests;

/// <summary>
/// The PostgreSQL server the tests use, from PROVISO_TEST_PG (an Npgsql connection string for a user that may
/// CREATE DATABASE). Every test gets a freshly created database with a unique name, dropped afterwards.
/// Without the variable, every PostgreSQL test fails with a message saying how to get a server.
/// </summary>
internal static class PostgresTestServer
{
    public const string Variable = "PROVISO_TEST_PG";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException(
                "PostgreSQL tests need PROVISO_TEST_PG; run scripts/test.sh which starts a throwaway server " +
                "(or set PROVISO_TEST_PG to an Npgsql connection string for a user that may CREATE DATABASE).");

    /// <summary>Creates an empty database and returns a connection string for it.</summary>
    public static async Task<(string Name, string ConnectionString)> CreateDatabaseAsync()
    {
        var name = "proviso_test_" + Guid.NewGuid().ToString("N");
        await ExecuteAsAdminAsync($"CREATE DATABASE \"{name}\"");
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name };
        return (name, builder.ConnectionString);
    }

    public static Task DropDatabaseAsync(string name) =>
        ExecuteAsAdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");

    /// <summary>A connection outside any store (no pooling), for tampering with rows directly.</summary>
    public static async Task<NpgsqlConnection> ConnectAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsAdminAsync(string sql)
    {
        await using var connection = await ConnectAsync(AdminConnectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
