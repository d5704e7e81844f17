using System.Globalization;
using System.Text;

namespace Proviso.Server.Notices;

/// <summary>How a run of text is set: font, size in points, and grey level (0 black, 1 white).</summary>
public readonly record struct PdfStyle(PdfFont Font, double Size, double Gray = 0)
{
    /// <summary>The distance from one line to the next.</summary>
    public double LineHeight => Size * 1.35;
}

/// <summary>
/// A small PDF 1.4 writer for text documents on A4: word-wrapped paragraphs measured with the Helvetica metrics
/// (<see cref="PdfFontMetrics"/>), headings, rules, label/value tables and tables with columns, page breaks, and on
/// every page a footer with "Page i of n". The fonts are the standard Type 1 Helvetica and Helvetica-Bold, not
/// embedded, with /WinAnsiEncoding; content streams are not compressed, so each line's text can be found in the file.
/// Characters outside WinAnsi are printed as '?' and a page that has one says so in its footer
/// (<see cref="ReplacementNote"/>). The writer reads no clock: the creation date is given.
/// </summary>
/// <remarks>Layout runs top-down in points from the top edge; the content stream gets PDF's bottom-up coordinates.</remarks>
public sealed class PdfDocumentWriter
{
    /// <summary>A4 in points (210 mm × 297 mm).</summary>
    public const double PageWidth = 595.28, PageHeight = 841.89;

    private readonly string _title;
    private readonly DateTimeOffset _created;
    private readonly List<StringBuilder> _pages = [];
    private readonly List<bool> _replaced = [];
    private StringBuilder _page = null!;
    private double _y;
    private Action? _repeatOnNewPage;

    /// <param name="title">The document's /Title (kept in full: it is written in UTF-16 when it is not ASCII).</param>
    /// <param name="createdAt">The /CreationDate.</param>
    /// <param name="margin">The margin on every side, in points.</param>
    public PdfDocumentWriter(string title, DateTimeOffset createdAt, double margin = 56)
    {
        _title = title;
        _created = createdAt;
        Margin = margin;
        NewPage();
    }

    public double Margin { get; }

    /// <summary>The width between the left and right margins.</summary>
    public double ContentWidth => PageWidth - 2 * Margin;

    /// <summary>The footer line of a page on which a character was printed as '?'.</summary>
    public string ReplacementNote { get; set; } = "Characters that the PDF's fonts cannot show are printed as '?'; the HTML version has the full text.";

    /// <summary>The footer's style (the page number and the replacement note).</summary>
    public PdfStyle FooterStyle { get; set; } = new(PdfFont.Helvetica, 7.5, 0.4);

    /// <summary>The pages so far.</summary>
    public int PageCount => _pages.Count;

    private double Bottom => PageHeight - Margin;

    /// <summary>Vertical space, in points (none at the top of a page).</summary>
    public void Space(double points)
    {
        if (_y > Margin) _y = Math.Min(_y + points, Bottom);
    }

    /// <summary>Starts a new page.</summary>
    public void PageBreak() => NewPage();

    /// <summary>A paragraph, wrapped to the content width less <paramref name="indent"/>; it breaks across pages line by line.</summary>
    public void Paragraph(string text, PdfStyle style, double indent = 0)
    {
        foreach (var line in Wrap(WinAnsi.Encode(text, out _), style, ContentWidth - indent))
        {
            Ensure(style.LineHeight);
            Show(line, style, Margin + indent, _y + style.Size);
            _y += style.LineHeight;
        }
    }

    /// <summary>A heading in Helvetica-Bold, kept on the same page as the first two lines that follow it.</summary>
    public void Heading(string text, double size = 12, double spaceBefore = 8)
    {
        var style = new PdfStyle(PdfFont.HelveticaBold, size);
        var lines = Wrap(WinAnsi.Encode(text, out _), style, ContentWidth);
        Space(spaceBefore);
        Ensure(lines.Count * style.LineHeight + 2 * 13.5);
        foreach (var line in lines)
        {
            Show(line, style, Margin, _y + style.Size);
            _y += style.LineHeight;
        }
        _y += 2;
    }

