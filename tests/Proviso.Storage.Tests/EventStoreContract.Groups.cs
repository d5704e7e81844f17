using Proviso.Domain.Ledger;

namespace Proviso.Storage.Tests;

/// <summary>
/// Group commit (<see cref="IEventStore.AppendGroupAsync"/>): many appends in one transaction, each judged as a lone
/// append would be after the ones before it, each with its own sequences, key and outcome; one the store refuses writes
/// nothing and takes nothing from the others; other writers on the same store are still checked against.
/// </summary>
public abstract partial class EventStoreContract
{
    private static GroupedAppend Group(long? expectedVersion, params NewLedgerEntry[] entries) => new(expectedVersion, entries);

    [Fact]
    public async Task AppendGroup_AppendsEachInOrder_WithItsOwnSequencesOnOneVerifiedChain()
    {
        (await Store.AppendAsync(Acme, 0, Entries.Batch(Entries.Note("before")))).AssertAppended();

        var outcomes = await Store.AppendGroupAsync(Acme, 1,
        [
            Group(1, Entries.Issued("Ann", 100, key: "cmd-1"), Entries.Issued("Ann", 5, key: "cmd-1#1")),
            Group(null, Entries.Issued("Bo", 200)),
            Group(4, Entries.Issued("Cy", 300, key: "cmd-3")),
        ]);

        Assert.Equal(3, outcomes.Count);
        Assert.Equal(new long[] { 2, 3 }, outcomes[0].AssertAppended().Select(e => e.Sequence));
        Assert.Equal(4, outcomes[1].AssertAppended().Single().Sequence);
        Assert.Equal(5, outcomes[2].AssertAppended().Single().Sequence);
        Assert.Equal(outcomes.SelectMany(o => o.AssertAppended()), (await Store.ReadAllAsync(Acme)).Skip(1));
        Assert.Equal(outcomes[0].AssertAppended(), await Store.FindByIdempotencyKeyAsync(Acme, "cmd-1"));
        Assert.Equal(outcomes[2].AssertAppended(), await Store.FindByIdempotencyKeyAsync(Acme, "cmd-3"));
        Assert.True((await Store.VerifyAsync(Acme)).IsIntact);
    }

    [Fact]
    public async Task AppendGroup_ChecksEachExpectedVersionAgainstTheHeadTheAppendsBeforeItLeave()
    {
        (await Store.AppendAsync(Acme, 0, Entries.Batch(Entries.Note("before")))).AssertAppended();

        var outcomes = await Store.AppendGroupAsync(Acme, null,
        [
            Group(1, Entries.Note("first")),
            Group(1, Entries.Note("decided on the ledger before the first")),
            Group(2, Entries.Note("decided after the first")),
            Group(7, Entries.Note("ahead of the ledger")),
        ]);

        Assert.Equal(2, outcomes[0].AssertAppended().Single().Sequence);
        Assert.Equal(new AppendOutcome.Conflict(1, 2), outcomes[1]);
        Assert.Equal(3, outcomes[2].AssertAppended().Single().Sequence);
        Assert.Equal(new AppendOutcome.Conflict(7, 3), outcomes[3]);
        Assert.Equal(3, await Store.CurrentVersionAsync(Acme));
        Assert.True((await Store.VerifyAsync(Acme)).IsIntact);
    }

