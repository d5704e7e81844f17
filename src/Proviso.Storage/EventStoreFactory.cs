using Proviso.Storage.Postgres;
using Proviso.Storage.Sqlite;

namespace Proviso.Storage;

/// <summary>Opens the event store a location names.</summary>
public static class EventStoreFactory
{
    /// <summary>
    /// Opens <paramref name="store"/>: a PostgreSQL store if it is an Npgsql connection string (it has a <c>Host=</c>
    /// or <c>Server=</c> key) or a <c>postgres://</c> / <c>postgresql://</c> URI; otherwise a SQLite store in the file
    /// at that path, created if missing. The schema is created or migrated on open.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The store cannot be opened; the message says why in one line
    /// (unreachable server, missing database, failed login, unwritable path, a file that is not a SQLite database, a
    /// schema from a newer version of Proviso).</exception>
    public static IEventStore Open(string store)
    {
        if (string.IsNullOrWhiteSpace(store))
            throw new StoreUnavailableException("No event store was given: pass a SQLite file path or a PostgreSQL connection string.");
        return PostgresConnectionString.IsPostgres(store)
            ? PostgresEventStore.Open(store)
            : SqliteEventStore.Open(store);
    }
}
