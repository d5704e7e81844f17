using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.Consent;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Agreements.Parties;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using static Proviso.Domain.Tests.Register.Cmd;
using DomainRegister = Proviso.Domain.Register.Register;

namespace Proviso.Domain.Tests.Transfers;

/// <summary>
/// The roles, the Pro Rata denominator (ROFR s.2.2(ii)) and the consent totals (s.1.1 Majority Investors) read the
/// register through its holding index, which the register keeps until its next event. Each answer must be the one
/// read holding by holding from <see cref="DomainRegister.Holdings"/> and <see cref="HoldingMeasure.Of(DomainRegister, string, LocalDate)"/>,
/// also after the register changes between two readings and on a clone changed after the original was read.
/// </summary>
public class HoldingIndexReadingTests
{
    private static readonly LocalDate On = TransferFixture.Start;

    private static ProRataDenominator Pool(TransferFixture f) => f.Agreement.Mechanism<FirstRefusalTerms>("firstRefusal")!.Stages[0].ProRata!.Denominator;

    private static Fraction Denominator(TransferFixture f, string transferor) => ProRataEntitlement.Denominator(f.Agreement, f.Register, On, transferor, Pool(f));

    private static ProngResult MajorityInvestors(TransferFixture f, params string[] consenting) =>
        Assert.Single(ConsentEvaluator.Evaluate(f.Agreement, "majority-investors", f.Register, On, consenting).Prongs);

    [Fact]
    public void Role_HolderOfTheRoleClassesIssuedAfterAReading_IsAMemberAtTheNextReading()
    {
        var f = new TransferFixture();
        var role = f.Agreement.RoleNamed("preferredSharesInvestors");
        Assert.Equal(["inv-a", "inv-b"], role.Resolve(f.Agreement, f.Register, On));

        f.Builder.Issue("kin", "series-b", 500_000, On);

        Assert.Equal(["inv-a", "inv-b", "kin"], role.Resolve(f.Agreement, f.Register, On));
    }

    [Fact]
    public void ProRataDenominator_PreferredTransferredToTheTransferorAfterAReading_LeavesThePool()
    {
        var f = new TransferFixture();
        Assert.Equal(Fraction.Of(9_000_000), Denominator(f, "holdco"));

        f.Builder.Do(Transfer("inv-a", "holdco", "series-a", 1_000_000, On));

        // inv-a keeps 5,000,000; holdco now holds Series A but is the Transferor, so it is not counted.
        Assert.Equal(Fraction.Of(8_000_000), Denominator(f, "holdco"));
    }

    [Fact]
    public void ConsentTotal_SharesIssuedAfterAnEvaluation_CountAtTheNextEvaluation()
    {
        var f = new TransferFixture();
        var before = MajorityInvestors(f, "inv-a");
        Assert.Equal(Fraction.Of(10_000_000), before.Denominator);
        Assert.True(before.Satisfied);

        f.Builder.Issue("kin", "series-b", 2_000_000, On);

        // 6,000,000 of 12,000,000 is exactly half: not more than half.
        var after = MajorityInvestors(f, "inv-a");
        Assert.Equal(Fraction.Of(12_000_000), after.Denominator);
        Assert.Equal(Fraction.Of(6_000_000), after.Numerator);
        Assert.False(after.Satisfied);
        Assert.True(MajorityInvestors(f, "inv-a", "kin").Satisfied);
    }

    [Fact]
    public void Clone_ChangedAfterTheOriginalWasRead_AnswersForItselfAndLeavesTheOriginalAlone()
    {
        var f = new TransferFixture();
        var role = f.Agreement.RoleNamed("preferredSharesInvestors");
        Assert.Equal(["inv-a", "inv-b"], role.Resolve(f.Agreement, f.Register, On));
        var pool = Pool(f);

        var clone = f.Register.Clone();
        clone.Apply(new Proviso.Domain.Register.Events.SharesIssued("kin", "series-a", ShareCount.Of(1_000_000), "series-a-9001", null) { EffectiveOn = On });

        Assert.Equal(["inv-a", "inv-b", "kin"], role.Resolve(f.Agreement, clone, On));
        Assert.Equal(Fraction.Of(10_000_000), ProRataEntitlement.Denominator(f.Agreement, clone, On, "holdco", pool));
        Assert.Equal(["inv-a", "inv-b"], role.Resolve(f.Agreement, f.Register, On));
        Assert.Equal(Fraction.Of(9_000_000), ProRataEntitlement.Denominator(f.Agreement, f.Register, On, "holdco", pool));
    }

    [Fact]
    public void Role_ListedMemberWithNoShares_IsStillAMemberAlongsideClassHolders()
    {
        var f = new TransferFixture();
        var agreement = WithMixedRole(f.Agreement);
        Assert.Equal(["inv-a", "inv-b", "inv-c", "nobody-yet"], agreement.RoleNamed("mixed").Resolve(agreement, f.Register, On));
    }

    private enum Kind { Issue, Transfer, Warrant, Exercise }

    private sealed record Step(Kind Kind, int From, int To, int Class, int Shares)
    {
        public override string ToString() => $"{Kind} {Holders[From]}->{Holders[To]} {Classes[Class]} {Shares}";
    }

