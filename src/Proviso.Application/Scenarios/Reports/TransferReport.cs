using NodaTime;
using NodaTime.Text;
using Proviso.Application.Ledgers;
using Proviso.Application.Transfers;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.CoSale;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;

namespace Proviso.Application.Scenarios.Reports;

/// <summary>
/// Every transfer process at the end of the scenario: its state, deadlines (each with its clause and working),
/// entitlements (exact fractions and whole shares, with the rounding policy named), elections, over-allotment rounds,
/// co-sale entitlements, closing legs, ambiguities (the reading taken and the alternative) and citations. The same
/// projection serves <c>proviso transfer status</c>.
/// </summary>
public sealed class TransferReport : IScenarioReporter
{
    /// <inheritdoc />
    public string Key => "transfers";

    /// <inheritdoc />
    public ScenarioSection? Report(CompanyLedger ledger, LocalDate asOf)
    {
        var book = TransferBook.From(ledger.Timeline.ProcessEvents.Select(x => x.Event));
        if (book.Processes.Count == 0) return null;
        var data = new List<object>();
        var lines = new List<string>();
        var agreements = new Dictionary<string, Agreement?>(StringComparer.Ordinal);
        foreach (var p in book.Processes.Values.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            if (!agreements.TryGetValue(p.AgreementId, out var a)) agreements[p.AgreementId] = a = Proviso.Application.Terms.CompanyTerms.Agreement(ledger.Timeline, p.AgreementId);
            data.Add(Data(ledger, a, p, asOf));
            lines.AddRange(Lines(ledger.Timeline, a, p, asOf));
        }
        return new ScenarioSection($"Transfer processes as of {asOf:yyyy-MM-dd}", data, lines);
    }

    /// <summary>The process as JSON-ready data (docs/transfers.md, "Status"): its fields in order.</summary>
    public static OrderedDictionary<string, object?> Data(CompanyLedger ledger, Agreement? a, TransferProcess p, LocalDate asOf) =>
        Data(ledger, a, p, asOf, NoticeParts.Of(a, p));

