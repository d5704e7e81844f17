using NodaTime;
using NodaTime.Text;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.Consent;
using Proviso.Domain.Agreements.DragAlong;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Time;

namespace Proviso.Application.DragAlong;

/// <summary>An agreement with drag-along terms as recorded in a company's ledger, with its processes.</summary>
public sealed record DragAlongView(Agreement Agreement, DragAlongTerms Terms, DragAlongBook Book, RegisterTimeline Timeline)
{
    public BusinessCalendar Calendar => TransferProcess.CalendarOf(Agreement);

    public IReadOnlyList<DragAlongProcess> Processes => Book.Processes.Values.Where(p => p.AgreementId == Agreement.Id).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();

    /// <summary>The last instant of <paramref name="date"/> in the terms' time zone.</summary>
    public Instant EndOf(LocalDate date) => Terms.Zone.AtStartOfDay(date.PlusDays(1)).ToInstant() - Duration.Epsilon;

    /// <summary>The view of the one agreement with drag-along terms (or the one named).</summary>
    public static DragAlongView? Load(RegisterTimeline timeline, string? agreementId)
    {
        var agreements = DragAlongCommandDecider.Agreements(timeline);
        var a = agreementId is null
            ? agreements.Count switch
            {
                0 => null,
                1 => agreements[0],
                _ => throw new InputException(null, $"several agreements have drag-along terms ({string.Join(", ", agreements.Select(x => x.Id))}): name one with --agreement"),
            }
            : agreements.FirstOrDefault(x => x.Id == agreementId) ?? throw new InputException(null, $"no agreement '{agreementId}' with drag-along terms is recorded (recorded: {string.Join(", ", agreements.Select(x => x.Id))})");
        if (a is null) return null;
        return new DragAlongView(a, a.Mechanism<DragAlongTerms>(DragAlongDecider.Key)!, DragAlongBook.From(timeline.ProcessEvents.Select(x => x.Event)), timeline);
    }
}

/// <summary>The stable JSON shapes and text lines of drag-along answers, shared by the command line, the API and the scenario report.</summary>
public static class DragAlongViews
{
    private static string Instant(Instant i) => InstantPattern.ExtendedIso.Format(i);

    private static string Moment(Instant i, DateTimeZone zone) => OffsetDateTimePattern.Rfc3339.Format(i.InZone(zone).ToOffsetDateTime());

    private static string Money(Money m) => m.ToInvariantString();

    private static string? Cite(Citation? c) => c?.ToString();

    // --- who are the Drag Holders --------------------------------------------------------------------------------

    public static object Test(DragHoldersResult r) => new
    {
        satisfied = r.Satisfied,
        dragHolders = Group(r.DragHolders),
        approval = r.Approval is null ? null : Group(r.Approval),
        citations = new[] { Cite(r.DragHoldersCitation), Cite(r.ApprovalCitation) }.Where(x => x is not null),
    };

    private static object Group(ConsentResult g) => new
    {
        group = g.GroupId,
        name = g.GroupName,
        citation = g.Citation.ToString(),
        asOf = g.AsOf.ToString("yyyy-MM-dd", null),
        agreeing = g.Consenting,
        satisfied = g.Satisfied,
        tests = g.Prongs.Select(p => new
        {
            label = p.Label,
            description = p.Description,
            numerator = p.Numerator?.ToString(),
            denominator = p.Denominator?.ToString(),
            share = p.Share?.ToString(),
            percent = p.Share?.ToPercentString(4),
            threshold = p.Threshold?.ToString(),
            satisfied = p.Satisfied,
            required = p.Required.Select(x => new { party = x.Party, holder = x.HolderId, required = x.Required, agreed = x.Given, reason = x.Reason, citation = x.Citation.ToString() }),
            smallestFurtherAgreements = p.SmallestFurtherConsents,
            citation = p.Citation.ToString(),
            nested = p.Nested is null ? null : Group(p.Nested),
        }),
        smallestFurtherAgreements = g.SmallestFurtherConsents,
        smallestIsProven = g.SmallestIsProven,
        interpretations = g.Interpretations,
    };

