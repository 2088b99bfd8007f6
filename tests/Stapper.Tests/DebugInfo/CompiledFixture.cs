using System.Text;

namespace Stapper.Tests.DebugInfo;

/// <summary>C programs compiled with gcc in a temp dir for the ELF and DWARF tests, once per run.</summary>
public sealed class CompiledFixture : IDisposable
{
    public CompiledFixture()
    {
        Dir = Directory.CreateTempSubdirectory("stapper-dwarf-").FullName;
        File.WriteAllText(Path.Combine(Dir, "prog.c"), Source);
        File.WriteAllText(Path.Combine(Dir, "big.c"), BigSource());
        Gcc("-g", "-O0", "prog.c", "-o", "prog");            // DWARF 5 (gcc 12 default)
        Gcc("-g", "-O2", "prog.c", "-o", "prog-O2");
        Gcc("-gdwarf-4", "-O0", "prog.c", "-o", "prog-dwarf4");
        Gcc("-gdwarf-4", "-O2", "prog.c", "-o", "prog-dwarf4-O2");
        Gcc("-g", "-gz", "-O0", "prog.c", "-o", "prog-gz");
        Gcc("-g", "-c", "-O0", "prog.c", "-o", "prog.o");
        Gcc("-g", "-c", "-O2", "prog.c", "-o", "prog-O2.o");
        Gcc("-g", "-O0", "big.c", "-o", "big");
        Oracle.RunIn(Dir, "objcopy", "--compress-debug-sections=zlib", "big", "big-zlib");
        Oracle.RunIn(Dir, "objcopy", "--compress-debug-sections=zlib-gnu", "big", "big-zlib-gnu");
        Oracle.RunIn(Dir, "objcopy", "--compress-debug-sections=zstd", "big", "big-zstd");
        Gcc("-g", "-c", "-O0", "big.c", "-o", "big.o");
        Gcc("-g", "-gsplit-dwarf", "-O2", "prog.c", "-o", "prog-split");
        Gcc("-gdwarf-4", "-gsplit-dwarf", "-O2", "prog.c", "-o", "prog-split4");                  // GNU split DWARF 4 (GNU_addr_index)
        Gcc("-gdwarf-4", "-fdebug-types-section", "-O0", "prog.c", "-o", "prog-dwarf4-types");   // .debug_types + ref_sig8
        Gcc("-g", "-gdwarf64", "-O2", "prog.c", "-o", "prog-dwarf64");                        // 64-bit DWARF offsets
        Gcc("-g", "-gdwarf-5", "-fdebug-types-section", "-O0", "prog.c", "-o", "prog-types"); // DW_UT_type + ref_sig8
        // clang's DWARF 5 uses the indexed forms gcc does not (strx1, addrx, loclistx, rnglistx) outside split DWARF.
        // `make deps` installs clang-14; without it the clang cases fail on their missing binaries.
        Clang = new[] { "/usr/bin/clang", "/usr/bin/clang-16", "/usr/bin/clang-15", "/usr/bin/clang-14" }.FirstOrDefault(File.Exists);
        if (Clang is not null)
        {
            Oracle.RunIn(Dir, Clang, "-g", "-O2", "prog.c", "-o", "prog-clang");
            Oracle.RunIn(Dir, Clang, "-g", "-O0", "prog.c", "-o", "prog-clang-O0");
        }
    }

    /// <summary>Path of a clang driver if one is installed (the indexed-form tests need it), else null.</summary>
    public string? Clang { get; }

    public string Dir { get; }
    public string Path_(string name) => System.IO.Path.Combine(Dir, name);

    private void Gcc(params string[] args) => Oracle.RunIn(Dir, "gcc", args);

    public const string Source = """
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>

        struct point { int x, y; };
        struct flags { unsigned int a : 3; unsigned int b : 5; unsigned long c : 40; int tail; };
        union value { long l; double d; char bytes[8]; };
        enum color { RED, GREEN = 5, BLUE = -1 };
        typedef struct point point_t;
        typedef const volatile point_t cv_point;

        static volatile long sink;
        int global_counter = 42;
        static struct flags global_flags = { 1, 2, 3, 4 };

        static int __attribute__((noinline)) add(int a, int b)
        {
            int sum = a + b;
            sink = sum;
            return sum;
        }

        long scale(const point_t *p, long factor, enum color c)
        {
            long r = (long)p->x * factor + p->y;
            if (c == BLUE)
                r = -r;
            return r;
        }

        static inline int square(int v) { return v * v; }

        double mix(union value v, struct flags *f, char **names, int (*cb)(int, int))
        {
            double d = v.d + f->a + f->b + (double)f->c;
            if (names && names[0])
                d += strlen(names[0]);
            if (cb)
                d += cb(f->tail, square(f->a));
            return d;
        }

        int main(int argc, char **argv)
        {
            point_t p = { argc, 2 };
            union value v;
            v.l = argc;
            global_counter += add(argc, 3);
            long s = scale(&p, 10, argc > 1 ? GREEN : RED);
            double m = mix(v, &global_flags, argv, add);
            printf("%ld %f %d\n", s, m, global_counter);
            return (int)(s & 1);
        }
        """;

    private static string BigSource()
    {
        var sb = new StringBuilder("#include <stdio.h>\n");
        for (int i = 0; i < 300; i++)
        {
            sb.Append($"struct s{i} {{ int a{i}; long b{i}; char c{i}[{i + 1}]; }};\nint f{i}(struct s{i} *p, int x) {{ return p->a{i} + x * {i}; }}\n");
        }

        sb.Append("int main(void) { struct s0 s = {0}; return f0(&s, 1); }\n");
        return sb.ToString();
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }
}

[CollectionDefinition("compiled")]
public sealed class CompiledCollection : ICollectionFixture<CompiledFixture>;
