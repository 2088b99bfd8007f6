using Stapper.Elaborate;

namespace Stapper.Translate;

/// <summary>
/// Whether a probe reaches, through the functions it calls, embedded C marked <c>/* pragma:regs */</c>
/// (it reads <c>CONTEXT-&gt;regs</c>): its kernel.function sites must then be kprobes, since the
/// ftrace_ops fast path runs the handler without registers.
/// </summary>
internal sealed class RegisterUse
{
    private readonly Dictionary<string, ScriptFunction> _functions;

    public RegisterUse(IEnumerable<ScriptFunction> functions)
    {
        _functions = functions.GroupBy(CNames.Function).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    public bool ReadsRegisters(Probe probe)
    {
        // A BoundCall holds the callee's signature; its body is the program's copy.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<ScriptFunction>(BoundWalker.Calls(probe.Body).Select(c => c.Function));
        while (pending.TryPop(out var called))
        {
            var key = CNames.Function(called);
            if (!seen.Add(key))
            {
                continue;
            }
            var f = _functions.GetValueOrDefault(key, called);
            if (f.Embedded is { ReadsRegisters: true })
            {
                return true;
            }
            if (f.Body is { } body)
            {
                foreach (var call in BoundWalker.Calls(body))
                {
                    pending.Push(call.Function);
                }
            }
        }
        return false;
    }
}
