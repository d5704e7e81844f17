using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using Proviso.Application.Access;
using Proviso.Application.Scenarios.Reports;
using Proviso.Application.Transfers;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.CoSale;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Time;
using Proviso.Storage;

namespace Proviso.Server.Pages.Companies;

/// <summary>
/// One transfer process: the timeline of notices and elections (each recipient's deemed receipt and why),
/// entitlements with exact fractions and whole shares, over-allotment, co-sale, closing legs, ambiguities, deadlines;
/// and the forms that record the next steps. A holder-role user sees what concerns it and acts only for itself.
/// </summary>
public sealed class TransferModel(IEventStore store, AccessService access, IClock clock) : ActingPageModel(store, access, clock)
{
    public sealed record TimelineItem(long Sequence, Instant? At, LocalDate On, string Title, string Detail, Citation? Citation);

    public sealed class DeliveryRow
    {
        public string Id { get; set; } = "";
        public bool Send { get; set; }
        public string Channel { get; set; } = "email";
        public string? Sent { get; set; }
        public string? Delivered { get; set; }
        public bool Copy { get; set; }
    }

    public sealed class NoticeForm
    {
        public List<string> Includes { get; set; } = new();
        public List<DeliveryRow> Rows { get; set; } = new();
    }

    public sealed class ActionRow
    {
        public string HolderId { get; set; } = "";
        public string? Action { get; set; }
        public long? Shares { get; set; }
        public string? ClassId { get; set; }
    }

    public sealed class RowsForm
    {
        public List<ActionRow> Rows { get; set; } = new();
        public string? At { get; set; }
    }

    public sealed class StepForm
    {
        public string? CashPerShare { get; set; }
        public string? Method { get; set; }
        public string? AppraisalCost { get; set; }
        public string? Stance { get; set; }
        public bool Sell { get; set; }
        public string? SalePrice { get; set; }
        public string? JoinderSignedAt { get; set; }
        public string? BetterTerms { get; set; }
        public string? At { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public string ProcessId { get; set; } = "";

    [BindProperty] public NoticeForm Notice { get; set; } = new();
    [BindProperty] public RowsForm Elect { get; set; } = new();
    [BindProperty] public RowsForm Over { get; set; } = new();
    [BindProperty] public RowsForm CoSell { get; set; } = new();
    [BindProperty] public StepForm Step { get; set; } = new();

    public TransferProcess Process { get; private set; } = null!;
    public Agreement? Agreement { get; private set; }
    public FirstRefusalTerms? FirstRefusal { get; private set; }
    public CoSaleTerms? CoSale { get; private set; }
    public BusinessCalendar? Calendar { get; private set; }
    public DateTimeZone Zone { get; private set; } = DateTimeZone.Utc;
    public Dictionary<string, string> Names { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<Deadline> Deadlines { get; private set; } = [];
    public List<TimelineItem> Timeline { get; } = new();
    public IReadOnlyList<string> RequiredRecipients { get; private set; } = [];
    public CoSaleTable? CoSaleTable { get; private set; }
    public IReadOnlyList<Ambiguity> Ambiguities { get; private set; } = [];
    public IReadOnlyList<string> OpenRights { get; private set; } = [];
    public string? Only => Caller.OnlyHolder;

    public bool IsOpen => Process.Status is TransferStatus.Proposed or TransferStatus.NoticeServed;
    public bool CanActForProcess => IsOpen && MayActFor(Process.TransferorId);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadProcessAsync() is { } stop) return stop;
        return Page();
    }

