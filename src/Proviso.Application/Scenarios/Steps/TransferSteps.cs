using NodaTime;
using Proviso.Application.Yaml;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Quantities;
using Proviso.Domain.Time;

namespace Proviso.Application.Scenarios.Steps;

/// <summary>
/// Scenario steps for a transfer process (docs/transfers.md, docs/scenario-format.md "Transfer process actions"). Every
/// step names its process (<c>process:</c>); the step's <c>at:</c> is the command's instant and its date the effective
/// date. Misspelt keys are errors with their file, line and column.
/// </summary>
public abstract class TransferStep : IScenarioStepReader
{
    /// <inheritdoc />
    public abstract string Kind { get; }

    /// <summary>The keys this step allows besides <c>process</c> and <c>note</c>.</summary>
    protected abstract string[] Keys { get; }

    /// <inheritdoc />
    public IReadOnlyList<object> Read(YamlMap step, ScenarioContext context)
    {
        step.AllowOnly([.. Keys, "process", "note"]);
        return [Build(step, step.String("process"), context)];
    }

    /// <summary>The command, at the step's instant (<see cref="ScenarioContext.At"/>) and date (<see cref="ScenarioContext.On"/>).</summary>
    protected abstract TransferCommand Build(YamlMap step, string processId, ScenarioContext context);

    /// <summary>A holder id, with <c>company</c> standing for the company itself.</summary>
    internal static string Party(Node n, ScenarioContext context)
    {
        var id = n.AsNonEmptyString();
        return id == "company" ? context.CompanyId : id;
    }

    /// <summary>The agreement a step names, or the only one of the company's agreements with transfer terms.</summary>
    public static Agreement TransferAgreement(YamlMap step, ScenarioContext context)
    {
        if (step.Optional("agreement") is { } a) return context.Agreement(a);
        var withTerms = context.Agreements.Values
            .Where(x => x.Mechanism<TransferRestrictionTerms>("transferRestrictions") is not null || x.Mechanism<FirstRefusalTerms>("firstRefusal") is not null).ToList();
        return withTerms.Count == 1
            ? withTerms[0]
            : throw new InputException(step.Location, withTerms.Count == 0
                ? "the scenario's company has no agreement with transfer terms (mechanisms: transferRestrictions or firstRefusal)"
                : $"several agreements have transfer terms ({string.Join(", ", withTerms.Select(x => x.Id))}): name one with 'agreement:'");
    }

    /// <summary>
    /// Deliveries: a list of <c>{ to: ID or [IDs], channel, sent, delivered?, read?, refused?, copy? }</c>; a list in
    /// <c>to</c> gives each recipient the same delivery facts.
    /// </summary>
    public static IReadOnlyList<NoticeDelivery> Deliveries(Node list, ScenarioContext context)
    {
        var result = new List<NoticeDelivery>();
        foreach (var n in list.AsList())
        {
            var m = n.AsMap();
            m.AllowOnly("to", "channel", "sent", "delivered", "read", "refused", "copy", "note");
            var channel = m.Required("channel").AsEnum<NoticeChannel>();
            var sent = m.Required("sent").AsInstant();
            var delivered = m.Optional("delivered")?.AsInstant();
            var read = m.Optional("read")?.AsInstant();
            var refused = m.Optional("refused")?.AsBool() ?? false;
            if (delivered is { } d && d < sent) throw m.Required("delivered").Error("a notice cannot be delivered before it is sent");
            if (read is { } r && r < sent) throw m.Required("read").Error("a notice cannot be read before it is sent");
            CopyDelivery? copy = null;
            if (m.Optional("copy")?.AsMap() is { } c)
            {
                c.AllowOnly("channel", "sent", "delivered", "refused");
                copy = new CopyDelivery(c.Required("channel").AsEnum<NoticeChannel>(), c.Required("sent").AsInstant(), c.Optional("delivered")?.AsInstant(), c.Optional("refused")?.AsBool() ?? false);
            }
            var to = m.Required("to");
            var recipients = to.Value is YamlDotNet.RepresentationModel.YamlSequenceNode ? to.AsList().Select(x => Party(x, context)).ToList() : [Party(to, context)];
            if (recipients.Count == 0) throw to.Error("expected at least one recipient");
            foreach (var id in recipients)
            {
                if (result.Any(x => x.RecipientId == id)) throw to.Error($"'{id}' is listed twice among the recipients");
                result.Add(new NoticeDelivery(id, channel, sent, delivered, refused, copy, read));
            }
        }
        if (result.Count == 0) throw list.Error("expected at least one recipient");
        return result;
    }

