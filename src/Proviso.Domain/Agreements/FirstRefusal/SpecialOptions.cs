using NodaTime;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.FirstRefusal;

/// <summary>Whether the special options are open to their holder: its fully diluted voting power after exercising in full, against the threshold.</summary>
public sealed record SpecialOptionsTest(string HolderId, Fraction Before, Fraction After, ShareCount WouldBuy, Fraction Numerator, Fraction Denominator, bool Triggered, string Explanation, Citation Citation);

/// <summary>
/// ROFR s.2.2(v): "If the aggregate Equity Securities held by Main Access will represent over fifty percent (50%), on a
/// fully-diluted basis, of the Company's voting power after Main Access fully exercises its rights of first refusal
/// and/or the Over-allotment Rights …, Main Access is entitled to any or all of the following options …: (a) Assigning
/// its rights to all or part of its Pro Rata Shares and/or Shares under the Over-allotment Rights … to other
/// shareholders and/or the Key Employees …; or (b) Requesting the Company to repurchase all or part of [them], provided
/// that the Company has sufficient funds."
/// <para>Interpretation: the party is a term (no rule names it). "After … fully exercises" is tested with the whole of
/// its Pro Rata Shares plus the over-allotment it has requested (or, before it requests any, its Pro Rata Shares only);
/// the fully diluted voting power is the terms' measure over every holder (instruments as exercised), which a transfer
/// between holders does not change. "Over fifty percent" is strict. The options are permissive: the engine reports the
/// test and accepts the options when it is met, but does not refuse a purchase that passes the threshold.</para>
/// </summary>
public static class SpecialOptions
{
    public static SpecialOptionsTest Test(Agreement agreement, SpecialOptionTerms terms, Register.Register register, LocalDate asOf, ShareCount wouldBuy, string offeredClassId)
    {
        var holder = agreement.HolderOf(terms.Party);
        var measure = terms.Measure.On(register, asOf);
        var numerator = measure.Of(holder);
        var denominator = new HoldingMeasurement(register, asOf, terms.PoolClasses, terms.Measure.InstrumentsAsExercised, measure.Instruments).Total(register.Holders.Keys);
        var ratio = register.Classes.TryGetValue(offeredClassId, out var cls) ? HoldingMeasure.Ratio(cls, asOf) : Fraction.One;
        var after = numerator + wouldBuy.ToFraction() * ratio;
        var before = denominator.IsZero ? Fraction.Zero : numerator / denominator;
        var share = denominator.IsZero ? Fraction.Zero : after / denominator;
        var triggered = terms.Threshold.IsMetBy(share);
        var explanation = $"{terms.Party} holds {before.ToPercentString(4)} of the fully diluted voting power; after buying {wouldBuy} it would hold {share.ToPercentString(4)} ({after}/{denominator}), "
                          + (triggered ? $"{terms.Threshold}, so its special options are open" : $"not {terms.Threshold}, so its special options are not open");
        return new SpecialOptionsTest(holder, before, share, wouldBuy, after, denominator, triggered, explanation, terms.Citation);
    }
}