    public async Task<IActionResult> OnPostNoticeAsync()
    {
        if (await LoadProcessAsync() is { } stop) return stop;
        if (!MayActFor(Process.TransferorId)) return Forbid();
        var includes = new List<NoticeElement>();
        foreach (var i in Notice.Includes)
            if (Enum.TryParse<NoticeElement>(i, out var e)) includes.Add(e);
        var deliveries = new List<NoticeDelivery>();
        foreach (var r in Notice.Rows.Where(r => r.Send))
        {
            if (!Enum.TryParse<NoticeChannel>(r.Channel, out var channel)) { InputError = $"{Name(r.Id)}: unknown channel '{r.Channel}'."; return Page(); }
            if (!TryWhen(r.Sent, $"{Name(r.Id)}: sent", out var sent, out _)) return Page();
            if (!TryOptionalMoment(r.Delivered, $"{Name(r.Id)}: delivered", out var delivered)) return Page();
            if (delivered is { } d && d < sent) { InputError = $"{Name(r.Id)}: a notice cannot be delivered before it is sent."; return Page(); }
            deliveries.Add(new NoticeDelivery(r.Id, channel, sent, delivered, false, r.Copy ? new CopyDelivery(channel, sent, delivered) : null));
        }
        if (deliveries.Count == 0) { InputError = "Choose at least one recipient."; return Page(); }
        var at = deliveries.Max(d => d.SentAt);
        var on = Notice.Rows.Where(r => r.Send && !string.IsNullOrWhiteSpace(r.Sent)).Select(r => OffsetDateTimePattern.ExtendedIso.Parse(r.Sent!.Trim())).Where(x => x.Success).Select(x => (LocalDate?)x.Value.Date).FirstOrDefault()
                 ?? at.InUtc().Date;
        return await RunAsync([new GiveTransferNotice(ProcessId, includes, deliveries) { At = at, EffectiveOn = on }], "The Transfer Notice was served", Self) ?? Page();
    }

    public async Task<IActionResult> OnPostElectAsync()
    {
        if (await LoadProcessAsync() is { } stop) return stop;
        if (!TryWhen(Elect.At, "When", out var at, out var on)) return Page();
        var commands = new List<object>();
        foreach (var r in Elect.Rows.Where(r => !string.IsNullOrEmpty(r.Action)))
        {
            if (!MayActFor(r.HolderId)) return Forbid();
            switch (r.Action)
            {
                case "elect":
                    if (r.Shares is not > 0) { InputError = $"{Name(r.HolderId)}: give the number of shares elected."; return Page(); }
                    commands.Add(new ElectFirstRefusal(ProcessId, r.HolderId, ShareCount.Of(r.Shares.Value), []) { At = at, EffectiveOn = on });
                    break;
                case "waive":
                    commands.Add(new WaiveRights(ProcessId, r.HolderId, WaivedRight.FirstRefusal) { At = at, EffectiveOn = on });
                    break;
                case "waive-all":
                    commands.Add(new WaiveRights(ProcessId, r.HolderId, WaivedRight.All) { At = at, EffectiveOn = on });
                    break;
                default:
                    InputError = $"{Name(r.HolderId)}: unknown action '{r.Action}'."; return Page();
            }
        }
        return await RunAsync(commands, $"Recorded {commands.Count} election{(commands.Count == 1 ? "" : "s")} or waiver{(commands.Count == 1 ? "" : "s")}", Self) ?? Page();
    }

    public async Task<IActionResult> OnPostOverAllotmentAsync()
    {
        if (await LoadProcessAsync() is { } stop) return stop;
        if (!TryWhen(Over.At, "When", out var at, out var on)) return Page();
        var commands = new List<object>();
        foreach (var r in Over.Rows.Where(r => !string.IsNullOrEmpty(r.Action)))
        {
            if (!MayActFor(r.HolderId)) return Forbid();
            if (r.Action == "request")
            {
                if (r.Shares is not > 0) { InputError = $"{Name(r.HolderId)}: give the most unsubscribed shares it asks for."; return Page(); }
                commands.Add(new RequestOverAllotment(ProcessId, r.HolderId, ShareCount.Of(r.Shares.Value)) { At = at, EffectiveOn = on });
            }
            else if (r.Action == "waive")
            {
                commands.Add(new WaiveRights(ProcessId, r.HolderId, WaivedRight.OverAllotment) { At = at, EffectiveOn = on });
            }
        }
        return await RunAsync(commands, $"Recorded {commands.Count} over-allotment step{(commands.Count == 1 ? "" : "s")}", Self) ?? Page();
    }