    /// <summary>A thin grey line across the content width.</summary>
    public void Rule()
    {
        Ensure(6);
        var y = F(PageHeight - (_y + 2));
        _page.Append($"q 0.75 G 0.5 w {F(Margin)} {y} m {F(Margin + ContentWidth)} {y} l S Q\n");
        _y += 6;
    }

    /// <summary>
    /// A two-column table of labels and values: the label column as wide as the widest label (at most a third of the
    /// width), values wrapped in the rest. A row that fits on a page is kept together.
    /// </summary>
    public void LabelValueTable(IReadOnlyList<(string Label, string Value)> rows, PdfStyle labelStyle, PdfStyle valueStyle)
    {
        if (rows.Count == 0) return;
        var encoded = rows.Select(r => (Label: WinAnsi.Encode(r.Label, out _), Value: WinAnsi.Encode(r.Value, out _))).ToList();
        var labelWidth = Math.Min(ContentWidth * 0.32, encoded.Max(r => PdfFontMetrics.Measure(r.Label, labelStyle.Font, labelStyle.Size)) + 12);
        foreach (var (label, value) in encoded)
            Row([Wrap(label, labelStyle, labelWidth - 6), Wrap(value, valueStyle, ContentWidth - labelWidth)], [labelWidth, ContentWidth - labelWidth], [labelStyle, valueStyle], 0);
    }

    /// <summary>
    /// A table with a header row and columns as fractions of the content width (equal when not given); each cell is
    /// wrapped to its column, and the header row is repeated on a page the table continues on. The caption (in bold),
    /// the header row and the first row start on the same page.
    /// </summary>
    public void Table(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<double>? widths, PdfStyle headerStyle, PdfStyle cellStyle, string? caption = null)
    {
        if (headers.Count == 0) return;
        var total = widths is { } given && given.Count == headers.Count && given.All(x => x > 0) ? given.Sum() : 0;
        var w = total > 0 ? widths!.Select(x => x / total * ContentWidth).ToList() : headers.Select(_ => ContentWidth / headers.Count).ToList();
        const double padding = 6;
        List<string>[] Cells(IReadOnlyList<string> cells) =>
            w.Select((width, i) => Wrap(WinAnsi.Encode(i < cells.Count ? cells[i] : "", out _), cellStyle, width - padding)).ToArray();
        var headerCells = w.Select((width, i) => Wrap(WinAnsi.Encode(headers[i], out _), headerStyle, width - padding)).ToArray();
        var headerStyles = w.Select(_ => headerStyle).ToArray();
        var cellStyles = w.Select(_ => cellStyle).ToArray();
        void Header()
        {
            Row(headerCells, w, headerStyles, 3);
            var y = F(PageHeight - (_y - 1));
            _page.Append($"q 0.75 G 0.5 w {F(Margin)} {y} m {F(Margin + ContentWidth)} {y} l S Q\n");
            _y += 2;
        }
        var captionStyle = cellStyle with { Font = PdfFont.HelveticaBold, Size = Math.Max(cellStyle.Size, 10), Gray = 0 };
        var captionLines = caption is null ? [] : Wrap(WinAnsi.Encode(caption, out _), captionStyle, ContentWidth);
        var first = rows.Count > 0 ? Cells(rows[0]).Max(c => c.Count) * cellStyle.LineHeight : 0;
        Ensure(captionLines.Count * captionStyle.LineHeight + 2 + headerCells.Max(c => c.Count) * headerStyle.LineHeight + 5 + first);
        foreach (var line in captionLines)
        {
            Show(line, captionStyle, Margin, _y + captionStyle.Size);
            _y += captionStyle.LineHeight;
        }
        if (captionLines.Count > 0) _y += 2;
        Header();
        _repeatOnNewPage = Header;
        try
        {
            foreach (var r in rows) Row(Cells(r), w, cellStyles, 3);
        }
        finally
        {
            _repeatOnNewPage = null;
        }
    }

