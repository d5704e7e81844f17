using NodaTime;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Events;

namespace Proviso.Domain.Tests.Register;

/// <summary>
/// The evolve step on its own (events applied to a register directly): how the register keeps certificates, their ids
/// and legends, whatever ids and orders the ledger brings.
/// </summary>
public class RegisterStorageTests
{
    private static readonly LocalDate Day = new(2021, 3, 1);
    private const string Legend = "SUBJECT TO A RIGHT OF FIRST REFUSAL";

    private static Proviso.Domain.Register.Register NewRegister()
    {
        var r = new Proviso.Domain.Register.Register();
        r.Apply(new CompanyRegistered("co", "Co Limited", "KY", null, "USD") { EffectiveOn = Day });
        r.Apply(new ShareClassCreated("class-a", "Class A", ClassKind.Ordinary, Fraction.One, Money.Of(0.0001m, "USD"), null, null, 0) { EffectiveOn = Day });
        foreach (var h in new[] { "alice", "bob" })
            r.Apply(new HolderRegistered(h, h, HolderKind.Individual, "HK", "Asia/Hong_Kong", [], null, null, null) { EffectiveOn = Day });
        return r;
    }

    private static SharesTransferred Transfer(string from, string to, long shares, string source, string newId, string? balanceId) =>
        new(from, to, "class-a", ShareCount.Of(shares), [new CertificatePortion(source, ShareCount.Of(shares))], newId, balanceId, null, null) { EffectiveOn = Day };

    [Fact]
    public void LegendInheritedByATransferIn_IsOnTheNewCertificateOnly_NotOnTheTransfereesEarlierCertificates()
    {
        var r = NewRegister();
        r.Apply(new SharesIssued("alice", "class-a", ShareCount.Of(100), "class-a-0001", null) { EffectiveOn = Day });
        r.Apply(new SharesIssued("bob", "class-a", ShareCount.Of(50), "class-a-0002", null) { EffectiveOn = Day });
        r.Apply(new LegendApplied("alice", "class-a", Legend) { EffectiveOn = Day });

        r.Apply(Transfer("alice", "bob", 40, "class-a-0001", "class-a-0003", "class-a-0004"));

        Assert.Empty(r.Certificates["class-a-0002"].Legends);
        Assert.Equal([Legend], r.Certificates["class-a-0003"].Legends);
        Assert.Equal([Legend], r.Certificates["class-a-0004"].Legends);
        Assert.Equal([Legend], r.LegendsOf("bob", "class-a"));

        // Placed on bob's holding afterwards, the legend reaches the certificate that did not bear it, and no other twice.
        r.Apply(new LegendApplied("bob", "class-a", Legend) { EffectiveOn = Day });
        Assert.All(r.CertificatesOf("bob", "class-a"), c => Assert.Equal([Legend], c.Legends));
    }

    [Theory]
    [InlineData("A-1")]
    [InlineData("class-a-7")]
    [InlineData("class-a-00012")]
    [InlineData("cert 42")]
    [InlineData("series-z-0001")]
    public void CertificateIdOutsideTheRegistersPattern_IsKeptAsGiven(string id)
    {
        var r = NewRegister();
        r.Apply(new SharesIssued("alice", "class-a", ShareCount.Of(100), id, null) { EffectiveOn = Day });

        Assert.Equal(id, Assert.Single(r.CertificatesOf("alice", "class-a")).Id);
        Assert.True(r.Certificates.ContainsKey(id));
        Assert.Equal(id, Assert.Single(r.Certificates.Keys));

        r.Apply(Transfer("alice", "bob", 100, id, "class-a-0001", null));
        Assert.False(r.Certificates.ContainsKey(id));
        Assert.Empty(r.CertificatesOf("alice", "class-a"));
    }

    [Fact]
    public void CertificateIdNamingAClassCreatedLater_IsStillOneCertificate()
    {
        var r = NewRegister();
        r.Apply(new SharesIssued("alice", "class-a", ShareCount.Of(100), "series-z-0001", null) { EffectiveOn = Day });
        r.Apply(new ShareClassCreated("series-z", "Series Z", ClassKind.Preferred, null, Money.Of(0.0001m, "USD"), "class-a", Fraction.One, 1) { EffectiveOn = Day });

        Assert.Equal("series-z-0001", r.Certificates["series-z-0001"].Id);
        Assert.Equal("class-a", r.Certificates["series-z-0001"].ClassId);
        var duplicate = Assert.Throws<RegisterInvariantException>(() =>
            r.Apply(new SharesIssued("bob", "class-a", ShareCount.Of(1), "series-z-0001", null) { EffectiveOn = Day }));
        Assert.Contains("already exists", duplicate.Message);
    }

    [Fact]
    public void Clone_ThenChangesToEither_LeaveTheOtherAsItWas()
    {
        var r = NewRegister();
        r.Apply(new SharesIssued("alice", "class-a", ShareCount.Of(100), "class-a-0001", null) { EffectiveOn = Day });
        var copy = r.Clone();

        copy.Apply(Transfer("alice", "bob", 30, "class-a-0001", "class-a-0002", "class-a-0003"));
        copy.Apply(new LegendApplied("bob", "class-a", Legend) { EffectiveOn = Day });
        r.Apply(new SharesIssued("bob", "class-a", ShareCount.Of(5), "class-a-0002", null) { EffectiveOn = Day });

        Assert.Equal(ShareCount.Of(100), r.SharesOf("alice", "class-a"));
        Assert.Equal(ShareCount.Of(5), r.SharesOf("bob", "class-a"));
        Assert.Empty(r.Certificates["class-a-0002"].Legends);
        Assert.Equal(ShareCount.Of(70), copy.SharesOf("alice", "class-a"));
        Assert.Equal(ShareCount.Of(30), copy.SharesOf("bob", "class-a"));
        Assert.Equal([Legend], copy.Certificates["class-a-0002"].Legends);
        Assert.Equal(["class-a-0001", "class-a-0002"], r.Certificates.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["class-a-0002", "class-a-0003"], copy.Certificates.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void HoldingOfAHolderNotOnTheRegister_CannotApply()
    {
        var r = NewRegister();
        var e = Assert.Throws<RegisterInvariantException>(() => r.Apply(new LegendApplied("carol", "class-a", Legend) { EffectiveOn = Day }));
        Assert.Contains("carol", e.Message);
    }
}
