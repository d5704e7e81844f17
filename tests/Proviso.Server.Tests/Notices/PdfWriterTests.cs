using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Proviso.Domain.Agreements;
using Proviso.Server.Notices;

namespace Proviso.Server.Tests.Notices;

/// <summary>
/// Our PDF 1.4 writer, read back structurally: the header, every cross-reference offset, startxref, the text drawn on
/// each page (one Tj per line, uncompressed), line widths by the Helvetica metrics, page numbers, and the '?' footer.
/// </summary>
public sealed partial class PdfWriterTests
{
    private static readonly DateTimeOffset Created = new(2026, 3, 4, 9, 30, 15, TimeSpan.FromHours(8));
    private static readonly PdfStyle Body = new(PdfFont.Helvetica, 10);

    [Fact]
    public void ToArray_OnePage_HasHeaderXrefOffsetsAndStartxrefThatPointAtTheirObjects()
    {
        var w = new PdfDocumentWriter("A test", Created);
        w.Heading("Heading");
        w.Paragraph("Hello, world.", Body);
        var pdf = Parsed.From(w.ToArray());

        Assert.StartsWith("%PDF-1.4\n", pdf.Text, StringComparison.Ordinal);
        Assert.EndsWith("%%EOF\n", pdf.Text, StringComparison.Ordinal);
        Assert.Equal("xref", pdf.Text.Substring(pdf.StartXref, 4));
        Assert.Equal(7, pdf.Offsets.Count); // catalog, pages, two fonts, info, one page and its content
        for (var i = 0; i < pdf.Offsets.Count; i++)
            Assert.StartsWith($"{i + 1} 0 obj", pdf.Text[(int)pdf.Offsets[i]..], StringComparison.Ordinal);
        Assert.Matches(@"trailer\n<< /Size 8 /Root 1 0 R /Info 5 0 R >>", pdf.Text);
        Assert.Contains("/BaseFont /Helvetica /Encoding /WinAnsiEncoding", pdf.Text, StringComparison.Ordinal);
        Assert.Contains("/BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding", pdf.Text, StringComparison.Ordinal);
        Assert.Contains("/MediaBox [0 0 595.28 841.89]", pdf.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("/FontFile", pdf.Text, StringComparison.Ordinal); // standard fonts, not embedded
        Assert.DoesNotContain("/Filter", pdf.Text, StringComparison.Ordinal);   // uncompressed content
        Assert.Contains("(Hello, world.) Tj", pdf.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToArray_StreamLengths_MatchTheBytesBetweenStreamAndEndstream()
    {
        var w = new PdfDocumentWriter("Lengths", Created);
        for (var i = 0; i < 120; i++) w.Paragraph($"Line {i} with \u00e9, \u20ac and (brackets).", Body);
        var text = Encoding.Latin1.GetString(w.ToArray());
        var streams = StreamRegex().Matches(text);
        Assert.True(streams.Count >= 2);
        foreach (Match m in streams)
        {
            var length = int.Parse(m.Groups["len"].Value, CultureInfo.InvariantCulture);
            var start = m.Index + m.Length;
            Assert.Equal("\nendstream", text.Substring(start + length, 10));
        }
    }

    [Fact]
    public void Info_HasTitleProducerAndTheGivenCreationDate()
    {
        var pdf = Encoding.Latin1.GetString(new PdfDocumentWriter("Transfer Notice - Cloopen", Created).ToArray());
        Assert.Contains("/Title (Transfer Notice - Cloopen) /Producer (Proviso) /CreationDate (D:20260304093015+08'00')", pdf, StringComparison.Ordinal);
        Assert.Equal("D:20260304013015Z", PdfDocumentWriter.Date(Created.ToUniversalTime()));
        Assert.Equal("D:20260304093015-05'30'", PdfDocumentWriter.Date(new DateTimeOffset(2026, 3, 4, 9, 30, 15, TimeSpan.FromMinutes(-330))));
    }

    [Fact]
    public void Info_TitleOutsideAscii_IsWrittenInFullAsUtf16()
    {
        var pdf = Encoding.Latin1.GetString(new PdfDocumentWriter("孙", Created).ToArray());
        Assert.Contains("/Title <FEFF5B59>", pdf, StringComparison.Ordinal);
    }

    [Fact]
    public void Paragraph_WithParenthesesAndBackslash_IsEscapedAndRoundTrips()
    {
        const string text = @"Section 2.2(i) (the ""Notice"") \ a path C:\x and (( )) an unbalanced ) and (";
        var w = new PdfDocumentWriter("Escapes", Created);
        w.Paragraph(text, Body);
        var pdf = Parsed.From(w.ToArray());
        Assert.Contains(@"(Section 2.2\(i\) \(the ""Notice""\) \\ a path C:\\x and \(\( \)\) an unbalanced \) and \() Tj", pdf.Text, StringComparison.Ordinal);
        Assert.Equal(text, Assert.Single(pdf.Pages[0].Lines, l => l.Text.StartsWith("Section", StringComparison.Ordinal)).Text);
    }

    [Fact]
    public void Wrap_LongParagraph_KeepsEveryLineWithinThePageWidthByTheMetrics()
    {
        var words = string.Join(" ", Enumerable.Range(0, 400).Select(i => i % 7 == 0 ? "WWWWide" : i % 5 == 0 ? "illicit" : "agreement"));
        var w = new PdfDocumentWriter("Wrap", Created);
        w.Paragraph(words, Body);
        w.Paragraph(new string('W', 300), new PdfStyle(PdfFont.HelveticaBold, 12)); // one word wider than the page: cut
        var pdf = Parsed.From(w.ToArray());
        var lines = pdf.Pages.SelectMany(p => p.Lines).Where(l => l.Size >= 10).ToList();
        Assert.True(lines.Count > 20);
        var right = PdfDocumentWriter.PageWidth - w.Margin;
        foreach (var l in lines)
        {
            var width = PdfFontMetrics.Measure(l.Codes, l.Font, l.Size);
            Assert.True(l.X + width <= right + 0.01, $"'{l.Text}' ends at {l.X + width}, past {right}");
        }
        // Lines are filled: the next word would not have fitted on the line before.
        var body = lines.Where(l => l.Font == PdfFont.Helvetica).ToList();
        for (var i = 0; i + 1 < body.Count; i++)
        {
            var next = body[i + 1].Codes.Split(' ')[0];
            Assert.True(PdfFontMetrics.Measure(body[i].Codes + " " + next, PdfFont.Helvetica, 10) > w.ContentWidth);
        }
        Assert.Equal(words, string.Join(" ", body.Select(l => l.Text)));
        Assert.Equal(new string('W', 300), string.Concat(lines.Where(l => l.Font == PdfFont.HelveticaBold).Select(l => l.Text)));
    }

    [Fact]
    public void Metrics_AreAdobesHelveticaWidths()
    {
        Assert.Equal(278, PdfFontMetrics.Width(PdfFont.Helvetica, ' '));
        Assert.Equal(556, PdfFontMetrics.Width(PdfFont.Helvetica, 'a'));
        Assert.Equal(1015, PdfFontMetrics.Width(PdfFont.Helvetica, '@'));
        Assert.Equal(222, PdfFontMetrics.Width(PdfFont.Helvetica, 'i'));
        Assert.Equal(191, PdfFontMetrics.Width(PdfFont.Helvetica, '\''));
        Assert.Equal(556, PdfFontMetrics.Width(PdfFont.Helvetica, '\u0080')); // Euro
        Assert.Equal(1000, PdfFontMetrics.Width(PdfFont.Helvetica, '\u0097')); // emdash
        Assert.Equal(556, PdfFontMetrics.Width(PdfFont.Helvetica, '\u00B5')); // mu
        Assert.Equal(975, PdfFontMetrics.Width(PdfFont.HelveticaBold, '@'));
        Assert.Equal(611, PdfFontMetrics.Width(PdfFont.HelveticaBold, 'b'));
        Assert.Equal(238, PdfFontMetrics.Width(PdfFont.HelveticaBold, '\''));
        Assert.Equal(16.12, PdfFontMetrics.Measure("adc", PdfFont.Helvetica, 10), 6); // (556 + 556 + 500) / 1000 × 10 pt
    }

    [Fact]
    public void LongNotice_MakesSeveralPagesEachNumbered()
    {
        var blocks = new List<NoticeBlock>();
        for (var i = 1; i <= 40; i++)
        {
            blocks.Add(new NoticeHeading($"Part {i}"));
            blocks.Add(new NoticeParagraph($"Paragraph {i}: the Transferor gives notice under Section 2.2(i) that it proposes to Transfer the Offered Shares to the prospective transferee on the terms set out below, and offers them to the Investors.", new Citation("rofr", "2.2(i)")));
            blocks.Add(new NoticeFacts([("Offered Shares", $"{i},000 Class A Ordinary Shares"), ("Consideration", "USD 2.50 per share")]));
        }
        blocks.Add(new NoticeTable("Pro Rata Shares", ["Investor", "Fraction", "Exact shares", "Whole shares"],
            Enumerable.Range(1, 60).Select(i => (IReadOnlyList<string>)[$"Investor {i}", "1/60", "50000.0000 (50000)", "50,000"]).ToList(), [0.34f, 0.2f, 0.3f, 0.16f]));
        var notice = Notice(blocks, "Main Access Limited");
        var pdf = Parsed.From(NoticePdf.Render(notice, Created));

        Assert.True(pdf.Pages.Count >= 4, $"{pdf.Pages.Count} pages");
        Assert.Equal(5 + 2 * pdf.Pages.Count, pdf.Offsets.Count); // catalog, page tree, two fonts, info; each page and its content
        for (var i = 0; i < pdf.Pages.Count; i++)
        {
            Assert.Contains(pdf.Pages[i].Lines, l => l.Text == $"Page {i + 1} of {pdf.Pages.Count}");
            Assert.All(pdf.Pages[i].Lines, l => Assert.InRange(l.Y, 10, PdfDocumentWriter.PageHeight - 56 + 0.01));
            // Body text stays inside the margins; only the footer is below the bottom margin.
            Assert.All(pdf.Pages[i].Lines.Where(l => !l.Text.StartsWith("Page ", StringComparison.Ordinal)), l => Assert.True(l.Y >= 56, $"'{l.Text}' at {l.Y}"));
        }
        Assert.Matches(@"/Type /Pages /Kids \[(\d+ 0 R ?)+\] /Count " + pdf.Pages.Count, pdf.Text);
        // The table's header row is repeated on the page it continues on.
        Assert.True(pdf.Pages.Count(p => p.Lines.Any(l => l.Text == "Exact shares")) >= 2);
        Assert.Contains(pdf.Pages.SelectMany(p => p.Lines), l => l.Text == "Investor 60");
        Assert.Contains(pdf.Pages.SelectMany(p => p.Lines), l => l.Text == "Part 40");
        Assert.DoesNotContain(NoticePdf.ReplacementNote, pdf.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Notice_WithCharactersOutsideWinAnsi_PrintsQuestionMarksAndSaysSoInTheFooter()
    {
        var notice = Notice([new NoticeParagraph("Addressed to SUN Changxun (孙昌勋), 3,000 € and “quoted” – café.")], "SUN Changxun (孙昌勋)");
        var bytes = NoticePdf.Render(notice, Created);
        var pdf = Parsed.From(bytes);
        var lines = pdf.Pages[0].Lines.Select(l => l.Text).ToList();
        Assert.Contains("Addressed to SUN Changxun (???), 3,000 € and “quoted” – café.", lines);
        Assert.Contains(NoticePdf.ReplacementNote, lines);
        Assert.Contains("(Addressed to SUN Changxun \\(???\\), 3,000 \u0080 and \u0093quoted\u0094 \u0096 caf\u00e9.) Tj", pdf.Text, StringComparison.Ordinal);
        // The HTML keeps the full text.
        Assert.Contains("孙昌勋", NoticeHtml.Render(notice), StringComparison.Ordinal);
    }

    [Fact]
    public void Footer_NamesOnlyThePagesThatLostACharacter()
    {
        var w = new PdfDocumentWriter("Pages", Created) { ReplacementNote = "NOTE" };
        w.Paragraph("plain", Body);
        w.PageBreak();
        w.Paragraph("Ελληνικά", Body);
        w.PageBreak();
        w.Paragraph("plain again", Body);
        var pdf = Parsed.From(w.ToArray());
        Assert.Equal([false, true, false], pdf.Pages.Select(p => p.Lines.Any(l => l.Text == "NOTE")));
        Assert.Contains(pdf.Pages[1].Lines, l => l.Text == "????????");
    }

    [Fact]
    public void WinAnsi_Encode_MapsWindows1252ExtrasComposesAccentsAndReplacesTheRest()
    {
        Assert.Equal("\u0080\u0093x\u0094", WinAnsi.Encode("€“x”", out var r1));
        Assert.False(r1);
        Assert.Equal("caf\u00e9", WinAnsi.Encode("cafe\u0301", out var r2)); // e + combining acute is é
        Assert.False(r2);
        Assert.Equal("\u009A\u009F", WinAnsi.Encode("s\u030CY\u0308", out _)); // š and Ÿ are Windows-1252 extras
        Assert.Equal("q" + WinAnsi.Replaced, WinAnsi.Encode("q\u0301", out _)); // no precomposed q with acute
        Assert.Equal("a" + WinAnsi.Replaced + "b", WinAnsi.Encode("a😀b", out var r3)); // one '?' for a surrogate pair
        Assert.True(r3);
        Assert.Equal("ab", WinAnsi.Encode("a\u00ADb\u200B", out _)); // invisible format characters dropped
        Assert.Equal("SUN Changxun (???)", NoticePdf.Safe("SUN Changxun (孙昌勋)"));
        Assert.Equal("a -> b <= c", NoticePdf.Safe("a → b ≤ c"));
    }

    private static NoticeDocument Notice(IReadOnlyList<NoticeBlock> blocks, string to) => new("transfer-notice", "Transfer Notice", "Cloopen Group Holding Limited",
        "Transfer t1 under the Right of First Refusal and Co-Sale Agreement", "2020-12-02", "Cloopen Co., Ltd", ["Cloopen Group Holding Limited", to], blocks,
        [new NoticeReceiptLine("Main Access Limited", "email", "2020-12-02 16:30 +08:00", "2020-12-02 (Asia/Hong_Kong)", "Sent by email within business hours on a Business Day.", new Citation("rofr", "6.6"), "Option Period ends 2020-12-22")],
        "Deemed receipt at each recipient's place of receipt, and why", [new Citation("rofr", "2.2")]);

    [GeneratedRegex(@"<< /Length (?<len>\d+) >>\nstream\n")]
    private static partial Regex StreamRegex();

    [GeneratedRegex(@"(?<g>[\d.]+) g BT /F(?<f>[12]) (?<size>[\d.]+) Tf (?<x>-?[\d.]+) (?<y>-?[\d.]+) Td \((?<s>(?:\\.|[^\\()])*)\) Tj ET")]
    private static partial Regex TextRegex();

    /// <summary>One line drawn: position, font, and its text as WinAnsi codes and as Unicode.</summary>
    private sealed record Line(double X, double Y, PdfFont Font, double Size, string Codes)
    {
        public string Text => WinAnsi.Decode(Codes);
    }

    private sealed record Page(IReadOnlyList<Line> Lines);

    /// <summary>The file read back: its text (Latin-1), the xref offsets, startxref, and each page's lines in order.</summary>
    private sealed record Parsed(string Text, IReadOnlyList<long> Offsets, int StartXref, IReadOnlyList<Page> Pages)
    {
        public static Parsed From(byte[] bytes)
        {
            var text = Encoding.Latin1.GetString(bytes);
            var tail = text[text.LastIndexOf("startxref\n", StringComparison.Ordinal)..].Split('\n');
            var startXref = int.Parse(tail[1], CultureInfo.InvariantCulture);
            var xref = text[startXref..].Split('\n');
            Assert.Equal("xref", xref[0]);
            var count = int.Parse(xref[1].Split(' ')[1], CultureInfo.InvariantCulture);
            Assert.Equal("0 ", xref[1][..2]);
            var entries = text.Substring(startXref + xref[0].Length + xref[1].Length + 2, 20 * count);
            Assert.Equal("0000000000 65535 f\r\n", entries[..20]);
            var offsets = new List<long>();
            for (var i = 1; i < count; i++)
            {
                var e = entries.Substring(20 * i, 20);
                Assert.Matches(@"^\d{10} 00000 n\r\n$", e);
                offsets.Add(long.Parse(e[..10], CultureInfo.InvariantCulture));
            }
            // Pages in the order of the page tree's /Kids, each with its /Contents stream.
            var kids = Regex.Match(text, @"/Kids \[(?<k>[^\]]*)\]").Groups["k"].Value.Split(" 0 R", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var pages = new List<Page>();
            foreach (var kid in kids)
            {
                var obj = Object(text, offsets, int.Parse(kid, CultureInfo.InvariantCulture));
                var contents = int.Parse(Regex.Match(obj, @"/Contents (\d+) 0 R").Groups[1].Value, CultureInfo.InvariantCulture);
                var stream = Object(text, offsets, contents);
                var m = StreamRegex().Match(stream);
                var content = stream.Substring(m.Index + m.Length, int.Parse(m.Groups["len"].Value, CultureInfo.InvariantCulture));
                pages.Add(new Page(TextRegex().Matches(content).Select(t => new Line(
                    double.Parse(t.Groups["x"].Value, CultureInfo.InvariantCulture), double.Parse(t.Groups["y"].Value, CultureInfo.InvariantCulture),
                    t.Groups["f"].Value == "2" ? PdfFont.HelveticaBold : PdfFont.Helvetica, double.Parse(t.Groups["size"].Value, CultureInfo.InvariantCulture),
                    Unescape(t.Groups["s"].Value))).ToList()));
            }
            return new Parsed(text, offsets, startXref, pages);
        }

        private static string Object(string text, IReadOnlyList<long> offsets, int number)
        {
            var start = (int)offsets[number - 1];
            Assert.StartsWith($"{number} 0 obj\n", text[start..], StringComparison.Ordinal);
            return text[start..text.IndexOf("\nendobj\n", start, StringComparison.Ordinal)];
        }

        private static string Unescape(string s)
        {
            var sb = new StringBuilder();
            for (var i = 0; i < s.Length; i++)
            {
                if (s[i] != '\\') sb.Append(s[i]);
                else sb.Append(s[++i]);
            }
            return sb.ToString();
        }
    }
}
