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
    private readonly List<ControlLink> _links = new();
    private readonly Dictionary<string, Instrument> _instruments = new(StringComparer.Ordinal);
    /// <summary>By class ordinal, the highest certificate number issued in the class (see <see cref="NextCertificateId"/>).</summary>
    private int[] _certificateCounters = [];
    private readonly Dictionary<string, List<(LocalDate From, ShareCount SharesPerAds, string Depositary)>> _adsRatios = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(LocalDate On, Fraction Ratio)>> _splits = new(StringComparer.Ordinal);
    private CertificateView? _certificateView;
    private HolderView? _holderView;

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
    /// <summary>The parties on the register by id, in the order they were registered.</summary>
    public IReadOnlyDictionary<string, Holder> Holders => _holderView ??= new HolderView(this);
    public IReadOnlyList<ControlLink> Links => _links;
    public IReadOnlyDictionary<string, Instrument> Instruments => _instruments;
    /// <summary>The live certificates by id (each read builds the records it returns).</summary>
    public IReadOnlyDictionary<string, Certificate> Certificates => _certificateView ??= new CertificateView(this);

    /// <summary>Every non-empty holding, as (holder, class, shares).</summary>
    public IEnumerable<Holding> Holdings()
    {
        for (var i = 0; i < _positionCount; i++)
        {
            var p = _positionSlots[i];
            if (p.Shares > 0) yield return new Holding(_holderIds[p.Holder], _classIds[p.Class], new ShareCount(p.Shares));
        }
    }

    public int HoldingCount => _positionCount;

    /// <summary>Shares of <paramref name="classId"/> held by <paramref name="holderId"/> (zero if none).</summary>
    public ShareCount SharesOf(string holderId, string classId) =>
        FindPosition(holderId, classId) is var p and >= 0 ? new ShareCount(_positionSlots[p].Shares) : ShareCount.Zero;

    /// <summary>The certificates making up a holding, oldest first.</summary>
    public IReadOnlyList<Certificate> CertificatesOf(string holderId, string classId)
    {
        var p = FindPosition(holderId, classId);
        if (p < 0) return [];
        var list = new List<Certificate>(_positionSlots[p].CertificateCount);
        for (var c = _positionSlots[p].First; c >= 0; c = _certificateSlots[c].Next) list.Add(MakeCertificate(c));
        return list;
    }

    public IReadOnlyList<string> LegendsOf(string holderId, string classId) =>
        FindPosition(holderId, classId) is var p and >= 0 ? LegendsOfPosition(p) : [];

    public string? StopTransferOf(string holderId, string classId) =>
        FindPosition(holderId, classId) is var p and >= 0 ? _positionStops.GetValueOrDefault(p) : null;

    /// <summary>Issued and outstanding shares of a class.</summary>
    public ShareCount Outstanding(string classId)
    {
        var total = ShareCount.Zero;
        var cls = ClassOrdinal(classId);
        for (var i = 0; i < _positionCount && cls >= 0; i++)
            if (_positionSlots[i].Class == cls) total += new ShareCount(_positionSlots[i].Shares);
        return total;
    }

    /// <summary>The next certificate id the register would assign for a class ("series-f-0007").</summary>
    public string NextCertificateId(string classId, int offset = 0)
    {
        var cls = ClassOrdinal(classId);
        var n = cls >= 0 && cls < _certificateCounters.Length ? _certificateCounters[cls] : 0;
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

    public bool IsActiveHolder(string holderId, LocalDate date) => HolderOrdinal(holderId) is var h and >= 0 && _holderList.RegisteredOn(h) <= date;

    /// <summary>A deep copy, for deciding a command without touching the original.</summary>
    public Register Clone()
    {
        var r = new Register
        {
            CompanyId = CompanyId, CompanyName = CompanyName, Jurisdiction = Jurisdiction, RegisteredOffice = RegisteredOffice,
            BaseCurrency = BaseCurrency, RegisteredOn = RegisteredOn, LastEffectiveOn = LastEffectiveOn, EventsApplied = EventsApplied,
        };
        foreach (var (k, v) in _classes) r._classes[k] = v.Clone();
        r._links.AddRange(_links);
        foreach (var (k, v) in _instruments) r._instruments[k] = v;
        CopyStorageTo(r);
        r._certificateCounters = (int[])_certificateCounters.Clone();
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
                _classOrdinals.Add(c.ClassId, _classIds.Count);
                _classIds.Add(c.ClassId);
                RekeyOtherCertificates();
                break;
            }
            case ConversionRatioChanged c:
                RequireClass(e, c.ClassId).SetRatio(c.EffectiveOn, c.Ratio);
                break;
            case HolderRegistered h:
                RequireNewHolder(e, h.HolderId);
                _holderList.Add(HolderList.Of(h));
                _holderTable.Add(h.HolderId);
                break;
            case HolderNoticeDetailsChanged h:
            {
                var ordinal = RequireHolder(e, h.HolderId);
                var holder = _holderList[ordinal];
                _holderList.Set(ordinal, holder with
                {
                    TimeZone = h.TimeZone, Addresses = h.Addresses,
                    BusinessHoursStart = h.BusinessHoursStart ?? holder.BusinessHoursStart,
                    BusinessHoursEnd = h.BusinessHoursEnd ?? holder.BusinessHoursEnd,
                });
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
                ApplyTransfer(e, new TransferFields(t));
                break;
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
                PlaceLegend(PositionFor(e, l.HolderId, l.ClassId), l.Legend);
                break;
            case StopTransferNoted st:
                _positionStops[PositionFor(e, st.HolderId, st.ClassId)] = st.Note;
                break;
            case StopTransferLifted st:
                _positionStops.Remove(PositionFor(e, st.HolderId, st.ClassId));
                break;
            default:
                // Not a register event (a process or consent event): the register is unchanged, but time still moves.
                break;
        }
        Applied(e.EffectiveOn);
    }

    /// <summary>
    /// Applies a stored <see cref="HolderRegistered"/> that <see cref="EventCodec.TryScanHolderRegistered"/> has read
    /// (<paramref name="holderId"/> is the id it found): the same as <see cref="Apply"/> of the record the payload holds,
    /// the holder's record built from the payload when first asked for (see <see cref="HolderList"/>).
    /// </summary>
    internal void ApplyStoredHolder(string holderId, string payload, LocalDate effectiveOn)
    {
        _holdingIndex = null;
        RequireNewHolder(new EventContext(nameof(HolderRegistered), effectiveOn), holderId);
        _holderList.AddStored(payload, effectiveOn);
        _holderTable.Add(holderId);
        Applied(effectiveOn);
    }

    /// <summary>A registration names a holder the register does not have yet (either way it is applied).</summary>
    private void RequireNewHolder(EventContext at, string holderId)
    {
        if (HolderOrdinal(holderId) >= 0) throw Invariant(at, $"holder '{holderId}' already exists");
    }

    /// <summary>Counts an event as applied: the last step of applying one.</summary>
    private void Applied(LocalDate effectiveOn)
    {
        EventsApplied++;
        if (LastEffectiveOn is null || effectiveOn > LastEffectiveOn) LastEffectiveOn = effectiveOn;
    }

    /// <summary>
    /// Applies a split to every certificate of the class on the register when it applies (not only those listed when
    /// it was decided), so that an issue back-dated before a recorded split is multiplied by it. Each certificate is
    /// rounded down; the event's lines record what the decision saw.
    /// </summary>
    private void ApplySplit(SharesSplit s)
    {
        var cls = RequireClass(s, s.ClassId);
        var ordinal = _classOrdinals[s.ClassId];
        for (var slot = 0; slot < _certificateSlotCount; slot++)
        {
            ref var c = ref _certificateSlots[slot];
            if (c.Position < 0 || _positionSlots[c.Position].Class != ordinal) continue;
            var before = c.Shares;
            var after = SplitOf(s, new ShareCount(before), s.Ratio).Value;
            ref var p = ref _positionSlots[c.Position];
            p.Shares = checked(p.Shares - before + after);
            if (after == 0) RemoveCertificate(slot);
            else c.Shares = after;
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

    /// <summary>The holding of a registered holder in a class on the register, created empty if new.</summary>
    private int PositionFor(LedgerEvent e, string holderId, string classId)
    {
        var h = HolderOrdinal(holderId);
        if (h < 0) throw Invariant(e, $"holder '{holderId}' does not exist");
        var c = ClassOrdinal(classId);
        if (c < 0) throw Invariant(e, $"class '{classId}' does not exist");
        return PositionFor(h, c);
    }

    private void AddCertificate(LedgerEvent e, string certificateId, string holderId, string classId, ShareCount shares, LocalDate on, int inheritedLegends = 0)
    {
        if (!shares.IsPositive) throw Invariant(e, $"a certificate must represent a positive number of shares, not {shares}");
        AddCertificate(e, certificateId, PositionFor(e, holderId, classId), shares, on, inheritedLegends);
    }

    /// <remarks>
    /// <paramref name="inheritedLegends"/>: the legends the new certificate's holding inherits (see <see cref="InheritLegends"/>);
    /// <paramref name="number"/>: the id's number when it is known to be "&lt;the holding's class&gt;-&lt;number&gt;" of the register's pattern (-1: read from the id).
    /// </remarks>
    private void AddCertificate(EventContext at, ReadOnlySpan<char> certificateId, int position, ShareCount shares, LocalDate on, int inheritedLegends = 0, long number = -1)
    {
        if (!shares.IsPositive) throw Invariant(at, $"a certificate must represent a positive number of shares, not {shares}");
        var structured = number >= 0;
        var key = structured ? ((long)_positionSlots[position].Class << NumberBits) | number : 0;
        if (structured ? SlotOfKey(key) >= 0 : IsLive(certificateId, out structured, out key)) throw Invariant(at, $"certificate '{certificateId}' already exists");
        InheritLegends(position, inheritedLegends);
        InsertCertificate(certificateId, structured, key, position, shares.Value, on);
        ref var p = ref _positionSlots[position];
        p.Shares = checked(p.Shares + shares.Value);
        // The next number of the class (NextCertificateId) follows the highest "<class>-<n>" issued in it: read from the
        // key for an id of the register's pattern, from the text for any other.
        if (!structured) BumpCounter(p.Class, certificateId);
        else if ((int)(key >> NumberBits) == p.Class && (key & MaxNumber) <= int.MaxValue)
        {
            ref var current = ref CounterOf(p.Class);
            if ((int)(key & MaxNumber) > current) current = (int)(key & MaxNumber);
        }
    }

    /// <summary>A holding's legends for a new certificate to inherit (an index into the distinct lists; 0: none).</summary>
    private int InheritedLegends(string holderId, string classId) =>
        FindPosition(holderId, classId) is var p and >= 0 ? _positionSlots[p].Legends : 0;

    private ref int CounterOf(int cls)
    {
        if (cls >= _certificateCounters.Length) Array.Resize(ref _certificateCounters, Math.Max(cls + 1, _classIds.Count));
        return ref _certificateCounters[cls];
    }

    private void BumpCounter(int cls, ReadOnlySpan<char> certificateId)
    {
        var classId = _classIds[cls];
        // certificateId is "<classId>-<n>": compared in place rather than building the prefix string for every certificate.
        var prefixLength = classId.Length + 1;
        if (certificateId.Length >= prefixLength
            && certificateId.StartsWith(classId, StringComparison.Ordinal) && certificateId[classId.Length] == '-'
            && int.TryParse(certificateId[prefixLength..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            ref var current = ref CounterOf(cls);
            if (n > current) current = n;
        }
    }

    /// <summary>
    /// Cancels the named source certificates of a holding and returns the balance left after taking <paramref name="shares"/>.
    /// If a back-dated entry applied before this one has already replaced a named certificate (shares of a class are
    /// fungible), the same number of shares is taken from the holder's certificates oldest first instead; only a real
    /// shortfall is an error.
    /// </summary>
    private ShareCount TakeCertificates(LedgerEvent e, string holderId, string classId, IReadOnlyList<CertificatePortion> portions, ShareCount shares) =>
        TakeCertificates(e, FindPosition(holderId, classId), holderId, classId, new CertificatePortions(portions), shares);

    /// <summary>As <see cref="TakeCertificates(LedgerEvent, string, string, IReadOnlyList{CertificatePortion}, ShareCount)"/>, for a holding already looked up (-1: none).</summary>
    private ShareCount TakeCertificates(EventContext at, int position, ReadOnlySpan<char> holderId, ReadOnlySpan<char> classId, in CertificatePortions portions, ShareCount shares)
    {
        if (position < 0) throw Invariant(at, $"'{holderId}' holds no {classId} shares");
        var held = new ShareCount(_positionSlots[position].Shares);
        var taken = ShareCount.Zero;
        var surrendered = ShareCount.Zero;
        Span<int> named = portions.Count <= 8 ? stackalloc int[8] : new int[portions.Count];
        if (AreNamedCertificates(portions, position, shares, named))
        {
            for (var i = 0; i < portions.Count; i++)
            {
                var slot = named[i];
                // Freed by an earlier portion of this event: the same certificate named twice.
                if (_certificateSlots[slot].Position < 0) throw Invariant(at, $"certificate '{portions.Id(i)}' is named twice");
                taken += portions.Shares(i);
                surrendered += new ShareCount(_certificateSlots[slot].Shares);
                RemoveCertificate(slot);
            }
        }
        else
        {
            if (held < shares) throw Invariant(at, $"'{holderId}' holds {held} {classId} shares, fewer than {shares}");
            // Oldest first: whole certificates until the last one needed, which may leave a balance.
            var remaining = shares;
            while (remaining.IsPositive)
            {
                var slot = _positionSlots[position].First;
                var certificate = new ShareCount(_certificateSlots[slot].Shares);
                var take = ShareCount.Min(certificate, remaining);
                remaining -= take;
                taken += take;
                surrendered += certificate;
                RemoveCertificate(slot);
            }
        }
        _positionSlots[position].Shares = (held - surrendered).Value;
        return surrendered - taken;
    }

    /// <summary>
    /// Whether every named portion is a live certificate of the holding large enough for it (its slot put in
    /// <paramref name="slots"/>), and the portions add up to <paramref name="shares"/> (checked: an overflowing sum
    /// throws, as any share arithmetic does).
    /// </summary>
    private bool AreNamedCertificates(in CertificatePortions portions, int position, ShareCount shares, Span<int> slots)
    {
        for (var i = 0; i < portions.Count; i++)
        {
            var slot = FindPortion(portions, i, position);
            if (slot < 0 || _certificateSlots[slot].Position != position || _certificateSlots[slot].Shares < portions.Shares(i).Value) return false;
            slots[i] = slot;
        }
        var sum = ShareCount.Zero;
        for (var i = 0; i < portions.Count; i++) sum += portions.Shares(i);
        return sum == shares;
    }

    private ShareClass RequireClass(LedgerEvent e, string classId) =>
        _classes.TryGetValue(classId, out var c) ? c : throw Invariant(e, $"class '{classId}' does not exist");

    /// <summary>The ordinal of a holder on the register.</summary>
    private int RequireHolder(EventContext at, ReadOnlySpan<char> holderId) =>
        HolderOrdinal(holderId) is var h and >= 0 ? h : throw Invariant(at, $"holder '{holderId}' does not exist");

    private Instrument RequireInstrument(LedgerEvent e, string id) =>
        _instruments.TryGetValue(id, out var i) ? i : throw Invariant(e, $"instrument '{id}' does not exist");

    private static RegisterInvariantException Invariant(EventContext at, string message) =>
        new($"{at.Type} effective {at.EffectiveOn:yyyy-MM-dd} cannot apply: {message}");

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
        foreach (var h in _holderList.OrderBy(h => h.Id, StringComparer.Ordinal)) sb.Append("holder ").Append(h.Id).Append(' ').Append(h.TimeZone).AppendLine();
        foreach (var l in _links.OrderBy(l => l.FromId, StringComparer.Ordinal).ThenBy(l => l.ToId, StringComparer.Ordinal).ThenBy(l => l.From))
            sb.Append("link ").Append(l.FromId).Append("->").Append(l.ToId).Append(' ').Append(l.Kind).Append(' ').Append(l.From.ToString("yyyy-MM-dd", null)).Append(' ').Append(l.Until?.ToString("yyyy-MM-dd", null)).AppendLine();
        foreach (var i in _instruments.Values.OrderBy(i => i.Id, StringComparer.Ordinal))
            sb.Append("instrument ").Append(i.Id).Append(' ').Append(i.Outstanding.Value).Append('/').Append(i.Exercised.Value).AppendLine();
        foreach (var c in Certificates.Values.OrderBy(c => c.Id, StringComparer.Ordinal))
            sb.Append("cert ").Append(c.Id).Append(' ').Append(c.HolderId).Append(' ').Append(c.ClassId).Append(' ').Append(c.Shares.Value)
              .Append(' ').Append(string.Join(";", c.Legends)).Append(' ').Append(c.StopTransfer).AppendLine();
        foreach (var h in Holdings().OrderBy(x => x.HolderId, StringComparer.Ordinal).ThenBy(x => x.ClassId, StringComparer.Ordinal))
            sb.Append("position ").Append(h.HolderId).Append(' ').Append(h.ClassId).Append(' ').Append(h.Shares.Value).AppendLine();
        foreach (var (c, list) in _adsRatios.OrderBy(x => x.Key, StringComparer.Ordinal))
            foreach (var (d, r, dep) in list) sb.Append("ads ").Append(c).Append(' ').Append(d.ToString("yyyy-MM-dd", null)).Append(' ').Append(r.Value).Append(' ').Append(dep).AppendLine();
        return sb.ToString();
    }
}

/// <summary>One holding: shares of a class held by a holder.</summary>
public readonly record struct Holding(string HolderId, string ClassId, ShareCount Shares);

/// <summary>An event that cannot apply to the register it reached: a corrupted or mis-ordered ledger, never bad user input.</summary>
public sealed class RegisterInvariantException(string message) : InvalidOperationException(message);
