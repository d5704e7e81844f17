namespace Proviso.Domain.Tests.Register;

using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Events;
using static Cmd;
using static CloopenFixture;

public class IssueAndTransferTests
{
    private static readonly NodaTime.LocalDate Later = D(2021, 6, 1);

    // --- issue ------------------------------------------------------------------------------------------------------

    [Fact]
    public void Issue_TencentSeriesF_HoldsExactlyAndGetsFirstCertificate()
    {
        var b = Build();
        Assert.Equal(ShareCount.Of(Tencent), b.Latest.SharesOf("tencent", "series-f"));
        Assert.Equal(ShareCount.Of(Tencent + NewOriental + Pac), b.Latest.Outstanding("series-f"));
        var cert = Assert.Single(b.Latest.CertificatesOf("tencent", "series-f"));
        Assert.Equal("series-f-0001", cert.Id);
        Assert.Equal(ShareCount.Of(Tencent), cert.Shares);
        Assert.Equal(Closing, cert.IssuedOn);
        Assert.Equal("series-f-0004", b.Latest.NextCertificateId("series-f"));
        Assert.Equal(ShareCount.Zero, b.Latest.SharesOf("cvc", "series-f"));
    }

    [Fact]
    public void Issue_UnknownHolder_RefusedUnknownHolder()
    {
        Build().Refused(Issue("nobody", "series-f", 1, Later), "register.unknown-holder");
    }

