using System.Collections.Immutable;
using System.Globalization;
using Stapper.Elaborate;

namespace Stapper.Translate;

/// <summary>
/// The C of array elements: keys filled into a <c>struct stp_key</c>, then the runtime's map calls,
/// <c>stp_map_*</c> on a plain array and <c>stp_pmap_*</c> on a per-CPU stats array (a write goes to
/// this CPU's own map, a read or delete folds or walks them all).
/// </summary>
internal sealed class MapAccess(BodyFrame frame, ExpressionEmitter expressions)
{
    private static string Address(GlobalVariable g) => "&" + CNames.Global(g);

    /// <summary>The map an element write goes to: a stats array's is this CPU's own.</summary>
    private static string WriteMap(GlobalVariable g) => g.Type == StapType.Stats
        ? $"stp_pmap_this({Address(g)})"
        : Address(g);

    private static uint AllKeys(GlobalVariable g) => (1u << g.KeyTypes.Length) - 1;

    /// <summary>One assignment per key into <paramref name="k"/> (a * slot gets an empty value) and the mask of keys given.</summary>
    private (List<string> Assignments, uint Mask) KeyAssignments(GlobalVariable g, IReadOnlyList<BoundExpression?> keys, string k)
    {
        uint mask = 0;
        var assignments = new List<string>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            var value = key is null ? (g.KeyTypes[i] == StapType.String ? "\"\"" : "0") : expressions.Expr(key);
            mask |= key is null ? 0 : 1u << i;
            assignments.Add(g.KeyTypes[i] == StapType.String ? $"{k}.s[{i}] = {value};" : $"{k}.n[{i}] = {value};");
        }
        return (assignments, mask);
    }

    /// <summary>Writes the key assignments as statements; returns the mask of keys given (not *).</summary>
    public uint FillKeys(GlobalVariable g, IReadOnlyList<BoundExpression?> keys, string k)
    {
        var (assignments, mask) = KeyAssignments(g, keys, k);
        foreach (var a in assignments)
        {
            frame.Writer.Line(a);
        }
        return mask;
    }

    /// <summary>The key assignments inline ("a; b; ") for a statement expression.</summary>
    private string KeysInline(GlobalVariable g, IReadOnlyList<BoundExpression?> keys, string k, out uint mask)
    {
        var (assignments, given) = KeyAssignments(g, keys, k);
        mask = given;
        return string.Concat(assignments.Select(a => a + " "));
    }

    private string KeysInline(BoundArrayElement a, string k) =>
        KeysInline(a.Array, a.Keys.Cast<BoundExpression?>().ToList(), k, out _);

    /// <summary>An element's value; an absent element reads as 0 or "".</summary>
    public string Read(BoundArrayElement a)
    {
        var g = a.Array;
        var k = frame.Id("_k");
        var n = frame.Id("_n");
        var map = Address(g);
        var keys = KeysInline(a, k);
        var value = g.Type == StapType.String
            ? $"({n} ? (const char *)stp_node_str({map}, {n}) : \"\")"
            : $"({n} ? *stp_node_long({map}, {n}) : (int64_t)0)";
        return $"({{ struct stp_key {k}; struct stp_map_node *{n}; {keys}{n} = stp_map_find({map}, &{k}); {value}; }})";
    }

    /// <summary><c>[k] in a</c>; a * key tests for any element of the slice.</summary>
    public string Contains(BoundIn i)
    {
        var k = frame.Id("_k");
        var keys = KeysInline(i.Array, i.Keys, k, out var mask);
        var map = Address(i.Array);
        if (i.Array.Type == StapType.Stats)
        {
            return $"({{ struct stp_key {k}; {keys}(int64_t)stp_pmap_exists({map}, &{k}, {mask}u); }})";
        }
        return mask == AllKeys(i.Array)
            ? $"({{ struct stp_key {k}; {keys}(int64_t)(stp_map_find({map}, &{k}) != NULL); }})"
            : $"({{ struct stp_key {k}; {keys}(int64_t)stp_map_exists_slice({map}, &{k}, {mask}u); }})";
    }

    /// <summary>
    /// The statements finding or adding the element's node in its write map (raising stap's overflow
    /// error when full); <paramref name="preValue"/> evaluates the value first, as stap does.
    /// </summary>
    private string Node(BoundArrayElement a, string n, string k, string preValue)
    {
        var g = a.Array;
        var map = WriteMap(g);
        var keys = KeysInline(a, k);
        return $"{keys}{preValue}{n} = stp_map_get({map}, &{k}); " +
               frame.Check($"!{n}", OverflowMessage(g), CNames.Where(a.Token, a.TokenSpan)) + " ";
    }

    /// <summary>stap's error when an array cannot take one more element.</summary>
    public static string OverflowMessage(GlobalVariable g) =>
        "Array overflow, check " + (g.MaxEntries > 0 ? $"size limit ({g.MaxEntries.ToString(CultureInfo.InvariantCulture)})" : "MAXMAPENTRIES");

    /// <summary>An assignment to a string element: <c>=</c> copies, <c>.=</c> appends.</summary>
    public string AssignString(BoundArrayElement el, BoundExpression value, bool append)
    {
        var v = frame.Id("_v");
        var n = frame.Id("_n");
        var map = Address(el.Array);
        var k = frame.Id("_k");
        var pre = Node(el, n, k, $"{v} = {expressions.Expr(value)}; ");
        var op = append ? "stp_strcat" : "stp_strcpy";
        return $"({{ struct stp_key {k}; struct stp_map_node *{n}; const char *{v}; {pre}(const char *){op}(stp_node_str({map}, {n}), {v}); }})";
    }

    /// <summary>An assignment to a long element; <paramref name="combine"/> gives the C of "old OP value".</summary>
    public string AssignLong(BoundArrayElement el, BoundExpression value, Func<string, string, string> combine)
    {
        var v = frame.Id("_v");
        var n = frame.Id("_n");
        var map = Address(el.Array);
        var k = frame.Id("_k");
        var pre = Node(el, n, k, $"{v} = {expressions.Expr(value)}; ");
        var p = $"(*stp_node_long({map}, {n}))";
        return $"({{ struct stp_key {k}; struct stp_map_node *{n}; int64_t {v}; {pre}{p} = {combine(p, v)}; {p}; }})";
    }

    /// <summary><c>a[k]++</c> and the like: <paramref name="apply"/> puts the operator on the element's lvalue.</summary>
    public string Increment(BoundArrayElement el, Func<string, string> apply)
    {
        var n = frame.Id("_n");
        var k = frame.Id("_k");
        var pre = Node(el, n, k, "");
        return $"({{ struct stp_key {k}; struct stp_map_node *{n}; {pre}{apply($"(*stp_node_long({Address(el.Array)}, {n}))")}; }})";
    }

    /// <summary><c>a[k] &lt;&lt;&lt; v</c>: <paramref name="add"/> gives the C adding the value to the element's stat.</summary>
    public string AddToStat(BoundArrayElement el, BoundExpression value, Func<string, string, string> add)
    {
        var v = frame.Id("_v");
        var n = frame.Id("_n");
        var k = frame.Id("_k");
        var map = WriteMap(el.Array);
        var pre = Node(el, n, k, $"{v} = {expressions.Expr(value)}; ");
        return $"({{ struct stp_key {k}; struct stp_map_node *{n}; int64_t {v}; {pre}{add($"stp_node_stat({map}, {n})", v)}; }})";
    }

    /// <summary>A stats element's statistics folded over the CPUs (NULL when the element is absent).</summary>
    public string StatOf(BoundArrayElement el)
    {
        var k = frame.Id("_k");
        var keys = KeysInline(el, k);
        return $"({{ struct stp_key {k}; {keys}stp_pmap_find({Address(el.Array)}, &{k}); }})";
    }

    /// <summary><c>delete a[k]</c>, or every element of a slice when some keys are *.</summary>
    public void Delete(GlobalVariable g, ImmutableArray<BoundExpression?> keys)
    {
        var w = frame.Writer;
        var map = Address(g);
        var k = frame.Id("_k");
        var n = frame.Id("_n");
        w.Open("{");
        w.Line($"struct stp_key {k};");
        w.Line($"struct stp_map_node *{n};");
        var mask = FillKeys(g, keys, k);
        if (g.Type == StapType.Stats)
        {
            w.Line($"(void){n};");
            w.Line($"stp_pmap_delete({map}, &{k}, {mask}u);");
        }
        else if (mask == AllKeys(g))
        {
            w.Line($"{n} = stp_map_find({map}, &{k});");
            w.Line($"if ({n}) stp_map_delete_node({map}, {n});");
        }
        else
        {
            w.Line($"(void){n};");
            w.Line($"stp_map_delete_slice({map}, &{k}, {mask}u);");
        }
        w.Close();
    }

    /// <summary><c>delete a</c>: every element.</summary>
    public static string Clear(GlobalVariable g) => g.Type == StapType.Stats
        ? $"stp_pmap_clear({Address(g)});"
        : $"stp_map_clear({Address(g)});";

    /// <summary>The map foreach walks: a stats array's CPUs folded into one.</summary>
    public static string Iterated(GlobalVariable g) => g.Type == StapType.Stats
        ? $"stp_pmap_agg({Address(g)})"
        : Address(g);
}
