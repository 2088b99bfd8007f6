using System.Globalization;
using System.Text;
using Stapper.Elaborate;

namespace Stapper.Translate;

/// <summary>
/// The C of a target-variable read: a statement expression over one unsigned long, each step in turn.
/// Memory reads go through stp_kread (copy_from_kernel_nofault) or, for a probed process's memory, stp_uread
/// (copy_from_user_nofault); both raise stap's read fault error.
/// </summary>
internal static class TargetVariableEmitter
{
    public static string Read(BoundTargetValue value, Func<BoundExpression, string> expr, string errorLabel, Func<string, string> id)
    {
        var w = id("_tv");
        var where = CNames.Where(value.Token, value.TokenSpan);
        var sb = new StringBuilder($"({{ unsigned long {w} = 0; ");
        foreach (var step in value.Steps)
        {
            sb.Append(step switch
            {
                LoadParameter { Saved: false } p => $"{w} = stp_target_arg(c, {p.Index}); ",
                LoadParameter p => $"{w} = stp_target_saved_arg({p.Index}); ",
                LoadContextArgument a => $"{w} = c->probe_args[{a.Index}]; ",
                LoadReturnValue => $"{w} = stp_target_return(c); ",
                LoadValue v => $"{w} = (unsigned long)({expr(v.Value)}); ",
                LoadRegister r => $"{w} = c->regs->{r.Field}; ",
                LoadConstant k => $"{w} = (unsigned long){CNames.LongLiteral(k.Value)}; ",
                AddRegister r => $"{w} += c->regs->{r.Field} * {Number(r.Scale)}UL; ",
                FetchUser f => $"if (unlikely(stp_target_uread(c, &{w}, {f.Size}, {(f.Signed ? 1 : 0)}, {where}))) goto {errorLabel}; ",
                AddOffset o => $"{w} += {Number(o.Bytes)}UL; ",
                AddIndex i => $"{w} += (unsigned long)((int64_t)({expr(i.Index)}) * {Number(i.Scale)}); ",
                Fetch f => $"if (unlikely(stp_kread(c, &{w}, {f.Size}, {(f.Signed ? 1 : 0)}, {where}))) goto {errorLabel}; ",
                Narrow n => $"{w} = {NarrowCast(n)}{w}; ",
                FetchBits b => Bits(w, b, where, errorLabel),
                _ => throw new InvalidOperationException("unknown target step " + step),
            });
        }
        sb.Append($"(int64_t){w}; }})");
        return sb.ToString();
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
}
