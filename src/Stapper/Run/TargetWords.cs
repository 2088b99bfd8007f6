using System.Runtime.InteropServices;
using System.Text;

namespace Stapper.Run;

/// <summary>
/// How staprun reads a -c command: libc's wordexp without command substitution and with undefined variables an error.
/// Plain words are exec'd themselves (the target's execname is the command's); a shell metacharacter makes it
/// <c>sh -c COMMAND</c>; any other failure is the target's error message and exit status 1. The translator reads
/// the command's program with the same wordexp (<see cref="Program"/>).
/// </summary>
internal static unsafe class TargetWords
{
    const int WRDE_NOCMD = 1 << 2, WRDE_UNDEF = 1 << 5;
    const int WRDE_NOSPACE = 1, WRDE_BADCHAR = 2, WRDE_BADVAL = 3, WRDE_CMDSUB = 4, WRDE_SYNTAX = 5;

    [StructLayout(LayoutKind.Sequential)]
    struct WordExp
    {
        public nuint WordCount;
        public byte** Words;
        public nuint Offsets;
    }

    [DllImport("libc", EntryPoint = "wordexp")]
    static extern int wordexp_(byte* words, WordExp* result, int flags);

    [DllImport("libc", EntryPoint = "wordfree")]
    static extern void wordfree_(WordExp* result);

    /// <summary>The words to exec, or null with staprun's error text (its start_cmd's, line numbers included).</summary>
    public static (IReadOnlyList<string>? Argv, string? Error) Split(string command)
    {
        var (words, rc) = Expand(command);
        switch (rc)
        {
            case WRDE_BADCHAR:
                return (["sh", "-c", command], null);
            case WRDE_SYNTAX:
                return (null, "stapio:start_cmd:182: ERROR: wordexp: syntax error (unmatched quotes?) in -c COMMAND\n");
            case not 0:
                return (null, $"stapio:start_cmd:185: ERROR: wordexp: parsing error ({rc})\n");
        }
        // staprun's own text, without a newline.
        return words!.Count == 0 ? (null, "stapio:start_cmd:188: ERROR: empty -c COMMAND") : (words, null);
    }

    /// <summary>
    /// The -c command's program as the translator names it (stap's cmd_file, for the target's symbols and
    /// <c>process.function</c> without a path): the first word the same wordexp gives, "" for none; or null with stap's
    /// reason. A shell metacharacter is such a reason: stap names no program for a command it would run through sh.
    /// </summary>
    public static (string? Program, string? Invalid) Program(string command)
    {
        var (words, rc) = Expand(command);
        return rc switch
        {
            0 => (words!.Count > 0 ? words[0] : "", null),
            WRDE_BADCHAR => (null, "command contains illegal characters"),
            WRDE_BADVAL => (null, "command contains undefined shell variables"),
            WRDE_CMDSUB => (null, "command contains command substitutions"),
            WRDE_NOSPACE => (null, "out of memory"),
            WRDE_SYNTAX => (null, "command contains shell syntax errors"),
            _ => (null, "unspecified wordexp failure"),
        };
    }

    /// <summary>libc's wordexp of the command as staprun calls it: its words, or none and its error code.</summary>
    static (List<string>? Words, int Rc) Expand(string command)
    {
        var result = default(WordExp);
        int rc;
        fixed (byte* p = Encoding.UTF8.GetBytes(command + "\0"))
        {
            rc = wordexp_(p, &result, WRDE_NOCMD | WRDE_UNDEF);
        }
        if (rc != 0)
        {
            return (null, rc);
        }
        var words = new List<string>();
        for (nuint i = 0; i < result.WordCount; i++)
        {
            words.Add(Marshal.PtrToStringUTF8((nint)result.Words[i]) ?? "");
        }
        wordfree_(&result);
        return (words, 0);
    }

    /// <summary>Where execvp finds <paramref name="program"/>: a path with a slash as it is, else the first PATH entry
    /// holding an executable file of that name; null when there is none.</summary>
    public static string? Resolve(string program)
    {
        if (program.Contains('/'))
        {
            return File.Exists(program) ? program : null;
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        return path.Split(':').Select(d => Path.Combine(d.Length == 0 ? "." : d, program)).FirstOrDefault(File.Exists);
    }
}
