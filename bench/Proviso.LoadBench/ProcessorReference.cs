using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Proviso.LoadBench;

/// <summary>
/// A fixed piece of single-threaded work, timed, so that figures from different runs can be compared: the machine this
/// benchmark was developed on ran the same build at very different speeds from one hour to the next (its processors are
/// shared), and the servers' figures moved with it. The work: sorting 2,000,000 pseudo-random integers (fixed seed) and
/// hashing 64 MiB with SHA-256, best of three. Measured before the servers start and again after the POST; written as
/// <c>{name}.cpu</c> (milliseconds) for the report.
/// </summary>
public static class ProcessorReference
{
    public static int Measure(string dir, string name)
    {
        var best = double.MaxValue;
        for (var round = 0; round < 3; round++) best = Math.Min(best, Once());
        File.WriteAllText(Path.Combine(dir, name + ".cpu"), best.ToString("0.0", CultureInfo.InvariantCulture) + "\n");
        Console.WriteLine($"loadbench: processor reference ({name}): {best:0.0} ms");
        return 0;
    }

    private static double Once()
    {
        var random = new Random(20201113);
        var numbers = new long[2_000_000];
        for (var i = 0; i < numbers.Length; i++) numbers[i] = random.NextInt64();
        var data = new byte[64 << 20];
        random.NextBytes(data);
        var started = Stopwatch.GetTimestamp();
        Array.Sort(numbers);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(data, digest);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (numbers[0] > numbers[^1] || digest[0] == 0 && digest[1] == 0 && digest[2] == 0 && digest[3] == 0) throw new InvalidOperationException("unreachable");
        return elapsed;
    }
}
