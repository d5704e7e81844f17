using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register.Events;

namespace Proviso.Domain.Register;

/// <summary>
/// Decide for the register: checks a command against the register as of its effective date and answers with the
/// events to record or the rules that refuse it. It reads no clock and changes nothing. Rule ids are stable
/// ("register.insufficient-shares") so callers and tests can name the rule that refused a command.
/// </summary>
public static class RegisterDecider
{
    /// <summary>ROFR s.5: stop-transfer instructions "to ensure compliance with the terms of this Agreement".</summary>
    public static readonly Citation StopTransferCitation = new("register", "5", "the Company may issue appropriate \"stop transfer\" instructions to its transfer agent");

    public static Decision Decide(RegisterTimeline timeline, RegisterCommand command)
    {
        var latest = timeline.Latest;
        if (command is not RegisterCompany && latest.CompanyId is null)
            return Decision.Reject("register.company-not-registered", "The company must be registered before anything else is recorded.");
        if (command is RegisterCompany && latest.CompanyId is not null)
            return Decision.Reject("register.company-already-registered", $"Company '{latest.CompanyId}' is already registered.");
        if (latest.RegisteredOn is { } since && command.EffectiveOn < since)
            return Decision.Reject("register.before-company", $"The company's register starts on {since:yyyy-MM-dd}; {command.EffectiveOn:yyyy-MM-dd} is before it.");

        var backdated = latest.LastEffectiveOn is { } last && command.EffectiveOn < last;
        var asOf = backdated ? timeline.AsOf(command.EffectiveOn) : latest;

        Decision decision;
        try
        {
            decision = DecideOn(asOf, latest, command);
        }
        catch (OverflowException)
        {
            return Decision.Reject("register.overflow", "The quantities involved exceed what the register can hold (more than 9,223,372,036,854,775,807 shares).");
        }

        if (backdated && decision is Decision.Accepted accepted)
        {
            var problem = timeline.CheckInsertion(accepted.Events);
            if (problem is not null)
                return Decision.Reject("register.breaks-later-entries",
                    $"Dated {command.EffectiveOn:yyyy-MM-dd}, before entries already recorded up to {latest.LastEffectiveOn:yyyy-MM-dd}, this would make a later entry impossible: {problem}");
        }
        return decision;
    }

