using System.Data;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Proviso.Domain.Ledger;
using Proviso.Domain.Time;

namespace Proviso.Storage.Sqlite;

/// <summary>
/// The event store in one SQLite file. Guarantees:
/// <list type="bullet">
/// <item>Durable appends: the file is in WAL journal mode and the writing connection uses <c>synchronous=FULL</c>, so
/// an append that returned <see cref="AppendOutcome.Appended"/> survives a crash or power loss.</item>
/// <item>Serialised appends: each append is one <c>BEGIN IMMEDIATE</c> transaction (the database's single write lock),
/// so appenders in this process, in other store instances and in other processes on the same file never interleave;
/// a waiting appender retries for up to the busy timeout (30 s).</item>
/// <item>Gapless, chained sequences: the idempotency check, the expected-version check and the inserts happen inside
/// that transaction; a batch is written whole or not at all. The idempotency key is checked first, so a retried
/// command gets <see cref="AppendOutcome.Duplicate"/> even though its expected version is now stale.</item>
/// <item>Group commit (<see cref="AppendGroupAsync"/>): many appends in one such transaction, each in a savepoint of its
/// own, so they share one commit and one fsync.</item>
/// <item>Streaming reads on pooled connections that do not block appends (WAL readers see a snapshot).</item>
/// <item>A change stamp (<see cref="IChangeStampedStore"/>): <c>PRAGMA data_version</c> on a connection of its own
/// that never writes, so it changes whenever any connection, in this process or another, commits to the file.</item>
/// </list>
/// The file and its schema are created on first use; later migrations apply in order on open.
/// </summary>
public sealed class SqliteEventStore : IEventStore, IChangeStampedStore
{
    private const int BusyTimeoutMilliseconds = 30_000;

    private const string EntryColumns =
        "company_id, sequence, event_type, effective_on, recorded_at, actor, idempotency_key, command, payload, previous_hash, hash";

    private readonly string connectionString;
    private readonly SqliteConnection writer;
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private readonly SqliteCommand selectKey;
    private readonly SqliteCommand selectRange;
    private readonly SqliteCommand selectHead;
    private readonly RawStatement insertEntry;
    private readonly RawStatement savepoint;
    private readonly RawStatement releaseSavepoint;
    private readonly RawStatement rollbackToSavepoint;
    private readonly SqliteCommand insertKey;
    private readonly SqliteCommand insertCompany;
    private readonly Lock stampLock = new();
    private SqliteConnection? stamper;
    private RawStatement? readStamp;
    private long stampReadsBegun; // reads of the change stamp begun (written under stampLock, read before taking it)
    private long stampReadDone;   // the number of the last read that finished, and its value (both under stampLock)
    private long stampRead;
    private long stamperOpened;   // how many times the stamper connection was opened (under stampLock)
    private bool disposed;

    static SqliteEventStore()
    {
        SQLitePCL.Batteries.Init();
        SqliteSleep.Install(); // before the first connection: SQLite's retries pause as briefly as they ask
    }

