using Proviso.Domain.Agreements;

namespace Proviso.Server.Notices;

/// <summary>
/// A notice as a document, independent of its format: who gives it to whom, under which clause, what it says, and when
/// each addressee is deemed to receive it and why. <see cref="NoticeHtml"/> and <see cref="NoticePdf"/> render it.
/// </summary>
public sealed record NoticeDocument(
    string Kind,
    string Title,
    string CompanyName,
    string Reference,
    string Date,
    string From,
    IReadOnlyList<string> To,
    IReadOnlyList<NoticeBlock> Blocks,
    IReadOnlyList<NoticeReceiptLine> Receipts,
    string ReceiptsCaption,
    IReadOnlyList<Citation> Citations)
{
    /// <summary>A file name for downloads: "transfer-notice-t1".</summary>
    public string FileName { get; init; } = "notice";
}

/// <summary>A part of a notice's body.</summary>
public abstract record NoticeBlock;

/// <summary>A paragraph, with the clause it rests on.</summary>
public sealed record NoticeParagraph(string Text, Citation? Citation = null) : NoticeBlock;

/// <summary>A subheading.</summary>
public sealed record NoticeHeading(string Text) : NoticeBlock;

/// <summary>Label and value pairs (the offer's particulars).</summary>
public sealed record NoticeFacts(IReadOnlyList<(string Label, string Value)> Items) : NoticeBlock;

/// <summary>A table with a caption; the first column names the row.</summary>
public sealed record NoticeTable(string Caption, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<float>? Widths = null) : NoticeBlock;

/// <summary>When one addressee is (or would be) deemed to receive the notice, and why.</summary>
public sealed record NoticeReceiptLine(string Recipient, string Channel, string Sent, string DeemedReceived, string Why, Citation? Citation, string? Then = null);