    public static IReadOnlyList<string> TestLines(DragHoldersResult r)
    {
        var lines = new List<string> { $"Drag Holders on {r.DragHolders.AsOf:yyyy-MM-dd}: {(r.Satisfied ? "SATISFIED" : "NOT SATISFIED")} ({r.DragHoldersCitation})" };
        void Add(ConsentResult g, string indent)
        {
            lines.Add($"{indent}{g.GroupName}: {(g.Satisfied ? "satisfied" : "not satisfied")} ({g.Citation})");
            foreach (var p in g.Prongs)
            {
                var numbers = p.Share is { } s ? $"{p.Numerator} / {p.Denominator} = {s.ToPercentString(4)} ({s}); needs {p.Threshold}" : p.Description;
                lines.Add($"{indent}  {p.Label}: {numbers}: {(p.Satisfied ? "met" : "NOT met")} ({p.Citation})");
                foreach (var x in p.Required.Where(x => x.Required || !x.Given))
                    lines.Add($"{indent}    {x.Party}: {(x.Required ? (x.Given ? "required, agreed" : "required, MISSING") : "not required")}; {x.Reason}");
                if (!p.Satisfied && p.SmallestFurtherConsents.Count > 0) lines.Add($"{indent}    smallest further agreements: {string.Join(", ", p.SmallestFurtherConsents)}");
                if (p.Nested is { } nested) Add(nested, indent + "    ");
            }
            if (!g.Satisfied && g.SmallestFurtherConsents.Count > 0)
                lines.Add($"{indent}  smallest further agreements for the whole test{(g.SmallestIsProven ? "" : " (minimal, not proven the smallest)")}: {string.Join(", ", g.SmallestFurtherConsents)}");
            foreach (var i in g.Interpretations) lines.Add($"{indent}  interpretation: {i}");
        }
        Add(r.DragHolders, "  ");
        if (r.Approval is { } ap) Add(ap, "  ");
        return lines;
    }

    // --- a process --------------------------------------------------------------------------------------------------