    internal static IReadOnlyList<string> Strings(Node? n) => n?.AsList().Select(x => x.AsNonEmptyString()).ToList() ?? [];
}

/// <summary>
/// <c>proposeTransfer: { process, agreement?, transferor, class, shares, transferee: { id, name, address?, timeZone },
/// pricePerShare? | nonCash?, materialTerms?, closingDate?, consenting?, permitted?, indirectThrough? }</c>.
/// </summary>
public sealed class ProposeTransferStep : TransferStep
{
    /// <inheritdoc />
    public override string Kind => "proposeTransfer";

    /// <inheritdoc />
    protected override string[] Keys =>
        ["agreement", "transferor", "class", "shares", "transferee", "pricePerShare", "nonCash", "materialTerms", "closingDate", "consenting", "permitted", "indirectThrough"];

    /// <inheritdoc />
    protected override TransferCommand Build(YamlMap s, string processId, ScenarioContext c)
    {
        var agreement = TransferAgreement(s, c);
        var t = s.Required("transferee").AsMap();
        t.AllowOnly("id", "name", "address", "timeZone");
        var zone = t.Required("timeZone");
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone.AsString()) is null) throw zone.Error($"unknown IANA time zone '{zone.AsString()}'");
        var price = s.Optional("pricePerShare")?.AsMoney();
        var nonCash = s.OptionalString("nonCash");
        if (price is not null && nonCash is not null) throw new InputException(s.Location, "give either 'pricePerShare' (cash) or 'nonCash' (a description of the property), not both");
        if (price is null && nonCash is null) throw new InputException(s.Location, "the offer needs a consideration: 'pricePerShare: USD 2.50' or 'nonCash: description'");
        var offer = new TransferOffer(s.String("class"), s.Required("shares").AsShares(), t.String("id"), t.String("name"), t.OptionalString("address"), zone.AsString(),
            price, nonCash, Strings(s.Optional("materialTerms")), s.Optional("closingDate")?.AsDate());
        PermittedTransferClaim? permitted = null;
        if (s.Optional("permitted")?.AsMap() is { } p)
        {
            p.AllowOnly("category", "relationship", "lawful", "estatePlanningEvidence", "safeFilingEvidence");
            permitted = new PermittedTransferClaim(p.String("category"), p.Required("relationship").AsEnum<PermittedRelationship>(),
                p.Optional("lawful")?.AsBool() ?? false, p.Optional("estatePlanningEvidence")?.AsBool() ?? false, p.Optional("safeFilingEvidence")?.AsBool() ?? false);
        }
        return new ProposeTransfer(processId, agreement.Id, s.String("transferor"), offer, Strings(s.Optional("consenting")), permitted, s.OptionalString("indirectThrough"))
        {
            At = c.At, EffectiveOn = c.On,
        };
    }
}

/// <summary>
/// <c>transferNotice: { process, includes: all | [offered-shares, …], recipients: [ { to, channel, sent, delivered?, read?, copy? } ] }</c>.
/// </summary>
public sealed class TransferNoticeStep : TransferStep
{
    /// <inheritdoc />
    public override string Kind => "transferNotice";

    /// <inheritdoc />
    protected override string[] Keys => ["includes", "recipients"];

    /// <inheritdoc />
    protected override TransferCommand Build(YamlMap s, string processId, ScenarioContext c)
    {
        var inc = s.Required("includes");
        IReadOnlyList<NoticeElement> includes = inc.Value is YamlDotNet.RepresentationModel.YamlScalarNode
            ? inc.AsString() == "all" ? Enum.GetValues<NoticeElement>() : throw inc.Error("expected 'all' or a list of notice elements (offered-shares, transferee-identity, …)")
            : inc.AsList().Select(x => x.AsEnum<NoticeElement>()).ToList();
        return new GiveTransferNotice(processId, includes, Deliveries(s.Required("recipients"), c)) { At = c.At, EffectiveOn = c.On };
    }
}

