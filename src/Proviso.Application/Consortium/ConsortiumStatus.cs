using NodaTime;
using Proviso.Domain.Agreements.Consortium;
using Proviso.Domain.Time;

namespace Proviso.Application.Consortium;

/// <summary>
/// The consortium's status at a moment as plain data (stable JSON for the CLI and scenario reports, docs/consortium.md):
/// members and commitments, the Exclusivity Period, termination, open deadlines, approaches, consents and shareholding.
/// </summary>
public static class ConsortiumStatus
{
    /// <summary>The end of <paramref name="date"/> in the consortium's time zone: the moment an "as of" date is read at.</summary>
    public static Instant EndOf(ConsortiumState state, LocalDate date) => state.Zone.AtStartOfDay(date.PlusDays(1)).ToInstant() - Duration.Epsilon;

    /// <summary>The status at <paramref name="at"/>, with the register as of <paramref name="asOf"/> for the shareholding.</summary>
    public static object Data(ConsortiumView view, LocalDate asOf, Instant at)
    {
        var s = view.State;
        var zone = s.Zone;
        var exclusivity = ExclusivityPeriod.Of(s);
        var termination = ConsortiumTermination.At(s, at);
        var scheduled = ConsortiumTermination.Scheduled(s);
        var register = view.Timeline.AsOf(asOf);
        var holding = ConsortiumShareholding.Of(s, register, asOf, view.Agreement.Affiliate.Kinds, view.Agreement.Affiliate.Citation);
        var equity = TryEquity(s);
        return new
        {
            agreement = view.Agreement.Id,
            title = view.Agreement.Title,
            date = ConsortiumText.Date(s.AgreementDate),
            asOf = ConsortiumText.IsoMoment(at, zone),
            inForce = termination is null,
            termination = termination is null ? null : new { clause = termination.Clause, at = ConsortiumText.IsoMoment(termination.At, zone), citation = termination.Citation.ToString(), explanation = termination.Explanation },
            scheduledTermination = termination is null && scheduled is not null
                ? new { clause = scheduled.Clause, at = ConsortiumText.IsoMoment(scheduled.At, zone), citation = scheduled.Citation.ToString(), explanation = scheduled.Explanation }
                : null,
            exclusivity = new
            {
                startsAt = ConsortiumText.IsoMoment(exclusivity.StartsAt, zone),
                lastDay = ConsortiumText.Date(exclusivity.Scheduled.DueDate),
                endsAt = ConsortiumText.IsoMoment(exclusivity.EndsAt, zone),
                endedEarlyBy = exclusivity.EndedEarlyBy,
                within = exclusivity.Contains(at),
                explanation = exclusivity.Explanation,
            },
            definitiveAgreementExecutedAt = s.DefinitiveAgreementAt is { } da ? ConsortiumText.IsoMoment(da, zone) : null,
            closedAt = s.ClosedAt is { } c ? ConsortiumText.IsoMoment(c, zone) : null,
            members = s.Members.Select(m => new
            {
                id = m.Id,
                name = m.Name,
                role = m.Role,
                holder = m.HolderId,
                member = m.IsMemberAt(at),
                joinedAt = ConsortiumText.IsoMoment(m.JoinedAt, zone),
                ceasedAt = m.CeasedAt is { } x ? ConsortiumText.IsoMoment(x, zone) : null,
                ground = m.Ground,
                commitment = s.Commitments.TryGetValue(m.Id, out var cm) ? new { equity = cm.EquityCommitment?.ToInvariantString(), rolloverShares = cm.RolloverShares.Value } : null,
                committedEquity = equity?.For(m.Id) is { } line ? new { total = line.Total.ToDecimalString(2), share = line.Share.ToString(), percent = line.Share.ToPercentString(4) } : null,
                afterTermination = TerminationEffect.For(s, m, at) is { EndedAt: not null } after
                    ? new { how = after.How, survives = after.Survives.Select(p => $"{p.Reference} ({p.Title})").ToList(), liabilities = after.Liabilities }
                    : null,
                citation = m.Citation.ToString(),
            }).ToList(),
            pricePerShare = s.PricePerShare?.ToInvariantString(),
            openDeadlines = ConsortiumAgenda.OpenDeadlines(s, at).Select(d => d.ToData()).ToList(),
            approaches = CompetingApproachNotification.Duties(s, at).Select(d => new
            {
                id = d.Approach.Id,
                member = d.Approach.MemberId,
                from = d.Approach.From,
                receivedAt = ConsortiumText.IsoMoment(d.Approach.ReceivedAt, zone),
                status = d.Status,
                explanation = d.Explanation,
            }).ToList(),
            consents = s.Consents.Select(c => new { id = c.ConsentId, by = c.GivenBy, @for = c.ForMember, action = c.Action, written = c.InWriting, givenAt = ConsortiumText.IsoMoment(c.GivenAt, zone), reference = c.Reference }).ToList(),
            shareholding = Holding(holding),
        };
    }

