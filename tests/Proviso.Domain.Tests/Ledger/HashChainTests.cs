using NodaTime;

namespace Proviso.Domain.Tests.Ledger;

using Proviso.Domain.Ledger;

public class HashChainTests
{
    private const string Company = "cloopen";

    private static NewLedgerEntry Entry(int i) =>
        new("SharesIssued", new LocalDate(2020, 11, 13).PlusDays(i), Instant.FromUtc(2020, 11, 13, 9, 0).Plus(Duration.FromMinutes(i)),
            "lead", $"key-{i}", "issue-shares", $"{{\"n\":{i}}}");

    private static List<LedgerEntry> Chain(int count)
    {
        var list = new List<LedgerEntry>();
        var previous = HashChain.Genesis;
        for (var i = 1; i <= count; i++)
        {
            var sealedEntry = LedgerEntry.Seal(Company, i, Entry(i), previous);
            list.Add(sealedEntry);
            previous = sealedEntry.Hash;
        }
        return list;
    }

    [Fact]
    public void Genesis_IsSixtyFourZeros()
    {
        Assert.Equal(new string('0', 64), HashChain.Genesis);
        Assert.Equal(HashChain.Genesis, Chain(1)[0].PreviousHash);
    }

    [Fact]
    public void Seal_HashIsLowercaseSha256Hex_AndChainsToThePrevious()
    {
        var chain = Chain(3);
        Assert.All(chain, e => Assert.Matches("^[0-9a-f]{64}$", e.Hash));
        Assert.Equal(chain[0].Hash, chain[1].PreviousHash);
        Assert.Equal(chain[1].Hash, chain[2].PreviousHash);
        Assert.Equal(3, chain.Select(e => e.Hash).Distinct().Count());
    }

    [Fact]
    public void Compute_SameFields_SameHash()
    {
        Assert.Equal(Chain(3)[2].Hash, Chain(3)[2].Hash);
    }

    [Fact]
    public void Compute_AbsentAndEmptyOptionalField_HashDifferently()
    {
        var at = Instant.FromUtc(2020, 11, 13, 9, 0);
        var absent = HashChain.Compute(Company, 1, "T", null, at, "lead", null, null, "{}", HashChain.Genesis);
        var empty = HashChain.Compute(Company, 1, "T", null, at, "lead", "", null, "{}", HashChain.Genesis);
        Assert.NotEqual(absent, empty);
    }

    [Fact]
    public void Compute_TextMovedBetweenAdjacentFields_HashesDifferently()
    {
        var at = Instant.FromUtc(2020, 11, 13, 9, 0);
        var a = HashChain.Compute(Company, 1, "T", null, at, "ab", "c", null, "{}", HashChain.Genesis);
        var b = HashChain.Compute(Company, 1, "T", null, at, "a", "bc", null, "{}", HashChain.Genesis);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Verify_IntactChain_ReportsCountAndHead()
    {
        var chain = Chain(5);
        var v = LedgerVerification.Verify(Company, chain);
        Assert.True(v.IsIntact);
        Assert.Equal(5, v.EntriesChecked);
        Assert.Null(v.FirstBadSequence);
        Assert.Null(v.Problem);
        Assert.Equal(chain[^1].Hash, v.HeadHash);
    }

    [Fact]
    public void Verify_EmptyLedger_IsIntactWithNoHead()
    {
        var v = LedgerVerification.Verify(Company, []);
        Assert.True(v.IsIntact);
        Assert.Equal(0, v.EntriesChecked);
        Assert.Null(v.HeadHash);
    }

    [Fact]
    public void Verify_ChangedPayload_NamesThatEntry()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { Payload = "{\"n\":999}" };
        var v = LedgerVerification.Verify(Company, chain);
        Assert.False(v.IsIntact);
        Assert.Equal(3, v.FirstBadSequence);
        Assert.Equal(3, v.EntriesChecked);
        Assert.Contains("entry 3", v.Problem);
        Assert.Contains("altered", v.Problem);
        Assert.Equal(chain[1].Hash, v.HeadHash);
    }

    [Theory]
    [InlineData("EffectiveOn")]
    [InlineData("RecordedAt")]
    [InlineData("Actor")]
    [InlineData("IdempotencyKey")]
    [InlineData("Command")]
    [InlineData("EventType")]
    public void Verify_AnyChangedField_NamesThatEntry(string field)
    {
        var chain = Chain(4);
        var e = chain[1];
        chain[1] = field switch
        {
            "EffectiveOn" => e with { EffectiveOn = e.EffectiveOn!.Value.PlusDays(1) },
            "RecordedAt" => e with { RecordedAt = e.RecordedAt.Plus(Duration.FromSeconds(1)) },
            "Actor" => e with { Actor = "mallory" },
            "IdempotencyKey" => e with { IdempotencyKey = null },
            "Command" => e with { Command = "transfer-shares" },
            _ => e with { EventType = "SharesTransferred" },
        };
        Assert.Equal(2, LedgerVerification.Verify(Company, chain).FirstBadSequence);
    }

