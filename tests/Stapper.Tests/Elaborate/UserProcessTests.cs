using Stapper.DebugInfo;
using Stapper.Diagnostics;
using Stapper.Elaborate;
using Stapper.Elaborate.Providers;
using Stapper.Elaborate.TargetVariables;
using Stapper.Tests.DebugInfo;

namespace Stapper.Tests.Elaborate;

/// <summary>Programs compiled once per run for the user-space tests: a PIE, a non-PIE executable and a shared library.</summary>
public sealed class UserProgramsFixture : IDisposable
{
    public UserProgramsFixture()
    {
        Dir = Directory.CreateTempSubdirectory("stapper-user-").FullName;
        File.WriteAllText(Path.Combine(Dir, "prog.c"), """
            int first(int a) { return a + 1; }
            int second(int a) { return a * 2; }
            static int hidden(int a) { return a - 1; }
            int main(int argc, char **argv) { return first(argc) + second(argc) + hidden(argc); }
            """);
        File.WriteAllText(Path.Combine(Dir, "lib.c"), "int lib_call(int a) { return a + 3; }\n");
        File.WriteAllText(Path.Combine(Dir, "sleeper.c"), "#include <unistd.h>\nint nap(int s) { return sleep(s); }\nint main(void) { return nap(60); }\n");
        Oracle.RunIn(Dir, "gcc", "-O0", "sleeper.c", "-o", "sleeper");
        Oracle.RunIn(Dir, "gcc", "-O0", "-fcf-protection=none", "prog.c", "-o", "pie");
        Oracle.RunIn(Dir, "gcc", "-O0", "-fcf-protection=none", "-no-pie", "prog.c", "-o", "nopie");
        Oracle.RunIn(Dir, "gcc", "-O0", "-fcf-protection=none", "-shared", "-fPIC", "lib.c", "-o", "libt.so");
        Oracle.RunIn(Dir, "strip", "pie", "-o", "stripped");
        Oracle.RunIn(Dir, "gcc", "-g", "-O0", "prog.c", "-o", "debug");
        // Stripped, its DWARF apart (found by .gnu_debuglink) and its local function known there by an alias only, as
        // glibc's __GI_ names are.
        Oracle.RunIn(Dir, "objcopy", "--only-keep-debug", "debug", "apart.debug");
        Oracle.RunIn(Dir, "objcopy", "--redefine-sym", "hidden=__GI_hidden", "apart.debug");
        Oracle.RunIn(Dir, "strip", "-s", "debug", "-o", "apart");
        Oracle.RunIn(Dir, "objcopy", "--add-gnu-debuglink=apart.debug", "apart");
        File.CreateSymbolicLink(Path.Combine(Dir, "link"), Path.Combine(Dir, "pie"));
    }

    public string Dir { get; }

    public string PathOf(string name) => Path.Combine(Dir, name);

    public void Dispose() => Directory.Delete(Dir, true);
}

/// <summary>
/// process("PATH").function: the functions a file's symbol tables give (where in the file each starts), how PATH is
/// found, the sites a probe point resolves to and stap's diagnostics.
/// </summary>
public sealed class UserProcessTests(UserProgramsFixture programs) : IClassFixture<UserProgramsFixture>
{
    private static string Render(IEnumerable<Diagnostic> diagnostics) => string.Concat(diagnostics.Select(new DiagnosticRenderer().Render));

    private string[] Sites(string probePoint)
    {
        var result = Elaboration.Run("probe " + probePoint + " { println(1) }");
        Assert.Empty(result.Diagnostics.Where(d => d.IsError).Select(d => new DiagnosticRenderer().Render(d)));
        return result.Program!.Probes.Single().Sites.Select(s => s.Name).ToArray();
    }

