using System.Collections.Immutable;
using Stapper.DebugInfo;
using Stapper.Matching;
using Stapper.Parse;

namespace Stapper.Elaborate.Providers;

/// <summary>
/// <c>process("P").library("L")</c> followed by <c>.function</c>, <c>.plt</c> or <c>.mark</c>: the probe point on each
/// library L names, hit only in processes running P. A name or pattern without a slash matches the libraries P loads
/// (<see cref="NeededLibraries"/>) by path or file name; a path is that file, a path with wildcards the files it
/// globs. As in stap, each library is tried as if the point were optional, and the sites are named by the library.
/// </summary>
internal sealed partial class UserProcessProvider
{
    private bool Library(ProbePoint point, string library, ProviderContext context, out ImmutableArray<ProbeSite> sites)
    {
        sites = [];
        var c = point.Components;
        var named = ProgramOf(c[0], context);
        if (named is (null, _))
        {
            Unnamed(point, context);
            return true;
        }
        var program = named is ({ } written, _) ? ProcessPath.Resolve(written) ?? "" : "";
        if (program.Length == 0)
        {
            NoMatch.Report(point, context);
            return true;
        }
        IEnumerable<string> libraries;
        if (library.Contains('/'))
        {
            libraries = Glob.HasWildcards(library) ? FileGlob(library) : File.Exists(library) ? [library] : [];
            if (Glob.HasWildcards(library) && !libraries.Any())
            {
                // glob(3)'s GLOB_NOMATCH, as stap reports it.
                Error(point, context, "glob " + library + " error (3)");
                return true;
            }
        }
        else
        {
            libraries = NeededLibraries.Of(program)
                .Where(l => Glob.Match(library, l) || Glob.Match(library, Path.GetFileName(l)));
        }
        var found = ImmutableArray.CreateBuilder<ProbeSite>();
        foreach (var path in libraries.Select(ProcessPath.RealPath).Distinct(StringComparer.Ordinal))
        {
            var each = point with
            {
                Components = [c[0] with { Argument = new StringLiteral(path, c[0].Span) }, .. c.Skip(2)],
                Optional = true,
            };
            if (TryResolve(each, context, out var part))
            {
                found.AddRange(part.Select(s => s switch
                {
                    UserFunctionSite f => f with { Program = program, Pid = null },
                    UserPltSite p => p with { Program = program, Pid = null },
                    UserMarkSite m => m with { Program = program },
                    UserStatementSite i => i with { Program = program, Pid = null },
                    _ => s,
                }));
            }
        }
        if (found.Count == 0)
        {
            NoMatch.Report(point, context);
            return true;
        }
        sites = found.ToImmutable();
        return true;
    }

    /// <summary>
    /// <c>process("PATTERN")</c> with wildcards: the point on each executable file PATTERN globs (not searched in
    /// $PATH), each tried as if optional, as stap does.
    /// </summary>
    private bool Globbed(ProbePoint point, string pattern, ProviderContext context, out ImmutableArray<ProbeSite> sites)
    {
        var c = point.Components;
        var found = ImmutableArray.CreateBuilder<ProbeSite>();
        var executables = FileGlob(pattern).Where(f => !OperatingSystem.IsWindows() && (File.GetUnixFileMode(f) & UnixFileMode.UserExecute) != 0)
            .Select(ProcessPath.RealPath).Distinct(StringComparer.Ordinal);
        foreach (var path in executables)
        {
            var each = point with { Components = [c[0] with { Argument = new StringLiteral(path, c[0].Span) }, .. c.Skip(1)], Optional = true };
            if (TryResolve(each, context, out var part))
            {
                found.AddRange(part);
            }
        }
        sites = found.ToImmutable();
        if (sites.IsEmpty)
        {
            NoMatch.Report(point, context);
        }
        return true;
    }

    /// <summary>glob(3) without flags: each path component matched against a directory's entries, in sorted order.</summary>
    private static IEnumerable<string> FileGlob(string pattern)
    {
        IEnumerable<string> paths = ["/"];
        foreach (var part in pattern.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            paths = Glob.HasWildcards(part)
                ? paths.SelectMany(dir => Directory.Exists(dir)
                    ? Directory.EnumerateFileSystemEntries(dir).Where(e => !Path.GetFileName(e).StartsWith('.') || part.StartsWith('.'))
                        .Where(e => Glob.Match(part, Path.GetFileName(e))).Order(StringComparer.Ordinal)
                    : Enumerable.Empty<string>())
                : paths.Select(dir => Path.Combine(dir, part)).Where(p => File.Exists(p) || Directory.Exists(p));
        }
        return paths.Where(File.Exists).ToList();
    }
}
