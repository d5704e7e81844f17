using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using NodaTime;
using Npgsql;
using Proviso.Domain.Ledger;
using Proviso.Storage;
using Proviso.Storage.Postgres;
using Proviso.Storage.Sqlite;

namespace Proviso.Benchmarks;

/// <summary>
/// Durable appends, one command per transaction (each recorded command is durable before it returns): the first
/// 110,000 entries of the synthetic company (one warm-up invocation of 10,000, then ten measured invocations of 10,000,
/// so 100,000 measured appends per case), each appended alone with its expected version, idempotency key, actor and
/// command name, into a fresh ledger.
/// <list type="bullet">
/// <item>Baseline: raw single-row SQLite insert-and-commit of the same rows into a table like the store's, on a
/// connection with the store's settings (WAL, synchronous=FULL).</item>
/// <item>The SQLite store (a temp file on the same disk).</item>
/// <item>For comparison: raw single-row PostgreSQL insert-and-commit into a table like the store's.</item>
/// <item>The PostgreSQL store, against the server in <c>PROVISO_BENCH_PG</c> (run.sh starts one with fsync=on and
/// synchronous_commit=on; the setup refuses a server with either off).</item>
/// </list>
/// Cases run round by round (see <see cref="RoundOrderer"/>): the disk's fsync latency drifts, so each store is compared
/// with the baseline measured just before it. Target: each store at least 50% of the raw SQLite insert rate.
/// </summary>
[Config(typeof(AppendConfig))]
public class DurableAppendBenchmarks
{
    public const int AppendsPerInvocation = 10_000;

    /// <summary>Warm-up plus measured invocations (see <see cref="AppendConfig"/>).</summary>
    public const int EntriesNeeded = 11 * AppendsPerInvocation;

    public const string PostgresVariable = "PROVISO_BENCH_PG";

    private const string Company = SyntheticCompany.CompanyId;
    private static readonly string DummyHash = new('a', 64);

    private NewLedgerEntry[][] _entries = null!;
    private int _next;
    private string? _directory;
    private string? _database;
    private IEventStore? _store;
    private SqliteConnection? _sqlite;
    private SqliteCommand? _sqliteInsert;
    private NpgsqlDataSource? _pg;

    /// <summary>Rounds of (baseline, stores); PROVISO_BENCH_ROUNDS, default 3.</summary>
    [ParamsSource(nameof(Rounds))]
    public int Round { get; set; }

    public static IEnumerable<int> Rounds =>
        Enumerable.Range(1, int.TryParse(Environment.GetEnvironmentVariable("PROVISO_BENCH_ROUNDS"), out var n) && n > 0 ? n : 3);

