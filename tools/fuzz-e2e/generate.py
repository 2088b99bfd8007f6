#!/usr/bin/env python3
"""Random well-typed SystemTap scripts for `make fuzz-e2e`: every variable keeps one type, loops are bounded,
recursion is bounded by a depth argument, and each script ends itself (exit() from a timer or begin). They must pass
passes 2-4 and run in the VM without an oops, a splat or a hang; runtime errors (division by zero, MAXACTION, array
overflow) are allowed, since stap's answer to them is an error, not a crash.
usage: generate.py SEED COUNT OUTDIR"""
import random
import sys


class Gen:
    def __init__(self, rnd):
        self.r = rnd
        self.longs = ["g0", "g1"]
        self.strs = ["s0"]
        self.arrays = ["a0"]  # long-keyed, long-valued
        self.smaps = ["m0"]   # string-keyed, string-valued
        self.aggs = ["t0"]
        self.calls = True  # off inside functions: recursion only through f_rec's bounded depth

    def long(self, d=0, local=()):
        r = self.r
        pool = list(local) + self.longs
        if d > 3 or r.random() < 0.3:
            return r.choice([str(r.randint(-5, 100)), r.choice(pool), str(r.choice([0, 1, -1, 9223372036854775807, -9223372036854775807 - 1]))])
        k = r.randint(0, 11)
        a, b = self.long(d + 1, local), self.long(d + 1, local)
        if k < 6:
            return f"({a} {r.choice(['+', '-', '*', '&', '|', '^', '<<', '>>', '<', '==', '&&', '||'])} {b})"
        if k == 6:
            return f"({a} {r.choice(['/', '%'])} {b})"
        if k == 7:
            return f"strlen({self.string(d + 1, local)})"
        if k == 8:
            return f"{r.choice(self.arrays)}[{a} % 50]"
        if k == 9:
            return f"(({a}) ? {b} : {self.long(d + 1, local)})"
        if k == 10 and self.calls:
            return f"f_rec({r.randint(0, 8)}, {a})"
        return f"(-({a}))"

    def string(self, d=0, local=()):
        r = self.r
        if d > 3 or r.random() < 0.35:
            return r.choice([f'"{r.choice(["x", "abc", "", "%d", "long string " * 3])}"', r.choice(self.strs)])
        k = r.randint(0, 4)
        if k == 0:
            return f"({self.string(d + 1, local)} . {self.string(d + 1, local)})"
        if k == 1:
            return f'sprintf("%d-%s", {self.long(d + 1, local)}, {self.string(d + 1, local)})'
        if k == 2:
            return f"substr({self.string(d + 1, local)}, {self.long(d + 1, local)} % 10, 5)"
        if k == 3:
            return f"{r.choice(self.smaps)}[{self.string(d + 1, local)}]"
        if self.calls:
            return f"f_str({self.long(d + 1, local)})"
        return f"sprint({self.long(d + 1, local)})"

    def stmt(self, d=0, local=("i",)):
        r = self.r
        k = r.randint(0, 9 if d < 2 else 6)
        if k == 0:
            return f"{r.choice(self.longs)} = {self.long(0, local)}"
        if k == 1:
            return f"{r.choice(self.strs)} = {self.string(0, local)}"
        if k == 2:
            return f"{r.choice(self.arrays)}[{self.long(0, local)} % 50] = {self.long(0, local)}"
        if k == 3:
            return f"{r.choice(self.smaps)}[{self.string(0, local)}] = {self.string(0, local)}"
        if k == 4:
            return f"{r.choice(self.aggs)} <<< {self.long(0, local)}"
        if k == 5:
            return f'printf("%d %s\\n", {self.long(0, local)}, {self.string(0, local)})'
        if k == 6:
            return f"if ({self.long(0, local)}) {{ {self.stmt(d + 1, local)} }} else {{ {self.stmt(d + 1, local)} }}"
        if k == 7:
            return f"for (i = 0; i < {r.randint(0, 20)}; i++) {{ {self.stmt(d + 1, local)} }}"
        if k == 8:
            return f"foreach (k in {r.choice(self.arrays)}) {{ {r.choice(self.longs)} += k }}"
        return f"try {{ {self.stmt(d + 1, local)} }} catch (e) {{ {r.choice(self.strs)} = e }}"

    def script(self):
        r = self.r
        out = ["global " + ", ".join(self.longs + self.strs + self.arrays + self.smaps + self.aggs)]
        out.append("function f_rec(n, x) { if (n <= 0) return x; return f_rec(n - 1, x + n) }")
        self.calls = False
        out.append(f"function f_str(n) {{ return sprintf(\"<%d>\", n) . {self.string(2, ('n',))} }}")
        self.calls = True
        # Every global gets its type here, whatever the random probes do with it.
        out.append('probe begin(-1) { g0 = 0; g1 = 0; s0 = ""; a0[0] = 0; m0[""] = ""; t0 <<< 0 }')
        for p in range(r.randint(1, 4)):
            point = r.choice(["begin", "timer.ms(3)", "timer.profile", "kprobe.function(\"vfs_read\")", "timer.us(500)"])
            body = "i = 0; " + "; ".join(self.stmt() for _ in range(r.randint(1, 5)))
            out.append(f"probe {point} {{ {body} }}")
        out.append("probe timer.ms(50) { exit() }")
        out.append("probe end { printf(\"%d %d %d\\n\", g0, g1, @count(t0)) }")
        return "\n".join(out) + "\n"


def main():
    seed, count, outdir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    for n in range(count):
        text = Gen(random.Random(seed * 100003 + n)).script()
        with open(f"{outdir}/fz_{seed}_{n}.stp", "w") as f:
            f.write(text)


main()
