using System.Collections.Immutable;
using System.Diagnostics;
using Stapper.Diagnostics;
using Stapper.Fuzz;
using Stapper.Parse;

// A mutation fuzzer for pass 1, seeded with .stp files. An input fails when the parser reports an
// internal error (an exception it caught), the printer throws, the -p1 text does not reparse to the
// same text, or one parse takes longer than the hang limit. Failing inputs are written to OUT.
// Usage: Stapper.Fuzz --seconds N --out DIR [--seed N] SEED_DIR_OR_FILE...
//        Stapper.Fuzz --afl           (the target afl-fuzz runs, after `sharpfuzz stapper.dll`)
//        Stapper.Fuzz --replay FILE   (checks one input under each context the fuzzer uses)
if (args is ["--afl"])
{
    // AFL++ drives this process through SharpFuzz (make fuzz-afl): each input is one script, a finding throws.
    SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
    {
        using var reader = new StreamReader(stream);
        if (Check(reader.ReadToEnd(), NewContext(false, 1), []) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    });
    return 0;
}

var seconds = 600;
var outDir = "fuzz-findings";
var randomSeed = Environment.TickCount;
var seedPaths = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds": seconds = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--out": outDir = args[++i]; break;
        case "--replay": return Replay(args[++i]);
        case "--seed": randomSeed = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        default: seedPaths.Add(args[i]); break;
    }
}

var seeds = seedPaths
    .SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p, "*.stp", SearchOption.AllDirectories) : [p])
    .Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
if (seeds.Count == 0)
{
    Console.Error.WriteLine("no seed scripts given");
    return 2;
}
var repo = AppContext.BaseDirectory;
while (repo is not null && !File.Exists(Path.Combine(repo, "Stapper.sln")))
{
    repo = Path.GetDirectoryName(repo);
}
ImmutableArray<SourceFile> macros = repo is null ? [] :
    [.. Directory.GetFiles(Path.Combine(repo, "tapsets"), "*.stpm").Order(StringComparer.Ordinal).Select(f => new SourceFile(f, File.ReadAllText(f)))];

Directory.CreateDirectory(outDir);
var random = new Random(randomSeed);
var mutator = new Mutator(random, seeds);
var hangLimit = TimeSpan.FromSeconds(5);
var clock = Stopwatch.StartNew();
long execs = 0, parsedClean = 0;
var findings = 0;
var slowest = TimeSpan.Zero;
Console.WriteLine($"fuzzing pass 1 for {seconds} s from {seeds.Count} seeds, random seed {randomSeed}");

while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
{
    var input = mutator.Mutate(seeds[random.Next(seeds.Count)]);
    var context = NewContext(random.Next(2) == 0, random.Next(3));
    var watch = Stopwatch.StartNew();
    var run = Task.Run(() => Check(input, context, macros));
    if (!run.Wait(hangLimit))
    {
        Save("hang", input, $"no result after {hangLimit.TotalSeconds} s");
        Console.WriteLine("hang found; stopping (the parse thread cannot be stopped)");
        break;
    }
    execs++;
    slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
    if (run.Result is { } problem)
    {
        Save("crash", input, problem);
    }
    else if (input.Length > 0)
    {
        parsedClean++;
    }
    if (execs % 20000 == 0)
    {
        Console.WriteLine($"{clock.Elapsed:mm\\:ss} {execs} inputs, {findings} findings");
    }
}
Console.WriteLine($"done: {execs} inputs in {clock.Elapsed.TotalSeconds:F0} s, {findings} findings, slowest parse {slowest.TotalMilliseconds:F0} ms");
return findings == 0 ? 0 : 1;

void Save(string kind, string input, string why)
{
    findings++;
    var name = Path.Combine(outDir, $"{kind}-{findings:D3}");
    File.WriteAllText(name + ".stp", input);
    File.WriteAllText(name + ".txt", why);
    Console.WriteLine($"{kind}: {name}.stp: {why.Split('\n')[0]}");
}

static PreprocessorContext NewContext(bool guru, int arguments) =>
    new("6.1.0-1-amd64", "x86_64", guru, [.. Enumerable.Repeat("1", arguments)], name => name == "CONFIG_NR_CPUS" ? "64" : null);

static int Replay(string path)
{
    var input = File.ReadAllText(path);
    var failed = 0;
    foreach (var guru in new[] { false, true })
    {
        for (var arguments = 0; arguments < 3; arguments++)
        {
            var watch = Stopwatch.StartNew();
            var problem = Check(input, NewContext(guru, arguments), []);
            Console.WriteLine($"guru={guru} args={arguments}: {watch.ElapsedMilliseconds} ms {problem?.Split('\n')[0] ?? "ok"}");
            failed += problem is null ? 0 : 1;
        }
    }
    return failed == 0 ? 0 : 1;
}

static string? Check(string input, PreprocessorContext context, ImmutableArray<SourceFile> macros)
{
    try
    {
        var first = new ParsePass { CheckPrivilege = true }.Run(new ParseInput(new SourceFile("f.stp", input), macros, context));
        if (first.Diagnostics.FirstOrDefault(d => d.Code == "parse.internal") is { } internalError)
        {
            return internalError.Message;
        }
        if (first.Script is null)
        {
            return null;
        }
        var printed = SyntaxPrinter.Print(first.Script);
        var second = new ParsePass { CheckPrivilege = true }.Run(new ParseInput(new SourceFile("f.stp", printed), [], context));
        if (second.Script is null)
        {
            return "the -p1 text does not parse:\n" + string.Join("\n", second.Diagnostics.Select(d => d.Message)) + "\n" + printed;
        }
        var reprinted = SyntaxPrinter.Print(second.Script);
        return reprinted == printed ? null : "printing again differs:\n" + printed + "\n----\n" + reprinted;
    }
    catch (Exception e)
    {
        return e.ToString();
    }
}
