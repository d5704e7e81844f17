using NodaTime;
using Proviso.Domain.Ledger;

namespace Proviso.Storage;

/// <summary>
/// Argument checks shared by every store, made before a transaction starts so both stores refuse the same input with
/// the same message. Refusals are <see cref="ArgumentException"/>s: they are programmer errors, not business outcomes.
/// (Whether a payload is JSON is checked by the database itself, by a constraint on the ledger table.)
/// </summary>
internal static class AppendRequest
{
    public static void Validate(string companyId, long? expectedVersion, IReadOnlyList<NewLedgerEntry> entries)
    {
        ValidateCompanyId(companyId);
        if (expectedVersion is < 0)
            throw new ArgumentOutOfRangeException(nameof(expectedVersion), expectedVersion, "The expected version is a sequence number: 0 for an empty ledger, or more.");
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
            throw new ArgumentException("An append needs at least one entry.", nameof(entries));
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i] ?? throw new ArgumentException($"Entry {i + 1} of the batch is null.", nameof(entries));
            // Each message names the entry and the field; it is written only when a check fails.
            var number = i + 1;
            RequireText(entry.EventType, number, "the event type", allowNull: false);
            RequireText(entry.Actor, number, "the actor", allowNull: false);
            RequireText(entry.IdempotencyKey, number, "the idempotency key", allowNull: true);
            RequireText(entry.Command, number, "the command", allowNull: true);
            if (entry.Payload is null)
                throw new ArgumentException($"{What(number, "the payload")} is null; an entry's payload is JSON text.", nameof(entries));
            RequireStorable(entry.Payload, number, "the payload");
            if (entry.EffectiveOn is { } date && date.Calendar != CalendarSystem.Iso)
                throw new ArgumentException($"{What(number, "the effective date")} {date} is in the {date.Calendar.Id} calendar; the ledger stores ISO dates.", nameof(entries));
        }
    }

    /// <summary>
    /// The checks of <see cref="Validate"/> for each append of a group: the problem with each (null where there is none),
    /// so that one bad append does not stop the others. A bad company id, a null group or a null append throws.
    /// </summary>
    public static ArgumentException?[] ValidateGroup(string companyId, long? baseVersion, IReadOnlyList<GroupedAppend> appends)
    {
        ValidateCompanyId(companyId);
        if (baseVersion is < 0)
            throw new ArgumentOutOfRangeException(nameof(baseVersion), baseVersion, "The base version is a sequence number: 0 for an empty ledger, or more.");
        ArgumentNullException.ThrowIfNull(appends);
        var problems = new ArgumentException?[appends.Count];
        for (var i = 0; i < appends.Count; i++)
        {
            var append = appends[i] ?? throw new ArgumentException($"Append {i + 1} of the group is null.", nameof(appends));
            try
            {
                Validate(companyId, append.ExpectedVersion, append.Entries);
            }
            catch (ArgumentException e)
            {
                problems[i] = e;
            }
        }
        return problems;
    }

    /// <summary>
    /// A store's group write: appends <paramref name="appends"/> in one transaction, each with its outcome (an append
    /// with a problem from <see cref="ValidateGroup"/> gets <see cref="AppendOutcome.Invalid"/> and writes nothing).
    /// </summary>
    public delegate Task<AppendOutcome[]> GroupWrite(string companyId, long? baseVersion, IReadOnlyList<GroupedAppend> appends, ArgumentException?[] problems, CancellationToken ct);

    /// <summary><see cref="IEventStore.AppendAsync"/> as a group of one through a store's <paramref name="write"/>: bad input throws.</summary>
    public static async Task<AppendOutcome> AppendOneAsync(GroupWrite write, string companyId, long? expectedVersion, IReadOnlyList<NewLedgerEntry> entries, CancellationToken ct)
    {
        Validate(companyId, expectedVersion, entries);
        var outcome = (await write(companyId, null, [new GroupedAppend(expectedVersion, entries)], [null], ct).ConfigureAwait(false))[0];
        return outcome is AppendOutcome.Invalid invalid ? throw invalid.Error : outcome;
    }

    /// <summary><see cref="IEventStore.AppendGroupAsync"/> through a store's <paramref name="write"/>: each append's bad input is its own outcome.</summary>
    public static async Task<IReadOnlyList<AppendOutcome>> AppendGroupAsync(GroupWrite write, string companyId, long? baseVersion, IReadOnlyList<GroupedAppend> appends, CancellationToken ct) =>
        await write(companyId, baseVersion, appends, ValidateGroup(companyId, baseVersion, appends), ct).ConfigureAwait(false);

    public static void ValidateCompanyId(string companyId)
    {
        if (string.IsNullOrWhiteSpace(companyId))
            throw new ArgumentException("A company id is required.", nameof(companyId));
        RequireStorable(companyId, 0, "The company id");
    }

    public static void ValidateIdempotencyKey(string idempotencyKey)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey))
            throw new ArgumentException("An idempotency key is required.", nameof(idempotencyKey));
        RequireStorable(idempotencyKey, 0, "The idempotency key");
    }

    /// <summary>"Entry N of the batch: the field", or the field alone for <paramref name="entry"/> 0 (not an entry's).</summary>
    private static string What(int entry, string field) => entry > 0 ? $"Entry {entry} of the batch: {field}" : field;

    private static void RequireText(string? value, int entry, string field, bool allowNull)
    {
        if (value is null)
        {
            if (allowNull) return;
            throw new ArgumentException($"{What(entry, field)} is required.", "entries");
        }
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException($"{What(entry, field)} is empty; give a value or leave it out.", "entries");
        RequireStorable(value, entry, field);
    }

    /// <summary>
    /// Text must survive a round trip through UTF-8 in both databases: no NUL characters (PostgreSQL text cannot hold
    /// them) and no unpaired UTF-16 surrogates (UTF-8 cannot encode them, so the stored text would differ).
    /// </summary>
    private static void RequireStorable(string value, int entry, string field)
    {
        var span = value.AsSpan();
        if (span.Contains('\0'))
            throw new ArgumentException($"{What(entry, field)} contains a NUL character, which the ledger cannot store.", "entries");
        var firstSurrogate = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (firstSurrogate < 0) return;
        for (var i = firstSurrogate; i < span.Length; i++)
        {
            var c = span[i];
            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
                throw new ArgumentException($"{What(entry, field)} contains an unpaired UTF-16 surrogate at position {i}, which is not valid text.", "entries");
        }
    }
}
