using NodaTime;
using Proviso.Domain.Ledger;

namespace Proviso.Domain.Tests.Ledger;

/// <summary>
/// An entry kept in memory may hold its decoded event in place of the payload text (LedgerEntry.HoldingEvent): it is
/// the same entry in every respect, for every kind of event, and its chain verifies.
/// </summary>
public sealed class LedgerEntryHoldingEventTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 11, 22, 1, 31, 43).PlusNanoseconds(956_800_300);

    private static IEnumerable<LedgerEvent> OneOfEveryKind() =>
        typeof(LedgerEvent).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(LedgerEvent).IsAssignableFrom(t)).OrderBy(t => t.Name).Select(GeneratedEventSamples.Build);

    [Fact]
    public void HoldingTheEvent_EveryKind_SamePayloadEqualAndSameHashCode()
    {
        var previous = HashChain.Genesis;
        var sequence = 0L;
        var full = new List<LedgerEntry>();
        var held = new List<LedgerEntry>();
        foreach (var e in OneOfEveryKind())
        {
            var entry = LedgerEntry.Seal("cloopen", ++sequence, EventCodec.ToEntry(e, At, "admin", null, "Command"), previous);
            previous = entry.Hash;
            var holding = entry.HoldingEvent(e);
            Assert.Equal(entry.Payload, holding.Payload);
            Assert.Equal(entry, holding);
            Assert.Equal(holding, entry);
            Assert.Equal(entry.GetHashCode(), holding.GetHashCode());
            full.Add(entry);
            held.Add(holding);
        }
        Assert.True(full.Count > 40);
        Assert.True(LedgerVerification.Verify("cloopen", held).IsIntact);
        Assert.Equal(full, held);
    }

    [Fact]
    public void HoldingTheEvent_AnotherPayloadSet_IsThatPayload_AndNoLongerEqual()
    {
        var e = OneOfEveryKind().First();
        var entry = LedgerEntry.Seal("cloopen", 1, EventCodec.ToEntry(e, At, "admin", null, null), HashChain.Genesis);
        var changed = entry.HoldingEvent(e) with { Payload = "{\"n\":1}" };

        Assert.Equal("{\"n\":1}", changed.Payload);
        Assert.NotEqual(entry, changed);
        Assert.False(LedgerVerification.Verify("cloopen", [changed]).IsIntact);
        Assert.NotEqual(entry, entry.HoldingEvent(e) with { Actor = "mallory" });
    }
}