    /// <summary>The status as lines for people.</summary>
    public static IReadOnlyList<string> Lines(ConsortiumView view, LocalDate asOf, Instant at)
    {
        var s = view.State;
        var zone = s.Zone;
        var lines = new List<string>();
        var termination = ConsortiumTermination.At(s, at);
        var exclusivity = ExclusivityPeriod.Of(s);
        lines.Add($"{view.Agreement.Title} ({view.Agreement.Id}) dated {ConsortiumText.Date(s.AgreementDate)}, as of {ConsortiumText.Moment(at, zone)}: {(termination is null ? "in force" : $"terminated under s.{termination.Clause}")}");
        if (termination is not null) lines.Add("  " + termination.Explanation);
        else if (ConsortiumTermination.Scheduled(s) is { } next) lines.Add("  " + next.Explanation);
        lines.Add("  " + exclusivity.Explanation);
        var equity = TryEquity(s);
        foreach (var m in s.Members)
        {
            var commitment = s.Commitments.TryGetValue(m.Id, out var c)
                ? $"; commits {c.EquityCommitment?.ToInvariantString() ?? "no cash"} and rolls over {c.RolloverShares} Company Shares"
                : "; no commitment recorded";
            var share = equity?.For(m.Id) is { } l && !equity.Total.IsZero ? $" ({l.Share.ToPercentString(4)} of committed equity)" : "";
            var status = m.IsMemberAt(at) ? "member" : m.CeasedAt is { } ceased && ceased <= at ? $"ceased {ConsortiumText.Moment(ceased, zone)} ({m.Ground})" : "not yet a member";
            lines.Add($"  {m.Id} ({m.Name}), {m.Role}: {status}{commitment}{share}");
        }

        foreach (var d in ConsortiumAgenda.OpenDeadlines(s, at)) lines.Add($"  open: {d.Name}: due {ConsortiumText.Date(d.DueDate)}, first moment after it {ConsortiumText.Moment(d.ExpiresAt, d.TimeZone)} ({d.Citation})");
        foreach (var d in CompetingApproachNotification.Duties(s, at)) lines.Add($"  approach {d.Approach.Id} to {d.Approach.MemberId}: {d.Status}: {d.Explanation}");
        var holding = ConsortiumShareholding.Of(s, view.Timeline.AsOf(asOf), asOf, view.Agreement.Affiliate.Kinds, view.Agreement.Affiliate.Citation);
        lines.Add($"  shareholding on {ConsortiumText.Date(asOf)}: {holding.CombinedShares.ToDecimalString(0)} of {holding.Outstanding.ToDecimalString(0)} Company Shares (as converted) = {holding.Percent}");
        foreach (var m in holding.Members) lines.Add($"    {m.MemberId}: {m.Note}");
        return lines;
    }

    /// <summary>The shareholding as plain data.</summary>
    public static object Holding(GroupShareholding h) => new
    {
        asOf = ConsortiumText.Date(h.AsOf),
        combinedShares = h.CombinedShares.ToString(),
        outstanding = h.Outstanding.ToString(),
        fraction = h.Fraction.ToString(),
        percent = h.Percent,
        countedHolders = h.CountedHolders,
        members = h.Members.Select(m => new
        {
            member = m.MemberId,
            holder = m.HolderId,
            countedHolders = m.CountedHolders,
            companyShares = m.CompanyShares.ToString(),
            holdings = m.Holdings.Select(x => new { holder = x.HolderId, @class = x.ClassId, shares = x.Shares.Value, companyShares = x.CompanyShares.ToString() }).ToList(),
            note = m.Note,
        }).ToList(),
        citation = h.Citation?.ToString(),
        interpretations = h.Interpretations,
    };

    private static CommittedEquityTable? TryEquity(ConsortiumState s)
    {
        try
        {
            return CommittedEquity.Compute(s, null);
        }
        catch (ArgumentException)
        {
            return null; // a rollover is recorded but no valuation yet: the status shows commitments without shares
        }
    }
}
