// program: lines: -g -O0
// program: lines_opt: -g -O2 -fno-inline
// program: lines_dw4: -gdwarf-4 -O2 -fno-inline
// program: lines_dw4_nopie: -gdwarf-4 -O2 -fno-inline -no-pie
__attribute__((noinline)) int step(int a, int b)
{
	int sum = a + b;
	int twice = sum * 2;
	if (twice > 100)
		goto done;
	twice += a;
done:
	return twice - b;
}

__attribute__((noinline)) long walk(long n)
{
	long total = 0;
	for (long i = 0; i < n; i++)
		total += step((int)i, 3);
	return total;
}

int main(void)
{
	volatile long r = walk(3);
	return r == 0;
}
/* Probed by process/statement* and process/fileline: source lines, a label and line tables of a program built with
 * -g, unoptimized and optimized. It writes nothing. */