    private SqliteEventStore(string path, string connectionString, SqliteConnection writer)
    {
        Location = path;
        this.connectionString = connectionString;
        this.writer = writer;
        selectKey = Command(writer,
            "SELECT first_sequence, last_sequence FROM idempotency_keys WHERE company_id = $company AND idempotency_key = $key",
            "$company", "$key");
        selectRange = Command(writer,
            $"SELECT {EntryColumns} FROM ledger_entries WHERE company_id = $company AND sequence BETWEEN $first AND $last ORDER BY sequence",
            "$company", "$first", "$last");
        selectHead = Command(writer,
            "SELECT sequence, hash FROM ledger_entries WHERE company_id = $company ORDER BY sequence DESC LIMIT 1",
            "$company");
        // The statements run for every append and entry: through SQLite's own interface (RawStatement), no allocation per run.
        insertEntry = new RawStatement(writer, $"INSERT INTO ledger_entries ({EntryColumns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
        savepoint = new RawStatement(writer, $"SAVEPOINT {Savepoint}");
        releaseSavepoint = new RawStatement(writer, $"RELEASE {Savepoint}");
        rollbackToSavepoint = new RawStatement(writer, $"ROLLBACK TO {Savepoint}");
        insertKey = Command(writer,
            "INSERT INTO idempotency_keys (company_id, idempotency_key, first_sequence, last_sequence) VALUES ($company, $key, $first, $last)",
            "$company", "$key", "$first", "$last");
        insertCompany = Command(writer,
            "INSERT OR IGNORE INTO companies (company_id) VALUES ($company)",
            "$company");
    }

    /// <inheritdoc />
    public string Kind => "sqlite";

    /// <summary>The full path of the database file.</summary>
    public string Location { get; }

    /// <summary>
    /// Opens the store in the SQLite file at <paramref name="path"/>, creating the file (and its directory) and the
    /// schema if they do not exist and applying any pending migrations.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The path cannot be created or written, the file is not a SQLite
    /// database, or it was created by a newer version of Proviso.</exception>
    public static SqliteEventStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(path);
            var directory = Path.GetDirectoryName(fullPath);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new StoreUnavailableException($"Cannot use '{path}' as a SQLite ledger file: {LedgerText.OneLine(e.Message)}", e);
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();

        var writer = new SqliteConnection(connectionString);
        try
        {
            writer.Open();
            Execute(writer, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}");
            var journalMode = Scalar(writer, "PRAGMA journal_mode = WAL");
            if (!string.Equals(journalMode as string, "wal", StringComparison.OrdinalIgnoreCase))
                throw new StoreUnavailableException($"Cannot use '{fullPath}' as a SQLite ledger file: it cannot be put in WAL journal mode (it stayed in '{journalMode}' mode).");
            Execute(writer, "PRAGMA synchronous = FULL");
            Migrate(writer, fullPath);
            return new SqliteEventStore(fullPath, connectionString, writer);
        }
        catch (SqliteException e)
        {
            writer.Dispose();
            SqliteConnection.ClearPool(writer);
            throw new StoreUnavailableException(Describe(fullPath, e), e);
        }
        catch
        {
            writer.Dispose();
            SqliteConnection.ClearPool(writer);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<AppendOutcome> AppendAsync(string companyId, long? expectedVersion, IReadOnlyList<NewLedgerEntry> entries, CancellationToken ct = default)
        => AppendRequest.AppendOneAsync(WriteAsync, companyId, expectedVersion, entries, ct);

    /// <inheritdoc />
    public Task<IReadOnlyList<AppendOutcome>> AppendGroupAsync(string companyId, long? baseVersion, IReadOnlyList<GroupedAppend> appends, CancellationToken ct = default)
        => AppendRequest.AppendGroupAsync(WriteAsync, companyId, baseVersion, appends, ct);

    private async Task<AppendOutcome[]> WriteAsync(string companyId, long? baseVersion, IReadOnlyList<GroupedAppend> appends, ArgumentException?[] problems, CancellationToken ct)
    {
        if (appends.Count == 0) return [];
        await writeGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            ct.ThrowIfCancellationRequested();
            return Write(companyId, baseVersion, appends, problems);
        }
        finally
        {
            writeGate.Release();
        }
    }

    /// <summary>
    /// The group in one <c>BEGIN IMMEDIATE</c> transaction, so one commit (one fsync of the WAL) makes every append in it
    /// durable. Each append is checked against the head the ones before it left and written inside a savepoint of its
    /// own, so one whose entries the database refuses is undone alone.
    /// </summary>
    private AppendOutcome[] Write(string companyId, long? baseVersion, IReadOnlyList<GroupedAppend> appends, ArgumentException?[] problems)
    {
        var outcomes = new AppendOutcome[appends.Count];
        var startHead = 0L;
        try
        {
            using var transaction = writer.BeginTransaction(IsolationLevel.Serializable, deferred: false); // BEGIN IMMEDIATE
            var (head, previousHash) = Head(transaction, companyId);
            LedgerEntry? previous = null; // the last entry written by this group, once there is one
            startHead = head;
            var moved = baseVersion is { } decidedOn && decidedOn != startHead;
            for (var i = 0; i < appends.Count; i++)
            {
                if (problems[i] is { } problem)
                {
                    outcomes[i] = new AppendOutcome.Invalid(problem);
                    continue;
                }
                var (expectedVersion, entries) = appends[i];
                // The key first, so a retried command gets Duplicate even though its expected version is now stale.
                var key = entries[0].IdempotencyKey;
                if (key is not null && FindRange(transaction, companyId, key) is { } recorded)
                    outcomes[i] = new AppendOutcome.Duplicate(recorded);
                else if (expectedVersion is not null && moved)
                    outcomes[i] = new AppendOutcome.Conflict(baseVersion!.Value, startHead);
                else if (expectedVersion is { } expected && expected != head)
                    outcomes[i] = new AppendOutcome.Conflict(expected, head);
                else
                    outcomes[i] = Insert(transaction, companyId, head, previousHash, previous, entries, key);
                if (outcomes[i] is AppendOutcome.Appended { Entries: var written })
                    (head, previous) = (written[^1].Sequence, written[^1]);
            }
            if (startHead == 0 && head > 0)
            {
                insertCompany.Transaction = transaction;
                insertCompany.Parameters[0].Value = companyId;
                insertCompany.ExecuteNonQuery();
            }
            transaction.Commit();
            return outcomes;
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode is SqliteConstraintPrimaryKey or SqliteConstraintUnique)
        {
            // Appends are serialised by BEGIN IMMEDIATE, so this means another writer got past our checks anyway (a
            // writer that does not take the write lock first); the transaction was rolled back whole. Report each append
            // as the business outcome it now is.
            return RaceOutcomes(companyId, baseVersion, appends, problems, startHead, e);
        }
        catch (SqliteException e)
        {
            throw new StoreUnavailableException(Describe(Location, e), e);
        }
    }

    private const string Savepoint = "proviso_append";

    /// <summary>Writes one append's entries (and its key) onto the head, inside a savepoint that is undone if the database refuses an entry.</summary>
    /// <remarks>The first entry is chained to <paramref name="previous"/> (the entry at the head) if given, else to <paramref name="headHash"/>.</remarks>
    private AppendOutcome Insert(SqliteTransaction transaction, string companyId, long head, string headHash, LedgerEntry? previous, IReadOnlyList<NewLedgerEntry> entries, string? key)
    {
        savepoint.Execute();
        var failingEntry = 0;
        try
        {
            var sealedEntries = new LedgerEntry[entries.Count];
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = previous is null ? LedgerEntry.Seal(companyId, checked(head + i + 1), entries[i], headHash) : LedgerEntry.SealAfter(previous, entries[i]);
                failingEntry = i + 1;
                Insert(entry);
                sealedEntries[i] = entry;
                previous = entry;
            }
            if (key is not null)
            {
                insertKey.Transaction = transaction;
                insertKey.Parameters[0].Value = companyId;
                insertKey.Parameters[1].Value = key;
                insertKey.Parameters[2].Value = sealedEntries[0].Sequence;
                insertKey.Parameters[3].Value = sealedEntries[^1].Sequence;
                insertKey.ExecuteNonQuery();
            }
            releaseSavepoint.Execute();
            return new AppendOutcome.Appended(sealedEntries);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintCheck && e.Message.Contains("ledger_entries_payload_is_json", StringComparison.Ordinal))
        {
            rollbackToSavepoint.Execute();
            releaseSavepoint.Execute();
            return new AppendOutcome.Invalid(new ArgumentException($"Entry {failingEntry} of the batch has a payload that is not valid JSON; nothing was written.", "entries", e));
        }
    }

