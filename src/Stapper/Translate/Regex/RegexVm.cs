using Stapper.Parse.RegexSyntax;

namespace Stapper.Translate.Regex;

/// <summary>
/// The Pike VM of runtime/stp_regex.h, in C#: it is the reference the tests hold the C matcher and the DFA to.
/// As stap's engine: the first match found while scanning (the earliest end; at one end, the first thread in
/// priority order, which is the earliest start) is kept, and only a longer match from the same start replaces it.
/// </summary>
public static class RegexVm
{
    /// <summary>The capture slots of the match (-1 where a group did not take part), or null for no match.</summary>
    public static int[]? Match(RegexProgram program, ReadOnlySpan<byte> subject)
    {
        var length = subject.IndexOf((byte)0) is var nul and >= 0 ? nul : subject.Length;
        var current = new List<(int Pc, int[] Caps)>();
        var next = new List<(int Pc, int[] Caps)>();
        int[]? best = null;
        Add(program, current, 0, Unset(program), 0, length, new HashSet<int>());
        // One position past the end stands for "after $ consumed the end".
        for (var pos = 0; pos <= length + 1 && current.Count > 0; pos++)
        {
            var seen = new HashSet<int>();
            foreach (var (pc, caps) in current)
            {
                if (best is not null && caps[0] != best[0])
                {
                    continue;
                }
                var insn = program.Instructions[pc];
                switch (insn.Op)
                {
                    case RegexOp.Match:
                        var end = Math.Min(pos, length);
                        if (best is null || end > best[1])
                        {
                            best = (int[])caps.Clone();
                            best[1] = end;
                        }
                        break;
                    case RegexOp.Bytes when pos < length && program.Sets[insn.Arg].Contains(subject[pos]):
                    case RegexOp.End when pos == length:
                        Add(program, next, pc + 1, caps, pos + 1, length, seen);
                        break;
                }
            }
            // An unanchored search starts a new, lowest-priority thread at each position until something matched.
            if (best is null && pos + 1 <= length)
            {
                Add(program, next, 0, Unset(program), pos + 1, length, seen);
            }
            (current, next) = (next, current);
            next.Clear();
        }
        return best;
    }

    private static int[] Unset(RegexProgram program)
    {
        var caps = new int[program.Captures];
        Array.Fill(caps, -1);
        return caps;
    }

    /// <summary>Follows the non-consuming instructions from pc in priority order, adding the threads that wait on input.</summary>
    private static void Add(RegexProgram program, List<(int Pc, int[] Caps)> list, int pc, int[] caps, int pos, int length, HashSet<int> seen)
    {
        if (!seen.Add(pc))
        {
            return;
        }
        var insn = program.Instructions[pc];
        switch (insn.Op)
        {
            case RegexOp.Jump:
                Add(program, list, insn.X, caps, pos, length, seen);
                break;
            case RegexOp.Split:
                Add(program, list, insn.X, caps, pos, length, seen);
                Add(program, list, insn.Y, caps, pos, length, seen);
                break;
            case RegexOp.Save:
                var copy = (int[])caps.Clone();
                copy[insn.Arg] = Math.Min(pos, length);
                Add(program, list, pc + 1, copy, pos, length, seen);
                break;
            case RegexOp.Start:
                if (pos == 0)
                {
                    Add(program, list, pc + 1, caps, pos, length, seen);
                }
                break;
            default:
                list.Add((pc, caps));
                break;
        }
    }
}
