using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register;

namespace Proviso.Benchmarks;

/// <summary>
/// Replaying a company's ledger into its register: the 1,000,000 stored entries of the synthetic company (event type and
/// payload) loaded with <see cref="RegisterTimeline.Load"/>, as loading a company does (CompanyLedger): each payload read
/// back with <see cref="EventCodec"/> and applied in effective order. The baseline is raw deserialisation of the same
/// payloads with <see cref="JsonSerializer"/> into the same types and options, on one thread, without applying them;
/// and, as a second, stricter baseline, the same with <see cref="EventCodec"/> (which reads transfers with its own reader).
/// Targets: replay at least 1,000,000 events/s, and at least 50% of the baseline's rate.
/// </summary>
[Config(typeof(ReplayConfig))]
public class ReplayBenchmarks
{
    public const int Events = SyntheticCompany.DefaultEvents;

    private string[] _types = null!;
    private string[] _payloads = null!;
    private Type[] _clrTypes = null!;
    private LedgerEvent[] _events = null!;
    private RegisterTimeline.StoredEvent[] _stored = null!;

    [GlobalSetup]
    public void Setup()
    {
        var company = SyntheticCompany.Shared;
        if (company.Count != Events) throw new InvalidOperationException($"expected {Events} events, the synthetic company has {company.Count}");
        _types = company.EventTypes;
        _payloads = company.Payloads;
        _events = company.Events;
        _clrTypes = company.Events.Select(e => e.GetType()).ToArray();
        _stored = new RegisterTimeline.StoredEvent[_payloads.Length];
        for (var i = 0; i < _stored.Length; i++) _stored[i] = new(i + 1, _types[i], _payloads[i]);
    }

    [GlobalSetup(Target = nameof(Replay))]
    public void SetupAndVerify()
    {
        Setup();
        // The replay must rebuild exactly the register the decider built: same fingerprint.
        var replayed = Replay();
        if (replayed.Fingerprint() != SyntheticCompany.Shared.Register.Fingerprint())
            throw new InvalidOperationException("replaying the stored payloads did not rebuild the decided register");
        if (ReplayEntryByEntry().Fingerprint() != replayed.Fingerprint())
            throw new InvalidOperationException("replaying entry by entry did not rebuild the decided register");
        Console.WriteLine($"// replay verified: {Events:N0} events rebuild the decided register ({replayed.Holders.Count:N0} holders, {replayed.HoldingCount:N0} holdings, {replayed.Certificates.Count:N0} certificates)");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _types = null!;
        _payloads = null!;
        _events = null!;
        _clrTypes = null!;
        _stored = null!;
    }

    /// <summary>Baseline: JsonSerializer into the concrete event types, nothing applied.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "Raw deserialise (JsonSerializer)")]
    public object? RawDeserialize()
    {
        object? last = null;
        var payloads = _payloads;
        var types = _clrTypes;
        for (var i = 0; i < payloads.Length; i++) last = JsonSerializer.Deserialize(payloads[i], types[i], EventCodec.Options);
        return last;
    }

    /// <summary>
    /// The second baseline: <see cref="EventCodec.Deserialize(string, string, long)"/>, as the product reads entries (its own
    /// reader for transfers in the codec's form, the serializer for everything else), on one thread, nothing applied.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Events, Description = "Raw deserialise (EventCodec)")]
    public object? RawCodec()
    {
        object? last = null;
        var payloads = _payloads;
        var types = _types;
        for (var i = 0; i < payloads.Length; i++) last = EventCodec.Deserialize(types[i], payloads[i], i + 1);
        return last;
    }

    /// <summary>The product path: loading a whole ledger (RegisterTimeline.Load, as CompanyLedger does).</summary>
    [Benchmark(OperationsPerInvoke = Events, Description = "Replay (RegisterTimeline.Load)")]
    public Register Replay() => RegisterTimeline.Load(_stored).Latest;

    /// <summary>For the breakdown: the same entries added one at a time on one thread (RegisterTimeline.AddStored).</summary>
    [Benchmark(OperationsPerInvoke = Events, Description = "Replay entry by entry (AddStored)")]
    public Register ReplayEntryByEntry()
    {
        var timeline = new RegisterTimeline();
        var types = _types;
        var payloads = _payloads;
        for (var i = 0; i < payloads.Length; i++) timeline.AddStored(i + 1, types[i], payloads[i]);
        return timeline.Latest;
    }

    /// <summary>For the breakdown: Register.Apply alone on already-deserialised events.</summary>
    [Benchmark(OperationsPerInvoke = Events, Description = "Apply only (Register.Apply)")]
    public Register ApplyOnly()
    {
        var register = new Register();
        foreach (var e in _events) register.Apply(e);
        return register;
    }
}
