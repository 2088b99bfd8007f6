using System.Runtime.InteropServices;
using System.Text;

namespace Stapper.Run;

/// <summary>The few libc calls pass 5 needs: module load/unload, raw reads/writes on /proc files, poll, kill.</summary>
internal static unsafe class Native
{
    public const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    public const short POLLIN = 0x1, POLLERR = 0x8, POLLHUP = 0x10;
    public const int EINTR = 4, EAGAIN = 11, EPERM = 1, ENOENT = 2, EBUSY = 16, EEXIST = 17, ESRCH = 3, EINVAL = 22, ENOSYS = 38, ENOEXEC = 8, EWOULDBLOCK = 11;
    public const int SIGKILL = 9, SIGUSR2 = 12, SIGTERM = 15, SIGCONT = 18;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    static extern int open_(byte* path, int flags);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    static extern nint read_(int fd, byte* buffer, nint count);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    static extern nint write_(int fd, byte* buffer, nint count);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    static extern int poll_(PollFd* fds, nuint count, int timeoutMs);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "geteuid")]
    public static extern uint GetEuid();

    [DllImport("libc", EntryPoint = "getuid")]
    public static extern uint GetUid();

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    static extern long syscall3(long number, long a, long b, long c);

    static long FinitModuleNumber => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 313,
        Architecture.Arm64 => 273,
        _ => -1,
    };

    static long DeleteModuleNumber => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 176,
        Architecture.Arm64 => 106,
        _ => -1,
    };

    public static int LastErrno => Marshal.GetLastPInvokeError();

    public static string StrError(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    static byte[] CString(string s) => Encoding.UTF8.GetBytes(s + "\0");

    /// <summary>open(2) with O_CLOEXEC; returns the fd or -errno.</summary>
    public static int Open(string path, int flags)
    {
        fixed (byte* p = CString(path))
        {
            int fd = open_(p, flags | O_CLOEXEC);
            return fd >= 0 ? fd : -LastErrno;
        }
    }

    /// <summary>read(2), retried on EINTR; returns the byte count or -errno.</summary>
    public static int Read(int fd, byte[] buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = read_(fd, p, buffer.Length);
                if (n >= 0)
                {
                    return (int)n;
                }

                var e = LastErrno;
                if (e != EINTR)
                {
                    return -e;
                }
            }
        }
    }

    /// <summary>Writes all of <paramref name="text"/>; returns 0 or -errno.</summary>
    public static int WriteAll(int fd, string text) => WriteAll(fd, Encoding.ASCII.GetBytes(text));

    /// <summary>Writes all of <paramref name="bytes"/>; returns 0 or -errno.</summary>
    public static int WriteAll(int fd, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            int done = 0;
            while (done < bytes.Length)
            {
                var n = write_(fd, p + done, bytes.Length - done);
                if (n < 0)
                {
                    var e = LastErrno;
                    if (e == EINTR)
                    {
                        continue;
                    }

                    return -e;
                }
                done += (int)n;
            }
            return 0;
        }
    }

    /// <summary>Polls one fd for input; returns revents, 0 on timeout, or -errno.</summary>
    public static int PollIn(int fd, int timeoutMs)
    {
        var pfd = new PollFd { Fd = fd, Events = POLLIN };
        int rc = poll_(&pfd, 1, timeoutMs);
        if (rc < 0)
        {
            var e = LastErrno;
            return e == EINTR ? 0 : -e;
        }
        return rc == 0 ? 0 : pfd.Revents;
    }

    /// <summary>finit_module(fd, params, 0); returns 0 or -errno.</summary>
    public static int FinitModule(int fd, string parameters)
    {
        if (FinitModuleNumber < 0)
        {
            return -ENOSYS;
        }

        fixed (byte* p = CString(parameters))
        {
            return syscall3(FinitModuleNumber, fd, (long)p, 0) == 0 ? 0 : -LastErrno;
        }
    }

    /// <summary>delete_module(name, flags); returns 0 or -errno.</summary>
    public static int DeleteModule(string name, int flags)
    {
        if (DeleteModuleNumber < 0)
        {
            return -ENOSYS;
        }

        fixed (byte* p = CString(name))
        {
            return syscall3(DeleteModuleNumber, (long)p, flags, 0) == 0 ? 0 : -LastErrno;
        }
    }
}
