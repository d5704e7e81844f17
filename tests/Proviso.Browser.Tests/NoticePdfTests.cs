using System.Text;
using Proviso.Domain.Agreements;
using Proviso.Server.Notices;

namespace Proviso.Browser.Tests;

/// <summary>The PDF notices without a server: our own PDF writer, with the standard Helvetica fonts (nothing to install).</summary>
public sealed class NoticePdfTests
{
    private static NoticeDocument Sample() => new("transfer-notice", "Transfer Notice", "Cloopen Group Holding Limited", "Transfer t1 under the ROFR", "2020-12-02",
        "Cloopen Co., Ltd", ["Cloopen Group Holding Limited", "SUN Changxun (孙昌勋)"],
        [
            new NoticeParagraph("Cloopen Co., Ltd gives notice that it proposes to Transfer 3,000,000 Class A Ordinary Shares.", new Citation("rofr-cosale-2020", "2.2(i)")),
            new NoticeFacts([("Offered Shares", "3,000,000 Class A Ordinary Shares"), ("Consideration", "USD 2.50 per share")]),
            new NoticeTable("Pro Rata Shares", ["Investor", "Fraction", "Exact", "Whole"], [["Main Access Limited", "1250000/5913949", "634094.5617 (3750000000000/5913949)", "634,094"]]),
        ],
        [new NoticeReceiptLine("Main Access Limited", "email", "2020-12-02 16:30 +08:00", "2020-12-02 (Asia/Hong_Kong)", "Sent by email within business hours on a Business Day.", new Citation("rofr-cosale-2020", "6.6"), "Option Period ends 2020-12-22")],
        "Deemed receipt at each recipient's place of receipt, and why", [new Citation("rofr-cosale-2020", "2.2")]);

    [Fact]
    public void Render_TransferNotice_IsAPdfWithTheNoticesWords()
    {
        var bytes = NoticePdf.Render(Sample(), new DateTimeOffset(2020, 12, 2, 17, 0, 0, TimeSpan.FromHours(8)));
        Assert.Equal("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));
        var raw = Encoding.Latin1.GetString(bytes);
        Assert.Contains("(Transfer Notice)", raw, StringComparison.Ordinal);
        Assert.Contains("deemed received 2020-12-02", raw, StringComparison.Ordinal);
        Assert.Contains("/BaseFont /Helvetica /Encoding /WinAnsiEncoding", raw, StringComparison.Ordinal); // a standard font, not embedded
        Assert.Contains("SUN Changxun \\(???\\)", raw, StringComparison.Ordinal); // the name in Chinese script as '?' …
        Assert.Contains(NoticePdf.ReplacementNote, raw, StringComparison.Ordinal);   // … and the footer says the HTML has it
    }

    [Fact]
    public void Safe_NameInChineseScript_IsPrintedAsQuestionMarks()
    {
        Assert.Equal("SUN Changxun (???)", NoticePdf.Safe("SUN Changxun (孙昌勋)"));
        Assert.Equal("a -> b", NoticePdf.Safe("a → b"));
    }

    [Fact]
    public void Html_TransferNotice_ShowsDeemedReceiptAndLinksCitations()
    {
        var html = NoticeHtml.Render(Sample(), "cloopen");
        Assert.Contains("Deemed receipt", html, StringComparison.Ordinal);
        Assert.Contains("/companies/cloopen/agreements/rofr-cosale-2020#s-6-6", html, StringComparison.Ordinal);
        Assert.Contains("孙昌勋", html, StringComparison.Ordinal);
    }
}
