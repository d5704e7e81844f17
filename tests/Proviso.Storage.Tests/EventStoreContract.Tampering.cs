using Proviso.Domain.Ledger;

namespace Proviso.Storage.Tests;

/// <summary>
/// Tamper evidence: rows altered directly in the database, behind the store's back, are found by recomputing the
/// chain over what <see cref="IEventStore.ReadAsync"/> returns, and the first bad entry is named.
/// </summary>
public abstract partial class EventStoreContract
{
    /// <summary>Five entries for acme (payload <c>{"holder":"H{n}","shares":{n*100}}</c>) and two for globex.</summary>
    private async Task<List<LedgerEntry>> SeedForTamperingAsync()
    {
        for (var n = 1; n <= 5; n++)
            (await Store.AppendAsync(Acme, n - 1, Entries.Batch(Entries.Issued($"H{n}", n * 100, minute: n)))).AssertAppended();
        (await Store.AppendAsync(Globex, 0, Entries.Batch(Entries.Issued("G1", 1), Entries.Issued("G2", 2)))).AssertAppended();
        var entries = await Store.ReadAllAsync(Acme);
        Assert.True(LedgerVerification.Verify(Acme, entries).IsIntact);
        return entries;
    }

    private async Task<LedgerVerification> VerifyAfterTamperingAsync()
    {
        var verification = LedgerVerification.Verify(Acme, await Store.ReadAllAsync(Acme));
        Assert.False(verification.IsIntact);
        Assert.Equal(verification, await Store.VerifyAsync(Acme));
        Assert.True((await Store.VerifyAsync(Globex)).IsIntact, "tampering with acme must not affect globex");
        return verification;
    }

    [Fact]
    public async Task Tamper_ReplacedPayload_VerifyNamesThatEntry()
    {
        await SeedForTamperingAsync();

        Assert.Equal(1, await ExecuteSqlAsync("""UPDATE ledger_entries SET payload = '{"holder":"Mallory","shares":300}' WHERE company_id = 'acme' AND sequence = 3"""));

        var verification = await VerifyAfterTamperingAsync();
        Assert.Equal(3, verification.FirstBadSequence);
        Assert.Contains("entry 3 (SharesIssued) was altered", verification.Problem);
    }

    [Fact]
    public async Task Tamper_ChangedAmountInsidePayload_VerifyNamesThatEntry()
    {
        await SeedForTamperingAsync();

        Assert.Equal(1, await ExecuteSqlAsync("""UPDATE ledger_entries SET payload = replace(payload, '"shares":400', '"shares":4000') WHERE company_id = 'acme' AND sequence = 4"""));

        var read = await Store.ReadAllAsync(Acme);
        Assert.Contains("\"shares\":4000", read[3].Payload);
        var verification = await VerifyAfterTamperingAsync();
        Assert.Equal(4, verification.FirstBadSequence);
    }

    [Fact]
    public async Task Tamper_ChangedRecordedInstant_VerifyNamesThatEntry()
    {
        await SeedForTamperingAsync();

        Assert.Equal(1, await ExecuteSqlAsync("UPDATE ledger_entries SET recorded_at = '2020-01-01T00:00:00Z' WHERE company_id = 'acme' AND sequence = 2"));

        Assert.Equal(2, (await VerifyAfterTamperingAsync()).FirstBadSequence);
    }

    [Fact]
    public async Task Tamper_DeletedRow_VerifyNamesTheEntryAfterTheGap()
    {
        await SeedForTamperingAsync();

        Assert.Equal(1, await ExecuteSqlAsync("DELETE FROM ledger_entries WHERE company_id = 'acme' AND sequence = 3"));

        var verification = await VerifyAfterTamperingAsync();
        Assert.Equal(4, verification.FirstBadSequence);
        Assert.Contains("expected sequence 3 but found 4", verification.Problem);
    }

    [Fact]
    public async Task Tamper_SwappedHashes_VerifyNamesTheFirstSwappedEntry()
    {
        var entries = await SeedForTamperingAsync();

        Assert.Equal(1, await ExecuteSqlAsync($"UPDATE ledger_entries SET hash = '{entries[2].Hash}' WHERE company_id = 'acme' AND sequence = 2"));
        Assert.Equal(1, await ExecuteSqlAsync($"UPDATE ledger_entries SET hash = '{entries[1].Hash}' WHERE company_id = 'acme' AND sequence = 3"));

        Assert.Equal(2, (await VerifyAfterTamperingAsync()).FirstBadSequence);
    }

    [Fact]
    public async Task Tamper_RewrittenPayloadWithRecomputedHash_VerifyNamesTheNextEntry()
    {
        var entries = await SeedForTamperingAsync();
        var forged = LedgerEntry.Seal(Acme, 3, entries[2].Submitted() with { Payload = """{"holder":"Mallory","shares":300}""" }, entries[2].PreviousHash);

        Assert.Equal(1, await ExecuteSqlAsync($"UPDATE ledger_entries SET payload = '{forged.Payload}', hash = '{forged.Hash}' WHERE company_id = 'acme' AND sequence = 3"));

        var verification = await VerifyAfterTamperingAsync();
        Assert.Equal(4, verification.FirstBadSequence);
        Assert.Contains("entry 4 names previous hash", verification.Problem);
    }
}
