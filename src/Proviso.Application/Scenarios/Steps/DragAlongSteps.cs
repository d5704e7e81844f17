using NodaTime;
using Proviso.Application.Yaml;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.DragAlong;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Quantities;

namespace Proviso.Application.Scenarios.Steps;

/// <summary>
/// Scenario steps for a drag-along process (docs/drag-along.md "Scenario steps"). Every step names its process
/// (<c>process:</c>); the step's <c>at:</c> is the command's instant and its date the effective date. In recipient and
/// holder lists, <c>others</c> (or <c>"*"</c>) stands for every other holder the clause requires.
/// </summary>
public abstract class DragAlongStep : IScenarioStepReader
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

    protected abstract object Build(YamlMap step, string processId, ScenarioContext context);

    /// <summary>The agreement a step names, or the only one of the company's agreements with drag-along terms.</summary>
    public static Agreement DragAgreement(YamlMap step, ScenarioContext context)
    {
        if (step.Optional("agreement") is { } a) return context.Agreement(a);
        var with = context.Agreements.Values.Where(x => x.Mechanism<DragAlongTerms>(DragAlongDecider.Key) is not null).ToList();
        return with.Count == 1 ? with[0] : throw new InputException(step.Location, with.Count == 0
            ? "the scenario's company has no agreement with drag-along terms (mechanisms: dragAlong)"
            : $"several agreements have drag-along terms ({string.Join(", ", with.Select(x => x.Id))}): name one with 'agreement:'");
    }

    /// <summary>Holder ids; <c>others</c>, <c>all</c> or <c>"*"</c> stands for every one the clause requires.</summary>
    internal static IReadOnlyList<string> Holders(Node? n)
    {
        if (n is not { } node) return [];
        if (node.Value is YamlDotNet.RepresentationModel.YamlScalarNode) return [Word(node.AsNonEmptyString())];
        return node.AsList().Select(x => Word(x.AsNonEmptyString())).ToList();
    }

    private static string Word(string s) => s is "others" or "all" or "*" ? DragAlongDecider.Everyone : s;

    /// <summary>Deliveries as for transfer notices; <c>to: others</c> is the same delivery to every other required recipient.</summary>
    internal static IReadOnlyList<NoticeDelivery> Deliveries(Node list, ScenarioContext context)
    {
        var result = new List<NoticeDelivery>();
        foreach (var n in list.AsList())
        {
            var m = n.AsMap();
            if (m.Optional("to") is { } to && to.Value is YamlDotNet.RepresentationModel.YamlScalarNode && to.AsString() is "others" or "all" or "*")
            {
                m.AllowOnly("to", "channel", "sent", "delivered", "read", "refused", "copy", "note");
                var d = TransferStep.Deliveries(Rewrap(n), context)[0];
                result.Add(d with { RecipientId = DragAlongDecider.Everyone });
                continue;
            }
            result.AddRange(TransferStep.Deliveries(Rewrap(n), context));
        }
        return result;
    }

    // TransferStep.Deliveries reads a list; wrap one item as a list of one, keeping its location.
    private static Node Rewrap(Node item)
    {
        var seq = new YamlDotNet.RepresentationModel.YamlSequenceNode(item.Value);
        return new Node(item.Doc, seq, item.What);
    }

    /// <summary>An offer: <c>{ id?, offeror: { id, name, timeZone }, valuation, classPrices?, classSpecificTerms?, materialTerms?, canSignBy? }</c>.</summary>
    internal static SaleOffer Offer(Node n, string defaultId)
    {
        var m = n.AsMap();
        m.AllowOnly("id", "offeror", "valuation", "classPrices", "classSpecificTerms", "materialTerms", "canSignBy", "note");
        var o = m.Required("offeror").AsMap();
        o.AllowOnly("id", "name", "timeZone");
        var zone = o.Required("timeZone");
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone.AsString()) is null) throw zone.Error($"unknown IANA time zone '{zone.AsString()}'");
        var prices = new Dictionary<string, Money>(StringComparer.Ordinal);
        if (m.Optional("classPrices")?.AsMap() is { } cp)
            foreach (var k in cp.Keys) prices[k] = cp.Required(k).AsMoney();
        return new SaleOffer(m.OptionalString("id") ?? defaultId, o.String("id"), o.String("name"), zone.AsString(), m.Required("valuation").AsMoney(), prices,
            TransferStep.Strings(m.Optional("classSpecificTerms")), TransferStep.Strings(m.Optional("materialTerms")), m.Optional("canSignBy")?.AsInstant());
    }
}

/// <summary><c>qualifiedIpo: { agreement?, description }</c>: a Qualified IPO happened at the step's time.</summary>
public sealed class QualifiedIpoStep : IScenarioStepReader
{
    public string Kind => "qualifiedIpo";