    private AppendOutcome[] RaceOutcomes(string companyId, long? baseVersion, IReadOnlyList<GroupedAppend> appends, ArgumentException?[] problems, long observedHead, SqliteException e)
    {
        try
        {
            using var transaction = writer.BeginTransaction(IsolationLevel.Serializable, deferred: true);
            var (head, _) = Head(transaction, companyId);
            var outcomes = new AppendOutcome[appends.Count];
            for (var i = 0; i < appends.Count; i++)
            {
                outcomes[i] = problems[i] is { } problem ? new AppendOutcome.Invalid(problem)
                    : appends[i].Entries[0].IdempotencyKey is { } key && FindRange(transaction, companyId, key) is { } recorded ? new AppendOutcome.Duplicate(recorded)
                    : new AppendOutcome.Conflict(baseVersion ?? appends[i].ExpectedVersion ?? observedHead, head);
            }
            return outcomes;
        }
        catch (SqliteException again)
        {
            throw new StoreUnavailableException(Describe(Location, again), e);
        }
    }

    private List<LedgerEntry>? FindRange(SqliteTransaction transaction, string companyId, string key)
    {
        selectKey.Transaction = transaction;
        selectKey.Parameters[0].Value = companyId;
        selectKey.Parameters[1].Value = key;
        long first, last;
        using (var reader = selectKey.ExecuteReader())
        {
            if (!reader.Read()) return null;
            first = reader.GetInt64(0);
            last = reader.GetInt64(1);
        }
        selectRange.Transaction = transaction;
        selectRange.Parameters[0].Value = companyId;
        selectRange.Parameters[1].Value = first;
        selectRange.Parameters[2].Value = last;
        var entries = new List<LedgerEntry>();
        using (var reader = selectRange.ExecuteReader())
        {
            var strings = new EntryStrings();
            while (reader.Read()) entries.Add(ReadEntry(reader, strings));
        }
        return entries;
    }