    [Theory]
    [InlineData("pie")]
    [InlineData("nopie")]
    public void FunctionsStartAtTheirFileOffsets(string name)
    {
        var binary = UserBinary.Open(programs.PathOf(name))!;
        var bytes = File.ReadAllBytes(programs.PathOf(name));
        Assert.Equal(name == "pie", binary.Relocatable);
        Assert.False(binary.HasDwarf);
        foreach (var f in new[] { "first", "second", "hidden", "main" })
        {
            var function = binary.FunctionsMatching(f).Single();
            // gcc -O0 without CET begins every function with push %rbp (0x55), which is where the uprobe goes.
            Assert.Equal(0x55, bytes[function.FileOffset]);
            Assert.Equal(name == "pie" ? function.Address : function.Address - 0x400000, function.FileOffset);
        }
    }

    [Fact]
    public void StrippedFilesAndLibrariesKeepTheirDynamicSymbols()
    {
        Assert.Empty(UserBinary.Open(programs.PathOf("stripped"))!.FunctionsMatching("first"));
        var lib = UserBinary.Open(programs.PathOf("libt.so"))!;
        Assert.True(lib.Relocatable);
        Assert.Equal(0x55, File.ReadAllBytes(programs.PathOf("libt.so"))[lib.FunctionsMatching("lib_call").Single().FileOffset]);
        Assert.True(UserBinary.Open(programs.PathOf("debug"))!.HasDwarf);
        Assert.Null(UserBinary.Open(programs.PathOf("prog.c")));
    }

    [Fact]
    public void WildcardsMatchInAddressOrder()
    {
        var names = UserBinary.Open(programs.PathOf("pie"))!.FunctionsMatching("*").Select(f => f.Name).ToList();
        Assert.True(names.IndexOf("first") < names.IndexOf("second") && names.IndexOf("second") < names.IndexOf("hidden"));
        Assert.Equal(["first", "frame_dummy"], UserBinary.Open(programs.PathOf("pie"))!.FunctionsMatching("f*").Select(f => f.Name).Order());
    }

    [Fact]
    public void PathIsSearchedInPathAndResolvedThroughLinks()
    {
        Assert.Equal(programs.PathOf("pie"), ProcessPath.Resolve(programs.PathOf("link")));
        Assert.Equal(ProcessPath.RealPath("/bin/sh"), ProcessPath.Resolve("sh"));
        Assert.StartsWith("/usr/bin/", ProcessPath.Resolve("ls"));
        Assert.Null(ProcessPath.Resolve("no-such-program-anywhere"));
        Assert.Null(ProcessPath.Resolve(programs.PathOf("absent")));
    }

    [Fact]
    public void FunctionProbePointsBecomeOneSitePerFunction()
    {
        var link = programs.PathOf("link");
        var pie = programs.PathOf("pie");
        Assert.Equal([$"process(\"{pie}\").function(\"first\")"], Sites($"process(\"{link}\").function(\"first\")"));
        Assert.Equal([$"process(\"{pie}\").function(\"first\").return", $"process(\"{pie}\").function(\"frame_dummy\").return"],
            Sites($"process(\"{pie}\").function(\"f*\").return").Order());
        Assert.Equal([$"process(\"{pie}\").function(\"second\").call"], Sites($"process(\"{pie}\").function(\"second\").call"));
        var site = (UserFunctionSite)Elaboration.Program($"probe process(\"{pie}\").function(\"second\").return {{ println(1) }}").Probes.Single().Sites.Single();
        Assert.Equal((pie, "second", UserBinary.Open(pie)!.FunctionsMatching("second").Single().FileOffset, true),
            (site.Path, site.Symbol, site.FileOffset, site.Return));
    }

    [Fact]
    public void AFileWithoutDwarfIsWarnedAboutAtEachProbePoint()
    {
        var pie = programs.PathOf("pie");
        var result = Elaboration.Run($"probe process(\"{pie}\").function(\"first\") {{ println(1) }} probe process(\"{pie}\").function(\"second\") {{ println(2) }}");
        var warning = $"WARNING: cannot find module {pie} debuginfo: No DWARF information found [man warning::debuginfo]\n";
        Assert.Equal(warning + warning, Render(result.Diagnostics));
        Assert.Empty(Elaboration.Run($"probe process(\"{programs.PathOf("debug")}\").function(\"first\") {{ println(1) }}").Diagnostics);
    }

