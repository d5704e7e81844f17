using System.Collections.Concurrent;
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
/// <item>One round trip and one commit per append in the steady state: the client seals the batch onto the company's
/// head as this instance last saw it (from its own appends and reads), and sends one pipelined batch of two statements
/// that the server runs as one implicit transaction, committed at the end of the batch: the company's
/// transaction-level advisory lock (<c>pg_advisory_xact_lock(hashtext(company_id))</c>), then a plain INSERT of the
/// entries on condition that the ledger's head is exactly the entry they were sealed onto (same sequence and hash).
/// The idempotency key is not looked up on this path: the unique index on keys refuses a recorded key, as the one on
/// sequences refuses an entry another writer added, and either error undoes the whole append.</item>
/// <item>Otherwise (a company's first append, a stale or unknown head, a recorded key, an expected version that is not
/// the remembered head) one pipelined batch decides: <c>BEGIN ISOLATION LEVEL READ COMMITTED</c>; the company lock; one
/// statement that inserts the entries only if no batch is recorded under the idempotency key and the head is exactly the
/// entry they were sealed onto, and reports the head and any recorded batch; <c>COMMIT</c>. When nothing was written,
/// the report decides: <see cref="AppendOutcome.Duplicate"/>, <see cref="AppendOutcome.Conflict"/>, or seal again onto
/// the real head and resend.</item>
/// <item>Group commit (<see cref="AppendGroupAsync"/>): the same round trips carry many appends, sealed one after the
/// other onto the head and checked together (every key unrecorded, the head as believed), so they share one commit.
/// The outcome of each (appended, duplicate, conflict) is planned on the head and keys as believed; a plan whose keys
/// are all ones it inserts takes the steady-state insert, any other the statement that decides, and a plan either
/// does not accept is made again on what the ledger holds.</item>
/// <item>Serialised appends per company: the lock is held to the commit, so appends to one company from any number
/// of connections and processes never interleave, and the statement after it reads every entry committed before.
/// Appends to different companies run in parallel. The idempotency key is checked before the expected version, so a
/// retried command gets <see cref="AppendOutcome.Duplicate"/> even though its expected version is now stale.</item>
/// <item>Gapless, chained sequences, all-or-nothing batches, backed by unique indexes on (company, sequence) and on
/// (company, idempotency key) of the first entry of a batch: a writer that skipped the lock makes the append fail
/// whole, and it is retried after reading the ledger again, so it surfaces as a
/// <see cref="AppendOutcome.Conflict"/>, a <see cref="AppendOutcome.Duplicate"/> or a later sequence, never as a
/// fork or a gap.</item>
/// <item>Durability as configured on the server (with PostgreSQL's default <c>synchronous_commit=on</c>, a returned
/// <see cref="AppendOutcome.Appended"/> is on disk).</item>
/// <item>Streaming reads: rows are read from the server as they are enumerated, never buffered whole.</item>
/// </list>
/// The schema is created on first use; later migrations apply in order on open. The statements that append and read
/// are prepared.
/// </summary>
public sealed class PostgresEventStore : IEventStore
{
    private const string EntryColumns =
        "company_id, sequence, event_type, effective_on, recorded_at, actor, idempotency_key, command, payload, previous_hash, hash";

    /// <summary>How many companies' heads a store instance remembers; past this, it forgets them all and starts over.</summary>
    private const int MaxCachedHeads = 10_000;

    /// <summary>How many times one append tries again after a unique-index race with a writer that skipped the lock.</summary>
    private const int MaxRaces = 100;

    /// <summary>With <see cref="Commit"/>, brackets the append that decides in one read-committed transaction whatever the
    /// server's default isolation, so <see cref="AppendBatch"/> reads what committed before it got the lock.</summary>
    private const string Begin = "BEGIN ISOLATION LEVEL READ COMMITTED";

