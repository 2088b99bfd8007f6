using Stapper.Diagnostics;

namespace Stapper.Elaborate;

/// <summary>
/// <c>procfs("PATH").read</c> / <c>.write</c> (PATH "command" when not given): the file /proc/systemtap/MODULE/PATH.
/// Mode: its permission bits, 0444 (read) or 0222 (write) less the umask (default 0044 / 0022); MaxSize: a read
/// probe's buffer (0: MAXSTRINGLEN). The body's <c>$value</c> is rewritten into the procfs tapset's calls.
/// </summary>
public sealed record ProcfsSite(string Path, bool Write, int Mode, long MaxSize, string Name, bool Optional, SourceSpan Span)
    : ProbeSite(Name, Optional, Span);
