using NodaTime;
using Proviso.Application.Yaml;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;

namespace Proviso.Application.Import;

/// <summary>A register command read from a file, with where it came from (for error messages).</summary>
public sealed record SourcedCommand(RegisterCommand Command, InputLocation Source);

/// <summary>
/// Reads a company directory: <c>company.yaml</c> (the company) and <c>register.yaml</c> (classes, parties, links,
/// holdings, instruments, legends and dated corporate actions) into register commands, in the order they must be
/// decided. The format is documented in docs/register-format.md.
/// </summary>
public static class RegisterFile
{
    public sealed record Loaded(string CompanyId, string CompanyName, IReadOnlyList<SourcedCommand> Commands, IReadOnlyList<Ledgers.RecordAgreementTerms> Terms);

    public static Loaded LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory)) throw new InputException(null, $"{directory}: directory not found (expected a company directory with company.yaml and register.yaml)");
        var companyPath = Path.Combine(directory, "company.yaml");
        var registerPath = Path.Combine(directory, "register.yaml");
        var company = YamlDocument.Load(companyPath);
        var commands = new List<SourcedCommand>();
        var (companyId, companyName, opened) = ReadCompany(company, commands);
        if (File.Exists(registerPath)) ReadRegister(YamlDocument.Load(registerPath), opened, commands);
        var terms = new List<Ledgers.RecordAgreementTerms>();
        var termsDir = Path.Combine(directory, "terms");
        if (Directory.Exists(termsDir))
            foreach (var file in Directory.GetFiles(termsDir, "*.yaml").Order(StringComparer.Ordinal))
            {
                var text = File.ReadAllText(file);
                var agreement = Terms.TermsLoader.Parse(file, text);
                terms.Add(new Ledgers.RecordAgreementTerms(file, text, agreement.Date < opened ? opened : agreement.Date));
            }
        return new Loaded(companyId, companyName, commands, terms);
    }

    private static (string Id, string Name, LocalDate Opened) ReadCompany(YamlDocument doc, List<SourcedCommand> commands)
    {
        var root = doc.RootMap();
        root.AllowOnly("company");
        var c = root.Required("company").AsMap();
        c.AllowOnly("id", "name", "jurisdiction", "registeredOffice", "baseCurrency", "registerOpenedOn", "note");
        var id = c.String("id");
        if (!IsSlug(id)) throw c.Required("id").Error("expected an id of lower-case letters, digits and hyphens (e.g. 'cloopen')");
        var name = c.String("name");
        var opened = c.Required("registerOpenedOn").AsDate();
        var currency = c.OptionalString("baseCurrency") ?? "USD";
        if (!Currency.TryOf(currency, out _)) throw c.Required("baseCurrency").Error($"'{currency}' is not a supported ISO 4217 currency code");
        commands.Add(new SourcedCommand(new RegisterCompany(id, name, c.String("jurisdiction"), c.OptionalString("registeredOffice"), currency) { EffectiveOn = opened }, c.Location));
        return (id, name, opened);
    }

    private static void ReadRegister(YamlDocument doc, LocalDate opened, List<SourcedCommand> commands)
    {
        var root = doc.RootMap();
        root.AllowOnly("asOf", "note", "classes", "holders", "links", "holdings", "instruments", "legends", "stopTransfers", "corporateActions");
        var asOf = root.Optional("asOf")?.AsDate() ?? opened;

        LocalDate On(YamlMap m) => m.Optional("on")?.AsDate() ?? asOf;
        void Add(RegisterCommand cmd, YamlMap m) => commands.Add(new SourcedCommand(cmd, m.Location));

        foreach (var n in root.Optional("classes")?.AsList() ?? [])
        {
            var m = n.AsMap();
            m.AllowOnly("id", "name", "kind", "votesPerShare", "parValue", "convertsInto", "conversionRatio", "seniority", "on");
            var kind = m.Required("kind").AsEnum<ClassKind>();
            Add(new CreateShareClass(m.String("id"), m.String("name"), kind, m.Optional("votesPerShare")?.AsFraction(),
                m.Optional("parValue")?.AsMoney() ?? Money.Zero(Currency.USD), m.OptionalString("convertsInto"),
                m.Optional("conversionRatio")?.AsFraction(), m.Optional("seniority")?.AsInt() ?? 0) { EffectiveOn = On(m) }, m);
        }

        foreach (var n in root.Optional("holders")?.AsList() ?? [])
        {
            var m = n.AsMap();
            Add(ReadHolder(m, On(m)), m);
        }

        foreach (var n in root.Optional("links")?.AsList() ?? [])
        {
            var m = n.AsMap();
            m.AllowOnly("from", "to", "kind", "basis", "on");
            Add(new RecordControlLink(m.String("from"), m.String("to"), m.Required("kind").AsEnum<ControlKind>(), m.OptionalString("basis")) { EffectiveOn = On(m) }, m);
        }

        foreach (var n in root.Optional("holdings")?.AsList() ?? [])
        {
            var m = n.AsMap();
            m.AllowOnly("holder", "class", "shares", "consideration", "on");
            Add(new IssueShares(m.String("holder"), m.String("class"), m.Required("shares").AsShares(), m.Optional("consideration")?.AsMoney()) { EffectiveOn = On(m) }, m);
        }

        foreach (var n in root.Optional("instruments")?.AsList() ?? [])
        {
            var m = n.AsMap();
            m.AllowOnly("id", "kind", "holder", "class", "quantity", "exercisableFrom", "expiresOn", "exercisePrice", "on");
            Add(new IssueInstrument(m.String("id"), m.Required("kind").AsEnum<InstrumentKind>(), m.String("holder"), m.String("class"),
                m.Required("quantity").AsShares(), m.Optional("exercisableFrom")?.AsDate(), m.Optional("expiresOn")?.AsDate(),
                m.Optional("exercisePrice")?.AsMoney()) { EffectiveOn = On(m) }, m);
        }

        foreach (var n in root.Optional("legends")?.AsList() ?? [])
        {
            var m = n.AsMap();
            m.AllowOnly("holder", "class", "legend", "on");
            Add(new ApplyLegend(m.String("holder"), m.String("class"), m.String("legend")) { EffectiveOn = On(m) }, m);
        }

        foreach (var n in root.Optional("stopTransfers")?.AsList() ?? [])
        {
            var m = n.AsMap();
            m.AllowOnly("holder", "class", "note", "on");
            Add(new NoteStopTransfer(m.String("holder"), m.String("class"), m.String("note")) { EffectiveOn = On(m) }, m);
        }

        foreach (var n in root.Optional("corporateActions")?.AsList() ?? [])
            Add(ReadAction(n.AsMap()), n.AsMap());
    }

    /// <summary>One party entry (as in register.yaml's holders and the scenario step `holder:`).</summary>
    public static RegisterHolder ReadHolder(YamlMap m, LocalDate on)
    {
        m.AllowOnly("id", "name", "kind", "jurisdiction", "timeZone", "addresses", "businessHours", "note", "on");
        var addresses = new List<NoticeAddress>();
        foreach (var a in m.Optional("addresses")?.AsList() ?? [])
        {
            var am = a.AsMap();
            am.AllowOnly("channel", "address", "attention", "copy", "place");
            addresses.Add(new NoticeAddress(am.String("channel"), am.String("address"), am.OptionalString("attention"),
                am.Optional("copy")?.AsBool() ?? false, am.OptionalString("place")));
        }
        LocalTime? start = null, end = null;
        if (m.Optional("businessHours") is { } bh)
        {
            var bm = bh.AsMap();
            bm.AllowOnly("start", "end");
            start = bm.Required("start").AsTime();
            end = bm.Required("end").AsTime();
        }
        var id = m.String("id");
        if (!IsSlug(id)) throw m.Required("id").Error("expected an id of lower-case letters, digits and hyphens (e.g. 'tencent')");
    return new RegisterHolder(id, m.String("name"), m.Required("kind").AsEnum<HolderKind>(), m.OptionalString("jurisdiction"),
        m.OptionalString("timeZone") ?? "UTC", addresses, start, end, m.OptionalString("note")) { EffectiveOn = on };
    }

    /// <summary>One dated corporate action (`action: issue|transfer|…`), as in register.yaml's corporateActions and scenario steps.</summary>
    public static RegisterCommand ReadAction(YamlMap m)
    {
        var on = m.Required("on").AsDate();
        var action = m.String("action");
        switch (action)
        {
            case "issue":
                m.AllowOnly("action", "on", "holder", "class", "shares", "consideration", "note");
                return new IssueShares(m.String("holder"), m.String("class"), m.Required("shares").AsShares(), m.Optional("consideration")?.AsMoney()) { EffectiveOn = on };
            case "transfer":
                m.AllowOnly("action", "on", "from", "to", "class", "shares", "consideration", "reference", "authorisedBy", "note");
                return new TransferShares(m.String("from"), m.String("to"), m.String("class"), m.Required("shares").AsShares(),
                    m.Optional("consideration")?.AsMoney(), m.OptionalString("reference"), m.OptionalString("authorisedBy")) { EffectiveOn = on };
            case "convert":
                m.AllowOnly("action", "on", "holder", "class", "shares", "note");
                return new ConvertShares(m.String("holder"), m.String("class"), m.Required("shares").AsShares()) { EffectiveOn = on };
            case "exercise":
                m.AllowOnly("action", "on", "instrument", "quantity", "note");
                return new ExerciseInstrument(m.String("instrument"), m.Required("quantity").AsShares()) { EffectiveOn = on };
            case "repurchase":
                m.AllowOnly("action", "on", "holder", "class", "shares", "price", "note");
                return new RepurchaseShares(m.String("holder"), m.String("class"), m.Required("shares").AsShares(), m.Optional("price")?.AsMoney()) { EffectiveOn = on };
            case "cancel":
                m.AllowOnly("action", "on", "holder", "class", "shares", "reason", "note");
                return new CancelShares(m.String("holder"), m.String("class"), m.Required("shares").AsShares(), m.String("reason")) { EffectiveOn = on };
            case "split":
                m.AllowOnly("action", "on", "class", "ratio", "note");
                return new SplitShares(m.String("class"), m.Required("ratio").AsFraction()) { EffectiveOn = on };
            case "conversion-ratio":
                m.AllowOnly("action", "on", "class", "ratio", "reason", "note");
                return new ChangeConversionRatio(m.String("class"), m.Required("ratio").AsFraction(), m.OptionalString("reason") ?? "") { EffectiveOn = on };
            case "depositary-programme":
                m.AllowOnly("action", "on", "class", "depositary", "sharesPerAds", "note");
                return new EstablishDepositaryProgram(m.String("class"), m.String("depositary"), m.Required("sharesPerAds").AsShares()) { EffectiveOn = on };
            case "ads-ratio":
                m.AllowOnly("action", "on", "class", "sharesPerAds", "reason", "note");
                return new ChangeAdsRatio(m.String("class"), m.Required("sharesPerAds").AsShares(), m.OptionalString("reason")) { EffectiveOn = on };
            default:
                throw m.Required("action").Error($"unknown action '{action}'; expected one of: issue, transfer, convert, exercise, repurchase, cancel, split, conversion-ratio, depositary-programme, ads-ratio");
        }
    }

    private static bool IsSlug(string s) => s.Length > 0 && s.All(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9' or '-') && s[0] != '-';
}