    /// <summary>
    /// Serialises appends to one company across connections and processes; held to the commit. Its own statement, ahead
    /// of the one that reads the head: a statement reads the snapshot taken when it starts, so one that waited for the
    /// lock itself would not see what the previous holder committed meanwhile.
    /// </summary>
    private const string LockCompany = "SELECT pg_advisory_xact_lock(hashtext($1))";

    /// <summary>
    /// The rows of a group's sealed entries, one array per column (<c>$4</c> to <c>$14</c>: sequence, the entry's other
    /// columns, and <c>batch_last</c>, set on the first entry of a batch with an idempotency key to the sequence of the
    /// batch's last entry), unnested in order; <c>$1</c> is the company.
    /// </summary>
    private const string RowsOfArrays = """
        SELECT $1, u.sequence, u.event_type, u.effective_on, u.recorded_at, u.actor, u.idempotency_key, u.command,
               u.payload, u.previous_hash, u.hash, u.batch_last
        FROM unnest($4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            AS u(sequence, event_type, effective_on, recorded_at, actor, idempotency_key, command, payload, previous_hash, hash, batch_last)
        """;

    /// <summary>
    /// The row of a group of one entry (the usual append: one command, one event), as plain parameters in the places of
    /// <see cref="RowsOfArrays"/>'s arrays. Measured with <see cref="InsertOntoHead"/> on a server like the benchmark's:
    /// PostgreSQL spends 12 to 15 µs less CPU per append than on decoding one-element arrays and unnesting them, and
    /// the client builds no arrays.
    /// </summary>
    private const string OneRow = "SELECT $1, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14";

    /// <summary>
    /// The append in the steady state, after <see cref="LockCompany"/> in the same implicit transaction: inserts the rows
    /// only if the ledger's head is exactly the entry <c>$2</c> (sequence), <c>$3</c> (hash) they were sealed onto.
    /// Inserts nothing when the head is another entry; fails with a unique violation when a key it inserts is recorded
    /// already, or when a writer that skipped the lock added the next entry (the insert waits for that writer to finish
    /// first). Compared with <see cref="AppendBatch"/> it leaves out the key lookup, the report, the companies table and
    /// BEGIN and COMMIT, work that decides nothing in the common append. Measured on a durable server like the
    /// benchmark's (fsync and synchronous_commit on), single-entry appends interleaved in one process: about 3,350
    /// appends/s against 2,420/s with BEGIN, the lock, <see cref="AppendBatch"/> and COMMIT, and about 105 µs of server
    /// CPU per append against 165 µs (a plain single-row INSERT and commit: 4,230/s, 77 µs). On a server that does not
    /// wait for the disk the difference is only about 15 µs of CPU: work per append costs several times more when every
    /// commit waits for a flush (likely because the server process then resumes with cold caches).
    /// </summary>
    private static string InsertOntoHead(string rows) => $"""
        INSERT INTO ledger_entries ({EntryColumns}, batch_last)
        {rows}
        WHERE (SELECT sequence = $2 AND hash = $3 FROM ledger_entries WHERE company_id = $1 ORDER BY sequence DESC LIMIT 1)
        """;

    private static readonly string InsertOneOntoHead = InsertOntoHead(OneRow);

    private static readonly string InsertManyOntoHead = InsertOntoHead(RowsOfArrays);

