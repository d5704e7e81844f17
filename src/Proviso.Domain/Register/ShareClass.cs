using NodaTime;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Register;

public enum ClassKind
{
    /// <summary>Ordinary shares (Class A, Class B).</summary>
    Ordinary,
    /// <summary>Preferred shares (Series A to F), convertible into an ordinary class.</summary>
    Preferred,
}

/// <summary>
/// A class or series of shares. Ordinary classes carry votes per share. A preferred series converts into an ordinary
/// class at a conversion ratio (ordinary shares per preferred share) that is an exact fraction and can change over
/// time; unless the series states its own votes, it votes as converted (ROFR s.1.3(xii): "voting power refers to the
/// number of votes attributable to the Shares (on an as-converted basis)").
/// </summary>
public sealed class ShareClass
{
    private readonly SortedList<LocalDate, Fraction> _ratios = new();

    public ShareClass(string id, string name, ClassKind kind, Fraction? votesPerShare, Money parValue, string? convertsInto, LocalDate createdOn, int seniority)
    {
        Id = id;
        Name = name;
        Kind = kind;
        VotesPerShare = votesPerShare;
        ParValue = parValue;
        ConvertsInto = convertsInto;
        CreatedOn = createdOn;
        Seniority = seniority;
    }

    public string Id { get; }
    public string Name { get; }
    public ClassKind Kind { get; }

    /// <summary>Votes per share of this class; null for a preferred series that votes as converted.</summary>
    public Fraction? VotesPerShare { get; }

    public Money ParValue { get; }

    /// <summary>The ordinary class this series converts into (null for an ordinary class).</summary>
    public string? ConvertsInto { get; }

    public LocalDate CreatedOn { get; }

    /// <summary>Liquidation seniority (higher is more senior); used by waterfalls, informational elsewhere.</summary>
    public int Seniority { get; }

    public IReadOnlyList<KeyValuePair<LocalDate, Fraction>> RatioHistory => _ratios.ToList();

    internal void SetRatio(LocalDate from, Fraction ratio) => _ratios[from] = ratio;

    internal void ScaleRatiosFrom(LocalDate from, Fraction factor)
    {
        var current = RatioOn(from);
        if (current is { } r) _ratios[from] = r * factor;
    }

    /// <summary>The conversion ratio (ordinary shares per share of this series) in force on <paramref name="date"/>; 1 for an ordinary class.</summary>
    public Fraction? RatioOn(LocalDate date)
    {
        if (Kind == ClassKind.Ordinary) return Fraction.One;
        Fraction? found = null;
        foreach (var (from, ratio) in _ratios)
        {
            if (from > date) break;
            found = ratio;
        }
        return found;
    }

    internal ShareClass Clone()
    {
        var c = new ShareClass(Id, Name, Kind, VotesPerShare, ParValue, ConvertsInto, CreatedOn, Seniority);
        foreach (var (d, r) in _ratios) c._ratios[d] = r;
        return c;
    }
}
