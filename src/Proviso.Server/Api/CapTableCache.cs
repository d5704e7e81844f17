using System.Collections.Concurrent;
using System.Text.Json;
using NodaTime;
using Proviso.Application.Views;

namespace Proviso.Server.Api;

/// <summary>
/// Cap tables already computed and serialised, keyed by company, ledger version, date, basis, grouping and the holder a
/// holder-role caller is limited to: a hit is a copy of bytes. Exact: a ledger is append-only, so a version names one
/// register, and a write moves the version on. Bounded: when full, it starts over.
/// </summary>
public sealed class CapTableCache
{
    private const int Capacity = 512;
    private readonly ConcurrentDictionary<Key, byte[]> _tables = new();

    private readonly record struct Key(string Company, long Version, LocalDate AsOf, string Basis, string By, string? OnlyHolder);

    /// <summary>Hits and computations: for tests and diagnostics.</summary>
    public (long Hits, long Computed) Statistics => (Interlocked.Read(ref _hits), Interlocked.Read(ref _computed));

    private long _hits;
    private long _computed;

    /// <summary>
    /// The cap table's JSON (UTF-8, as the API's serializer options write it); <paramref name="compute"/> runs on a miss.
    /// A holder-role caller (<paramref name="onlyHolder"/>) gets only its own row.
    /// </summary>
    public byte[] GetOrCompute(string company, long version, LocalDate asOf, string basis, string by, string? onlyHolder, JsonSerializerOptions json, Func<CapTableJson> compute)
    {
        var key = new Key(company, version, asOf, basis, by, onlyHolder);
        if (_tables.TryGetValue(key, out var hit))
        {
            Interlocked.Increment(ref _hits);
            return hit;
        }
        var table = compute();
        if (onlyHolder is not null) table = table with { Rows = table.Rows.Where(r => r.Key == onlyHolder).ToList() };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(table, json);
        Interlocked.Increment(ref _computed);
        if (_tables.Count >= Capacity) _tables.Clear();
        return _tables.GetOrAdd(key, bytes);
    }
}

/// <summary>A JSON answer already serialised (by default 200; <c>application/json; charset=utf-8</c>, the bytes as they are).</summary>
public sealed class Utf8JsonResult(byte[] utf8, int statusCode = StatusCodes.Status200OK) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public int? StatusCode => statusCode;

    public string ContentType => JsonContentType;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = JsonContentType;
        response.ContentLength = utf8.Length;
        return response.Body.WriteAsync(utf8, 0, utf8.Length, httpContext.RequestAborted);
    }
}