    private (long Sequence, string Hash) Head(SqliteTransaction transaction, string companyId)
    {
        selectHead.Transaction = transaction;
        selectHead.Parameters[0].Value = companyId;
        using var reader = selectHead.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (0L, HashChain.Genesis);
    }

    /// <summary>Inserts one sealed entry (the date and instant as <see cref="LedgerText"/> writes them, from a buffer).</summary>
    private void Insert(LedgerEntry entry)
    {
        var s = insertEntry;
        s.Bind(1, entry.CompanyId);
        s.Bind(2, entry.Sequence);
        s.Bind(3, entry.EventType);
        Span<char> date = stackalloc char[IsoText.MaxDateLength];
        if (entry.EffectiveOn is { } on) s.Bind(4, date[..IsoText.Format(on, date)]);
        else s.BindNull(4);
        Span<char> instant = stackalloc char[IsoText.MaxInstantLength];
        s.Bind(5, instant[..IsoText.Format(entry.RecordedAt, instant)]);
        s.Bind(6, entry.Actor);
        s.Bind(7, entry.IdempotencyKey);
        s.Bind(8, entry.Command);
        s.Bind(9, entry.Payload);
        // The hashes' text, written from the 32 bytes an entry keeps (any other text, from a damaged store, as a string).
        Span<char> previousHash = stackalloc char[64];
        if (entry.TryFormatPreviousHash(previousHash, out var length)) s.Bind(10, previousHash[..length]);
        else s.Bind(10, entry.PreviousHash);
        Span<char> hash = stackalloc char[64];
        if (entry.TryFormatHash(hash, out length)) s.Bind(11, hash[..length]);
        else s.Bind(11, entry.Hash);
        s.Execute();
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<LedgerEntry> ReadAsync(string companyId, long afterSequence = 0, [EnumeratorCancellation] CancellationToken ct = default)
    {
        AppendRequest.ValidateCompanyId(companyId);
        ObjectDisposedException.ThrowIf(disposed, this);
        using var connection = OpenReader();
        using var command = Command(connection,
            $"SELECT {EntryColumns} FROM ledger_entries WHERE company_id = $company AND sequence > $after ORDER BY sequence",
            "$company", "$after");
        command.Parameters[0].Value = companyId;
        command.Parameters[1].Value = afterSequence;
        using var reader = Guard(command.ExecuteReader);
        var strings = new EntryStrings();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            LedgerEntry entry;
            try
            {
                if (!reader.Read()) break;
                entry = ReadEntry(reader, strings);
            }
            catch (SqliteException e)
            {
                throw new StoreUnavailableException(Describe(Location, e), e);
            }
            yield return entry;
        }
    }