    public IReadOnlyList<object> Read(YamlMap step, ScenarioContext context)
    {
        step.AllowOnly("agreement", "description", "note");
        return [new RecordQualifiedIpo(DragAlongStep.DragAgreement(step, context).Id, step.String("description")) { At = context.At, EffectiveOn = context.On }];
    }
}

/// <summary><c>acceptApprovedSale: { process, agreement?, offer, accepting: [...], approving: [...], releaseConsents? }</c> (s.4.1).</summary>
public sealed class AcceptApprovedSaleStep : DragAlongStep
{
    public override string Kind => "acceptApprovedSale";

    protected override string[] Keys => ["agreement", "offer", "accepting", "approving", "releaseConsents"];

    protected override object Build(YamlMap s, string processId, ScenarioContext c) =>
        new AcceptApprovedSale(processId, DragAgreement(s, c).Id, Offer(s.Required("offer"), "offeror"), Holders(s.Optional("accepting")),
            Holders(s.Optional("approving")), Holders(s.Optional("releaseConsents"))) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>dragAlongNotice: { process, recipients: [ { to: others, channel, sent, … } ] }</c> (s.4.1, 6.6).</summary>
public sealed class DragAlongNoticeStep : DragAlongStep
{
    public override string Kind => "dragAlongNotice";

    protected override string[] Keys => ["recipients"];

    protected override object Build(YamlMap s, string processId, ScenarioContext c) =>
        new DeliverDragAlongNotice(processId, Deliveries(s.Required("recipients"), c)) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>dragObligations: { process, obligations?: [sell, vote, not-dissent, transfer, sign], performed?, failed?, director?, listingRulesConflict? }</c> (s.4.1, 4.4, 4.11).</summary>
public sealed class DragObligationsStep : DragAlongStep
{
    public override string Kind => "dragObligations";

    protected override string[] Keys => ["obligations", "performed", "failed", "director", "listingRulesConflict"];

    protected override object Build(YamlMap s, string processId, ScenarioContext c) =>
        new RecordDragObligations(processId, s.Optional("obligations")?.AsList().Select(x => x.AsEnum<DragObligation>()).ToList() ?? [],
            Holders(s.Optional("performed")), Holders(s.Optional("failed")), s.OptionalString("director"), Holders(s.Optional("listingRulesConflict"))) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>withdrawDragAlong: { process, acceptances: [...] | all }</c> (s.4.1).</summary>
public sealed class WithdrawDragAlongStep : DragAlongStep
{
    public override string Kind => "withdrawDragAlong";

    protected override string[] Keys => ["acceptances"];

    protected override object Build(YamlMap s, string processId, ScenarioContext c) =>
        new WithdrawDragAlongNotice(processId, Holders(s.Required("acceptances"))) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>exclusionClause: { process, endsOn, agreedBy: [...] }</c> (s.4.2(i)).</summary>
public sealed class ExclusionClauseStep : DragAlongStep
{
    public override string Kind => "exclusionClause";

    protected override string[] Keys => ["endsOn", "agreedBy"];

    protected override object Build(YamlMap s, string processId, ScenarioContext c) =>
        new AgreeExclusionClause(processId, s.Required("endsOn").AsDate(), Holders(s.Optional("agreedBy"))) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>endExclusionClause: { process, reason }</c> (s.4.2(ii)).</summary>
public sealed class EndExclusionClauseStep : DragAlongStep
{
    public override string Kind => "endExclusionClause";

    protected override string[] Keys => ["reason"];

    protected override object Build(YamlMap s, string processId, ScenarioContext c) => new EndExclusionClause(processId, s.String("reason")) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>newOffer: { process, offer, receivedBy }</c> (s.4.2).</summary>
public sealed class NewOfferStep : DragAlongStep
{
    public override string Kind => "newOffer";

    protected override string[] Keys => ["offer", "receivedBy"];

    protected override object Build(YamlMap s, string processId, ScenarioContext c) =>
        new RecordNewOffer(processId, Offer(s.Required("offer"), $"new-offer-{c.On:yyyyMMdd}"), s.String("receivedBy")) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>offerorFailed: { process, offer }</c> (s.4.2(ii)(c)).</summary>
public sealed class OfferorFailedStep : DragAlongStep
{
    public override string Kind => "offerorFailed";

    protected override string[] Keys => ["offer"];

    protected override object Build(YamlMap s, string processId, ScenarioContext c) => new RecordOfferorFailure(processId, s.String("offer")) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>determineOfferor: { process, offer }</c> (s.4.2).</summary>
public sealed class DetermineOfferorStep : DragAlongStep
{
    public override string Kind => "determineOfferor";

    protected override string[] Keys => ["offer"];

    protected override object Build(YamlMap s, string processId, ScenarioContext c) => new DetermineOfferor(processId, s.String("offer")) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>requestDecisiveAgreement: { process, recipients }</c>: the Drag Holders' written notice to execute with the Determined Offeror (s.4.2).</summary>
public sealed class RequestDecisiveAgreementStep : DragAlongStep
{
    public override string Kind => "requestDecisiveAgreement";

