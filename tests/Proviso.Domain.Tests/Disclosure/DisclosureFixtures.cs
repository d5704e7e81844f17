using NodaTime;
using Proviso.Domain.Disclosure;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Events;

namespace Proviso.Domain.Tests.Disclosure;

internal static class DisclosureFixtures
{
    public static LocalDate D(int y, int m, int d) => new(y, m, d);

    public static Money Par => Money.TryParse("USD 0.0001", out var m) ? m : throw new InvalidOperationException("par");

    public static FilingRecorded Filing(string form, LocalDate on, LocalDate? reportDate = null, string? title = null) =>
        new(null, form, null, reportDate, "001-40004", null, null, title, null, [], "test") { EffectiveOn = on };

    public static FilingRecord Record(params FilingRecorded[] filings) =>
        FilingRecord.From(filings.Select((f, i) => ((long)(i + 1), (LedgerEvent)f)));

    /// <summary>A small register: 100 ordinary shares (a: 5, b: 95) unless told otherwise, a preferred series convertible 1:1 and an ADS programme at 2.</summary>
    public static List<(long, LedgerEvent)> Events(long aShares = 5, long bShares = 95)
    {
        var on = D(2020, 1, 1);
        var events = new List<LedgerEvent>
        {
            new CompanyRegistered("acme", "Acme Limited", "KY", null, "USD") { EffectiveOn = on },
            new ShareClassCreated("ord", "Ordinary", ClassKind.Ordinary, Fraction.One, Par, null, null, 0) { EffectiveOn = on },
            new ShareClassCreated("pref", "Preferred", ClassKind.Preferred, null, Par, "ord", Fraction.One, 1) { EffectiveOn = on },
            Holder("a", on), Holder("b", on), Holder("c", on), Holder("parent", on),
            new SharesIssued("a", "ord", ShareCount.Of(aShares), "ord-0001", null) { EffectiveOn = on },
            new SharesIssued("b", "ord", ShareCount.Of(bShares), "ord-0002", null) { EffectiveOn = on },
            new DepositaryProgramEstablished("ord", "Depositary", ShareCount.Of(2)) { EffectiveOn = on },
        };
        return events.Select((e, i) => ((long)(i + 1), e)).ToList();
    }

    public static HolderRegistered Holder(string id, LocalDate on) =>
        new(id, id.ToUpperInvariant(), HolderKind.Entity, null, "UTC", [], null, null, null) { EffectiveOn = on };

    public static Proviso.Domain.Register.Register Replay(IEnumerable<(long, LedgerEvent)> events)
    {
        var r = new Proviso.Domain.Register.Register();
        foreach (var (_, e) in events) r.Apply(e);
        return r;
    }
}