    [Fact]
    public void AnOptionalPointThatMatchesNothingIsNotWarnedAbout()
    {
        // semok/entry01.stp under -W: stap drops such a point without a word.
        var pie = programs.PathOf("pie");
        Assert.Empty(Elaboration.Run($"probe process(\"{pie}\").function(\"nosuch\") ? {{ println(1) }} probe begin {{ println(2) }}").Diagnostics);
    }

    [Fact]
    public void MissingFunctionsFilesAndInsnAreErrors()
    {
        var pie = programs.PathOf("pie");
        // stap's hint names the file's functions closest to the name.
        Assert.Contains("semantic error: while resolving probe point: identifier 'process' at t.stp:1:7\n",
            Render(Elaboration.Run($"probe process(\"{pie}\").function(\"absent\") {{ println(1) }}").Diagnostics));
        Assert.Contains("semantic error: no match (similar functions: ",
            Render(Elaboration.Run($"probe process(\"{pie}\").function(\"absent\") {{ println(1) }}").Diagnostics));
        Assert.Contains("similar functions: first, ",
            Render(Elaboration.Run($"probe process(\"{pie}\").function(\"firsts\") {{ println(1) }}").Diagnostics));
        Assert.Contains("semantic error: while resolving probe point: identifier 'process'",
            Render(Elaboration.Run($"probe process(\"{programs.PathOf("absent")}\").function(\"first\") {{ println(1) }}").Diagnostics));
        Assert.Contains("semantic error: process probes not available without kernel CONFIG_UTRACE\n",
            Render(Elaboration.Run($"probe process(\"{pie}\").insn {{ println(1) }}").Diagnostics));
        Assert.DoesNotContain(Elaboration.Run($"probe process(\"{pie}\").function(\"absent\") ?, begin {{ println(1) }}").Diagnostics, d => d.IsError);
        // A file qualifier is never dropped: without DWARF nothing says where a function is declared.
        Assert.Contains("semantic error: a source file qualifier (@FILE) without the file's DWARF is not supported by this translator yet\n",
            Render(Elaboration.Run($"probe process(\"{pie}\").function(\"second@prog.c\") {{ println(1) }}").Diagnostics));
    }

    [Fact]
    public void WithDwarfFunctionsAreNamedAndFilteredByTheirDeclaration()
    {
        var debug = programs.PathOf("debug");
        var source = programs.PathOf("prog.c");
        Assert.Equal([$"process(\"{debug}\").function(\"first@{source}:1\")"], Sites($"process(\"{debug}\").function(\"first\")"));
        // frame_dummy matches "f*" too, but prog.c does not declare it.
        Assert.Equal([$"process(\"{debug}\").function(\"first@{source}:1\").return"], Sites($"process(\"{debug}\").function(\"f*@prog.c\").return"));
        Assert.Equal([$"process(\"{debug}\").function(\"hidden@{source}:3\")"], Sites($"process(\"{debug}\").function(\"h*@*/prog.c\")"));
        Assert.Contains("semantic error: no match",
            Render(Elaboration.Run($"probe process(\"{debug}\").function(\"first@other.c\") {{ println(1) }}").Diagnostics));
        // A line is the function's entry all the same, with stap's warning.
        var line = Elaboration.Run($"probe process(\"{debug}\").function(\"first@prog.c:1\") {{ println(1) }}");
        Assert.Contains("WARNING: For probing a particular line, use a .statement() probe, not .function()", Render(line.Diagnostics));
        Assert.Equal([$"process(\"{debug}\").function(\"first@{source}:1\")"], line.Program!.Probes.Single().Sites.Select(s => s.Name));
    }

