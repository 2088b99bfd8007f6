using System.Collections.Immutable;

namespace Stapper.Elaborate;

/// <summary>How a call finds its callee: stap overloads functions by arity, so a name alone is not enough.</summary>
public readonly record struct FunctionKey(string Name, int Arity)
{
    public static FunctionKey Of(ScriptFunction function) => new(function.Name, function.Parameters.Length);

    public static FunctionKey Of(BoundCall call) => new(call.Function.Name, call.Function.Parameters.Length);
}

/// <summary>
/// Who calls whom among a program's functions, with their bodies (a <see cref="BoundCall"/> holds only the
/// callee's signature). Pass 2 prunes with it; the lock sets, register use and regex checks read it.
/// </summary>
public sealed class CallGraph
{
    private readonly Dictionary<FunctionKey, ScriptFunction> _functions = new();
    private readonly Dictionary<FunctionKey, ImmutableArray<ScriptFunction>> _callees = new();

    public CallGraph(IEnumerable<ScriptFunction> functions)
    {
        foreach (var function in functions)
        {
            _functions.TryAdd(FunctionKey.Of(function), function);
        }
    }

    public IEnumerable<ScriptFunction> Functions => _functions.Values;

    /// <summary>The called function with its body, or null when the program does not define it.</summary>
    public ScriptFunction? Callee(BoundCall call) => _functions.GetValueOrDefault(FunctionKey.Of(call));

    /// <summary>The functions a function's body calls directly, in call order, each once.</summary>
    public ImmutableArray<ScriptFunction> Callees(ScriptFunction function)
    {
        var key = FunctionKey.Of(function);
        if (!_callees.TryGetValue(key, out var callees))
        {
            var body = _functions.GetValueOrDefault(key, function).Body;
            _callees[key] = callees = body is null ? [] : [.. DirectCallees(body)];
        }
        return callees;
    }

    /// <summary>Every function reached from some code through calls at any depth, each once, in the order first called.</summary>
    public IReadOnlyList<ScriptFunction> ReachableFrom(BoundStatement code) => ReachableFrom([code]);

    public IReadOnlyList<ScriptFunction> ReachableFrom(IEnumerable<BoundStatement> code)
    {
        var seen = new HashSet<FunctionKey>();
        var order = new List<ScriptFunction>();
        // Depth first with an explicit stack: a long chain of calls must not exhaust the thread's stack.
        var pending = new Stack<IEnumerator<ScriptFunction>>();
        foreach (var statement in code)
        {
            pending.Push(DirectCallees(statement).GetEnumerator());
            while (pending.TryPeek(out var next))
            {
                if (!next.MoveNext())
                {
                    pending.Pop();
                    continue;
                }
                var f = next.Current;
                if (seen.Add(FunctionKey.Of(f)))
                {
                    order.Add(f);
                    pending.Push(((IEnumerable<ScriptFunction>)Callees(f)).GetEnumerator());
                }
            }
        }
        return order;
    }

    private IEnumerable<ScriptFunction> DirectCallees(BoundStatement code)
    {
        var seen = new HashSet<FunctionKey>();
        foreach (var call in BoundWalker.Calls(code))
        {
            if (Callee(call) is { } callee && seen.Add(FunctionKey.Of(callee)))
            {
                yield return callee;
            }
        }
    }
}