    public async Task<IActionResult> OnPostCoSaleAsync()
    {
        if (await LoadProcessAsync() is { } stop) return stop;
        if (!TryWhen(CoSell.At, "When", out var at, out var on)) return Page();
        var commands = new List<object>();
        foreach (var r in CoSell.Rows.Where(r => !string.IsNullOrEmpty(r.Action)))
        {
            if (!MayActFor(r.HolderId)) return Forbid();
            if (r.Action == "elect")
            {
                if (r.Shares is not > 0 || string.IsNullOrEmpty(r.ClassId)) { InputError = $"{Name(r.HolderId)}: give the class and the most shares it wishes to sell."; return Page(); }
                commands.Add(new ElectCoSale(ProcessId, r.HolderId, r.ClassId, ShareCount.Of(r.Shares.Value)) { At = at, EffectiveOn = on });
            }
            else if (r.Action == "waive")
            {
                commands.Add(new WaiveRights(ProcessId, r.HolderId, WaivedRight.CoSale) { At = at, EffectiveOn = on });
            }
        }
        return await RunAsync(commands, $"Recorded {commands.Count} co-sale step{(commands.Count == 1 ? "" : "s")}", Self) ?? Page();
    }

    public async Task<IActionResult> OnPostValuationAsync()
    {
        if (await LoadProcessAsync() is { } stop) return stop;
        if (!MayActFor(Process.TransferorId)) return Forbid();
        if (!TryWhen(Step.At, "When", out var at, out var on)) return Page();
        if (!Money.TryParse(Step.CashPerShare, out var cash)) { InputError = $"Cash per share: expected e.g. 'USD 2.40'; found '{Step.CashPerShare}'."; return Page(); }
        Money? cost = null;
        if (!string.IsNullOrWhiteSpace(Step.AppraisalCost))
        {
            if (!Money.TryParse(Step.AppraisalCost, out var c)) { InputError = $"Appraisal cost: expected e.g. 'USD 40000'; found '{Step.AppraisalCost}'."; return Page(); }
            cost = c;
        }
        var method = Step.Method == "appraisal" ? ValuationMethod.Appraisal : ValuationMethod.Agreed;
        return await RunAsync([new RecordValuation(ProcessId, cash, method, cost) { At = at, EffectiveOn = on }], "The valuation was recorded", Self) ?? Page();
    }

    public async Task<IActionResult> OnPostStanceAsync()
    {
        if (await LoadProcessAsync() is { } stop) return stop;
        if (!MayActFor(Process.TransferorId)) return Forbid();
        if (!TryWhen(Step.At, "When", out var at, out var on)) return Page();
        var stance = Step.Stance == "objects-to-equivalents" ? PurchaserStance.ObjectsToEquivalents : PurchaserStance.RefusesCoSellers;
        return await RunAsync([new RecordPurchaserStance(ProcessId, stance) { At = at, EffectiveOn = on }], "The purchaser's stance was recorded", Self) ?? Page();
    }

    public async Task<IActionResult> OnPostCloseAsync()
    {
        if (await LoadProcessAsync() is { } stop) return stop;
        if (!MayActFor(Process.TransferorId)) return Forbid();
        if (!TryWhen(Step.At, "When", out var at, out var on)) return Page();
        ThirdPartySale? sale = null;
        if (Step.Sell)
        {
            Money? price = null;
            if (!string.IsNullOrWhiteSpace(Step.SalePrice))
            {
                if (!Money.TryParse(Step.SalePrice, out var m)) { InputError = $"Sale price: expected e.g. 'USD 2.50'; found '{Step.SalePrice}'."; return Page(); }
                price = m;
            }
            if (!TryOptionalMoment(Step.JoinderSignedAt, "Joinder signed", out var joinder)) return Page();
            sale = new ThirdPartySale(Process.Offer.TransfereeId, price, (Step.BetterTerms ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), joinder);
        }
        return await RunAsync([new CloseTransfer(ProcessId, sale) { At = at, EffectiveOn = on }], "The transfer was closed; the register is updated", Self) ?? Page();
    }

