using System.Text;
using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register.Events;

namespace Proviso.Domain.Register;

/// <summary>
/// The register of members at a point in a company's history: classes, parties, control links, instruments and
/// certificates. It changes only by <see cref="Apply"/> (the evolve step), one recorded event at a time, in effective
/// order. It is mutable for speed (replaying a million events must be fast) but never shared: deciding works on
/// <see cref="Clone"/>s, and the read-only members are the only way out.
/// </summary>
public sealed partial class Register
{
    private readonly Dictionary<string, ShareClass> _classes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Holder> _holders = new(StringComparer.Ordinal);
    private readonly List<ControlLink> _links = new();
    private readonly Dictionary<string, Instrument> _instruments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Certificate> _certificates = new(StringComparer.Ordinal);
    private readonly Dictionary<PositionKey, Position> _positions = new();
    private readonly Dictionary<string, int> _certificateCounters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(LocalDate From, ShareCount SharesPerAds, string Depositary)>> _adsRatios = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(LocalDate On, Fraction Ratio)>> _splits = new(StringComparer.Ordinal);

    public string? CompanyId { get; private set; }
    public string? CompanyName { get; private set; }
    public string? Jurisdiction { get; private set; }
    public string? RegisteredOffice { get; private set; }
    public string BaseCurrency { get; private set; } = "USD";
    public LocalDate? RegisteredOn { get; private set; }

    /// <summary>The latest effective date applied, or null for an empty register.</summary>
    public LocalDate? LastEffectiveOn { get; private set; }

    public long EventsApplied { get; private set; }

    public IReadOnlyDictionary<string, ShareClass> Classes => _classes;
    public IReadOnlyDictionary<string, Holder> Holders => _holders;
    public IReadOnlyList<ControlLink> Links => _links;
    public IReadOnlyDictionary<string, Instrument> Instruments => _instruments;
    public IReadOnlyDictionary<string, Certificate> Certificates => _certificates;

    internal readonly record struct PositionKey(string HolderId, string ClassId);

    internal sealed class Position
    {
        public readonly List<string> CertificateIds = new(1);
        public ShareCount Shares;
        // Most holdings bear no legend: the list is created with the first one (a replay builds hundreds of thousands of
        // positions, and every object the register keeps is work for the garbage collector).
        private List<string>? _legends;
        public string? StopTransfer;

        public IReadOnlyList<string> Legends => _legends ?? (IReadOnlyList<string>)[];

        public bool HasLegends => _legends is { Count: > 0 };

        public void AddLegend(string legend)
        {
            _legends ??= new List<string>(1);
            if (!_legends.Contains(legend)) _legends.Add(legend);
        }

        /// <summary>The legends for a new certificate of this holding: a copy, or the shared empty list.</summary>
        public IReadOnlyList<string> LegendsForCertificate() => _legends is { Count: > 0 } l ? l.ToArray() : [];

        public Position Clone()
        {
            var p = new Position { Shares = Shares, StopTransfer = StopTransfer };
            p.CertificateIds.AddRange(CertificateIds);
            if (_legends is { Count: > 0 }) p._legends = new List<string>(_legends);
            return p;
        }
    }

    /// <summary>Every non-empty holding, as (holder, class, shares).</summary>
    public IEnumerable<Holding> Holdings()
    {
        foreach (var (key, p) in _positions)
            if (p.Shares.IsPositive) yield return new Holding(key.HolderId, key.ClassId, p.Shares);
    }

    public int HoldingCount => _positions.Count;

    /// <summary>Shares of <paramref name="classId"/> held by <paramref name="holderId"/> (zero if none).</summary>
    public ShareCount SharesOf(string holderId, string classId) =>
        _positions.TryGetValue(new PositionKey(holderId, classId), out var p) ? p.Shares : ShareCount.Zero;

    /// <summary>The certificates making up a holding, oldest first.</summary>
    public IReadOnlyList<Certificate> CertificatesOf(string holderId, string classId) =>
        _positions.TryGetValue(new PositionKey(holderId, classId), out var p)
            ? p.CertificateIds.Select(id => _certificates[id]).ToList()
            : [];

