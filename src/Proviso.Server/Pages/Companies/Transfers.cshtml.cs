using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Proviso.Application.Access;
using Proviso.Application.Terms;
using Proviso.Application.Transfers;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Quantities;
using Proviso.Domain.Time;
using Proviso.Storage;

namespace Proviso.Server.Pages.Companies;

/// <summary>The company's transfer processes, each with its state and a countdown to its next deadline; and the form that proposes a transfer.</summary>
public sealed class TransfersModel(IEventStore store, AccessService access, IClock clock) : ActingPageModel(store, access, clock)
{
    public sealed record Row(TransferProcess Process, Deadline? Next, string TransferorName);

    public sealed class ProposeForm
    {
        public string? ProcessId { get; set; }
        public string? AgreementId { get; set; }
        public string? TransferorId { get; set; }
        public string? ClassId { get; set; }
        public long? Shares { get; set; }
        public string? TransfereeId { get; set; }
        public string? TransfereeName { get; set; }
        public string? TransfereeAddress { get; set; }
        public string? TransfereeTimeZone { get; set; } = "UTC";
        public string? Price { get; set; }
        public string? NonCash { get; set; }
        public string? MaterialTerms { get; set; }
        public string? ClosingDate { get; set; }
        public List<string> Consenting { get; set; } = new();
        public string? At { get; set; }
    }

    public List<Row> Rows { get; } = new();
    public Dictionary<string, string> Agreements { get; } = new();
    public Dictionary<string, string> Holders { get; } = new();
    public Dictionary<string, string> Classes { get; } = new();

    [BindProperty]
    public ProposeForm Propose { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadAsync(Need.Read) is { } stop) return stop;
        Build();
        Propose.ProcessId = NextId();
        return Page();
    }

    public async Task<IActionResult> OnPostProposeAsync()
    {
        if (await LoadAsync(Need.Read) is { } stop) return stop;
        Build();
        var f = Propose;
        if (string.IsNullOrWhiteSpace(f.TransferorId) || !MayActFor(f.TransferorId)) return Forbid();
        if (!TryWhen(f.At, "When", out var at, out var on)) return Page();
        Money? price = null;
        if (!string.IsNullOrWhiteSpace(f.Price))
        {
            if (!Money.TryParse(f.Price, out var m)) { InputError = $"Price per share: expected an amount with its currency, e.g. 'USD 2.50'; found '{f.Price}'."; return Page(); }
            price = m;
        }
        LocalDate? closing = null;
        if (!string.IsNullOrWhiteSpace(f.ClosingDate))
        {
            var r = NodaTime.Text.LocalDatePattern.Iso.Parse(f.ClosingDate);
            if (!r.Success) { InputError = $"Closing date: expected yyyy-MM-dd; found '{f.ClosingDate}'."; return Page(); }
            closing = r.Value;
        }
        if (f.Shares is null or <= 0) { InputError = "Offered Shares: give a positive whole number."; return Page(); }
        if (string.IsNullOrWhiteSpace(f.ProcessId) || string.IsNullOrWhiteSpace(f.AgreementId) || string.IsNullOrWhiteSpace(f.ClassId) || string.IsNullOrWhiteSpace(f.TransfereeId))
        {
            InputError = "Give the process id, the agreement, the class and the transferee's id.";
            return Page();
        }
        var offer = new TransferOffer(f.ClassId, ShareCount.Of(f.Shares.Value), f.TransfereeId.Trim(), string.IsNullOrWhiteSpace(f.TransfereeName) ? f.TransfereeId.Trim() : f.TransfereeName.Trim(),
            string.IsNullOrWhiteSpace(f.TransfereeAddress) ? null : f.TransfereeAddress.Trim(), string.IsNullOrWhiteSpace(f.TransfereeTimeZone) ? "UTC" : f.TransfereeTimeZone.Trim(),
            price, string.IsNullOrWhiteSpace(f.NonCash) ? null : f.NonCash.Trim(),
            (f.MaterialTerms ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), closing);
        var command = new ProposeTransfer(f.ProcessId.Trim(), f.AgreementId, f.TransferorId, offer, f.Consenting) { At = at, EffectiveOn = on };
        var id = f.ProcessId.Trim();
        var result = await RunAsync([command], $"Transfer '{id}' proposed", $"/companies/{CompanyId}/transfers/{Uri.EscapeDataString(id)}");
        return result ?? Page();
    }

    private void Build()
    {
        Now = Clock.GetCurrentInstant();
        var timeline = Ledger.Timeline;
        var register = timeline.Latest;
        foreach (var h in register.Holders.Values.OrderBy(h => h.Name, StringComparer.Ordinal)) Holders[h.Id] = h.Name;
        foreach (var c in register.Classes.Values) Classes[c.Id] = c.Name;
        foreach (var t in CompanyTerms.Recorded(Ledger).Values)
        {
            var a = TransferIndex.AgreementOf(t); // parsed once per recorded terms
            if (a.Mechanism<FirstRefusalTerms>("firstRefusal") is not null || a.Mechanism<TransferRestrictionTerms>("transferRestrictions") is not null) Agreements[a.Id] = a.Title;
        }
        var book = TransferIndex.Of(Ledger);
        var agreements = new Dictionary<string, Agreement?>(StringComparer.Ordinal);
        foreach (var p in book.Processes.Values.OrderByDescending(p => p.ProposedOn).ThenBy(p => p.Id, StringComparer.Ordinal))
        {
            if (Caller.OnlyHolder is { } only && !Concerns(p, only)) continue;
            if (!agreements.TryGetValue(p.AgreementId, out var a)) agreements[p.AgreementId] = a = book.Agreement(p.AgreementId);
            Deadline? next = null;
            if (a is not null && p.Status is TransferStatus.Proposed or TransferStatus.NoticeServed)
                next = p.Deadlines(a).Where(d => d.ExpiresAt > Now).OrderBy(d => d.ExpiresAt).FirstOrDefault();
            Rows.Add(new Row(p, next, Holders.TryGetValue(p.TransferorId, out var n) ? n : p.TransferorId));
        }
        if (Caller.OnlyHolder is { } self) foreach (var k in Holders.Keys.Where(k => k != self).ToList()) Holders.Remove(k);
        Propose.AgreementId ??= Agreements.Keys.FirstOrDefault();
        Propose.ClassId ??= Classes.Keys.FirstOrDefault();
    }

    /// <summary>Whether a process concerns a holder: it transfers, or it received the notice or has an entitlement.</summary>
    public static bool Concerns(TransferProcess p, string holderId) =>
        p.TransferorId == holderId || p.StageReceipts.Values.Any(rs => rs.Any(r => r.RecipientId == holderId)) || p.Entitlements.Values.Any(t => t.For(holderId) is not null);

    private string NextId()
    {
        var date = Now.InUtc().Date.ToString("yyyyMMdd", null);
        var n = 1;
        while (Rows.Any(r => r.Process.Id == $"t-{date}-{n}")) n++;
        return $"t-{date}-{n}";
    }

    public static string Status(TransferProcess p) => p.Status switch
    {
        TransferStatus.Proposed => p.Path == TransferPath.FirstRefusal ? "proposed: awaiting the Transfer Notice" : "proposed: awaiting completion",
        TransferStatus.NoticeServed => "notice served: rights running",
        TransferStatus.Closed => "closed",
        TransferStatus.Lapsed => "lapsed: rights revived",
        _ => "void",
    };
}
