using System.Diagnostics;
using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;

namespace Proviso.Benchmarks;

/// <summary>
/// A synthetic company whose ledger is produced the way the product produces one: every event comes from
/// <see cref="RegisterDecider.Decide"/> on the timeline so far, so every event is valid, and is serialised with
/// <see cref="EventCodec"/>. Deterministic for a given size and seed.
/// <para>The mix, for 100,000 holders and 1,000,000 events: five classes (two ordinary, three preferred series, one with a
/// 3/2 conversion ratio), holders registered throughout the history, each new holder buying in by a transfer, about
/// one in 25 new holders controlled by the holder before it (affiliate groups), transfers with certificates (the bulk:
/// source certificates cancelled, new and balance certificates issued), periodic issues, options issued and
/// exercised, conversions, repurchases, legends, stop-transfer notations noted and lifted, notice changes, link ends,
/// a conversion ratio change and one 2-for-1 split of Class A.</para>
/// </summary>
public sealed class SyntheticCompany
{
    public const string CompanyId = "synthetic-co";

    /// <summary>The size the benchmarks use: 100,000 holders, 1,000,000 events.</summary>
    public const int DefaultHolders = 100_000;

    public const int DefaultEvents = 1_000_000;

    private static readonly Lazy<SyntheticCompany> SharedInstance = new(() => Build(DefaultHolders, DefaultEvents));

    /// <summary>One shared instance per process (benchmarks run in-process, so it is built once per run).</summary>
    public static SyntheticCompany Shared => SharedInstance.Value;

    private SyntheticCompany(LedgerEvent[] events, string[] eventTypes, string[] payloads, Register register,
        IReadOnlyDictionary<string, int> countsByType, int rejected, TimeSpan buildTime)
    {
        Events = events;
        EventTypes = eventTypes;
        Payloads = payloads;
        Register = register;
        CountsByType = countsByType;
        Rejected = rejected;
        BuildTime = buildTime;
    }

    /// <summary>The events in ledger (and effective) order; sequence numbers are index + 1.</summary>
    public LedgerEvent[] Events { get; }

    /// <summary>The stored event type of each event ("SharesTransferred").</summary>
    public string[] EventTypes { get; }

    /// <summary>The stored payload of each event: <see cref="EventCodec.Serialize"/>'s text, as the stores hold it.</summary>
    public string[] Payloads { get; }

    /// <summary>The register after every event (the decider's own timeline).</summary>
    public Register Register { get; }

    public IReadOnlyDictionary<string, int> CountsByType { get; }

    /// <summary>Commands the decider refused (transfers out of a holding under a stop-transfer notation); not recorded.</summary>
    public int Rejected { get; }

    public TimeSpan BuildTime { get; }

    public int Count => Events.Length;

    public long PayloadChars => Payloads.Sum(p => (long)p.Length);

    private static readonly string[] Classes = ["class-a", "class-b", "series-a", "series-b", "series-c"];
    private static readonly string[] Zones = ["Asia/Hong_Kong", "Asia/Shanghai", "America/New_York", "Europe/London", "Asia/Singapore"];
    private static readonly string[] Jurisdictions = ["KY", "HK", "CN", "US", "GB", "SG"];

