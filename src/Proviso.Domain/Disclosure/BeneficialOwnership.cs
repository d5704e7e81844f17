using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Views;
using Proviso.Domain.Time;

namespace Proviso.Domain.Disclosure;

/// <summary>How a reporting person is made up.</summary>
public enum ReportingPersonKind
{
    /// <summary>A holder, or a holder with the Affiliates it controls or is controlled by (counted once).</summary>
    AffiliateGroup,
    /// <summary>A holder of ADSs who is not on the register.</summary>
    AdsHolder,
    /// <summary>A group under Rule 13d-5(b)(1).</summary>
    Group,
}

/// <summary>One line of how a reporting person's amount is made up: "60,000,000 class-a held by cloopen-co".</summary>
public sealed record OwnershipLine(string HolderId, string What, Fraction Shares, bool Acquirable);

/// <summary>A reporting person's beneficial ownership of the class on a date: the amount, the denominator used for it, and the exact fraction.</summary>
public sealed record OwnershipRow(
    string Id,
    string Label,
    ReportingPersonKind Kind,
    IReadOnlyList<string> Members,
    Fraction Owned,
    Fraction Acquirable,
    Fraction Denominator,
    Fraction Percent,
    IReadOnlyList<OwnershipLine> Lines);

/// <summary>The beneficial ownership of one class on one date.</summary>
public sealed record OwnershipTable(LocalDate AsOf, string ClassId, ShareCount Outstanding, string OutstandingBasis, IReadOnlyList<OwnershipRow> Rows);

/// <summary>What the calculation reads besides the register: ADS positions, the issuer's reported outstanding count, and groups.</summary>
public sealed record OwnershipFacts(
    IReadOnlyList<AdsPositionRecorded> AdsPositions,
    ClassOutstandingReported? ReportedOutstanding,
    IReadOnlyList<ReportingGroup> Groups)
{
    public static OwnershipFacts None { get; } = new([], null, []);
}

/// <summary>
/// Beneficial ownership of a class under Rule 13d-3 on a date. Rule 13d-3(d)(1)(i): "A person shall be deemed to be the
/// beneficial owner of a security ... if that person has the right to acquire beneficial ownership of such security ...
/// within sixty days, including but not limited to any right to acquire: (A) Through the exercise of any option, warrant
/// or right; (B) Through the conversion of a security". Such securities "shall be deemed to be outstanding for the
/// purpose of computing the percentage of outstanding securities of the class owned by such person but shall not be
/// deemed to be outstanding for the purpose of computing the percentage of the class by any other person."
/// Rule 13d-1(j): the percentage may be computed from the outstanding number in the issuer's most recent report.
/// </summary>
/// <remarks>
/// Interpretation: the class is the registered class (for Cloopen, Class A ordinary shares); an ADS counts as the shares
/// it represents at the ratio in force on the date. Preferred shares convertible into the class count at the
/// conversion ratio in force on the date (the register models conversion at the holder's option at any time); a
/// warrant or option counts if it is exercisable on some day from the date to the sixtieth day after it, and if it is
/// over a preferred series, as converted. A holder is counted once, with the Affiliates linked to it by control
/// (<see cref="AffiliateGroups"/>): "controls, is controlled by or is under common control with". The denominator is the
/// issuer's latest reported number of outstanding shares of the class (Rule 13d-1(j)) when one is recorded on or
/// before the date, otherwise the register's outstanding shares of the class; ADS positions are part of the outstanding
/// shares (deposited shares) and are not added to it. A Rule 13d-5 group owns what every member and every holder a
/// member controls owns, from the date the group was formed.
/// </remarks>
public static class BeneficialOwnership
{
    public static readonly Citation Rule = new("exchange-act", "Rule 13d-3(d)(1)(i)",
        "the right to acquire beneficial ownership of such security ... within sixty days");

    public static readonly Citation OutstandingRule = new("exchange-act", "Rule 13d-1(j)",
        "may rely upon information set forth in the issuer's most recent quarterly or annual report, and any current report subsequent thereto");

    public const int WindowDays = 60;

    public static OwnershipTable Compute(Register.Register register, LocalDate asOf, string classId, OwnershipFacts facts)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(facts);
        var registerOutstanding = register.Outstanding(classId);
        var (outstanding, basis) = facts.ReportedOutstanding is { } rep && rep.ClassId == classId && rep.EffectiveOn <= asOf
            ? (rep.Shares, $"reported by the issuer as of {TimeText.Date(rep.EffectiveOn)} ({rep.Source}; Rule 13d-1(j))")
            : (registerOutstanding, $"issued and outstanding on the register on {TimeText.Date(asOf)}");

        var linesByHolder = new Dictionary<string, List<OwnershipLine>>(StringComparer.Ordinal);
        void Add(OwnershipLine line)
        {
            if (!linesByHolder.TryGetValue(line.HolderId, out var list)) linesByHolder[line.HolderId] = list = new();
            list.Add(line);
        }

        foreach (var h in register.Holdings())
        {
            if (h.ClassId == classId)
            {
                Add(new OwnershipLine(h.HolderId, $"{h.Shares} {classId} held", h.Shares, false));
            }
            else if (register.Classes.TryGetValue(h.ClassId, out var cls) && cls.ConvertsInto == classId && cls.RatioOn(asOf) is { } ratio)
            {
                Add(new OwnershipLine(h.HolderId, $"{Amount(h.Shares * ratio)} {classId} on conversion of {h.Shares} {h.ClassId} at {ratio}", h.Shares * ratio, true));
            }
        }

