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
}
