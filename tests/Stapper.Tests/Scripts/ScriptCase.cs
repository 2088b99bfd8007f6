namespace Stapper.Tests.Scripts;

/// <summary>
/// One kernel test (conventions in tests/scripts/README.md): NAME.stp with NAME.out (exact stdout),
/// NAME.err (exact stderr; absent means empty), NAME.exit (status, default 0) and NAME.args (one
/// shell-quoted line of words placed after the script name, as getopt permutes them: options and
/// script arguments). It runs with its folder as the working directory.
/// </summary>
public sealed record ScriptCase(string Name, string Directory, string FileName, IReadOnlyList<string> Words,
    string ExpectedStdout, string ExpectedStderr, int ExpectedExit)
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static IEnumerable<ScriptCase> All()
    {
        var root = Path.Combine(RepositoryRoot, "tests", "scripts");
        // STAPPER_SCRIPTS=targetvars,runtime/kprobes runs only the cases under those folders (or with those name prefixes).
        var only = (Environment.GetEnvironmentVariable("STAPPER_SCRIPTS") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return System.IO.Directory.EnumerateFiles(root, "*.stp", SearchOption.AllDirectories)
            .Where(f => File.Exists(Path.ChangeExtension(f, ".out")) || File.Exists(Path.ChangeExtension(f, ".err")))
            .Where(f => only.Length == 0 || only.Any(o => Path.GetRelativePath(root, f).StartsWith(o, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .Select(f => Load(root, f));
    }

    private static ScriptCase Load(string root, string file)
    {
        string? Read(string ext) => File.Exists(Path.ChangeExtension(file, ext)) ? File.ReadAllText(Path.ChangeExtension(file, ext)) : null;
        var words = ShellWords.Split((Read(".args") ?? "").Trim());
        var exit = Read(".exit") is { } e ? int.Parse(e.Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0;
        return new ScriptCase(Path.GetRelativePath(root, file), Path.GetDirectoryName(file)!, Path.GetFileName(file),
            words, Read(".out") ?? "", Read(".err") ?? "", exit);
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