    [Fact]
    public void ParametersAreReadByTheCallingConventionAndTypedByDwarf()
    {
        var debug = programs.PathOf("debug");
        var site = (UserFunctionSite)Elaboration.Program($"probe process(\"{debug}\").function(\"main\") {{ println($argc) }}").Probes.Single().Sites.Single();
        Assert.Equal("int main(int argc, char **argv)", site.Function!.ToString());
        Assert.Equal(new TargetStep[] { new LoadParameter(0, false), new Narrow(4, true) }, site.Load(0)!.Value.ToArray());
        Assert.Equal(new TargetStep[] { new LoadParameter(1, false) }, site.Load(1)!.Value.ToArray());
        var text = Render(Elaboration.Run($"probe process(\"{debug}\").function(\"first\") {{ println($b) }}").Diagnostics);
        Assert.Contains($"semantic error: unable to find local 'b', [man error::dwarf] in {debug}, in first (alternatives: $a)): identifier '$b' at t.stp:1:", text);
        // Without DWARF, stap's two errors: no debuginfo scope, then the unresolved type.
        var pie = programs.PathOf("pie");
        text = Render(Elaboration.Run($"probe process(\"{pie}\").function(\"first\").return {{ println($return) }}").Diagnostics);
        Assert.Contains($"semantic error: debuginfo scope not found for module '{pie}', cannot resolve context variable [man error::dwarf]: identifier '$return' at t.stp:1:", text);
        Assert.DoesNotContain("target-symbol requires debuginfo", text);
        // A write types what it writes to: the one error (security-band-aids/cve-2014-7169.stp under stap 4.8).
        text = Render(Elaboration.Run($"probe process(\"{pie}\").function(\"first\") {{ $a = 1 }}", null, o => o with { GuruMode = true }).Diagnostics);
        Assert.Contains("debuginfo scope not found", text);
        Assert.DoesNotContain("unresolved type", text);
    }

    [Fact]
    public void AReturnProbeCapturesParametersAtEntryWithStapsWarning()
    {
        var debug = programs.PathOf("debug");
        var result = Elaboration.Run($"probe process(\"{debug}\").function(\"first\").return {{ printf(\"%d %d %s\\n\", $return, $a, $$parms) }}",
            ("context.stp", "function tid:long() %{ /* pure */ STAP_RETVALUE = current->pid; %}\n"));
        Assert.StartsWith(
            "WARNING: confusing usage, value is captured as @entry($a) in .return probe [man stapprobes] RETURN PROBES: identifier '$a' at t.stp:1:",
            Render(result.Diagnostics));
        Assert.Contains("@entry($$parms)", Render(result.Diagnostics));
        var probes = result.Program!.Probes;
        Assert.Equal([$"process(\"{debug}\").function(\"first@{programs.PathOf("prog.c")}:1\").call", $"process(\"{debug}\").function(\"first@{programs.PathOf("prog.c")}:1\").return"],
            probes.Select(p => p.Sites.Single().Name));
        Assert.False(((UserFunctionSite)probes[0].Sites.Single()).Return);
    }