    /// <summary>
    /// <see cref="Data(CompanyLedger, Agreement?, TransferProcess, LocalDate)"/> with the parts the process's notices
    /// decide (most of it) as <paramref name="served"/> gives them: made for this process state, or earlier for one
    /// that <see cref="NoticeParts.IsFor"/> says they still fit (and perhaps serialised already).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="served"/> was made for a process state they do not fit.</exception>
    public static OrderedDictionary<string, object?> Data(CompanyLedger ledger, Agreement? a, TransferProcess p, LocalDate asOf, NoticeParts served)
    {
        if (!served.IsFor(a, p)) throw new ArgumentException($"The notice parts were made for another state of '{p.Id}'.", nameof(served));
        IReadOnlyList<string> open = p.OpenOf(served.Deadlines, asOf).Select(d => d.Name).ToList();
        // Only a closed process has a co-sale projection: the timeline is not built for any other.
        var coSale = a is null || p.Closed is null ? null : CoSaleProjection(ledger.Timeline, a, p);
        return new OrderedDictionary<string, object?>
        {
            ["process"] = p.Id,
            ["agreement"] = p.AgreementId,
            ["transferor"] = p.TransferorId,
            ["transferee"] = p.Offer is null ? null : new { id = p.Offer.TransfereeId, name = p.Offer.TransfereeName, address = p.Offer.TransfereeAddress, timeZone = p.Offer.TransfereeTimeZone },
            ["offer"] = p.Offer is null ? null : new
            {
                @class = p.Offer.ClassId,
                shares = p.Offer.Shares.Value,
                pricePerShare = p.Offer.PricePerShare?.ToString(),
                nonCash = p.Offer.NonCashConsideration,
                materialTerms = p.Offer.MaterialTerms,
                closingDate = p.Offer.ProposedClosingDate is { } d ? Date(d) : null,
            },
            ["path"] = p.Offer is null ? null : Kebab(p.Path.ToString()),
            ["status"] = Kebab(p.Status.ToString()),
            ["proposedOn"] = Date(p.ProposedOn),
            ["conditions"] = p.Conditions,
            ["continuingLiability"] = p.ContinuingLiability,
            ["citations"] = p.Citations.Select(c => c.ToString()).ToList(),
            ["refusedAttempts"] = p.RefusedAttempts.Select(r => new
            {
                attempt = r.Attempt,
                on = Date(r.EffectiveOn),
                at = Instant(r.At),
                reasons = r.Reasons.Select(Reason).ToList(),
            }).ToList(),
            ["notices"] = served.Notices,
            ["entitlements"] = served.Entitlements,
            ["elections"] = p.Elections.Select(e => new
            {
                stage = e.StageId,
                holder = e.HolderId,
                shares = e.Shares.Value,
                proRataShares = e.Entitlement.Value,
                inFull = e.InFull,
                apportion = e.Apportion.Select(x => new { holder = x.HolderId, shares = x.Shares.Value }).ToList(),
                at = Instant(e.At),
            }).ToList(),
            ["waivers"] = p.Waivers.Select(w => new { holder = w.HolderId, right = Kebab(w.Right.ToString()), at = Instant(w.At) }).ToList(),
            ["coSaleElections"] = p.CoSales.Select(c => new { holder = c.HolderId, @class = c.ClassId, shares = c.Shares.Value, at = Instant(c.At) }).ToList(),
            ["overAllotmentRequests"] = p.OverAllotmentRequests.Select(o => new { stage = o.StageId, holder = o.HolderId, shares = o.Shares.Value, at = Instant(o.At) }).ToList(),
            ["specialOptions"] = p.SpecialOptions.Select(x => new { holder = x.HolderId, option = Kebab(x.Option.ToString()), shares = x.Shares.Value, assignee = x.AssigneeId, at = Instant(x.At) }).ToList(),
            ["valuation"] = p.Valuation is not { } v ? null : new
            {
                cashPerShare = v.CashPerShare.ToString(),
                method = Kebab(v.Method.ToString()),
                appraisalCost = v.AppraisalCost?.ToString(),
                costShares = v.CostShares.Select(c => new { party = c.PartyId, amount = c.Amount.ToString() }).ToList(),
                determinedOn = Date(v.DeterminedOn),
            },
            ["purchaserStances"] = p.Stances.Select(s => Kebab(s.ToString())).Order(StringComparer.Ordinal).ToList(),
            ["overAllotment"] = p.Allocation is not { } oa ? null : new
            {
                stage = oa.StageId,
                pool = oa.Result.Pool.Value,
                basis = Kebab(oa.Result.Basis.ToString()),
                rounds = oa.Result.Rounds.Select(r => new
                {
                    round = r.Number,
                    poolAtStart = r.PoolAtStart.Value,
                    method = r.Method,
                    grants = r.Grants.Select(g => new { holder = g.HolderId, exact = g.Exact.ToString(), shares = g.Shares.Value }).ToList(),
                }).ToList(),
                allocations = oa.Result.Allocations.Select(g => new { holder = g.HolderId, shares = g.Shares.Value }).ToList(),
                unallocated = oa.Result.Unallocated.Value,
                citation = oa.Result.Citation.ToString(),
            },
            ["coSale"] = coSale is null ? null : new
            {
                toThirdParty = coSale.ToThirdParty.Value,
                transferorMeasure = coSale.TransferorMeasure.ToString(),
                roundingPolicy = coSale.RoundingPolicy,
                citation = coSale.Citation.ToString(),
                shares = coSale.Shares.Select(s => new
                {
                    holder = s.HolderId,
                    @class = s.ClassId,
                    numerator = s.Numerator.ToString(),
                    denominator = s.Denominator.ToString(),
                    exact = s.Exact.ToString(),
                    wholeEquivalents = s.WholeEquivalents.Value,
                    requested = s.Requested.Value,
                    delivered = s.Delivered.Value,
                    ratioToOrdinary = s.RatioToOrdinary.ToString(),
                }).ToList(),
            },
            ["closing"] = p.Closed is not { } c ? null : new
            {
                on = Date(c.EffectiveOn),
                at = Instant(c.At),
                legs = c.Legs.Select(l => new
                {
                    kind = Kebab(l.Kind.ToString()),
                    from = l.FromHolderId,
                    to = l.ToHolderId,
                    @class = l.ClassId,
                    shares = l.Shares.Value,
                    pricePerShare = l.PricePerShare?.ToString(),
                    citation = l.Citation.ToString(),
                }).ToList(),
                roundingPolicy = c.RoundingPolicy,
                notes = c.Notes,
            },
            ["revived"] = p.Revived is not { } rv ? null : new { @class = rv.ClassId, shares = rv.Shares.Value, on = Date(rv.EffectiveOn), citation = rv.Citation.ToString() },
            ["ambiguities"] = served.Ambiguities,
            ["deadlines"] = served.DeadlineData,
            ["openDeadlines"] = open,
        };
    }