    public static object Status(DragAlongView v, DragAlongProcess p, Instant at)
    {
        var t = v.Terms;
        var zone = t.Zone;
        var cal = v.Calendar;
        var ipo = v.Book.QualifiedIpoOf(v.Agreement.Id);
        var restriction = p.RestrictionPeriod(t, cal);
        var release = p.ReleasePeriod(t, cal);
        return new
        {
            process = p.Id,
            agreement = p.AgreementId,
            asOf = Moment(at, zone),
            status = Yaml.Node.Kebab(p.Status.ToString()),
            phase = Yaml.Node.Kebab(p.PhaseAt(t, cal, at).ToString()),
            endedByQualifiedIpo = ipo is not null && ipo.At <= at && p.Status is not (DragStatus.Closed or DragStatus.Withdrawn),
            qualifiedIpo = ipo is null ? null : new { on = ipo.EffectiveOn.ToString("yyyy-MM-dd", null), description = ipo.Description, citation = Cite(t.BeforeQualifiedIpo) },
            offer = Offer(p.Offer),
            acceptedOn = p.Accepted.EffectiveOn.ToString("yyyy-MM-dd", null),
            dragHolders = p.DragHolders,
            tests = p.Accepted.Tests.Select(Line),
            approval = p.Accepted.Approval.Select(Line),
            acceptanceNotes = p.Accepted.Notes,
            notice = p.Notice is not { } n ? null : new
            {
                date = n.NoticeDate.ToString("yyyy-MM-dd", null),
                receipts = n.Receipts.Select(Receipt),
                bound = n.Bound,
                obligations = n.Obligations.Select(o => new { id = Yaml.Node.Kebab(o.Id.ToString()), says = o.Says, citation = o.Citation.ToString() }),
                citation = t.Notice.Citation.ToString(),
            },
            obligations = p.Obligations.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => new
            {
                holder = x.Key,
                states = x.Value.OrderBy(o => o.Key).ToDictionary(o => Yaml.Node.Kebab(o.Key.ToString()), o => Yaml.Node.Kebab(o.Value.ToString())),
            }),
            powersOfAttorney = p.PowersOfAttorney.Select(x => new { holder = x.HolderId, director = x.Director, obligations = x.Obligations.Select(o => Yaml.Node.Kebab(o.ToString())), at = Moment(x.At, zone), citation = x.Citation.ToString() }),
            suspensions = p.Suspensions.Select(x => new { holder = x.HolderId, reason = x.Reason, at = Moment(x.At, zone), citation = x.Citation.ToString() }),
            withdrawal = p.Withdrawal is not { } w ? null : new { at = Moment(w.At, zone), acceptances = w.Acceptances, citation = w.Citation.ToString() },
            exclusionClause = p.Exclusion is not { } x2 ? null : new
            {
                startsOn = x2.StartsOn.ToString("yyyy-MM-dd", null), endsOn = x2.EndsOn.ToString("yyyy-MM-dd", null), agreedBy = x2.AgreedBy, beyondLimit = x2.BeyondLimit,
                explanation = x2.Explanation, ended = p.ExclusionEnded?.Reason, bindsNow = ExclusionClause.Binds(p.Exclusion, p.ExclusionEnded, at.InZone(zone).Date),
            },
            newOffers = p.NewOffers.Select(o => new { offer = Offer(o.Offer), receivedBy = o.ReceivedBy, at = Moment(o.At, zone), barredUntil = o.BarredUntil?.ToString("yyyy-MM-dd", null) }),
            failedOfferors = p.FailedOffers.Order(StringComparer.Ordinal),
            ranking = OfferorSelection.Rank(p.AllOffers).Select(o => new { offer = o.OfferId, offeror = o.OfferorName, valuation = Money(o.Valuation), canSignBy = o.CanSignBy is { } c ? Moment(c, zone) : null, failed = p.FailedOffers.Contains(o.OfferId) }),
            determinedOfferor = p.Determined is not { } d ? null : new { offer = d.OfferId, basis = d.Basis, explanation = d.Explanation, citation = d.Citation.ToString(), at = Moment(d.At, zone) },
            decisiveAgreementNotice = p.Request is not { } rq ? null : new { offer = rq.OfferId, at = Moment(rq.At, zone), receipts = rq.Receipts.Select(Receipt) },
            buyOutNotices = p.BuyOuts.Select(b => new
            {
                holder = b.HolderId, valuation = Money(b.Valuation), issuedOn = b.IssuedOn.ToString("yyyy-MM-dd", null), at = Moment(b.At, zone), receipts = b.Receipts.Select(Receipt),
                lapsed = p.Lapses.Any(l => l.HolderId == b.HolderId),
                signingWindow = t.PreferentialSale is { } ps ? PreferentialSale.SigningWindow(ps, b, DateTimeZoneProviders.Tzdb[b.BuyerTimeZone], cal).ToData() : null,
            }),
            forfeited = p.Forfeited.Order(StringComparer.Ordinal),
            forfeitureCitation = Cite(t.PreferentialSale?.Forfeiture),
            signed = p.Signed is not { } s ? null : new { buyer = s.BuyerId, offer = s.OfferId, preferential = s.Preferential, valuation = Money(s.Valuation), at = Moment(s.At, zone) },
            closing = p.Closed is not { } c2 ? null : Closing(c2),
            restrictionPeriod = restriction?.ToData(),
            releasePeriod = release?.ToData(),
            releaseEndsAt = p.ReleaseEndsAt(t, cal) is { } re ? Moment(re, zone) : null,
            specialSaleParties = t.Restriction?.SpecialSaleParties.Select(x => new { party = x, holder = v.Agreement.HolderOf(x) }),
            specialSales = p.SpecialSales.Select(s2 => new
            {
                sale = s2.SaleId, party = s2.Party, seller = s2.SellerId, successor = s2.SuccessorId, successorName = s2.SuccessorName,
                shares = s2.Shares.Select(x => new { @class = x.ClassId, shares = x.Shares.Value }), agreedAt = Moment(s2.At, zone),
                consummation = p.SpecialConsummations.FirstOrDefault(c3 => c3.SaleId == s2.SaleId) is { } c3
                    ? new { at = Moment(c3.At, zone), withinReleasePeriod = c3.WithinReleasePeriod, boundFrom = Moment(c3.BoundFrom, zone), explanation = c3.Explanation, citation = c3.Citation.ToString() }
                    : null,
            }),
            openDeadlines = ipo is not null && ipo.At <= at ? [] : p.OpenDeadlines(t, cal, at).Select(x => x.ToData()).ToList(),
        };
    }

    private static object Offer(SaleOffer o) => new
    {
        id = o.OfferId,
        offeror = o.OfferorId,
        name = o.OfferorName,
        valuation = Money(o.Valuation),
        classPrices = o.ClassPrices.OrderBy(x => x.Key, StringComparer.Ordinal).ToDictionary(x => x.Key, x => Money(x.Value)),
        materialTerms = o.MaterialTerms,
        canSignBy = o.CanSignBy is { } c ? Instant(c) : null,
    };

    private static object Line(DragTestLine l) => new
    {
        group = l.GroupId,
        label = l.Label,
        description = l.Description,
        numerator = l.Numerator?.ToString(),
        denominator = l.Denominator?.ToString(),
        percent = l.Numerator is { } n && l.Denominator is { } d && !d.IsZero ? (n / d).ToPercentString(4) : null,
        threshold = l.Threshold,
        satisfied = l.Satisfied,
        requiredConsents = l.RequiredConsents,
        smallestFurtherAgreements = l.SmallestFurtherAgreements,
        citation = l.Citation.ToString(),
    };

    private static object Receipt(ReceiptRecord r) => new
    {
        holder = r.RecipientId,
        channel = Yaml.Node.Kebab(r.Channel.ToString()),
        receivedOn = r.ReceivedOn.ToString("yyyy-MM-dd", null),
        effectiveAt = Instant(r.EffectiveAt),
        timeZone = r.TimeZone,
        explanation = r.Explanation,
    };

    public static object Closing(DragSaleClosed c) => new
    {
        buyer = c.BuyerId,
        on = c.EffectiveOn.ToString("yyyy-MM-dd", null),
        deemedLiquidationEvent = c.DeemedLiquidationEvent,
        legs = c.Legs.Select(l => new { from = l.FromHolderId, to = l.ToHolderId, @class = l.ClassId, shares = l.Shares.Value, consideration = Money(l.Consideration), underPowerOfAttorney = l.UnderPowerOfAttorney }),
        distribution = Distribution(c.Distribution),
        costs = Costs(c.Costs),
        notes = c.Notes,
        citations = c.Citations.Select(x => x.ToString()),
    };

    public static object Distribution(ProceedsDistribution d) => new
    {
        waterfall = d.Waterfall,
        description = d.Description,
        proceeds = Money(d.Proceeds),
        rounding = d.Rounding,
        byHolder = d.ByHolder().Select(x => new { holder = x.HolderId, amount = Money(x.Amount) }),
        lines = d.Lines.Select(l => new { holder = l.HolderId, @class = l.ClassId, shares = l.Shares.Value, asConverted = l.AsConverted.ToString(), exact = l.Exact.ToString(), amount = Money(l.Amount) }),
        total = Money(Domain.Quantities.Money.Sum(d.Lines.Select(l => l.Amount), d.Proceeds.Currency)),
        notes = d.Notes,
        citation = d.Citation.ToString(),
    };

    public static object Costs(CostAllocation c) => new
    {
        expenses = Money(c.Expenses),
        indemnity = Money(c.Indemnity),
        rounding = c.Rounding,
        holders = c.Lines.Select(l => new
        {
            holder = l.HolderId, proceeds = Money(l.Proceeds), expenseShare = Money(l.ExpenseShare), netProceeds = Money(l.NetProceeds),
            indemnityProRata = Money(l.IndemnityProRata), indemnityBorne = Money(l.IndemnityBorne), capped = l.Capped, ownClaims = Money(l.OwnClaims),
        }),
        unallocatedIndemnity = Money(c.UnallocatedIndemnity),
        holderSpecific = c.HolderSpecific.Select(h => new { holder = h.HolderId, amount = Money(h.Amount), description = h.Description }),
        citations = c.Citations.Select(x => x.ToString()),
    };

    public static IReadOnlyList<string> StatusLines(DragAlongView v, DragAlongProcess p, Instant at)
    {
        var t = v.Terms;
        var zone = t.Zone;
        var cal = v.Calendar;
        var lines = new List<string>
        {
            $"Drag-along '{p.Id}' under {p.AgreementId}: {Yaml.Node.Kebab(p.Status.ToString())}, {Yaml.Node.Kebab(p.PhaseAt(t, cal, at).ToString())} as of {Moment(at, zone)}",
            $"  Approved Sale to {p.Offer.OfferorName} ({p.Offer.OfferorId}) valuing the Group Companies at {p.Offer.Valuation}; accepted {p.Accepted.EffectiveOn:yyyy-MM-dd} by the Drag Holders: {string.Join(", ", p.DragHolders)} ({t.DragHolders.Citation})",
        };
        if (t.ValuationFloor is { } floor) lines.Add($"  valuation floor: {floor}: met ({floor.Citation})");
        foreach (var l in p.Accepted.Tests.Concat(p.Accepted.Approval))
            lines.Add($"  {l.GroupId} {l.Label}: " + (l.Numerator is { } n && l.Denominator is { } d && !d.IsZero ? $"{n} / {d} = {(n / d).ToPercentString(4)}; needs {l.Threshold}" : l.Description) + $": {(l.Satisfied ? "met" : "NOT met")}" + (l.RequiredConsents.Count > 0 ? $" [{string.Join(", ", l.RequiredConsents)}]" : "") + $" ({l.Citation})");
        if (v.Book.QualifiedIpoOf(v.Agreement.Id) is { } ipo && ipo.At <= at && p.Status is not (DragStatus.Closed or DragStatus.Withdrawn))
            lines.Add($"  ENDED: a Qualified IPO on {ipo.EffectiveOn:yyyy-MM-dd} ({ipo.Description}); the drag-along applies only before a Qualified IPO ({t.BeforeQualifiedIpo})");
        if (p.Notice is { } notice)
        {
            lines.Add($"  Drag-Along Notice dated {notice.NoticeDate:yyyy-MM-dd}, delivered to {notice.Bound.Count} other holders ({t.Notice.Citation})");
            var pending = p.Obligations.Where(x => x.Value.Values.Any(s => s == ObligationState.Pending)).Select(x => x.Key).Order(StringComparer.Ordinal).ToList();
            lines.Add($"  obligations (sell, vote, not dissent, transfer, sign): {p.Obligations.Count - pending.Count} holders done, {pending.Count} pending" + (pending.Count is > 0 and <= 8 ? $": {string.Join(", ", pending)}" : ""));
            foreach (var x in p.PowersOfAttorney) lines.Add($"  {x.HolderId} failed to act: {x.Director} acts under the power of attorney ({x.Citation})");
            foreach (var x in p.Suspensions) lines.Add($"  {x.HolderId}: suspended, not a breach: {x.Reason} ({x.Citation})");
        }
        if (p.Withdrawal is { } w) lines.Add($"  withdrawn {Moment(w.At, zone)} with the written acceptance of all {w.Acceptances.Count} holders ({w.Citation})");
        if (p.Exclusion is { } ex) lines.Add($"  {ex.Explanation}{(p.ExclusionEnded is { } e2 ? $"; ended: {e2.Reason}" : "")}");
        foreach (var o in p.NewOffers) lines.Add($"  New Offer '{o.Offer.OfferId}' from {o.Offer.OfferorName}: {o.Offer.Valuation}, received by {o.ReceivedBy}" + (o.BarredUntil is { } b ? $"; barred by the Exclusion Clause until {b:yyyy-MM-dd}" : ""));
        foreach (var f in p.FailedOffers.Order(StringComparer.Ordinal)) lines.Add($"  '{f}' failed to execute the Decisive Agreement");
        if (p.Determined is { } det) lines.Add($"  Determined Offeror: '{det.OfferId}' ({det.Basis}): {det.Explanation} ({det.Citation})");
        if (p.Request is { } req) lines.Add($"  the Drag Holders' notice to execute with '{req.OfferId}' given {Moment(req.At, zone)}");
        foreach (var b in p.BuyOuts)
            lines.Add($"  Buy-out Notice by {b.HolderId} at {b.Valuation}, issued {b.IssuedOn:yyyy-MM-dd}{(p.Lapses.Any(l => l.HolderId == b.HolderId) ? ": LAPSED, back to the Determined Offeror" : "")}");
        if (p.Forfeited.Count > 0) lines.Add($"  silent in their Buy-out window, {p.Forfeited.Count} holders forfeit the Preferential Sale for this Restriction Period ({t.PreferentialSale?.Forfeiture})");
        if (p.Signed is { } s) lines.Add($"  Decisive Agreement executed {Moment(s.At, zone)} with {s.BuyerId}{(s.Preferential ? " (Preferential Sale)" : "")} at {s.Valuation}");
        if (p.Closed is { } c)
        {
            lines.Add($"  closed {c.EffectiveOn:yyyy-MM-dd}: {c.Legs.Count} legs to {c.BuyerId}; Deemed Liquidation Event: {(c.DeemedLiquidationEvent ? "yes" : "no")}");
            lines.Add($"  proceeds {c.Distribution.Proceeds} by {c.Distribution.Description}; rounding: {c.Distribution.Rounding}");
            foreach (var (h, amt) in c.Distribution.ByHolder()) lines.Add($"    {h}: {amt}");
            if (!c.Costs.Expenses.IsZero || !c.Costs.Indemnity.IsZero)
            {
                lines.Add($"  expenses {c.Costs.Expenses} and indemnity {c.Costs.Indemnity} by relative proceeds ({string.Join("; ", c.Costs.Citations)})");
                foreach (var l in c.Costs.Lines) lines.Add($"    {l.HolderId}: expenses {l.ExpenseShare}, net proceeds {l.NetProceeds}, indemnity {l.IndemnityBorne}{(l.Capped ? " (capped at net proceeds)" : "")}{(l.OwnClaims.IsZero ? "" : $", own claims {l.OwnClaims}")}");
            }
            foreach (var note in c.Notes) lines.Add($"  note: {note}");
        }
        if (p.RestrictionPeriod(t, cal) is { } r) lines.Add($"  {r.Name}: {r.Explanation}");
        if (p.ReleasePeriod(t, cal) is { } rel) lines.Add($"  {rel.Name}: {rel.Explanation}" + (p.ReleaseEndsAt(t, cal) is { } re && re < rel.ExpiresAt ? $"; ended early at {Moment(re, zone)} by a Special Sale ({t.Restriction!.ConsummatedInTime})" : ""));
        foreach (var ss in p.SpecialSales)
        {
            lines.Add($"  Special Sale '{ss.SaleId}': {ss.Party} ({ss.SellerId}) to {ss.SuccessorName} ({ss.SuccessorId}): {string.Join(", ", ss.Shares.Select(x => $"{x.Shares} {x.ClassId}"))}, agreed {Moment(ss.At, zone)}");
            if (p.SpecialConsummations.FirstOrDefault(x => x.SaleId == ss.SaleId) is { } cons) lines.Add($"    {cons.Explanation}");
        }
        foreach (var d in p.OpenDeadlines(t, cal, at)) lines.Add($"  open: {d.DueDate:yyyy-MM-dd} {d.Name}: {d.Explanation}");
        return lines;
    }
}
