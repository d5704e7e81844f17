using System.Security.Cryptography;
using System.Text;
using Proviso.Domain.Disclosure;

namespace Proviso.Application.Disclosure;

/// <summary>A fact read from a source file, ready to record: the event, its idempotency key, and where in the file it came from.</summary>
public sealed record SourcedFact(Proviso.Domain.Ledger.LedgerEvent Event, string Key, InputLocation Location);

/// <summary>Idempotency keys for filing facts: the accession number when known, or the form, date and title (with a counter for repeats in one file).</summary>
public static class FilingKeys
{
    public static string For(FilingRecorded f, int repeat)
    {
        if (!string.IsNullOrWhiteSpace(f.AccessionNumber)) return "filing:" + f.AccessionNumber.Trim();
        var basis = $"{FormTypes.Normalise(f.Form)}\n{f.FilingDate:yyyy-MM-dd}\n{f.Title}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(basis)))[..24];
        return $"filing:{f.FilingDate:yyyy-MM-dd}:{FormTypes.Normalise(f.Form).Replace(' ', '_')}:{hash}" + (repeat > 1 ? $"#{repeat}" : "");
    }

    /// <summary>Keys for a file's filings in order; a filing identical in form, date and title to an earlier one in the same file gets "#2", "#3".</summary>
    public static IReadOnlyList<SourcedFact> Keyed(IEnumerable<(FilingRecorded Filing, InputLocation Location)> filings)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<SourcedFact>();
        foreach (var (f, loc) in filings)
        {
            var baseKey = For(f, 1);
            seen[baseKey] = seen.GetValueOrDefault(baseKey) + 1;
            result.Add(new SourcedFact(f, For(f, seen[baseKey]), loc));
        }

        return result;
    }
}
