namespace Proviso.Server.Notices;

/// <summary>The two standard Type 1 fonts the notices' PDFs use (not embedded; every PDF viewer has them).</summary>
public enum PdfFont
{
    Helvetica,
    HelveticaBold,
}

/// <summary>
/// Advance widths of Helvetica and Helvetica-Bold for the WinAnsiEncoding character codes 32 to 255, in 1/1000 em.
/// </summary>
/// <remarks>
/// Source: Adobe's Core14 AFM metrics (Helvetica.afm and Helvetica-Bold.afm, Adobe Core14_AFMs, "Version 002.000",
/// Copyright (c) 1985, 1987, 1989, 1990, 1997 Adobe Systems Incorporated; the WX values), indexed by the glyph each
/// WinAnsiEncoding code names (PDF Reference, 1.4, Appendix D). The codes WinAnsiEncoding leaves unused (127, 129, 141,
/// 143, 144, 157) are shown by viewers as a bullet, so they carry the bullet's width (350); the writer never emits them.
/// Code 160 (no-break space) is the space glyph, code 173 (soft hyphen) the hyphen glyph.
/// </remarks>
public static class PdfFontMetrics
{
    /// <summary>The first code in the tables.</summary>
    public const int FirstCode = 32;

    private static readonly short[] HelveticaWidths =
    [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  // 0x20
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  // 0x30
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  // 0x40
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  // 0x50
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  // 0x60
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 350,  // 0x70
        556, 350, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350,  // 0x80
        350, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 350, 500, 667,  // 0x90
        278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333,  // 0xa0
        400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,  // 0xb0
        667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,  // 0xc0
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,  // 0xd0
        556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,  // 0xe0
        556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,  // 0xf0
    ];

    private static readonly short[] HelveticaBoldWidths =
    [
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,  // 0x20
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,  // 0x30
        975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,  // 0x40
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,  // 0x50
        333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,  // 0x60
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 350,  // 0x70
        556, 350, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350,  // 0x80
        350, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 350, 500, 667,  // 0x90
        278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333,  // 0xa0
        400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,  // 0xb0
        722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,  // 0xc0
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,  // 0xd0
        556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,  // 0xe0
        611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,  // 0xf0
    ];

    /// <summary>The PDF name of a font (its /BaseFont).</summary>
    public static string BaseFont(PdfFont font) => font == PdfFont.HelveticaBold ? "Helvetica-Bold" : "Helvetica";

    /// <summary>The width, in 1/1000 em, of one WinAnsi character code (a char from 0 to 255); codes below 32 have none.</summary>
    public static int Width(PdfFont font, char code)
    {
        if (code < FirstCode || code > 255) return 0;
        return (font == PdfFont.HelveticaBold ? HelveticaBoldWidths : HelveticaWidths)[code - FirstCode];
    }

    /// <summary>
    /// The width in points of text already in WinAnsi codes (each char a code from 0 to 255, as
    /// <see cref="WinAnsi.Encode"/> returns it) set in <paramref name="font"/> at <paramref name="size"/> points.
    /// </summary>
    public static double Measure(string codes, PdfFont font, double size)
    {
        var units = 0L;
        foreach (var c in codes) units += Width(font, c == WinAnsi.Replaced ? '?' : c);
        return units * size / 1000.0;
    }
}
