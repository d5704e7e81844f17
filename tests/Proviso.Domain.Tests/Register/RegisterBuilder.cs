using NodaTime;

namespace Proviso.Domain.Tests.Register;

using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;

/// <summary>
/// Builds a register the way the product does: each command is decided against a <see cref="RegisterTimeline"/> and
/// the accepted events are added with increasing sequence numbers. Keeps its own copy of what was recorded so that
/// tests can replay it independently of the timeline.
/// </summary>
internal sealed class RegisterBuilder
{
    private readonly List<(long Sequence, LedgerEvent Event)> _recorded = new();
    private long _sequence;

    public RegisterTimeline Timeline { get; } = new();

    public Register Latest => Timeline.Latest;

    /// <summary>Every accepted event with its sequence, in the order it was recorded (ledger order, not effective order).</summary>
    public IReadOnlyList<(long Sequence, LedgerEvent Event)> Recorded => _recorded;

    public Decision Decide(RegisterCommand command) => RegisterDecider.Decide(Timeline, command);

    /// <summary>Decides and, if accepted, records.</summary>
    public Decision Try(RegisterCommand command)
    {
        var decision = Decide(command);
        if (decision is Decision.Accepted accepted)
            foreach (var e in accepted.Events)
            {
                _sequence++;
                _recorded.Add((_sequence, e));
                Timeline.Add(_sequence, e);
            }
        return decision;
    }

    /// <summary>Records a command that must be accepted; returns its events.</summary>
    public IReadOnlyList<LedgerEvent> Do(RegisterCommand command)
    {
        var decision = Try(command);
        if (decision is Decision.Rejected rejected)
            throw new Xunit.Sdk.XunitException($"Expected {command.GetType().Name} to be accepted, but: {string.Join("; ", rejected.Reasons)}");
        return ((Decision.Accepted)decision).Events;
    }

    /// <summary>Records a command that must be accepted with exactly one event of type <typeparamref name="T"/>.</summary>
    public T Do<T>(RegisterCommand command) where T : LedgerEvent => Assert.IsType<T>(Assert.Single(Do(command)));

    /// <summary>Asserts the command is refused by <paramref name="ruleId"/> and that nothing was recorded.</summary>
    public Rejection Refused(RegisterCommand command, string ruleId)
    {
        var fingerprint = Latest.Fingerprint();
        var lastSequence = Timeline.LastSequence;
        var count = Timeline.Events.Count;
        var decision = Try(command);
        var rejected = Assert.IsType<Decision.Rejected>(decision);
        var reason = Assert.Single(rejected.Reasons);
        Assert.Equal(ruleId, reason.RuleId);
        Assert.False(string.IsNullOrWhiteSpace(reason.Message));
        Assert.Equal(lastSequence, Timeline.LastSequence);
        Assert.Equal(count, Timeline.Events.Count);
        Assert.Equal(fingerprint, Latest.Fingerprint());
        return reason;
    }

    // --- set-up steps (each must be accepted) ---------------------------------------------------------------------

    public RegisterBuilder Company(LocalDate on) { Do(Cmd.Company(on)); return this; }

    public RegisterBuilder Ordinary(string classId, LocalDate on, long votes = 1) { Do(Cmd.Ordinary(classId, on, votes)); return this; }

    public RegisterBuilder Preferred(string classId, string into, Fraction ratio, LocalDate on) { Do(Cmd.Preferred(classId, into, ratio, on)); return this; }

    public RegisterBuilder Holder(string holderId, LocalDate on) { Do(Cmd.Holder(holderId, on)); return this; }

    public RegisterBuilder Holders(LocalDate on, params string[] holderIds)
    {
        foreach (var id in holderIds) Do(Cmd.Holder(id, on));
        return this;
    }

    public RegisterBuilder Issue(string holderId, string classId, long shares, LocalDate on) { Do(Cmd.Issue(holderId, classId, shares, on)); return this; }

