// cflags: -g -O2
/* Probed by process/inline*: scale() is inlined at two call sites and also has an out-of-line copy (called through a
 * function pointer); twice() is only ever inlined. It writes nothing. */
volatile int sink;

static int scale(int x)
{
	sink = x;
	return x * 3 + 1;
}

static inline int twice(int y)
{
	sink = y;
	return y * 2;
}

volatile int seed = 5;
int (*volatile indirect)(int) = scale;

int main(void)
{
	int a = scale(seed);
	int b = scale(seed + a);
	int c = indirect(seed + 10);
	return twice(a + b + c) == 0;
}
