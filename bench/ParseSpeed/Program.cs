using System.Diagnostics;
using Stapper.Diagnostics;
using Stapper.Parse;

// Pass 1 on one script, warm: parses it WARMUP times, then times RUNS parses and prints
// "lines min_ms median_ms min_cpu_ms" (CPU time of the process, less disturbed by a busy machine). Usage: ParseSpeed FILE [RUNS] [WARMUP]
var path = args[0];
var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;
var warmup = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
var text = File.ReadAllText(path);
var context = new PreprocessorContext("6.1.0-1-amd64", "x86_64", false, [], _ => null);
var input = new ParseInput(new SourceFile(path, text), [], context);

for (var i = 0; i < warmup; i++)
{
    Parse();
}
var times = new List<double>();
var cpu = new List<double>();
using var self = Process.GetCurrentProcess();
for (var i = 0; i < runs; i++)
{
    self.Refresh();
    var cpuBefore = self.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    Parse();
    times.Add(watch.Elapsed.TotalMilliseconds);
    self.Refresh();
    cpu.Add((self.TotalProcessorTime - cpuBefore).TotalMilliseconds);
}
times.Sort();
cpu.Sort();
var lines = text.Count(c => c == '\n');
Console.WriteLine(FormattableString.Invariant($"{lines} {times[0]:F1} {times[times.Count / 2]:F1} {cpu[0]:F1}"));

void Parse()
{
    var result = new ParsePass().Run(input);
    if (result.Script is null)
    {
        throw new InvalidOperationException(string.Join("\n", result.Diagnostics.Select(d => d.Message)));
    }
}
