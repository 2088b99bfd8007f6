using Stapper.Elaborate;

namespace Stapper.Translate;

/// <summary>The C of each function and probe: the body from the C emitter, the fixed shape around it from a template.</summary>
internal sealed partial class ModuleGenerator
{
    private (IReadOnlyList<string> Fields, string Code) FunctionBody(ScriptFunction f)
    {
        var e = new BodyEmitter(_diagnostics, f, _regexes, _counters, _program.Globals);
        foreach (var p in f.Parameters)
        {
            e.DeclareLocal(p);
        }
        foreach (var v in f.Locals)
        {
            e.DeclareLocal(v);
        }
        var returnType = f.ReturnType switch
        {
            StapType.String => "string",
            StapType.Long => "long",
            _ => "void",
        };
        string? retvalueZero = null;
        if (f.ReturnType is StapType.String or StapType.Long)
        {
            e.AddField(FrameSlot.Declaration("__retvalue", f.ReturnType));
            retvalueZero = FrameSlot.Zero("__retvalue", f.ReturnType);
        }
        if (f.Embedded is null)
        {
            foreach (var v in f.Locals)
            {
                e.InitLocal(v);
            }
            if (retvalueZero is not null)
            {
                e.Line(retvalueZero);
            }
            if (f.Body is not null)
            {
                e.Statement(f.Body);
            }
        }
        var macros = f.Embedded is { } embedded
            ? GlobalMacros.For(embedded.Code, _program.Globals, "out", CNames.Where($"identifier '{f.Name}'", f.NameSpan))
            : new GlobalMacros.Lines([], []);
        var model = new Dictionary<string, object?>
        {
            ["name"] = f.Name,
            ["span"] = f.Span.ToString(),
            ["function"] = CNames.Function(f),
            ["frame"] = CNames.FunctionFrame(f),
            ["member"] = CNames.FunctionUnionMember(f),
            ["embedded"] = f.Embedded is not null,
            ["code"] = f.Embedded?.Code ?? "",
            ["global_defines"] = macros.Defines,
            ["global_undefs"] = macros.Undefs,
            ["parameters"] = f.Parameters.Select(p => new Dictionary<string, object?>
            {
                ["name"] = p.Name,
                ["field"] = CNames.Local(p),
            }).ToList(),
            ["return_type"] = returnType,
            ["retvalue_macro"] = f.ReturnType != StapType.Void,
            ["retvalue_zero"] = retvalueZero,
            ["body"] = e.Code,
        };
        return (e.Fields, TranslatePass.Render(Template("function.liquid"), model));
    }

    private (IReadOnlyList<string> Fields, string Code) ProbeBody(Probe p, IReadOnlyList<(GlobalVariable Global, bool Write)> locks)
    {
        var actions = ActionBudget.Bound(p.Body);
        var e = new BodyEmitter(_diagnostics, null, _regexes, _counters, _program.Globals, actions);
        foreach (var v in p.Locals)
        {
            e.DeclareLocal(v);
        }
        foreach (var v in p.Locals)
        {
            e.InitLocal(v);
        }
        e.Statement(p.Body);
        string? fast = null;
        if (actions is int && locks.Count == 0 && p.Locals.Length == 0 && ContextFreeBody.Qualifies(p.Body, _counters))
        {
            var f = new BodyEmitter(_diagnostics, null, _regexes, _counters, _program.Globals, actions, contextFree: true);
            f.Statement(p.Body);
            fast = f.Code;
        }
        var where = p.Sites.Length > 0 ? p.Sites[0].Name : "probe";
        var model = new Dictionary<string, object?>
        {
            ["where"] = where.Replace("*/", "* /", StringComparison.Ordinal),
            ["span"] = p.Span.ToString(),
            ["probe"] = CNames.Probe(p),
            ["frame"] = CNames.ProbeFrame(p),
            ["member"] = CNames.ProbeUnionMember(p),
            ["runner"] = CNames.ProbeRunner(p),
            ["actions"] = (actions ?? -1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["body"] = e.Code,
            ["fast_body"] = fast,
            ["locks"] = locks.Select((l, i) => new Dictionary<string, object?>
            {
                ["index"] = i,
                ["name"] = CNames.GlobalLock(l.Global),
                ["mode"] = l.Write ? "write" : "read",
            }).ToList(),
        };
        return (e.Fields, TranslatePass.Render(Template("probe.liquid"), model));
    }
}