    [Fact]
    public async Task AppendGroup_WithKeysRecordedBeforeOrEarlierInTheGroup_GivesDuplicatesAndWritesTheRest()
    {
        var original = (await Store.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100, key: "cmd-1")))).AssertAppended();

        var outcomes = await Store.AppendGroupAsync(Acme, null,
        [
            Group(0, Entries.Issued("Ann", 100, key: "cmd-1")), // a retry: its expected version is stale, its key decides
            Group(null, Entries.Issued("Bo", 200, key: "cmd-2")),
            Group(null, Entries.Issued("Bo", 999, key: "cmd-2")), // the same command twice in one group
            Group(2, Entries.Issued("Cy", 300, key: "cmd-3")),
        ]);

        Assert.Equal(original, Assert.IsType<AppendOutcome.Duplicate>(outcomes[0]).Existing);
        var second = outcomes[1].AssertAppended();
        Assert.Equal(2, second.Single().Sequence);
        Assert.Equal(second, Assert.IsType<AppendOutcome.Duplicate>(outcomes[2]).Existing);
        Assert.Equal(3, outcomes[3].AssertAppended().Single().Sequence);
        Assert.Equal(3, await Store.CurrentVersionAsync(Acme));
        Assert.Equal(second, await Store.FindByIdempotencyKeyAsync(Acme, "cmd-2"));
    }

    [Fact]
    public async Task AppendGroup_WhenTheStoreRefusesOneAppend_WritesNothingOfItAndTheOthersWhole()
    {
        var notJson = Entries.Issued("Bo", 200) with { Payload = "{\"shares\": 200" };
        var withNul = Entries.Issued("Dee", 400) with { Actor = "dee\0" };

        var outcomes = await Store.AppendGroupAsync(Acme, 0,
        [
            Group(0, Entries.Issued("Ann", 100, key: "cmd-1")),
            Group(1, Entries.Issued("Bo", 200, key: "cmd-2"), notJson),
            Group(null, Entries.Issued("Cy", 300, key: "cmd-3"), Entries.Issued("Cy", 1, key: "cmd-3#1")),
            Group(3, withNul),
            Group(5, Entries.Note("decided after the refused one, so its expected version is stale")),
            Group(3, Entries.Note("decided on what was written")),
        ]);

        Assert.Equal(1, outcomes[0].AssertAppended().Single().Sequence);
        var json = Assert.IsType<AppendOutcome.Invalid>(outcomes[1]).Error;
        Assert.Contains("Entry 2 of the batch", json.Message);
        Assert.Contains("not valid JSON", json.Message);
        Assert.Equal(new long[] { 2, 3 }, outcomes[2].AssertAppended().Select(e => e.Sequence));
        Assert.Contains("the actor contains a NUL character", Assert.IsType<AppendOutcome.Invalid>(outcomes[3]).Error.Message);
        Assert.Equal(new AppendOutcome.Conflict(5, 3), outcomes[4]);
        Assert.Equal(4, outcomes[5].AssertAppended().Single().Sequence);

        var stored = await Store.ReadAllAsync(Acme);
        Assert.Equal(new[] { outcomes[0], outcomes[2], outcomes[5] }.SelectMany(o => o.AssertAppended()), stored);
        Assert.Empty(await Store.FindByIdempotencyKeyAsync(Acme, "cmd-2"));
        Assert.Equal(outcomes[2].AssertAppended(), await Store.FindByIdempotencyKeyAsync(Acme, "cmd-3"));
        Assert.True((await Store.VerifyAsync(Acme)).IsIntact);
        Assert.Equal(new[] { Acme }, await Store.CompaniesAsync());
    }

    [Fact]
    public async Task AppendGroup_WhoseEveryAppendIsRefused_WritesNothingAndLeavesTheCompanyUnknown()
    {
        var notJson = Entries.Note("x") with { Payload = "not json" };

        var outcomes = await Store.AppendGroupAsync(Acme, 0, [Group(0, notJson), Group(null, Entries.Note("ok"), notJson)]);

        Assert.All(outcomes, o => Assert.IsType<AppendOutcome.Invalid>(o));
        Assert.Empty(await Store.CompaniesAsync());
        Assert.Equal(0, await Store.CurrentVersionAsync(Acme));
        Assert.Empty(await Store.AppendGroupAsync(Acme, null, []));
    }

    [Fact]
    public async Task AppendGroup_DecidedBeforeAnotherStoreWrote_WritesOnlyWhatExpectsNoVersion()
    {
        (await Store.AppendAsync(Acme, 0, Entries.Batch(Entries.Note("mine")))).AssertAppended(); // this store now knows the head
        await using var other = await OpenStoreAsync(); // another writer on the same backing store: the CLI, another server
        var theirs = (await other.AppendAsync(Acme, 1, Entries.Batch(Entries.Issued("Other writer", 1, key: "theirs")))).AssertAppended().Single();

        // Decided on version 1: the second append counts on the first, and its version number happens to be the one
        // the other writer's entry now has, which must not pass for the state it was decided on.
        var outcomes = await Store.AppendGroupAsync(Acme, 1,
        [
            Group(1, Entries.Note("decided on version 1")),
            Group(2, Entries.Note("decided after the first")),
            Group(1, Entries.Issued("Other writer", 1, key: "theirs")),
            Group(null, Entries.Note("no expectation")),
        ]);

        Assert.Equal(new AppendOutcome.Conflict(1, 2), outcomes[0]);
        Assert.Equal(new AppendOutcome.Conflict(1, 2), outcomes[1]);
        Assert.Equal(new[] { theirs }, Assert.IsType<AppendOutcome.Duplicate>(outcomes[2]).Existing);
        var mine = outcomes[3].AssertAppended().Single();
        Assert.Equal((3L, theirs.Hash), (mine.Sequence, mine.PreviousHash));
        Assert.Equal(3, await Store.CurrentVersionAsync(Acme));
        Assert.True((await Store.VerifyAsync(Acme)).IsIntact);
    }

    [Fact]
    public async Task AppendGroup_DecidedOnTheCurrentVersion_IsWrittenAfterAnotherStoresEntries()
    {
        (await Store.AppendAsync(Acme, 0, Entries.Batch(Entries.Note("mine")))).AssertAppended(); // this store's head: 1
        await using var other = await OpenStoreAsync();
        var theirs = (await other.AppendAsync(Acme, 1, Entries.Batch(Entries.Note("theirs")))).AssertAppended().Single();

        var outcomes = await Store.AppendGroupAsync(Acme, 2, [Group(2, Entries.Note("a")), Group(3, Entries.Note("b"))]);

        Assert.Equal(new long[] { 3, 4 }, outcomes.SelectMany(o => o.AssertAppended()).Select(e => e.Sequence));
        Assert.Equal(theirs.Hash, outcomes[0].AssertAppended().Single().PreviousHash);
        Assert.True((await Store.VerifyAsync(Acme)).IsIntact);
    }

    [Fact]
    public async Task AppendGroup_WithACancelledToken_WritesNothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.AppendGroupAsync(Acme, 0, [Group(0, Entries.Note("x"))], cancelled.Token));

        Assert.Equal(0, await Store.CurrentVersionAsync(Acme));
    }
}
