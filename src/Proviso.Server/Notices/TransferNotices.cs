using NodaTime;
using NodaTime.Text;
using Proviso.Application.Ledgers;
using Proviso.Application.Scenarios.Reports;
using Proviso.Application.Transfers;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.CoSale;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Time;

namespace Proviso.Server.Notices;

/// <summary>The notices of a transfer process: the Transfer Notice (s.2.2(i)), an election (s.2.2(ii)), an over-allotment request and a co-sale election (s.2.3).</summary>
public enum TransferNoticeKind
{
    TransferNotice,
    Election,
    OverAllotment,
    CoSale,
}

/// <summary>
/// Builds the notices of a transfer process from what the ledger recorded. The Transfer Notice shows each recipient's
/// deemed receipt as decided when it was served (s.6.6) and the Option Period it started; an Investor's notice (an
/// election, an over-allotment request, a co-sale election) shows the moment it was recorded as given and when the
/// Company is deemed to receive it if sent by e-mail at that moment, under the same rule.
/// </summary>
public static class TransferNotices
{
    public static bool TryKind(string text, out TransferNoticeKind kind)
    {
        kind = text switch
        {
            "transfer-notice" => TransferNoticeKind.TransferNotice,
            "election" => TransferNoticeKind.Election,
            "over-allotment" => TransferNoticeKind.OverAllotment,
            "co-sale" => TransferNoticeKind.CoSale,
            _ => (TransferNoticeKind)(-1),
        };
        return Enum.IsDefined(kind);
    }

