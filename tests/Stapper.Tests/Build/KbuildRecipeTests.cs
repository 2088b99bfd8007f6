using System.Collections.Immutable;
using Stapper.Build;
using Stapper.Translate;

namespace Stapper.Tests.Build;

/// <summary>Capturing kbuild's commands from its .cmd files, and taking a compile apart for the precompiled header.</summary>
public sealed class KbuildRecipeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("stapper-recipe-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private const string Compile =
        "gcc-12 -Wp,-MMD,/w/.stp_module.o.d -nostdinc -I./include -include /k/include/linux/kconfig.h -include /k/include/linux/compiler_types.h " +
        "-D__KERNEL__ -O2 -I/w -DKBUILD_BASENAME='\"stp_module\"' -DKBUILD_MODNAME='\"stap_ab\"' -D__KBUILD_MODNAME=kmod_stap_ab -c -o /w/stp_module.o /w/stp_module.c";

    [Fact]
    public void ShellWordsSplitsQuotesAndRefusesWhatNeedsTheShell()
    {
        Assert.Equal(["gcc", "-DX=\"a b\"", "-c", "it's"], ShellWords.Split("gcc  -DX='\"a b\"' -c it\\'s"));
        Assert.Null(ShellWords.Split("sed x | modpost"));
        Assert.Null(ShellWords.Split("echo $HOME"));
    }

    [Fact]
    public void ACompileLosesForcedIncludesNamesAndDependencyFileToHeaders()
    {
        var c = CompileCommand.Parse(Compile)!;
        Assert.Equal("gcc-12", c.Compiler);
        Assert.Equal(["-nostdinc", "-I./include", "-D__KERNEL__", "-O2", "-I/w"], c.Options);
        Assert.Equal("/w/stp_module.o", c.Output);
        Assert.Equal("/w/stp_module.c", c.Source);
        Assert.Equal("#include \"/k/include/linux/kconfig.h\"\n#include \"/k/include/linux/compiler_types.h\"\n#include <linux/module.h>\n",
            c.PchHeader("#include <linux/module.h>\n"));
        Assert.Equal("#define KBUILD_BASENAME \"stp_module\"\n#define KBUILD_MODNAME \"stap_ab\"\n#define __KBUILD_MODNAME kmod_stap_ab\n", c.NamesHeader());
        // The precompiled header comes first, then the names, as kbuild's -D and -include had them before the source.
        Assert.Equal(["-nostdinc", "-I./include", "-D__KERNEL__", "-O2", "-I/w", "-Winvalid-pch", "-include", "/p.h", "-include", "/n.h", "-c", "-o", "/w/stp_module.o", "/w/stp_module.c"],
            c.Arguments("/p.h", "/n.h"));
    }

    [Fact]
    public void NormalizeMarksTheDirectoryAndModuleAndRefusesAnAmbiguousName()
    {
        Assert.Equal("ld -o @DIR@/@MODULE@.ko @DIR@/.@MODULE@.o -DKBUILD_MODNAME='\"@MODULE@\"' -D__KBUILD_MODNAME=kmod_@MODULE@",
            RecipeCapture.Normalize("ld -o /w/m1.ko /w/.m1.o -DKBUILD_MODNAME='\"m1\"' -D__KBUILD_MODNAME=kmod_m1", "/w", "m1"));
        Assert.Null(RecipeCapture.Normalize("ld -r -o /w/ld.ko", "/w", "ld"));
    }

    private string Work(string module, bool unknownStep = false)
    {
        var work = Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;
        void Cmd(string file, string target, string command) =>
            File.WriteAllText(Path.Combine(work, file), $"savedcmd_{work}/{target} := {command}\n\nsource_x := y\n");
        Cmd(".stp_module.o.cmd", "stp_module.o", Compile.Replace("/w/", work + "/").Replace("stap_ab", module) + " ; ./tools/objtool/objtool --module " + work + "/stp_module.o");
        Cmd($".{module}.o.cmd", module + ".o", $"ld -r -o {work}/{module}.o @{work}/{module}.mod");
        Cmd(".Module.symvers.cmd", "Module.symvers", $"sed 's/ko$$/o/' {work}/modules.order | scripts/mod/modpost -T -");
        Cmd($".{module}.mod.o.cmd", module + ".mod.o", Compile.Replace("/w/", work + "/").Replace("stap_ab", module).Replace("stp_module", module + ".mod"));
        Cmd($".{module}.ko.cmd", module + ".ko", $"ld -r -o {work}/{module}.ko {work}/{module}.o {work}/{module}.mod.o");
        if (unknownStep)
        {
            Cmd(".extra.o.cmd", "extra.o", "true");
        }
        File.WriteAllText(Path.Combine(work, module + ".mod.c"), "#include <linux/module.h>\n#define INCLUDE_VERMAGIC\n#include <linux/vermagic.h>\n\nBUILD_SALT;\n");
        return work;
    }

    [Fact]
    public void CaptureOrdersKbuildsStepsWithMarksAndReadsTheEnvironmentEcho()
    {
        var work = Work("stap_cd");
        var tree = Directory.CreateDirectory(Path.Combine(_root, "tree")).FullName;
        var recipe = RecipeCapture.Capture(work, "stap_cd", "stp_module.o", "/rt", tree, Path.Combine(_root, "recipe"),
            "stapper-kbuild-env: SRCARCH=x86\nstapper-kbuild-env: SRCARCH=x86\n", out var whyNot);
        Assert.True(recipe is not null, whyNot);
        Assert.Equal(
            [
                "Environment SRCARCH",
                "Compile stp_module.o", "Shell stp_module.o", "Shell @MODULE@.o", "Shell Module.symvers", "Compile @MODULE@.mod.o", "Shell @MODULE@.ko",
            ],
            recipe.Steps.Select(s => $"{s.Kind} {s.Target}"));
        Assert.Equal("sed 's/ko$/o/' @DIR@/modules.order | scripts/mod/modpost -T -", recipe.Steps[4].Command);
        Assert.Equal("#include \"/rt/stp_kernel.h\"\n", recipe.Steps[1].PchPrefix);
        Assert.Equal("#include <linux/module.h>\n#define INCLUDE_VERMAGIC\n#include <linux/vermagic.h>\n", recipe.Steps[5].PchPrefix);
        Assert.Equal($"ld -r -o /x/other.ko /x/other.o /x/other.mod.o", recipe.Steps[6].Expand("/x", "other"));

        recipe.Save();
        Assert.Equal(recipe.Text, KbuildRecipe.Load(recipe.Directory)!.Text);
        // This NAME.mod.c has no symbol versions to split off: every replay compiles it whole.
        Assert.False(File.Exists(recipe.ModCommon));
    }

    [Fact]
    public void CaptureKeepsTheCommonPartOfModpostsSourceWhenTheRestIsVersionsAndModinfo()
    {
        var work = Work("stap_cd");
        var common = "#include <linux/module.h>\n\nMODULE_INFO(name, KBUILD_MODNAME);\n\n";
        File.WriteAllText(Path.Combine(work, "stap_cd.mod.c"), common + "static const struct modversion_info ____versions[]\n" +
            "__used __section(\"__versions\") = {\n\t{ 0x1, \"printk\" },\n};\n\nMODULE_INFO(depends, \"\");\n");
        var tree = Directory.CreateDirectory(Path.Combine(_root, "tree")).FullName;
        var recipe = RecipeCapture.Capture(work, "stap_cd", "stp_module.o", "/rt", tree, Path.Combine(_root, "recipe"), "", out var whyNot);
        Assert.True(recipe is not null, whyNot);
        Assert.Equal(common, File.ReadAllText(recipe.ModCommon));
    }

    [Fact]
    public void CaptureRefusesAnUnknownStepAndAVmlinuxWithoutItsBtfStep()
    {
        var tree = Directory.CreateDirectory(Path.Combine(_root, "tree")).FullName;
        Assert.Null(RecipeCapture.Capture(Work("stap_cd", unknownStep: true), "stap_cd", "stp_module.o", "/rt", tree, Path.Combine(_root, "r1"), "", out var why));
        Assert.Contains(".extra.o.cmd", why);

        Directory.Delete(Path.Combine(_root, "work"), true);
        File.WriteAllText(Path.Combine(tree, "vmlinux"), "");
        Assert.Null(RecipeCapture.Capture(Work("stap_cd"), "stap_cd", "stp_module.o", "/rt", tree, Path.Combine(_root, "r2"), "", out why));
        Assert.Contains("no BTF step", why);
        var echo = "  if [ ! -f vmlinux ]; then printf x; else LLVM_OBJCOPY=\"objcopy\" pahole -J --btf_base vmlinux " + Path.Combine(_root, "work") + "/stap_cd.ko; fi;\n";
        var recipe = RecipeCapture.Capture(Path.Combine(_root, "work"), "stap_cd", "stp_module.o", "/rt", tree, Path.Combine(_root, "r3"), echo, out why);
        Assert.Equal("LLVM_OBJCOPY=\"objcopy\" pahole -J --btf_base vmlinux @DIR@/@MODULE@.ko", recipe!.Steps[^1].Command);
    }

    [Fact]
    public void TheModuleCacheKeyHoldsTheCapturedCommands()
    {
        var source = new ModuleSource("stap_ef", ImmutableSortedDictionary<string, string>.Empty.Add("stp_module.c", "int x;"), _root, [], []);
        var options = new BuildOptions(_root, "6.1.0-test", Path.Combine(_root, "modules"), false, 0);
        KbuildRecipe Recipe(string ld) => new(_root, [new KbuildStep(KbuildStepKind.Shell, "@MODULE@.ko", ld)]);
        var kbuild = BuildPass.CacheKey(source, options, "", null);
        var one = BuildPass.CacheKey(source, options, "", Recipe("ld -r -o @DIR@/@MODULE@.ko"));
        Assert.NotEqual(kbuild, one);
        Assert.NotEqual(one, BuildPass.CacheKey(source, options, "", Recipe("ld -r --build-id=sha1 -o @DIR@/@MODULE@.ko")));
        Assert.Equal(one, BuildPass.CacheKey(source, options, "", Recipe("ld -r -o @DIR@/@MODULE@.ko")));
    }
}