/// <summary><c>secondaryNotice: { process, stage, recipients: [ … ] }</c>: the company's notice that opens a later refusal stage (NVCA style).</summary>
public sealed class SecondaryNoticeStep : TransferStep
{
    /// <inheritdoc />
    public override string Kind => "secondaryNotice";

    /// <inheritdoc />
    protected override string[] Keys => ["stage", "recipients"];

    /// <inheritdoc />
    protected override TransferCommand Build(YamlMap s, string processId, ScenarioContext c) =>
        new GiveSecondaryNotice(processId, s.String("stage"), Deliveries(s.Required("recipients"), c)) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>electFirstRefusal: { process, holder, shares, stage?, apportion?: [ { holder, shares } ] }</c>.</summary>
public sealed class ElectFirstRefusalStep : TransferStep
{
    /// <inheritdoc />
    public override string Kind => "electFirstRefusal";

    /// <inheritdoc />
    protected override string[] Keys => ["holder", "shares", "stage", "apportion"];

    /// <inheritdoc />
    protected override TransferCommand Build(YamlMap s, string processId, ScenarioContext c)
    {
        var apportion = new List<Apportionment>();
        foreach (var n in s.Optional("apportion")?.AsList() ?? [])
        {
            var m = n.AsMap();
            m.AllowOnly("holder", "shares");
            apportion.Add(new Apportionment(m.String("holder"), m.Required("shares").AsShares()));
        }
        return new ElectFirstRefusal(processId, Party(s.Required("holder"), c), s.Required("shares").AsShares(), apportion, s.OptionalString("stage")) { At = c.At, EffectiveOn = c.On };
    }
}

/// <summary><c>waive: { process, holder, right: first-refusal | co-sale | over-allotment | all }</c>.</summary>
public sealed class WaiveStep : TransferStep
{
    /// <inheritdoc />
    public override string Kind => "waive";

    /// <inheritdoc />
    protected override string[] Keys => ["holder", "right"];

    /// <inheritdoc />
    protected override TransferCommand Build(YamlMap s, string processId, ScenarioContext c) =>
        new WaiveRights(processId, Party(s.Required("holder"), c), s.Required("right").AsEnum<WaivedRight>()) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>electCoSale: { process, holder, class, shares }</c>: the class the Investor delivers and the most it wishes to sell.</summary>
public sealed class ElectCoSaleStep : TransferStep
{
    /// <inheritdoc />
    public override string Kind => "electCoSale";

    /// <inheritdoc />
    protected override string[] Keys => ["holder", "class", "shares"];

    /// <inheritdoc />
    protected override TransferCommand Build(YamlMap s, string processId, ScenarioContext c) =>
        new ElectCoSale(processId, s.String("holder"), s.String("class"), s.Required("shares").AsShares()) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>requestOverAllotment: { process, holder, shares, stage? }</c>: up to this many unsubscribed shares.</summary>
public sealed class RequestOverAllotmentStep : TransferStep
{
    /// <inheritdoc />
    public override string Kind => "requestOverAllotment";

    /// <inheritdoc />
    protected override string[] Keys => ["holder", "shares", "stage"];

    /// <inheritdoc />
    protected override TransferCommand Build(YamlMap s, string processId, ScenarioContext c) =>
        new RequestOverAllotment(processId, s.String("holder"), s.Required("shares").AsShares(), s.OptionalString("stage")) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>specialOption: { process, holder, option: assign | company-repurchase, shares, assignee?, companyHasSufficientFunds? }</c> (s.2.2(v)).</summary>
public sealed class SpecialOptionStep : TransferStep
{
    /// <inheritdoc />
    public override string Kind => "specialOption";

    /// <inheritdoc />
    protected override string[] Keys => ["holder", "option", "shares", "assignee", "companyHasSufficientFunds"];

