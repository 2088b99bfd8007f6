using System.Collections.Immutable;

using Stapper.Parse.RegexSyntax;

namespace Stapper.Translate.Regex;

/// <summary>
/// Turns a parsed regex into a <see cref="RegexProgram"/>. Greedy choices come first, which gives
/// stap's submatches; <c>x{m,n}</c> unrolls as stap does (optional copies first, each able to skip the rest).
/// </summary>
public sealed class RegexCompiler
{
    /// <summary>Larger programs would make the per-CPU matcher state unreasonably big.</summary>
    public const int MaxInstructions = 8192;

    private readonly List<RegexInstruction> _code = new();
    private readonly List<ByteSet> _sets = new();

    private RegexCompiler()
    {
    }

    /// <summary>The program, or null when it would exceed <see cref="MaxInstructions"/>.</summary>
    public static RegexProgram? Compile(string pattern, RegexParse parse)
    {
        if (parse.Tree is null)
        {
            throw new ArgumentException("cannot compile a regex that did not parse", nameof(parse));
        }
        var c = new RegexCompiler();
        if (!c.Emit(parse.Tree))
        {
            return null;
        }
        c.Add(RegexOp.Match);
        return new RegexProgram(pattern, [.. c._code], [.. c._sets], parse.Groups);
    }

    private int Here => _code.Count;

    private int Add(RegexOp op, int arg = 0, int x = 0, int y = 0)
    {
        _code.Add(new RegexInstruction(op, arg, x, y));
        return _code.Count - 1;
    }

    private void Patch(int at, int x, int y) => _code[at] = _code[at] with { X = x, Y = y };

    private bool Emit(RegexNode node)
    {
        if (_code.Count > MaxInstructions)
        {
            return false;
        }
        switch (node)
        {
            case RegexEmpty:
                return true;
            case RegexBytes b:
                {
                    var index = _sets.IndexOf(b.Set);
                    if (index < 0)
                    {
                        index = _sets.Count;
                        _sets.Add(b.Set);
                    }
                    Add(RegexOp.Bytes, index);
                    return true;
                }
            case RegexConcat c:
                return c.Items.All(Emit);
            case RegexAlternation a:
                {
                    // Split to each choice in turn, the earlier first; every choice but the last jumps to the end.
                    var jumps = new List<int>();
                    for (var i = 0; i < a.Choices.Length; i++)
                    {
                        var split = i < a.Choices.Length - 1 ? Add(RegexOp.Split) : -1;
                        if (!Emit(a.Choices[i]))
                        {
                            return false;
                        }
                        if (split >= 0)
                        {
                            jumps.Add(Add(RegexOp.Jump));
                            Patch(split, split + 1, Here);
                        }
                    }
                    foreach (var j in jumps)
                    {
                        Patch(j, Here, 0);
                    }
                    return true;
                }
            case RegexPlus p:
                {
                    var top = Here;
                    if (!Emit(p.Body))
                    {
                        return false;
                    }
                    var split = Add(RegexOp.Split);
                    Patch(split, top, split + 1);
                    return true;
                }
            case RegexRepeat r:
                return Repeat(r);
            case RegexGroup g:
                Add(RegexOp.Save, 2 * g.Index);
                if (!Emit(g.Body))
                {
                    return false;
                }
                Add(RegexOp.Save, 2 * g.Index + 1);
                return true;
            case RegexAnchor a:
                Add(a.Start ? RegexOp.Start : RegexOp.End);
                return true;
            default:
                throw new ArgumentException("unknown regex node " + node.GetType().Name, nameof(node));
        }
    }

    private bool Repeat(RegexRepeat r)
    {
        var skips = new List<int>();
        for (var i = r.Min; i < r.Max; i++)
        {
            skips.Add(Add(RegexOp.Split));
            if (!Emit(r.Body))
            {
                return false;
            }
        }
        var after = Here;
        foreach (var s in skips)
        {
            Patch(s, s + 1, after);
        }
        for (var i = 0; i < r.Min; i++)
        {
            var top = Here;
            if (!Emit(r.Body))
            {
                return false;
            }
            if (r.Max < 0 && i == 0)
            {
                var loop = Add(RegexOp.Split);
                Patch(loop, top, loop + 1);
            }
        }
        return true;
    }
}
