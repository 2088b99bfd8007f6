// program: sums: -O0
// program: sums_nopie: -O0 -no-pie
// program: sums_static: -O0 -static
/* Probed by the process/ cases, built three ways (PIE, non-PIE, static), each with its symbol table and no DWARF. It writes nothing, so the script's
 * output is all there is. */
#include <stdlib.h>
#include <string.h>

int sum_two(int a, int b) { return a + b; }
long sum_three(long a, long b, long c) { return a + b + c; }
int count_chars(const char *s, int *out) { *out = (int)strlen(s); return *out; }
long eight(long a, long b, long c, long d, long e, long f, long g, long h) { return a + b + c + d + e + f + g + h; }

int main(void)
{
	int n;
	/* on the stack, so its page is present when a probe reads it (probes serve no page faults) */
	char word[] = "stapper", variable[] = "STAPPER_NO_SUCH_VARIABLE";
	volatile long total = sum_two(2, 3);
	total += sum_three(-1, 10, 100);
	total += count_chars(word, &n);
	total += eight(1, 2, 3, 4, 5, 6, 7, 8);
	total += getenv(variable) != NULL;
	return total == 0;
}
