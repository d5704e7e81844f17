using System.Text.RegularExpressions;

namespace Proviso.Domain.Disclosure;

/// <summary>What the engine needs to know about EDGAR form types: which are exhibits, annual reports, late notices, ownership schedules and delisting forms.</summary>
public static partial class FormTypes
{
    /// <summary>"NT 20-F", "SC 13G/A", "6-K", "424B4", "8-A12B", "EX-99.1", "25-NSE": an EDGAR form type token.</summary>
    [GeneratedRegex(@"^(?:(?:NT|SC|DEF|PRE|DFAN|SCHEDULE) )?[A-Z0-9][A-Z0-9.]*(?:-[A-Z0-9.]+)*(?:/A)?$")]
    private static partial Regex FormPattern();

    public static bool IsFormType(string text) => FormPattern().IsMatch(text.Trim());

    public static string Normalise(string form) => string.Join(' ', form.Trim().ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public static bool IsExhibit(string form) => Normalise(form).StartsWith("EX-", StringComparison.Ordinal);

    /// <summary>Form 20-F (not an amendment): the annual report whose timeliness is measured.</summary>
    public static bool IsAnnualReport(string form) => Normalise(form) == "20-F";

    /// <summary>NT 20-F: the notification of late filing on Form 12b-25 for an annual report on Form 20-F.</summary>
    public static bool IsAnnualReportLateNotice(string form) => Normalise(form) == "NT 20-F";

    /// <summary>Schedules 13D and 13G and their amendments, under their old (SC 13D) and current (SCHEDULE 13D) EDGAR names.</summary>
    public static bool IsBeneficialOwnershipSchedule(string form) =>
        Normalise(form) is "SC 13D" or "SC 13D/A" or "SC 13G" or "SC 13G/A" or "SCHEDULE 13D" or "SCHEDULE 13D/A" or "SCHEDULE 13G" or "SCHEDULE 13G/A";

    /// <summary>Form 25 (an exchange's or issuer's notification of removal from listing and registration).</summary>
    public static bool IsForm25(string form) => Normalise(form) is "25" or "25-NSE" or "25/A" or "25-NSE/A";

    /// <summary>Form 15 (certification of termination of registration or suspension of the duty to file).</summary>
    public static bool IsForm15(string form) => Normalise(form) is "15-12B" or "15-12G" or "15-15D" or "15F-12B" or "15F-12G" or "15F-15D";

    /// <summary>The registration of a class on an exchange under Section 12(b) ("8-A12B").</summary>
    public static bool IsExchangeRegistration(string form) => Normalise(form) is "8-A12B";
}