    public RegisterBuilder Link(string fromId, string toId, LocalDate on, ControlKind kind = ControlKind.Controls) { Do(Cmd.Link(fromId, toId, on, kind)); return this; }

    public RegisterBuilder Warrant(string instrumentId, string holderId, string classId, long quantity, LocalDate on, LocalDate? exercisableFrom = null, LocalDate? expiresOn = null)
    {
        Do(Cmd.Warrant(instrumentId, holderId, classId, quantity, on, exercisableFrom, expiresOn));
        return this;
    }
}

/// <summary>Commands with sensible defaults, so tests show only what matters to them.</summary>
internal static class Cmd
{
    public static LocalDate D(int year, int month, int day) => new(year, month, day);

    public static RegisterCompany Company(LocalDate on, string id = "cloopen", string name = "Cloopen Group Holding Limited", string currency = "USD") =>
        new(id, name, "KY", "Cricket Square, Grand Cayman", currency) { EffectiveOn = on };

    public static CreateShareClass Ordinary(string classId, LocalDate on, long votes = 1) =>
        new(classId, Title(classId) + " Ordinary Shares", ClassKind.Ordinary, Fraction.Of(votes), Money.Of(0.0001m, "USD"), null, null, 0) { EffectiveOn = on };

    public static CreateShareClass Preferred(string classId, string into, Fraction ratio, LocalDate on) =>
        new(classId, Title(classId) + " Preferred Shares", ClassKind.Preferred, null, Money.Of(0.0001m, "USD"), into, ratio, 1) { EffectiveOn = on };

    public static RegisterHolder Holder(string holderId, LocalDate on, string timeZone = "Asia/Hong_Kong") =>
        new(holderId, Title(holderId), HolderKind.Entity, "KY", timeZone, [new NoticeAddress("email", $"notices@{holderId}.example")], null, null, null) { EffectiveOn = on };

    public static IssueShares Issue(string holderId, string classId, long shares, LocalDate on) =>
        new(holderId, classId, ShareCount.Of(shares), null) { EffectiveOn = on };

    public static TransferShares Transfer(string fromId, string toId, string classId, long shares, LocalDate on, string? authorisedBy = null) =>
        new(fromId, toId, classId, ShareCount.Of(shares), null, null, authorisedBy) { EffectiveOn = on };

    public static ConvertShares Convert(string holderId, string classId, long shares, LocalDate on) =>
        new(holderId, classId, ShareCount.Of(shares)) { EffectiveOn = on };

    public static SplitShares Split(string classId, Fraction ratio, LocalDate on) => new(classId, ratio) { EffectiveOn = on };

    public static RecordControlLink Link(string fromId, string toId, LocalDate on, ControlKind kind = ControlKind.Controls) =>
        new(fromId, toId, kind, "more than 50% of the votes") { EffectiveOn = on };

    public static EndControlLink EndLink(string fromId, string toId, LocalDate on, ControlKind kind = ControlKind.Controls) =>
        new(fromId, toId, kind) { EffectiveOn = on };

    public static IssueInstrument Warrant(string instrumentId, string holderId, string classId, long quantity, LocalDate on, LocalDate? exercisableFrom = null, LocalDate? expiresOn = null) =>
        new(instrumentId, InstrumentKind.Warrant, holderId, classId, ShareCount.Of(quantity), exercisableFrom, expiresOn, null) { EffectiveOn = on };

    public static ExerciseInstrument Exercise(string instrumentId, long quantity, LocalDate on) => new(instrumentId, ShareCount.Of(quantity)) { EffectiveOn = on };

    public static CancelInstrument CancelInstrument(string instrumentId, long quantity, LocalDate on) => new(instrumentId, ShareCount.Of(quantity), "lapsed") { EffectiveOn = on };

    private static string Title(string id) =>
        string.Join(' ', id.Split('-').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
}