    protected override string[] Keys => ["recipients"];

    protected override object Build(YamlMap s, string processId, ScenarioContext c) =>
        new RequestDecisiveAgreement(processId, Deliveries(s.Required("recipients"), c)) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>buyOutNotice: { process, holder, valuation, noLessFavourable, recipients }</c>: the Preferential Sale (s.4.2).</summary>
public sealed class BuyOutNoticeStep : DragAlongStep
{
    public override string Kind => "buyOutNotice";

    protected override string[] Keys => ["holder", "valuation", "noLessFavourable", "recipients"];

    protected override object Build(YamlMap s, string processId, ScenarioContext c) =>
        new GiveBuyOutNotice(processId, s.String("holder"), s.Required("valuation").AsMoney(), s.Optional("noLessFavourable")?.AsBool() ?? false,
            Deliveries(s.Required("recipients"), c)) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>closeBuyOutWindow: { process }</c>: record the silent holders' forfeiture (s.4.2).</summary>
public sealed class CloseBuyOutWindowStep : DragAlongStep
{
    public override string Kind => "closeBuyOutWindow";

    protected override string[] Keys => [];

    protected override object Build(YamlMap s, string processId, ScenarioContext c) => new CloseBuyOutWindow(processId) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>lapsePreferentialSale: { process }</c>: the buyer did not sign in time (s.4.2).</summary>
public sealed class LapsePreferentialSaleStep : DragAlongStep
{
    public override string Kind => "lapsePreferentialSale";

    protected override string[] Keys => [];

    protected override object Build(YamlMap s, string processId, ScenarioContext c) => new LapsePreferentialSale(processId) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>signDecisiveAgreement: { process, with: determined-offeror | preferential-buyer }</c>.</summary>
public sealed class SignDecisiveAgreementStep : DragAlongStep
{
    public override string Kind => "signDecisiveAgreement";

    protected override string[] Keys => ["with"];

    protected override object Build(YamlMap s, string processId, ScenarioContext c) =>
        new SignDecisiveAgreement(processId, s.Optional("with")?.AsEnum<DecisiveCounterparty>() ?? DecisiveCounterparty.DeterminedOfferor) { At = c.At, EffectiveOn = c.On };
}

/// <summary><c>closeDragSale: { process, expenses?, indemnity?, holderSpecific?: [ { holder, amount, description } ] }</c> (s.4.1, 4.3, 4.5).</summary>
public sealed class CloseDragSaleStep : DragAlongStep
{
    public override string Kind => "closeDragSale";

    protected override string[] Keys => ["expenses", "indemnity", "holderSpecific"];

    protected override object Build(YamlMap s, string processId, ScenarioContext c)
    {
        var specific = new List<HolderSpecificClaim>();
        foreach (var n in s.Optional("holderSpecific")?.AsList() ?? [])
        {
            var m = n.AsMap();
            m.AllowOnly("holder", "amount", "description");
            specific.Add(new HolderSpecificClaim(m.String("holder"), m.Required("amount").AsMoney(), m.String("description")));
        }
        return new CloseDragSale(processId, s.Optional("expenses")?.AsMoney(), s.Optional("indemnity")?.AsMoney(), specific) { At = c.At, EffectiveOn = c.On };
    }
}

/// <summary><c>specialSale: { process, sale, party, successor: { id, name, timeZone }, shares: [ { class, shares } ] }</c> (s.4.6).</summary>
public sealed class SpecialSaleStep : DragAlongStep
{
    public override string Kind => "specialSale";

    protected override string[] Keys => ["sale", "party", "successor", "shares"];

    protected override object Build(YamlMap s, string processId, ScenarioContext c)
    {
        var succ = s.Required("successor").AsMap();
        succ.AllowOnly("id", "name", "timeZone");
        var zone = succ.Required("timeZone");
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone.AsString()) is null) throw zone.Error($"unknown IANA time zone '{zone.AsString()}'");
        var shares = s.Required("shares").AsList().Select(n =>
        {
            var m = n.AsMap();
            m.AllowOnly("class", "shares");
            return new SpecialSaleShares(m.String("class"), m.Required("shares").AsShares());
        }).ToList();
        return new SignSpecialSale(processId, s.String("sale"), s.String("party"), succ.String("id"), succ.String("name"), zone.AsString(), shares) { At = c.At, EffectiveOn = c.On };
    }
}

/// <summary><c>closeSpecialSale: { process, sale }</c> (s.4.9, 4.10).</summary>
public sealed class CloseSpecialSaleStep : DragAlongStep
{
    public override string Kind => "closeSpecialSale";

    protected override string[] Keys => ["sale"];

    protected override object Build(YamlMap s, string processId, ScenarioContext c) => new CloseSpecialSale(processId, s.String("sale")) { At = c.At, EffectiveOn = c.On };
}
