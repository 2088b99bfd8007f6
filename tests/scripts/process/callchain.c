// program: callchain: -O0 -fomit-frame-pointer
// program: callchain_nopie: -O0 -fomit-frame-pointer -no-pie
/* A known call chain for the user symbol and backtrace cases (process/ubacktrace*, usym*): main -> outer ->
 * middle -> inner, built without frame pointers so that only CFI (.eh_frame) can unwind it, and without DWARF so that stap too
 * probes a function at its first instruction. It writes nothing. */
static volatile long sink;
long table[4] = { 1, 2, 3, 4 };

__attribute__((noinline)) long inner(long x)
{
	long local[8];
	for (int i = 0; i < 8; i++)
		local[i] = x + i + table[i & 3];
	sink = local[3];
	return local[7];
}

__attribute__((noinline)) long middle(long x)
{
	long a = inner(x + 1);
	return a * 2;
}

__attribute__((noinline)) long outer(long x)
{
	long b = middle(x * 3);
	return b - 1;
}

int main(void)
{
	sink = outer(5);
	return 0;
}
