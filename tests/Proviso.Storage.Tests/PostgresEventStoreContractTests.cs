using Npgsql;
using Proviso.Storage.Postgres;

namespace Proviso.Storage.Tests;

/// <summary>
/// The event-store contract against <see cref="PostgresEventStore"/>, one new database per test on the server named
/// by PROVISO_TEST_PG (fails, never skips, without it).
/// </summary>
public sealed class PostgresEventStoreContractTests : EventStoreContract
{
    private string? databaseName;
    private string connectionString = "";

    protected override async Task CreateBackingStoreAsync() =>
        (databaseName, connectionString) = await PostgresTestServer.CreateDatabaseAsync();

    protected override async Task DeleteBackingStoreAsync()
    {
        if (databaseName is not null) await PostgresTestServer.DropDatabaseAsync(databaseName);
    }

    protected override Task<IEventStore> OpenStoreAsync() => Task.FromResult<IEventStore>(PostgresEventStore.Open(connectionString));

    protected override async Task<int> ExecuteSqlAsync(string sql)
    {
        await using var connection = await PostgresTestServer.ConnectAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    protected override async Task<long> QueryScalarAsync(string sql)
    {
        await using var connection = await PostgresTestServer.ConnectAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override async Task<IExternalWriter> BeginExternalWriteAsync(string companyId)
    {
        var connection = await PostgresTestServer.ConnectAsync(connectionString);
        var transaction = await connection.BeginTransactionAsync();
        await using var lockCompany = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, transaction) { Parameters = { new() { Value = companyId } } };
        await lockCompany.ExecuteNonQueryAsync();
        return new ExternalWriter(connection, transaction);
    }

    /// <summary>Holds the company's advisory lock in its own transaction until committed.</summary>
    private sealed class ExternalWriter(NpgsqlConnection connection, NpgsqlTransaction transaction) : IExternalWriter
    {
        public async Task<int> ExecuteAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            return await command.ExecuteNonQueryAsync();
        }

        public Task CommitAsync() => transaction.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
