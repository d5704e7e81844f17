using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Proviso.Storage.Sqlite;

/// <summary>
/// A statement prepared once on a connection and run many times through SQLite's own interface, for the statements a
/// write runs for every entry (and the change stamp every request reads): text is handed to SQLite as the UTF-16 it is
/// (a string, or characters in a buffer), so a run allocates nothing, where Microsoft.Data.Sqlite makes a parameter
/// binder, a UTF-8 copy of each string, a data reader and a statement enumerator each time.
/// <para>Errors are Microsoft.Data.Sqlite's <see cref="SqliteException"/> with SQLite's message and extended code, as
/// from a command. Parameters are numbered from 1 in the order of the SQL's <c>?NNN</c>. Not thread-safe: used under the
/// lock of whoever owns the connection. Dispose before the connection is closed.</para>
/// </summary>
public sealed class RawStatement : IDisposable
{
    private const uint PreparePersistent = 0x01; // SQLITE_PREPARE_PERSISTENT: kept for many runs

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v3(_db, sql, PreparePersistent, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
        _statement = statement ?? throw new InvalidOperationException($"SQLite prepared no statement from: {sql}");
    }

    /// <summary>Binds text, or NULL for null.</summary>
    public void Bind(int index, string? text)
    {
        if (text is null) Check(raw.sqlite3_bind_null(_statement, index));
        else Bind(index, text.AsSpan());
    }

    /// <summary>Binds the characters as text (SQLite copies them).</summary>
    public void Bind(int index, ReadOnlySpan<char> text) =>
        // An empty span has no address, which SQLite would take for NULL: an empty string is bound as such.
        Check(text.IsEmpty ? raw.sqlite3_bind_text(_statement, index, string.Empty) : raw.sqlite3_bind_text16(_statement, index, text));

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void BindNull(int index) => Check(raw.sqlite3_bind_null(_statement, index));

    /// <summary>Runs the statement to its end (rows, if any, are skipped); then it is reset and its bindings cleared.</summary>
    public void Execute()
    {
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
            }
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Runs the statement and returns the first column of its first row as an integer (null if it has no row).</summary>
    public long? ReadInt64()
    {
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_ROW) return raw.sqlite3_column_int64(_statement, 0);
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
            return null;
        }
        finally
        {
            Reset();
        }
    }

    private void Reset()
    {
        raw.sqlite3_reset(_statement);
        raw.sqlite3_clear_bindings(_statement);
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Dispose() => _statement.Dispose();
}
