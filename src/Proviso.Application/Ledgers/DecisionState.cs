using NodaTime;
using Proviso.Application.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register;

namespace Proviso.Application.Ledgers;

/// <summary>
/// What commands are decided against: a company's ledger (or a bare timeline) and the events decided on it since, which
/// no entry holds yet. Commands decided one after another on one state each see the ones before them: the commands of
/// one batch (<see cref="CompanyCommands"/>), and the batches of one group commit (<see cref="CompanyWriteQueue"/>).
/// <para>Cheap to keep up to date, because most commands do not need the whole timeline: the transfer processes, terms
/// and lock-ups are an incrementally extended <see cref="TransferIndex"/>, and the register as of a date is read from the
/// latest timeline built (<see cref="RegisterHistory"/>) as long as every event since is a process step, recorded terms
/// or a lock-up, none of which changes the register. The whole timeline (<see cref="Timeline"/>) is built (a copy of the
/// ledger's plus the decided events) only when a decider asks for it, or when an event that may change the register is
/// decided, which is then applied at once so that an event the register cannot take fails the command that decided
/// it.</para>
/// <para>Not thread-safe: one state is used by one decider at a time. The ledger and timeline it starts from are not
/// changed.</para>
/// </summary>
public sealed class DecisionState
{
    private readonly CompanyLedger? _ledger;
    private readonly RegisterTimeline? _bare;
    private readonly List<(long Sequence, LedgerEvent Event)> _decided = new();
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private RegisterTimeline? _scratch;
    private int _scratchCount;
    private TransferIndex? _transfers;
    private int _transfersCount;
    private LocalDate? _lastEffectiveOn;
    private bool _placedLast = true;
    private bool _onlyIndexed = true;

    private DecisionState(CompanyLedger? ledger, RegisterTimeline? bare)
    {
        _ledger = ledger;
        _bare = bare;
        StartVersion = ledger?.Version ?? bare!.LastSequence;
        _lastEffectiveOn = ledger is not null ? ledger.LastEffectiveOn : bare!.Latest.LastEffectiveOn;
    }

    /// <summary>The state of a ledger as read (it is not changed).</summary>
    public static DecisionState Of(CompanyLedger ledger) => new(ledger, null);

    /// <summary>The state of a bare timeline (it is not changed).</summary>
    public static DecisionState Of(RegisterTimeline timeline) => new(null, timeline);

    /// <summary>The version the state started from: its ledger's, or its timeline's last sequence.</summary>
    public long StartVersion { get; }

    /// <summary>The version the state is at: the one it started from plus the events decided since.</summary>
    public long Version => StartVersion + _decided.Count;

    /// <summary>Every event of the ledger and every event decided since, in effective order: built when first asked for.</summary>
    public RegisterTimeline Timeline
    {
        get
        {
            if (_decided.Count == 0) return _ledger?.Timeline ?? _bare!;
            if (_scratch is null)
            {
                _scratch = (_ledger?.Timeline ?? _bare!).Clone();
                _scratchCount = 0;
            }
            while (_scratchCount < _decided.Count)
            {
                var (sequence, e) = _decided[_scratchCount];
                _scratch.Add(sequence, e);
                _scratchCount++;
            }
            return _scratch;
        }
    }

    /// <summary>
    /// A timeline with every register event of the state, whose other events may stop short of the latest: for rules that
    /// read only the register as of a date (process steps, terms and lock-ups leave the register as it is). The latest
    /// timeline built, without a copy, while every event since is one of those.
    /// </summary>
    public RegisterTimeline RegisterHistory =>
        _scratch is not null || !_onlyIndexed ? Timeline
        : _ledger is not null ? _ledger.RegisterHistory
        : _bare!;

    /// <summary>The transfer processes, lock-ups and recorded terms of the state.</summary>
    public TransferIndex Transfers
    {
        get
        {
            if (!_placedLast) return _transfers is { } built && _transfersCount == _decided.Count ? built : Remember(TransferIndex.Of(Timeline));
            if (_transfers is null)
            {
                _transfers = _ledger is not null ? TransferIndex.Of(_ledger) : TransferIndex.Of(_bare!);
                _transfersCount = 0;
            }
            if (_transfersCount < _decided.Count)
            {
                _transfers = _transfers.With(_decided.Skip(_transfersCount).Select(x => x.Event).ToList());
                _transfersCount = _decided.Count;
            }
            return _transfers;
        }
    }