    public static SyntheticCompany Build(int holders, int events, int seed = 20_240_611)
    {
        var clock = Stopwatch.StartNew();
        var g = new Generator(holders, events, seed);
        g.Run();
        var list = g.Recorded;
        var types = new string[list.Count];
        var payloads = new string[list.Count];
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            types[i] = EventCodec.TypeName(list[i]);
            payloads[i] = EventCodec.Serialize(list[i]);
            counts[types[i]] = counts.GetValueOrDefault(types[i]) + 1;
        }
        return new SyntheticCompany(list.ToArray(), types, payloads, g.Timeline.Latest, counts, g.Rejected, clock.Elapsed);
    }

    private sealed class Generator(int holders, int target, int seed)
    {
        private readonly Random _random = new(seed);
        private readonly List<string> _holders = new(holders);
        private readonly List<(string Holder, string Class)> _positions = new(holders * 2);
        private readonly HashSet<(string, string)> _known = new();
        private readonly List<string> _instruments = new();
        private readonly List<(string From, string To)> _links = new();
        private readonly List<(string Holder, string Class, int LiftAt)> _stops = new();
        private LocalDate _day = new(2015, 1, 5);
        private long _sequence;

        public RegisterTimeline Timeline { get; } = new();
        public List<LedgerEvent> Recorded { get; } = new(target + 16);
        public int Rejected { get; private set; }

        private int Count => Recorded.Count;

        public void Run()
        {
            Decide(new RegisterCompany(CompanyId, "Synthetic Holdings Limited", "KY", "PO Box 309, George Town", "USD") { EffectiveOn = _day });
            var par = Money.Of(0.0001m, "USD");
            Decide(new CreateShareClass("class-a", "Class A Ordinary", ClassKind.Ordinary, Fraction.One, par, null, null, 0) { EffectiveOn = _day });
            Decide(new CreateShareClass("class-b", "Class B Ordinary", ClassKind.Ordinary, Fraction.Of(10), par, null, null, 0) { EffectiveOn = _day });
            Decide(new CreateShareClass("series-a", "Series A Preferred", ClassKind.Preferred, null, par, "class-a", Fraction.One, 1) { EffectiveOn = _day });
            Decide(new CreateShareClass("series-b", "Series B Preferred", ClassKind.Preferred, null, par, "class-a", Fraction.Create(3, 2), 2) { EffectiveOn = _day });
            Decide(new CreateShareClass("series-c", "Series C Preferred", ClassKind.Preferred, Fraction.One, par, "class-a", Fraction.One, 3) { EffectiveOn = _day });

            // Founders and the first investors hold large blocks that later trade down to the other holders.
            for (var i = 0; i < 20; i++) RegisterNewHolder(link: false);
            for (var i = 0; i < 20; i++)
            {
                var cls = i < 5 ? "class-b" : Classes[i % Classes.Length];
                Issue(_holders[i], cls, 50_000_000);
            }

            // About 2,500 business days of history; events never go back in time, so replay takes the in-order path.
            var start = _day;
            var perDay = Math.Max(1, target / 2_500);
            // Once holders arrive steadily, a registration (one event, plus the buy-in transfer, plus sometimes a link)
            // happens at steps ending in 1 and skips the steps ending in 2 (and sometimes 3): the periodic commands below
            // use other offsets so that they do happen.
            var split = false;
            while (Count < target)
            {
                var step = Count;
                _day = start.PlusDays(step / perDay);
                if ((long)_holders.Count * target < (long)holders * step)
                {
                    // A new holder enters the register and buys in from an existing holder.
                    var id = RegisterNewHolder(link: _holders.Count % 25 == 0);
                    Transfer(toHolder: id);
                }
                else if (step % 1_000 == 7) Issue(Pick(_holders), Classes[_random.Next(Classes.Length)], 10_000 + _random.Next(1_000_000));
                else if (step % 5_000 == 15) IssueOption();
                else if (step % 5_000 == 2_515) ExerciseOption();
                else if (step % 10_000 == 13) Legend();
                else if (step % 20_000 == 17) NoteStop();
                else if (_stops.Count > 0 && step >= _stops[0].LiftAt) LiftStop();
                else if (step % 25_000 == 19) Repurchase();
                else if (step % 50_000 == 23) Convert();
                else if (step % 50_000 == 29) EndLink();
                else if (step % 100_000 == 33) NoticeChange();
                else if (step % 250_000 == 37) Decide(new ChangeConversionRatio("series-b", Fraction.Create(8, 5), "anti-dilution adjustment") { EffectiveOn = _day });
                else if (!split && step >= target / 500)
                {
                    // Early in the history, as before a listing: the event lists every Class A certificate then on the register.
                    Decide(new SplitShares("class-a", Fraction.Of(2)) { EffectiveOn = _day });
                    split = true;
                }
                else Transfer(toHolder: null);
                // A periodic command that found nothing to do (no instrument yet, a legend already there) records
                // nothing: trade instead, so that the history moves on.
                if (Count == step) Transfer(toHolder: null);
            }
        }

        private void Decide(RegisterCommand command)
        {
            var decision = RegisterDecider.Decide(Timeline, command);
            switch (decision)
            {
                case Decision.Accepted a:
                    foreach (var e in a.Events)
                    {
                        Timeline.Add(++_sequence, e);
                        Recorded.Add(e);
                    }
                    break;
                case Decision.Rejected r when r.Reasons.All(x => x.RuleId == "register.stop-transfer"):
                    Rejected++;
                    break;
                case Decision.Rejected r:
                    throw new InvalidOperationException($"synthetic command {command.GetType().Name} refused: {string.Join("; ", r.Reasons)}");
            }
        }

        private T Pick<T>(List<T> list) => list[_random.Next(list.Count)];

        private string RegisterNewHolder(bool link)
        {
            var n = _holders.Count + 1;
            var id = $"h{n:D6}";
            var individual = n % 3 == 0;
            Decide(new RegisterHolder(id, individual ? $"Holder {n} (individual)" : $"Holder {n} Limited",
                individual ? HolderKind.Individual : HolderKind.Entity, Jurisdictions[n % Jurisdictions.Length], Zones[n % Zones.Length],
                [new NoticeAddress("email", $"{id}@example.com"), new NoticeAddress("courier", $"{n} Example Road, Suite {n % 900}", Attention: "Company Secretary")],
                null, null, n % 7 == 0 ? "synthetic holder" : null) { EffectiveOn = _day });
            if (link && _holders.Count > 0)
            {
                var parent = _holders[^1];
                Decide(new RecordControlLink(parent, id, n % 2 == 0 ? ControlKind.Controls : ControlKind.HoldingCompany, "majority of votes") { EffectiveOn = _day });
                _links.Add((parent, id));
            }
            _holders.Add(id);
            return id;
        }

        private void Issue(string holder, string cls, long shares)
        {
            Decide(new IssueShares(holder, cls, new ShareCount(shares), Money.Of(shares * 0.25m, "USD")) { EffectiveOn = _day });
            Track(holder, cls);
        }

        private void Track(string holder, string cls)
        {
            if (_known.Add((holder, cls))) _positions.Add((holder, cls));
        }

        /// <summary>A random holding with shares; emptied holdings found on the way are dropped from the pool.</summary>
        private (string Holder, string Class, long Shares) PickHolding()
        {
            while (true)
            {
                var i = _random.Next(_positions.Count);
                var (h, c) = _positions[i];
                var shares = Timeline.Latest.SharesOf(h, c).Value;
                if (shares > 0) return (h, c, shares);
                _positions[i] = _positions[^1];
                _positions.RemoveAt(_positions.Count - 1);
                _known.Remove((h, c));
            }
        }

        private void Transfer(string? toHolder)
        {
            var (from, cls, held) = PickHolding();
            var to = toHolder ?? Pick(_holders);
            if (to == from) return;
            var shares = held == 1 || _random.Next(10) == 0 ? held : 1 + _random.NextInt64(held / 2);
            Decide(new TransferShares(from, to, cls, new ShareCount(shares),
                _random.Next(4) == 0 ? null : Money.Of(shares * 1.75m, "USD"), $"SPA-{Count}", null) { EffectiveOn = _day });
            Track(to, cls);
        }

        private void IssueOption()
        {
            var id = $"opt-{_instruments.Count + 1:D4}";
            Decide(new IssueInstrument(id, _instruments.Count % 4 == 0 ? InstrumentKind.Warrant : InstrumentKind.Option, Pick(_holders), "class-a",
                new ShareCount(20_000), _day, _day.PlusYears(10), Money.Of(0.5m, "USD")) { EffectiveOn = _day });
            _instruments.Add(id);
        }

        private void ExerciseOption()
        {
            if (_instruments.Count == 0) return;
            var id = Pick(_instruments);
            var ins = Timeline.Latest.Instruments[id];
            if (ins.Outstanding.Value < 2) return;
            Decide(new ExerciseInstrument(id, new ShareCount(ins.Outstanding.Value / 2)) { EffectiveOn = _day });
            Track(ins.HolderId, ins.ClassId);
        }

        private void Legend()
        {
            var (h, c, _) = PickHolding();
            if (Timeline.Latest.LegendsOf(h, c).Count > 0) return;
            Decide(new ApplyLegend(h, c, "THE SHARES ARE SUBJECT TO A RIGHT OF FIRST REFUSAL") { EffectiveOn = _day });
        }

        private void NoteStop()
        {
            var (h, c, _) = PickHolding();
            if (Timeline.Latest.StopTransferOf(h, c) is not null) return;
            Decide(new NoteStopTransfer(h, c, "pending first-refusal process") { EffectiveOn = _day });
            _stops.Add((h, c, Count + 5_000));
        }

        private void LiftStop()
        {
            var (h, c, _) = _stops[0];
            _stops.RemoveAt(0);
            Decide(new LiftStopTransfer(h, c, "process closed") { EffectiveOn = _day });
        }

        private void Repurchase()
        {
            var (h, c, held) = PickHolding();
            if (held < 2) return;
            Decide(new RepurchaseShares(h, c, new ShareCount(held / 2), Money.Of(held * 0.5m, "USD")) { EffectiveOn = _day });
        }

        private void Convert()
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var (h, c, held) = PickHolding();
                if (c is not ("series-a" or "series-b") || held < 2) continue;
                Decide(new ConvertShares(h, c, new ShareCount(held / 2)) { EffectiveOn = _day });
                Track(h, "class-a");
                return;
            }
        }

        private void EndLink()
        {
            if (_links.Count == 0) return;
            var i = _random.Next(_links.Count);
            var (from, to) = _links[i];
            _links.RemoveAt(i);
            var kind = Timeline.Latest.Links.First(l => l.FromId == from && l.ToId == to && l.Until is null).Kind;
            Decide(new EndControlLink(from, to, kind) { EffectiveOn = _day });
        }

        private void NoticeChange()
        {
            var h = Pick(_holders);
            Decide(new ChangeHolderNoticeDetails(h, "Asia/Hong_Kong", [new NoticeAddress("email", $"legal+{h}@example.com")], new LocalTime(9, 30), new LocalTime(17, 30)) { EffectiveOn = _day });
        }
    }
}