    /// <summary>
    /// What a process's notices decide, as <see cref="Data(CompanyLedger, Agreement?, TransferProcess, LocalDate)"/>
    /// shows it: the notices with each receipt, the entitlement tables, the ambiguities and the deadlines, most of a
    /// process's data. They are made from the agreement and from the events of the offer, the notices, the valuation
    /// and the closing, which elections, waivers and requests leave as they are (a process folded again after one
    /// keeps the same objects), so parts made for one state of a process fit each later state for which
    /// <see cref="IsFor"/> holds: a caller that shows many states of a process (the server's answers to its elections)
    /// makes and serialises them once (<see cref="Select"/>). They hold no more than the data and what
    /// <see cref="IsFor"/> compares.
    /// </summary>
    public sealed class NoticeParts
    {
        private readonly Agreement? _agreement;
        private readonly TransferOffer? _offer;
        private readonly ValuationRecorded? _valuation;
        private readonly TransferClosed? _closed;
        private readonly string _transferor;
        private readonly (string Stage, IReadOnlyList<ReceiptRecord> Receipts)[] _receipts;
        private readonly ProRataTable[] _tables;

        private NoticeParts(Agreement? a, TransferProcess p)
        {
            _agreement = a;
            _offer = p.Offer;
            _valuation = p.Valuation;
            _closed = p.Closed;
            _transferor = p.TransferorId;
            _receipts = p.StageReceipts.Select(x => (x.Key, x.Value)).ToArray();
            _tables = p.Entitlements.Values.ToArray();
            Deadlines = a is null ? [] : p.Deadlines(a);
            DeadlineData = Deadlines.Select(d => d.ToData()).ToList();
            Notices = p.StageReceipts.OrderBy(x => StageOrder(a, x.Key)).Select(x => new
            {
                stage = x.Key,
                includes = x.Key == p.Notice?.Entitlements.StageId ? p.Notice.Includes.Select(i => Kebab(i.ToString())).ToList() : null,
                receipts = x.Value.Select(Receipt).ToList(),
            }).ToList();
            Entitlements = p.Entitlements.Values.OrderBy(t => StageOrder(a, t.StageId)).Select(Table).ToList();
            Ambiguities = TransferReport.Ambiguities(p).Select(x => new
            {
                code = x.Code,
                description = x.Description,
                readingTaken = x.ReadingTaken,
                alternative = x.Alternative,
                citation = x.Citation.ToString(),
            }).ToList();
        }

        private NoticeParts(NoticeParts made, Func<object, object> select)
        {
            (_agreement, _offer, _valuation, _closed, _transferor, _receipts, _tables) = (made._agreement, made._offer, made._valuation, made._closed, made._transferor, made._receipts, made._tables);
            Deadlines = made.Deadlines;
            Notices = select(made.Notices);
            Entitlements = select(made.Entitlements);
            Ambiguities = select(made.Ambiguities);
            DeadlineData = select(made.DeadlineData);
        }

