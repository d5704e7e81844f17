using Npgsql;
using Proviso.Storage.Postgres;

namespace Proviso.Storage.Tests;

/// <summary>How a store location is recognised and converted, without opening anything.</summary>
public sealed class EventStoreFactoryTests
{
    [Theory]
    [InlineData("Host=db.example.com;Database=ledger", true)]
    [InlineData("host = db;Database=ledger", true)]
    [InlineData("Database=ledger;Server=db", true)]
    [InlineData("postgres://u@db/ledger", true)]
    [InlineData("POSTGRESQL://db/ledger", true)]
    [InlineData("ledger.db", false)]
    [InlineData("/var/lib/proviso/host=1/ledger.db", false)]
    [InlineData("./.proviso/ledger.sqlite", false)]
    [InlineData(@"C:\data\ledger.db", false)]
    public void IsPostgres_RecognisesConnectionStringsAndUris(string store, bool expected) =>
        Assert.Equal(expected, PostgresConnectionString.IsPostgres(store));

    [Fact]
    public void Normalize_PostgresUri_BecomesAnEquivalentConnectionString()
    {
        var normalized = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Normalize(
            "postgresql://ledger%40ops:p%3Ass%2Fword@db.example.com:6543/cap%20table?sslmode=verify-full&application_name=proviso-cli&search_path=proviso"));

        Assert.Equal("db.example.com", normalized.Host);
        Assert.Equal(6543, normalized.Port);
        Assert.Equal("ledger@ops", normalized.Username);
        Assert.Equal("p:ss/word", normalized.Password);
        Assert.Equal("cap table", normalized.Database);
        Assert.Equal(SslMode.VerifyFull, normalized.SslMode);
        Assert.Equal("proviso-cli", normalized.ApplicationName);
        Assert.Equal("proviso", normalized.SearchPath);
    }

    [Fact]
    public void Normalize_UriWithoutPortOrUser_UsesNpgsqlDefaults()
    {
        var normalized = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Normalize("postgres://db/ledger"));

        Assert.Equal(("db", 5432, "ledger", (string?)null), (normalized.Host, normalized.Port, normalized.Database, normalized.Username));
    }

    [Theory]
    [InlineData("postgres://db/ledger?sslmode=sometimes", "sslmode 'sometimes'")]
    [InlineData("postgres://db/ledger?frobnicate=1", "frobnicate")]
    [InlineData("Host=db;Port=notaport", "'Host=db;Port=notaport' is not a usable PostgreSQL connection string")]
    public void Open_UnusableConnectionString_ThrowsStoreUnavailable(string store, string expectedInMessage)
    {
        var error = Assert.Throws<StoreUnavailableException>(() => EventStoreFactory.Open(store));

        Assert.Contains(expectedInMessage, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Open_UnusableConnectionString_DoesNotRepeatThePassword()
    {
        var error = Assert.Throws<StoreUnavailableException>(() => EventStoreFactory.Open("Host=db;Password=hunter2;Port=x"));
        var uriError = Assert.Throws<StoreUnavailableException>(() => EventStoreFactory.Open("postgres://ops:hunter2@db/ledger?sslmode=nope"));

        Assert.DoesNotContain("hunter2", error.Message);
        Assert.DoesNotContain("hunter2", uriError.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Open_NoLocation_ThrowsStoreUnavailable(string store) =>
        Assert.Equal("No event store was given: pass a SQLite file path or a PostgreSQL connection string.",
            Assert.Throws<StoreUnavailableException>(() => EventStoreFactory.Open(store)).Message);
}
