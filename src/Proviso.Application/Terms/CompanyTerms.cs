using Proviso.Application.Ledgers;
using Proviso.Domain.Agreements;
using Proviso.Domain.Ledger;

namespace Proviso.Application.Terms;

/// <summary>The agreements recorded in a company's ledger: for each agreement id, the latest recorded terms.</summary>
public static class CompanyTerms
{
    public static IReadOnlyDictionary<string, AgreementTermsRecorded> Recorded(CompanyLedger ledger)
    {
        var result = new Dictionary<string, AgreementTermsRecorded>(StringComparer.Ordinal);
        foreach (var (_, e) in ledger.Timeline.Events)
            if (e is AgreementTermsRecorded t) result[t.AgreementId] = t;
        return result;
    }

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
