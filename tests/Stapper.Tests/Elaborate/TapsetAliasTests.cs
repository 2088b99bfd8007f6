using System.Text.RegularExpressions;
using Stapper.Cli;
using Stapper.DebugInfo;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Tests.Translate;

namespace Stapper.Tests.Elaborate;

/// <summary>
/// The probe-alias tapsets elaborate against each installed kernel (6.1 and 6.12 differ in function
/// names, which the aliases meet with ! and ? alternatives), with their man pages' variables.
/// </summary>
public class TapsetAliasTests
{
    private const string Series61 = "6.1";
    private const string Series612 = "6.12";

    private static readonly (string, string)[] Tapsets = [.. Directory
        .EnumerateFiles(Path.Combine(Harness.RepoRoot, "tapsets"), "*", SearchOption.AllDirectories)
        .Where(f => f.EndsWith(".stp", StringComparison.Ordinal) || f.EndsWith(".stpm", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .Select(f => (f, File.ReadAllText(f)))];

    private static readonly Dictionary<string, Lazy<KernelSymbols>> Kernels = new()
    {
        [Series61] = new(() => new KernelSymbols(KernelDebugInfo.Open(Release(Series61)))),
        [Series612] = new(() => new KernelSymbols(KernelDebugInfo.Open(Release(Series612)))),
    };

    private static ElaboratedProgram Program(string release, string script)
    {
        var result = Elaboration.Run(script, Kernels[release].Value, Tapsets);
        var renderer = new DiagnosticRenderer();
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(renderer.Render));
        return result.Program!;
    }

    private static IEnumerable<ProbeSite> Sites(ElaboratedProgram program) => program.Probes.SelectMany(p => p.Sites);

    public static TheoryData<string, string> Families()
    {
        var scripts = new[]
        {
            "probe syscall_any { printf(\"%d %s\\n\", syscall_nr, name) }",
            "probe syscall_any.return { printf(\"%d %s %d\\n\", syscall_nr, name, retval) }",
            "probe vfs.read, vfs.write { printf(\"%s %d %d %s %d %s\\n\", name, dev, ino, devname, file, argstr) }",
            "probe vfs.read.return { printf(\"%d %d %s %d\\n\", bytes_read, error, error_str, bytes_to_read) }",
            "probe vfs.write.return { printf(\"%d %s %s\\n\", bytes_written, retstr, devname) }",
            "probe vfs.readv, vfs.writev, vfs.open { println(name) }",
            "probe scheduler.ctxswitch { printf(\"%d %d %s %s %d\\n\", prev_pid, next_tid, prev_task_name, next_task_name, nexttsk_state) }",
            "probe scheduler.cpu_off, scheduler.tick { printf(\"%s %d\\n\", name, idle) }",
            "probe scheduler.process_fork { printf(\"%d %d\\n\", parent_pid, child_pid) }",
            "probe scheduler.wakeup, scheduler.wakeup_new { printf(\"%d %d %d %d\\n\", task_pid, task_tid, task_cpu, task_state) }",
            "probe scheduler.process_exit, scheduler.process_free { println(pid) } probe scheduler.process_wait { println(pid) }",
            "probe scheduler.migrate { printf(\"%d %d %d\\n\", pid, cpu_from, cpu_to) }",
            "probe signal.send { printf(\"%s %d %s %s %d\\n\", sig_name, sig_pid, pid_name, si_code, shared) }",
            "probe signal.handle { println(sig_name) } probe signal.syskill { println(sig_name) }",
            "probe kprocess.create { println(new_pid) } probe kprocess.exec { println(filename) } probe kprocess.exit { println(code) }",
            "probe kprocess.exec_complete { println(success) } probe kprocess.release { println(released_tid) }",
            "probe irq_handler.entry { printf(\"%d %s\\n\", irq, flags_str) } probe irq_handler.exit { println(ret) }",
            "probe softirq.entry, softirq.exit { println(vec_nr) }",
            "probe workqueue.insert, workqueue.execute { println(work_func) }",
            "probe vm.pagefault { println(write_access) } probe vm.pagefault.return { println(fault_type) }",
            "probe vm.mmap, vm.munmap, vm.brk { printf(\"%s %d %d\\n\", name, address, length) }",
            "probe vm.kmalloc { printf(\"%s %d\\n\", caller_function, bytes_alloc) } probe vm.kfree { println(ptr) }",
            "probe vm.kmem_cache_alloc { printf(\"%d %d\\n\", bytes_req, bytes_alloc) }",
            "probe netdev.transmit, netdev.receive { printf(\"%s %d\\n\", dev_name, length) }",
            "probe tcp.sendmsg { println(size) } probe tcp.recvmsg { printf(\"%s:%d %s:%d\\n\", saddr, sport, daddr, dport) }",
            "probe udp.sendmsg, udp.recvmsg { println(size) } probe tcp.disconnect { println(family) }",
            "probe tcp.setsockopt { printf(\"%s %d %d %d %d %s %d\\n\", name, sock, family, level, optname, optstr, optlen) } probe tcp.setsockopt.return { println(ret) }",
            "probe tcp.receive { printf(\"%s:%d %s:%d %d%d%d%d%d%d\\n\", saddr, sport, daddr, dport, syn, ack, fin, rst, psh, urg) }",
            "probe syscall.send, syscall.sendmsg { println(argstr) } probe syscall.getdents { println(argstr) }",
            "probe socket.sendmsg, socket.recvmsg.return, socket.create, socket.close { println(name) }",
            "probe ioblock.request, ioblock.end { printf(\"%s %d %d\\n\", devname, sector, size) }",
            "probe oneshot { println(1) }",
            "probe generic.fop.* { printf(\"%s %s %d %s\\n\", name, argstr, dev, devname) } probe generic.fop.llseek { println(maxbyte) }",
            "probe generic.fop.*.return { println(retstr) } probe generic.fop.open { println(filename . sprint(size)) }",
            "probe syscall.execve { println(argstr) } probe syscall.mmap2 { println(argstr) } probe syscall.kill { println(argstr) }",
            "probe nd_syscall.stat, nd_syscall.fstatat, nd_syscall.lseek { println(argstr) } probe syscall.mmap2.return { println(retstr) }",
            "probe tcpmib.* { printf(\"%d %d\\n\", sk, op) } probe ipmib.* { printf(\"%d %d %d\\n\", skb, op, SourceIsLocal) }",
            "probe linuxmib.* { printf(\"%d %d\\n\", sk, op) } probe end { println(ActiveOpens[1] + InReceives[1] + DelayedACKs[1]) }",
            "probe netfilter.ip.local_out, netfilter.ipv4.pre_routing, netfilter.ipv6.forward { printf(\"%s %s %s %d %d %d %d %s %s\\n\", pf, saddr, daddr, sport, dport, protocol, length, indev_name, data_hex) }",
            "probe netfilter.arp.* { printf(\"%d %s %s\\n\", ar_op, outdev_name, data_str) } probe netfilter.bridge.* { println(protocol == llcproto_stp) }",
            "probe begin { printf(\"%s %d %d %d %s %d %d\\n\", signal_str(9), task_stime(), task_utime(1), task_rlimit_nofile(task_current()), pexecname(), addr(), mem_page_size()) }",
            "probe tcp.sendmsg { printf(\"%d %d %d %s %s\\n\", tcp_get_info_rto(sock), tcp_get_info_snd_cwnd(sock), inet_get_local_port(sock), inet_get_ip_source(sock), inet_get_ip_dest(sock)) }",
            "probe netdev.register, netdev.unregister, netdev.get_stats, netdev.set_promiscuity, netdev.rx { println(dev_name) }",
            "probe netdev.change_mtu { println(old_mtu + new_mtu) } probe netdev.hard_transmit { println(length) } probe netdev.ioctl { println(arg) }",
            "probe netdev.change_mac { printf(\"%s %s %d\\n\", old_mac, new_mac, mac_len) } probe netdev.change_rx_flag ? { println(flags) }",
            "probe vfs.add_to_page_cache { println(argstr . devname) } probe vfs.add_to_page_cache.return { println(retstr) }",
            "probe ioblock_trace.request, ioblock_trace.end { printf(\"%s %d %d %d\\n\", devname, sector, size, rw) }",
            "probe nfsd.dispatch { printf(\"%s %d %d %d %d %d %s\\n\", client_ip, proto, version, xid, prog, proc, argstr) } probe nfsd.dispatch.return { println(retstr) }",
            "probe nfsd.entries { printf(\"%s %s %s %s\\n\", client_ip, name, argstr, fh) } probe nfsd.return { printf(\"%s %s\\n\", name, retstr) }",
            "probe nfsd.open { printf(\"%d %d\\n\", access, type) } probe nfsd.read, nfsd.write { printf(\"%d %d %d %d %d %s\\n\", count, offset, vec, vlen, size, units) }",
            "probe nfsd.lookup, nfsd.unlink { printf(\"%s %d\\n\", filename, filelen) } probe nfsd.create { printf(\"%d %d %d\\n\", type, iap_valid, iap_mode) }",
            "probe nfsd.commit { println(flag) } probe nfsd.rename { printf(\"%s %s %d %s\\n\", tfh, tname, tlen, filename) } probe nfsd.*.return { println(retstr) }",
            "probe nfsd.proc.entries { printf(\"%s %s %s %d %d %d %d\\n\", client_ip, name, argstr, proto, version, uid, gid) if (fh) println(fh->fh_dentry) }",
            "probe nfsd.proc.return { printf(\"%s %s %s\\n\", client_ip, name, retstr) } probe nfsd.proc.write.return { printf(\"%d %d\\n\", count, stable) }",
            "probe nfsd.proc.read, nfsd.proc.write, nfsd.proc.commit { printf(\"%d %d %d %s\\n\", count, offset, size, units) } probe nfsd.proc.write { println(stable + vec + vlen) }",
            "probe nfsd.proc.lookup, nfsd.proc.remove, nfsd.proc.create { printf(\"%s %d\\n\", filename, filelen) } probe nfsd.proc.create { println(createmode) }",
            "probe scsi.iodone { printf(\"%d %d %d %d %s %s %d %d\\n\", host_no, channel, lun, dev_id, device_state_str, data_direction_str, req_addr, scsi_timer_pending) }",
            "probe scsi.iocompleted { println(goodbytes) } probe scsi.set_state { printf(\"%s %s\\n\", old_state_str, state_str) }",
            "probe scsi.ioexecute { printf(\"%s %d %d %d %d\\n\", data_direction_str, request_buffer, request_bufflen, timeout, retries) }",
            "probe ioscheduler.elv_add_request, ioscheduler_trace.elv_issue_request, ioscheduler_trace.elv_completed_request, ioscheduler_trace.elv_requeue_request { printf(\"%s %s %d %d %d %d\\n\", name, elevator_name, rq, rq_flags, disk_major, disk_minor) }",
            "probe ioscheduler_trace.plug { println(rq_queue) } probe kernel.trace(\"block:block_bio_queue\") { printf(\"%s %s %d %d\\n\", bdevname($bio->bi_bdev), disk_name($bio->bi_bdev->bd_disk, 1), bdev_partno($bio->bi_bdev), bio_op($bio)) }",
            "probe tty.open, tty.release { printf(\"%d %d %d %s %d %d\\n\", inode_number, inode_state, inode_flags, file_name, file_mode, file_flags) }",
            "probe tty.resize { printf(\"%s %d %d %d %d %d %d %d %d\\n\", name, old_row, old_col, old_xpixel, old_ypixel, new_row, new_col, new_xpixel, new_ypixel) }",
            "probe tty.ioctl { printf(\"%s %d %d\\n\", name, cmd, arg) } probe tty.init, tty.register, tty.unregister { printf(\"%s %s %s\\n\", driver_name, name, module) }",
            "probe tty.poll { printf(\"%s %d\\n\", file_name, wait_key) } probe tty.receive { printf(\"%s %s %d %s %s %d %d\\n\", cp, fp, count, driver_name, name, index, id) }",
            "probe tty.write, tty.read { printf(\"%s %d %s %s\\n\", buffer, nr, driver_name, file_name) }",
            "probe nfsd.proc.rename { printf(\"%s %s %d %d\\n\", filename, tname, tlen, tfh->fh_dentry) }",
            "probe sunrpc.clnt.entry { printf(\"%s %s\\n\", name, argstr) } probe sunrpc.clnt.return { printf(\"%s %s\\n\", name, retstr) }",
            "probe sunrpc.clnt.call_sync, sunrpc.clnt.call_async { printf(\"%s %s %d %d %d %d %d %d %d %s %d\\n\", servername, progname, prog, vers, prot, port, xid, dead, proc, procname, flags) }",
            "probe sunrpc.clnt.shutdown_client { printf(\"%d %d %d %d %d %d %d %d\\n\", clones, tasks, netreconn, rpccnt, om_ops, om_queue, om_rtt, om_execute) }",
            "probe sunrpc.clnt.create_client, sunrpc.clnt.clone_client { printf(\"%s %s %d %d %d %d %d\\n\", servername, progname, prog, vers, prot, port, authflavor) }",
            "probe sunrpc.clnt.bind_new_program { printf(\"%s %s %d %d %s %d %d\\n\", servername, old_progname, old_prog, old_vers, progname, prog, vers) }",
            "probe sunrpc.sched.entry { println(argstr) } probe sunrpc.sched.return { println(retstr) } probe sunrpc.sched.delay { println(delay) }",
            "probe sunrpc.svc.create, sunrpc.svc.authorise, sunrpc.svc.send { println(argstr) } probe sunrpc.svc.authorise { println(peer_ip + rq_prot) }",
            "probe nfs.fop.llseek, nfs.fop.read_iter, nfs.fop.write_iter, nfs.fop.mmap, nfs.fop.open, nfs.fop.flush, nfs.fop.release, nfs.fop.fsync { printf(\"%s %s %s %d %d\\n\", name, argstr, devname, dev, ino) }",
            "probe nfs.fop.read_iter, nfs.fop.mmap { printf(\"%s %s %d %d %d\\n\", parent_name, file_name, cache_valid, cache_time, attr_time) } probe nfs.fop.flush { println(ndirty) }",
            "probe nfs.fop.check_flags, nfs.fop.aio_read, nfs.fop.aio_write { println(argstr) } probe nfs.fop.llseek { printf(\"%d %s\\n\", maxbyte, whence_str) }",
            "probe nfs.fop.llseek.return, nfs.fop.read_iter.return, nfs.fop.write_iter.return, nfs.fop.open.return, nfs.fop.release.return, nfs.fop.check_flags.return { println(retstr) }",
            "probe nfs.aop.entries { printf(\"%s %s %d %d %d %s\\n\", name, argstr, dev, ino, size, units) } probe nfs.aop.return { println(retstr) }",
            "probe nfs.aop.read_page_folio { printf(\"%d %d %d %d %d %d\\n\", file, page_index, rsize, i_flag, i_size, sb_flag) } probe nfs.aop.read_pages_ahead { println(nr_pages + rpages) }",
            "probe nfs.aop.writepage { printf(\"%d %d %d %d %d\\n\", for_reclaim, for_kupdate, i_state, page_index, wsize) } probe nfs.aop.writepages { println(nr_to_write + wpages) }",
            "probe nfs.aop.write_begin, nfs.aop.write_end { printf(\"%s %d %d %d %d\\n\", devname, offset, to, pos, count) } probe nfs.aop.set_page_dirty { println(page_flag) }",
            "probe nfs.aop.release_page { println(page_index) } probe nfs.aop.readahead.return, nfs.aop.set_page_dirty.return { printf(\"%s %d\\n\", retstr, size) }",
            "probe nfs.proc.entries { printf(\"%s %s %s %d %d\\n\", name, argstr, server_ip, prot, version) } probe nfs.proc.return { println(name) }",
            "probe nfs.proc.lookup { printf(\"%s %d %d %d %d\\n\", filename, name_len, client, bitmask0, bitmask1) } probe nfs.proc.open { printf(\"%s %d %d\\n\", filename, flag, mode) }",
            "probe nfs.proc.create, nfs.proc.remove { printf(\"%s %d %d\\n\", filename, filelen, fh) } probe nfs.proc.create { println(mode) }",
            "probe nfs.proc.rename { printf(\"%s %s %d %d %d %d\\n\", old_name, new_name, old_fh, new_fh, old_filelen, new_filelen) }",
            "probe nfs.proc.read, nfs.proc.write { printf(\"%d %d %d %d\\n\", flags, count, offset, size) } probe nfs.proc.commit { printf(\"%d %d\\n\", count, offset) }",
            "probe nfs.proc.read_setup, nfs.proc.write_setup, nfs.proc.commit_setup { printf(\"%d %d %d %d %s\\n\", inode, client, count, offset, units) } probe nfs.proc.write_setup { println(how) }",
            "probe nfs.proc.read_done, nfs.proc.write_done, nfs.proc.commit_done { printf(\"%d %d %d\\n\", count, status, timestamp) } probe nfs.proc.write_done, nfs.proc.commit_done { println(valid) }",
            "probe nfs.proc.rename_setup { println(fh) } probe nfs.proc.rename_done { printf(\"%d %d %d\\n\", status, old_fh, new_fh) } probe nfs.proc.handle_exception { println(errorcode) }",
            "probe nfs.proc.read_setup.return, nfs.proc.write_setup.return { println(retvalue) } probe nfs.proc.*_done.return, nfs.proc.handle_exception.return { println(retstr) }",
            "probe begin { printf(\"%d %s %s %d %d %d %d %d\\n\", AF_INET() + AF_INET6() + get_prot_from_client(0) + get_prot(0), get_ip(0), get_ip_from_client(0), NFS_I(0), NFS_SERVER(0), NFS_PROTO(0), __nfs_version(0), __file_inode(0)) }",
        };
        var data = new TheoryData<string, string>();
        foreach (var release in new[] { Series61, Series612 })
        {
            foreach (var script in scripts)
            {
                // tiocswinsz is only inlined: without the release's -dbg vmlinux tty.resize has no point (checked below)
                if (!script.Contains("tty.resize", StringComparison.Ordinal) || HasDwarf(release))
                {
                    data.Add(release, script);
                }
            }
        }
        return data;
    }

    [KernelTheory]
    [MemberData(nameof(Families))]
    public void AFamilyElaboratesWithItsVariables(string release, string script)
    {
        Assert.NotEmpty(Sites(Program(release, script)));
    }

    /// <summary>buildok's *-all-probes with empty bodies: stap keeps kprocess.create for its conditional next and the
    /// .return probes that read parameters at entry (stap captures those as @entry), so these are not all elided; an
    /// @entry in an alias's body keeps its synthesized entry probe (".call") too.</summary>
    [KernelTheory]
    [InlineData(Series61)]
    [InlineData(Series612)]
    public void EmptyBodiesKeepTheProbesStapKeeps(string release)
    {
        Assert.Equal(["sched_process_fork"], Sites(Program(release, "probe kprocess.* { }")).OfType<TracepointSite>().Select(s => s.Tracepoint));
        foreach (var script in new[] { "probe socket.*, socket.*.* {}", "probe tcp.*, tcp.*.return, tcp.ip*.*, tcp.ip*.*.return {}", "probe udp.*, udp.*.* {}" })
        {
            Assert.All(Sites(Program(release, script)), s =>
            {
                var site = Assert.IsType<KernelFunctionSite>(s);
                Assert.True(site.Return || site.Name.EndsWith(".call", StringComparison.Ordinal), site.Name);
            });
        }
        Assert.NotEmpty(Sites(Program(release, "probe kernel.function(\"vfs_read\").return { x = $count }")));
    }

    /// <summary>The helpers stap made private in 3.0 are there before it only; get_ip_from_client is a long before 4.3.</summary>
    [KernelTheory]
    [InlineData(Series61)]
    [InlineData(Series612)]
    public void PrivateHelpersAndOldTypesFollowTheLanguageVersion(string release)
    {
        var renderer = new DiagnosticRenderer();
        var helpers = "probe begin { println(_IS_ERR(0) + _plunge_into_tcphdr(0) + _rtn_local() + _IS_ZERO_PAGE(0, 0) + _stp_valid_task(0) + _get_sock_addr(0) + __is_idle()) }";
        var nfs = "probe begin { println(__p2i(0) + __nfsi_cache_valid(0) + __nfs_server_rsize(0) + __file_id(0) + __iov_length(0, 0, 0, 0)) }";
        Assert.Empty(Elaboration.RunAt("2.9", nfs, Kernels[release].Value, o => o, Tapsets).Diagnostics.Where(d => d.IsError).Select(renderer.Render));
        Assert.Contains(Elaboration.Run(nfs, Kernels[release].Value, Tapsets).Diagnostics, d => d.IsError && d.Message.StartsWith("unresolved function __p2i", StringComparison.Ordinal));
        var old = Elaboration.RunAt("2.9", helpers, Kernels[release].Value, o => o, Tapsets);
        Assert.Empty(old.Diagnostics.Where(d => d.IsError).Select(renderer.Render));
        var now = Elaboration.Run(helpers, Kernels[release].Value, Tapsets);
        Assert.Contains(now.Diagnostics, d => d.IsError && d.Message.StartsWith("unresolved function _IS_ERR", StringComparison.Ordinal));
        var ip = "probe begin { println(get_ip_from_client(0) + get_ip(0)) }";
        Assert.Empty(Elaboration.RunAt("4.2", ip, Kernels[release].Value, o => o, Tapsets).Diagnostics.Where(d => d.IsError).Select(renderer.Render));
        Assert.Contains(Elaboration.Run(ip, Kernels[release].Value, Tapsets).Diagnostics, d => d.IsError && d.Message.StartsWith("type mismatch", StringComparison.Ordinal));
    }

    /// <summary>stap.* and staprun.* stand on the SDT markers of the installed stap and staprun; where stap is not
    /// installed they do not resolve, and "?" makes them optional.</summary>
    [KernelTheory]
    [InlineData(Series61)]
    public void StapsOwnMarkersAreItsProgramsSdtNotes(string release)
    {
        var script = "probe stap.pass0, stap.pass2.end { println(session) } probe stap.cache_add_nss ? { println(dest_path) } probe staprun.insert_module { println(path) }";
        if (File.Exists("/usr/bin/stap") && File.Exists("/usr/bin/staprun"))
        {
            Assert.Equal(3, Sites(Program(release, script)).Count());
        }
        else
        {
            Assert.Contains(Elaboration.Run(script, Kernels[release].Value, Tapsets).Diagnostics, d => d.IsError);
            Assert.Single(Sites(Program(release, "probe stap.pass0 ?, begin { }")));
        }
    }

    /// <summary>Every call in the kernel's syscall table has nd_syscall.NAME and .return, save exit and exit_group.</summary>
    [KernelTheory]
    [InlineData(Series61, 346)]
    [InlineData(Series612, 358)]
    public void EverySyscallOfTheKernelHasAnAlias(string release, int expected)
    {
        var table = File.ReadAllText($"/usr/src/linux-headers-{Release(release)}/arch/x86/include/generated/asm/syscalls_64.h");
        var calls = Regex.Matches(table, @"__SYSCALL(?:_NORETURN)?\(\d+, sys_(\w+)\)").Select(m => m.Groups[1].Value)
            .Where(n => n != "ni_syscall").ToHashSet();
        static string Call(KernelFunctionSite s) => Regex.Replace(s.Symbol, "^__(x64|do)_sys_", "");
        var probed = Sites(Program(release, "probe nd_syscall.* { println(argstr) }")).OfType<KernelFunctionSite>()
            .Select(Call).ToHashSet();
        Assert.Equal(expected, calls.Count);
        Assert.Empty(calls.Except(probed));
        // send and recv: defined by the kernel, in no x86_64 table, probed as stap does.
        Assert.Equal(["recv", "send"], probed.Except(calls).Order(StringComparer.Ordinal));
        var returns = Sites(Program(release, "probe nd_syscall.*.return { println(retstr) }")).OfType<KernelFunctionSite>()
            .Select(Call).Where(calls.Contains).Count();
        Assert.Equal(expected - 2, returns);
    }

    [KernelTheory]
    [InlineData(Series61, "scheduler_tick")]
    [InlineData(Series612, "sched_tick")]
    public void AnAlternativeIsChosenPerKernel(string release, string tick)
    {
        var site = Assert.IsType<KernelFunctionSite>(Assert.Single(Sites(Program(release, "probe scheduler.tick { println(idle) }"))));
        Assert.Equal(tick, site.Symbol);
    }

    /// <summary>scsi.ioexecute follows the renames (__scsi_execute, then scsi_execute_cmd); scsi.iodone stands on
    /// scsi_done (the tracepoint stap prefers is scsi_mod's); tty.resize on tiocswinsz, as stap (its instance inlined into tty_ioctl).</summary>
    [KernelTheory]
    [InlineData(Series61, "__scsi_execute")]
    [InlineData(Series612, "scsi_execute_cmd")]
    public void ScsiAndTtyAliasesStandOnFunctionsBothKernelsHave(string release, string execute)
    {
        static IEnumerable<string> Names(IEnumerable<ProbeSite> sites) =>
            sites.OfType<KernelFunctionSite>().Select(s => s.Module + ":" + s.Symbol);
        Assert.Equal(["scsi_mod:" + execute], Names(Sites(Program(release, "probe scsi.ioexecute { println(timeout) }"))));
        Assert.Equal(["scsi_mod:scsi_done"], Names(Sites(Program(release, "probe scsi.iodone { println(host_no) }"))));
        if (!HasDwarf(release))
        {
            Assert.Contains(Elaboration.Run("probe tty.resize { println(new_row) }", Kernels[release].Value, Tapsets).Diagnostics,
                d => d.Code == "sema.no-match");
            return;
        }
        var resize = Assert.IsType<KernelStatementSite>(Assert.Single(Sites(Program(release, "probe tty.resize { println(new_row) }"))));
        Assert.Equal(("tty_ioctl", null), (resize.Symbol, resize.Module));
        Assert.StartsWith("kernel.function(\"tiocswinsz@", resize.Name, StringComparison.Ordinal);
    }

    /// <summary>nfsd.ko has two nfsd_open (stats.c's static one first in its symbol table, where a probe by name lands):
    /// nfsd.open stands on nfsd_open_verified, never on the name nfsd_open. The v3 procedures and v4 operations
    /// make up nfsd.proc.lookup.</summary>
    [KernelTheory]
    [InlineData(Series61)]
    [InlineData(Series612)]
    public void NfsdAliasesAvoidTheAmbiguousOpen(string release)
    {
        var open = Sites(Program(release, "probe nfsd.open { println(argstr) }")).OfType<KernelFunctionSite>();
        Assert.Equal(["nfsd:nfsd_open_verified"], open.Select(s => s.Module + ":" + s.Symbol));
        var lookup = Sites(Program(release, "probe nfsd.proc.lookup { println(filename) }")).OfType<KernelFunctionSite>();
        Assert.Equal(["nfsd4_lookup", "nfsd3_proc_lookup"], lookup.Select(s => s.Symbol));
    }

    /// <summary>nfs.aop.* and nfs.proc.* take what each kernel's nfs, nfsv2, nfsv3 and nfsv4 modules have: the folio
    /// functions where the page ones are gone, 6.12's writepages callback where nfs_writepage is gone, and never
    /// where no version has the function (the synchronous rename).</summary>
    [KernelTheory]
    [InlineData(Series61, "nfs.aop.writepage", "nfs:nfs_writepage")]
    [InlineData(Series612, "nfs.aop.writepage", "nfs:nfs_writepages_callback")]
    [InlineData(Series61, "nfs.aop.read_page_folio", "nfs:nfs_read_folio")]
    [InlineData(Series612, "nfs.aop.read_pages_ahead", "nfs:nfs_readahead")]
    [InlineData(Series61, "nfs.aop.release_page", "nfs:nfs_release_folio")]
    [InlineData(Series612, "nfs.aop.set_page_dirty", ":folio_mark_dirty")]
    [InlineData(Series61, "nfs.proc.lookup", "nfsv2:nfs_proc_lookup nfsv3:nfs3_proc_lookup nfsv4:nfs4_proc_lookup")]
    [InlineData(Series612, "nfs.proc.commit_setup", "nfsv3:nfs3_proc_commit_setup nfsv4:nfs4_proc_commit_setup")]
    [InlineData(Series61, "nfs.proc.commit", "nfsv4:nfs4_proc_commit")]
    [InlineData(Series612, "nfs.proc.rename_done.return", "nfsv2:nfs_proc_rename_done nfsv3:nfs3_proc_rename_done nfsv4:nfs4_proc_rename_done")]
    [InlineData(Series61, "nfs.proc.open", "nfs:nfs_open")]
    [InlineData(Series612, "nfs.proc.handle_exception", "nfsv4:nfs4_handle_exception")]
    public void NfsClientAliasesStandOnWhatEachKernelHas(string release, string alias, string expected)
    {
        var sites = Sites(Program(release, $"probe {alias} {{ println(name) }}")).OfType<KernelFunctionSite>();
        Assert.Equal(expected, string.Join(' ', sites.Select(s => s.Module + ":" + s.Symbol)));
    }

    /// <summary>Where no module has the function, stap's never fallbacks and no-match verdicts: the old synchronous
    /// read (v2 never, v3 and v4 no match), rename (never in all three), nfs_release and nfs_readpage (optional, gone).</summary>
    [KernelTheory]
    [InlineData(Series61, "probe nfs.proc.read { println(count) }", 1, null)]
    [InlineData(Series612, "probe nfs.proc.rename { println(old_name) }", 3, null)]
    [InlineData(Series61, "probe nfs.proc3.read { println(count) }", 0, "no match")]
    [InlineData(Series612, "probe nfs.proc4.write { println(count) }", 0, "no match")]
    [InlineData(Series61, "probe nfs.proc.release { println(filename) }", 0, "no probes found")]
    [InlineData(Series612, "probe nfs.aop.readpage { println(page_index) }", 0, "no probes found")]
    public void MissingNfsFunctionsEndWhereStapsDo(string release, string script, int nevers, string? error)
    {
        var result = Elaboration.Run(script, Kernels[release].Value, Tapsets);
        var errors = result.Diagnostics.Where(d => d.IsError).SelectMany(d => d.Chain is { } why ? new[] { d.Message, why.Message } : [d.Message]).ToList();
        if (error is null)
        {
            Assert.Empty(errors);
            Assert.Equal(nevers, Sites(result.Program!).OfType<NeverSite>().Count());
        }
        else
        {
            Assert.Contains(errors, e => e.StartsWith(error, StringComparison.Ordinal));
        }
    }

    /// <summary>sunrpc.svc.* reads a service's program as sv_program, as stap 4.8 does: 6.12 renamed it sv_programs and
    /// dropped svc_drop, so there those aliases do not resolve (nor do stap's); on 6.1 they do. svc_destroy's $serv
    /// is gone from both. rpc_release_task is inlined on both: its alias is "never", with -1 for every value. Likewise
    /// nfs.fop.lock reads file_lock's fl_type (6.12 moved it to file_lock_core), and nfs.fop.entries needs
    /// vfs.do_sync_read, which no current kernel has.</summary>
    [KernelTheory]
    [InlineData(Series61, "probe sunrpc.svc.register, sunrpc.svc.process, sunrpc.svc.recv, sunrpc.svc.drop { println(argstr) }", null)]
    [InlineData(Series612, "probe sunrpc.svc.register { println(argstr) }", "unable to find member 'sv_program' for struct svc_serv")]
    [InlineData(Series612, "probe sunrpc.svc.recv { println(sv_prog) }", "unable to find member 'sv_program' for struct svc_serv")]
    [InlineData(Series612, "probe sunrpc.svc.drop { println(argstr) }", "no match")]
    [InlineData(Series61, "probe sunrpc.svc.destroy { println(argstr) }", "unable to find local 'serv'")]
    [InlineData(Series612, "probe sunrpc.svc.destroy { println(argstr) }", "unable to find local 'serv'")]
    [InlineData(Series61, "probe nfs.fop.lock { println(fl_type) }", null)]
    [InlineData(Series612, "probe nfs.fop.lock { println(fl_type) }", "unable to find member 'fl_type' for struct file_lock")]
    [InlineData(Series61, "probe nfs.fop.entries { println(name) }", "while resolving probe point")]
    public void SunrpcAndNfsAliasesResolveWhereStapsDo(string release, string script, string? error)
    {
        var result = Elaboration.Run(script, Kernels[release].Value, Tapsets);
        var errors = result.Diagnostics.Where(d => d.IsError).SelectMany(d => d.Chain is { } why ? new[] { d.Message, why.Message } : [d.Message]).ToList();
        if (error is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Contains(errors, e => e.StartsWith(error, StringComparison.Ordinal));
        }
    }

    [KernelTheory]
    [InlineData(Series61)]
    [InlineData(Series612)]
    public void SunrpcReleaseTaskIsNeverWhereTheFunctionIsInlined(string release)
    {
        // The file's rpc_create probes (kept as stap keeps them) come along.
        var sites = Sites(Program(release, "probe sunrpc.sched.release_task { println(argstr) }")).ToList();
        Assert.Single(sites.OfType<NeverSite>());
        Assert.Equal(["rpc_create", "rpc_create"], sites.OfType<KernelFunctionSite>().Select(s => s.Symbol));
    }

    [KernelTheory]
    [InlineData(Series61)]
    [InlineData(Series612)]
    public void ACallWithoutArgumentsIsProbedAtItsBody(string release)
    {
        var site = Assert.IsType<KernelFunctionSite>(Assert.Single(Sites(Program(release, "probe syscall.getpid { println(argstr) }"))));
        Assert.Equal("__do_sys_getpid", site.Symbol);
    }

    /// <summary>A .return alias's entry values come from tapset code: no "confusing usage" warning, which a script's own $param still gets.</summary>
    [KernelTheory]
    [InlineData(Series61)]
    public void EntryValuesInATapsetAliasDoNotWarn(string release)
    {
        var alias = Elaboration.Run("probe vfs.read.return { println(file + bytes_to_read) }", Kernels[release].Value, Tapsets);
        Assert.DoesNotContain(alias.Diagnostics, d => d.Message.StartsWith("confusing usage", StringComparison.Ordinal));
        var own = Elaboration.Run("probe kernel.function(\"vfs_read\").return { println($file) }", Kernels[release].Value, Tapsets);
        Assert.Contains(own.Diagnostics, d => d.Message.StartsWith("confusing usage, value is captured as @entry($file)", StringComparison.Ordinal));
    }

    private static bool Installed(string series) => TestKernel.OfSeries(series) is not null;

    /// <summary>The newest installed kernel of a series. One series missing while the other is there fails the
    /// test rather than passing it unrun: `make test-deps` installs both.</summary>
    // The release's -dbg vmlinux, where inlined instances come from (make test-deps installs the default kernel's only).
    private static bool HasDwarf(string series) => Installed(series) && File.Exists("/usr/lib/debug/boot/vmlinux-" + Release(series));

    private static string Release(string series) => TestKernel.OfSeries(series)?.Release
        ?? throw new InvalidOperationException($"no {series} kernel with headers is installed (make test-deps installs the newest 6.1 and 6.12)");

    /// <summary>Skipped when no kernel of either series is installed.</summary>
    private sealed class KernelTheoryAttribute : TheoryAttribute
    {
        public KernelTheoryAttribute()
        {
            if (!Installed(Series61) && !Installed(Series612))
            {
                Skip = "no " + Series61 + " or " + Series612 + " kernel with headers is installed";
            }
        }
    }
}
