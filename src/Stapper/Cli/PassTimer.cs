using System.Diagnostics;

namespace Stapper.Cli;

/// <summary>stap's -v figures for a pass: memory from /proc/self/statm and usr/sys/real milliseconds.</summary>
public sealed class PassTimer
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _user;
    private readonly TimeSpan _system;

    public PassTimer()
    {
        using var self = Process.GetCurrentProcess();
        _user = self.UserProcessorTime;
        _system = self.PrivilegedProcessorTime;
    }

    /// <summary>"using Nvirt/Nres/Nshr/Ndata kb, " as stap prints it.</summary>
    public static string Memory()
    {
        try
        {
            var pages = File.ReadAllText("/proc/self/statm").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
            var kb = Environment.SystemPageSize / 1024;
            return $"using {pages[0] * kb}virt/{pages[1] * kb}res/{pages[2] * kb}shr/{pages[5] * kb}data kb, ";
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>"in Nusr/Nsys/Nreal ms."</summary>
    public string Times()
    {
        using var self = Process.GetCurrentProcess();
        var user = (long)(self.UserProcessorTime - _user).TotalMilliseconds;
        var system = (long)(self.PrivilegedProcessorTime - _system).TotalMilliseconds;
        return $"in {user}usr/{system}sys/{_wall.ElapsedMilliseconds}real ms.";
    }
}