    public async Task<IActionResult> OnPostLapseAsync()
    {
        if (await LoadProcessAsync() is { } stop) return stop;
        if (!MayActFor(Process.TransferorId)) return Forbid();
        if (!TryWhen(Step.At, "When", out var at, out var on)) return Page();
        return await RunAsync([new LapseSaleWindow(ProcessId) { At = at, EffectiveOn = on }], "The sale window lapsed; the rights revived", Self) ?? Page();
    }

    private string Self => $"/companies/{CompanyId}/transfers/{Uri.EscapeDataString(ProcessId)}";

    private async Task<IActionResult?> LoadProcessAsync()
    {
        if (await LoadAsync(Need.Read) is { } stop) return stop;
        Now = Clock.GetCurrentInstant();
        var timeline = Ledger.Timeline;
        var book = TransferIndex.Of(Ledger);
        if (book.Find(ProcessId) is not { } p) return NotFound();
        if (Only is { } only && !TransfersModel.Concerns(p, only)) return NotFound();
        Process = p;
        var register = timeline.Latest;
        foreach (var h in register.Holders.Values) Names[h.Id] = h.Name;
        Agreement = book.Agreement(p.AgreementId);
        if (Agreement is { } a)
        {
            Names.TryAdd(a.CompanyId, register.CompanyName ?? a.CompanyId);
            FirstRefusal = a.Mechanism<FirstRefusalTerms>("firstRefusal");
            CoSale = a.Mechanism<CoSaleTerms>("coSale");
            if (a.Mechanism<NoticeTerms>("notices") is { } nt && DateTimeZoneProviders.Tzdb.GetZoneOrNull(nt.Company.TimeZone) is { } z) Zone = z;
            if (a.BusinessDay is not null && FirstRefusal is not null)
            {
                Calendar = TransferProcess.CalendarOf(a);
                try
                {
                    Deadlines = p.Deadlines(a).OrderBy(d => d.ExpiresAt).ToList();
                }
                catch (CalendarRangeException ex)
                {
                    InputError ??= $"Some deadlines cannot be computed: {ex.Message}";
                }
            }
            if (FirstRefusal is not null)
            {
                var today = Now.InZone(Zone).Date;
                var required = new SortedSet<string>(StringComparer.Ordinal);
                if (FirstRefusal.NoticeToCompany) required.Add(a.CompanyId);
                foreach (var role in FirstRefusal.NoticeRecipientRoles)
                    foreach (var h in a.RoleNamed(role).Resolve(a, timeline.AsOf(today), today)) if (h != p.TransferorId) required.Add(h);
                RequiredRecipients = required.ToList();
                if (p.Status is TransferStatus.NoticeServed && Calendar is not null)
                {
                    try { OpenRights = TransferClosing.OpenRights(a, FirstRefusal, CoSale, timeline, p, Calendar, Now).ToList(); }
                    catch (CalendarRangeException) { }
                }
            }
            CoSaleTable = TransferReport.CoSaleProjection(timeline, a, p);
        }
        Ambiguities = TransferReport.Ambiguities(p);
        BuildTimeline(timeline);
        return null;
    }

    public string Name(string id) => Names.TryGetValue(id, out var n) ? n : id;

    /// <summary>A moment in the company's notice zone: "2020-12-02 16:30 +08".</summary>
    public string Local(Instant at) => OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm o<+HH:mm>").Format(at.InZone(Zone).ToOffsetDateTime());

    public static string Local(Instant at, string zoneId) =>
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm o<+HH:mm>").Format(at.InZone(DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) ?? DateTimeZone.Utc).ToOffsetDateTime());

