using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.DragAlong;

/// <summary>
/// ROFR s.4.1(i): "such terms and conditions, including the price paid or received per Equity Security of the Company,
/// shall be the same irrespective of any different classes of the Equity Securities of the Company".
/// <para>Interpretation: where the offer states a price per share for a class, the price per Ordinary Share equivalent
/// (the price divided by the class's conversion ratio on the date) must be the same for every class; terms stated for
/// one class only are refused. Classes the offer does not price are paid the common price through the waterfall.</para>
/// </summary>
public static class SameTermsPerSecurity
{
    /// <summary>Null when the offer treats every class alike; otherwise the rejection naming the classes that differ.</summary>
    public static Rejection? Check(Register.Register register, LocalDate on, IReadOnlyDictionary<string, Money> classPrices, IReadOnlyList<string> classSpecificTerms, Citation citation)
    {
        if (classSpecificTerms.Count > 0)
            return new Rejection("drag.different-terms", $"The offer states terms for some classes only ({string.Join("; ", classSpecificTerms)}); the terms must be the same whatever the class.", citation);
        if (classPrices.Count < 2) return null;
        var perEquivalent = new List<(string ClassId, Fraction Price, Money Stated)>();
        foreach (var (classId, price) in classPrices.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            if (!register.Classes.TryGetValue(classId, out var cls))
                return new Rejection("drag.unknown-class", $"The offer prices class '{classId}', which is not on the register.", citation);
            var ratio = cls.RatioOn(on) ?? Fraction.One;
            perEquivalent.Add((classId, price.ToFraction() / ratio, price));
        }
        var currencies = classPrices.Values.Select(p => p.Currency.Code).Distinct().ToList();
        if (currencies.Count > 1)
            return new Rejection("drag.different-terms", $"The offer pays classes in different currencies ({string.Join(", ", currencies)}).", citation);
        var first = perEquivalent[0];
        var differing = perEquivalent.Where(p => p.Price != first.Price).ToList();
        if (differing.Count == 0) return null;
        return new Rejection("drag.different-terms",
            $"The price per Equity Security must be the same whatever the class: {string.Join(", ", perEquivalent.Select(p => $"{p.ClassId} {p.Stated} ({p.Price.ToDecimalString(6)} per Ordinary Share equivalent)"))}.", citation);
    }
}