    private static Decision DecideOn(Register r, Register latest, RegisterCommand command)
    {
        var on = command.EffectiveOn;
        switch (command)
        {
            case RegisterCompany c:
                if (string.IsNullOrWhiteSpace(c.CompanyId) || string.IsNullOrWhiteSpace(c.Name))
                    return Decision.Reject("register.company-identity", "A company needs an id and a name.");
                if (!Currency.TryOf(c.BaseCurrency, out _))
                    return Decision.Reject("register.unknown-currency", $"'{c.BaseCurrency}' is not a supported ISO 4217 currency.");
                return Decision.Accept(new CompanyRegistered(c.CompanyId, c.Name, c.Jurisdiction, c.RegisteredOffice, c.BaseCurrency) { EffectiveOn = on });

            case CreateShareClass c:
            {
                if (latest.Classes.ContainsKey(c.ClassId)) return Decision.Reject("register.duplicate-class", $"Class '{c.ClassId}' already exists.");
                if (string.IsNullOrWhiteSpace(c.ClassId)) return Decision.Reject("register.class-identity", "A class needs an id.");
                if (c.VotesPerShare is { } v && v.Sign < 0) return Decision.Reject("register.votes-negative", "Votes per share cannot be negative.");
                if (c.ParValue.IsNegative) return Decision.Reject("register.par-negative", "Par value cannot be negative.");
                if (c.Kind == ClassKind.Preferred)
                {
                    if (c.ConvertsInto is null || !r.Classes.TryGetValue(c.ConvertsInto, out var target))
                        return Decision.Reject("register.unknown-class", $"Preferred series '{c.ClassId}' must convert into an existing ordinary class; '{c.ConvertsInto ?? "(none)"}' does not exist on {on:yyyy-MM-dd}.");
                    if (target.Kind != ClassKind.Ordinary)
                        return Decision.Reject("register.not-ordinary", $"'{target.Id}' is not an ordinary class.");
                    if (c.ConversionRatio is not { } ratio || ratio.Sign <= 0)
                        return Decision.Reject("register.invalid-ratio", $"Preferred series '{c.ClassId}' needs a positive conversion ratio.");
                }
                else if (c.VotesPerShare is null)
                {
                    return Decision.Reject("register.votes-required", $"Ordinary class '{c.ClassId}' needs its votes per share.");
                }
                return Decision.Accept(new ShareClassCreated(c.ClassId, c.Name, c.Kind, c.VotesPerShare, c.ParValue,
                    c.Kind == ClassKind.Preferred ? c.ConvertsInto : null, c.Kind == ClassKind.Preferred ? c.ConversionRatio : null, c.Seniority) { EffectiveOn = on });
            }

            case ChangeConversionRatio c:
            {
                if (ClassProblem(r, latest, c.ClassId, on) is { } problem) return problem;
                if (r.Classes[c.ClassId].Kind != ClassKind.Preferred) return Decision.Reject("register.not-convertible", $"'{c.ClassId}' is not a convertible series.");
                if (c.Ratio.Sign <= 0) return Decision.Reject("register.invalid-ratio", "A conversion ratio must be positive.");
                return Decision.Accept(new ConversionRatioChanged(c.ClassId, c.Ratio, c.Reason) { EffectiveOn = on });
            }

            case RegisterHolder h:
                if (string.IsNullOrWhiteSpace(h.HolderId) || string.IsNullOrWhiteSpace(h.Name))
                    return Decision.Reject("register.holder-identity", "A holder needs an id and a name.");
                if (latest.Holders.ContainsKey(h.HolderId)) return Decision.Reject("register.duplicate-holder", $"Holder '{h.HolderId}' already exists.");
                if (TimeZoneProblem(h.TimeZone) is { } tz) return tz;
                if (HoursProblem(h.BusinessHoursStart, h.BusinessHoursEnd) is { } hours) return hours;
                return Decision.Accept(new HolderRegistered(h.HolderId, h.Name, h.Kind, h.Jurisdiction, h.TimeZone, h.Addresses,
                    h.BusinessHoursStart, h.BusinessHoursEnd, h.Note) { EffectiveOn = on });

            case ChangeHolderNoticeDetails h:
                if (HolderProblem(r, latest, h.HolderId, on) is { } hp) return hp;
                if (TimeZoneProblem(h.TimeZone) is { } tz2) return tz2;
                if (HoursProblem(h.BusinessHoursStart, h.BusinessHoursEnd) is { } hours2) return hours2;
                return Decision.Accept(new HolderNoticeDetailsChanged(h.HolderId, h.TimeZone, h.Addresses, h.BusinessHoursStart, h.BusinessHoursEnd) { EffectiveOn = on });

            case RecordControlLink l:
                if (HolderProblem(r, latest, l.FromId, on) is { } fromProblem) return fromProblem;
                if (HolderProblem(r, latest, l.ToId, on) is { } toProblem) return toProblem;
                if (l.FromId == l.ToId) return Decision.Reject("register.self-link", "A party cannot be linked to itself.");
                if (r.Links.Any(x => x.FromId == l.FromId && x.ToId == l.ToId && x.Kind == l.Kind && x.IsActiveOn(on)))
                    return Decision.Reject("register.duplicate-link", $"'{l.FromId}' already has a {l.Kind} link to '{l.ToId}' on {on:yyyy-MM-dd}.");
                return Decision.Accept(new ControlLinkRecorded(l.FromId, l.ToId, l.Kind, l.Basis) { EffectiveOn = on });

            case EndControlLink l:
                if (!r.Links.Any(x => x.FromId == l.FromId && x.ToId == l.ToId && x.Kind == l.Kind && x.IsActiveOn(on)))
                    return Decision.Reject("register.unknown-link", $"There is no {l.Kind} link from '{l.FromId}' to '{l.ToId}' in force on {on:yyyy-MM-dd}.");
                return Decision.Accept(new ControlLinkEnded(l.FromId, l.ToId, l.Kind) { EffectiveOn = on });

            case IssueShares s:
            {
                if (HolderProblem(r, latest, s.HolderId, on) is { } hp2) return hp2;
                if (ClassProblem(r, latest, s.ClassId, on) is { } cp) return cp;
                if (QuantityProblem(s.Shares, "issue") is { } qp) return qp;
                _ = checked(r.SharesOf(s.HolderId, s.ClassId).Value + s.Shares.Value);
                _ = checked(latest.Outstanding(s.ClassId).Value + s.Shares.Value);
                return Decision.Accept(new SharesIssued(s.HolderId, s.ClassId, s.Shares, latest.NextCertificateId(s.ClassId), s.Consideration) { EffectiveOn = on });
            }

            case TransferShares t:
            {
                if (HolderProblem(r, latest, t.FromHolderId, on) is { } f) return f;
                if (HolderProblem(r, latest, t.ToHolderId, on) is { } to) return to;
                if (ClassProblem(r, latest, t.ClassId, on) is { } cp) return cp;
                if (QuantityProblem(t.Shares, "transfer") is { } qp) return qp;
                if (t.FromHolderId == t.ToHolderId) return Decision.Reject("register.same-holder", "A holder cannot transfer shares to itself.");
                if (SufficiencyProblem(r, t.FromHolderId, t.ClassId, t.Shares, on, "transfer") is { } sp) return sp;
                if (r.StopTransferOf(t.FromHolderId, t.ClassId) is { } note && t.AuthorisedBy is null)
                    return Decision.Reject("register.stop-transfer",
                        $"The {t.ClassId} shares of '{t.FromHolderId}' are under a stop-transfer instruction ({note}); record the transfer through the process that clears it, or name its authority.",
                        StopTransferCitation);
                var (portions, balance) = Select(r, t.FromHolderId, t.ClassId, t.Shares);
                var newId = latest.NextCertificateId(t.ClassId);
                return Decision.Accept(new SharesTransferred(t.FromHolderId, t.ToHolderId, t.ClassId, t.Shares, portions, newId,
                    balance.IsPositive ? latest.NextCertificateId(t.ClassId, 1) : null, t.Consideration, t.Reference ?? t.AuthorisedBy) { EffectiveOn = on });
            }

            case ConvertShares c:
            {
                if (HolderProblem(r, latest, c.HolderId, on) is { } hp3) return hp3;
                if (ClassProblem(r, latest, c.FromClassId, on) is { } cp) return cp;
                if (QuantityProblem(c.Shares, "convert") is { } qp) return qp;
                var cls = r.Classes[c.FromClassId];
                if (cls.Kind != ClassKind.Preferred || cls.ConvertsInto is null)
                    return Decision.Reject("register.not-convertible", $"'{c.FromClassId}' does not convert into another class.");
                if (SufficiencyProblem(r, c.HolderId, c.FromClassId, c.Shares, on, "convert") is { } sp) return sp;
                var ratio = cls.RatioOn(on) ?? Fraction.One;
                var exact = c.Shares.ToFraction() * ratio;
                var issued = new ShareCount((long)exact.Floor());
                if (!issued.IsPositive) return Decision.Reject("register.conversion-yields-nothing", $"Converting {c.Shares} at {ratio} gives less than one whole share.");
                _ = checked(latest.Outstanding(cls.ConvertsInto).Value + issued.Value);
                _ = checked(latest.SharesOf(c.HolderId, cls.ConvertsInto).Value + issued.Value);
                var (portions, balance) = Select(r, c.HolderId, c.FromClassId, c.Shares);
                var newId = latest.NextCertificateId(cls.ConvertsInto);
                return Decision.Accept(new SharesConverted(c.HolderId, c.FromClassId, cls.ConvertsInto, c.Shares, issued, ratio,
                    exact - issued.ToFraction(), portions, newId, balance.IsPositive ? latest.NextCertificateId(c.FromClassId) : null) { EffectiveOn = on });
            }

            case IssueInstrument i:
                if (latest.Instruments.ContainsKey(i.InstrumentId)) return Decision.Reject("register.duplicate-instrument", $"Instrument '{i.InstrumentId}' already exists.");
                if (HolderProblem(r, latest, i.HolderId, on) is { } hp4) return hp4;
                if (ClassProblem(r, latest, i.ClassId, on) is { } cp4) return cp4;
                if (QuantityProblem(i.Quantity, "issue an instrument over") is { } qp4) return qp4;
                if (i.ExpiresOn is { } exp && i.ExercisableFrom is { } from && exp < from)
                    return Decision.Reject("register.instrument-dates", $"The instrument expires ({exp:yyyy-MM-dd}) before it becomes exercisable ({from:yyyy-MM-dd}).");
                return Decision.Accept(new InstrumentIssued(i.InstrumentId, i.Kind, i.HolderId, i.ClassId, i.Quantity, i.ExercisableFrom, i.ExpiresOn, i.ExercisePrice) { EffectiveOn = on });

            case ExerciseInstrument x:
            {
                if (!r.Instruments.TryGetValue(x.InstrumentId, out var ins))
                    return latest.Instruments.ContainsKey(x.InstrumentId)
                        ? Decision.Reject("register.before-instrument", $"Instrument '{x.InstrumentId}' was issued on {latest.Instruments[x.InstrumentId].IssuedOn:yyyy-MM-dd}; {on:yyyy-MM-dd} is before it exists.")
                        : Decision.Reject("register.unknown-instrument", $"There is no instrument '{x.InstrumentId}'.");
                if (QuantityProblem(x.Quantity, "exercise") is { } qp) return qp;
                if (!ins.IsExercisableOn(on))
                    return Decision.Reject("register.not-exercisable", $"Instrument '{ins.Id}' is not exercisable on {on:yyyy-MM-dd} (exercisable from {ins.ExercisableFrom?.ToString("yyyy-MM-dd", null) ?? "issue"}{(ins.ExpiresOn is { } e ? $", expires {e:yyyy-MM-dd}" : "")}).");
                if (x.Quantity > ins.Outstanding)
                    return Decision.Reject("register.exceeds-outstanding", $"Instrument '{ins.Id}' has {ins.Outstanding} outstanding; cannot exercise {x.Quantity}.");
                _ = checked(latest.Outstanding(ins.ClassId).Value + x.Quantity.Value);
                return Decision.Accept(new InstrumentExercised(ins.Id, ins.HolderId, ins.ClassId, x.Quantity, latest.NextCertificateId(ins.ClassId)) { EffectiveOn = on });
            }

            case CancelInstrument x:
            {
                if (!r.Instruments.TryGetValue(x.InstrumentId, out var ins)) return Decision.Reject("register.unknown-instrument", $"There is no instrument '{x.InstrumentId}' on {on:yyyy-MM-dd}.");
                if (QuantityProblem(x.Quantity, "cancel") is { } qp) return qp;
                if (x.Quantity > ins.Outstanding) return Decision.Reject("register.exceeds-outstanding", $"Instrument '{ins.Id}' has {ins.Outstanding} outstanding; cannot cancel {x.Quantity}.");
                return Decision.Accept(new InstrumentCancelled(ins.Id, x.Quantity, x.Reason) { EffectiveOn = on });
            }

            case RepurchaseShares p:
            {
                if (HolderProblem(r, latest, p.HolderId, on) is { } hp5) return hp5;
                if (ClassProblem(r, latest, p.ClassId, on) is { } cp5) return cp5;
                if (QuantityProblem(p.Shares, "repurchase") is { } qp) return qp;
                if (SufficiencyProblem(r, p.HolderId, p.ClassId, p.Shares, on, "repurchase") is { } sp) return sp;
                var (portions, balance) = Select(r, p.HolderId, p.ClassId, p.Shares);
                return Decision.Accept(new SharesRepurchased(p.HolderId, p.ClassId, p.Shares, portions, balance.IsPositive ? latest.NextCertificateId(p.ClassId) : null, p.Price) { EffectiveOn = on });
            }

            case CancelShares p:
            {
                if (HolderProblem(r, latest, p.HolderId, on) is { } hp6) return hp6;
                if (ClassProblem(r, latest, p.ClassId, on) is { } cp6) return cp6;
                if (QuantityProblem(p.Shares, "cancel") is { } qp) return qp;
                if (SufficiencyProblem(r, p.HolderId, p.ClassId, p.Shares, on, "cancel") is { } sp) return sp;
                var (portions, balance) = Select(r, p.HolderId, p.ClassId, p.Shares);
                return Decision.Accept(new SharesCancelled(p.HolderId, p.ClassId, p.Shares, portions, balance.IsPositive ? latest.NextCertificateId(p.ClassId) : null, p.Reason) { EffectiveOn = on });
            }

            case SplitShares s:
            {
                if (ClassProblem(r, latest, s.ClassId, on) is { } cp7) return cp7;
                if (s.Ratio.Sign <= 0) return Decision.Reject("register.invalid-ratio", "A split or combination ratio must be positive.");
                if (s.Ratio == Fraction.One) return Decision.Reject("register.invalid-ratio", "A ratio of 1 changes nothing.");
                var lines = new List<SplitLine>();
                var holdingTotals = new Dictionary<string, System.Numerics.BigInteger>(StringComparer.Ordinal);
                System.Numerics.BigInteger classTotal = 0;
                foreach (var cert in latest.Certificates.Values.Where(c => c.ClassId == s.ClassId).OrderBy(c => c.Id, StringComparer.Ordinal))
                {
                    var exact = cert.Shares.ToFraction() * s.Ratio;
                    var after = exact.Floor();
                    holdingTotals[cert.HolderId] = (holdingTotals.TryGetValue(cert.HolderId, out var t) ? t : 0) + after;
                    classTotal += after;
                    if (after > long.MaxValue || holdingTotals[cert.HolderId] > long.MaxValue || classTotal > long.MaxValue) throw new OverflowException();
                    if (r.Certificates.ContainsKey(cert.Id))
                        lines.Add(new SplitLine(cert.Id, cert.HolderId, cert.Shares, new ShareCount((long)after), exact - Fraction.Of(after)));
                }
                foreach (var ins in latest.Instruments.Values.Where(i => i.ClassId == s.ClassId))
                    if ((ins.Outstanding.ToFraction() * s.Ratio).Floor() > long.MaxValue) throw new OverflowException();
                return Decision.Accept(new SharesSplit(s.ClassId, s.Ratio, lines) { EffectiveOn = on });
            }

            case EstablishDepositaryProgram d:
                if (ClassProblem(r, latest, d.ClassId, on) is { } cp8) return cp8;
                if (QuantityProblem(d.SharesPerAds, "set an ADS ratio of") is { } qp8) return qp8;
                if (r.SharesPerAdsOn(d.ClassId, on) is not null) return Decision.Reject("register.duplicate-programme", $"A depositary programme over '{d.ClassId}' is already in place on {on:yyyy-MM-dd}.");
                return Decision.Accept(new DepositaryProgramEstablished(d.ClassId, d.Depositary, d.SharesPerAds) { EffectiveOn = on });

            case ChangeAdsRatio a:
                if (r.SharesPerAdsOn(a.ClassId, on) is not { } current) return Decision.Reject("register.no-programme", $"There is no depositary programme over '{a.ClassId}' on {on:yyyy-MM-dd}.");
                if (QuantityProblem(a.SharesPerAds, "set an ADS ratio of") is { } qp9) return qp9;
                if (current == a.SharesPerAds) return Decision.Reject("register.invalid-ratio", $"The ADS ratio is already {current} shares per ADS.");
                return Decision.Accept(new AdsRatioChanged(a.ClassId, a.SharesPerAds, a.Reason) { EffectiveOn = on });

            case ApplyLegend l:
                if (HolderProblem(r, latest, l.HolderId, on) is { } hp10) return hp10;
                if (ClassProblem(r, latest, l.ClassId, on) is { } cp10) return cp10;
                if (string.IsNullOrWhiteSpace(l.Legend)) return Decision.Reject("register.legend-empty", "A legend needs its text.");
                if (r.LegendsOf(l.HolderId, l.ClassId).Contains(l.Legend)) return Decision.Reject("register.duplicate-legend", "That legend is already on the holding.");
                return Decision.Accept(new LegendApplied(l.HolderId, l.ClassId, l.Legend) { EffectiveOn = on });

            case NoteStopTransfer st:
                if (HolderProblem(r, latest, st.HolderId, on) is { } hp11) return hp11;
                if (ClassProblem(r, latest, st.ClassId, on) is { } cp11) return cp11;
                if (string.IsNullOrWhiteSpace(st.Note)) return Decision.Reject("register.note-empty", "A stop-transfer instruction needs its text.");
                return Decision.Accept(new StopTransferNoted(st.HolderId, st.ClassId, st.Note) { EffectiveOn = on });

            case LiftStopTransfer st:
                if (r.StopTransferOf(st.HolderId, st.ClassId) is null)
                    return Decision.Reject("register.no-stop-transfer", $"There is no stop-transfer instruction on the {st.ClassId} shares of '{st.HolderId}' on {on:yyyy-MM-dd}.");
                return Decision.Accept(new StopTransferLifted(st.HolderId, st.ClassId, st.Reason) { EffectiveOn = on });

            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown register command.");
        }
    }

