using NodaTime;
using Proviso.Domain.Ledger;

namespace Proviso.Domain.Register;

/// <summary>
/// A company's register events in effective order (by effective date, then by ledger sequence), with the register as
/// of the latest date kept up to date incrementally. A back-dated event (effective before the latest applied date)
/// is slotted into place and the latest register rebuilt, because a split does not commute with an issue.
/// </summary>
public sealed class RegisterTimeline
{
    private readonly List<(long Sequence, LedgerEvent Event)> _events = new();

    public Register Latest { get; private set; } = new();

    public IReadOnlyList<(long Sequence, LedgerEvent Event)> Events => _events;

    public long LastSequence { get; private set; }

    public static RegisterTimeline From(IEnumerable<(long Sequence, LedgerEvent Event)> events)
    {
        var t = new RegisterTimeline();
        foreach (var (seq, e) in events) t.Add(seq, e);
        return t;
    }

    /// <summary>An independent copy: adding to it does not change this timeline.</summary>
    public RegisterTimeline Clone()
    {
        var t = new RegisterTimeline { Latest = Latest.Clone(), LastSequence = LastSequence };
        t._events.AddRange(_events);
        return t;
    }

    /// <summary>Adds a recorded event (sequence numbers must increase) and brings <see cref="Latest"/> up to date.</summary>
    /// <remarks>If the event cannot apply (<see cref="RegisterInvariantException"/>), the timeline is left as it was.</remarks>
    public void Add(long sequence, LedgerEvent e)
    {
        if (sequence <= LastSequence) throw new ArgumentException($"sequence {sequence} is not after {LastSequence}", nameof(sequence));
        if (Latest.LastEffectiveOn is null || e.EffectiveOn >= Latest.LastEffectiveOn)
        {
            try
            {
                Latest.Apply(e);
            }
            catch (RegisterInvariantException)
            {
                Latest = Replay(_events, null);
                throw;
            }
            _events.Add((sequence, e));
            LastSequence = sequence;
            return;
        }
        var index = _events.FindLastIndex(x => x.Event.EffectiveOn <= e.EffectiveOn) + 1;
        var merged = new List<(long Sequence, LedgerEvent Event)>(_events);
        merged.Insert(index, (sequence, e));
        Latest = Replay(merged, null);
        _events.Clear();
        _events.AddRange(merged);
        LastSequence = sequence;
    }

    /// <summary>
    /// The register as of the end of <paramref name="date"/>: every event effective on or before it, in effective order.
    /// The result is the caller's own: later additions to the timeline do not change it.
    /// </summary>
    public Register AsOf(LocalDate date)
    {
        if (Latest.LastEffectiveOn is null || date >= Latest.LastEffectiveOn) return Latest.Clone();
        return Replay(_events, date);
    }

    private static Register Replay(IEnumerable<(long Sequence, LedgerEvent Event)> ordered, LocalDate? asOf)
    {
        var r = new Register();
        foreach (var (_, e) in ordered)
        {
            if (asOf is { } d && e.EffectiveOn > d) break;
            r.Apply(e);
        }
        return r;
    }

    /// <summary>
    /// Whether the timeline would still replay if <paramref name="added"/> were recorded now with effective date before
    /// later entries; returns the problem if not.
    /// </summary>
    public string? CheckInsertion(IReadOnlyList<LedgerEvent> added)
    {
        var merged = _events.Select(x => x.Event).ToList();
        foreach (var e in added)
        {
            var index = merged.FindLastIndex(x => x.EffectiveOn <= e.EffectiveOn) + 1;
            merged.Insert(index, e);
        }
        var r = new Register();
        try
        {
            foreach (var e in merged) r.Apply(e);
            return null;
        }
        catch (RegisterInvariantException ex)
        {
            return ex.Message;
        }
    }
}
