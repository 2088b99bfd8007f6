using System.Diagnostics;
using System.Globalization;
using System.Text;
using Stapper.DebugInfo;

namespace Stapper.Tests.DebugInfo;

/// <summary>
/// Mutation fuzzing of the readers from real files: each mutant is the input with a few stacked mutations (byte and
/// bit flips, boundary values, truncation, chunk copies), mostly inside the given regions (the sections that reader
/// parses). A run passes when every mutant either reads or throws <see cref="DebugInfoFormatException"/> within the
/// hang limit. Deterministic (fixed seed, bounded count) unless STAPPER_FUZZ_SECONDS is set: then random seeds until
/// that time is up (tests/fuzz/debuginfo runs it so). A failure names the mutant as a patch for a regression test.
/// </summary>
internal static class FuzzHarness
{
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(10);

    public static void Run(string name, byte[] input, (int Start, int Length)[] regions, int iterations, int seed, Action<byte[]> target)
    {
        target(input); // the intact input must read: otherwise every mutant is rejected for the same reason
        var seconds = Environment.GetEnvironmentVariable("STAPPER_FUZZ_SECONDS");
        var deadline = seconds is null ? (Stopwatch?)null : Stopwatch.StartNew();
        double limit = seconds is null ? 0 : double.Parse(seconds, CultureInfo.InvariantCulture);
        if (deadline is not null)
        {
            seed = Environment.TickCount;
        }

        long done = 0, rejected = 0;
        Exception? failure = null;
        byte[]? failing = null;
        long started = 0;
        int current = -1;
        byte[]? running = null;
        var worker = new Thread(() =>
        {
            for (int i = 0; deadline is null ? i < iterations : deadline.Elapsed.TotalSeconds < limit; i++)
            {
                var mutant = Mutate(input, regions, MutantRandom(seed, i));
                Volatile.Write(ref running, mutant);
                Volatile.Write(ref current, i);
                Volatile.Write(ref started, Stopwatch.GetTimestamp());
                try
                {
                    target(mutant);
                }
                catch (DebugInfoFormatException)
                {
                    rejected++;
                }
                catch (Exception e)
                {
                    failure = e;
                    failing = mutant;
                    return;
                }
                done++;
            }
            Volatile.Write(ref current, -1);
        }, 64 << 20)
        { IsBackground = true };
        worker.Start();
        while (!worker.Join(100))
        {
            long s = Volatile.Read(ref started);
            if (Volatile.Read(ref current) >= 0 && s != 0 && Stopwatch.GetElapsedTime(s) > HangLimit)
            {
                Assert.Fail($"{name}: seed {seed}: mutant {current} still running after {HangLimit.TotalSeconds} s (hang): {Patch(input, Volatile.Read(ref running)!)}");
            }
        }
        if (failure is not null)
        {
            Assert.Fail($"{name}: seed {seed}: {failure.GetType().Name} instead of DebugInfoFormatException on mutant {Patch(input, failing!)}\n{failure}");
        }

        Console.WriteLine($"fuzz {name}: {done} mutants, {rejected} rejected with DebugInfoFormatException, seed {seed}");
    }

    /// <summary>Mutant <paramref name="i"/>'s generator: the same in every process (HashCode.Combine is not).</summary>
    public static Random MutantRandom(int seed, int i) => new(unchecked(seed * 1_000_003 + i));

    private static readonly ulong[] Boundaries = [0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffff0, long.MaxValue, ulong.MaxValue];

    public static byte[] Mutate(byte[] input, (int Start, int Length)[] regions, Random rnd)
    {
        var b = (byte[])input.Clone();
        int length = b.Length;
        int Pick()
        {
            if (regions.Length > 0 && rnd.Next(10) < 9)
            {
                var (s, l) = regions[rnd.Next(regions.Length)];
                if (l > 0)
                {
                    return Math.Min(length - 1, s + rnd.Next(l));
                }
            }
            return rnd.Next(length);
        }
        int n = 1 + rnd.Next(4);
        for (int k = 0; k < n && length > 0; k++)
        {
            switch (rnd.Next(6))
            {
                case 0:
                    b[Pick()] = (byte)rnd.Next(256);
                    break;
                case 1:
                    b[Pick()] ^= (byte)(1 << rnd.Next(8));
                    break;
                case 2:
                    {
                        int size = 1 << rnd.Next(4);
                        int at = Pick() & ~(size - 1);
                        ulong v = Boundaries[rnd.Next(Boundaries.Length)];
                        if (rnd.Next(4) == 0)
                        {
                            v = (ulong)rnd.Next(length);
                        }

                        for (int i = 0; i < size && at + i < length; i++)
                        {
                            b[at + i] = (byte)(v >> (8 * i));
                        }

                        break;
                    }
                case 3:
                    if (rnd.Next(4) == 0)
                    {
                        length = Pick(); // truncate
                    }
                    else
                    {
                        goto case 0;
                    }

                    break;
                case 4:
                    {
                        int from = rnd.Next(length), to = Pick(), len = 1 + rnd.Next(64);
                        len = Math.Min(len, Math.Min(length - from, length - to));
                        Array.Copy(input, from, b, to, len);
                        break;
                    }
                default:
                    {
                        int at = Pick();
                        b[at] = (byte)(rnd.Next(2) == 0 ? 0 : 0xff);
                        break;
                    }
            }
        }
        return length == b.Length ? b : b[..length];
    }

    /// <summary>The mutant as "length N, at OFFSET: hex, ..." relative to the input (for a regression test's <see cref="Apply"/>).</summary>
    public static string Patch(byte[] input, byte[] mutant)
    {
        var sb = new StringBuilder($"length {mutant.Length}");
        int i = 0;
        while (i < mutant.Length)
        {
            if (i < input.Length && input[i] == mutant[i]) { i++; continue; }
            int start = i;
            while (i < mutant.Length && (i >= input.Length || input[i] != mutant[i]))
            {
                i++;
            }

            sb.Append(CultureInfo.InvariantCulture, $", at 0x{start:x}: {Convert.ToHexStringLower(mutant.AsSpan(start, i - start))}");
        }
        return sb.ToString();
    }

    /// <summary>Rebuilds a mutant from <see cref="Patch"/>'s text.</summary>
    public static byte[] Apply(byte[] input, string patch)
    {
        var parts = patch.Split(", ");
        int length = int.Parse(parts[0]["length ".Length..], CultureInfo.InvariantCulture);
        var b = new byte[length];
        Array.Copy(input, b, Math.Min(length, input.Length));
        foreach (var p in parts.Skip(1))
        {
            var (at, hex) = (p[3..p.IndexOf(':')], p[(p.IndexOf(':') + 2)..]);
            var bytes = Convert.FromHexString(hex);
            bytes.CopyTo(b, Convert.ToInt32(at, 16));
        }
        return b;
    }

    /// <summary>File ranges of the named sections of an ELF image (those that exist and have bytes in the file).</summary>
    public static (int, int)[] SectionRegions(byte[] elfBytes, Func<string, bool> wanted)
    {
        using var elf = Stapper.DebugInfo.Elf.ElfFile.FromBytes("regions", elfBytes);
        return elf.Sections.Where(s => wanted(s.Name) && s.Type != Stapper.DebugInfo.Elf.ElfSectionType.NoBits && s.Size > 0)
            .Select(s => ((int)s.Offset, (int)s.Size)).ToArray();
    }
}
