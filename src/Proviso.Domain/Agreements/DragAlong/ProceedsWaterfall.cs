using NodaTime;
using Proviso.Domain.Agreements.Consortium;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.DragAlong;

/// <summary>
/// How the proceeds of a Sale are divided among the holders. ROFR s.4.1(i): "each Approved Sale shall be a Deemed
/// Liquidation Event and the proceeds therefrom shall be distributed in accordance with Article 8.2(B) of this
/// Memorandum and Articles". The Memorandum and Articles are not among the texts Proviso has, so the distribution is a
/// pluggable waterfall named in the terms (<c>distribution.waterfall</c>); a new waterfall is a new class implementing
/// this interface (found by <see cref="ProceedsWaterfalls"/>), never an edit to the drag-along rules.
/// </summary>
public interface IProceedsWaterfall
{
    /// <summary>The name the terms use, e.g. "pro-rata-as-converted".</summary>
    string Name { get; }

    /// <summary>One sentence that says how the proceeds are divided; printed with every distribution.</summary>
    string Description { get; }

    /// <summary>
    /// Divides <paramref name="proceeds"/> (the consideration for every issued and outstanding share) among the holdings
    /// on <paramref name="on"/>. The amounts add up exactly to <paramref name="proceeds"/>.
    /// </summary>
    ProceedsDistribution Distribute(Register.Register register, LocalDate on, Money proceeds, Citation citation);
}

/// <summary>The waterfalls this version knows, by name.</summary>
public static class ProceedsWaterfalls
{
    private static readonly IReadOnlyDictionary<string, IProceedsWaterfall> Known = typeof(IProceedsWaterfall).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && !t.IsInterface && typeof(IProceedsWaterfall).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (IProceedsWaterfall)Activator.CreateInstance(t)!)
        .ToDictionary(w => w.Name, StringComparer.Ordinal);

    public static IEnumerable<string> Names => Known.Keys.Order(StringComparer.Ordinal);

    public static bool TryGet(string name, out IProceedsWaterfall waterfall) => Known.TryGetValue(name, out waterfall!);

    public static IProceedsWaterfall Get(string name) =>
        TryGet(name, out var w) ? w : throw new KeyNotFoundException($"no waterfall '{name}' (known: {string.Join(", ", Names)})");
}

/// <summary>One holding's part of the proceeds: exact, then in whole cents.</summary>
public sealed record ProceedsLine(string HolderId, string ClassId, ShareCount Shares, Fraction AsConverted, Fraction Exact, Money Amount);

/// <summary>A distribution: every holding's amount, the waterfall and rounding used, and what was not paid and why.</summary>
public sealed record ProceedsDistribution(
    string Waterfall,
    string Description,
    Money Proceeds,
    IReadOnlyList<ProceedsLine> Lines,
    string Rounding,
    IReadOnlyList<string> Notes,
    Citation Citation)
{
    /// <summary>Each holder's total, in holder id order.</summary>
    public IReadOnlyList<(string HolderId, Money Amount)> ByHolder() =>
        Lines.GroupBy(l => l.HolderId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, Money.Sum(g.Select(l => l.Amount), Proceeds.Currency))).ToList();

    public Money For(string holderId) => Money.Sum(Lines.Where(l => l.HolderId == holderId).Select(l => l.Amount), Proceeds.Currency);
}

/// <summary>
/// The default waterfall, ILLUSTRATIVE: every issued and outstanding share is paid the same amount per Ordinary Share
/// equivalent (shares times the class's conversion ratio on the date), which is also what s.4.1(i)'s "the price paid or
/// received per Equity Security … shall be the same irrespective of any different classes" gives when no class has a
/// preference. It stands in for Article 8.2(B), which is not among the texts; where the articles give preferences, a
/// preference waterfall replaces it by name in the terms.
/// <para>Interpretation: outstanding warrants and options are not paid (their exercise price is not in the texts); a
/// holder who wants proceeds for them exercises before closing. This is stated with every distribution that leaves one out.</para>
/// <para>Rounding: largest remainder (<see cref="CentAllocation"/>): each holding's exact amount is rounded down to the
/// cent and the cents left over go one each to the largest fractional remainders, ties to the lower "holder/class" id,
/// so the amounts add up exactly to the proceeds and no cent is lost.</para>
/// </summary>
public sealed class ProRataAsConverted : IProceedsWaterfall
{
    public string Name => "pro-rata-as-converted";

    public string Description => "pro rata as converted: the same amount per Ordinary Share equivalent for every class (illustrative default standing in for the Articles' Deemed Liquidation Event waterfall)";

    public ProceedsDistribution Distribute(Register.Register register, LocalDate on, Money proceeds, Citation citation)
    {
        var holdings = register.Holdings().OrderBy(h => h.HolderId, StringComparer.Ordinal).ThenBy(h => h.ClassId, StringComparer.Ordinal).ToList();
        var weights = holdings.Select(h => (Key: $"{h.HolderId}/{h.ClassId}", Weight: h.Shares.ToFraction() * (register.Classes[h.ClassId].RatioOn(on) ?? Fraction.One))).ToList();
        var total = Fraction.Sum(weights.Select(w => w.Weight));
        if (total.IsZero) throw new ArgumentException("there are no issued and outstanding shares to pay", nameof(register));
        var split = CentAllocation.Split(proceeds, weights);
        var lines = holdings.Select((h, i) => new ProceedsLine(h.HolderId, h.ClassId, h.Shares, weights[i].Weight, proceeds.ToFraction() * weights[i].Weight / total, split[i].Share)).ToList();
        var notes = new List<string>
        {
            $"{proceeds} over {total.ToDecimalString(0)} Ordinary Share equivalents: {(proceeds.ToFraction() / total).ToDecimalString(6)} per equivalent, exactly {proceeds.ToFraction() / total}.",
        };
        foreach (var i in register.Instruments.Values.Where(x => x.Outstanding.IsPositive).OrderBy(x => x.Id, StringComparer.Ordinal))
            notes.Add($"{i.Id} ({i.Outstanding} {i.ClassId} of {i.HolderId}) is outstanding and is not paid: its exercise price is not in the texts; exercise it before closing to take part.");
        return new ProceedsDistribution(Name, Description, proceeds, lines, CentAllocation.Describe(RoundingPolicy.LargestRemainder), notes, citation);
    }
}
