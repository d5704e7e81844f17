using NodaTime;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>
/// The consortium's dated agenda: the end of the Exclusivity Period (s.10.01; the Agreement then terminates under
/// s.5.01(b)(i) unless the Definitive Agreement has been executed), the end of the confidentiality obligations
/// (s.6.02(d)), and each approach still to be notified (s.1.05(c)(ii)), as <see cref="Deadline"/> values.
/// </summary>
public static class ConsortiumAgenda
{
    /// <summary>The deadlines open at <paramref name="asOf"/>: not yet passed, or (for an approach) passed but the notice still not given; earliest first.</summary>
    public static IReadOnlyList<Deadline> OpenDeadlines(ConsortiumState state, Instant asOf)
    {
        ArgumentNullException.ThrowIfNull(state);
        var list = new List<Deadline>();
        var exclusivity = ExclusivityPeriod.Of(state);
        if (exclusivity.EndedEarlyBy is null && asOf < exclusivity.Scheduled.ExpiresAt && ConsortiumTermination.At(state, asOf) is null)
            list.Add(exclusivity.Scheduled);
        var confidentiality = ConfidentialityPeriod.Of(state);
        if (asOf < confidentiality.ExpiresAt) list.Add(confidentiality);
        foreach (var duty in CompetingApproachNotification.Duties(state, asOf))
            if (duty.Status is NotificationStatus.Due or NotificationStatus.Overdue) list.Add(duty.Horizon);
        return list.OrderBy(d => d.ExpiresAt).ToList();
    }
}