    /// <summary>
    /// The notice, or the reason there is none. <paramref name="only"/> (a holder-role caller) limits the Transfer
    /// Notice's entitlements and receipts to that holder's own lines.
    /// </summary>
    public static (NoticeDocument? Notice, string? Problem) Build(CompanyLedger ledger, string processId, TransferNoticeKind kind, string? holderId, string? only)
    {
        var timeline = ledger.Timeline;
        var book = TransferIndex.Of(ledger);
        if (book.Find(processId) is not { Offer: not null } p) return (null, $"There is no transfer process '{processId}' with an offer.");
        var a = book.Agreement(p.AgreementId);
        if (a is null) return (null, $"The terms of '{p.AgreementId}' are not recorded.");
        var register = timeline.Latest;
        string Name(string id) => id == a.CompanyId ? register.CompanyName ?? id : register.Holders.TryGetValue(id, out var h) ? h.Name : id == p.Offer.TransfereeId ? p.Offer.TransfereeName : id;
        var company = register.CompanyName ?? ledger.CompanyId;
        var fr = a.Mechanism<FirstRefusalTerms>("firstRefusal");
        var cs = a.Mechanism<CoSaleTerms>("coSale");
        var notices = a.Mechanism<NoticeTerms>("notices");
        var calendar = a.BusinessDay is null ? null : TransferProcess.CalendarOf(a);
        var price = p.Offer.PricePerShare is { } pr ? $"{pr} per share in cash ({new Proviso.Domain.Quantities.Money(pr.Amount * p.Offer.Shares.Value, pr.Currency)} in all)" : $"property other than cash: {p.Offer.NonCashConsideration}";
        var reference = $"Transfer {p.Id} under the {a.Title} dated {a.Date:d MMMM yyyy}";
        var cls = register.Classes.TryGetValue(p.Offer.ClassId, out var c) ? c.Name : p.Offer.ClassId;

        // An Investor's notice to the Company: when the Company is deemed to receive it if e-mailed at the moment recorded.
        NoticeReceiptLine? ToCompany(Instant at)
        {
            if (notices is null || calendar is null) return null;
            var (receipt, problem) = Proviso.Domain.Agreements.Transfers.NoticeReceipt.Deem(a, notices, calendar, timeline.AsOf(at.InUtc().Date), new NoticeDelivery(a.CompanyId, NoticeChannel.Email, at));
            return receipt is null
                ? new NoticeReceiptLine(company, "email", Moment(at, notices.Company.TimeZone), "cannot be decided", problem ?? "", notices.Citation)
                : new NoticeReceiptLine(company, "email", Moment(at, receipt.TimeZone), $"{receipt.ReceivedOn:yyyy-MM-dd} ({receipt.TimeZone})", receipt.Explanation, receipt.Citation);
        }

        switch (kind)
        {
            case TransferNoticeKind.TransferNotice:
            {
                if (p.Path != TransferPath.FirstRefusal || fr is null) return (null, $"Transfer '{p.Id}' proceeds as {p.Path}: it has no Transfer Notice.");
                var blocks = new List<NoticeBlock>
                {
                    new NoticeParagraph($"{Name(p.TransferorId)} (the \"Transferor\") gives notice under Section 2.2(i) of the {a.Title} that it proposes to Transfer the Equity Securities described below (the \"Offered Shares\"), and offers them to the Investors on the same terms.", fr.Citation),
                    new NoticeFacts([
                        ("Offered Shares", $"{p.Offer.Shares} {cls}"),
                        ("Prospective transferee", p.Offer.TransfereeName),
                        ("Address of the transferee", p.Offer.TransfereeAddress ?? "(not stated)"),
                        ("Consideration", price),
                        ("Material terms", p.Offer.MaterialTerms.Count == 0 ? "(none stated)" : string.Join("; ", p.Offer.MaterialTerms)),
                        ("Proposed closing date", p.Offer.ProposedClosingDate is { } cd ? LocalDatePattern.Iso.Format(cd) : "(not fixed by this notice)"),
                    ]),
                };
                var includes = p.Notice?.Includes ?? Enum.GetValues<NoticeElement>();
                if (includes.Contains(NoticeElement.Certification))
                    blocks.Add(new NoticeParagraph("The Transferor certifies that it has received a definitive offer from the prospective transferee and in good faith believes that a binding agreement for the Transfer is obtainable on the terms set out in this notice.", fr.NoticeContent.FirstOrDefault(x => x.Element == NoticeElement.Certification)?.Citation));
                if (includes.Contains(NoticeElement.WrittenProposals))
                    blocks.Add(new NoticeParagraph("A copy of any written proposal, term sheet or letter of intent or other agreement relating to the proposed Transfer accompanies this notice.", fr.NoticeContent.FirstOrDefault(x => x.Element == NoticeElement.WrittenProposals)?.Citation));
                var missing = TransferNoticeContent.Missing(fr, includes.ToList());
                foreach (var m in missing) blocks.Add(new NoticeParagraph($"This notice does not include {m.Description}; without it, it is not a Transfer Notice and starts no period.", m.Citation));
                var stage = fr.Stages[0];
                if (p.Entitlements.TryGetValue(stage.Id, out var table))
                {
                    blocks.Add(new NoticeHeading($"{stage.Name}: Pro Rata Shares"));
                    blocks.Add(new NoticeParagraph($"Each Investor may elect to purchase up to its Pro Rata Shares within its {stage.PeriodName}. Measured on the register of {table.AsOf:yyyy-MM-dd}; rounding: {table.RoundingPolicy}.", table.Citation));
                    blocks.Add(new NoticeTable($"Pro Rata Shares of the {table.Offered} Offered Shares", ["Investor", "Fraction", "Exact shares", "Whole shares"],
                        table.Shares.Where(s => only is null || s.HolderId == only).Select(s => (IReadOnlyList<string>)[Name(s.HolderId), s.FractionApplied.ToString(), $"{s.Exact.ToDecimalString(4)} ({s.Exact})", s.Whole.ToString()]).ToList(),
                        [0.34f, 0.2f, 0.3f, 0.16f]));
                }
                else
                {
                    blocks.Add(new NoticeParagraph($"Each Investor may elect to purchase up to its Pro Rata Shares within its {stage.PeriodName}, computed on the register as of the date of this notice.", stage.Citation));
                }
                var receipts = new List<NoticeReceiptLine>();
                if (p.Notice is { } served)
                {
                    var purchasers = p.Entitlements.TryGetValue(stage.Id, out var t0) ? t0.Shares.Select(s => s.HolderId).ToHashSet(StringComparer.Ordinal) : [];
                    foreach (var r in served.Receipts.Where(r => only is null || r.RecipientId == only || only == p.TransferorId))
                    {
                        string? then = null;
                        if (calendar is not null && purchasers.Contains(r.RecipientId))
                        {
                            var period = OptionPeriod.For(stage, r, calendar);
                            then = $"{stage.PeriodName} ends {period.DueDate:yyyy-MM-dd} ({period.TimeZone.Id})";
                        }
                        receipts.Add(new NoticeReceiptLine(Name(r.RecipientId), Words(r.Channel.ToString()), Moment(r.SentAt, r.TimeZone) + (r.DeliveredAt is { } d ? $"; delivered {Moment(d, r.TimeZone)}" : ""),
                            $"{r.ReceivedOn:yyyy-MM-dd} ({r.TimeZone})", r.Explanation, r.Citation, then));
                    }
                }
                var to = new List<string> { company };
                if (p.Notice is { } n2) to = n2.Receipts.Select(r => Name(r.RecipientId)).ToList();
                if (only is not null && only != p.TransferorId) to = [company, Name(only)];
                return (new NoticeDocument("transfer-notice", "Transfer Notice", company, reference, p.Notice is { } n3 ? LocalDatePattern.Iso.Format(n3.EffectiveOn) : "draft, not yet served",
                    Name(p.TransferorId), to, blocks, receipts,
                    p.Notice is null ? "Not served yet: each recipient's deemed receipt is decided when the notice is served (s.6.6)." : "Deemed receipt at each recipient's place of receipt, and why",
                    [fr.Citation, .. notices is null ? [] : new[] { notices.Citation }]) { FileName = $"transfer-notice-{p.Id}" }, null);
            }
            case TransferNoticeKind.Election:
            {
                if (fr is null || holderId is null) return (null, "An election notice needs a holder.");
                var e = p.Elections.FirstOrDefault(x => x.HolderId == holderId);
                if (e is null) return (null, $"'{holderId}' has made no election in transfer '{p.Id}'.");
                var stage = fr.Stage(e.StageId);
                var blocks = new List<NoticeBlock>
                {
                    new NoticeParagraph($"{Name(holderId)} gives notice under Section 2.2(ii) of the {a.Title} that it elects to purchase {e.Shares} of the Offered Shares ({cls}) offered by {Name(p.TransferorId)} in the Transfer Notice of {p.Notice?.EffectiveOn:yyyy-MM-dd}, on the terms of that notice.", stage.Citation),
                    new NoticeFacts([
                        ("Shares elected", e.Shares.ToString()),
                        ("Its Pro Rata Shares", e.Entitlement + (e.InFull ? " (elected in full)" : "")),
                        ("Consideration", p.Valuation is { } v ? $"{v.CashPerShare} per share (cash equivalent, {Words(v.Method.ToString())})" : price),
                        ("Stage", stage.Name),
                    ]),
                };
                if (e.Apportion.Count > 0)
                    blocks.Add(new NoticeTable("Apportioned among its Affiliates", ["Affiliate", "Shares"], e.Apportion.Select(x => (IReadOnlyList<string>)[Name(x.HolderId), x.Shares.ToString()]).ToList()));
                if (calendar is not null && p.StageReceipts.TryGetValue(stage.Id, out var rs) && rs.FirstOrDefault(r => r.RecipientId == holderId) is { } own)
                {
                    var period = OptionPeriod.For(stage, own, calendar);
                    blocks.Add(new NoticeParagraph($"Given within its {stage.PeriodName}: {period.Explanation}.", stage.Citation));
                }
                var receipt = ToCompany(e.At);
                return (new NoticeDocument("election", "Notice of Election to Purchase (Right of First Refusal)", company, reference, Moment(e.At, notices?.Company.TimeZone ?? "UTC"),
                    Name(holderId), [Name(p.TransferorId), company], blocks, receipt is null ? [] : [receipt],
                    "Recorded as given at the moment shown; if sent by e-mail then, the Company is deemed to receive it as follows", [stage.Citation, .. notices is null ? [] : new[] { notices.Citation }])
                    { FileName = $"election-{p.Id}-{holderId}" }, null);
            }
            case TransferNoticeKind.OverAllotment:
            {
                if (fr is null || holderId is null) return (null, "An over-allotment notice needs a holder.");
                var r = p.OverAllotmentRequests.FirstOrDefault(x => x.HolderId == holderId);
                if (r is null) return (null, $"'{holderId}' has not asked for unsubscribed shares in transfer '{p.Id}'.");
                var stage = fr.Stage(r.StageId);
                var oa = stage.OverAllotment!;
                var blocks = new List<NoticeBlock>
                {
                    new NoticeParagraph($"{Name(holderId)}, having exercised its right of first refusal to the full extent of its Pro Rata Shares, gives notice that it wishes to purchase up to {r.Shares} of the Offered Shares not subscribed by the other Investors (the Over-allotment Rights).", oa.Citation),
                    new NoticeFacts([("Unsubscribed shares asked for (at most)", r.Shares.ToString()), ("Its election", p.ElectionOf(r.StageId, holderId)?.Shares.ToString() ?? "—"), ("Split basis", Words(oa.Basis.ToString()))]),
                };
                if (p.Allocation is { } alloc && alloc.StageId == r.StageId)
                {
                    var mine = alloc.Result.Allocations.FirstOrDefault(g => g.HolderId == holderId);
                    blocks.Add(new NoticeHeading("Allocation"));
                    blocks.Add(new NoticeTable($"Rounds over the pool of {alloc.Result.Pool} unsubscribed shares", ["Round", "Pool at start", "Exact share", "Whole shares"],
                        alloc.Result.Rounds.SelectMany(x => x.Grants.Where(g => g.HolderId == holderId).Select(g => (IReadOnlyList<string>)[x.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), x.PoolAtStart.ToString(), g.Exact.ToString(), g.Shares.ToString()])).ToList()));
                    blocks.Add(new NoticeParagraph($"Allocated to {Name(holderId)}: {mine?.Shares.ToString() ?? "0"} shares.", alloc.Result.Citation));
                }
                var receipt = ToCompany(r.At);
                return (new NoticeDocument("over-allotment", "Notice of Exercise of Over-allotment Rights", company, reference, Moment(r.At, notices?.Company.TimeZone ?? "UTC"),
                    Name(holderId), [Name(p.TransferorId), company], blocks, receipt is null ? [] : [receipt],
                    $"Recorded as given at the moment shown, within the {oa.PeriodName}; if sent by e-mail then, the Company is deemed to receive it as follows", [oa.Citation])
                    { FileName = $"over-allotment-{p.Id}-{holderId}" }, null);
            }
            case TransferNoticeKind.CoSale:
            {
                if (cs is null || holderId is null) return (null, "A co-sale notice needs a holder and co-sale terms.");
                var s = p.CoSales.FirstOrDefault(x => x.HolderId == holderId);
                if (s is null) return (null, $"'{holderId}' has not elected to co-sell in transfer '{p.Id}'.");
                var blocks = new List<NoticeBlock>
                {
                    new NoticeParagraph($"{Name(holderId)} gives notice under Section 2.3 of the {a.Title} that it elects to participate in the sale of the Offered Shares by {Name(p.TransferorId)} to {p.Offer.TransfereeName}, and to sell up to {s.Shares} {s.ClassId} on the same terms.", cs.Citation),
                    new NoticeFacts([("Shares it wishes to sell (at most)", $"{s.Shares} {s.ClassId}"), ("Price", price)]),
                    new NoticeParagraph("The number it may sell is the product of the Offered Shares going to the third party and its fraction of the holdings of the Transferor and the Investors exercising the right of co-sale, measured on the date of the Transfer Notice.", cs.EntitlementCitation),
                };
                if (TransferReport.CoSaleProjection(timeline, a, p) is { } ct && ct.Shares.FirstOrDefault(x => x.HolderId == holderId) is { } mine)
                    blocks.Add(new NoticeFacts([("Entitlement (exact)", $"{mine.Exact.ToDecimalString(4)} ({mine.Exact})"), ("Ordinary Share equivalents", mine.WholeEquivalents.ToString()), ("Delivers", $"{mine.Delivered} {mine.ClassId}")]));
                var receipt = ToCompany(s.At);
                return (new NoticeDocument("co-sale", "Notice of Election to Co-Sell", company, reference, Moment(s.At, notices?.Company.TimeZone ?? "UTC"),
                    Name(holderId), [Name(p.TransferorId), company], blocks, receipt is null ? [] : [receipt],
                    $"Recorded as given at the moment shown, within its {cs.PeriodName}; if sent by e-mail then, the Company is deemed to receive it as follows", [cs.Citation, cs.EntitlementCitation])
                    { FileName = $"co-sale-{p.Id}-{holderId}" }, null);
            }
            default:
                return (null, "unknown notice");
        }
    }

    public static string Moment(Instant at, string zoneId)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) ?? DateTimeZone.Utc;
        return OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm o<+HH:mm>").Format(at.InZone(zone).ToOffsetDateTime()) + $" ({zone.Id})";
    }

    private static string Words(string pascal) => Application.Yaml.Node.Kebab(pascal).Replace('-', ' ');
}
