namespace Stapper.Parse;

/// <summary>
/// The markers stap reads in embedded C. Each is an exact comment anywhere in the code: stap's tagged_p is
/// a substring search for the comment's text, so <c>/*pure*/</c> is no marker. Found once, when pass 1
/// makes the embedded-code node; later passes read the set, never the text.
/// </summary>
[Flags]
public enum EmbeddedPragmas
{
    None = 0,

    /// <summary><c>/* pure */</c>: no side effects, so the optimizer may elide it.</summary>
    Pure = 1 << 0,

    /// <summary><c>/* unprivileged */</c>: callable without stapdev privilege.</summary>
    Unprivileged = 1 << 1,

    /// <summary><c>/* myproc-unprivileged */</c>: unprivileged in probes on the user's own processes.</summary>
    MyprocUnprivileged = 1 << 2,

    /// <summary><c>/* guru */</c>: only in guru mode.</summary>
    Guru = 1 << 3,

    /// <summary><c>/* unmodified-fnargs */</c>: the C does not change its arguments.</summary>
    UnmodifiedFnargs = 1 << 4,

    /// <summary><c>/* stable */</c>: the same value within one probe handler (must also be pure).</summary>
    Stable = 1 << 5,

    /// <summary><c>/* bpf */</c>: code for stap's BPF back-end.</summary>
    Bpf = 1 << 6,

    /// <summary><c>/* string */</c>: an embedded expression whose value is a string.</summary>
    String = 1 << 7,

    /// <summary><c>/* pragma:regs */</c>, Stapper's own: the C reads <c>CONTEXT-&gt;regs</c> (stap's probes always have them).</summary>
    Registers = 1 << 8,

    /// <summary><c>/* pragma:tagged_dfa */</c>, on the regex tapset: with it in the program, every match records its submatches.</summary>
    TaggedDfa = 1 << 9,

    /// <summary><c>/* pragma:usymbols */</c>, Stapper's own: the C reads the embedded user-space symbol and unwind tables.</summary>
    UserSymbols = 1 << 10,

    /// <summary><c>/* pragma:lines */</c> (stap's): the C reads source lines, so the embedded tables carry line tables.</summary>
    Lines = 1 << 11,

    /// <summary><c>/* pragma:gettimeofday */</c> (stap's): the C reads the wall clock, so the module defines
    /// <c>STAP_NEED_GETTIMEOFDAY</c> as stap's does.</summary>
    Gettimeofday = 1 << 12,
}

/// <summary>Finds the <see cref="EmbeddedPragmas"/> in a piece of embedded C.</summary>
public static class EmbeddedPragmaMarkers
{
    private static readonly (string Comment, EmbeddedPragmas Pragma)[] Markers =
    [
        ("/* pure */", EmbeddedPragmas.Pure),
        ("/* unprivileged */", EmbeddedPragmas.Unprivileged),
        ("/* myproc-unprivileged */", EmbeddedPragmas.MyprocUnprivileged),
        ("/* guru */", EmbeddedPragmas.Guru),
        ("/* unmodified-fnargs */", EmbeddedPragmas.UnmodifiedFnargs),
        ("/* stable */", EmbeddedPragmas.Stable),
        ("/* bpf */", EmbeddedPragmas.Bpf),
        ("/* string */", EmbeddedPragmas.String),
        ("/* pragma:regs */", EmbeddedPragmas.Registers),
        ("/* pragma:tagged_dfa */", EmbeddedPragmas.TaggedDfa),
        ("/* pragma:usymbols */", EmbeddedPragmas.UserSymbols),
        ("/* pragma:lines */", EmbeddedPragmas.Lines),
        ("/* pragma:gettimeofday */", EmbeddedPragmas.Gettimeofday),
    ];

    /// <summary>The globals named by <c>/* pragma:read:NAME */</c> and <c>/* pragma:write:NAME */</c>, reads first, in order.</summary>
    public static IEnumerable<(string Name, bool Write)> Globals(string code)
    {
        foreach (var (marker, write) in new[] { ("/* pragma:read:", false), ("/* pragma:write:", true) })
        {
            var at = 0;
            while ((at = code.IndexOf(marker, at, StringComparison.Ordinal)) >= 0)
            {
                at += marker.Length;
                var end = code.IndexOf(" */", at, StringComparison.Ordinal);
                if (end < 0)
                {
                    break;
                }
                yield return (code[at..end], write);
                at = end + 3;
            }
        }
    }

    public static EmbeddedPragmas In(string code)
    {
        var found = EmbeddedPragmas.None;
        foreach (var (comment, pragma) in Markers)
        {
            if (code.Contains(comment, StringComparison.Ordinal))
            {
                found |= pragma;
            }
        }
        return found;
    }
}
