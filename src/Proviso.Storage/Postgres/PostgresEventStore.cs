using System.Data;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using Proviso.Domain.Ledger;

namespace Proviso.Storage.Postgres;

/// <summary>
/// The event store in a PostgreSQL database (tables in the connection's default schema). Guarantees:
/// <list type="bullet">
/// <item>Serialised appends per company: each append is one transaction that first takes a transaction-level advisory
/// lock keyed by the company (<c>pg_advisory_xact_lock(hashtext(company_id))</c>), then checks the idempotency key
/// and the expected version, seals the entries onto the hash chain and inserts them. Appends to different companies
/// run in parallel; appends to one company from any number of processes never interleave. The idempotency key is
/// checked before the expected version, so a retried command gets <see cref="AppendOutcome.Duplicate"/> even though its
/// expected version is now stale.</item>
/// <item>Gapless, chained sequences, all-or-nothing batches; a primary-key race (a writer that skipped the lock)
/// surfaces as <see cref="AppendOutcome.Conflict"/> or <see cref="AppendOutcome.Duplicate"/>, never as a gap.</item>
/// <item>Durability as configured on the server (with PostgreSQL's default <c>synchronous_commit=on</c>, a returned
/// <see cref="AppendOutcome.Appended"/> is on disk).</item>
/// <item>Streaming reads: rows are read from the server as they are enumerated, never buffered whole.</item>
/// </list>
/// The schema is created on first use; later migrations apply in order on open. All statements are prepared.
/// </summary>
public sealed class PostgresEventStore : IEventStore
{
    private const string EntryColumns =
        "company_id, sequence, event_type, effective_on, recorded_at, actor, idempotency_key, command, payload, previous_hash, hash";

    private const string LockCompany = "SELECT pg_advisory_xact_lock(hashtext($1))";

    private static readonly string SelectByKey = $"""
        SELECT {string.Join(", ", EntryColumns.Split(", ").Select(c => "e." + c))}
        FROM idempotency_keys k
        JOIN ledger_entries e ON e.company_id = k.company_id AND e.sequence BETWEEN k.first_sequence AND k.last_sequence
        WHERE k.company_id = $1 AND k.idempotency_key = $2
        ORDER BY e.sequence
        """;

    private const string SelectHead =
        "SELECT sequence, hash FROM ledger_entries WHERE company_id = $1 ORDER BY sequence DESC LIMIT 1";

    private const string InsertEntry =
        $"INSERT INTO ledger_entries ({EntryColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

    private const string InsertKey =
        "INSERT INTO idempotency_keys (company_id, idempotency_key, first_sequence, last_sequence) VALUES ($1, $2, $3, $4)";

    private const string InsertCompany =
        "INSERT INTO companies (company_id) VALUES ($1) ON CONFLICT (company_id) DO NOTHING";

    private readonly NpgsqlDataSource dataSource;

    private PostgresEventStore(NpgsqlDataSource dataSource, string location)
    {
        this.dataSource = dataSource;
        Location = location;
    }

    /// <inheritdoc />
    public string Kind => "postgresql";

    /// <summary>The server and database, as <c>postgresql://host:port/database</c> (no credentials).</summary>
    public string Location { get; }