    /// <summary>Certificates are taken oldest first; the last one taken may be split, leaving a balance.</summary>
    private static (IReadOnlyList<CertificatePortion> Portions, ShareCount Balance) Select(Register r, string holderId, string classId, ShareCount shares)
    {
        var portions = new List<CertificatePortion>();
        var remaining = shares;
        var balance = ShareCount.Zero;
        foreach (var cert in r.CertificatesOf(holderId, classId))
        {
            if (!remaining.IsPositive) break;
            var take = ShareCount.Min(cert.Shares, remaining);
            portions.Add(new CertificatePortion(cert.Id, take));
            remaining -= take;
            balance = cert.Shares - take;
        }
        return (portions, balance);
    }

    private static Decision? QuantityProblem(ShareCount quantity, string verb) =>
        quantity.IsPositive ? null : Decision.Reject("register.quantity-positive", $"Cannot {verb} {quantity.Value} shares: the number must be positive.");

    private static Decision? SufficiencyProblem(Register r, string holderId, string classId, ShareCount shares, LocalDate on, string verb)
    {
        var held = r.SharesOf(holderId, classId);
        return shares <= held ? null
            : Decision.Reject("register.insufficient-shares", $"'{holderId}' holds {held} {classId} shares on {on:yyyy-MM-dd}; cannot {verb} {shares}.");
    }

