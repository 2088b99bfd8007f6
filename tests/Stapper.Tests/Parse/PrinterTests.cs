using Stapper.Diagnostics;
using Stapper.Parse;
using static Stapper.Tests.Parse.ParseHelper;

namespace Stapper.Tests.Parse;

public class PrinterTests
{
    private const string Everything = """
        #! stap -p1
        %{ #include <linux/sched.h> %}
        global counts[1000], total = 0, name = "n\t\"q\"", neg = -9223372036854775808
        global wrapped%[16], w2%
        private global secret
        @define twice(x) %( (@x * 2) %)
        probe kernel.function("vfs_*").return ?, syscall.{open,close}!, timer.ms(100) if (total < 10),
              process("/bin/ls").statement("*@main.c:10") {
          counts[execname(), pid()] <<< $count
          total += @twice(1)
          if (@defined($file->f_path)) println($file->f_path->dentry$)
          else if (total > 3 && !(total % 2)) next
          else { printf("%s %d\n", "a" "b", -total) }
          foreach ([e, p] in counts- limit 3) { printf("%s %d %d\n", e, p, @count(counts[e, p])) }
          foreach (v = [e, p+] in counts[*, 1]) delete counts[e, p]
          foreach (k in counts @max-) { continue }
          foreach (b in @hist_log(counts[k, 1])) break
          for (i = 0; i < 10; i++) { x = i ? i : -1 }
          for (;;) break
          while (total--) { s .= sprintf("%d", total) }
          try { error("x") } catch (msg) { warn(msg) }
          try { } catch { }
          x = [1, "a"] in counts; y = (1 + 2) * 3 - -4; z = a = b = c
          r = name =~ "^n" ? 1 : name !~ "x"
          t = &$var->a[2]->b; u = @cast(p, "task_struct", "kernel")->pid$$; w = @var("jiffies@kernel/time.c")
          q = task_current()->mm; q2 = &@entry($x); q3 = (a)->b; q4 = f(1)[2]
          print(@hist_linear(counts[1, 1], -10, 10, 2))
          print(@hist_log(v)[3], 4)
          m = @perf("cycles") + @const("EINVAL") + @kregister(1) + @uregister(2) + @kderef(4, p) + @uderef(8, p)
          n = %{ 42 %} + @probewrite(total) + @variance(s, 2) + @avg(s) + @sum(s) + @min(s) + @max(s)
          $$vars; $$parms$; $$locals$$; $$return
          ;
          {}
          o = 0x1F + 017 + ~1 + +2 << 3 >> 4 >>> 5 & 6 | 7 ^ 8
          o <<= 1; o >>= 1; o &= 1; o |= 1; o ^= 1; o *= 2; o /= 2; o %= 2; o -= 1
        }
        probe my.alias = begin, end { a = 1 }
        probe my.epilogue += begin { a = 2 }
        probe my.combined = begin { a = 3 }, { a = 4 }
        function f:long (a:long, b:string, c) { return a }
        function g() { return }
        private function h() %{ /* c */ %}
        function p:string () : 10 { return "x" }
        """;

    [Fact]
    public void PrintReparsePrintIsStable()
    {
        var guru = Context() with { GuruMode = true };
        var first = SyntaxPrinter.Print(ParseOk(Everything, guru));
        var second = SyntaxPrinter.Print(ParseOk(first, guru));
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("probe begin { if (a) if (b) x = 1; else y = 2 }")]
    [InlineData("probe begin { if (a) ; else ; ; }")]
    [InlineData("probe begin { x = a[1][2]; y = (b)[3]->c; z = -(-1); w = - -1; v = !!a }")]
    [InlineData("probe begin { x = [a + 1, (b = 2), (c ? d : e), (a || b)] in arr }")]
    [InlineData("probe begin { x = \"\\001\\x7f\\\\\" }")]
    [InlineData("probe begin { x = a . b . \"c\" }")]
    [InlineData("probe begin { $x $; $y[1] $$; @cast(p, \"t\") $ }")]
    public void EdgeCasesRoundTrip(string source)
    {
        var first = SyntaxPrinter.Print(ParseOk(source));
        Assert.Equal(first, SyntaxPrinter.Print(ParseOk(first)));
    }

    [Fact]
    public void CanonicalForm()
    {
        Assert.Equal("""
            # file t.stp
            global a[10]
            global b = -5
            probe begin, timer.s(1)? {
              if (a[1] > 0) {
                printf("%d\n", (a[1] + 2) * 3);
              } else next;
              foreach ([k, v-] in a limit 5) delete a[k, v];
            }
            function f:long (x:long) {
              return x;
            }

            """, SyntaxPrinter.Print(ParseOk("""
            global a[10], b = -5
            probe begin, timer.s(1) ? { if (a[1] > 0) { printf("%d\n", (a[1]+2)*3) } else next
            foreach ([k,v-] in a limit 5) delete a[k,v] }
            function f:long(x:long) { return x }
            """)), ignoreLineEndingDifferences: true);
    }

    [Fact]
    public void QuoteEscapesEverythingUnprintable() =>
        Assert.Equal("\"a\\n\\t\\\"\\\\\\001\"", SyntaxPrinter.Quote("a\n\t\"\\\x01"));
}

public class PrinterOrderTests
{
    [Fact]
    public void GroupsDeclarationsLikeStap()
    {
        var printed = SyntaxPrinter.Print(ParseOk("function f() {}\nprobe begin {}\nglobal g\nprobe a = b {}\n%{ c %}\nglobal h"));
        Assert.Equal("# file t.stp\n%{ c %}\nglobal g\nglobal h\nprobe a = b {\n}\nprobe begin {\n}\nfunction f () {\n}\n", printed);
    }
}
