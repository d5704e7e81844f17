using NodaTime;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>Where a member's duty to notify an approach stands.</summary>
public enum NotificationStatus
{
    /// <summary>Notified within the horizon.</summary>
    NotifiedPromptly,

    /// <summary>Notified, but after the horizon.</summary>
    NotifiedLate,

    /// <summary>Not yet notified, and the horizon has not passed.</summary>
    Due,

    /// <summary>Not yet notified, and the horizon has passed.</summary>
    Overdue,

    /// <summary>Received outside the Exclusivity Period: s.1.05(c) does not apply.</summary>
    NotRequired,
}

/// <summary>The duty to notify one approach, its deadline and its status at a moment.</summary>
public sealed record ApproachDuty(CompetingApproach Approach, Deadline Horizon, NotificationStatus Status, string Explanation);

/// <summary>
/// The duty to notify an approach. s.1.05(c): "Within the Exclusivity Period, each Consortium Member shall … (ii) promptly
/// notify the other Consortium Members if it or, to its knowledge, any of its Representatives receives any approach or
/// communication with respect to any Competing Proposal, including in such notice the identity of the other persons
/// involved and the nature and content of the approach or communication, and provide the other Consortium Members with
/// copies of any written communication."
/// </summary>
/// <remarks>
/// Interpretation: "promptly" sets no fixed period. The duty arises at receipt; the engine reports it as due at once and
/// as overdue once the terms' stated horizon (a policy of the terms file, e.g. one Business Day after the day of receipt)
/// has passed. A notice after the horizon is reported as late, not as void. The duty applies to approaches received within
/// the Exclusivity Period.
/// </remarks>
public static class CompetingApproachNotification
{
    /// <summary>Each recorded approach's duty as at <paramref name="asOf"/>.</summary>
    public static IReadOnlyList<ApproachDuty> Duties(ConsortiumState state, Instant asOf)
    {
        ArgumentNullException.ThrowIfNull(state);
        var t = state.Terms.ApproachNotification;
        var period = ExclusivityPeriod.Of(state);
        var list = new List<ApproachDuty>();
        foreach (var a in state.Approaches)
        {
            var horizon = Deadline.Compute($"Notify the other members of the approach {a.Id} ({a.MemberId})", t.Citation,
                new Trigger($"receipt of the approach from {a.From} by {a.MemberId}", state.DateOf(a.ReceivedAt)), t.Horizon, state.Calendar, state.Zone);
            NotificationStatus status;
            string why;
            if (!period.Contains(a.ReceivedAt))
            {
                status = NotificationStatus.NotRequired;
                why = $"received at {ConsortiumText.Moment(a.ReceivedAt, state.Zone)}, outside the Exclusivity Period, so s.1.05(c) does not require notice";
            }
            else if (a.NotifiedAt is { } n && n <= asOf)
            {
                status = horizon.IsInTime(n) ? NotificationStatus.NotifiedPromptly : NotificationStatus.NotifiedLate;
                why = $"notified at {ConsortiumText.Moment(n, state.Zone)}, {(status == NotificationStatus.NotifiedPromptly ? "within" : "after")} the horizon for \"promptly\" ({t.HorizonBasis}){(a.CopiesProvided ? "" : "; copies of written communications were not recorded as provided")}";
            }
            else
            {
                status = horizon.IsInTime(asOf) ? NotificationStatus.Due : NotificationStatus.Overdue;
                why = status == NotificationStatus.Due
                    ? $"not yet notified: due promptly, at the latest by the horizon ({horizon.Explanation})"
                    : $"not notified and the horizon for \"promptly\" has passed ({horizon.Explanation})";
            }

            list.Add(new ApproachDuty(a, horizon, status, why));
        }

        return list;
    }
}
