namespace Proviso.Storage.Sqlite;

/// <summary>The SQLite schema, as an ordered list of migrations. Append new migrations; never edit a released one.</summary>
internal static class SqliteMigrations
{
    public const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version     INTEGER NOT NULL PRIMARY KEY,
            description TEXT    NOT NULL,
            applied_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        """;

    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "ledger entries, idempotency keys and companies", """
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
            );
            CREATE TABLE idempotency_keys (
                company_id      TEXT    NOT NULL,
                idempotency_key TEXT    NOT NULL,
                first_sequence  INTEGER NOT NULL,
                last_sequence   INTEGER NOT NULL,
                PRIMARY KEY (company_id, idempotency_key)
            ) WITHOUT ROWID;
            CREATE TABLE companies (
                company_id TEXT NOT NULL PRIMARY KEY
            ) WITHOUT ROWID;
            """),
    ];
}