    /// <summary>One row of cells already wrapped: kept together when it fits on a page, else continued line by line.</summary>
    private void Row(IReadOnlyList<List<string>> cells, IReadOnlyList<double> widths, IReadOnlyList<PdfStyle> styles, double after)
    {
        var lineHeight = styles.Max(s => s.LineHeight);
        var count = cells.Max(c => c.Count);
        if (count * lineHeight <= Bottom - Margin) Ensure(count * lineHeight);
        for (var i = 0; i < count; i++)
        {
            Ensure(lineHeight);
            var x = Margin;
            for (var c = 0; c < cells.Count; c++)
            {
                if (i < cells[c].Count && cells[c][i].Length > 0) Show(cells[c][i], styles[c], x, _y + styles[c].Size);
                x += widths[c];
            }
            _y += lineHeight;
        }
        _y += after;
    }

    /// <summary>
    /// Greedy word wrap of encoded text (<see cref="WinAnsi.Encode"/>) to <paramref name="width"/> points: lines break
    /// at spaces and at '\n'; a word wider than the width is cut where it must be. Every line fits the width.
    /// </summary>
    public static List<string> Wrap(string codes, PdfStyle style, double width)
    {
        double Measure(string s) => PdfFontMetrics.Measure(s, style.Font, style.Size);
        var lines = new List<string>();
        foreach (var paragraph in codes.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (Measure(candidate) <= width)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0) lines.Add(line);
                var rest = word;
                while (Measure(rest) > width && rest.Length > 1)
                {
                    var cut = rest.Length - 1;
                    while (cut > 1 && Measure(rest[..cut]) > width) cut--;
                    lines.Add(rest[..cut]);
                    rest = rest[cut..];
                }
                line = rest;
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>The finished file: footers with page numbers, then the objects, the cross-reference table and the trailer.</summary>
    public byte[] ToArray()
    {
        var pages = _pages.Select(p => new StringBuilder(p.ToString())).ToList();
        for (var i = 0; i < pages.Count; i++)
        {
            var f = FooterStyle;
            var number = WinAnsi.Encode($"Page {i + 1} of {pages.Count}", out _);
            var baseline = Margin / 2 - 2; // below the bottom margin
            Show(pages[i], number, f, PageWidth - Margin - PdfFontMetrics.Measure(number, f.Font, f.Size), baseline);
            if (_replaced[i])
            {
                // The note sits just above the page number.
                var note = Wrap(WinAnsi.Encode(ReplacementNote, out _), f, ContentWidth);
                for (var k = 0; k < note.Count; k++)
                    Show(pages[i], note[k], f, Margin, baseline + (note.Count - k) * f.LineHeight);
            }
        }

        // Objects: 1 catalog, 2 page tree, 3 and 4 the fonts, 5 the document information, then each page and its content.
        var objects = new List<byte[]>();
        void Add(string body) => objects.Add(Encoding.Latin1.GetBytes(body));
        var kids = string.Join(" ", pages.Select((_, i) => $"{6 + 2 * i} 0 R"));
        Add("<< /Type /Catalog /Pages 2 0 R >>");
        Add($"<< /Type /Pages /Kids [{kids}] /Count {pages.Count} >>");
        Add($"<< /Type /Font /Subtype /Type1 /BaseFont /{PdfFontMetrics.BaseFont(PdfFont.Helvetica)} /Encoding /WinAnsiEncoding >>");
        Add($"<< /Type /Font /Subtype /Type1 /BaseFont /{PdfFontMetrics.BaseFont(PdfFont.HelveticaBold)} /Encoding /WinAnsiEncoding >>");
        Add($"<< /Title {TextString(_title)} /Producer (Proviso) /CreationDate ({Date(_created)}) >>");
        for (var i = 0; i < pages.Count; i++)
        {
            Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {F(PageWidth)} {F(PageHeight)}] /Resources << /ProcSet [/PDF /Text] /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {7 + 2 * i} 0 R >>");
            var content = Encoding.Latin1.GetBytes(pages[i].ToString());
            var stream = new MemoryStream();
            stream.Write(Encoding.Latin1.GetBytes($"<< /Length {content.Length} >>\nstream\n"));
            stream.Write(content);
            stream.Write("\nendstream"u8);
            objects.Add(stream.ToArray());
        }

        var file = new MemoryStream();
        // The second line's bytes above 127 mark the file as binary for transfer programs (PDF 1.4, 3.4.1).
        file.Write(Encoding.Latin1.GetBytes("%PDF-1.4\n%\u00E2\u00E3\u00CF\u00D3\n"));
        var offsets = new long[objects.Count];
        for (var i = 0; i < objects.Count; i++)
        {
            offsets[i] = file.Position;
            file.Write(Encoding.ASCII.GetBytes($"{i + 1} 0 obj\n"));
            file.Write(objects[i]);
            file.Write("\nendobj\n"u8);
        }
        var xref = file.Position;
        var sb = new StringBuilder();
        sb.Append($"xref\n0 {objects.Count + 1}\n");
        sb.Append("0000000000 65535 f\r\n"); // each entry is exactly 20 bytes
        foreach (var o in offsets) sb.Append(o.ToString("D10", CultureInfo.InvariantCulture)).Append(" 00000 n\r\n");
        sb.Append($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        file.Write(Encoding.ASCII.GetBytes(sb.ToString()));
        return file.ToArray();
    }

    private void NewPage()
    {
        _page = new StringBuilder();
        _pages.Add(_page);
        _replaced.Add(false);
        _y = Margin;
        _repeatOnNewPage?.Invoke();
    }

    /// <summary>A new page unless <paramref name="height"/> fits above the bottom margin (or the page is still empty).</summary>
    private void Ensure(double height)
    {
        if (_y + height > Bottom && _y > Margin) NewPage();
    }

    private void Show(string codes, PdfStyle style, double x, double baselineFromTop)
    {
        if (codes.Contains(WinAnsi.Replaced)) _replaced[^1] = true;
        Show(_page, codes, style, x, PageHeight - baselineFromTop);
    }

    /// <summary>One line of text at (x, y) in PDF coordinates (y up from the bottom edge), as a single Tj.</summary>
    private static void Show(StringBuilder page, string codes, PdfStyle style, double x, double y)
    {
        var font = style.Font == PdfFont.HelveticaBold ? "/F2" : "/F1";
        page.Append($"{F(style.Gray)} g BT {font} {F(style.Size)} Tf {F(x)} {F(y)} Td ").Append(Literal(codes)).Append(" Tj ET\n");
    }

    /// <summary>A literal string of WinAnsi codes: '(', ')' and '\' escaped, a replaced character as '?'.</summary>
    public static string Literal(string codes)
    {
        var sb = new StringBuilder(codes.Length + 2).Append('(');
        foreach (var c in codes)
        {
            if (c is '(' or ')' or '\\') sb.Append('\\').Append(c);
            else if (c == WinAnsi.Replaced) sb.Append('?');
            else if (c < ' ') sb.Append('\\').Append(Convert.ToString(c, 8).PadLeft(3, '0'));
            else sb.Append(c);
        }
        return sb.Append(')').ToString();
    }

    /// <summary>A text string for the document information: literal when ASCII, else UTF-16BE with a byte order mark.</summary>
    private static string TextString(string text)
    {
        if (text.All(c => c is >= ' ' and <= '~')) return Literal(text);
        var sb = new StringBuilder("<FEFF");
        foreach (var b in Encoding.BigEndianUnicode.GetBytes(text)) sb.Append(b.ToString("X2", CultureInfo.InvariantCulture));
        return sb.Append('>').ToString();
    }

    /// <summary>A PDF date: D:YYYYMMDDHHmmSS and the offset as +HH'mm' (Z for UTC).</summary>
    public static string Date(DateTimeOffset at)
    {
        var d = "D:" + at.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        if (at.Offset == TimeSpan.Zero) return d + "Z";
        var o = at.Offset.Duration();
        return d + (at.Offset < TimeSpan.Zero ? "-" : "+") + $"{o.Hours:D2}'{o.Minutes:D2}'";
    }

    /// <summary>A number for the content stream: at most two decimals, invariant culture.</summary>
    private static string F(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