    [Fact]
    public void Issue_UnknownClass_RefusedUnknownClass()
    {
        var r = Build().Refused(Issue("tencent", "series-z", 1, Later), "register.unknown-class");
        Assert.Contains("series-z", r.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Issue_NonPositiveQuantity_RefusedQuantityPositive(long shares)
    {
        Build().Refused(Issue("tencent", "series-f", shares, Later), "register.quantity-positive");
    }

    [Fact]
    public void Issue_OneShare_Accepted()
    {
        var b = Build();
        var e = b.Do<SharesIssued>(Issue("pac", "series-f", 1, Later));
        Assert.Equal("series-f-0004", e.CertificateId);
        Assert.Equal(ShareCount.Of(Pac + 1), b.Latest.SharesOf("pac", "series-f"));
    }

    // --- transfer: sufficiency boundary ---------------------------------------------------------------------------

    [Fact]
    public void Transfer_ExactlyTheWholeHolding_AcceptedWithoutBalanceCertificate()
    {
        var b = Build();
        var e = b.Do<SharesTransferred>(Transfer("new-oriental", "pac", "series-f", NewOriental, Later));
        Assert.Null(e.BalanceCertificateId);
        Assert.Equal(ShareCount.Zero, b.Latest.SharesOf("new-oriental", "series-f"));
        Assert.Empty(b.Latest.CertificatesOf("new-oriental", "series-f"));
        Assert.Equal(ShareCount.Of(Pac + NewOriental), b.Latest.SharesOf("pac", "series-f"));
        Assert.DoesNotContain(b.Latest.Holdings(), h => h.HolderId == "new-oriental");
    }

    [Fact]
    public void Transfer_OneMoreThanTheHolding_RefusedInsufficientShares()
    {
        var r = Build().Refused(Transfer("new-oriental", "pac", "series-f", NewOriental + 1, Later), "register.insufficient-shares");
        Assert.Contains("7,635,090", r.Message);
    }

    [Fact]
    public void Transfer_ToItself_RefusedSameHolder()
    {
        Build().Refused(Transfer("tencent", "tencent", "series-f", 1, Later), "register.same-holder");
    }

    [Fact]
    public void Transfer_ToUnknownHolder_RefusedUnknownHolder()
    {
        Build().Refused(Transfer("tencent", "nobody", "series-f", 1, Later), "register.unknown-holder");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5_899_843)]
    public void Transfer_NonPositiveQuantity_RefusedQuantityPositive(long shares)
    {
        Build().Refused(Transfer("tencent", "pac", "series-f", shares, Later), "register.quantity-positive");
    }

    [Fact]
    public void Transfer_ByHolderWithNoShares_RefusedInsufficientShares()
    {
        Build().Refused(Transfer("cvc", "pac", "series-f", 1, Later), "register.insufficient-shares");
    }

    // --- transfer: certificates -----------------------------------------------------------------------------------

    [Fact]
    public void Transfer_PartOfACertificate_CancelsItAndIssuesNewAndBalanceCertificates()
    {
        var b = Build();
        var e = b.Do<SharesTransferred>(Transfer("tencent", "pac", "series-f", 5_899_843, Later));

        var portion = Assert.Single(e.SourceCertificates);
        Assert.Equal(new CertificatePortion("series-f-0001", ShareCount.Of(5_899_843)), portion);
        Assert.Equal("series-f-0004", e.NewCertificateId);
        Assert.Equal("series-f-0005", e.BalanceCertificateId);

        Assert.False(b.Latest.Certificates.ContainsKey("series-f-0001"));
        var balance = Assert.Single(b.Latest.CertificatesOf("tencent", "series-f"));
        Assert.Equal("series-f-0005", balance.Id);
        Assert.Equal(ShareCount.Of(5_899_843), balance.Shares);
        Assert.Equal(Later, balance.IssuedOn);

        var pacCerts = b.Latest.CertificatesOf("pac", "series-f");
        Assert.Equal(["series-f-0003", "series-f-0004"], pacCerts.Select(c => c.Id));
        Assert.Equal(ShareCount.Of(5_899_843), pacCerts[1].Shares);
        Assert.Equal(ShareCount.Of(Pac + 5_899_843), b.Latest.SharesOf("pac", "series-f"));
        Assert.Equal("series-f-0006", b.Latest.NextCertificateId("series-f"));
    }

    [Fact]
    public void Transfer_AcrossTwoCertificates_TakesOldestFirstAndSplitsTheLast()
    {
        var b = Build().Issue("tencent", "series-f", 1_000, Later);                 // series-f-0004
        var e = b.Do<SharesTransferred>(Transfer("tencent", "pac", "series-f", Tencent + 400, Later.PlusDays(1)));
        Assert.Equal(
            [new CertificatePortion("series-f-0001", ShareCount.Of(Tencent)), new CertificatePortion("series-f-0004", ShareCount.Of(400))],
            e.SourceCertificates);
        Assert.Equal("series-f-0005", e.NewCertificateId);
        Assert.Equal("series-f-0006", e.BalanceCertificateId);
        var left = Assert.Single(b.Latest.CertificatesOf("tencent", "series-f"));
        Assert.Equal(ShareCount.Of(600), left.Shares);
    }

    [Fact]
    public void Transfer_Accepted_ConservesOutstanding()
    {
        var b = Build();
        var before = b.Latest.Outstanding("series-f");
        b.Do(Transfer("tencent", "new-oriental", "series-f", 3_817_545, Later));
        Assert.Equal(before, b.Latest.Outstanding("series-f"));
        Assert.Equal(ShareCount.Of(NewOriental + 3_817_545), b.Latest.SharesOf("new-oriental", "series-f"));
        Assert.Equal(ShareCount.Of(Tencent - 3_817_545), b.Latest.SharesOf("tencent", "series-f"));
    }

    // --- legends and stop-transfer (ROFR s.5) ----------------------------------------------------------------------

    private const string RofrLegend = "THE SALE, PLEDGE, HYPOTHECATION, ASSIGNMENT OR TRANSFER OF THESE SECURITIES IS SUBJECT TO THE TERMS AND CONDITIONS OF A CERTAIN RIGHT OF FIRST REFUSAL AND CO-SALE AGREEMENT";

    private static ApplyLegend Legend(string holderId, string classId, NodaTime.LocalDate on) => new(holderId, classId, RofrLegend) { EffectiveOn = on };

    [Fact]
    public void ApplyLegend_OnHolding_MarksEveryCertificate()
    {
        var b = Build();
        b.Do(Legend("tencent", "series-f", Closing));
        Assert.Equal([RofrLegend], b.Latest.LegendsOf("tencent", "series-f"));
        Assert.Equal([RofrLegend], Assert.Single(b.Latest.CertificatesOf("tencent", "series-f")).Legends);
        Assert.Empty(b.Latest.LegendsOf("pac", "series-f"));
    }

    [Fact]
    public void ApplyLegend_Twice_RefusedDuplicateLegend()
    {
        var b = Build();
        b.Do(Legend("tencent", "series-f", Closing));
        b.Refused(Legend("tencent", "series-f", Later), "register.duplicate-legend");
    }

    [Fact]
    public void ApplyLegend_Blank_RefusedLegendEmpty()
    {
        Build().Refused(new ApplyLegend("tencent", "series-f", " ") { EffectiveOn = Later }, "register.legend-empty");
    }

    [Fact]
    public void Transfer_OfLegendedShares_CarriesTheLegendToTheTransfereesNewCertificate()
    {
        var b = Build();
        b.Do(Legend("tencent", "series-f", Closing));
        var e = b.Do<SharesTransferred>(Transfer("tencent", "cvc", "series-f", 1_000_000, Later));
        var newCert = b.Latest.Certificates[e.NewCertificateId];
        Assert.Equal("cvc", newCert.HolderId);
        Assert.Contains(RofrLegend, newCert.Legends);
        Assert.Contains(RofrLegend, b.Latest.LegendsOf("cvc", "series-f"));
        Assert.Contains(RofrLegend, b.Latest.Certificates[e.BalanceCertificateId!].Legends);
    }

    private static NoteStopTransfer Stop(string holderId, string classId, NodaTime.LocalDate on) =>
        new(holderId, classId, "No transfer without the Majority Investors' approval (ROFR s.2.1(i), s.5)") { EffectiveOn = on };

    [Fact]
    public void Transfer_UnderStopTransferWithoutAuthority_RefusedCitingSection5()
    {
        var b = Build();
        b.Do(Stop("cloopen-co", "class-a", Closing));
        var r = b.Refused(Transfer("cloopen-co", "tencent", "class-a", 1, Later), "register.stop-transfer");
        Assert.NotNull(r.Citation);
        Assert.Equal("5", r.Citation!.Section);
        Assert.Equal(RegisterDecider.StopTransferCitation, r.Citation);
    }

    [Fact]
    public void Transfer_UnderStopTransferWithAuthority_AcceptedAndReferencesTheAuthority()
    {
        var b = Build();
        b.Do(Stop("cloopen-co", "class-a", Closing));
        var e = b.Do<SharesTransferred>(Transfer("cloopen-co", "tencent", "class-a", 1_000, Later, authorisedBy: "ROFR s.2.2 process closed 2021-06-01"));
        Assert.Equal("ROFR s.2.2 process closed 2021-06-01", e.Reference);
        Assert.Equal(ShareCount.Of(1_000), b.Latest.SharesOf("tencent", "class-a"));
        // The notation stays on the transferor's balance, not on the transferee's shares.
        Assert.NotNull(b.Latest.Certificates[e.BalanceCertificateId!].StopTransfer);
        Assert.Null(b.Latest.Certificates[e.NewCertificateId].StopTransfer);
        Assert.Null(b.Latest.StopTransferOf("tencent", "class-a"));
    }

    [Fact]
    public void Transfer_AfterStopTransferLifted_AcceptedWithoutAuthority()
    {
        var b = Build();
        b.Do(Stop("cloopen-co", "class-a", Closing));
        b.Do(new LiftStopTransfer("cloopen-co", "class-a", "Qualified IPO") { EffectiveOn = D(2021, 2, 9) });
        Assert.Null(b.Latest.StopTransferOf("cloopen-co", "class-a"));
        Assert.Null(Assert.Single(b.Latest.CertificatesOf("cloopen-co", "class-a")).StopTransfer);
        b.Do(Transfer("cloopen-co", "tencent", "class-a", 1, Later));
    }

    [Fact]
    public void NoteStopTransfer_Blank_RefusedNoteEmpty()
    {
        Build().Refused(new NoteStopTransfer("tencent", "series-f", "") { EffectiveOn = Later }, "register.note-empty");
    }

    [Fact]
    public void LiftStopTransfer_WhenNoneNoted_RefusedNoStopTransfer()
    {
        Build().Refused(new LiftStopTransfer("tencent", "series-f", "none") { EffectiveOn = Later }, "register.no-stop-transfer");
    }

    [Fact]
    public void NoteStopTransfer_MarksExistingCertificates()
    {
        var b = Build();
        b.Do(Stop("tencent", "series-f", Later));
        Assert.StartsWith("No transfer", b.Latest.StopTransferOf("tencent", "series-f"));
        Assert.StartsWith("No transfer", Assert.Single(b.Latest.CertificatesOf("tencent", "series-f")).StopTransfer);
    }

    // --- repurchase and cancellation -------------------------------------------------------------------------------

    [Fact]
    public void Repurchase_PartOfHolding_ReducesOutstandingAndIssuesBalanceCertificate()
    {
        var b = Build();
        var e = b.Do<SharesRepurchased>(new RepurchaseShares("pac", "series-f", ShareCount.Of(500_000), Money.Of(1_000_000m, "USD")) { EffectiveOn = Later });
        Assert.Equal("series-f-0004", e.BalanceCertificateId);
        Assert.Equal(ShareCount.Of(1_500_000), b.Latest.SharesOf("pac", "series-f"));
        Assert.Equal(ShareCount.Of(Tencent + NewOriental + 1_500_000), b.Latest.Outstanding("series-f"));
    }

    [Fact]
    public void Repurchase_OneMoreThanHeld_RefusedInsufficientShares()
    {
        Build().Refused(new RepurchaseShares("pac", "series-f", ShareCount.Of(Pac + 1), null) { EffectiveOn = Later }, "register.insufficient-shares");
    }

    [Fact]
    public void Cancel_WholeHolding_RemovesItWithoutBalance()
    {
        var b = Build();
        var e = b.Do<SharesCancelled>(new CancelShares("pac", "series-f", ShareCount.Of(Pac), "forfeited") { EffectiveOn = Later });
        Assert.Null(e.BalanceCertificateId);
        Assert.Equal(ShareCount.Zero, b.Latest.SharesOf("pac", "series-f"));
    }

    [Fact]
    public void Cancel_OneMoreThanHeld_RefusedInsufficientShares()
    {
        Build().Refused(new CancelShares("pac", "series-f", ShareCount.Of(Pac + 1), "forfeited") { EffectiveOn = Later }, "register.insufficient-shares");
    }
}
