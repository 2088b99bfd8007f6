using System.Runtime.InteropServices;

namespace Stapper.Run;

/// <summary>stap's pass-2 check of <c>process(PID)</c> and -x PID (staputil.cxx, is_valid_pid): the process must run on
/// this host and take signals from the caller, as kill(PID, 0) tells.</summary>
public static class HostProcesses
{
    /// <summary>Why process <paramref name="pid"/> cannot be probed, in stap's words, or null when it can.</summary>
    public static string? ProbeRefusal(long pid)
    {
        if (pid is > 0 and <= int.MaxValue && Native.Kill((int)pid, 0) == 0)
        {
            return null;
        }
        var reason = pid > int.MaxValue ? Marshal.GetPInvokeErrorMessage(Native.ESRCH) : Marshal.GetPInvokeErrorMessage(Native.LastErrno);
        var uid = Native.GetUid();
        return uid == 0 ? $"cannot probe pid {pid}: {reason}" : $"cannot probe pid {pid}: {reason}.  Your uid={uid}.";
    }
}