    /// <inheritdoc />
    public Task<long> CurrentVersionAsync(string companyId, CancellationToken ct = default)
    {
        AppendRequest.ValidateCompanyId(companyId);
        ct.ThrowIfCancellationRequested();
        using var connection = OpenReader();
        using var command = Command(connection,
            "SELECT COALESCE(MAX(sequence), 0) FROM ledger_entries WHERE company_id = $company", "$company");
        command.Parameters[0].Value = companyId;
        return Task.FromResult(Guard(() => (long)command.ExecuteScalar()!));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> CompaniesAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        using var connection = OpenReader();
        using var command = Command(connection, "SELECT company_id FROM companies ORDER BY company_id");
        var companies = new List<string>();
        Guard(() =>
        {
            using var reader = command.ExecuteReader();
            while (reader.Read()) companies.Add(reader.GetString(0));
            return companies.Count;
        });
        return Task.FromResult<IReadOnlyList<string>>(companies);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LedgerEntry>> FindByIdempotencyKeyAsync(string companyId, string idempotencyKey, CancellationToken ct = default)
    {
        AppendRequest.ValidateCompanyId(companyId);
        AppendRequest.ValidateIdempotencyKey(idempotencyKey);
        ct.ThrowIfCancellationRequested();
        using var connection = OpenReader();
        using var command = Command(connection,
            $"""
            SELECT {string.Join(", ", EntryColumns.Split(", ").Select(c => "e." + c))}
            FROM idempotency_keys k
            JOIN ledger_entries e ON e.company_id = k.company_id AND e.sequence BETWEEN k.first_sequence AND k.last_sequence
            WHERE k.company_id = $company AND k.idempotency_key = $key
            ORDER BY e.sequence
            """,
            "$company", "$key");
        command.Parameters[0].Value = companyId;
        command.Parameters[1].Value = idempotencyKey;
        var entries = new List<LedgerEntry>();
        Guard(() =>
        {
            using var reader = command.ExecuteReader();
            var strings = new EntryStrings();
            while (reader.Read()) entries.Add(ReadEntry(reader, strings));
            return entries.Count;
        });
        return Task.FromResult<IReadOnlyList<LedgerEntry>>(entries);
    }

    /// <summary>
    /// <c>PRAGMA data_version</c> read on a connection that is opened on first use and never writes. SQLite changes the
    /// value a connection reads whenever another connection (this store's writer, another store instance, another
    /// process) has committed to the file since that connection's previous read, and only then, so two equal reads
    /// mean nothing was committed in between. About a microsecond: no table is read. False if it cannot be read (the
    /// caller then queries versions, which report the failure).
    /// <para>Callers that arrive together share reads: a caller takes the value of a read that began after it arrived
    /// (so it reflects every commit that finished before the call), and makes one itself only if none has finished yet.
    /// Under load, the requests that queued while one read ran share the next one instead of each beginning a read
    /// transaction of its own against the writer's commits.</para>
    /// </summary>
    public bool TryReadChangeStamp(out long stamp)
    {
        // (ChangeStampReads counts the reads begun; callers that shared one are not counted again.)
        var arrived = Volatile.Read(ref stampReadsBegun);
        lock (stampLock)
        {
            stamp = 0;
            if (disposed) return false;
            if (stampReadDone > arrived)
            {
                // A read that began after this call arrived has finished: its value is as fresh as one of our own.
                stamp = stampRead;
                return true;
            }
            var read = Volatile.Read(ref stampReadsBegun) + 1;
            Volatile.Write(ref stampReadsBegun, read);
            try
            {
                if (readStamp is null)
                {
                    var connection = new SqliteConnection(connectionString);
                    connection.Open();
                    stamper = connection;
                    readStamp = new RawStatement(connection, "PRAGMA data_version");
                    stamperOpened++;
                }
                // data_version counts per connection: a reopened stamper's values must not equal the old one's.
                stamp = (stamperOpened << 40) + (readStamp.ReadInt64() ?? throw new InvalidOperationException("PRAGMA data_version returned no row"));
                stampRead = stamp;
                stampReadDone = read;
                return true;
            }
            catch (SqliteException)
            {
                CloseStamper();
                return false;
            }
        }
    }

    /// <summary>How many times the change stamp was actually read from SQLite (shared reads count once): for tests and diagnostics.</summary>
    public long ChangeStampReads => Volatile.Read(ref stampReadsBegun);

    private void CloseStamper()
    {
        readStamp?.Dispose();
        stamper?.Dispose();
        readStamp = null;
        stamper = null;
    }

    /// <summary>Closes the writing connection and this file's pooled reading connections.</summary>
    public async ValueTask DisposeAsync()
    {
        await writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (disposed) return;
            lock (stampLock)
            {
                disposed = true;
                CloseStamper();
            }
            foreach (var command in new[] { selectKey, selectRange, selectHead, insertKey, insertCompany })
                command.Dispose();
            foreach (var statement in new[] { insertEntry, savepoint, releaseSavepoint, rollbackToSavepoint })
                statement.Dispose();
            writer.Dispose();
            SqliteConnection.ClearPool(writer);
        }
        finally
        {
            writeGate.Release();
        }
    }

