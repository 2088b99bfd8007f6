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
    private readonly Dictionary<string, bool> _reads = new(StringComparer.Ordinal);

    public RegisterUse(IEnumerable<ScriptFunction> functions)
    {
        _functions = functions.GroupBy(CNames.Function).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    public bool ReadsRegisters(Probe probe) => BoundWalker.Calls(probe.Body).Any(c => Reads(c.Function));

    private bool Reads(ScriptFunction called)
    {
        var key = CNames.Function(called);
        if (_reads.TryGetValue(key, out var known))
        {
            return known;
        }
        _reads[key] = false; // a recursive call adds nothing while its answer is pending
        var f = _functions.GetValueOrDefault(key, called);
        var reads = f.Embedded is { } e
            ? e.ReadsRegisters
            : f.Body is { } body && BoundWalker.Calls(body).Any(c => Reads(c.Function));
        _reads[key] = reads;
        return reads;
    }
}
