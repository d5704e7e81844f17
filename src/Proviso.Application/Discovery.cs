using System.Reflection;

namespace Proviso.Application;

/// <summary>
/// Finds the implementations of an extension point (a terms section, a command decider, a scenario step, a report
/// section, an agenda source, an API module): every concrete class with a public parameterless constructor, in name
/// order. A new mechanism adds classes; nothing registers them by hand.
/// </summary>
public static class Discovery
{
    public static IReadOnlyList<T> All<T>(Assembly assembly) where T : class =>
        assembly.GetTypes()
            .Where(t => !t.IsAbstract && !t.IsInterface && typeof(T).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToList();
}
