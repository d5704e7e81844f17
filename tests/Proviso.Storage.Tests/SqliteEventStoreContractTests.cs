using Microsoft.Data.Sqlite;
using Proviso.Storage.Sqlite;

namespace Proviso.Storage.Tests;

/// <summary>The event-store contract against <see cref="SqliteEventStore"/>, one new file per test.</summary>
public sealed class SqliteEventStoreContractTests : EventStoreContract
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "proviso-storage-tests", Guid.NewGuid().ToString("N"));

    private string FilePath => Path.Combine(directory, "ledger.db");

    protected override Task CreateBackingStoreAsync()
    {
        Directory.CreateDirectory(directory);
        return Task.CompletedTask;
    }

    protected override Task DeleteBackingStoreAsync()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    protected override Task<IEventStore> OpenStoreAsync() => Task.FromResult<IEventStore>(SqliteEventStore.Open(FilePath));

    protected override Task<int> ExecuteSqlAsync(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Task.FromResult(command.ExecuteNonQuery());
    }

    protected override Task<long> QueryScalarAsync(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Task.FromResult(Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    protected override Task<IExternalWriter> BeginExternalWriteAsync(string companyId)
    {
        var connection = Connect();
        using var begin = connection.CreateCommand();
        begin.CommandText = "PRAGMA busy_timeout = 30000; BEGIN IMMEDIATE";
        begin.ExecuteNonQuery();
        return Task.FromResult<IExternalWriter>(new ExternalWriter(connection));
    }

    /// <summary>Holds SQLite's database write lock (BEGIN IMMEDIATE) on its own connection until committed.</summary>
    private sealed class ExternalWriter(SqliteConnection connection) : IExternalWriter
    {
        private bool open = true;

        public Task<int> ExecuteAsync(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Task.FromResult(command.ExecuteNonQuery());
        }

        public Task CommitAsync()
        {
            open = false;
            return ExecuteAsync("COMMIT");
        }

        public async ValueTask DisposeAsync()
        {
            if (open) await ExecuteAsync("ROLLBACK");
            await connection.DisposeAsync();
        }
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