    /// <summary>
    /// Opens the store in the database named by <paramref name="connectionString"/> (an Npgsql connection string, or a
    /// <c>postgres://</c> URI), creating the schema if it does not exist and applying any pending migrations.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The server cannot be reached, the database does not exist, the login
    /// fails, the user may not create the tables, or the schema is from a newer version of Proviso.</exception>
    public static PostgresEventStore Open(string connectionString)
    {
        var normalized = PostgresConnectionString.Normalize(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(normalized);
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "proviso";
        builder.IncludeFailedBatchedCommand = true; // so a rejected insert names the entry of the batch that failed
        var location = PostgresConnectionString.Describe(normalized);
        var dataSource = NpgsqlDataSource.Create(builder);
        try
        {
            using var connection = dataSource.OpenConnection();
            Migrate(connection, location);
            return new PostgresEventStore(dataSource, location);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or SocketException)
        {
            dataSource.Dispose();
            throw new StoreUnavailableException(Describe(location, builder.Username, e), e);
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<AppendOutcome> AppendAsync(string companyId, long? expectedVersion, IReadOnlyList<NewLedgerEntry> entries, CancellationToken ct = default)
    {
        AppendRequest.Validate(companyId, expectedVersion, entries);
        var key = entries[0].IdempotencyKey;
        long observedHead = 0;
        NpgsqlBatch? inserts = null;
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct).ConfigureAwait(false);

            string previousHash;
            await using (var checks = new NpgsqlBatch(connection, transaction))
            {
                checks.BatchCommands.Add(Statement(LockCompany, Text(companyId)));
                if (key is not null) checks.BatchCommands.Add(Statement(SelectByKey, Text(companyId), Text(key)));
                checks.BatchCommands.Add(Statement(SelectHead, Text(companyId)));
                await checks.PrepareAsync(ct).ConfigureAwait(false);
                await using var reader = await checks.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await reader.NextResultAsync(ct).ConfigureAwait(false); // past the lock
                if (key is not null)
                {
                    var recorded = new List<LedgerEntry>();
                    while (await reader.ReadAsync(ct).ConfigureAwait(false)) recorded.Add(ReadEntry(reader));
                    if (recorded.Count > 0) return new AppendOutcome.Duplicate(recorded);
                    await reader.NextResultAsync(ct).ConfigureAwait(false);
                }
                (observedHead, previousHash) = await reader.ReadAsync(ct).ConfigureAwait(false)
                    ? (reader.GetInt64(0), reader.GetString(1))
                    : (0L, HashChain.Genesis);
            }

            if (expectedVersion is { } expected && expected != observedHead)
                return new AppendOutcome.Conflict(expected, observedHead);

            var sealedEntries = new LedgerEntry[entries.Count];
            inserts = new NpgsqlBatch(connection, transaction);
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = LedgerEntry.Seal(companyId, checked(observedHead + i + 1), entries[i], previousHash);
                inserts.BatchCommands.Add(Statement(InsertEntry,
                    Text(entry.CompanyId), Bigint(entry.Sequence), Text(entry.EventType), Text(LedgerText.FormatDate(entry.EffectiveOn)),
                    Text(LedgerText.FormatInstant(entry.RecordedAt)), Text(entry.Actor), Text(entry.IdempotencyKey), Text(entry.Command),
                    Text(entry.Payload), Text(entry.PreviousHash), Text(entry.Hash)));
                sealedEntries[i] = entry;
                previousHash = entry.Hash;
            }
            if (key is not null)
                inserts.BatchCommands.Add(Statement(InsertKey, Text(companyId), Text(key), Bigint(sealedEntries[0].Sequence), Bigint(sealedEntries[^1].Sequence)));
            if (observedHead == 0)
                inserts.BatchCommands.Add(Statement(InsertCompany, Text(companyId)));
            await inserts.PrepareAsync(ct).ConfigureAwait(false);
            await inserts.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return new AppendOutcome.Appended(sealedEntries);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidTextRepresentation && inserts is not null && e.MessageText.Contains("type json", StringComparison.Ordinal))
        {
            var which = e.BatchCommand is { } failed ? $"Entry {inserts.BatchCommands.IndexOf(failed) + 1} of the batch" : "An entry of the batch";
            throw new ArgumentException($"{which} has a payload that is not valid JSON; nothing was written.", nameof(entries), e);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return await RaceOutcomeAsync(companyId, expectedVersion ?? observedHead, key, e, ct).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw new StoreUnavailableException(Describe(Location, null, e), e);
        }
        finally
        {
            if (inserts is not null) await inserts.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Re-reads after a primary-key race: the key now exists (Duplicate) or the ledger moved on (Conflict).</summary>
    private async Task<AppendOutcome> RaceOutcomeAsync(string companyId, long expectedVersion, string? key, PostgresException race, CancellationToken ct)
    {
        try
        {
            if (key is not null && await FindByIdempotencyKeyAsync(companyId, key, ct).ConfigureAwait(false) is { Count: > 0 } recorded)
                return new AppendOutcome.Duplicate(recorded);
            return new AppendOutcome.Conflict(expectedVersion, await CurrentVersionAsync(companyId, ct).ConfigureAwait(false));
        }
        catch (StoreUnavailableException e)
        {
            throw new StoreUnavailableException(e.Message, race);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<LedgerEntry> ReadAsync(string companyId, long afterSequence = 0, [EnumeratorCancellation] CancellationToken ct = default)
    {
        AppendRequest.ValidateCompanyId(companyId);
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SELECT {EntryColumns} FROM ledger_entries WHERE company_id = $1 AND sequence > $2 ORDER BY sequence", connection)
        {
            Parameters = { Text(companyId), Bigint(afterSequence) },
        };
        var reader = await GuardAsync(async () =>
        {
            await command.PrepareAsync(ct).ConfigureAwait(false);
            return await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (true)
            {
                LedgerEntry entry;
                try
                {
                    if (!await reader.ReadAsync(ct).ConfigureAwait(false)) break;
                    entry = ReadEntry(reader);
                }
                catch (NpgsqlException e)
                {
                    throw new StoreUnavailableException(Describe(Location, null, e), e);
                }
                yield return entry;
            }
        }
    }

    /// <inheritdoc />
    public async Task<long> CurrentVersionAsync(string companyId, CancellationToken ct = default)
    {
        AppendRequest.ValidateCompanyId(companyId);
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT COALESCE(MAX(sequence), 0) FROM ledger_entries WHERE company_id = $1", connection)
        {
            Parameters = { Text(companyId) },
        };
        return await GuardAsync(async () =>
        {
            await command.PrepareAsync(ct).ConfigureAwait(false);
            return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> CompaniesAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT company_id FROM companies ORDER BY company_id", connection);
        return await GuardAsync<IReadOnlyList<string>>(async () =>
        {
            await command.PrepareAsync(ct).ConfigureAwait(false);
            var companies = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false)) companies.Add(reader.GetString(0));
            return companies;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerEntry>> FindByIdempotencyKeyAsync(string companyId, string idempotencyKey, CancellationToken ct = default)
    {
        AppendRequest.ValidateCompanyId(companyId);
        AppendRequest.ValidateIdempotencyKey(idempotencyKey);
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(SelectByKey, connection)
        {
            Parameters = { Text(companyId), Text(idempotencyKey) },
        };
        return await GuardAsync<IReadOnlyList<LedgerEntry>>(async () =>
        {
            await command.PrepareAsync(ct).ConfigureAwait(false);
            var entries = new List<LedgerEntry>();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false)) entries.Add(ReadEntry(reader));
            return entries;
        }).ConfigureAwait(false);
    }

    /// <summary>Closes this store's pooled connections.</summary>
    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct) =>
        await GuardAsync(async () => await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false)).ConfigureAwait(false);

    private async Task<T> GuardAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw new StoreUnavailableException(Describe(Location, null, e), e);
        }
    }

    private static NpgsqlBatchCommand Statement(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter Text(string? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Bigint(long value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Bigint, Value = value };

    private static LedgerEntry ReadEntry(NpgsqlDataReader r)
    {
        var companyId = r.GetString(0);
        var sequence = r.GetInt64(1);
        var eventType = r.GetString(2);
        var effectiveOn = r.IsDBNull(3) ? null : r.GetString(3);
        var recordedAt = r.GetString(4);
        var actor = r.GetString(5);
        var idempotencyKey = r.IsDBNull(6) ? null : r.GetString(6);
        var command = r.IsDBNull(7) ? null : r.GetString(7);
        var payload = r.GetString(8);
        var previousHash = r.GetString(9);
        var hash = r.GetString(10);
        return new LedgerEntry(
            companyId, sequence, eventType,
            effectiveOn is null ? null : LedgerText.ParseDate(effectiveOn, companyId, sequence),
            LedgerText.ParseInstant(recordedAt, companyId, sequence),
            actor, idempotencyKey, command, payload, previousHash, hash);
    }

    private static void Migrate(NpgsqlConnection connection, string location)
    {
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, PostgresMigrations.LockSchema);
        Execute(connection, transaction, PostgresMigrations.CreateVersionTable);
        using var select = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection, transaction);
        var current = (int)select.ExecuteScalar()!;
        var latest = PostgresMigrations.All[^1].Version;
        if (current > latest)
            throw new StoreUnavailableException(
                $"The ledger database {location} has schema version {current}, but this version of Proviso knows only up to {latest}; use a newer Proviso.");
        foreach (var migration in PostgresMigrations.All.Where(m => m.Version > current))
        {
            Execute(connection, transaction, migration.Sql);
            using var record = new NpgsqlCommand("INSERT INTO schema_version (version, description) VALUES ($1, $2)", connection, transaction)
            {
                Parameters = { new() { NpgsqlDbType = NpgsqlDbType.Integer, Value = migration.Version }, Text(migration.Description) },
            };
            record.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }

    private static string Describe(string location, string? user, Exception e)
    {
        var socket = FindInner<SocketException>(e);
        if (socket is not null)
            return $"Cannot reach the PostgreSQL server for {location}: {LedgerText.OneLine(socket.Message)}.";
        if (FindInner<TimeoutException>(e) is not null)
            return $"Timed out talking to the PostgreSQL server for {location}.";
        if (e is PostgresException pg)
        {
            return pg.SqlState switch
            {
                PostgresErrorCodes.InvalidCatalogName => $"The PostgreSQL server has no database for {location}; create it first.",
                PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification =>
                    $"PostgreSQL refused the login{(user is null ? "" : $" of user '{user}'")} for {location}: {LedgerText.OneLine(pg.MessageText)}.",
                PostgresErrorCodes.InsufficientPrivilege =>
                    $"The PostgreSQL user may not create or use the ledger tables in {location}: {LedgerText.OneLine(pg.MessageText)}.",
                _ => $"PostgreSQL failed for {location}: {LedgerText.OneLine(pg.MessageText)} (SQLSTATE {pg.SqlState}).",
            };
        }
        return $"PostgreSQL failed for {location}: {LedgerText.OneLine(e.Message)}";
    }

    private static T? FindInner<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }
}
