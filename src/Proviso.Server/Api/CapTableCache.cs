using System.Collections.Concurrent;
using NodaTime;
using Proviso.Application.Views;

namespace Proviso.Server.Api;

/// <summary>
/// Cap tables already computed, keyed by company, ledger version, date, basis and grouping. Exact: a ledger is
/// append-only, so a version names one register, and a write moves the version on. Bounded: when full, it starts over.
/// </summary>
public sealed class CapTableCache
{
    private const int Capacity = 512;
    private readonly ConcurrentDictionary<(string Company, long Version, LocalDate AsOf, string Basis, string By), CapTableJson> _tables = new();

    public CapTableJson GetOrCompute(string company, long version, LocalDate asOf, string basis, string by, Func<CapTableJson> compute)
    {
        var key = (company, version, asOf, basis, by);
        if (_tables.TryGetValue(key, out var hit)) return hit;
        if (_tables.Count >= Capacity) _tables.Clear();
        return _tables.GetOrAdd(key, _ => compute());
    }
}