    private SqliteConnection OpenReader()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new StoreUnavailableException(Describe(Location, e), e);
        }
    }

    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (SqliteException e)
        {
            throw new StoreUnavailableException(Describe(Location, e), e);
        }
    }

    private static LedgerEntry ReadEntry(SqliteDataReader r, EntryStrings strings)
    {
        var companyId = strings.Shared(r.GetString(0));
        var sequence = r.GetInt64(1);
        return new LedgerEntry(
            companyId,
            sequence,
            strings.Shared(r.GetString(2)),
            r.IsDBNull(3) ? null : LedgerText.ParseDate(r.GetString(3), companyId, sequence),
            LedgerText.ParseInstant(r.GetString(4), companyId, sequence),
            strings.Shared(r.GetString(5)),
            r.IsDBNull(6) ? null : r.GetString(6),
            r.IsDBNull(7) ? null : strings.Shared(r.GetString(7)),
            r.GetString(8),
            r.GetString(9),
            r.GetString(10));
    }

    private static void Migrate(SqliteConnection connection, string path)
    {
        using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        Execute(connection, SqliteMigrations.CreateVersionTable, transaction);
        var current = Convert.ToInt32(Scalar(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version", transaction), System.Globalization.CultureInfo.InvariantCulture);
        var latest = SqliteMigrations.All[^1].Version;
        if (current > latest)
            throw new StoreUnavailableException(
                $"The ledger file '{path}' has schema version {current}, but this version of Proviso knows only up to {latest}; use a newer Proviso.");
        foreach (var migration in SqliteMigrations.All.Where(m => m.Version > current))
        {
            Execute(connection, migration.Sql, transaction);
            using var record = Command(connection, "INSERT INTO schema_version (version, description) VALUES ($version, $description)", "$version", "$description");
            record.Transaction = transaction;
            record.Parameters[0].Value = migration.Version;
            record.Parameters[1].Value = migration.Description;
            record.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command.ExecuteScalar();
    }

    private static string Describe(string path, SqliteException e) => e.SqliteErrorCode switch
    {
        SqliteNotADatabase => $"'{path}' is not a SQLite database (or it is encrypted or damaged), so it cannot be used as a ledger file.",
        SqliteCantOpen => $"Cannot open or create the SQLite ledger file '{path}': check that the directory exists and is writable.",
        SqliteReadOnly or SqlitePermission => $"The SQLite ledger file '{path}' is not writable.",
        SqliteBusy or SqliteLocked => $"The SQLite ledger file '{path}' stayed locked by another writer for more than {BusyTimeoutMilliseconds / 1000} seconds.",
        SqliteFull => $"The disk holding the SQLite ledger file '{path}' is full.",
        _ => $"The SQLite ledger file '{path}' failed: {LedgerText.OneLine(e.Message)}",
    };

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqlitePermission = 3;
    private const int SqliteNotADatabase = 26;
    private const int SqliteConstraintCheck = 275;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;
}
