using System.Collections.Immutable;
using Stapper.Diagnostics;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>
/// <c>procfs[("PATH")][.umask(N)].read[.maxsize(N)]</c> and <c>procfs[("PATH")][.umask(N)].write</c>, as stapprobes
/// documents them, with stap's checks of PATH (relative, no empty, "." or ".." component).
/// </summary>
internal sealed class ProcfsProvider : IProbeProvider
{
    public IReadOnlyList<string> Functors { get; } = ["procfs"];

    public IReadOnlyList<string> ProbeTypes { get; } =
    [
        .. new[] { "procfs", "procfs(string)" }.SelectMany(p => new[]
        {
            p + ".read", p + ".read.maxsize(number)", p + ".umask(number).read", p + ".umask(number).read.maxsize(number)",
            p + ".write", p + ".umask(number).write",
        }),
    ];

    public IReadOnlyList<Type> Sites { get; } = [typeof(ProcfsSite)];

    public bool TryResolve(ProbePoint point, ProviderContext context, out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        var c = point.Components;
        if (c.Length < 2 || !c[0].Is("procfs") || (c[0].Argument is not null && c[0].Text() is null))
        {
            return false;
        }
        bool? write = null;
        long? umask = null, maxsize = null;
        foreach (var part in c.Skip(1))
        {
            switch (part.Functor)
            {
                case "read" or "write" when part.Argument is null && write is null:
                    write = part.Functor == "write";
                    break;
                case "umask" when part.Number() is { } n && umask is null && write is null:
                    umask = n;
                    break;
                case "maxsize" when part.Number() is { } n && maxsize is null && write is false:
                    maxsize = n;
                    break;
                default:
                    return false;
            }
        }
        if (write is not { } isWrite)
        {
            return false;
        }
        var path = c[0].Text() ?? "command";
        if (PathError(path) is { } error)
        {
            Error(error, c[0], context);
            return true;
        }
        if (maxsize is <= 0)
        {
            Error("maxsize must be greater than 0", c[0], context);
            return true;
        }
        // Octal permission bits (C# has no octal literals): read 0444 less umask 0044, write 0222 less 0022.
        var mode = (isWrite ? Octal("222") : Octal("444")) & ~(int)(umask ?? (isWrite ? Octal("22") : Octal("44")));
        var parts = c.ToArray();
        parts[0] = parts[0] with { Argument = new StringLiteral(path, parts[0].Span) };
        sites = [new ProcfsSite(path, isWrite, mode & Octal("777"), maxsize ?? 0, ProbePointText.Format(parts), point.Optional, point.Span)];
        return true;
    }

    private static int Octal(string digits) => Convert.ToInt32(digits, 8);

    /// <summary>stap's objections to a procfs path, or null.</summary>
    private static string? PathError(string path)
    {
        if (path.StartsWith('/'))
        {
            return "procfs path cannot start with a '/'";
        }
        var components = path.Split('/');
        if (components[^1].Length == 0)
        {
            return "procfs path cannot end with a '/'";
        }
        if (components.Any(p => p.Length == 0))
        {
            return "procfs path component cannot be empty";
        }
        return components.Any(p => p is "." or "..") ? "procfs path cannot be relative (and contain '.' or '..')" : null;
    }

    private static void Error(string message, ProbePointComponent at, ProviderContext context) =>
        context.Diagnostics.Add(new Diagnostic(Severity.Error, "sema.procfs", "semantic error", message, at.Span, "identifier 'procfs'"));
}
