namespace Stapper.Elaborate.Providers;

/// <summary>
/// The file a <c>process("PATH")</c> names, as stap finds it: a name without a slash is searched for in
/// <c>$PATH</c>, a relative path is taken from the working directory, and symbolic links are resolved, so
/// <c>process("ls")</c> is <c>process("/usr/bin/ls")</c> on a merged-/usr system.
/// </summary>
internal static class ProcessPath
{
    public static string? Resolve(string path)
    {
        if (path.Length == 0)
        {
            return null;
        }
        if (!path.Contains('/'))
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(dir, path);
                if (File.Exists(candidate))
                {
                    return RealPath(candidate);
                }
            }
            return null;
        }
        return File.Exists(path) ? RealPath(Path.GetFullPath(path)) : null;
    }

    /// <summary>The executable of process <paramref name="pid"/> (<c>/proc/PID/exe</c>), or null when it cannot be read.</summary>
    public static string? OfProcess(long pid)
    {
        try
        {
            return new FileInfo("/proc/" + pid.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/exe").LinkTarget is { } target
                && File.Exists(target) ? target : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The program of <c>process.function(...)</c> without a path: the -c command's first word (as staprun's wordexp
    /// splits it), or the -x process's executable; null when there is neither or the command names no program (stap's
    /// errors), or "" when it cannot be found (no match).
    /// </summary>
    public static string? OfTarget(ProviderContext context) => context switch
    {
        { TargetCommand: not null } => context.TargetProgram.Program is { Length: > 0 } program ? Resolve(program) ?? "" : null,
        { TargetPid: { } pid } => OfProcess(pid) ?? "",
        _ => null,
    };

    /// <summary>realpath(3): every symbolic link on the way resolved, "." and ".." folded.</summary>
    public static string RealPath(string path)
    {
        var parts = new Stack<string>(Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var resolved = "/";
        for (var hops = 0; parts.Count > 0 && hops < 64;)
        {
            var part = parts.Pop();
            var next = Path.Combine(resolved, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                hops++;
                foreach (var p in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    parts.Push(p);
                }
                if (target.StartsWith('/'))
                {
                    resolved = "/";
                }
                continue;
            }
            resolved = part == ".." ? Path.GetDirectoryName(resolved) ?? "/" : part == "." ? resolved : next;
        }
        return resolved;
    }
}