        /// <summary>The process's deadlines (<see cref="TransferProcess.Deadlines"/>), from which the open ones are found.</summary>
        public IReadOnlyList<Proviso.Domain.Time.Deadline> Deadlines { get; }

        /// <summary>"deadlines": each deadline's data.</summary>
        public object DeadlineData { get; }

        /// <summary>"notices": each stage's notice with each receipt.</summary>
        public object Notices { get; }

        /// <summary>"entitlements": each stage's table.</summary>
        public object Entitlements { get; }

        /// <summary>"ambiguities".</summary>
        public object Ambiguities { get; }

        /// <summary>The parts of <paramref name="p"/>'s state.</summary>
        public static NoticeParts Of(Agreement? a, TransferProcess p) => new(a, p);

        /// <summary>These parts with each of the four data parts replaced by what <paramref name="select"/> makes of it (e.g. its JSON).</summary>
        public NoticeParts Select(Func<object, object> select) => new(this, select);

        /// <summary>Whether these parts are those of <paramref name="p"/>'s state: made from the same agreement, offer, notices, valuation and closing.</summary>
        public bool IsFor(Agreement? a, TransferProcess p)
        {
            if (!ReferenceEquals(_agreement, a) || !ReferenceEquals(_offer, p.Offer) || !ReferenceEquals(_valuation, p.Valuation)
                || !ReferenceEquals(_closed, p.Closed) || _transferor != p.TransferorId
                || _receipts.Length != p.StageReceipts.Count || _tables.Length != p.Entitlements.Count) return false;
            foreach (var (stage, receipts) in _receipts)
                if (!p.StageReceipts.TryGetValue(stage, out var now) || !ReferenceEquals(now, receipts)) return false;
            return _tables.All(t => p.Entitlements.TryGetValue(t.StageId, out var now) && ReferenceEquals(now, t));
        }
    }

