using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register;

namespace Proviso.Benchmarks;

/// <summary>
/// Replaying a company's ledger into its register: 1,000,000 stored payloads of the synthetic company, each read back
/// with <see cref="EventCodec.Deserialize(string, string, long)"/> and added to a <see cref="RegisterTimeline"/> in
/// ledger order (which is effective order here), as loading a company does. The baseline is raw deserialisation of the
/// same payloads with <see cref="JsonSerializer"/> into the same types and options, without applying them.
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

    [GlobalSetup]
    public void Setup()
    {
        var company = SyntheticCompany.Shared;
        if (company.Count != Events) throw new InvalidOperationException($"expected {Events} events, the synthetic company has {company.Count}");
        _types = company.EventTypes;
        _payloads = company.Payloads;
        _events = company.Events;
        _clrTypes = company.Events.Select(e => e.GetType()).ToArray();
    }

    [GlobalSetup(Target = nameof(Replay))]
    public void SetupAndVerify()
    {
        Setup();
        // The replay must rebuild exactly the register the decider built: same fingerprint.
        var replayed = Replay();
        if (replayed.Fingerprint() != SyntheticCompany.Shared.Register.Fingerprint())
            throw new InvalidOperationException("replaying the stored payloads did not rebuild the decided register");
        Console.WriteLine($"// replay verified: {Events:N0} events rebuild the decided register ({replayed.Holders.Count:N0} holders, {replayed.HoldingCount:N0} holdings, {replayed.Certificates.Count:N0} certificates)");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _types = null!;
        _payloads = null!;
        _events = null!;
        _clrTypes = null!;
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

    /// <summary>The product path: EventCodec.Deserialize each stored entry, RegisterTimeline.Add in ledger order.</summary>
    [Benchmark(OperationsPerInvoke = Events, Description = "Replay (EventCodec + RegisterTimeline.Add)")]
    public Register Replay()
    {
        var timeline = new RegisterTimeline();
        var types = _types;
        var payloads = _payloads;
        for (var i = 0; i < payloads.Length; i++)
        {
            long sequence = i + 1;
            timeline.Add(sequence, EventCodec.Deserialize(types[i], payloads[i], sequence));
        }
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
