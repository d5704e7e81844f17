using NodaTime;
using Proviso.Domain.Agreements.Parties;
using Proviso.Domain.Agreements.Consent;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements;

/// <summary>
/// An agreement encoded as cited terms: its parties by role, named parties, definitions, consent groups and mechanisms.
/// Terms are data: a second agreement of the same family is a new terms file, not new code. Nothing here names a
/// company.
/// </summary>
public sealed record Agreement(
    string Id,
    string Title,
    LocalDate Date,
    string CompanyId,
    string? Source,
    IReadOnlyDictionary<string, Role> Roles,
    IReadOnlyDictionary<string, NamedParty> NamedParties,
    BusinessDayDefinition? BusinessDay,
    AffiliateDefinition Affiliate,
    IReadOnlyDictionary<string, ConsentGroup> Consents,
    IReadOnlyDictionary<string, MechanismTerms> Mechanisms)
{
    /// <summary>A citation of a section of this agreement.</summary>
    public Citation Cite(string section, string? quote = null) => new(Id, section, quote);

    public Role RoleNamed(string name) =>
        Roles.TryGetValue(name, out var r) ? r : throw new KeyNotFoundException($"agreement '{Id}' defines no role '{name}' (defined: {string.Join(", ", Roles.Keys)})");

    /// <summary>The holder id of a named party ("tencent"), or the argument itself if it is not a party name.</summary>
    public string HolderOf(string partyOrHolder) => NamedParties.TryGetValue(partyOrHolder, out var p) ? p.HolderId : partyOrHolder;

    public T? Mechanism<T>(string key) where T : MechanismTerms => Mechanisms.TryGetValue(key, out var m) ? m as T : null;

    public ConsentGroup ConsentGroup(string id) =>
        Consents.TryGetValue(id, out var g) ? g : throw new KeyNotFoundException($"agreement '{Id}' defines no consent group '{id}' (defined: {string.Join(", ", Consents.Keys)})");
}

/// <summary>A party the agreement names ("Tencent" means Image Frame Investment (HK) Limited), with the clause that names it.</summary>
public sealed record NamedParty(string Name, string HolderId, Citation Citation);

/// <summary>The parameters of one mechanism (first refusal, co-sale, drag-along, the consortium's rules…), each with its citation.</summary>
public abstract record MechanismTerms(Citation Citation);