    private static Decision? HolderProblem(Register r, Register latest, string holderId, LocalDate on)
    {
        if (r.Holders.ContainsKey(holderId)) return null;
        if (latest.Holders.TryGetValue(holderId, out var later))
            return Decision.Reject("register.before-holder", $"Holder '{holderId}' was registered on {later.RegisteredOn:yyyy-MM-dd}; {on:yyyy-MM-dd} is before it exists.");
        return Decision.Reject("register.unknown-holder", $"There is no holder '{holderId}' on the register.");
    }

    private static Decision? ClassProblem(Register r, Register latest, string classId, LocalDate on)
    {
        if (r.Classes.ContainsKey(classId)) return null;
        if (latest.Classes.TryGetValue(classId, out var later))
            return Decision.Reject("register.before-class", $"Class '{classId}' was created on {later.CreatedOn:yyyy-MM-dd}; an entry dated {on:yyyy-MM-dd} is before it exists.");
        return Decision.Reject("register.unknown-class", $"There is no class '{classId}' (known: {string.Join(", ", latest.Classes.Keys.Order(StringComparer.Ordinal))}).");
    }

    private static Decision? TimeZoneProblem(string zoneId) =>
        DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is null
            ? Decision.Reject("register.unknown-time-zone", $"'{zoneId}' is not an IANA time zone (for example Asia/Hong_Kong, America/New_York).")
            : null;

    private static Decision? HoursProblem(LocalTime? start, LocalTime? end) =>
        start is { } s && end is { } e && e <= s
            ? Decision.Reject("register.business-hours", $"Business hours must end after they start ({s:HH:mm} to {e:HH:mm}).")
            : null;
}
