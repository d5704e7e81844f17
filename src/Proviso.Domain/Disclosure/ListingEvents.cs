using System.Text.RegularExpressions;
using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Time;

namespace Proviso.Domain.Disclosure;

public enum ListingEventKind
{
    /// <summary>A class was registered on an exchange under Section 12(b) (Form 8-A12B).</summary>
    ExchangeRegistration,
    /// <summary>The ADS ratio took effect or changed (from the register's depositary facts).</summary>
    AdsRatio,
    /// <summary>The exchange suspended trading and began delisting proceedings (as the issuer announced it).</summary>
    TradingSuspended,
    /// <summary>The exchange made its final delisting determination (as the issuer announced it).</summary>
    DelistingDetermination,
    /// <summary>A Form 25 notification of removal from listing and registration was filed.</summary>
    Form25Filed,
    /// <summary>The delisting took effect: 10 days after the Form 25 (Rule 12d2-2(d)(1)).</summary>
    DelistingEffective,
    /// <summary>The Section 12(b) registration ended: 90 days after the Form 25 (Rule 12d2-2(d)(2)).</summary>
    Section12bRegistrationEnds,
    /// <summary>A Form 15 was filed (termination of registration, or suspension of the duty to file).</summary>
    Form15Filed,
}

/// <summary>A listing fact on the timeline, with the record it comes from and the rule that gives it its effect.</summary>
public sealed record ListingEvent(LocalDate On, ListingEventKind Kind, string Description, string Source, long? Sequence, Citation? Rule);

/// <summary>
/// The listing history read from the filing record and the register: registration on the exchange, ADS ratio changes,
/// suspension, delisting determination, Form 25 and its effects, Form 15. Exchange Act Rule 12d2-2(d)(1): "An
/// application on Form 25 to strike a class of securities from listing on a national securities exchange will be
/// effective 10 days after Form 25 is filed"; Rule 12d2-2(d)(2): "the withdrawal of registration ... under section
/// 12(b) ... shall be effective 90 days, or such shorter period as the Commission may determine, after the filing of
/// the application on Form 25".
/// </summary>
/// <remarks>
/// Interpretation: the suspension and the final delisting determination are dated by the issuer's announcement (the
/// Form 6-K or its exhibit), the only date the record gives. A Form 25 appears either as a form of its own or as an
/// exhibit headed "NOTIFICATION OF THE REMOVAL FROM LISTING AND REGISTRATION"; the date the exchange names for the
/// removal is reported beside the date Rule 12d2-2(d)(1) gives, because they can differ. The periods of Rule 12d2-2(d)
/// are calendar days and are not moved by Rule 0-3 (they are effective dates, not last days for a filing).
/// </remarks>
public static partial class ListingEvents
{
    public static readonly Citation DelistingEffectiveRule = new("exchange-act", "Rule 12d2-2(d)(1)", "will be effective 10 days after Form 25 is filed");
    public static readonly Citation RegistrationEndsRule = new("exchange-act", "Rule 12d2-2(d)(2)", "shall be effective 90 days ... after the filing of the application on Form 25");
    public static readonly Citation Form15Rule = new("exchange-act", "Rule 12g-4 / Rule 12h-3", "certification on Form 15");
    public static readonly Citation Section12b = new("exchange-act", "Section 12(b)", "registration of a security on a national securities exchange");

    [GeneratedRegex(@"on ([A-Z][a-z]+ \d{1,2}, \d{4}), pursuant to the provisions of Rule 12d2-2")]
    private static partial Regex StatedRemovalDate();

    public static IReadOnlyList<ListingEvent> From(FilingRecord record, Register.Register register, string? adsClassId)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(register);
        var events = new List<ListingEvent>();
        foreach (var f in record.Filings)
        {
            var texts = new List<(string Form, string? Title, string? Excerpt)> { (f.Form, f.Filing.Title, f.Filing.Excerpt) };
            texts.AddRange(f.Filing.Exhibits.Select(e => (e.Type, e.Title, e.Excerpt)));
            if (FormTypes.IsExchangeRegistration(f.Form))
                events.Add(new(f.FilingDate, ListingEventKind.ExchangeRegistration, "Form 8-A12B: the class is registered on the exchange under Section 12(b)", Describe(f), f.Sequence, Section12b));
            if (FormTypes.IsForm15(f.Form))
                events.Add(new(f.FilingDate, ListingEventKind.Form15Filed, $"Form {f.Form}: certification of termination of registration or suspension of the duty to file reports", Describe(f), f.Sequence, Form15Rule));

            foreach (var (form, title, excerpt) in texts)
            {
                var text = (title ?? "") + " " + (excerpt ?? "");
                if (text.Contains("Suspend Trading and Commence Delisting", StringComparison.OrdinalIgnoreCase))
                    events.Add(new(f.FilingDate, ListingEventKind.TradingSuspended, "The exchange suspends trading and commences delisting proceedings (announced)", Describe(f, form, title), f.Sequence, null));
                else if (text.Contains("Final Delisting Determination", StringComparison.OrdinalIgnoreCase))
                    events.Add(new(f.FilingDate, ListingEventKind.DelistingDetermination, "The exchange's final delisting determination (announced)", Describe(f, form, title), f.Sequence, null));

                if (FormTypes.IsForm25(form) || text.Contains("NOTIFICATION OF THE REMOVAL FROM LISTING AND REGISTRATION", StringComparison.OrdinalIgnoreCase))
                {
                    var stated = StatedRemovalDate().Match(text);
                    var statedText = stated.Success ? $"; the exchange names {stated.Groups[1].Value} for the removal" : "";
                    events.Add(new(f.FilingDate, ListingEventKind.Form25Filed, $"Form 25: notification of removal from listing and registration{statedText}", Describe(f, form, title), f.Sequence, null));
                    events.Add(new(f.FilingDate.PlusDays(10), ListingEventKind.DelistingEffective, $"Delisting effective, 10 days after the Form 25 of {TimeText.Date(f.FilingDate)}", Describe(f, form, title), f.Sequence, DelistingEffectiveRule));
                    events.Add(new(f.FilingDate.PlusDays(90), ListingEventKind.Section12bRegistrationEnds, $"Section 12(b) registration ends, 90 days after the Form 25 of {TimeText.Date(f.FilingDate)} (duties under Section 15(d) may continue)", Describe(f, form, title), f.Sequence, RegistrationEndsRule));
                }
            }
        }

        if (adsClassId is not null)
        {
            var history = register.AdsRatioHistory(adsClassId);
            for (var i = 0; i < history.Count; i++)
            {
                var (from, perAds, depositary) = history[i];
                var what = i == 0
                    ? $"ADS programme over {adsClassId}: one ADS represents {perAds} shares ({depositary})"
                    : $"ADS ratio changes from {history[i - 1].SharesPerAds} to {perAds} {adsClassId} shares per ADS";
                events.Add(new(from, ListingEventKind.AdsRatio, what, "register", null, null));
            }
        }

        return events.OrderBy(e => e.On).ThenBy(e => e.Kind).ToList();
    }

    private static string Describe(RecordedFiling f, string? form = null, string? title = null)
    {
        var which = form is null || form == f.Form ? f.Form : $"{form} to {f.Form}";
        var name = title ?? f.Filing.Title;
        return $"{which} filed {TimeText.Date(f.FilingDate)} (ledger #{f.Sequence})" + (string.IsNullOrWhiteSpace(name) ? "" : $": {name}");
    }
}
