using System.Runtime.CompilerServices;
using Proviso.Application.Ledgers;
using Proviso.Domain.Agreements;
using Proviso.Domain.Ledger;

namespace Proviso.Application.Terms;

/// <summary>The agreements recorded in a company's ledger: for each agreement id, the latest recorded terms.</summary>
public static class CompanyTerms
{
    public static IReadOnlyDictionary<string, AgreementTermsRecorded> Recorded(CompanyLedger ledger) => Recorded(ledger.Timeline);

    /// <summary>For each agreement id, the latest terms recorded in the timeline.</summary>
    public static IReadOnlyDictionary<string, AgreementTermsRecorded> Recorded(Domain.Register.RegisterTimeline timeline)
    {
        var result = new Dictionary<string, AgreementTermsRecorded>(StringComparer.Ordinal);
        foreach (var (_, e) in timeline.ProcessEvents)
            if (e is AgreementTermsRecorded t) result[t.AgreementId] = t;
        return result;
    }

    /// <summary>The latest recorded terms of an agreement, parsed; null if none is recorded.</summary>
    public static Agreement? Agreement(Domain.Register.RegisterTimeline timeline, string agreementId) =>
        Recorded(timeline).TryGetValue(agreementId, out var t) ? Parse(t) : null;

    /// <summary>Every agreement recorded in the timeline, parsed, in id order.</summary>
    public static IReadOnlyList<Agreement> Agreements(Domain.Register.RegisterTimeline timeline) =>
        Recorded(timeline).Values.OrderBy(t => t.AgreementId, StringComparer.Ordinal).Select(Parse).ToList();

    private static readonly ConditionalWeakTable<AgreementTermsRecorded, Agreement> ParsedTerms = new();

    /// <summary>
    /// Recorded terms, parsed once per recorded-terms event (its text never changes and an <see cref="Domain.Agreements.Agreement"/>
    /// is immutable; a company's terms run to tens of kilobytes of YAML, which took milliseconds per command to parse).
    /// </summary>
    public static Agreement Parse(AgreementTermsRecorded t) =>
        ParsedTerms.TryGetValue(t, out var hit) ? hit : ParsedTerms.GetValue(t, x => TermsLoader.Parse($"{x.AgreementId} (recorded terms)", x.Text));

    /// <summary>
    /// The agreement <paramref name="termsOrId"/> names: a path to a terms file, or the id of an agreement recorded for
    /// the company.
    /// </summary>
    public static Agreement Resolve(CompanyLedger ledger, string termsOrId)
    {
        if (File.Exists(termsOrId)) return TermsLoader.Load(termsOrId);
        var recorded = Recorded(ledger);
        if (recorded.TryGetValue(termsOrId, out var t)) return TermsLoader.Parse($"{ledger.CompanyId}:{t.AgreementId} (recorded terms)", t.Text);
        throw new InputException(null, $"'{termsOrId}' is neither a terms file nor an agreement recorded for '{ledger.CompanyId}' (recorded: {(recorded.Count == 0 ? "none" : string.Join(", ", recorded.Keys))})");
    }
}