        var windowEnd = asOf.PlusDays(WindowDays);
        foreach (var ins in register.Instruments.Values)
        {
            if (!ins.Outstanding.IsPositive) continue;
            if (ins.ExercisableFrom is { } from && from > windowEnd) continue;
            if (ins.ExpiresOn is { } exp && exp < asOf) continue;
            Fraction? perUnit = ins.ClassId == classId ? Fraction.One
                : register.Classes.TryGetValue(ins.ClassId, out var c) && c.ConvertsInto == classId ? c.RatioOn(asOf) : null;
            if (perUnit is not { } p) continue;
            var shares = ins.Outstanding * p;
            var via = ins.ClassId == classId ? "" : $" (as converted at {p})";
            Add(new OwnershipLine(ins.HolderId, $"{Amount(shares)} {classId} on exercise of {ins.Kind.ToString().ToLowerInvariant()} {ins.Id} for {ins.Outstanding} {ins.ClassId}{via}", shares, true));
        }

        var perAds = register.SharesPerAdsOn(classId, asOf);
        var adsNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pos in facts.AdsPositions.Where(a => a.ClassId == classId && a.EffectiveOn <= asOf)
                     .GroupBy(a => a.HolderId).Select(g => g.OrderBy(a => a.EffectiveOn).Last()))
        {
            adsNames[pos.HolderId] = pos.HolderName;
            if (!pos.Ads.IsPositive) continue;
            if (perAds is not { } ratio)
                throw new InvalidOperationException($"{pos.HolderName} holds ADSs over {classId} on {TimeText.Date(asOf)} but the register has no ADS programme over it then.");
            var shares = pos.Ads * ratio.Value;
            Add(new OwnershipLine(pos.HolderId, $"{shares} {classId} represented by {pos.Ads} ADSs at {ratio} per ADS (position of {TimeText.Date(pos.EffectiveOn)})", shares, false));
        }

        var affiliates = AffiliateGroups.Build(register, asOf);
        var rows = new List<OwnershipRow>();
        var persons = new SortedDictionary<string, (string Label, ReportingPersonKind Kind, List<string> Members)>(StringComparer.Ordinal);
        foreach (var holderId in linesByHolder.Keys)
        {
            if (register.Holders.ContainsKey(holderId))
            {
                var g = affiliates.GroupOf(holderId);
                if (!persons.ContainsKey(g))
                    persons[g] = (register.Holders.TryGetValue(g, out var lead) ? lead.Name : g, ReportingPersonKind.AffiliateGroup, affiliates.MembersOf(g).ToList());
            }
            else
            {
                persons[holderId] = (adsNames.GetValueOrDefault(holderId, holderId), ReportingPersonKind.AdsHolder, [holderId]);
            }
        }

        foreach (var group in facts.Groups.Where(g => g.FormedOn <= asOf))
        {
            var members = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var m in group.Members)
            {
                members.Add(m);
                foreach (var controlled in Controlled(register, m, asOf)) members.Add(controlled);
            }

            persons[group.Id] = (group.Name, ReportingPersonKind.Group, members.ToList());
        }

        foreach (var (id, (label, kind, members)) in persons)
        {
            var lines = members.SelectMany(m => linesByHolder.GetValueOrDefault(m) ?? []).ToList();
            var owned = Fraction.Sum(lines.Select(l => l.Shares));
            if (owned.IsZero) continue;
            var acquirable = Fraction.Sum(lines.Where(l => l.Acquirable).Select(l => l.Shares));
            var denominator = outstanding.ToFraction() + acquirable;
            var percent = denominator.IsZero ? Fraction.Zero : owned / denominator;
            rows.Add(new OwnershipRow(id, label, kind, members, owned, acquirable, denominator, percent, lines));
        }

        return new OwnershipTable(asOf, classId, outstanding, basis,
            rows.OrderByDescending(r => r.Percent).ThenBy(r => r.Id, StringComparer.Ordinal).ToList());
    }

    /// <summary>Holders <paramref name="holderId"/> controls on <paramref name="date"/>, directly or through others (Controls and Holding Company links, followed downwards).</summary>
    public static IReadOnlyList<string> Controlled(Register.Register register, string holderId, LocalDate date)
    {
        var found = new List<string>();
        var queue = new Queue<string>([holderId]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { holderId };
        while (queue.Count > 0)
        {
            var from = queue.Dequeue();
            foreach (var l in register.Links)
            {
                if (l.FromId != from || !l.IsActiveOn(date) || !AffiliateGroups.ControlOnly.Contains(l.Kind) || !seen.Add(l.ToId)) continue;
                found.Add(l.ToId);
                queue.Enqueue(l.ToId);
            }
        }

        return found;
    }

    /// <summary>A share amount for people: "16,000,000", or "1,234.5 (2469/2)" when not whole.</summary>
    public static string Amount(Fraction f) => f.IsInteger ? new ShareCount((long)f.Numerator).ToString() : $"{f.ToDecimalString(4)} ({f})";
}
