using NodaTime;
using Proviso.Application.Yaml;
using Proviso.Domain.Agreements;
using Proviso.Domain.Disclosure;

namespace Proviso.Application.Disclosure;

/// <summary>
/// Ownership facts and inputs in YAML. <c>adsPositions</c> (holdings recorded in ADSs) and <c>outstanding</c> (the
/// issuer's reported count, Rule 13d-1(j)) are facts, recorded in the ledger by <c>proviso filings import</c>;
/// <c>groups</c> (Rule 13d-5 groups) and <c>statuses</c> (each reporting person's Rule 13d-1 paragraph) are inputs to
/// <c>proviso ownership --groups FILE</c>, because the agreements that form groups are recorded elsewhere.
/// </summary>
public static class OwnershipFile
{
    public sealed record Parsed(IReadOnlyList<SourcedFact> Facts, IReadOnlyList<ReportingGroup> Groups, IReadOnlyDictionary<string, FilerStatus> Statuses);

    public static Parsed Load(string path) => Read(YamlDocument.Load(path));

    public static Parsed Parse(string file, string text) => Read(YamlDocument.Parse(file, text));

    private static Parsed Read(YamlDocument doc)
    {
        var root = doc.RootMap();
        root.AllowOnly("note", "adsPositions", "outstanding", "groups", "statuses");
        var facts = new List<SourcedFact>();
        var source = Path.GetFileName(doc.File);
        foreach (var n in root.Optional("adsPositions")?.AsList() ?? [])
        {
            var m = n.AsMap();
            m.AllowOnly("holder", "name", "class", "ads", "on", "source", "note");
            var e = new AdsPositionRecorded(m.String("holder"), m.OptionalString("name") ?? m.String("holder"), m.String("class"), m.Required("ads").AsShares(),
                m.OptionalString("source") ?? source) { EffectiveOn = m.Required("on").AsDate() };
            if (e.Ads.IsNegative) throw m.Required("ads").Error("expected a number of ADSs of zero or more");
            facts.Add(new SourcedFact(e, $"ads-position:{e.HolderId}:{e.ClassId}:{e.EffectiveOn:yyyy-MM-dd}:{e.Ads.Value}", n.Location));
        }

        foreach (var n in root.Optional("outstanding")?.AsList() ?? [])
        {
            var m = n.AsMap();
            m.AllowOnly("class", "shares", "on", "source", "note");
            var e = new ClassOutstandingReported(m.String("class"), m.Required("shares").AsShares(), m.String("source")) { EffectiveOn = m.Required("on").AsDate() };
            if (!e.Shares.IsPositive) throw m.Required("shares").Error("expected a positive number of shares outstanding");
            facts.Add(new SourcedFact(e, $"outstanding:{e.ClassId}:{e.EffectiveOn:yyyy-MM-dd}:{e.Shares.Value}", n.Location));
        }

        var groups = new List<ReportingGroup>();
        foreach (var n in root.Optional("groups")?.AsList() ?? [])
        {
            var m = n.AsMap();
            m.AllowOnly("id", "name", "members", "formedOn", "agreement", "section", "quote", "status", "note");
            var members = m.Required("members").AsList().Select(x => x.AsNonEmptyString()).ToList();
            if (members.Count < 2) throw m.Required("members").Error("a group under Rule 13d-5(b)(1) has two or more members");
            groups.Add(new ReportingGroup(m.String("id"), m.String("name"), members, m.Required("formedOn").AsDate(),
                new Citation(m.String("agreement"), m.String("section"), m.OptionalString("quote")),
                m.Optional("status")?.AsEnum<FilerStatus>() ?? FilerStatus.Schedule13D));
        }

        var statuses = new Dictionary<string, FilerStatus>(StringComparer.Ordinal);
        if (root.Optional("statuses") is { } s)
        {
            var map = s.AsMap();
            foreach (var key in map.Keys) statuses[key] = map.Required(key).AsEnum<FilerStatus>();
        }

        return new Parsed(facts, groups, statuses);
    }
}