    /// <inheritdoc />
    protected override TransferCommand Build(YamlMap s, string processId, ScenarioContext c) =>
        new ExerciseSpecialOption(processId, s.String("holder"), s.Required("option").AsEnum<SpecialOption>(), s.Required("shares").AsShares(),
            s.OptionalString("assignee"), s.Optional("companyHasSufficientFunds")?.AsBool() ?? false) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>valuation: { process, cashPerShare, method: agreed | appraisal, appraisalCost? }</c> (s.2.2(iv)).</summary>
public sealed class ValuationStep : TransferStep
{
    /// <inheritdoc />
    public override string Kind => "valuation";

    /// <inheritdoc />
    protected override string[] Keys => ["cashPerShare", "method", "appraisalCost"];

    /// <inheritdoc />
    protected override TransferCommand Build(YamlMap s, string processId, ScenarioContext c) =>
        new RecordValuation(processId, s.Required("cashPerShare").AsMoney(), s.Required("method").AsEnum<ValuationMethod>(), s.Optional("appraisalCost")?.AsMoney()) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>purchaserStance: { process, stance: refuses-co-sellers | objects-to-equivalents }</c> (s.2.3(iii), (v)).</summary>
public sealed class PurchaserStanceStep : TransferStep
{
    /// <inheritdoc />
    public override string Kind => "purchaserStance";

    /// <inheritdoc />
    protected override string[] Keys => ["stance"];

    /// <inheritdoc />
    protected override TransferCommand Build(YamlMap s, string processId, ScenarioContext c) =>
        new RecordPurchaserStance(processId, s.Required("stance").AsEnum<PurchaserStance>()) { At = c.At, EffectiveOn = c.On };
}

/// <summary>
/// <c>closeTransfer: { process, sale?: { transferee, pricePerShare?, betterTermsForBuyer?: [..], joinderSignedAt? } }</c>:
/// every leg in one append. Without <c>sale</c> only the purchases close and the Transferor keeps the rest.
/// </summary>
public sealed class CloseTransferStep : TransferStep
{
    /// <inheritdoc />
    public override string Kind => "closeTransfer";

    /// <inheritdoc />
    protected override string[] Keys => ["sale"];

    /// <inheritdoc />
    protected override TransferCommand Build(YamlMap s, string processId, ScenarioContext c)
    {
        ThirdPartySale? sale = null;
        if (s.Optional("sale")?.AsMap() is { } m)
        {
            m.AllowOnly("transferee", "pricePerShare", "betterTermsForBuyer", "joinderSignedAt");
            sale = new ThirdPartySale(m.String("transferee"), m.Optional("pricePerShare")?.AsMoney(), Strings(m.Optional("betterTermsForBuyer")), m.Optional("joinderSignedAt")?.AsInstant());
        }
        return new CloseTransfer(processId, sale) { At = c.At, EffectiveOn = c.On };
    }
}

/// <summary><c>lapseSaleWindow: { process }</c>: the sale window ended without the sale; the rights revive (s.2.4(ii)).</summary>
public sealed class LapseSaleWindowStep : TransferStep
{
    /// <inheritdoc />
    public override string Kind => "lapseSaleWindow";

    /// <inheritdoc />
    protected override string[] Keys => [];

    /// <inheritdoc />
    protected override TransferCommand Build(YamlMap s, string processId, ScenarioContext c) => new LapseSaleWindow(processId) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>lockUp: { agreement?, prospectusDate, endsOn }</c>: the post-IPO lock-up the company and the managing underwriter specified (s.3).</summary>
public sealed class LockUpStep : IScenarioStepReader
{
    /// <inheritdoc />
    public string Kind => "lockUp";

    /// <inheritdoc />
    public IReadOnlyList<object> Read(YamlMap step, ScenarioContext context)
    {
        step.AllowOnly("agreement", "prospectusDate", "endsOn", "note");
        var agreement = TransferStep.TransferAgreement(step, context);
        return [new RecordLockUp(agreement.Id, step.Required("prospectusDate").AsDate(), step.Required("endsOn").AsDate()) { EffectiveOn = context.On }];
    }
}
