using NodaTime;
using Proviso.Domain.Ledger;

namespace Proviso.Domain.Tests.Ledger;

/// <summary>
/// An entry keeps a canonical hash (64 lowercase hex digits) as its 32 bytes and gives the same text back; any other
/// text, which only a damaged or foreign store could hold, is kept exactly as given so that verification reports it.
/// </summary>
public sealed class LedgerEntryHashTests
{
    private static LedgerEntry Entry(string previous, string hash) =>
        new("cloopen", 7, "NoteRecorded", null, Instant.FromUtc(2026, 11, 22, 2, 0), "admin", null, null, "{}", previous, hash);

    private static readonly string Canonical = LedgerEntry.Seal("cloopen", 1, new NewLedgerEntry("NoteRecorded", null, Instant.FromUtc(2026, 11, 22, 2, 0), "admin", null, null, "{}"), HashChain.Genesis).Hash;

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("950cd6de27aabbe2125d78784e3f254d503d33a2ae5671ce74d66ba15be7e24a")]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("950CD6DE27AABBE2125D78784E3F254D503D33A2AE5671CE74D66BA15BE7E24A")]
    [InlineData("950cd6de27aabbe2125d78784e3f254d503d33a2ae5671ce74d66ba15be7e24")]
    [InlineData("950cd6de27aabbe2125d78784e3f254d503d33a2ae5671ce74d66ba15be7e24g")]
    [InlineData("")]
    [InlineData("not a hash")]
    public void AnyHashText_GivenBackExactly(string text)
    {
        var entry = Entry(text, text);
        Assert.Equal(text, entry.Hash);
        Assert.Equal(text, entry.PreviousHash);
        Assert.Equal(text, (entry with { Hash = Canonical }).PreviousHash);
        Assert.Equal(text, (Entry(Canonical, Canonical) with { Hash = text }).Hash);
    }

    [Fact]
    public void Entries_EqualExactlyWhenTheirHashTextsAre()
    {
        var upper = Canonical.ToUpperInvariant();
        Assert.Equal(Entry(HashChain.Genesis, Canonical), Entry(HashChain.Genesis, Canonical));
        Assert.Equal(Entry(HashChain.Genesis, Canonical).GetHashCode(), Entry(HashChain.Genesis, Canonical).GetHashCode());
        Assert.NotEqual(Entry(HashChain.Genesis, Canonical), Entry(HashChain.Genesis, upper));
        Assert.NotEqual(Entry(HashChain.Genesis, Canonical), Entry(Canonical, Canonical));
        Assert.NotEqual(Entry(HashChain.Genesis, Canonical), Entry(HashChain.Genesis, Canonical[..63] + (Canonical[63] == '0' ? '1' : '0')));
        Assert.Equal(Entry("x", "y"), Entry("x", "y"));
        Assert.NotEqual(Entry("x", "y"), Entry("x", "z"));
    }

    [Fact]
    public void AChainSealedAndVerified_WithHashesKeptAsBytes()
    {
        var previous = HashChain.Genesis;
        var chain = new List<LedgerEntry>();
        for (var i = 1; i <= 5; i++)
        {
            var e = LedgerEntry.Seal("cloopen", i, new NewLedgerEntry("NoteRecorded", null, Instant.FromUtc(2026, 11, 22, 2, i), "admin", null, null, $"{{\"n\":{i}}}"), previous);
            Assert.Equal(previous, e.PreviousHash);
            previous = e.Hash;
            chain.Add(e);
        }
        Assert.True(LedgerVerification.Verify("cloopen", chain).IsIntact);
        chain[2] = chain[2] with { Hash = chain[2].Hash.ToUpperInvariant() };
        Assert.False(LedgerVerification.Verify("cloopen", chain).IsIntact);
    }

    private static NewLedgerEntry Note(int n) =>
        new("NoteRecorded", n % 2 == 0 ? new LocalDate(2026, 11, n) : null, Instant.FromUtc(2026, 11, 22, 2, n), "admin", n % 3 == 0 ? $"k{n}" : null, "RecordNote", $"{{\"n\":{n}}}");

    [Fact]
    public void SealedAfterAnEntry_IsTheEntrySealedOnItsHashText()
    {
        var first = LedgerEntry.Seal("cloopen", 1, Note(1), HashChain.Genesis);
        var viaText = new List<LedgerEntry> { first };
        var viaEntry = new List<LedgerEntry> { first };
        for (var n = 2; n <= 6; n++)
        {
            viaText.Add(LedgerEntry.Seal("cloopen", n, Note(n), viaText[^1].Hash));
            viaEntry.Add(LedgerEntry.SealAfter(viaEntry[^1], Note(n)));
        }
        Assert.Equal(viaText, viaEntry);
        Assert.Equal(viaText.Select(e => (e.Sequence, e.PreviousHash, e.Hash)), viaEntry.Select(e => (e.Sequence, e.PreviousHash, e.Hash)));
        Assert.True(LedgerVerification.Verify("cloopen", viaEntry).IsIntact);

        // After an entry whose hash is not canonical text (a damaged store): chained to that text exactly.
        foreach (var odd in new[] { Canonical.ToUpperInvariant(), "not a hash", "", new string('a', 65) })
        {
            var damaged = Entry(HashChain.Genesis, odd);
            var next = LedgerEntry.SealAfter(damaged, Note(8));
            Assert.Equal(LedgerEntry.Seal("cloopen", 8, Note(8), odd), next);
            Assert.Equal(odd, next.PreviousHash);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("950CD6DE27AABBE2125D78784E3F254D503D33A2AE5671CE74D66BA15BE7E24A")]
    [InlineData("short")]
    [InlineData("")]
    public void AHashWrittenIntoABuffer_IsItsTextExactly_OrNothingIfTheBufferIsTooSmall(string? text)
    {
        var entry = text is null ? LedgerEntry.SealAfter(Entry(HashChain.Genesis, Canonical), Note(8)) : Entry(text, text);
        Span<char> buffer = stackalloc char[64];
        Assert.True(entry.TryFormatHash(buffer, out var written));
        Assert.Equal(entry.Hash, buffer[..written].ToString());
        Assert.True(entry.TryFormatPreviousHash(buffer, out written));
        Assert.Equal(entry.PreviousHash, buffer[..written].ToString());
        if (entry.Hash.Length > 0)
        {
            var small = new char[entry.Hash.Length - 1];
            Assert.False(entry.TryFormatHash(small, out written));
            Assert.Equal(0, written);
            Assert.All(small, c => Assert.Equal('\0', c));
        }
    }
}
