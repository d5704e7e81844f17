using Microsoft.Data.Sqlite;
using Proviso.Storage.Sqlite;

namespace Proviso.Storage.Tests;

/// <summary>What only the SQLite store does: files, journal mode, and refusing files it cannot use.</summary>
public sealed class SqliteEventStoreTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "proviso-storage-tests", Guid.NewGuid().ToString("N"));

    public SqliteEventStoreTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Open_InADirectoryThatDoesNotExist_CreatesTheDirectoryFileAndSchema()
    {
        var path = Path.Combine(directory, "nested", "deeper", "ledger.db");

        await using (var store = EventStoreFactory.Open(path))
        {
            Assert.Equal("sqlite", store.Kind);
            Assert.Equal(path, store.Location);
            (await store.AppendAsync("acme", 0, Entries.Batch(Entries.Note("first")))).AssertAppended();
        }

        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Open_NewFile_IsInWalJournalMode()
    {
        var path = Path.Combine(directory, "ledger.db");
        await using var store = SqliteEventStore.Open(path);

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public void Open_FileThatIsNotASqliteDatabase_ThrowsStoreUnavailableWithOneLineMessage()
    {
        var path = Path.Combine(directory, "notes.txt");
        var minutes = "These are minutes of the board meeting, not a database. " + new string('x', 4096);
        File.WriteAllText(path, minutes);

        var error = Assert.Throws<StoreUnavailableException>(() => EventStoreFactory.Open(path));

        Assert.Equal($"'{path}' is not a SQLite database (or it is encrypted or damaged), so it cannot be used as a ledger file.", error.Message);
        Assert.Equal(minutes, File.ReadAllText(path));
    }

    [Fact]
    public void Open_PathWhoseParentIsAFile_ThrowsStoreUnavailable()
    {
        var file = Path.Combine(directory, "plain-file");
        File.WriteAllText(file, "x");
        var path = Path.Combine(file, "ledger.db");

        var error = Assert.Throws<StoreUnavailableException>(() => EventStoreFactory.Open(path));

        Assert.StartsWith($"Cannot use '{path}' as a SQLite ledger file", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Open_DirectoryInsteadOfAFile_ThrowsStoreUnavailable()
    {
        var error = Assert.Throws<StoreUnavailableException>(() => EventStoreFactory.Open(directory));

        Assert.Contains(directory, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