    /// <summary>
    /// The append that decides, after <see cref="Begin"/> and <see cref="LockCompany"/>. Inserts the rows of
    /// <see cref="RowsOfArrays"/> (a whole group: one or more batches, in order) onto the head the client believes current
    /// (<c>$2</c> = sequence, <c>$3</c> = hash; <c>$2 = -1</c> and empty arrays to only look) if, and only if, the ledger
    /// holds no batch under any of the keys <c>$15</c> and its head is exactly that entry; records the company with its
    /// first batch. Returns one row: how many entries it inserted, the head it found (sequence and hash, 0 and the
    /// genesis hash for an empty ledger), and the keys of <c>$15</c> that are recorded, with the first and last sequence
    /// of each one's batch.
    /// </summary>
    private static readonly string AppendBatch = $"""
        WITH head AS (
            SELECT sequence, hash FROM ledger_entries WHERE company_id = $1 ORDER BY sequence DESC LIMIT 1
        ), recorded AS (
            SELECT idempotency_key, sequence, batch_last FROM ledger_entries
            WHERE company_id = $1 AND idempotency_key = ANY($15) AND batch_last IS NOT NULL
        ), inserted AS (
            INSERT INTO ledger_entries ({EntryColumns}, batch_last)
            {RowsOfArrays}
            WHERE NOT EXISTS (SELECT FROM recorded)
              AND COALESCE((SELECT sequence FROM head), 0) = $2
              AND COALESCE((SELECT hash FROM head), '{HashChain.Genesis}') = $3
            RETURNING 1
        ), company AS (
            INSERT INTO companies (company_id) SELECT $1 WHERE $2 = 0 AND EXISTS (SELECT FROM inserted)
            ON CONFLICT (company_id) DO NOTHING
        )
        SELECT (SELECT count(*) FROM inserted), COALESCE(h.sequence, 0), COALESCE(h.hash, '{HashChain.Genesis}'),
               (SELECT array_agg(idempotency_key ORDER BY sequence) FROM recorded),
               (SELECT array_agg(sequence ORDER BY sequence) FROM recorded),
               (SELECT array_agg(batch_last ORDER BY sequence) FROM recorded)
        FROM (VALUES (1)) AS one (x)
        LEFT JOIN head h ON true
        """;

    private const string Commit = "COMMIT";

    private static readonly string SelectByKey = $"""
        SELECT {string.Join(", ", EntryColumns.Split(", ").Select(c => "e." + c))}
        FROM ledger_entries k
        JOIN ledger_entries e ON e.company_id = k.company_id AND e.sequence BETWEEN k.sequence AND k.batch_last
        WHERE k.company_id = $1 AND k.idempotency_key = $2 AND k.batch_last IS NOT NULL
        ORDER BY e.sequence
        """;

    private const string SelectRange =
        $"SELECT {EntryColumns} FROM ledger_entries WHERE company_id = $1 AND sequence BETWEEN $2 AND $3 ORDER BY sequence";

    private readonly NpgsqlDataSource dataSource;

    /// <summary>
    /// The last entry (sequence and hash) this instance saw for each company, from its own appends and reads. Only a
    /// hint to seal the next batch without reading the head first: the append statement checks it against the
    /// ledger and reports the real head when it is stale (another writer, another process).
    /// </summary>
    private readonly ConcurrentDictionary<string, Head> heads = new(StringComparer.Ordinal);

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
        // The pool is this store's own and its sessions keep no state between uses (only transaction-level locks, no
        // SET, LISTEN or temporary tables), so skip the reset statements Npgsql would send with every reuse.
        builder.NoResetOnClose = true;
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
    public Task<AppendOutcome> AppendAsync(string companyId, long? expectedVersion, IReadOnlyList<NewLedgerEntry> entries, CancellationToken ct = default)
        => AppendRequest.AppendOneAsync(WriteAsync, companyId, expectedVersion, entries, ct);

    /// <inheritdoc />
    public Task<IReadOnlyList<AppendOutcome>> AppendGroupAsync(string companyId, long? baseVersion, IReadOnlyList<GroupedAppend> appends, CancellationToken ct = default)
        => AppendRequest.AppendGroupAsync(WriteAsync, companyId, baseVersion, appends, ct);

