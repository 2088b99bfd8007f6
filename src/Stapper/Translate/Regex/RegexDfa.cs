using System.Collections.Immutable;

using Stapper.Parse.RegexSyntax;

namespace Stapper.Translate.Regex;

/// <summary>
/// A DFA that answers only "does it match anywhere", for <c>=~</c> when no one asks for submatches.
/// Bytes fall into Classes (bytes no set tells apart share one); Next is states x classes.
/// Accept per state: 1 matched already, 2 matches if the string ends here, 4 can never match.
/// State 0 is where matching starts.
/// </summary>
public sealed record RegexDfa(ImmutableArray<byte> Classes, int ClassCount, ImmutableArray<ushort> Next, ImmutableArray<byte> Accept)
{
    public const byte Matched = 1, MatchedAtEnd = 2, Dead = 4;

    /// <summary>More states than this, a bigger transition table, or a longer program, and the NFA program is used instead.</summary>
    public const int MaxStates = 1024, MaxEntries = 65536, MaxInstructions = 1024;

    public int States => Accept.Length;

    /// <summary>Runs the DFA as runtime/stp_regex.h does.</summary>
    public bool Matches(ReadOnlySpan<byte> subject)
    {
        var state = 0;
        foreach (var b in subject)
        {
            if ((Accept[state] & (Matched | Dead)) != 0 || b == 0)
            {
                break;
            }
            state = Next[state * ClassCount + Classes[b]];
        }
        return (Accept[state] & (Matched | MatchedAtEnd)) != 0;
    }

    /// <summary>Subset construction over the program's consuming instructions; null if it grows past <see cref="MaxStates"/>.</summary>
    public static RegexDfa? Build(RegexProgram program)
    {
        if (program.Instructions.Length > MaxInstructions)
        {
            return null;
        }
        var (classes, count, representatives) = ByteClasses(program.Sets);
        var restart = Closure(program, [0], atStart: false);
        var initial = Closure(program, [0], atStart: true);
        var states = new List<int[]> { initial };
        var index = new Dictionary<string, int>(StringComparer.Ordinal) { [Key(initial)] = 0 };
        var next = new List<ushort>();
        var accept = new List<byte>();
        for (var s = 0; s < states.Count; s++)
        {
            var kernel = states[s];
            accept.Add(AcceptOf(program, kernel));
            for (var k = 0; k < count; k++)
            {
                var b = representatives[k];
                var targets = kernel
                    .Where(pc => program.Instructions[pc].Op == RegexOp.Bytes && program.Sets[program.Instructions[pc].Arg].Contains(b))
                    .Select(pc => pc + 1);
                var target = Closure(program, targets, atStart: false).Union(restart).Order().ToArray();
                var key = Key(target);
                if (!index.TryGetValue(key, out var t))
                {
                    if (states.Count == MaxStates || (states.Count + 1) * count > MaxEntries)
                    {
                        return null;
                    }
                    t = states.Count;
                    index[key] = t;
                    states.Add(target);
                }
                next.Add((ushort)t);
            }
        }
        return new RegexDfa([.. classes], count, [.. next], [.. accept]);
    }

    private static byte AcceptOf(RegexProgram program, int[] kernel)
    {
        if (kernel.Length == 0)
        {
            return Dead;
        }
        if (kernel.Any(pc => program.Instructions[pc].Op == RegexOp.Match))
        {
            return Matched;
        }
        var afterEnd = Closure(program, kernel.Where(pc => program.Instructions[pc].Op == RegexOp.End).Select(pc => pc + 1), atStart: false);
        return afterEnd.Any(pc => program.Instructions[pc].Op == RegexOp.Match) ? MatchedAtEnd : (byte)0;
    }

    /// <summary>The consuming instructions (bytes, end, match) reachable from pcs without input.</summary>
    private static int[] Closure(RegexProgram program, IEnumerable<int> pcs, bool atStart)
    {
        var seen = new HashSet<int>();
        var result = new SortedSet<int>();
        var work = new Stack<int>(pcs);
        while (work.TryPop(out var pc))
        {
            if (!seen.Add(pc))
            {
                continue;
            }
            var insn = program.Instructions[pc];
            switch (insn.Op)
            {
                case RegexOp.Jump:
                    work.Push(insn.X);
                    break;
                case RegexOp.Split:
                    work.Push(insn.X);
                    work.Push(insn.Y);
                    break;
                case RegexOp.Save:
                    work.Push(pc + 1);
                    break;
                case RegexOp.Start:
                    if (atStart)
                    {
                        work.Push(pc + 1);
                    }
                    break;
                default:
                    result.Add(pc);
                    break;
            }
        }
        return [.. result];
    }

    private static string Key(int[] kernel) => string.Join(',', kernel);

    /// <summary>Bytes 0..255 grouped by which sets hold them; byte 0 (the terminator) is in none.</summary>
    private static (byte[] Classes, int Count, List<int> Representatives) ByteClasses(ImmutableArray<ByteSet> sets)
    {
        var classes = new byte[256];
        var signatures = new Dictionary<string, int>(StringComparer.Ordinal);
        var representatives = new List<int>();
        for (var b = 0; b < 256; b++)
        {
            var signature = string.Concat(sets.Select(s => s.Contains(b) ? '1' : '0'));
            if (!signatures.TryGetValue(signature, out var k))
            {
                k = signatures.Count;
                signatures[signature] = k;
                representatives.Add(b);
            }
            classes[b] = (byte)k;
        }
        return (classes, signatures.Count, representatives);
    }
}
