using System.Text.RegularExpressions;
using Stapper.Matching;

namespace Stapper.Elaborate.Providers;

/// <summary>
/// What stap never probes with kernel.function/module.function, and warns of when a point matches it: source files
/// (the kprobes machinery itself, I/O port and bit helpers, paravirt ops), functions on the paths a probe handler
/// itself takes or that run where a probe would recurse or deadlock (NMI and trap entry, locks, atomics, interrupts,
/// preemption counting), and the functions that never return, for <c>.return</c>. Names are matched whole.
/// </summary>
internal static class KprobeBlocklist
{
    private static readonly string[] Files =
    [
        "kernel/kprobes.c", "arch/*/kernel/kprobes.c", "*/include/asm/io.h", "*/include/asm/io-defs.h",
        "*/include/asm/io_64.h", "*/include/asm/bitops.h", "drivers/ide/ide-iops.c", "arch/*/kernel/paravirt.c",
        "*/include/asm/paravirt.h",
    ];

    // Exact names, then families as regular expressions over the whole name.
    private static readonly Regex Functions = Whole(
        "atomic_notifier_call_chain", "default_do_nmi", "__die", "die_nmi", "do_debug", "do_general_protection", "do_int3",
        "do_IRQ", "do_page_fault", "do_sparc64_fault", "do_trap", "dummy_nmi_callback", "flush_icache_range", "ia64_bad_break",
        "ia64_do_page_fault", "ia64_fault", "io_check_error", "mem_parity_error", "nmi_watchdog_tick", "notifier_call_chain",
        "oops_begin", "oops_end", "program_check_exception", "single_step_exception", "sync_regs", "unhandled_fault",
        "unknown_nmi_error", "xen_[gs]et_debugreg", "xen_irq_.*", "xen_.*_fl_direct.*", "check_events",
        "xen_adjust_exception_frame", "xen_iret.*", "xen_sysret64.*", "test_ti_thread_flag.*", "inat_get_opcode_attribute",
        "system_call_after_swapgs", "HYPERVISOR_[gs]et_debugreg", "HYPERVISOR_event_channel_op", "hash_64", "hash_ptr",
        "native_set_pte",
        ".*raw_.*_lock.*", ".*raw_.*_unlock.*", ".*raw_.*_trylock.*", ".*read_lock.*", ".*read_unlock.*", ".*read_trylock.*",
        ".*write_lock.*", ".*write_unlock.*", ".*write_trylock.*", ".*write_seqlock.*", ".*write_sequnlock.*", ".*spin_lock.*",
        ".*spin_unlock.*", ".*spin_trylock.*", ".*spin_is_locked.*", "rwsem_.*lock.*", ".*mutex_.*lock.*",
        "atomic_.*", "atomic64_.*", "get_bh", "put_bh",
        ".*apic.*", ".*APIC.*", ".*softirq.*", ".*IRQ.*", ".*_intr.*", "__delay", ".*kernel_text.*", "get_current", "current_.*",
        ".*exception_tables.*", ".*setup_rt_frame.*", ".*preempt_count.*", "preempt_schedule",
        "__switch_to");

    private static readonly Regex Returns = Whole("do_exit", "sys_exit", "sys_exit_group");

    public static bool BlocksFile(string file) => Files.Any(pattern => Glob.Match(pattern, file));

    public static bool BlocksFunction(string name) => Functions.IsMatch(name);

    public static bool BlocksReturn(string name) => Returns.IsMatch(name);

    /// <summary>stap's reason a function is left out, as its warning says it, or null. A module's function is left
    /// out in guru mode only for its file (stap: -g lifts the name lists but for vmlinux).</summary>
    public static string? Reason(string name, string? file, bool isReturn, bool inModule, bool guru) => name switch
    {
        _ when inModule && guru => null,
        _ when BlocksFunction(name) => $"function {name} is blocklisted",
        _ when isReturn && BlocksReturn(name) => $"function {name} return probe is blocklisted",
        _ when file is not null && BlocksFile(file) => $"function {name} is in blocklisted file",
        _ => null,
    };

    private static Regex Whole(params string[] alternatives) =>
        new("^(" + string.Join('|', alternatives) + ")$", RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
