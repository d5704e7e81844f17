using Npgsql;
using Proviso.Storage.Postgres;

namespace Proviso.Storage.Tests;

/// <summary>What only the PostgreSQL store does: connection strings, URIs, and refusing servers it cannot use.</summary>
public sealed class PostgresEventStoreTests
{
    [Fact]
    public void Open_UnreachableServer_ThrowsStoreUnavailableNamingTheServer()
    {
        var error = Assert.Throws<StoreUnavailableException>(() =>
            EventStoreFactory.Open("Host=127.0.0.1;Port=1;Database=ledger;Username=proviso;Password=secret;Timeout=3"));

        Assert.StartsWith("Cannot reach the PostgreSQL server for postgresql://127.0.0.1:1/ledger:", error.Message);
        Assert.DoesNotContain("secret", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Open_DatabaseThatDoesNotExist_ThrowsStoreUnavailableNamingIt()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresTestServer.AdminConnectionString) { Database = "proviso_missing_" + Guid.NewGuid().ToString("N") };

        var error = Assert.Throws<StoreUnavailableException>(() => EventStoreFactory.Open(builder.ConnectionString));

        Assert.Equal($"The PostgreSQL server has no database for postgresql://{builder.Host}:{builder.Port}/{builder.Database}; create it first.", error.Message);
    }

    [Fact]
    public async Task Open_PostgresUri_OpensTheDatabaseItNames()
    {
        var (name, connectionString) = await PostgresTestServer.CreateDatabaseAsync();
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            var credentials = builder.Password is { Length: > 0 } password
                ? $"{Uri.EscapeDataString(builder.Username!)}:{Uri.EscapeDataString(password)}@"
                : $"{Uri.EscapeDataString(builder.Username ?? "postgres")}@";
            var uri = $"postgresql://{credentials}{builder.Host}:{builder.Port}/{name}?application_name=proviso-test";

            await using (var store = EventStoreFactory.Open(uri))
            {
                Assert.Equal("postgresql", store.Kind);
                Assert.Equal($"postgresql://{builder.Host}:{builder.Port}/{name}", store.Location);
                (await store.AppendAsync("acme", 0, Entries.Batch(Entries.Note("via uri")))).AssertAppended();
            }

            await using var sameDatabase = PostgresEventStore.Open(connectionString);
            Assert.Equal(1, await sameDatabase.CurrentVersionAsync("acme"));
        }
        finally
        {
            await PostgresTestServer.DropDatabaseAsync(name);
        }
    }
}
