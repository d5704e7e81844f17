namespace Proviso.Storage.Postgres;

/// <summary>The PostgreSQL schema, as an ordered list of migrations. Append new migrations; never edit a released one.</summary>
internal static class PostgresMigrations
{
    public const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version     integer     NOT NULL PRIMARY KEY,
            description text        NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
        )
        """;

    /// <summary>Serialises concurrent openers of one database while they migrate (a two-key advisory lock, so it never
    /// collides with the one-key per-company append locks).</summary>
    public const string LockSchema = "SELECT pg_advisory_xact_lock(hashtext('proviso.schema_version'), 0)";

    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "ledger entries, idempotency keys and companies", """
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
            );
            CREATE TABLE idempotency_keys (
                company_id      text COLLATE "C" NOT NULL,
                idempotency_key text COLLATE "C" NOT NULL,
                first_sequence  bigint NOT NULL,
                last_sequence   bigint NOT NULL,
                CONSTRAINT idempotency_keys_pkey PRIMARY KEY (company_id, idempotency_key)
            );
            CREATE TABLE companies (
                company_id text COLLATE "C" NOT NULL CONSTRAINT companies_pkey PRIMARY KEY
            );
            """),
        new(2, "idempotency keys kept on the ledger entries (unique per company), instead of in a table of their own", """
            ALTER TABLE ledger_entries ADD COLUMN batch_last bigint;
            COMMENT ON COLUMN ledger_entries.batch_last IS
                'Set on the first entry of a batch whose first entry has an idempotency key: the sequence of the batch''s last entry. Not hashed.';
            ALTER TABLE ledger_entries ALTER COLUMN idempotency_key TYPE text COLLATE "C";
            UPDATE ledger_entries e SET batch_last = k.last_sequence
            FROM idempotency_keys k
            WHERE e.company_id = k.company_id AND e.sequence = k.first_sequence AND e.idempotency_key = k.idempotency_key;
            CREATE UNIQUE INDEX ledger_entries_idempotency_key ON ledger_entries (company_id, idempotency_key) WHERE batch_last IS NOT NULL;
            DROP TABLE idempotency_keys;
            """),
    ];
}
