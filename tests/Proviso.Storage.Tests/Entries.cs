using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Storage;

namespace Proviso.Storage.Tests;

/// <summary>Builders for ledger entries used across the storage tests.</summary>
internal static class Entries
{
    public static readonly Instant Recorded = Instant.FromUtc(2025, 3, 14, 9, 26, 53).PlusNanoseconds(589_793_238);

    public static NewLedgerEntry Issued(string holder, long shares, string? key = null, int minute = 0) => new(
        "SharesIssued",
        new LocalDate(2025, 3, 14),
        Recorded.Plus(Duration.FromMinutes(minute)),
        "company-secretary",
        key,
        "IssueShares",
        $$"""{"holder":"{{holder}}","shares":{{shares}}}""");

    public static NewLedgerEntry Note(string text, string? key = null) => new(
        "NoteRecorded", null, Recorded, "tester", key, null, $$"""{"note":"{{text}}"}""");

    public static IReadOnlyList<NewLedgerEntry> Batch(params NewLedgerEntry[] entries) => entries;

    public static async Task<List<LedgerEntry>> ReadAllAsync(this IEventStore store, string companyId, long after = 0)
    {
        var entries = new List<LedgerEntry>();
        await foreach (var entry in store.ReadAsync(companyId, after)) entries.Add(entry);
        return entries;
    }

    public static IReadOnlyList<LedgerEntry> AssertAppended(this AppendOutcome outcome) =>
        Assert.IsType<AppendOutcome.Appended>(outcome).Entries;

    /// <summary>The fields a caller submitted, as stored: everything the store did not assign.</summary>
    public static NewLedgerEntry Submitted(this LedgerEntry entry) =>
        new(entry.EventType, entry.EffectiveOn, entry.RecordedAt, entry.Actor, entry.IdempotencyKey, entry.Command, entry.Payload);
}