    /// <summary>
    /// Plans the group on the head this instance believes current (and the batches it knows are recorded under the
    /// group's keys), sends it in one round trip, and, if the statement reports that the plan rested on a stale head or
    /// a key it did not know, plans again on what it reported. A plan the statement accepts was checked against the
    /// ledger under the company lock, so its outcomes are exact.
    /// </summary>
    private async Task<AppendOutcome[]> WriteAsync(string companyId, long? baseVersion, IReadOnlyList<GroupedAppend> appends, ArgumentException?[] problems, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var invalid = (ArgumentException?[])problems.Clone();
        if (invalid.All(p => p is not null)) return invalid.Select(p => (AppendOutcome)new AppendOutcome.Invalid(p!)).ToArray();
        // Where the group would go: the cached head, or the empty ledger when the group expects one; else look first.
        var firstValid = appends[Array.FindIndex(invalid, p => p is null)];
        Head? head = heads.TryGetValue(companyId, out var cached) ? cached : (baseVersion ?? firstValid.ExpectedVersion) == 0 ? Head.Empty : null;
        var recorded = new Dictionary<string, (long First, long Last)>(StringComparer.Ordinal);
        // Whether the head and the recorded keys are what the statement reported in the round trip just made (under the
        // company lock, for every key of the group): a plan on them that writes nothing is then the outcome as of that
        // moment, with no need to send it.
        var reported = false;
        // Whether the steady-state insert may still be tried: once per write; after a miss the statement that reports decides.
        var steady = true;
        var races = 0;
        try
        {
            while (true)
            {
                var plan = head is { } on ? GroupPlan.Make(companyId, baseVersion, appends, invalid, on, recorded) : GroupPlan.LookOnly(appends, invalid);
                if (reported && plan.Sealed.Count == 0) return await plan.OutcomesAsync(this, companyId, ct).ConfigureAwait(false);
                reported = false;
                AppendResult result;
                try
                {
                    // The steady state: the plan inserts onto a head this instance remembers (not a company's first
                    // entry, which also records the company) and its outcomes rest only on that head and on keys it
                    // inserts, both of which the insert checks.
                    if (steady && head is { Sequence: > 0 } onto && plan.Sealed.Count > 0 && plan.InsertsEveryKeyToCheck)
                    {
                        steady = false;
                        if (await InsertOntoHeadAsync(companyId, onto, plan, ct).ConfigureAwait(false))
                        {
                            Remember(companyId, new Head(plan.Sealed[^1].Sequence, plan.Sealed[^1].Hash));
                            return await plan.OutcomesAsync(this, companyId, ct).ConfigureAwait(false);
                        }
                        // Nothing written: the head is not the entry this instance remembers.
                    }
                    result = await ExecuteAppendAsync(companyId, head, plan, ct).ConfigureAwait(false);
                }
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure && ++races <= MaxRaces)
                {
                    // A key is recorded already (only the steady-state insert finds that out this way), or another
                    // writer that does not take the company lock got in between: nothing was written; look again.
                    head = null;
                    continue;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidTextRepresentation && e.MessageText.Contains("type json", StringComparison.Ordinal))
                {
                    // Nothing was written; find the appends PostgreSQL refuses and plan the others again without them.
                    var found = false;
                    foreach (var i in plan.Inserting)
                    {
                        if (await FirstInvalidPayloadAsync(appends[i].Entries, ct).ConfigureAwait(false) is not { } index) continue;
                        invalid[i] = new ArgumentException($"Entry {index + 1} of the batch has a payload that is not valid JSON; nothing was written.", "entries", e);
                        found = true;
                    }
                    if (!found) throw new ArgumentException("An entry of the batch has a payload that is not valid JSON; nothing was written.", "entries", e);
                    continue;
                }

                foreach (var (key, first, last) in result.Recorded) recorded[key] = (first, last);
                if (result.Inserted > 0)
                {
                    if (result.Inserted != plan.Sealed.Count)
                        throw new StoreUnavailableException($"PostgreSQL reported {result.Inserted} entries inserted for a group of {plan.Sealed.Count} in {Location}.");
                    Remember(companyId, new Head(plan.Sealed[^1].Sequence, plan.Sealed[^1].Hash));
                    return await plan.OutcomesAsync(this, companyId, ct).ConfigureAwait(false);
                }
                Remember(companyId, result.Head);
                if (head == result.Head && result.Recorded.Count == 0)
                {
                    if (plan.Sealed.Count > 0)
                        throw new StoreUnavailableException($"PostgreSQL refused an append onto the head it reported for {Location}.");
                    return await plan.OutcomesAsync(this, companyId, ct).ConfigureAwait(false); // nothing to write, and the plan was right
                }
                head = result.Head; // stale or unknown head, or a key recorded meanwhile: plan again on what the ledger holds
                reported = true;
            }
        }
        catch (NpgsqlException e)
        {
            throw new StoreUnavailableException(Describe(Location, null, e), e);
        }
    }

    /// <summary>
    /// The outcome of each append of a group if the ledger's head is <c>head</c> and the batches known to be recorded under
    /// its keys are all there are: the entries to insert (sealed in order onto the head, each append after the ones
    /// before it), and the keys the statement must find unrecorded for that to hold.
    /// </summary>
    private sealed class GroupPlan
    {
        private readonly AppendOutcome?[] outcomes;
        private readonly (long First, long Last)?[] recordedRanges;

        private GroupPlan(int count)
        {
            outcomes = new AppendOutcome?[count];
            recordedRanges = new (long, long)?[count];
        }

        public List<LedgerEntry> Sealed { get; } = new();

        /// <summary>For each sealed entry: the sequence of its batch's last entry if it is the first entry of a batch with an idempotency key.</summary>
        public List<long?> BatchLast { get; } = new();

        /// <summary>The appends whose entries are in <see cref="Sealed"/>.</summary>
        public List<int> Inserting { get; } = new();

        /// <summary>Every key of the group not known to be recorded: the statement inserts nothing if one of them is.</summary>
        public List<string> KeysToCheck { get; } = new();

        /// <summary>
        /// Whether every key in <see cref="KeysToCheck"/> is one the plan inserts, so the unique index on keys checks
        /// them all (a key only checked, of an append planned as a conflict, needs the statement that looks keys up).
        /// </summary>
        public bool InsertsEveryKeyToCheck { get; private set; }

        public static GroupPlan Make(string companyId, long? baseVersion, IReadOnlyList<GroupedAppend> appends, ArgumentException?[] invalid, Head head,
            IReadOnlyDictionary<string, (long First, long Last)> recorded)
        {
            var plan = new GroupPlan(appends.Count);
            var start = head.Sequence;
            var moved = baseVersion is { } decidedOn && decidedOn != start;
            var insertedUnder = new Dictionary<string, LedgerEntry[]>(StringComparer.Ordinal);
            for (var i = 0; i < appends.Count; i++)
            {
                if (invalid[i] is { } problem)
                {
                    plan.outcomes[i] = new AppendOutcome.Invalid(problem);
                    continue;
                }
                var (expectedVersion, entries) = appends[i];
                var key = entries[0].IdempotencyKey;
                if (key is not null && recorded.TryGetValue(key, out var range))
                {
                    plan.recordedRanges[i] = range;
                    continue;
                }
                if (key is not null && insertedUnder.TryGetValue(key, out var earlier))
                {
                    plan.outcomes[i] = new AppendOutcome.Duplicate(earlier);
                    continue;
                }
                if (key is not null) plan.KeysToCheck.Add(key);
                if (expectedVersion is not null && moved)
                {
                    plan.outcomes[i] = new AppendOutcome.Conflict(baseVersion!.Value, start);
                    continue;
                }
                if (expectedVersion is { } expected && expected != head.Sequence)
                {
                    plan.outcomes[i] = new AppendOutcome.Conflict(expected, head.Sequence);
                    continue;
                }
                var sealedEntries = Seal(companyId, head, entries);
                plan.outcomes[i] = new AppendOutcome.Appended(sealedEntries);
                plan.Inserting.Add(i);
                for (var j = 0; j < sealedEntries.Length; j++)
                {
                    plan.Sealed.Add(sealedEntries[j]);
                    plan.BatchLast.Add(j == 0 && key is not null ? sealedEntries[^1].Sequence : null);
                }
                if (key is not null) insertedUnder[key] = sealedEntries;
                head = new Head(sealedEntries[^1].Sequence, sealedEntries[^1].Hash);
            }
            plan.InsertsEveryKeyToCheck = plan.KeysToCheck.TrueForAll(insertedUnder.ContainsKey);
            return plan;
        }

        /// <summary>A plan that writes nothing, for when the head is unknown: the statement reports the head and the keys.</summary>
        public static GroupPlan LookOnly(IReadOnlyList<GroupedAppend> appends, ArgumentException?[] invalid)
        {
            var plan = new GroupPlan(appends.Count);
            for (var i = 0; i < appends.Count; i++)
                if (invalid[i] is null && appends[i].Entries[0].IdempotencyKey is { } key) plan.KeysToCheck.Add(key);
            return plan;
        }

        /// <summary>The outcomes, once the statement has accepted the plan (the batches recorded earlier read back).</summary>
        public async Task<AppendOutcome[]> OutcomesAsync(PostgresEventStore store, string companyId, CancellationToken ct)
        {
            var result = new AppendOutcome[outcomes.Length];
            for (var i = 0; i < result.Length; i++)
                result[i] = recordedRanges[i] is var (first, last)
                    ? new AppendOutcome.Duplicate(await store.ReadRangeAsync(companyId, first, last, ct).ConfigureAwait(false))
                    : outcomes[i]!;
            return result;
        }
    }

    private static LedgerEntry[] Seal(string companyId, Head head, IReadOnlyList<NewLedgerEntry> entries)
    {
        var sealedEntries = new LedgerEntry[entries.Count];
        var previousHash = head.Hash;
        for (var i = 0; i < entries.Count; i++)
        {
            sealedEntries[i] = LedgerEntry.Seal(companyId, checked(head.Sequence + i + 1), entries[i], previousHash);
            previousHash = sealedEntries[i].Hash;
        }
        return sealedEntries;
    }

    /// <summary>
    /// The steady-state append (see <see cref="InsertOntoHead"/>), one round trip: the company lock and the insert, with
    /// no BEGIN and COMMIT. The extended query protocol runs everything up to the batch's one Sync message as one
    /// implicit transaction and commits it at the Sync (as durably as a COMMIT), or, after an error, rolls it back there,
    /// leaving the connection idle. True if the plan's entries were inserted; false if the head is not
    /// <paramref name="head"/>.
    /// </summary>
    /// <remarks>
    /// Safe whatever the session's default isolation: outside READ COMMITTED the insert may read a head older than the
    /// lock, but it still inserts only onto the entry it checked, and an entry added after that one makes it fail on the
    /// unique index on sequences instead.
    /// </remarks>
    private async Task<bool> InsertOntoHeadAsync(string companyId, Head head, GroupPlan plan, CancellationToken ct)
    {
        NpgsqlParameter[] onto = [Text(companyId), Bigint(head.Sequence), Text(head.Hash)];
        var insert = plan.Sealed.Count == 1
            ? Statement(InsertOneOntoHead, [.. onto, .. RowParameters(plan.Sealed[0], plan.BatchLast[0])])
            : Statement(InsertManyOntoHead, [.. onto, .. RowArrayParameters(plan)]);
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { Statement(LockCompany, Text(companyId)), insert } };
        await batch.PrepareAsync(ct).ConfigureAwait(false);
        await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false); // through the commit, so its errors surface
        if (insert.RecordsAffected == 0) return false;
        if (insert.RecordsAffected != plan.Sealed.Count)
            throw new StoreUnavailableException($"PostgreSQL reported {insert.RecordsAffected} entries inserted for a group of {plan.Sealed.Count} in {Location}.");
        return true;
    }

    /// <summary>
    /// One round trip: BEGIN, the company lock, the append statement, COMMIT. With <paramref name="head"/> null it only
    /// looks (inserts nothing) and reports the head and the batches recorded under the plan's keys.
    /// </summary>
    private async Task<AppendResult> ExecuteAppendAsync(string companyId, Head? head, GroupPlan plan, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Statement(Begin),
                Statement(LockCompany, Text(companyId)),
                Statement(AppendBatch,
                [
                    Text(companyId), Bigint(head?.Sequence ?? -1), Text(head?.Hash ?? ""), .. RowArrayParameters(plan),
                    TextArray(plan.KeysToCheck.ToArray()),
                ]),
                Statement(Commit),
            },
        };
        try
        {
            await batch.PrepareAsync(ct).ConfigureAwait(false);
            AppendResult result;
            await using (var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                // BEGIN and COMMIT return no result set; the lock returns one (void) column, the append six.
                while (reader.FieldCount != 6)
                    if (!await reader.NextResultAsync(ct).ConfigureAwait(false)) break;
                if (reader.FieldCount != 6 || !await reader.ReadAsync(ct).ConfigureAwait(false))
                    throw new StoreUnavailableException($"PostgreSQL returned no result for an append to {Location}.");
                var recordedKeys = reader.IsDBNull(3) ? [] : reader.GetFieldValue<string[]>(3);
                var firsts = reader.IsDBNull(4) ? [] : reader.GetFieldValue<long[]>(4);
                var lasts = reader.IsDBNull(5) ? [] : reader.GetFieldValue<long[]>(5);
                result = new AppendResult(
                    reader.GetInt64(0),
                    new Head(reader.GetInt64(1), reader.GetString(2)),
                    recordedKeys.Select((k, i) => (k, firsts[i], lasts[i])).ToList());
                while (await reader.NextResultAsync(ct).ConfigureAwait(false)) { } // through COMMIT, so its errors surface
            }
            return result;
        }
        catch (PostgresException)
        {
            // The batch stopped at the error; end the failed transaction before the connection goes back to the pool.
            await RollBackAsync(connection).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The parameters <c>$4</c> to <c>$14</c> of <see cref="OneRow"/>: one sealed entry.</summary>
    private static NpgsqlParameter[] RowParameters(LedgerEntry e, long? batchLast) =>
    [
        Bigint(e.Sequence), Text(e.EventType), Text(LedgerText.FormatDate(e.EffectiveOn)), Text(LedgerText.FormatInstant(e.RecordedAt)),
        Text(e.Actor), Text(e.IdempotencyKey), Text(e.Command), Text(e.Payload), Text(e.PreviousHash), Text(e.Hash), NullableBigint(batchLast),
    ];

    /// <summary>The parameters <c>$4</c> to <c>$14</c> of <see cref="RowsOfArrays"/>: the plan's sealed entries, none to only look.</summary>
    private static NpgsqlParameter[] RowArrayParameters(GroupPlan plan)
    {
        var count = plan.Sealed.Count;
        var sequences = new long[count];
        var eventTypes = new string[count];
        var effectiveOn = new string?[count];
        var recordedAt = new string[count];
        var actors = new string[count];
        var keys = new string?[count];
        var commands = new string?[count];
        var payloads = new string[count];
        var previousHashes = new string[count];
        var hashes = new string[count];
        var batchLast = new long?[count];
        for (var i = 0; i < count; i++)
        {
            var e = plan.Sealed[i];
            sequences[i] = e.Sequence;
            eventTypes[i] = e.EventType;
            effectiveOn[i] = LedgerText.FormatDate(e.EffectiveOn);
            recordedAt[i] = LedgerText.FormatInstant(e.RecordedAt);
            actors[i] = e.Actor;
            keys[i] = e.IdempotencyKey;
            commands[i] = e.Command;
            payloads[i] = e.Payload;
            previousHashes[i] = e.PreviousHash;
            hashes[i] = e.Hash;
            batchLast[i] = plan.BatchLast[i];
        }
        return
        [
            BigintArray(sequences), TextArray(eventTypes), TextArray(effectiveOn), TextArray(recordedAt), TextArray(actors), TextArray(keys),
            TextArray(commands), TextArray(payloads), TextArray(previousHashes), TextArray(hashes), NullableBigintArray(batchLast),
        ];
    }

    private static async Task RollBackAsync(NpgsqlConnection connection)
    {
        try
        {
            if (connection.State != ConnectionState.Open) return;
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // The connection is broken; the pool discards it and the server rolls the transaction back.
        }
    }

    /// <summary>Which payload PostgreSQL refuses as JSON (after an append failed on one), or null if none now does.</summary>
    private async Task<int?> FirstInvalidPayloadAsync(IReadOnlyList<NewLedgerEntry> entries, CancellationToken ct)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            for (var i = 0; i < entries.Count; i++)
            {
                await using var check = new NpgsqlCommand("SELECT $1::json IS NOT NULL", connection) { Parameters = { Text(entries[i].Payload) } };
                try
                {
                    await check.ExecuteScalarAsync(ct).ConfigureAwait(false);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidTextRepresentation)
                {
                    return i;
                }
            }
            return null;
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    private async Task<IReadOnlyList<LedgerEntry>> ReadRangeAsync(string companyId, long first, long last, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(SelectRange, connection) { Parameters = { Text(companyId), Bigint(first), Bigint(last) } };
        await command.PrepareAsync(ct).ConfigureAwait(false);
        var entries = new List<LedgerEntry>();
        var strings = new EntryStrings();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) entries.Add(ReadEntry(reader, strings));
        return entries;
    }

    private void Remember(string companyId, Head head)
    {
        if (heads.Count >= MaxCachedHeads && !heads.ContainsKey(companyId)) heads.Clear();
        heads[companyId] = head;
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
            var strings = new EntryStrings();
            LedgerEntry? last = null;
            while (true)
            {
                LedgerEntry entry;
                try
                {
                    if (!await reader.ReadAsync(ct).ConfigureAwait(false)) break;
                    entry = ReadEntry(reader, strings);
                }
                catch (NpgsqlException e)
                {
                    throw new StoreUnavailableException(Describe(Location, null, e), e);
                }
                last = entry;
                yield return entry;
            }
            // Read to the end: the last entry was the head, a good guess to seal the next append onto.
            if (last is not null) Remember(companyId, new Head(last.Sequence, last.Hash));
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
            var strings = new EntryStrings();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false)) entries.Add(ReadEntry(reader, strings));
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

    private static NpgsqlParameter NullableBigint(long? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Bigint, Value = value is { } v ? v : DBNull.Value };

    private static NpgsqlParameter TextArray(string?[] values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = values };

    private static NpgsqlParameter BigintArray(long[] values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = values };

    private static NpgsqlParameter NullableBigintArray(long?[] values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = values };

    private static LedgerEntry ReadEntry(NpgsqlDataReader r, EntryStrings strings)
    {
        var companyId = strings.Shared(r.GetString(0));
        var sequence = r.GetInt64(1);
        var eventType = strings.Shared(r.GetString(2));
        var effectiveOn = r.IsDBNull(3) ? null : r.GetString(3);
        var recordedAt = r.GetString(4);
        var actor = strings.Shared(r.GetString(5));
        var idempotencyKey = r.IsDBNull(6) ? null : r.GetString(6);
        var command = r.IsDBNull(7) ? null : strings.Shared(r.GetString(7));
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

    /// <summary>A company's last entry: its sequence and hash (0 and the genesis hash for an empty ledger).</summary>
    private readonly record struct Head(long Sequence, string Hash)
    {
        public static readonly Head Empty = new(0, HashChain.Genesis);
    }

    /// <summary>What the append statement did: entries inserted, the head it found, the batches already under the keys.</summary>
    private readonly record struct AppendResult(long Inserted, Head Head, IReadOnlyList<(string Key, long First, long Last)> Recorded);
}