    private static readonly string[] Holders = ["principal", "holdco", "inv-a", "inv-a-fund", "inv-b", "inv-c", "rival", "rival-sub", "kin"];
    private static readonly string[] Classes = ["class-a", "class-b", "series-a", "series-b"];

    private static readonly Gen<Step[]> Histories =
        from n in Gen.Choose(1, 25)
        from steps in Gen.ArrayOf(
            from kind in Gen.Frequency((4, Gen.Constant(Kind.Issue)), (5, Gen.Constant(Kind.Transfer)), (1, Gen.Constant(Kind.Warrant)), (1, Gen.Constant(Kind.Exercise)))
            from source in Gen.Choose(0, Holders.Length - 1)
            from to in Gen.Choose(0, Holders.Length - 1)
            from cls in Gen.Choose(0, Classes.Length - 1)
            from shares in Gen.Choose(1, 4_000_000)
            select new Step(kind, source, to, cls, shares), n)
        select steps;

    [Fact]
    public void IndexedReadings_AnyHistory_EqualReadingsHoldingByHolding()
    {
        Prop.ForAll(Arb.From(Histories), steps =>
        {
            var f = new TransferFixture();
            var agreement = WithMixedRole(f.Agreement);
            var warrants = 0;
            foreach (var s in steps)
            {
                f.Builder.Try(s.Kind switch
                {
                    Kind.Issue => Issue(Holders[s.To], Classes[s.Class], s.Shares, On),
                    Kind.Transfer => Transfer(Holders[s.From], Holders[s.To], Classes[s.Class], s.Shares, On),
                    Kind.Warrant => Warrant($"w{++warrants}", Holders[s.To], Classes[s.Class], s.Shares, On),
                    _ => Exercise($"w{Math.Max(1, warrants)}", s.Shares % 1_000 + 1, On),
                });
                // Read after every step: each reading after the first is on a register changed since the last one.
                if (!Agrees(agreement, f.Register, s)) return false;
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>The indexed readings against the same readings made holding by holding.</summary>
    private static bool Agrees(Agreement agreement, DomainRegister register, Step step)
    {
        var byHolding = register.Holdings().ToList();
        HashSet<string> HoldersOf(params string[] classes) => byHolding.Where(h => classes.Contains(h.ClassId)).Select(h => h.HolderId).ToHashSet();

        var preferred = HoldersOf("series-a", "series-b");
        var mixed = HoldersOf("class-b");
        mixed.UnionWith(preferred);
        mixed.Add("nobody-yet");
        mixed.Remove("holdco");
        var roles = agreement.RoleNamed("preferredSharesInvestors").Resolve(agreement, register, On).SequenceEqual(preferred.Order(StringComparer.Ordinal))
                    && agreement.RoleNamed("mixed").Resolve(agreement, register, On).SequenceEqual(mixed.Order(StringComparer.Ordinal));

        var pool = agreement.Mechanism<FirstRefusalTerms>("firstRefusal")!.Stages[0].ProRata!;
        var poolHolders = preferred.Where(h => h != "holdco");
        var expectedDenominator = Fraction.Sum(poolHolders.Select(h => pool.Denominator.Measure.Of(register, h, On)));
        var denominator = ProRataEntitlement.Denominator(agreement, register, On, "holdco", pool.Denominator);

        string[] purchasers = ["inv-a", "inv-b", "inv-c"];
        var table = ProRataEntitlement.Compute(agreement, register, On, "investors", "holdco", purchasers, ShareCount.Of(1_000_000), pool, RoundingMethod.RoundDown);
        var numerators = purchasers.All(p => table.For(p)!.Numerator == pool.Numerator.Of(register, p, On));

        var prongClasses = new[] { "series-a", "series-b", "class-b" };
        Fraction Weighted(IEnumerable<Holding> holdings) =>
            Fraction.Sum(holdings.Where(h => prongClasses.Contains(h.ClassId)).Select(h => h.Shares.ToFraction() * HoldingMeasure.Ratio(register.Classes[h.ClassId], On)));
        var prong = Assert.Single(ConsentEvaluator.Evaluate(agreement, "majority-investors", register, On, ["inv-a", "kin"]).Prongs);
        var consent = prong.Denominator == Weighted(byHolding) && prong.Numerator == Weighted(byHolding.Where(h => h.HolderId is "inv-a" or "kin"));

        var ok = roles && denominator == expectedDenominator && numerators && consent;
        if (!ok) throw new Xunit.Sdk.XunitException($"after {step}: roles {roles}, denominator {denominator} vs {expectedDenominator}, numerators {numerators}, consent {consent}");
        return ok;
    }

    /// <summary>
    /// The fixture's agreement with one more role: a listed member with no shares, the Class B holders and the
    /// Preferred Shares Investors, less the Holding Companies.
    /// </summary>
    private static Agreement WithMixedRole(Agreement agreement)
    {
        var roles = agreement.Roles.ToDictionary(r => r.Key, r => r.Value);
        roles["mixed"] = new Role("mixed", "Mixed", TransferFixture.Cite("preamble"), [new RoleMember("nobody-yet")], ["class-b"],
            ["preferredSharesInvestors"], ["holdingCompanies"]);
        return agreement with { Roles = roles };
    }
}