    /// <summary>Whether the caller sees this holder's details (everyone but a holder-role user, who sees only its own).</summary>
    public bool Sees(string holderId) => Only is null || Only == holderId || (Agreement is not null && holderId == Agreement.CompanyId && Only == Process.TransferorId);

    public Deadline? OptionPeriodOf(RefusalStage stage, string holderId)
    {
        if (Calendar is null || !Process.StageReceipts.TryGetValue(stage.Id, out var receipts)) return null;
        var r = receipts.FirstOrDefault(x => x.RecipientId == holderId);
        return r is null ? null : OptionPeriod.For(stage, r, Calendar);
    }

    public Deadline? CoSalePeriodOf(string holderId)
    {
        if (Calendar is null || CoSale is null || !Process.StageReceipts.TryGetValue(CoSale.PeriodStage, out var receipts)) return null;
        var r = receipts.FirstOrDefault(x => x.RecipientId == holderId);
        return r is null ? null : TransferProcess.CoSalePeriod(CoSale, r, Calendar);
    }

    /// <summary>The extension period of a stage with over-allotment, once its option periods are known.</summary>
    public Deadline? ExtensionOf(RefusalStage stage)
    {
        if (Calendar is null || stage.OverAllotment is not { } oa || !Process.Entitlements.TryGetValue(stage.Id, out var table)) return null;
        var purchasers = table.Shares.Select(s => s.HolderId).ToHashSet(StringComparer.Ordinal);
        var end = OptionPeriod.End(stage, Process.StageReceipts[stage.Id].Where(r => purchasers.Contains(r.RecipientId)), Calendar);
        return end is null ? null : ExtensionPeriod.For(oa, end, Calendar);
    }

    /// <summary>The co-sale candidates: the recipients of the co-sale stage's notice other than the company and the Transferor.</summary>
    public IReadOnlyList<string> CoSaleCandidates()
    {
        if (CoSale is null || Agreement is null || !Process.StageReceipts.TryGetValue(CoSale.PeriodStage, out var receipts) || Process.Notice is null) return [];
        var register = Ledger.Timeline.AsOf(Process.Notice.EffectiveOn);
        return receipts.Select(r => r.RecipientId).Where(h => h != Agreement.CompanyId && h != Process.TransferorId
            && Agreement.RoleNamed(CoSale.EligibleRole).Includes(Agreement, register, Process.Notice.EffectiveOn, h)).ToList();
    }

    public string CoSaleClassOf(string holderId)
    {
        var latest = Ledger.Timeline.Latest;
        return CoSale?.Numerator.Classes.FirstOrDefault(c => latest.SharesOf(holderId, c).IsPositive) ?? CoSale?.Numerator.Classes.FirstOrDefault() ?? "";
    }

    public IReadOnlyList<string> CoSaleClasses => CoSale?.Numerator.Classes ?? [];

    public string DefaultChannel(string recipientId)
    {
        if (Ledger.Timeline.Latest.Holders.TryGetValue(recipientId, out var h))
            return h.Addresses.Any(a => a.Channel == "email") ? "Email" : h.Addresses.Any(a => a.Channel == "courier") ? "Courier" : "Email";
        return "Courier";
    }

    public bool HasCopyAddress(string recipientId) => Ledger.Timeline.Latest.Holders.TryGetValue(recipientId, out var h) && h.Addresses.Any(a => a.IsCopy);

