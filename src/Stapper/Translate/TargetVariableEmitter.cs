using System.Globalization;
using System.Text;
using Stapper.DebugInfo.Dwarf;
using Stapper.Elaborate;

namespace Stapper.Translate;

/// <summary>
/// The C of a target-variable read: a statement expression over one unsigned long, each step in turn.
/// Memory reads go through stp_kread (copy_from_kernel_nofault) or, for a probed process's memory, stp_uread
/// (copy_from_user_nofault); both raise stap's read fault error.
/// </summary>
internal static class TargetVariableEmitter
{
    /// <param name="contextFree">The runner's <c>regs</c> and <c>args</c> are in scope, not a context (<see cref="ContextFreeBody"/>).</param>
    public static string Read(BoundTargetValue value, Func<BoundExpression, string> expr, string errorLabel, Func<string, string> id, bool contextFree = false)
    {
        var w = id("_tv");
        var where = CNames.Where(value.Token, value.TokenSpan);
        var sb = new StringBuilder($"({{ unsigned long {w} = 0; ");
        foreach (var step in value.Steps)
        {
            sb.Append(step switch
            {
                LoadParameter { Saved: false } p when contextFree => $"{w} = stp_probe_arg(regs, args, {p.Index}); ",
                LoadParameter { Saved: false } p => $"{w} = stp_target_arg(c, {p.Index}); ",
                LoadContextArgument a when contextFree => $"{w} = args[{a.Index}]; ",
                LoadParameter p => $"{w} = stp_target_saved_arg({p.Index}); ",
                LoadContextArgument a => $"{w} = c->probe_args[{a.Index}]; ",
                LoadReturnValue => $"{w} = stp_target_return(c); ",
                LoadValue v => $"{w} = (unsigned long)({expr(v.Value)}); ",
                LoadRegister r => $"{w} = c->regs->{r.Field}; ",
                LoadConstant k => $"{w} = (unsigned long){CNames.LongLiteral(k.Value)}; ",
                LoadGlobal { KernelModule: true } g => $"{w} = READ_ONCE({CNames.ModuleGlobal(g)}.address); ",
                LoadGlobal { User: false } g => $"{w} = stp_kernel_global({CNames.LongLiteral(g.FromJiffies)}); ",
                LoadGlobal g => $"{w} = stp_user_global({CNames.StringLiteral(g.Module)}, {Number((long)g.Offset)}UL, {(g.Relocatable ? 1 : 0)}); ",
                AddRegister r => $"{w} += c->regs->{r.Field} * {Number(r.Scale)}UL; ",
                FetchUser f => $"if (unlikely(stp_target_uread(c, &{w}, {f.Size}, {(f.Signed ? 1 : 0)}, {where}))) goto {errorLabel}; ",
                AddOffset o => $"{w} += {Number(o.Bytes)}UL; ",
                AddIndex i => $"{w} += (unsigned long)((int64_t)({expr(i.Index)}) * {Number(i.Scale)}); ",
                Fetch f => $"if (unlikely(stp_kread(c, &{w}, {f.Size}, {(f.Signed ? 1 : 0)}, {where}))) goto {errorLabel}; ",
                Narrow n => $"{w} = {NarrowCast(n)}{w}; ",
                CombineConstant { Op: PlaceOp.Shra } k => $"{w} = (unsigned long)((long){w} >> {Number(k.Operand)}); ",
                CombineConstant k => $"{w} = {w} {CombineOperator(k.Op)} (unsigned long){CNames.LongLiteral(k.Operand)}; ",
                FetchBits b => Bits(w, b, where, errorLabel),
                _ => throw new InvalidOperationException("unknown target step " + step),
            });
        }
        sb.Append($"(int64_t){w}; }})");
        return sb.ToString();
    }

    /// <summary>
    /// The C of a guru-mode write: the value is computed first (as stap), then stored where the target's steps end:
    /// a parameter's register or the return value in the probe's pt_regs, or memory through stp_kwrite.
    /// </summary>
    public static string Write(BoundTargetWrite write, Func<BoundExpression, string> expr, string errorLabel, Func<string, string> id)
    {
        var v = id("_wv");
        var target = (BoundTargetValue)write.Target;
        var steps = target.Steps;
        var head = $"({{ int64_t {v} = {expr(write.Value)}; ";
        // A location in memory first: a syscall wrapper's parameter is loaded through its pt_regs pointer.
        if (steps is [.., Fetch or FetchUser])
        {
            var (size, writer) = steps[^1] is Fetch f ? (f.Size, "stp_kwrite") : (((FetchUser)steps[^1]).Size, "stp_uwrite");
            var address = Read(target with { Steps = steps[..^1] }, expr, errorLabel, id);
            var where = CNames.Where(target.Token, target.TokenSpan);
            return head + $"if (unlikely({writer}(c, (unsigned long){address}, {size}, {v}, {where}))) goto {errorLabel}; {v}; }})";
        }
        return steps switch
        {
            [LoadReturnValue, ..] => head + $"stp_target_set_return(c, (unsigned long){v}); {v}; }})",
            [LoadParameter p, ..] => head + $"stp_target_set_arg(c, {p.Index}, (unsigned long){v}); {v}; }})",
            // A context value the site hands back (netfilter's verdict): its slot in the handler's argument array.
            [LoadContextArgument a, ..] => head + $"((unsigned long *)c->probe_args)[{a.Index}] = (unsigned long){v}; {v}; }})",
            _ => throw new InvalidOperationException("a target write that is neither memory, a parameter nor the return value"),
        };
    }

    private static string Bits(string w, FetchBits b, string where, string errorLabel)
    {
        var fetch = $"if (unlikely(stp_kread(c, &{w}, {b.Size}, 0, {where}))) goto {errorLabel}; ";
        var up = 64 - b.Shift - b.Bits;
        var down = 64 - b.Bits;
        return b.Signed
            ? fetch + $"{w} = (unsigned long)(((long)({w} << {up})) >> {down}); "
            : fetch + $"{w} = ({w} << {up}) >> {down}; ";
    }

    /// <summary>The cast keeping the low bytes of the word, sign-extended for signed types.</summary>
    private static string NarrowCast(Narrow n)
    {
        var bits = (n.Size * 8).ToString(CultureInfo.InvariantCulture);
        return n.Signed ? $"(unsigned long)(long)(s{bits})" : $"(unsigned long)(u{bits})";
    }

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>C's operator for a combining step (on the unsigned word, so Shr shifts zeros in).</summary>
    private static string CombineOperator(PlaceOp op) => op switch
    {
        PlaceOp.Or => "|",
        PlaceOp.And => "&",
        PlaceOp.Xor => "^",
        PlaceOp.Shl => "<<",
        _ => ">>",
    };
}
