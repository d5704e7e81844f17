using System.Collections;
using System.Reflection;
using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Tests.Ledger;

/// <summary>
/// Builds an instance of any ledger event type by reflection (its widest constructor, with a representative value of
/// every parameter type, nested records and lists included), so that every event a mechanism adds is round-tripped by
/// the codec tests without a hand-written sample.
/// </summary>
public static class GeneratedEventSamples
{
    public static LedgerEvent Build(Type type)
    {
        var e = (LedgerEvent)Value(type, "event", 0)!;
        typeof(LedgerEvent).GetProperty(nameof(LedgerEvent.EffectiveOn))!.SetValue(e, new LocalDate(2021, 1, 4));
        return e;
    }

    private static object? Value(Type t, string name, int depth)
    {
        if (depth > 6) throw new InvalidOperationException($"{name}: nesting too deep to generate a sample");
        var underlying = Nullable.GetUnderlyingType(t);
        if (underlying is not null) return Value(underlying, name, depth);
        if (t == typeof(string)) return $"{name}-1";
        if (t == typeof(bool)) return true;
        if (t == typeof(int)) return 7;
        if (t == typeof(long)) return 7L;
        if (t == typeof(decimal)) return 12.5m;
        if (t == typeof(LocalDate)) return new LocalDate(2021, 1, 4);
        if (t == typeof(LocalTime)) return new LocalTime(9, 30);
        if (t == typeof(LocalDateTime)) return new LocalDateTime(2021, 1, 4, 9, 30);
        if (t == typeof(Instant)) return Instant.FromUtc(2021, 1, 4, 1, 30);
        if (t == typeof(Fraction)) return Fraction.Create(3, 2);
        if (t == typeof(ShareCount)) return ShareCount.Of(1_234);
        if (t == typeof(Money)) return Money.Of(10.50m, "USD");
        if (t.IsEnum) return Enum.GetValues(t).GetValue(Enum.GetValues(t).Length > 1 ? 1 : 0);
        if (t.IsArray) return ListOf(t.GetElementType()!, name, depth, array: true);
        if (t.IsGenericType)
        {
            var def = t.GetGenericTypeDefinition();
            var args = t.GetGenericArguments();
            if (def == typeof(IReadOnlyList<>) || def == typeof(List<>) || def == typeof(IEnumerable<>) || def == typeof(IList<>) || def == typeof(ICollection<>) || def == typeof(IReadOnlyCollection<>))
                return ListOf(args[0], name, depth, array: false);
            if (def == typeof(IReadOnlyDictionary<,>) || def == typeof(Dictionary<,>) || def == typeof(IDictionary<,>))
            {
                var dict = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(args))!;
                dict.Add(Value(args[0], name + "-key", depth + 1)!, Value(args[1], name + "-value", depth + 1));
                return dict;
            }
        }
        var ctor = t.GetConstructors(BindingFlags.Public | BindingFlags.Instance).OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
                   ?? throw new InvalidOperationException($"{name}: no public constructor on {t.Name}");
        var values = ctor.GetParameters().Select(p => Value(p.ParameterType, p.Name ?? "p", depth + 1)).ToArray();
        var instance = ctor.Invoke(values);
        foreach (var prop in t.GetProperties().Where(p => p.GetCustomAttributes().Any(a => a.GetType().Name == "RequiredMemberAttribute") || p.SetMethod is { IsPublic: true } && p.GetValue(instance) is null && p.PropertyType.IsValueType == false && p.PropertyType != typeof(string)))
        {
            if (prop.Name == nameof(LedgerEvent.EffectiveOn) || prop.SetMethod is null) continue;
            prop.SetValue(instance, Value(prop.PropertyType, prop.Name, depth + 1));
        }
        return instance;
    }

    private static object ListOf(Type element, string name, int depth, bool array)
    {
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        list.Add(Value(element, name + "-item", depth + 1));
        if (!array) return list;
        var result = Array.CreateInstance(element, list.Count);
        list.CopyTo(result, 0);
        return result;
    }
}
