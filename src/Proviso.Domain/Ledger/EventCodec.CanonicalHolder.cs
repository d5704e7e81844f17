using System.Collections.Concurrent;
using NodaTime;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Events;

namespace Proviso.Domain.Ledger;

/// <summary>
/// A hand-written reader for the second commonest stored event, <see cref="HolderRegistered"/> (one in ten entries of
/// the synthetic history: every holder is registered once), in the form <see cref="Serialize"/> writes it.
/// </summary>
/// <remarks>
/// The same contract as the transfer reader (see EventCodec.Canonical.cs): it takes only a payload it fully
/// understands, one JSON object without whitespace, every property one the writer writes, each at most once, of the
/// token type the writer writes, every property the writer always writes present (a property the writer leaves out
/// when null may be missing or null), strings without escapes, control characters or surrogates, the kind and the date
/// in their written form, no business hours (the writer's null), and nothing after the object; and it builds exactly the
/// record the general path builds (the addresses a <see cref="List{T}"/>, as the serializer makes them). Anything else
/// goes to the general path, which reads it or reports it as it always has. Tests compare the two paths.
/// <para>The values that repeat from holder to holder (time zone, jurisdiction, address channel and attention) are
/// shared (<see cref="Shared"/>): equal strings, fewer objects for a replay's garbage collections to trace.</para>
/// </remarks>
public static partial class EventCodec
{
    internal static bool IsHolderRegistered(string eventType) =>
        ReferenceEquals(eventType, nameof(HolderRegistered)) || eventType == nameof(HolderRegistered);

    [Flags]
    private enum HolderProperty
    {
        HolderId = 1, Name = 2, Kind = 4, Jurisdiction = 8, TimeZone = 16, Addresses = 32, BusinessHoursStart = 64, BusinessHoursEnd = 128,
        Note = 256, EffectiveOn = 512,
        Required = HolderId | Name | Kind | TimeZone | Addresses | EffectiveOn,
    }

    private static HolderProperty HolderPropertyOf(ReadOnlySpan<char> name) => name switch
    {
        "holderId" => HolderProperty.HolderId,
        "name" => HolderProperty.Name,
        "kind" => HolderProperty.Kind,
        "jurisdiction" => HolderProperty.Jurisdiction,
        "timeZone" => HolderProperty.TimeZone,
        "addresses" => HolderProperty.Addresses,
        "businessHoursStart" => HolderProperty.BusinessHoursStart,
        "businessHoursEnd" => HolderProperty.BusinessHoursEnd,
        "note" => HolderProperty.Note,
        "effectiveOn" => HolderProperty.EffectiveOn,
        _ => 0,
    };

    /// <summary>Reads a <see cref="HolderRegistered"/> payload in the codec's form; null for the general path to read it.</summary>
    internal static HolderRegistered? TryReadHolderRegistered(string payload) =>
        ReadHolderRegistered(payload, build: true, out var registered, out _, out _) ? registered : null;

    /// <summary>
    /// Whether <see cref="TryReadHolderRegistered"/> reads <paramref name="payload"/> (the same contract, checked the same
    /// way), without building anything: where the holder's id lies and the date. A bulk load keeps such a registration as
    /// its payload and builds the holder only when asked for it (see <see cref="Register.Register"/>'s holders).
    /// </summary>
    internal static bool TryScanHolderRegistered(string payload, out Range holderId, out LocalDate effectiveOn) =>
        ReadHolderRegistered(payload, build: false, out _, out holderId, out effectiveOn);

    /// <summary>The one reader of both: with <paramref name="build"/> false no string, list or record is made.</summary>
    private static bool ReadHolderRegistered(string payload, bool build, out HolderRegistered? registered, out Range holderIdRange, out LocalDate effectiveOn)
    {
        registered = null;
        holderIdRange = default;
        effectiveOn = default;
        var s = payload.AsSpan();
        if (s.Length == 0 || s[0] != '{') return false;
        var i = 1;
        HolderProperty seen = 0;
        string? holderId = null, name = null, jurisdiction = null, timeZone = null, note = null;
        var kind = HolderKind.Entity;
        List<NoticeAddress>? addresses = null;
        while (true)
        {
            if (!TryReadString(s, ref i, out var property) || !Next(s, ref i, ':')) return false;
            var p = HolderPropertyOf(s[property]);
            if (p == 0 || (seen & p) != 0) return false;
            seen |= p;
            switch (p)
            {
                case HolderProperty.HolderId:
                    if (!TryReadString(s, ref i, out holderIdRange)) return false;
                    if (build) holderId = payload[holderIdRange];
                    break;
                case HolderProperty.Name:
                    if (!TryReadText(payload, ref i, out name, build)) return false;
                    break;
                case HolderProperty.TimeZone:
                    if (!TryReadText(payload, ref i, out timeZone, build, shared: true)) return false;
                    break;
                case HolderProperty.Jurisdiction:
                    if (!TryReadOptionalText(payload, ref i, out jurisdiction, build, shared: true)) return false;
                    break;
                case HolderProperty.Note:
                    if (!TryReadOptionalText(payload, ref i, out note, build)) return false;
                    break;
                case HolderProperty.Kind:
                    if (!TryReadString(s, ref i, out var k)) return false;
                    switch (s[k])
                    {
                        case "entity": kind = HolderKind.Entity; break;
                        case "individual": kind = HolderKind.Individual; break;
                        default: return false;
                    }
                    break;
                case HolderProperty.BusinessHoursStart or HolderProperty.BusinessHoursEnd:
                    // The writer leaves null out; a time is left to the general path.
                    if (!s[i..].StartsWith("null")) return false;
                    i += 4;
                    break;
                case HolderProperty.Addresses:
                    if (!TryReadAddresses(payload, ref i, build, out addresses)) return false;
                    break;
                case HolderProperty.EffectiveOn:
                    if (!TryReadString(s, ref i, out var date) || !TryReadDate(s[date], out effectiveOn)) return false;
                    break;
            }
            if (Next(s, ref i, ',')) continue;
            if (Next(s, ref i, '}')) break;
            return false;
        }
        if ((seen & HolderProperty.Required) != HolderProperty.Required || i != s.Length) return false;
        if (build) registered = new HolderRegistered(holderId!, name!, kind, jurisdiction, timeZone!, addresses!, null, null, note) { EffectiveOn = effectiveOn };
        return true;
    }