    /// <summary>The events decided on this state, in order (one per entry of the batches decided, as recorded).</summary>
    internal IReadOnlyList<LedgerEvent> DecidedEvents => _decided.ConvertAll(x => x.Event);

    /// <summary>
    /// The transfer index of the state (<see cref="Transfers"/>) if a decider has asked for it and every decided event was
    /// placed after the ledger's (so it is the ledger's index extended by them, as <see cref="TransferIndex.Of(CompanyLedger)"/>
    /// would extend it); null otherwise, without building one.
    /// </summary>
    internal TransferIndex? TransfersIfExtended => _ledger is not null && _placedLast && _transfers is not null ? Transfers : null;

    private TransferIndex Remember(TransferIndex index)
    {
        _transfers = index;
        _transfersCount = _decided.Count;
        return index;
    }

    /// <summary>Whether a command was recorded (in the ledger) or decided (in this state) under <paramref name="key"/>.</summary>
    public bool HasIdempotencyKey(string key) => _keys.Contains(key) || (_ledger?.HasIdempotencyKey(key) ?? false);

    /// <summary>Whether a command was decided in this state (and not yet recorded) under <paramref name="key"/>.</summary>
    public bool DecidedUnder(string key) => _keys.Contains(key);

    /// <summary>
    /// Decides <paramref name="commands"/> in order, each on the state the ones before it leave, skipping each whose key
    /// the state already has. All or nothing: if a rule refuses one (or a decider throws), the state is left as it was
    /// and nothing of the batch counts. Otherwise the state moves on by their events, and the result holds the entries
    /// to record them (empty if every command was skipped): every entry of a command carries its key (the first as it
    /// is, the next ones with "#1", "#2", …).
    /// </summary>
    public (IReadOnlyList<NewLedgerEntry> Entries, CommandOutcome.Refused? Refused) Decide(
        IReadOnlyList<(object Command, string? IdempotencyKey, string? Source)> commands, Actor actor)
    {
        var mark = _decided.Count;
        var keys = new List<string>();
        var entries = new List<NewLedgerEntry>();
        try
        {
            for (var i = 0; i < commands.Count; i++)
            {
                var (command, key, source) = commands[i];
                if (key is not null && HasIdempotencyKey(key)) continue;
                var decision = CompanyDecider.Decide(this, command);
                if (decision is Decision.Rejected rejected)
                {
                    Rewind(mark, keys);
                    return ([], new CommandOutcome.Refused(i, command.GetType().Name, rejected.Reasons, source));
                }
                var events = ((Decision.Accepted)decision).Events;
                for (var j = 0; j < events.Count; j++)
                    entries.Add(EventCodec.ToEntry(events[j], actor.Now, actor.Name, key is null ? null : (j == 0 ? key : $"{key}#{j}"), command.GetType().Name));
                Add(events);
                if (key is not null && _keys.Add(key)) keys.Add(key);
            }
            return (entries, null);
        }
        catch
        {
            Rewind(mark, keys);
            throw;
        }
    }

    /// <summary>Adds decided events, numbered after the state's version.</summary>
    private void Add(IReadOnlyList<LedgerEvent> events)
    {
        foreach (var e in events)
        {
            _decided.Add((Version + 1, e));
            if (RegisterTimeline.PlacesLast(_lastEffectiveOn, e.EffectiveOn)) _lastEffectiveOn = e.EffectiveOn;
            else _placedLast = false;
            if (!TransferIndex.Indexes(e)) _onlyIndexed = false;
        }
        // An event that may change the register goes into the timeline now, so that one it cannot take fails here.
        if (_scratch is not null || !_onlyIndexed) _ = Timeline;
    }

    /// <summary>Forgets the events decided after the first <paramref name="count"/> (and the keys decided with them).</summary>
    private void Rewind(int count, List<string> keys)
    {
        foreach (var key in keys) _keys.Remove(key);
        if (_decided.Count == count) return;
        _decided.RemoveRange(count, _decided.Count - count);
        if (_scratchCount > count) _scratch = null; // it holds events that no longer count: built again when asked for
        if (_transfersCount > count) _transfers = null;
        _lastEffectiveOn = _ledger is not null ? _ledger.LastEffectiveOn : _bare!.Latest.LastEffectiveOn;
        _placedLast = true;
        _onlyIndexed = true;
        var decided = _decided.ToList();
        _decided.Clear();
        Add(decided.Select(x => x.Event).ToList());
    }
}
