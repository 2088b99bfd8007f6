using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Stapper.Vm;

/// <summary>The QEMU command line a guest boots with, and the accelerator it gets.</summary>
public sealed partial class GuestRunner
{
    /// <summary>
    /// KVM when asked (STAPPER_VM_ACCEL=kvm|tcg), else when /dev/kvm exists on a host that is not itself a
    /// guest: nested KVM was seen failing at the first MSR write or spinning in KVM_RUN, where TCG works.
    /// </summary>
    internal static bool UseKvm(string? requested, bool deviceExists, bool hostIsGuest) => requested switch
    {
        "kvm" => true,
        "tcg" => false,
        _ => deviceExists && !hostIsGuest,
    };

    private static bool HostIsGuest()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").Any(l => l.StartsWith("flags", StringComparison.Ordinal) && l.Split(' ').Contains("hypervisor"));
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The QEMU command line (without the executable).</summary>
    internal static List<string> QemuArguments(InstalledKernel kernel, string initrd, string run, int cpus, int memoryMegabytes, bool withPorts, string? cacheDirectory = null, string? kernelArguments = null)
    {
        var kvm = UseKvm(Environment.GetEnvironmentVariable("STAPPER_VM_ACCEL"), File.Exists("/dev/kvm"), HostIsGuest());
        var args = new List<string>
        {
            "-machine", "q35", "-cpu", kvm ? "host" : "max", "-accel", kvm ? "kvm" : "tcg",
            "-m", memoryMegabytes.ToString(CultureInfo.InvariantCulture),
            "-smp", cpus.ToString(CultureInfo.InvariantCulture),
            "-nodefaults", "-nographic", "-no-reboot",
            "-serial", "file:" + Path.Combine(run, "console.log"),
            "-kernel", KernelImage.GetBootImage(kernel, cacheDirectory), "-initrd", initrd,
            // --vm-kernel-args go last, so they can override ours (the kernel takes the last of a repeated one).
            "-append", "console=ttyS0 quiet loglevel=4 panic=-1 rdinit=/init" + (string.IsNullOrWhiteSpace(kernelArguments) ? "" : " " + kernelArguments.Trim()),
            "-virtfs", $"local,path=/,mount_tag={Initramfs.HostRootTag},security_model=none,readonly=on,multidevs=remap",
            "-virtfs", $"local,path={Path.Combine(run, "job")},mount_tag={Initramfs.JobTag},security_model=none",
        };
        if (withPorts)
        {
            args.AddRange(["-device", "virtio-serial-pci"]);
            foreach (var (id, name) in new[] { ("out", PortOut), ("err", PortErr), ("ctl", PortCtl) })
            {
                args.AddRange(["-chardev", $"socket,id={id},path={Path.Combine(run, id + ".sock")},server=on,wait=on"]);
                args.AddRange(["-device", $"virtserialport,chardev={id},name={name}"]);
            }
        }
        return args;
    }

    Socket Connect(string path, Process qemu, DateTime deadline)
    {
        while (true)
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                if (File.Exists(path))
                {
                    s.Connect(new UnixDomainSocketEndPoint(path));
                    return s;
                }
            }
            catch (SocketException) { }
            s.Dispose();
            if (qemu.HasExited)
            {
                throw new VmException("qemu-system-x86_64 failed to start: " + QemuDiagnostics(qemu));
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new VmException("timed out waiting for qemu-system-x86_64 to start");
            }

            Thread.Sleep(20);
        }
    }
}
