using System.Runtime.InteropServices;
using System.Text;

namespace Stapper.Run;

/// <summary>
/// The time zone the module's tz_gmtoff()/tz_name() report: as stap's staprun sends it, localtime()'s
/// offset now (seconds west of UTC, so UTC+1 is -3600) and its abbreviation, read from the C library
/// so TZ and /etc/localtime mean what they mean to stap.
/// </summary>
internal static unsafe class LocalTimeZone
{
    [StructLayout(LayoutKind.Sequential)]
    struct Tm
    {
        public int Sec, Min, Hour, Mday, Mon, Year, Wday, Yday, IsDst;
        public long GmtOff;
        public byte* Zone;
    }

    [DllImport("libc", EntryPoint = "time")]
    static extern long time_(long* t);

    [DllImport("libc", EntryPoint = "tzset")]
    static extern void tzset_();

    [DllImport("libc", EntryPoint = "localtime_r")]
    static extern Tm* localtime_r_(long* t, Tm* result);

    /// <summary>The module parameters <c>_stp_tz_gmtoff=N _stp_tz_name=ABBR</c>.</summary>
    public static string ModuleParameters()
    {
        tzset_();
        long now = time_(null);
        Tm tm;
        if (localtime_r_(&now, &tm) == null)
        {
            return "_stp_tz_gmtoff=0 _stp_tz_name=UTC";
        }
        string name = tm.Zone == null ? "" : Marshal.PtrToStringUTF8((nint)tm.Zone) ?? "";
        // a module parameter's value ends at a space or quote; abbreviations are letters, digits and signs
        var safe = new StringBuilder();
        foreach (char ch in name)
        {
            if (char.IsAsciiLetterOrDigit(ch) || ch is '+' or '-')
            {
                safe.Append(ch);
            }
        }
        return $"_stp_tz_gmtoff={-tm.GmtOff} _stp_tz_name={(safe.Length > 0 ? safe.ToString() : "UTC")}";
    }
}