    [Theory]
    [InlineData("/usr/bin/ls")]
    [InlineData("sleeper")]
    [InlineData("/lib/x86_64-linux-gnu/libc.so.6")]
    public void PltStubsAreWhereObjdumpPutsThem(string file)
    {
        var path = file.StartsWith('/') ? file : programs.PathOf(file);
        var expected = Oracle.Run("objdump", "-d", "--section=.plt", "--section=.plt.sec", path).Split('\n')
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, "^([0-9a-f]+) <(.+)@plt>:$")).Where(m => m.Success)
            .Where(m => !m.Groups[2].Value.StartsWith("*ABS*", StringComparison.Ordinal)) // IRELATIVE slots name no function
            .Select(m => (m.Groups[2].Value, Convert.ToUInt64(m.Groups[1].Value, 16))).Order().ToList();
        var binary = UserBinary.Open(path)!;
        Assert.NotEmpty(expected);
        Assert.Equal(expected, binary.Plt.Select(e => (e.Name, e.Address)).Order());
        // A PIE or library: the stubs' segment is at the same offset in the file as in memory.
        Assert.All(binary.Plt, e => Assert.Equal(e.Address, e.FileOffset));
    }

    [Fact]
    public void PltPointsAreStatementsAtTheStubsWithTheirName()
    {
        var sleeper = programs.PathOf("sleeper");
        var stubs = UserBinary.Open(sleeper)!.Plt;
        var sites = Elaboration.Program($"probe process(\"{sleeper}\").plt(\"sl*\").return {{ println($$name) }}").Probes.Single().Sites.Cast<UserPltSite>().ToList();
        var sleep = stubs.Single(e => e.Name == "sleep");
        Assert.Equal([($"process(\"{sleeper}\").statement(0x{sleep.Address:x}).return", "sleep", sleep.FileOffset, true)],
            sites.Select(s => (s.Name, s.Function, s.FileOffset, s.Return)));
        Assert.Equal(stubs.Count, Elaboration.Program($"probe process(\"{sleeper}\").plt {{ println($$name) }}").Probes.Single().Sites.Length);
        Assert.Contains("semantic error: unable to find plt variable '$x' (alternatives: $$name): identifier '$x'",
            Render(Elaboration.Run($"probe process(\"{sleeper}\").plt {{ println($x) }}").Diagnostics));
        // A stub has no debug information, so no $return (stap's error; returnval() reads the register).
        Assert.Contains($"semantic error: debuginfo scope not found for module '{sleeper}', cannot resolve context variable [man error::dwarf]: identifier '$return'",
            Render(Elaboration.Run($"probe process(\"{sleeper}\").plt.return {{ println($return) }}").Diagnostics));
        Assert.Contains("semantic error: no match (similar functions: sleep",
            Render(Elaboration.Run($"probe process(\"{sleeper}\").plt(\"sleeep\") {{ println(1) }}").Diagnostics));
    }

    [Theory]
    [InlineData("/usr/bin/ls")]
    [InlineData("/usr/bin/ssh")]
    public void NeededLibrariesAreLddsList(string program)
    {
        // ldd prints "name => path (address)" and the loader itself as a path; the vDSO has neither.
        var expected = Oracle.Run("ldd", program).Split('\n').Select(l => l.Trim())
            .Select(l => l.Contains("=>", StringComparison.Ordinal) ? l.Split("=>")[1].Trim().Split(' ')[0] : l.Split(' ')[0])
            .Where(p => p.StartsWith('/')).Select(Stapper.Elaborate.Providers.ProcessPath.RealPath).Order().ToList();
        Assert.Equal(expected, NeededLibraries.Of(program).Select(Stapper.Elaborate.Providers.ProcessPath.RealPath).Order());
    }

    [Fact]
    public void ALibraryComponentProbesTheLibraryInTheProgramsProcessesOnly()
    {
        var pie = programs.PathOf("pie");
        var libc = Stapper.Elaborate.Providers.ProcessPath.RealPath("/lib/x86_64-linux-gnu/libc.so.6");
        var site = (UserFunctionSite)Elaboration.Program($"probe process(\"{pie}\").library(\"libc.so*\").function(\"getpid\") {{ println(1) }}")
            .Probes.Single().Sites.Single();
        Assert.Equal((libc, pie), (site.Path, site.Program));
        Assert.StartsWith($"process(\"{libc}\").function(\"getpid", site.Name);
        // A path names that file, needed or not; a path with wildcards that globs nothing is glob(3)'s error.
        var lib = (UserFunctionSite)Elaboration.Program($"probe process(\"{pie}\").library(\"{programs.PathOf("libt.so")}\").function(\"lib_call\") {{ println(1) }}")
            .Probes.Single().Sites.Single();
        Assert.Equal((programs.PathOf("libt.so"), pie), (lib.Path, lib.Program));
        Assert.Contains($"semantic error: glob {programs.Dir}/nosuch*.so error (3)\n",
            Render(Elaboration.Run($"probe process(\"{pie}\").library(\"{programs.Dir}/nosuch*.so\").function(\"f\") {{ println(1) }}").Diagnostics));
        Assert.Contains("semantic error: while resolving probe point: identifier 'process'",
            Render(Elaboration.Run($"probe process(\"{pie}\").library(\"libnosuch*\").function(\"f\") {{ println(1) }}").Diagnostics));
    }

    [Fact]
    public void AStrippedFilesFunctionsComeFromItsDebugFileAndItsDwarfNames()
    {
        var apart = programs.PathOf("apart");
        var source = programs.PathOf("prog.c");
        // "first" from the debug file's .symtab, "hidden" only by its DWARF name; both typed by that DWARF.
        Assert.Equal([$"process(\"{apart}\").function(\"first@{source}:1\")"], Sites($"process(\"{apart}\").function(\"first\")"));
        var site = (UserFunctionSite)Elaboration.Program($"probe process(\"{apart}\").function(\"hidden\") {{ println($a) }}").Probes.Single().Sites.Single();
        var debug = UserBinary.Open(programs.PathOf("debug"))!.FunctionsMatching("hidden").Single();
        Assert.Equal(($"process(\"{apart}\").function(\"hidden@{source}:3\")", debug.FileOffset, "int hidden(int a)"),
            (site.Name, site.FileOffset, site.Function!.ToString()));
    }

    [Fact]
    public void APathWithWildcardsIsEveryExecutableItGlobs()
    {
        // pie and its link are one file; prog.c and lib.c are not executable; libt.so has no "first".
        Assert.Equal([$"process(\"{programs.PathOf("nopie")}\").function(\"first\")", $"process(\"{programs.PathOf("pie")}\").function(\"first\")"],
            Sites($"process(\"{programs.Dir}/[lnp]*\").function(\"first\")").Order());
        Assert.Contains("semantic error: while resolving probe point: identifier 'process'",
            Render(Elaboration.Run($"probe process(\"{programs.Dir}/zz*\").function(\"first\") {{ println(1) }}").Diagnostics));
    }

    [Fact]
    public void APidIsCheckedAsStapChecksItWhenPassTwoCanTell()
    {
        static string Errors(string point, Func<ElaborateOptions, ElaborateOptions> options) =>
            Render(Elaboration.Run("probe " + point + " { println(1) }", null, options).Diagnostics);
        Func<long, string?> host = pid => pid == 42 ? null : $"cannot probe pid {pid}: No such process";
        Assert.Equal("semantic error: while resolving probe point: identifier 'process' at t.stp:1:7\n"
            + "        source: probe process(43).begin { println(1) }\n"
            + "                      ^\n\n"
            + "semantic error: cannot probe pid 43: No such process\n\n",
            Errors("process(43).begin", o => o with { PidRefusal = host }));
        Assert.Contains("semantic error: cannot probe pid 43: No such process\n",
            Errors("process(43).function(\"main\")", o => o with { PidRefusal = host }));
        Assert.Contains("semantic error: cannot probe pid 43: No such process\n",
            Errors("process.syscall", o => o with { PidRefusal = host, TargetPid = 43 }));
        // -x for the target's program: stap's cmd_file says why there is none first
        Assert.Contains("semantic error: invalid -x pid for unspecified process probe [man stapprobes]\n\n"
            + "semantic error: cannot probe pid 43: No such process\n",
            Errors("process.function(\"main\")", o => o with { PidRefusal = host, TargetPid = 43 }));
        // a pid of 0 is never a process; without a check (--vm: the guest's pids) any other pid is taken
        Assert.Contains("semantic error: cannot probe pid 0: Invalid pid\n", Errors("process(0).end", o => o));
        Assert.DoesNotContain("cannot probe", Errors("process(42).begin", o => o with { PidRefusal = host }));
        Assert.DoesNotContain("cannot probe", Errors("process(43).begin", o => o));
    }

    [Fact]
    public void ProcessWithoutAPathIsTheTargetsProgramAndAPidIsThatProcesssExecutable()
    {
        var pie = programs.PathOf("pie");
        var script = "probe process.function(\"first\") { println(1) }";
        Assert.Contains("semantic error: unspecified process probe is invalid without a -c COMMAND or -x PID [man stapprobes]\n",
            Render(Elaboration.Run(script).Diagnostics));
        var result = Elaboration.Run(script, null, o => o.WithTargetCommand(programs.PathOf("link") + " --flag word"));
        Assert.Equal([$"process(\"{pie}\").function(\"first\")"], result.Program!.Probes.Single().Sites.Select(s => s.Name));
        Assert.Contains("semantic error: no match",
            Render(Elaboration.Run(script, null, o => o.WithTargetCommand(programs.PathOf("absent"))).Diagnostics));
        // the -c command split as staprun's wordexp splits it: quotes group, a shell metacharacter names no program
        result = Elaboration.Run(script, null, o => o.WithTargetCommand("'" + programs.PathOf("link") + "' \"a b\""));
        Assert.Equal([$"process(\"{pie}\").function(\"first\")"], result.Program!.Probes.Single().Sites.Select(s => s.Name));
        Assert.Contains("semantic error: while resolving probe point: identifier 'process' at t.stp:1:7\n"
            + "        source: probe process.function(\"first\") { println(1) }\n"
            + "                      ^\n\n"
            + "semantic error: invalid -c command for unspecified process probe [man stapprobes]\n\n"
            + "semantic error: command contains illegal characters\n",
            Render(Elaboration.Run(script, null, o => o.WithTargetCommand(programs.PathOf("link") + "; true")).Diagnostics));
        // process(PID): the executable /proc/PID/exe names, hit only in that process.
        using var sleeper = System.Diagnostics.Process.Start(programs.PathOf("sleeper"));
        try
        {
            var site = (UserFunctionSite)Elaboration.Program($"probe process({sleeper.Id}).function(\"nap\") {{ println(1) }}").Probes.Single().Sites.Single();
            Assert.Equal((programs.PathOf("sleeper"), (long?)sleeper.Id), (site.Path, site.Pid));
        }
        finally
        {
            sleeper.Kill();
        }
    }

    [Fact]
    public void ParametersPastTheRegistersAreStackWordsUntilAStructureByValue()
    {
        static ParameterInfo P(int i, TypeKind kind, ulong size) => new(i, "p" + i, new SyntheticType(kind, "t", size, true, null, []));
        var words = Enumerable.Range(0, 8).Select(i => P(i, TypeKind.Integer, 8)).ToList();
        Assert.Equal(new int?[] { 0, 1, 2, 3, 4, 5, 6, 7 }, UserCallingConvention.Slots(words).ToArray());
        // A double takes an SSE register, not a slot; a structure by value makes every later slot uncertain.
        Assert.Equal(new int?[] { 0, null, 1 },
            UserCallingConvention.Slots([P(0, TypeKind.Integer, 4), P(1, TypeKind.Float, 8), P(2, TypeKind.Pointer, 8)]).ToArray());
        Assert.Equal(new int?[] { 0, null, null, null },
            UserCallingConvention.Slots([P(0, TypeKind.Integer, 4), P(1, TypeKind.Struct, 16), P(2, TypeKind.Integer, 8), P(3, TypeKind.Integer, 8)]).ToArray());
        Assert.Equal(new TargetStep[] { new LoadRegister("sp"), new AddOffset(16) }, UserCallingConvention.StackAddress(7).ToArray());
    }
}
