namespace Stapper.Tests.Scripts;

/// <summary>
/// One kernel test (conventions in tests/scripts/README.md): NAME.stp with NAME.out (exact stdout),
/// NAME.err (exact stderr; absent means empty), NAME.exit (status, default 0) and NAME.args (one
/// shell-quoted line of words placed after the script name, as getopt permutes them: options and
/// script arguments), NAME.stdin (its standard input, else /dev/null), NAME.before (a shell file run first). It runs with its folder as the working directory.
/// </summary>
public sealed record ScriptCase(string Name, string Directory, string FileName, IReadOnlyList<string> Words,
    string ExpectedStdout, string ExpectedStderr, int ExpectedExit)
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Stapper deliberately differs from stap here; the expectations are NAME.stapper.*.</summary>
    public bool IsDeviation { get; init; }

    /// <summary>
    /// NAME.mask: one regular expression a line ('#' starts a comment) for what belongs to one kernel build, not to
    /// the language (text addresses, offsets and sizes of functions); every match, in the expected and in the actual
    /// stdout and stderr alike, reads "MASKED" before they are compared.
    /// </summary>
    public IReadOnlyList<System.Text.RegularExpressions.Regex> Masks { get; init; } = [];

    /// <summary>NAME.stdin, the run's standard input (input.* probes read it), as a file name beside the script; else null
    /// (stdin is /dev/null).</summary>
    public string? StdinFile { get; init; }

    /// <summary>NAME.before, a shell file run (with sh, in the script's folder, in the same boot) before the run: it starts
    /// what the case finds running when the probes start; else null.</summary>
    public string? BeforeFile { get; init; }

    /// <summary>NAME.host, a shell file run (with sh, in the script's folder) on the host before passes 1-4, for what pass 2
    /// reads there (a process(PID)'s program, as stap reads it on the compiling host); it prints the pids of the processes
    /// it leaves running, which are killed after the build; else null.</summary>
    public string? HostFile { get; init; }

    /// <summary><paramref name="text"/> with <see cref="Masks"/> applied.</summary>
    public string Masked(string text) => Masks.Aggregate(text, (t, m) => m.Replace(t, "MASKED"));

    /// <summary>NAME.example: the path under SystemTap's testsuite/systemtap.examples/ this case runs (copied as NAME.stp
    /// at run time, never committed); else null.</summary>
    public string? Example { get; init; }

    /// <summary>Why the case cannot run here (an example without SystemTap's source); else null.</summary>
    public string? SkipReason { get; init; }

    public static IEnumerable<ScriptCase> All()
    {
        var root = Path.Combine(RepositoryRoot, "tests", "scripts");
        // An example's NAME.stp is the copy made from NAME.example: the .example names the case.
        var scripts = System.IO.Directory.EnumerateFiles(root, "*.stp", SearchOption.AllDirectories)
            .Where(f => !File.Exists(Path.ChangeExtension(f, ".example")));
        return scripts.Concat(System.IO.Directory.EnumerateFiles(root, "*.example", SearchOption.AllDirectories))
            .Where(f => File.Exists(Path.ChangeExtension(f, ".out")) || File.Exists(Path.ChangeExtension(f, ".err")))
            .Select(f => Path.ChangeExtension(f, ".stp"))
            .Order(StringComparer.Ordinal)
            .Where(f => Selected(Path.GetRelativePath(root, f)))
            .Select(f => Load(root, f));
    }

    /// <summary>STAPPER_SCRIPTS=a/,b/x limits the suite to names starting with one of the prefixes (for local runs).</summary>
    private static bool Selected(string name)
    {
        var filter = Environment.GetEnvironmentVariable("STAPPER_SCRIPTS");
        return string.IsNullOrWhiteSpace(filter)
            || filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(p => name.StartsWith(p, StringComparison.Ordinal));
    }

    private static ScriptCase Load(string root, string file)
    {
        string? Read(string ext) => File.Exists(Path.ChangeExtension(file, ext)) ? File.ReadAllText(Path.ChangeExtension(file, ext)) : null;
        var words = ShellWords.Split((Read(".args") ?? "").Trim());
        // A documented deviation (docs/conformance.md) has NAME.stapper.* files: Stapper's own expectations,
        // all three taken from them (absent: empty, status 0); NAME.out/.err/.exit stay what stap printed.
        var deviation = new[] { ".stapper.out", ".stapper.err", ".stapper.exit" }.Any(x => Read(x) is not null);
        var prefix = deviation ? ".stapper" : "";
        var exit = Read(prefix + ".exit") is { } e ? int.Parse(e.Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0;
        var example = Read(".example")?.Trim();
        var skip = example is null ? null : ExampleSource.Materialise(example, file, ExampleSource.Root());
        return new ScriptCase(Path.GetRelativePath(root, file), Path.GetDirectoryName(file)!, Path.GetFileName(file),
            words, Read(prefix + ".out") ?? "", Read(prefix + ".err") ?? "", exit)
        {
            IsDeviation = deviation,
            Example = example,
            SkipReason = skip,
            BeforeFile = File.Exists(Path.ChangeExtension(file, ".before")) ? Path.GetFileName(Path.ChangeExtension(file, ".before")) : null,
            HostFile = File.Exists(Path.ChangeExtension(file, ".host")) ? Path.GetFileName(Path.ChangeExtension(file, ".host")) : null,
            StdinFile = File.Exists(Path.ChangeExtension(file, ".stdin")) ? Path.GetFileName(Path.ChangeExtension(file, ".stdin")) : null,
            Masks = (Read(".mask") ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => new System.Text.RegularExpressions.Regex(l, System.Text.RegularExpressions.RegexOptions.CultureInvariant)).ToList(),
        };
    }

    private static string FindRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Stapper.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        return dir ?? throw new InvalidOperationException("cannot find the repository root (Stapper.sln) above " + AppContext.BaseDirectory);
    }

    public override string ToString() => Name;
}
