using NodaTime;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;

namespace Proviso.Domain.Agreements.FirstRefusal;

/// <summary>
/// A way of counting a holder's shares that an agreement defines in words, as data: which classes count, each on an
/// as-converted basis (a preferred share counts as the ordinary shares it converts into at the ratio in force), and
/// whether outstanding options and warrants count as if fully exercised. ROFR s.2.2(ii): "the number of Ordinary Shares
/// (including Preferred Shares on an as-converted basis and assuming full conversion and exercise of all options and
/// other outstanding convertible and exercisable securities …)".
/// </summary>
public sealed record HoldingMeasure(IReadOnlyList<string> Classes, bool InstrumentsAsExercised)
{
    /// <summary>The measure of <paramref name="holderId"/>'s holding on <paramref name="asOf"/>, exactly.</summary>
    public Fraction Of(Register.Register register, string holderId, LocalDate asOf) => Of(register, holderId, asOf, Classes);

    /// <summary>The measure over an explicit list of classes (used for additions such as "Class B held by Sequoia IV").</summary>
    public Fraction Of(Register.Register register, string holderId, LocalDate asOf, IEnumerable<string> classes)
    {
        var total = Fraction.Zero;
        var set = classes.ToHashSet(StringComparer.Ordinal);
        foreach (var classId in set)
        {
            if (!register.Classes.TryGetValue(classId, out var cls)) continue;
            var held = register.SharesOf(holderId, classId);
            if (held.IsPositive) total += held.ToFraction() * Ratio(cls, asOf);
        }
        if (InstrumentsAsExercised)
        {
            foreach (var i in register.Instruments.Values)
            {
                if (i.HolderId != holderId || !set.Contains(i.ClassId) || !i.Outstanding.IsPositive) continue;
                if (!register.Classes.TryGetValue(i.ClassId, out var cls)) continue;
                total += i.Outstanding.ToFraction() * Ratio(cls, asOf);
            }
        }
        return total;
    }

    /// <summary>Ordinary shares per share of <paramref name="cls"/> on the date (1 for an ordinary class).</summary>
    public static Fraction Ratio(ShareClass cls, LocalDate asOf) => cls.RatioOn(asOf) ?? Fraction.One;

    /// <summary>"class-a, class-b, series-a … as converted, options and warrants as exercised".</summary>
    public string Describe() =>
        string.Join(", ", Classes) + " as converted" + (InstrumentsAsExercised ? ", options and warrants counted as fully exercised" : "");
}
