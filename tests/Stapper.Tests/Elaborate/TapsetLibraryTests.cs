using Stapper.Diagnostics;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>
/// The standard tapset library (issue 14): the documented functions resolve from the repository's tapsets, and a
/// tapset may call a /* guru */ function for a script without -g, as stap's privileged tapset context allows.
/// </summary>
public class TapsetLibraryTests
{
    private static readonly (string, string)[] Tapsets = [.. Directory
        .EnumerateFiles(Path.Combine(Harness.RepoRoot, "tapsets"), "*", SearchOption.AllDirectories)
        .Where(f => f.EndsWith(".stp", StringComparison.Ordinal) || f.EndsWith(".stpm", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .Select(f => (f, File.ReadAllText(f)))];

    public static TheoryData<string> Names() =>
    [
        "kernel_string2", "kernel_string_utf16", "kernel_string_utf32", "kernel_string2_utf16", "kernel_string2_utf32",
        "kernel_string_quoted_utf16", "kernel_string_quoted_utf32", "kernel_or_user_string_quoted_utf16",
        "kernel_or_user_string_quoted_utf32", "kernel_buffer_quoted", "kernel_buffer_quoted_error", "user_string2",
        "user_string_n2", "user_string_n2_quoted", "user_string_n_quoted", "user_string_n_nofault", "user_string2_n_warn",
        "user_string2_warn", "user_string_warn", "user_string_n_warn", "user_string_utf16", "user_string_utf32",
        "user_string2_utf16", "user_string2_utf32", "user_string_quoted_utf16", "user_string_quoted_utf32",
        "user_buffer_quoted_error", "user_char_warn", "user_short_warn", "user_ushort_warn", "user_int_warn",
        "user_long_warn", "user_ulong_warn", "stp_print_binary", "set_kernel_string", "set_kernel_string_n",
        "set_user_string", "set_user_string_n", "set_user_string_arg", "set_user_char", "set_user_short", "set_user_int",
        "set_user_long", "set_user_pointer", "set_int_arg", "set_long_arg", "set_uint_arg", "set_ulong_arg",
        "set_longlong_arg", "set_ulonglong_arg", "set_pointer_arg", "set_s32_arg", "set_u32_arg", "set_s64_arg",
        "set_u64_arg", "big_endian2", "big_endian4", "big_endian8", "little_endian2", "little_endian4", "little_endian8",
        "atomic_read", "atomic_long_read", "rcu_dereference", "WEXITSTATUS", "WIFEXITED", "WTERMSIG", "AF_INET",
        "AF_INET6", "arch_bytes", "uarch_bytes", "probing_32bit_app", "returnstr", "irqflags_str", "msg_flags_num2str",
        "sock_fam_num2str", "sock_fam_str2num", "sock_prot_num2str", "sock_prot_str2num", "sock_state_num2str",
        "sock_state_str2num", "sock_type_num2str", "sock_type_str2num", "sock_flags_num2str", "tcp_sockopt_str",
        "tcp_ipv6_sockopt_str", "tcp_ts_get_info_rcv_mss", "tcp_ts_get_info_snd_ssthresh", "msecs_to_string",
        "usecs_to_string", "nsecs_to_string", "cputime_to_msecs", "cputime_to_usecs", "cputime_to_string",
        "task_time_string", "task_time_string_tid", "get_loadavg_index", "sprint_loadavg", "env_var", "is_myproc",
        "pnlabel", "probe_type", "stack_size", "stack_used", "stack_unused", "module_size", "mdelay", "udelay", "panic",
        "print_regs",
    ];

    [Theory]
    [MemberData(nameof(Names))]
    public void DocumentedFunctionResolves(string name)
    {
        // called with no arguments: an arity mismatch names a function that exists, "unresolved" one that does not
        var result = Elaboration.Run($"function f() {{ {name}() }} probe begin {{ f() }}", null, o => o with { GuruMode = true }, Tapsets);
        Assert.DoesNotContain(result.Diagnostics, d => d.Message.StartsWith("unresolved function", StringComparison.Ordinal));
    }

    [Fact]
    public void AnArityMismatchOfALibraryFunctionNamesItsDeclaration()
    {
        // the library's file is not pulled for a call that fits none of its declarations; the count and place are stap's
        var result = Elaboration.Run("probe begin { exit(1) }", null, o => o, Tapsets);
        var mismatch = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("arity mismatch found (function 'exit' takes 0 args)", mismatch.Message);
        Assert.EndsWith("logging.stp", mismatch.Also!.Value.Span.File.Path);
    }

    [Theory]
    [InlineData("set_returnval")] // only with --compatible=4.0 or older
    [InlineData("probing_app_with_32bit_regs")] // mips only
    public void FunctionStapLacksOnX8664IsUnresolved(string name)
    {
        var result = Elaboration.Run($"probe begin {{ {name}() }}", null, o => o with { GuruMode = true }, Tapsets);
        Assert.Contains(result.Diagnostics, d => d.Message.StartsWith("unresolved function " + name, StringComparison.Ordinal));
    }

    private static readonly (string, string) GuruTapset = ("guru.stp",
        "function poke(v:long) %{ /* guru */ %}\nfunction wrapper(v:long) { poke(v) }\n");

    [Fact]
    public void TapsetMayCallGuruFunctionWithoutGuruMode()
    {
        var result = Elaboration.Run("probe begin { wrapper(1) }", GuruTapset);
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(d => new DiagnosticRenderer().Render(d)));
    }

    [Fact]
    public void ScriptMayNotCallGuruFunctionWithoutGuruMode()
    {
        var errors = Elaboration.Errors("probe begin { poke(1) }", GuruTapset);
        Assert.Contains("semantic error: function may not be used unless -g is specified: identifier 'poke' at t.stp:1:15", errors);
    }
}