    public IReadOnlyList<string> LegendsOf(string holderId, string classId) =>
        _positions.TryGetValue(new PositionKey(holderId, classId), out var p) ? p.Legends : [];

    public string? StopTransferOf(string holderId, string classId) =>
        _positions.TryGetValue(new PositionKey(holderId, classId), out var p) ? p.StopTransfer : null;

    /// <summary>Issued and outstanding shares of a class.</summary>
    public ShareCount Outstanding(string classId)
    {
        var total = ShareCount.Zero;
        foreach (var (key, p) in _positions)
            if (key.ClassId == classId) total += p.Shares;
        return total;
    }

    /// <summary>The next certificate id the register would assign for a class ("series-f-0007").</summary>
    public string NextCertificateId(string classId, int offset = 0)
    {
        _certificateCounters.TryGetValue(classId, out var n);
        return $"{classId}-{(n + 1 + offset).ToString("D4", System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>Shares per ADS in force for a class on a date, or null if there is no depositary programme then.</summary>
    public ShareCount? SharesPerAdsOn(string classId, LocalDate date)
    {
        if (!_adsRatios.TryGetValue(classId, out var list)) return null;
        ShareCount? found = null;
        foreach (var (from, ratio, _) in list)
        {
            if (from > date) break;
            found = ratio;
        }
        return found;
    }

    public IReadOnlyList<(LocalDate From, ShareCount SharesPerAds, string Depositary)> AdsRatioHistory(string classId) =>
        _adsRatios.TryGetValue(classId, out var list) ? list : [];

    /// <summary>
    /// ROFR s.6.18: a specific number of shares of a class named in an agreement dated <paramref name="referenceDate"/>,
    /// adjusted for every subdivision, combination or share dividend of that class after that date and on or before
    /// <paramref name="asOf"/>. The result is exact; the caller states how it rounds.
    /// </summary>
    public Fraction AdjustForSplits(string classId, Fraction number, LocalDate referenceDate, LocalDate asOf)
    {
        if (!_splits.TryGetValue(classId, out var list)) return number;
        var result = number;
        foreach (var (on, ratio) in list)
            if (on > referenceDate && on <= asOf) result *= ratio;
        return result;
    }

    public IReadOnlyList<(LocalDate On, Fraction Ratio)> SplitHistory(string classId) =>
        _splits.TryGetValue(classId, out var list) ? list : [];

    public bool IsActiveHolder(string holderId, LocalDate date) => _holders.TryGetValue(holderId, out var h) && h.RegisteredOn <= date;

    /// <summary>A deep copy, for deciding a command without touching the original.</summary>
    public Register Clone()
    {
        var r = new Register
        {
            CompanyId = CompanyId, CompanyName = CompanyName, Jurisdiction = Jurisdiction, RegisteredOffice = RegisteredOffice,
            BaseCurrency = BaseCurrency, RegisteredOn = RegisteredOn, LastEffectiveOn = LastEffectiveOn, EventsApplied = EventsApplied,
        };
        foreach (var (k, v) in _classes) r._classes[k] = v.Clone();
        foreach (var (k, v) in _holders) r._holders[k] = v;
        r._links.AddRange(_links);
        foreach (var (k, v) in _instruments) r._instruments[k] = v;
        foreach (var (k, v) in _certificates) r._certificates[k] = v;
        foreach (var (k, v) in _positions) r._positions[k] = v.Clone();
        foreach (var (k, v) in _certificateCounters) r._certificateCounters[k] = v;
        foreach (var (k, v) in _adsRatios) r._adsRatios[k] = new(v);
        foreach (var (k, v) in _splits) r._splits[k] = new(v);
        // The holding index never changes once built, and the copy holds the same holdings at the same EventsApplied.
        r._holdingIndex = CurrentHoldingIndex;
        return r;
    }

    /// <summary>
    /// Evolve: the register after <paramref name="e"/>. Events reach here only after a decision accepted them, so an
    /// event that cannot apply means a corrupted or mis-ordered ledger: it throws <see cref="RegisterInvariantException"/>.
    /// Events that are not about the register (process events) are ignored.
    /// </summary>
    public void Apply(LedgerEvent e)
    {
        // An event that throws part-way may have changed holdings without counting as applied: no index survives it.
        _holdingIndex = null;
        switch (e)
        {
            case CompanyRegistered c:
                CompanyId = c.CompanyId; CompanyName = c.Name; Jurisdiction = c.Jurisdiction;
                RegisteredOffice = c.RegisteredOffice; BaseCurrency = c.BaseCurrency; RegisteredOn = c.EffectiveOn;
                break;
            case ShareClassCreated c:
            {
                if (_classes.ContainsKey(c.ClassId)) throw Invariant(e, $"class '{c.ClassId}' already exists");
                var cls = new ShareClass(c.ClassId, c.Name, c.Kind, c.VotesPerShare, c.ParValue, c.ConvertsInto, c.EffectiveOn, c.Seniority);
                if (c.ConversionRatio is { } ratio) cls.SetRatio(c.EffectiveOn, ratio);
                _classes[c.ClassId] = cls;
                break;
            }
            case ConversionRatioChanged c:
                RequireClass(e, c.ClassId).SetRatio(c.EffectiveOn, c.Ratio);
                break;
            case HolderRegistered h:
                if (_holders.ContainsKey(h.HolderId)) throw Invariant(e, $"holder '{h.HolderId}' already exists");
                _holders[h.HolderId] = new Holder(h.HolderId, h.Name, h.Kind, h.Jurisdiction, h.TimeZone, h.Addresses,
                    h.BusinessHoursStart ?? Holder.DefaultBusinessHoursStart, h.BusinessHoursEnd ?? Holder.DefaultBusinessHoursEnd,
                    h.EffectiveOn, h.Note);
                break;
            case HolderNoticeDetailsChanged h:
            {
                var holder = RequireHolder(e, h.HolderId);
                _holders[h.HolderId] = holder with
                {
                    TimeZone = h.TimeZone, Addresses = h.Addresses,
                    BusinessHoursStart = h.BusinessHoursStart ?? holder.BusinessHoursStart,
                    BusinessHoursEnd = h.BusinessHoursEnd ?? holder.BusinessHoursEnd,
                };
                break;
            }
            case ControlLinkRecorded l:
                RequireHolder(e, l.FromId);
                RequireHolder(e, l.ToId);
                _links.Add(new ControlLink(l.FromId, l.ToId, l.Kind, l.EffectiveOn, null, l.Basis));
                break;
            case ControlLinkEnded l:
            {
                var i = _links.FindIndex(x => x.FromId == l.FromId && x.ToId == l.ToId && x.Kind == l.Kind && x.Until is null);
                if (i < 0) throw Invariant(e, $"no open {l.Kind} link from '{l.FromId}' to '{l.ToId}'");
                _links[i] = _links[i] with { Until = l.EffectiveOn };
                break;
            }
            case SharesIssued s:
                RequireHolder(e, s.HolderId);
                RequireClass(e, s.ClassId);
                AddCertificate(e, s.CertificateId, s.HolderId, s.ClassId, s.Shares, s.EffectiveOn);
                break;
            case SharesTransferred t:
            {
                RequireHolder(e, t.ToHolderId);
                var balance = TakeCertificates(e, t.FromHolderId, t.ClassId, t.SourceCertificates, t.Shares);
                var legends = InheritedLegends(t.FromHolderId, t.ClassId);
                if (balance.IsPositive)
                    AddCertificate(e, t.BalanceCertificateId ?? throw Invariant(e, "a balance remains but no balance certificate is named"),
                        t.FromHolderId, t.ClassId, balance, t.EffectiveOn);
                AddCertificate(e, t.NewCertificateId, t.ToHolderId, t.ClassId, t.Shares, t.EffectiveOn, legends);
                break;
            }
            case SharesConverted c:
            {
                var balance = TakeCertificates(e, c.HolderId, c.FromClassId, c.SourceCertificates, c.Shares);
                if (balance.IsPositive)
                    AddCertificate(e, c.BalanceCertificateId ?? throw Invariant(e, "a balance remains but no balance certificate is named"),
                        c.HolderId, c.FromClassId, balance, c.EffectiveOn);
                if (c.SharesIssued.IsPositive)
                    AddCertificate(e, c.NewCertificateId, c.HolderId, c.ToClassId, c.SharesIssued, c.EffectiveOn, InheritedLegends(c.HolderId, c.FromClassId));
                break;
            }
            case InstrumentIssued i:
                RequireHolder(e, i.HolderId);
                RequireClass(e, i.ClassId);
                if (_instruments.ContainsKey(i.InstrumentId)) throw Invariant(e, $"instrument '{i.InstrumentId}' already exists");
                _instruments[i.InstrumentId] = new Instrument(i.InstrumentId, i.Kind, i.HolderId, i.ClassId, i.Quantity, ShareCount.Zero,
                    i.EffectiveOn, i.ExercisableFrom, i.ExpiresOn, i.ExercisePrice);
                break;
            case InstrumentExercised x:
            {
                var ins = RequireInstrument(e, x.InstrumentId);
                if (x.Quantity > ins.Outstanding) throw Invariant(e, $"exercise of {x.Quantity} exceeds the {ins.Outstanding} outstanding");
                _instruments[x.InstrumentId] = ins with { Outstanding = ins.Outstanding - x.Quantity, Exercised = ins.Exercised + x.Quantity };
                AddCertificate(e, x.CertificateId, x.HolderId, x.ClassId, x.Quantity, x.EffectiveOn);
                break;
            }
            case InstrumentCancelled x:
            {
                var ins = RequireInstrument(e, x.InstrumentId);
                if (x.Quantity > ins.Outstanding) throw Invariant(e, $"cancellation of {x.Quantity} exceeds the {ins.Outstanding} outstanding");
                _instruments[x.InstrumentId] = ins with { Outstanding = ins.Outstanding - x.Quantity };
                break;
            }
            case SharesRepurchased r:
            {
                var balance = TakeCertificates(e, r.HolderId, r.ClassId, r.SourceCertificates, r.Shares);
                if (balance.IsPositive)
                    AddCertificate(e, r.BalanceCertificateId ?? throw Invariant(e, "a balance remains but no balance certificate is named"), r.HolderId, r.ClassId, balance, r.EffectiveOn);
                break;
            }
            case SharesCancelled r:
            {
                var balance = TakeCertificates(e, r.HolderId, r.ClassId, r.SourceCertificates, r.Shares);
                if (balance.IsPositive)
                    AddCertificate(e, r.BalanceCertificateId ?? throw Invariant(e, "a balance remains but no balance certificate is named"), r.HolderId, r.ClassId, balance, r.EffectiveOn);
                break;
            }
            case SharesSplit s:
                ApplySplit(s);
                break;
            case DepositaryProgramEstablished d:
                RequireClass(e, d.ClassId);
                if (!_adsRatios.TryGetValue(d.ClassId, out var programme)) _adsRatios[d.ClassId] = programme = new();
                programme.Add((d.EffectiveOn, d.SharesPerAds, d.Depositary));
                break;
            case AdsRatioChanged a:
            {
                if (!_adsRatios.TryGetValue(a.ClassId, out var list) || list.Count == 0) throw Invariant(e, $"no depositary programme over '{a.ClassId}'");
                list.Add((a.EffectiveOn, a.SharesPerAds, list[^1].Depositary));
                break;
            }
            case LegendApplied l:
            {
                var p = PositionFor(l.HolderId, l.ClassId);
                p.AddLegend(l.Legend);
                foreach (var id in p.CertificateIds)
                {
                    var cert = _certificates[id];
                    if (!cert.Legends.Contains(l.Legend)) _certificates[id] = cert with { Legends = [.. cert.Legends, l.Legend] };
                }
                break;
            }
            case StopTransferNoted st:
            {
                var p = PositionFor(st.HolderId, st.ClassId);
                p.StopTransfer = st.Note;
                foreach (var id in p.CertificateIds) _certificates[id] = _certificates[id] with { StopTransfer = st.Note };
                break;
            }
            case StopTransferLifted st:
            {
                var p = PositionFor(st.HolderId, st.ClassId);
                p.StopTransfer = null;
                foreach (var id in p.CertificateIds) _certificates[id] = _certificates[id] with { StopTransfer = null };
                break;
            }
            default:
                // Not a register event (a process or consent event): the register is unchanged, but time still moves.
                break;
        }
        EventsApplied++;
        if (LastEffectiveOn is null || e.EffectiveOn > LastEffectiveOn) LastEffectiveOn = e.EffectiveOn;
    }

    /// <summary>
    /// Applies a split to every certificate of the class on the register when it applies (not only those listed when
    /// it was decided), so that an issue back-dated before a recorded split is multiplied by it. Each certificate is
    /// rounded down; the event's lines record what the decision saw.
    /// </summary>
    private void ApplySplit(SharesSplit s)
    {
        var cls = RequireClass(s, s.ClassId);
        foreach (var cert in _certificates.Values.Where(c => c.ClassId == s.ClassId).ToList())
        {
            var after = SplitOf(s, cert.Shares, s.Ratio);
            var p = _positions[new PositionKey(cert.HolderId, cert.ClassId)];
            if (after.IsZero)
            {
                _certificates.Remove(cert.Id);
                p.CertificateIds.Remove(cert.Id);
            }
            else
            {
                _certificates[cert.Id] = cert with { Shares = after };
            }
            p.Shares = p.Shares - cert.Shares + after;
        }
        foreach (var (id, ins) in _instruments.ToList())
        {
            if (ins.ClassId != s.ClassId) continue;
            _instruments[id] = ins with { Outstanding = SplitOf(s, ins.Outstanding, s.Ratio) };
        }
        // Preferred series converting into a split ordinary class convert into proportionally more (or fewer) shares;
        // a split preferred series converts, share for new share, into proportionally fewer: stakes do not change.
        foreach (var other in _classes.Values)
            if (other.ConvertsInto == s.ClassId) other.ScaleRatiosFrom(s.EffectiveOn, s.Ratio);
        if (cls.Kind == ClassKind.Preferred) cls.ScaleRatiosFrom(s.EffectiveOn, Fraction.One / s.Ratio);
        if (!_splits.TryGetValue(s.ClassId, out var list)) _splits[s.ClassId] = list = new();
        list.Add((s.EffectiveOn, s.Ratio));
    }

    private static ShareCount SplitOf(LedgerEvent e, ShareCount shares, Fraction ratio)
    {
        var after = (shares.ToFraction() * ratio).Floor();
        return after <= long.MaxValue ? new ShareCount((long)after) : throw Invariant(e, $"{shares} shares split at {ratio} exceed what the register can hold");
    }

    private Position PositionFor(string holderId, string classId)
    {
        var key = new PositionKey(holderId, classId);
        if (!_positions.TryGetValue(key, out var p)) _positions[key] = p = new Position();
        return p;
    }

    private void AddCertificate(LedgerEvent e, string certificateId, string holderId, string classId, ShareCount shares, LocalDate on, IReadOnlyList<string>? inheritedLegends = null)
    {
        if (!shares.IsPositive) throw Invariant(e, $"a certificate must represent a positive number of shares, not {shares}");
        if (_certificates.ContainsKey(certificateId)) throw Invariant(e, $"certificate '{certificateId}' already exists");
        // The register keeps one instance of each holder and class id (the one registered first), not the copy every
        // event brings: a replay would otherwise keep a string per certificate and per position for the same holder.
        if (_holders.TryGetValue(holderId, out var holder)) holderId = holder.Id;
        if (_classes.TryGetValue(classId, out var cls)) classId = cls.Id;
        var p = PositionFor(holderId, classId);
        if (inheritedLegends is not null)
            foreach (var l in inheritedLegends) p.AddLegend(l);
        _certificates[certificateId] = new Certificate(certificateId, holderId, classId, shares, on, p.LegendsForCertificate(), p.StopTransfer);
        p.CertificateIds.Add(certificateId);
        p.Shares += shares;
        BumpCounter(classId, certificateId);
    }

    /// <summary>A copy of a holding's legends for a new certificate to inherit, or null when it has none (nothing to copy).</summary>
    private IReadOnlyList<string>? InheritedLegends(string holderId, string classId) =>
        _positions.TryGetValue(new PositionKey(holderId, classId), out var p) && p.HasLegends ? p.Legends.ToArray() : null;

    private void BumpCounter(string classId, string certificateId)
    {
        // certificateId is "<classId>-<n>": compared in place rather than building the prefix string for every certificate.
        var prefixLength = classId.Length + 1;
        if (certificateId.Length >= prefixLength
            && certificateId.StartsWith(classId, StringComparison.Ordinal) && certificateId[classId.Length] == '-'
            && int.TryParse(certificateId.AsSpan(prefixLength), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            _certificateCounters.TryGetValue(classId, out var current);
            if (n > current) _certificateCounters[classId] = n;
        }
    }

    /// <summary>
    /// Cancels the named source certificates of a holding and returns the balance left after taking <paramref name="shares"/>.
    /// If a back-dated entry applied before this one has already replaced a named certificate (shares of a class are
    /// fungible), the same number of shares is taken from the holder's certificates oldest first instead; only a real
    /// shortfall is an error.
    /// </summary>
    private ShareCount TakeCertificates(LedgerEvent e, string holderId, string classId, IReadOnlyList<CertificatePortion> portions, ShareCount shares)
    {
        var key = new PositionKey(holderId, classId);
        if (!_positions.TryGetValue(key, out var p)) throw Invariant(e, $"'{holderId}' holds no {classId} shares");
        var asNamed = AreNamedCertificates(portions, holderId, classId, shares);
        if (!asNamed && p.Shares < shares) throw Invariant(e, $"'{holderId}' holds {p.Shares} {classId} shares, fewer than {shares}");
        var taken = ShareCount.Zero;
        var surrendered = ShareCount.Zero;
        // The named portions are the event's own list, which nothing here changes: walked in place. The oldest-first
        // selection reads the holding's certificate list, which the loop changes: materialised first.
        var take = asNamed ? portions : OldestFirst(p, shares).ToList();
        for (var i = 0; i < take.Count; i++)
        {
            var portion = take[i];
            var cert = _certificates[portion.CertificateId];
            taken += portion.Shares;
            surrendered += cert.Shares;
            _certificates.Remove(portion.CertificateId);
            p.CertificateIds.Remove(portion.CertificateId);
        }
        p.Shares -= surrendered;
        return surrendered - taken;
    }

    /// <summary>
    /// Whether every named portion is a live certificate of the holding large enough for it, and the portions add up to
    /// <paramref name="shares"/> (checked: an overflowing sum throws, as any share arithmetic does).
    /// </summary>
    private bool AreNamedCertificates(IReadOnlyList<CertificatePortion> portions, string holderId, string classId, ShareCount shares)
    {
        for (var i = 0; i < portions.Count; i++)
        {
            var x = portions[i];
            if (!(_certificates.TryGetValue(x.CertificateId, out var c) && c.HolderId == holderId && c.ClassId == classId && c.Shares >= x.Shares))
                return false;
        }
        var sum = ShareCount.Zero;
        for (var i = 0; i < portions.Count; i++) sum += portions[i].Shares;
        return sum == shares;
    }

    private IEnumerable<CertificatePortion> OldestFirst(Position p, ShareCount shares)
    {
        var remaining = shares;
        foreach (var id in p.CertificateIds)
        {
            if (!remaining.IsPositive) yield break;
            var take = ShareCount.Min(_certificates[id].Shares, remaining);
            remaining -= take;
            yield return new CertificatePortion(id, take);
        }
    }

    private ShareClass RequireClass(LedgerEvent e, string classId) =>
        _classes.TryGetValue(classId, out var c) ? c : throw Invariant(e, $"class '{classId}' does not exist");

    private Holder RequireHolder(LedgerEvent e, string holderId) =>
        _holders.TryGetValue(holderId, out var h) ? h : throw Invariant(e, $"holder '{holderId}' does not exist");

    private Instrument RequireInstrument(LedgerEvent e, string id) =>
        _instruments.TryGetValue(id, out var i) ? i : throw Invariant(e, $"instrument '{id}' does not exist");

    private static RegisterInvariantException Invariant(LedgerEvent e, string message) =>
        new($"{e.GetType().Name} effective {e.EffectiveOn:yyyy-MM-dd} cannot apply: {message}");

    /// <summary>
    /// A canonical text of everything the register holds, for comparing two registers (a replay against the
    /// incremental projection): equal registers give equal fingerprints.
    /// </summary>
    public string Fingerprint()
    {
        var sb = new StringBuilder();
        sb.Append("company ").Append(CompanyId).Append('|').Append(CompanyName).AppendLine();
        foreach (var c in _classes.Values.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            sb.Append("class ").Append(c.Id).Append(' ').Append(c.Kind).Append(' ').Append(c.VotesPerShare?.ToString() ?? "as-converted");
            foreach (var (d, r) in c.RatioHistory) sb.Append(' ').Append(d.ToString("yyyy-MM-dd", null)).Append('=').Append(r);
            sb.AppendLine();
        }
        foreach (var h in _holders.Values.OrderBy(h => h.Id, StringComparer.Ordinal)) sb.Append("holder ").Append(h.Id).Append(' ').Append(h.TimeZone).AppendLine();
        foreach (var l in _links.OrderBy(l => l.FromId, StringComparer.Ordinal).ThenBy(l => l.ToId, StringComparer.Ordinal).ThenBy(l => l.From))
            sb.Append("link ").Append(l.FromId).Append("->").Append(l.ToId).Append(' ').Append(l.Kind).Append(' ').Append(l.From.ToString("yyyy-MM-dd", null)).Append(' ').Append(l.Until?.ToString("yyyy-MM-dd", null)).AppendLine();
        foreach (var i in _instruments.Values.OrderBy(i => i.Id, StringComparer.Ordinal))
            sb.Append("instrument ").Append(i.Id).Append(' ').Append(i.Outstanding.Value).Append('/').Append(i.Exercised.Value).AppendLine();
        foreach (var c in _certificates.Values.OrderBy(c => c.Id, StringComparer.Ordinal))
            sb.Append("cert ").Append(c.Id).Append(' ').Append(c.HolderId).Append(' ').Append(c.ClassId).Append(' ').Append(c.Shares.Value)
              .Append(' ').Append(string.Join(";", c.Legends)).Append(' ').Append(c.StopTransfer).AppendLine();
        foreach (var (k, p) in _positions.Where(x => x.Value.Shares.IsPositive).OrderBy(x => x.Key.HolderId, StringComparer.Ordinal).ThenBy(x => x.Key.ClassId, StringComparer.Ordinal))
            sb.Append("position ").Append(k.HolderId).Append(' ').Append(k.ClassId).Append(' ').Append(p.Shares.Value).AppendLine();
        foreach (var (c, list) in _adsRatios.OrderBy(x => x.Key, StringComparer.Ordinal))
            foreach (var (d, r, dep) in list) sb.Append("ads ").Append(c).Append(' ').Append(d.ToString("yyyy-MM-dd", null)).Append(' ').Append(r.Value).Append(' ').Append(dep).AppendLine();
        return sb.ToString();
    }
}

/// <summary>One holding: shares of a class held by a holder.</summary>
public readonly record struct Holding(string HolderId, string ClassId, ShareCount Shares);

/// <summary>An event that cannot apply to the register it reached: a corrupted or mis-ordered ledger, never bad user input.</summary>
public sealed class RegisterInvariantException(string message) : InvalidOperationException(message);
