using Microsoft.Data.Sqlite;
using Proviso.Storage.Sqlite;

namespace Proviso.Storage.Tests;

/// <summary>The statements the SQLite store runs for every entry, bound through SQLite's own interface.</summary>
public sealed class RawStatementTests : IDisposable
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");

    public RawStatementTests()
    {
        SQLitePCL.Batteries.Init();
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT, CHECK (text IS NULL OR text <> 'refused'))";
        create.ExecuteNonQuery();
    }

    public void Dispose() => connection.Dispose();

    private object? Read(long id)
    {
        using var select = connection.CreateCommand();
        select.CommandText = $"SELECT text FROM t WHERE id = {id}";
        return select.ExecuteScalar();
    }

    [Fact]
    public void Text_EmptyIsEmptyNullIsNull_AndCharactersFromABufferAsGiven()
    {
        using var insert = new RawStatement(connection, "INSERT INTO t (id, text) VALUES (?1, ?2)");
        insert.Bind(1, 1);
        insert.Bind(2, "");
        insert.Execute();
        insert.Bind(1, 2);
        insert.Bind(2, (string?)null);
        insert.Execute();
        insert.Bind(1, 3);
        Span<char> buffer = stackalloc char[32];
        "Zoë 中文 😀 and more".AsSpan().CopyTo(buffer);
        insert.Bind(2, buffer[..9]);
        insert.Execute();

        Assert.Equal("", Read(1));
        Assert.Equal(DBNull.Value, Read(2));
        Assert.Equal("Zoë 中文 😀", Read(3));
    }

    [Fact]
    public void Refused_SqliteExceptionWithTheExtendedCode_AndTheStatementRunsAgain()
    {
        using var insert = new RawStatement(connection, "INSERT INTO t (id, text) VALUES (?1, ?2)");
        insert.Bind(1, 1);
        insert.Bind(2, "refused");
        var check = Assert.Throws<SqliteException>(insert.Execute);
        Assert.Equal(275, check.SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_CHECK
        Assert.Contains("CHECK constraint failed", check.Message);

        insert.Bind(1, 1);
        insert.Bind(2, "kept");
        insert.Execute();
        insert.Bind(1, 1);
        insert.Bind(2, "again");
        Assert.Equal(1555, Assert.Throws<SqliteException>(insert.Execute).SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_PRIMARYKEY
        Assert.Equal("kept", Read(1));
    }

    [Fact]
    public void ReadInt64_FirstColumnOfTheFirstRow_NullWithoutARow()
    {
        using var count = new RawStatement(connection, "SELECT count(*) FROM t");
        using var none = new RawStatement(connection, "SELECT id FROM t WHERE id < 0");
        Assert.Equal(0, count.ReadInt64());
        Assert.Null(none.ReadInt64());
        Assert.Throws<SqliteException>(() => new RawStatement(connection, "SELECT FROM nowhere"));
    }
}