    public static bool HasPostgres => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable));

    private void PrepareEntries()
    {
        var company = SyntheticCompany.Shared;
        var recordedAt = Instant.FromUtc(2025, 1, 2, 3, 4, 5);
        _entries = new NewLedgerEntry[EntriesNeeded][];
        for (var i = 0; i < EntriesNeeded; i++)
        {
            var e = company.Events[i];
            var command = "Record" + company.EventTypes[i];
            _entries[i] = [new NewLedgerEntry(company.EventTypes[i], e.EffectiveOn, recordedAt.Plus(Duration.FromMilliseconds(i)),
                "bench@example.com", $"cmd-{i + 1:D7}", command, company.Payloads[i])];
        }
        _next = 0;
    }

    private string TempDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"proviso-bench-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
        return _directory;
    }

    // ---- raw SQLite -------------------------------------------------------------------------------------------------

    [GlobalSetup(Target = nameof(RawSqliteInsert))]
    public void SetupRawSqlite()
    {
        PrepareEntries();
        SQLitePCL.Batteries.Init();
        var path = Path.Combine(TempDirectory(), "raw.db");
        _sqlite = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Cache = SqliteCacheMode.Private, Pooling = true, DefaultTimeout = 30,
        }.ToString());
        _sqlite.Open();
        Exec(_sqlite, "PRAGMA busy_timeout = 30000");
        if (!string.Equals(Scalar(_sqlite, "PRAGMA journal_mode = WAL") as string, "wal", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("raw SQLite baseline: WAL journal mode refused");
        Exec(_sqlite, "PRAGMA synchronous = FULL");
        if (Convert.ToInt64(Scalar(_sqlite, "PRAGMA synchronous"), System.Globalization.CultureInfo.InvariantCulture) != 2)
            throw new InvalidOperationException("raw SQLite baseline: synchronous is not FULL");
        // The store's ledger_entries table (migration 1), without the store's other tables.
        Exec(_sqlite, """
            CREATE TABLE ledger_entries (
                company_id      TEXT    NOT NULL,
                sequence        INTEGER NOT NULL CHECK (sequence >= 1),
                event_type      TEXT    NOT NULL,
                effective_on    TEXT,
                recorded_at     TEXT    NOT NULL,
                actor           TEXT    NOT NULL,
                idempotency_key TEXT,
                command         TEXT,
                payload         TEXT    NOT NULL CONSTRAINT ledger_entries_payload_is_json CHECK (json_valid(payload)),
                previous_hash   TEXT    NOT NULL,
                hash            TEXT    NOT NULL,
                PRIMARY KEY (company_id, sequence)
            )
            """);
        _sqliteInsert = _sqlite.CreateCommand();
        _sqliteInsert.CommandText = "INSERT INTO ledger_entries VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
        for (var i = 1; i <= 11; i++) _sqliteInsert.Parameters.Add(new SqliteParameter("$" + i, null));
        _sqliteInsert.Prepare();
    }

    /// <summary>Baseline: BEGIN; one INSERT of the entry's row; COMMIT (fsync of the WAL).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = AppendsPerInvocation, Description = "Raw SQLite insert+commit")]
    public void RawSqliteInsert()
    {
        var insert = _sqliteInsert!;
        for (var i = 0; i < AppendsPerInvocation; i++)
        {
            var e = _entries[_next][0];
            var sequence = ++_next;
            using var transaction = _sqlite!.BeginTransaction();
            insert.Transaction = transaction;
            var p = insert.Parameters;
            p[0].Value = Company;
            p[1].Value = sequence;
            p[2].Value = e.EventType;
            p[3].Value = LedgerTextDate(e);
            p[4].Value = e.RecordedAt.ToString();
            p[5].Value = e.Actor;
            p[6].Value = e.IdempotencyKey;
            p[7].Value = e.Command;
            p[8].Value = e.Payload;
            p[9].Value = DummyHash;
            p[10].Value = DummyHash;
            insert.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    // ---- SQLite store -----------------------------------------------------------------------------------------------

    [GlobalSetup(Target = nameof(SqliteStoreAppend))]
    public void SetupSqliteStore()
    {
        PrepareEntries();
        _store = SqliteEventStore.Open(Path.Combine(TempDirectory(), "store.db"));
    }

    [Benchmark(OperationsPerInvoke = AppendsPerInvocation, Description = "SQLite store AppendAsync")]
    public Task SqliteStoreAppend() => AppendToStore();

    // ---- raw PostgreSQL ---------------------------------------------------------------------------------------------

    [GlobalSetup(Target = nameof(RawPostgresInsert))]
    public void SetupRawPostgres()
    {
        PrepareEntries();
        // Pooled like the store's connections: no reset statements when a connection goes back to the pool.
        _pg = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(CreateDatabase("raw")) { NoResetOnClose = true });
        using var c = _pg.OpenConnection();
        using var create = new NpgsqlCommand("""
            CREATE TABLE ledger_entries (
                company_id      text COLLATE "C" NOT NULL,
                sequence        bigint NOT NULL CHECK (sequence >= 1),
                event_type      text   NOT NULL,
                effective_on    text,
                recorded_at     text   NOT NULL,
                actor           text   NOT NULL,
                idempotency_key text,
                command         text,
                payload         text   NOT NULL CONSTRAINT ledger_entries_payload_is_json CHECK (payload::json IS NOT NULL),
                previous_hash   text   NOT NULL,
                hash            text   NOT NULL,
                CONSTRAINT ledger_entries_pkey PRIMARY KEY (company_id, sequence)
            )
            """, c);
        create.ExecuteNonQuery();
    }

    /// <summary>
    /// For comparison: one prepared INSERT of the entry's row in its own transaction (autocommit: the server commits it
    /// when the statement ends), on a pooled connection as the store opens one per append. One round trip and one
    /// commit per row, like the store's append. (It used to be BEGIN; INSERT; COMMIT through
    /// <c>BeginTransactionAsync</c>, which costs a second round trip for the COMMIT, on a pool that sent its reset
    /// statements with every reuse: about a third slower than this plain insert in interleaved runs, so the store
    /// looked faster than a raw insert.)
    /// </summary>
    [Benchmark(OperationsPerInvoke = AppendsPerInvocation, Description = "Raw PostgreSQL insert+commit")]
    public async Task RawPostgresInsert()
    {
        for (var i = 0; i < AppendsPerInvocation; i++)
        {
            var e = _entries[_next][0];
            var sequence = ++_next;
            await using var connection = await _pg!.OpenConnectionAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO ledger_entries VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)", connection)
            {
                Parameters =
                {
                    new() { Value = Company }, new() { Value = (long)sequence }, new() { Value = e.EventType },
                    new() { Value = LedgerTextDate(e) }, new() { Value = e.RecordedAt.ToString() }, new() { Value = e.Actor },
                    new() { Value = e.IdempotencyKey }, new() { Value = e.Command }, new() { Value = e.Payload },
                    new() { Value = DummyHash }, new() { Value = DummyHash },
                },
            };
            await insert.PrepareAsync();
            await insert.ExecuteNonQueryAsync();
        }
    }

    // ---- PostgreSQL store -------------------------------------------------------------------------------------------

    [GlobalSetup(Target = nameof(PostgresStoreAppend))]
    public void SetupPostgresStore()
    {
        PrepareEntries();
        _store = PostgresEventStore.Open(CreateDatabase("store"));
    }

    [Benchmark(OperationsPerInvoke = AppendsPerInvocation, Description = "PostgreSQL store AppendAsync")]
    public Task PostgresStoreAppend() => AppendToStore();

    // ---- shared -----------------------------------------------------------------------------------------------------

    private async Task AppendToStore()
    {
        var store = _store!;
        for (var i = 0; i < AppendsPerInvocation; i++)
        {
            var version = _next;
            var outcome = await store.AppendAsync(Company, version, _entries[_next++]);
            if (outcome is not AppendOutcome.Appended) throw new InvalidOperationException($"append {version + 1}: {outcome}");
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_store is not null)
        {
            var version = await _store.CurrentVersionAsync(Company);
            if (version != _next) throw new InvalidOperationException($"the store holds {version} entries, {_next} were appended");
            await _store.DisposeAsync();
            _store = null;
        }
        _sqliteInsert?.Dispose();
        _sqliteInsert = null;
        if (_sqlite is not null)
        {
            _sqlite.Dispose();
            SqliteConnection.ClearPool(_sqlite);
            _sqlite = null;
        }
        if (_pg is not null)
        {
            await _pg.DisposeAsync();
            _pg = null;
        }
        if (_database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(AdminConnectionString());
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            _database = null;
        }
        if (_directory is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
            _directory = null;
        }
        _entries = null!;
    }

    private static string AdminConnectionString() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException($"{PostgresVariable} is not set: bench/run.sh starts a throwaway PostgreSQL server and sets it");

    /// <summary>Creates a fresh database on the benchmark server, after checking that the server is durable.</summary>
    private string CreateDatabase(string kind)
    {
        using var admin = new NpgsqlConnection(AdminConnectionString());
        admin.Open();
        foreach (var setting in new[] { "fsync", "synchronous_commit" })
        {
            using var show = new NpgsqlCommand($"SHOW {setting}", admin);
            var value = show.ExecuteScalar() as string;
            if (value != "on") throw new InvalidOperationException($"the benchmark PostgreSQL server has {setting}={value}; durable appends need {setting}=on");
        }
        _database = $"proviso_bench_{kind}_r{Round}_{Environment.ProcessId}";
        using (var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", admin)) create.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString()) { Database = _database }.ConnectionString;
    }

    private static object LedgerTextDate(NewLedgerEntry e) =>
        e.EffectiveOn is { } d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : DBNull.Value;

    private static void Exec(SqliteConnection c, string sql)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection c, string sql)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
