using System.Text.Encodings.Web;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Proviso.Domain.Ledger;

namespace Proviso.Storage.Tests;

/// <summary>Property: whatever batches are appended read back equal, field for field, and the chain verifies.</summary>
public abstract partial class EventStoreContract
{
    private static readonly string[] TextPieces =
        ["a", "Z", "0", " ", "\"", "\\", "'", ";", "--", "é", "ß", "中", "😀", "\n", "\t", "{", "}", "%", "_"];

    private static readonly JsonSerializerOptions RawJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static Gen<string> NonBlankText =>
        from first in Gen.Elements("a", "Z", "é", "中", "😀", "x")
        from rest in Gen.ArrayOf(Gen.Elements(TextPieces))
        select first + string.Concat(rest);

    private static Gen<string?> Optional(Gen<string> gen) =>
        Gen.Frequency((1, Gen.Constant<string?>(null)), (3, gen.Select(s => (string?)s)));

    private static Gen<NewLedgerEntry> NewEntries =>
        from eventType in Gen.Elements("SharesIssued", "SharesTransferred", "ConsentGiven", "NoteRecorded")
        from hasDate in Gen.Elements(true, false)
        from days in Gen.Choose(0, 200 * 366)
        from seconds in Gen.Choose(-1_000_000_000, 2_000_000_000)
        from nanos in Gen.Choose(0, 999_999_999)
        from actor in NonBlankText
        from key in Optional(NonBlankText)
        from command in Optional(NonBlankText)
        from note in Gen.ArrayOf(Gen.Elements(TextPieces)).Select(string.Concat)
        from shares in Gen.Choose(0, int.MaxValue)
        select new NewLedgerEntry(
            eventType,
            hasDate ? new LocalDate(1900, 1, 1).PlusDays(days) : null,
            Instant.FromUnixTimeSeconds(seconds).PlusNanoseconds(nanos),
            actor,
            key,
            command,
            JsonSerializer.Serialize(new { note, shares }, RawJson));

    private static Gen<List<List<NewLedgerEntry>>> Batches =>
        from count in Gen.Choose(1, 4)
        from batches in Gen.ListOf(Gen.Choose(1, 4).SelectMany(size => Gen.ListOf(NewEntries, size)), count)
        select batches;

    [Fact]
    public void AppendedBatches_ReadBackEqualAndVerify()
    {
        var run = 0;
        Prop.ForAll(Arb.From(Batches), batches =>
        {
            var company = $"prop-{++run}";
            var expected = new List<LedgerEntry>();
            for (var b = 0; b < batches.Count; b++)
            {
                // The first entry's key names the batch: make it unique so no batch is a duplicate of an earlier one.
                var batch = batches[b].ToList();
                if (batch[0].IdempotencyKey is { } key) batch[0] = batch[0] with { IdempotencyKey = $"{key}#{b}" };

                var appended = Store.AppendAsync(company, expected.Count, batch).GetAwaiter().GetResult().AssertAppended();

                Assert.Equal(batch, appended.Select(e => e.Submitted()));
                expected.AddRange(appended);
            }
            var read = Store.ReadAllAsync(company).GetAwaiter().GetResult();
            Assert.Equal(expected, read);
            var verification = LedgerVerification.Verify(company, read);
            Assert.True(verification.IsIntact, verification.Problem);
            Assert.Equal(expected.Count, Store.CurrentVersionAsync(company).GetAwaiter().GetResult());
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }
}