    [Fact]
    public void Verify_ChangedAndResealedEntry_NamesTheNextEntry()
    {
        var chain = Chain(4);
        var tampered = Entry(2) with { Payload = "{\"n\":999}" };
        chain[1] = LedgerEntry.Seal(Company, 2, tampered, chain[0].Hash);
        var v = LedgerVerification.Verify(Company, chain);
        Assert.Equal(3, v.FirstBadSequence);
        Assert.Contains("previous hash", v.Problem);
    }

    [Fact]
    public void Verify_SwappedOrder_NamesTheFirstOutOfPlaceEntry()
    {
        var chain = Chain(4);
        (chain[1], chain[2]) = (chain[2], chain[1]);
        var v = LedgerVerification.Verify(Company, chain);
        Assert.False(v.IsIntact);
        Assert.Equal(3, v.FirstBadSequence);
        Assert.Equal(2, v.EntriesChecked);
        Assert.Contains("expected sequence 2", v.Problem);
    }

    [Fact]
    public void Verify_MissingEntry_NamesTheEntryAfterTheGap()
    {
        var chain = Chain(4);
        chain.RemoveAt(1);
        Assert.Equal(3, LedgerVerification.Verify(Company, chain).FirstBadSequence);
    }

    [Fact]
    public void Verify_WrongPreviousHash_NamesThatEntry()
    {
        var chain = Chain(4);
        var e = chain[2];
        var wrongPrevious = new string('f', 64);
        // Re-seal so that the entry's own hash matches its fields: only the link is wrong.
        chain[2] = LedgerEntry.Seal(Company, e.Sequence, Entry(3), wrongPrevious);
        var v = LedgerVerification.Verify(Company, chain);
        Assert.Equal(3, v.FirstBadSequence);
        Assert.Contains("previous hash", v.Problem);
    }

    [Fact]
    public void Verify_FirstEntryNotChainedToGenesis_NamesEntryOne()
    {
        var first = LedgerEntry.Seal(Company, 1, Entry(1), new string('1', 64));
        Assert.Equal(1, LedgerVerification.Verify(Company, [first]).FirstBadSequence);
    }

    [Fact]
    public void Verify_EntryOfAnotherCompany_NamesThatEntry()
    {
        var chain = Chain(2);
        chain[1] = LedgerEntry.Seal("other-co", 2, Entry(2), chain[0].Hash);
        var v = LedgerVerification.Verify(Company, chain);
        Assert.Equal(2, v.FirstBadSequence);
        Assert.Contains("other-co", v.Problem);
    }

    [Fact]
    public void Verify_SequenceStartingAtZero_NamesIt()
    {
        var zero = LedgerEntry.Seal(Company, 0, Entry(0), HashChain.Genesis);
        Assert.Equal(0, LedgerVerification.Verify(Company, [zero]).FirstBadSequence);
    }
    /// <summary>The canonical bytes as the class documents them, written out plainly: each field a 4-byte big-endian length and its UTF-8 bytes, -1 for an absent one.</summary>
    private static string AsDocumented(string company, long sequence, string type, LocalDate? on, Instant at, string actor, string? key, string? command, string payload, string previous)
    {
        var bytes = new List<byte>();
        foreach (var field in new[] { "proviso-ledger-v1", company, sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), type,
                     on is { } d ? NodaTime.Text.LocalDatePattern.Iso.Format(d) : null, NodaTime.Text.InstantPattern.ExtendedIso.Format(at), actor, key, command, payload, previous })
        {
            var utf8 = field is null ? null : System.Text.Encoding.UTF8.GetBytes(field);
            var length = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, utf8?.Length ?? -1);
            bytes.AddRange(length);
            if (utf8 is not null) bytes.AddRange(utf8);
        }
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes.ToArray()));
    }

    [Theory]
    [InlineData(1, "{}", null, null)]
    [InlineData(42, "{\"holderId\":\"北京\",\"note\":\"Zoë — £2.50\"}", "api:k", "ElectFirstRefusal")] // non-ASCII: more bytes than characters
    [InlineData(9_223_372_036_854_775_807, "", "", "")] // the longest sequence; empty fields
    [InlineData(7, "LONG", "key", null)] // a payload far past the stack buffer
    public void Compute_HashesTheDocumentedCanonicalBytes(long sequence, string payload, string? key, string? command)
    {
        if (payload == "LONG") payload = "{\"receipts\":\"" + string.Concat(Enumerable.Repeat("Sent by e-mail 送达 ", 3_000)) + "\"}";
        var at = Instant.FromUtc(2026, 11, 21, 23, 17, 25).PlusNanoseconds(250_707_800);
        foreach (LocalDate? on in new LocalDate?[] { null, new LocalDate(2020, 12, 2) })
            Assert.Equal(AsDocumented(Company, sequence, "FirstRefusalElected", on, at, "admin", key, command, payload, HashChain.Genesis),
                HashChain.Compute(Company, sequence, "FirstRefusalElected", on, at, "admin", key, command, payload, HashChain.Genesis));
    }

    [Fact]
    public void Compute_AFixedEntry_KeepsTheHashLedgersWereWrittenWith()
    {
        // Computed by the implementation every stored ledger so far was sealed with: a change to the canonical bytes breaks this.
        Assert.Equal(Pinned, Chain(3)[2].Hash);
    }

    private const string Pinned = "6290f5ba452ce41c820babd5651b84170ab11b59d25eac0ec48b2ed4dc67d4a4";
}