    private void BuildTimeline(RegisterTimeline timeline)
    {
        foreach (var (seq, e) in timeline.ProcessEvents)
        {
            if (TransferBook.ProcessIdOf(e) != ProcessId) continue;
            TimelineItem? item = e switch
            {
                TransferProposed x => new(seq, x.At, x.EffectiveOn, "Proposed", $"{Name(x.TransferorId)} proposes to transfer {x.Offer.Shares} {x.Offer.ClassId} to {x.Offer.TransfereeName}; path: {Words(x.Path.ToString())}" + (x.Conditions.Count > 0 ? $"; conditions: {string.Join("; ", x.Conditions)}" : ""), x.Citations.FirstOrDefault()),
                TransferRefused x => new(seq, x.At, x.EffectiveOn, $"Void {x.Attempt}", string.Join(" ", x.Reasons.Select(r => $"[{r.RuleId}] {r.Message}")), x.Reasons.FirstOrDefault()?.Citation),
                TransferNoticeServed x => new(seq, x.At, x.EffectiveOn, "Transfer Notice served", $"to {x.Receipts.Count} recipients; deemed receipts from {x.Receipts.Min(r => r.ReceivedOn):yyyy-MM-dd} to {x.Receipts.Max(r => r.ReceivedOn):yyyy-MM-dd}", x.Receipts.FirstOrDefault()?.Citation),
                SecondaryNoticeServed x => new(seq, x.At, x.EffectiveOn, $"Secondary notice ({x.StageId})", $"to {x.Receipts.Count} recipients", x.Entitlements.Citation),
                FirstRefusalElected x when Sees(x.HolderId) => new(seq, x.At, x.EffectiveOn, "Election", $"{Name(x.HolderId)} elects {x.Shares} of its {x.Entitlement} Pro Rata Shares{(x.InFull ? " (in full)" : "")}", x.StageId == FirstRefusal?.Stages[0].Id ? FirstRefusal?.Stages[0].Citation : null),
                RightsWaived x when Sees(x.HolderId) => new(seq, x.At, x.EffectiveOn, "Waiver", $"{Name(x.HolderId)} waives {Words(x.Right.ToString())}", Agreement?.Cite("6.10")),
                CoSaleElected x when Sees(x.HolderId) => new(seq, x.At, x.EffectiveOn, "Co-sale election", $"{Name(x.HolderId)} elects to sell up to {x.Shares} {x.ClassId}", CoSale?.Citation),
                OverAllotmentRequested x when Sees(x.HolderId) => new(seq, x.At, x.EffectiveOn, "Over-allotment request", $"{Name(x.HolderId)} asks for up to {x.Shares} unsubscribed shares", null),
                ValuationRecorded x => new(seq, x.At, x.EffectiveOn, "Valuation", $"{x.CashPerShare} per share ({Words(x.Method.ToString())})", FirstRefusal?.NonCash?.Citation),
                PurchaserStanceRecorded x => new(seq, x.At, x.EffectiveOn, "Purchaser's stance", Words(x.Stance.ToString()), CoSale?.Citation),
                SpecialOptionExercised x when Sees(x.HolderId) => new(seq, x.At, x.EffectiveOn, "Special option", $"{Name(x.HolderId)}: {Words(x.Option.ToString())} of {x.Shares}", FirstRefusal?.SpecialOptions?.Citation),
                OverAllotmentAllocated x => new(seq, x.At, x.EffectiveOn, "Over-allotment allocated", $"{x.Result.Pool} unsubscribed shares in {x.Result.Rounds.Count} round(s); {x.Result.Unallocated} left", x.Result.Citation),
                TransferClosed x => new(seq, x.At, x.EffectiveOn, "Closed", $"{x.Legs.Count} leg(s) recorded with the register entries", x.Legs.FirstOrDefault()?.Citation),
                RightsRevived x => new(seq, x.At, x.EffectiveOn, "Rights revived", $"{x.Shares} {x.ClassId}: first refusal and co-sale apply again", x.Citation),
                _ => null,
            };
            if (item is not null) Timeline.Add(item);
        }
        Timeline.Sort((x, y) => x.Sequence.CompareTo(y.Sequence));
    }

    /// <summary>A whole number with thousands separators; a fraction as written.</summary>
    public static string Number(Fraction f) => f.IsInteger ? f.Numerator.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : f.ToString();

    public static string Words(string pascal) => Application.Yaml.Node.Kebab(pascal).Replace('-', ' ');
}