    /// <summary>The process as lines for people.</summary>
    public static IReadOnlyList<string> Lines(RegisterTimeline timeline, Agreement? a, TransferProcess p, LocalDate asOf)
    {
        var lines = new List<string>();
        var offer = p.Offer is null ? "" : $": {p.Offer.Shares} {p.Offer.ClassId} to {p.Offer.TransfereeId} at {p.Offer.PricePerShare?.ToString() ?? p.Offer.NonCashConsideration}";
        lines.Add($"{p.Id} ({p.AgreementId}) {p.TransferorId}{offer} — {Kebab(p.Status.ToString())}" + (p.Offer is null ? "" : $", path {Kebab(p.Path.ToString())}"));
        foreach (var c in p.Conditions) lines.Add($"  condition: {c}");
        if (p.ContinuingLiability is { } liability) lines.Add($"  continuing liability: {liability}");
        foreach (var r in p.RefusedAttempts)
        {
            lines.Add($"  void {r.Attempt} on {Date(r.EffectiveOn)} (never entered on the register):");
            foreach (var x in r.Reasons) lines.Add($"    [{x.RuleId}] {x.Message}{(x.Citation is null ? "" : $" ({x.Citation})")}");
        }
        foreach (var (stage, receipts) in p.StageReceipts.OrderBy(x => StageOrder(a, x.Key)))
            foreach (var r in receipts)
                lines.Add($"  notice ({stage}) to {r.RecipientId} by {Kebab(r.Channel.ToString())}: received {Date(r.ReceivedOn)} ({r.TimeZone}) — {r.Explanation}");
        foreach (var t in p.Entitlements.Values.OrderBy(t => StageOrder(a, t.StageId)))
        {
            lines.Add($"  entitlements ({t.StageId}) on {t.Offered} offered, as of {Date(t.AsOf)}; {t.RoundingPolicy}:");
            foreach (var s in t.Shares)
                lines.Add($"    {s.HolderId}: {s.Numerator} / {s.Denominator} as written; applied {s.FractionApplied} → exactly {s.Exact} = {s.Whole} whole shares");
            if (t.RoundingRemainder.IsPositive) lines.Add($"    left by rounding: {t.RoundingRemainder}");
        }
        foreach (var e in p.Elections)
            lines.Add($"  elected ({e.StageId}) {e.HolderId}: {e.Shares} of {e.Entitlement}{(e.InFull ? " (in full)" : "")}" + (e.Apportion.Count == 0 ? "" : " apportioned " + string.Join(", ", e.Apportion.Select(x => $"{x.HolderId} {x.Shares}"))));
        foreach (var w in p.Waivers) lines.Add($"  waived {Kebab(w.Right.ToString())}: {w.HolderId}");
        foreach (var c in p.CoSales) lines.Add($"  co-sale election {c.HolderId}: up to {c.Shares} {c.ClassId}");
        foreach (var o in p.OverAllotmentRequests) lines.Add($"  over-allotment request {o.HolderId}: up to {o.Shares}");
        foreach (var x in p.SpecialOptions) lines.Add($"  special option {Kebab(x.Option.ToString())} by {x.HolderId}: {x.Shares}{(x.AssigneeId is null ? "" : $" to {x.AssigneeId}")}");
        if (p.Valuation is { } v)
            lines.Add($"  valuation ({Kebab(v.Method.ToString())}) {v.CashPerShare} per share on {Date(v.DeterminedOn)}" + (v.AppraisalCost is null ? "" : $"; appraisal cost {v.AppraisalCost}: " + string.Join(", ", v.CostShares.Select(c => $"{c.PartyId} {c.Amount}"))));
        foreach (var s in p.Stances) lines.Add($"  purchaser: {Kebab(s.ToString())}");
        if (p.Allocation is { } oa)
            foreach (var r in oa.Result.Rounds)
                lines.Add($"  over-allotment round {r.Number} (pool {r.PoolAtStart}, {r.Method}): " + string.Join(", ", r.Grants.Select(g => $"{g.HolderId} {g.Exact} → {g.Shares}")));
        if (a is not null && CoSaleProjection(timeline, a, p) is { } cs)
            foreach (var s in cs.Shares)
                lines.Add($"  co-sale {s.HolderId}: {cs.ToThirdParty} × {s.Numerator} / {s.Denominator} = {s.Exact} → {s.WholeEquivalents} Ordinary Share equivalents; asked {s.Requested}; delivers {s.Delivered} {s.ClassId}");
        if (p.Closed is { } closed)
        {
            lines.Add($"  closed on {Date(closed.EffectiveOn)}; {closed.RoundingPolicy}:");
            foreach (var l in closed.Legs) lines.Add($"    {Kebab(l.Kind.ToString())}: {l.Shares} {l.ClassId} {l.FromHolderId} → {l.ToHolderId}{(l.PricePerShare is null ? "" : $" at {l.PricePerShare}")} ({l.Citation})");
            foreach (var n in closed.Notes) lines.Add($"    note: {n}");
        }
        if (p.Revived is { } rv) lines.Add($"  rights revived on {Date(rv.EffectiveOn)} for {rv.Shares} {rv.ClassId} ({rv.Citation})");
        foreach (var x in Ambiguities(p)) lines.Add($"  ambiguity [{x.Code}]: {x}");
        if (a is not null)
        {
            var open = p.OpenDeadlines(a, asOf).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var d in p.Deadlines(a))
                lines.Add($"  deadline {d.Name}: {Date(d.DueDate)}{(open.Contains(d.Name) ? " (open)" : "")} — {d.Explanation}");
        }
        return lines;
    }

    /// <summary>
    /// The co-sale entitlements of a closed process with co-sellers, recomputed on the register at the notice date from
    /// the shares that went to the third party (the Offered Shares less every purchase leg).
    /// </summary>
    public static CoSaleTable? CoSaleProjection(RegisterTimeline timeline, Agreement a, TransferProcess p)
    {
        if (p.Closed is not { } closed || p.Notice is null || p.CoSales.Count == 0) return null;
        if (a.Mechanism<CoSaleTerms>("coSale") is not { } cs || a.Mechanism<FirstRefusalTerms>("firstRefusal") is not { } fr) return null;
        if (!closed.Legs.Any(l => l.Kind is LegKind.CoSale or LegKind.CoSaleBoughtByTransferor or LegKind.CoSaleConversion or LegKind.ThirdPartySale)) return null;
        var purchased = ShareCount.Sum(closed.Legs.Where(l => l.Kind is LegKind.FirstRefusalPurchase or LegKind.OverAllotmentPurchase or LegKind.CompanyPurchase
            or LegKind.SpecialOptionAssignee or LegKind.SpecialOptionCompanyRepurchase).Select(l => l.Shares));
        var coSellers = p.CoSales.Where(x => !p.HasWaived(x.HolderId, WaivedRight.CoSale)).OrderBy(x => x.HolderId, StringComparer.Ordinal)
            .Select(x => (x.HolderId, x.ClassId, x.Shares)).ToList();
        return CoSaleEntitlement.Compute(cs, timeline.AsOf(p.Notice.EffectiveOn), p.Notice.EffectiveOn, p.TransferorId, p.Offer.Shares - purchased, coSellers, fr.Rounding);
    }

    /// <summary>Every ambiguity met by the process: the entitlement tables' and the closing's, each once.</summary>
    public static IReadOnlyList<Ambiguity> Ambiguities(TransferProcess p)
    {
        var all = p.Entitlements.Values.SelectMany(t => t.Ambiguities).Concat(p.Closed?.Ambiguities ?? []);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return all.Where(x => seen.Add(x.Code + "\n" + x.Description)).ToList();
    }

    private static object Table(ProRataTable t) => new
    {
        stage = t.StageId,
        asOf = Date(t.AsOf),
        offered = t.Offered.Value,
        denominatorAsWritten = t.DenominatorAsWritten.ToString(),
        sumOfFractionsAsWritten = t.SumOfFractionsAsWritten.ToString(),
        reading = Kebab(t.Reading.ToString()),
        rounding = Kebab(t.Rounding.ToString()),
        roundingPolicy = t.RoundingPolicy,
        roundingRemainder = t.RoundingRemainder.Value,
        citation = t.Citation.ToString(),
        shares = t.Shares.Select(s => new
        {
            holder = s.HolderId,
            numerator = s.Numerator.ToString(),
            denominator = s.Denominator.ToString(),
            fractionAsWritten = s.FractionAsWritten.ToString(),
            fractionApplied = s.FractionApplied.ToString(),
            exact = s.Exact.ToString(),
            whole = s.Whole.Value,
        }).ToList(),
    };

    private static object Receipt(ReceiptRecord r)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(r.TimeZone) ?? DateTimeZone.Utc;
        return new
        {
            recipient = r.RecipientId,
            channel = Kebab(r.Channel.ToString()),
            sentAt = Local(r.SentAt, zone),
            deliveredAt = r.DeliveredAt is { } d ? Local(d, zone) : null,
            readAt = r.ReadAt is { } x ? Local(x, zone) : null,
            receivedOn = Date(r.ReceivedOn),
            effectiveAt = Local(r.EffectiveAt, zone),
            timeZone = r.TimeZone,
            explanation = r.Explanation,
            citation = r.Citation.ToString(),
        };
    }

    private static object Reason(Rejection r) => new { rule = r.RuleId, message = r.Message, citation = r.Citation?.ToString() };

    private static int StageOrder(Agreement? a, string stageId)
    {
        var stages = a?.Mechanism<FirstRefusalTerms>("firstRefusal")?.Stages;
        var i = stages is null ? -1 : stages.ToList().FindIndex(s => s.Id == stageId);
        return i < 0 ? int.MaxValue : i;
    }

    private static string Date(LocalDate d) => LocalDatePattern.Iso.Format(d);

    private static string Instant(Instant i) => InstantPattern.ExtendedIso.Format(i);

    private static string Local(Instant i, DateTimeZone zone) => OffsetDateTimePattern.Rfc3339.Format(i.InZone(zone).ToOffsetDateTime());

    private static string Kebab(string s) => Yaml.Node.Kebab(s);
}
