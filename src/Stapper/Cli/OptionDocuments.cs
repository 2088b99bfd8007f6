using System.Text;

namespace Stapper.Cli;

/// <summary>Which generated document --print-man-page / --print-bash-completion asks for.</summary>
public enum OptionDocument
{
    ManPage,
    BashCompletion,
}

/// <summary>stapper(1) and the bash completion, both generated from <see cref="OptionTable"/> (make install writes them).</summary>
public static class OptionDocuments
{
    public static string ManPage()
    {
        var text = new StringBuilder();
        text.Append($"""
.TH STAPPER 1 "" "Stapper {Installation.Version}" "Stapper"
.SH NAME
stapper \- SystemTap-compatible probe-script translator and driver
.SH SYNOPSIS
.B stapper
[\fIOPTIONS\fR] \fIFILE\fR [\fIARGS\fR...]
.br
.B stapper
[\fIOPTIONS\fR] \fB\-e\fR \fISCRIPT\fR [\fIARGS\fR...]
.br
.B stapper \-\-prep\fR[\fB=install\fR] [\fB\-r\fR \fIRELEASE\fR]
.SH DESCRIPTION
Stapper reads a SystemTap script, resolves its probe points against the target kernel (BTF, no debuginfo
needed for kernel functions and tracepoints), translates it to C, builds a kernel module with kbuild and runs
it, as
.BR stap (1)
does in its five passes.
Its options are stap's, with stap's meanings; the options stap has and Stapper does not implement are
rejected with "option X is not supported by Stapper" and exit status 1, never ignored.
.SH OPTIONS

""");
        var (implemented, own, unsupported) = OptionTable.Listed();
        foreach (var option in implemented)
        {
            Item(text, option, option.Help);
        }
        text.Append(".SH STAPPER'S OWN OPTIONS\n");
        foreach (var option in own)
        {
            Item(text, option, option.Help);
        }
        text.Append(".SH OPTIONS NOT SUPPORTED\nstap's options that Stapper rejects, with why.\n");
        foreach (var option in unsupported)
        {
            Item(text, option, option.Help + ": " + option.Reason);
        }
        text.Append("""
.SH FILES
.TP
.I PREFIX/lib/stapper
the tapsets, the C runtime and the templates the installed binary uses
.TP
.I ~/.cache/stapper/modules
built modules, by a hash of everything that goes into them (see \-\-clean\-cache)
.SH ENVIRONMENT
.TP
.B SYSTEMTAP_TAPSET
a tapset directory to use instead of stapper's own
.TP
.B XDG_CACHE_HOME
the cache goes under it instead of ~/.cache
.TP
.B STAPPER_VM_CPUS, STAPPER_VM_ACCEL
the \-\-vm guest's vCPUs (default 2) and accelerator (kvm or tcg)
.SH EXIT STATUS
0 on success; 1 when a pass fails or an option is wrong or not supported; otherwise the run's status.
.SH SEE ALSO
.BR stap (1),
.BR stapprobes (3stap)

""");
        return text.ToString();
    }

    private static void Item(StringBuilder text, StapOption option, string help) =>
        text.Append(".TP\n.B ").Append(Roff(Usage.Synopsis(option))).Append('\n').Append(Roff(help)).Append('\n');

    private static string Roff(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("-", "\\-", StringComparison.Ordinal);

    public static string BashCompletion()
    {
        var visible = OptionTable.All.Where(o => !o.Hidden && o.Status == OptionStatus.Implemented).ToList();
        var words = string.Join(' ', visible.SelectMany(o => new[]
        {
            o.Short is { } c ? "-" + c : null,
            o.Long is { } l ? "--" + l + (o.Argument == OptionArgument.None ? "" : "=") : null,
        }).OfType<string>());
        var withValue = string.Join('|', visible.Where(o => o.Short is not null && o.Argument == OptionArgument.Required).Select(o => "-" + o.Short));
        return $$"""
# bash completion for stapper, generated from its option table (stapper --print-bash-completion)
_stapper()
{
    local cur prev
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    case $prev in
        -r) COMPREPLY=($(compgen -W "$(ls /lib/modules 2>/dev/null)" -- "$cur")); return ;;
        -I|-R) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        -o) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        {{withValue}}) return ;;
    esac
    case $cur in
        --vm=*) COMPREPLY=($(compgen -P --vm= -W "$(ls /lib/modules 2>/dev/null)" -- "${cur#--vm=}")); return ;;
        -*) compopt -o nospace 2>/dev/null
            COMPREPLY=($(compgen -W "{{words}}" -- "$cur"))
            [ ${#COMPREPLY[@]} = 1 ] && [[ ${COMPREPLY[0]} != *= ]] && compopt +o nospace 2>/dev/null
            return ;;
    esac
    COMPREPLY=($(compgen -f -X '!*.stp' -- "$cur") $(compgen -d -- "$cur"))
}
complete -F _stapper stapper

""";
    }
}