    /// <summary>A string token (as <see cref="TryReadString"/> takes it), as a string (<see cref="Shared"/> if asked) if <paramref name="build"/>.</summary>
    private static bool TryReadText(string payload, ref int i, out string? text, bool build, bool shared = false)
    {
        text = null;
        if (!TryReadString(payload, ref i, out var range)) return false;
        if (build) text = shared ? Shared(payload.AsSpan(range)) : payload[range];
        return true;
    }

    /// <summary>A string token or null.</summary>
    private static bool TryReadOptionalText(string payload, ref int i, out string? text, bool build, bool shared = false)
    {
        text = null;
        if (!TryReadOptionalString(payload, ref i, out var range)) return false;
        if (build && range is { } r) text = shared ? Shared(payload.AsSpan(r)) : payload[r];
        return true;
    }

    /// <summary>The most distinct values <see cref="Shared"/> keeps, and the longest: it is for codes and labels, not free text.</summary>
    private const int SharedCapacity = 4096, SharedLength = 64;

    private static readonly ConcurrentDictionary<string, string> SharedValues = new(StringComparer.Ordinal);

    /// <summary>
    /// A string equal to <paramref name="text"/>, the same one each time for a short value seen before (up to
    /// <see cref="SharedCapacity"/> distinct values for the life of the process; a new one past that).
    /// </summary>
    private static string Shared(ReadOnlySpan<char> text)
    {
        if (text.Length > SharedLength) return text.ToString();
        var lookup = SharedValues.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var value)) return value;
        value = text.ToString();
        return SharedValues.Count < SharedCapacity ? SharedValues.GetOrAdd(value, value) : value;
    }

    [Flags]
    private enum AddressProperty
    {
        Channel = 1, Address = 2, Attention = 4, IsCopy = 8, Place = 16,
        Required = Channel | Address | IsCopy,
    }

    /// <summary>The array of notice addresses: {"channel", "address", "attention"?, "isCopy", "place"?} objects.</summary>
    private static bool TryReadAddresses(string payload, ref int i, bool build, out List<NoticeAddress>? addresses)
    {
        addresses = null;
        var s = payload.AsSpan();
        if (!Next(s, ref i, '[')) return false;
        var list = build ? new List<NoticeAddress>() : null;
        if (!Next(s, ref i, ']'))
        {
            while (true)
            {
                if (!TryReadAddress(payload, ref i, build, out var address)) return false;
                list?.Add(address!);
                if (Next(s, ref i, ',')) continue;
                if (!Next(s, ref i, ']')) return false;
                break;
            }
        }
        addresses = list;
        return true;
    }

    private static bool TryReadAddress(string payload, ref int i, bool build, out NoticeAddress? address)
    {
        address = null;
        var s = payload.AsSpan();
        if (!Next(s, ref i, '{')) return false;
        AddressProperty seen = 0;
        string? channel = null, text = null, attention = null, place = null;
        var isCopy = false;
        while (true)
        {
            if (!TryReadString(s, ref i, out var property) || !Next(s, ref i, ':')) return false;
            AddressProperty p = s[property] switch
            {
                "channel" => AddressProperty.Channel,
                "address" => AddressProperty.Address,
                "attention" => AddressProperty.Attention,
                "isCopy" => AddressProperty.IsCopy,
                "place" => AddressProperty.Place,
                _ => 0,
            };
            if (p == 0 || (seen & p) != 0) return false;
            seen |= p;
            switch (p)
            {
                case AddressProperty.Channel:
                    if (!TryReadText(payload, ref i, out channel, build, shared: true)) return false;
                    break;
                case AddressProperty.Address:
                    if (!TryReadText(payload, ref i, out text, build)) return false;
                    break;
                case AddressProperty.Attention:
                    if (!TryReadOptionalText(payload, ref i, out attention, build, shared: true)) return false;
                    break;
                case AddressProperty.Place:
                    if (!TryReadOptionalText(payload, ref i, out place, build)) return false;
                    break;
                case AddressProperty.IsCopy:
                    if (s[i..].StartsWith("true")) (isCopy, i) = (true, i + 4);
                    else if (s[i..].StartsWith("false")) (isCopy, i) = (false, i + 5);
                    else return false;
                    break;
            }
            if (Next(s, ref i, ',')) continue;
            if (!Next(s, ref i, '}') || (seen & AddressProperty.Required) != AddressProperty.Required) return false;
            if (build) address = new NoticeAddress(channel!, text!, attention, isCopy, place);
            return true;
        }
    }
}
