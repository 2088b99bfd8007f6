// program: records: -g -O0
// program: records_opt: -g -O2 -fno-inline
/* Probed by process/dwarf_params: functions whose parameters and return values are read through DWARF, built
 * unoptimized and optimized (arguments then live in registers only), both with -g. It writes nothing. */
#include <string.h>

struct point {
	int x, y;
};

struct shape {
	const char *name;
	struct point corner;
	struct point *origin;
	unsigned char sides;
	long area;
	char tag[8];
};

__attribute__((noinline)) long area(struct shape *s, int scale, const char *label)
{
	s->area = (long)s->corner.x * s->corner.y * scale + (label[0] == 'b');
	return s->area - s->origin->y;
}

__attribute__((noinline)) const char *describe(const struct shape *s) { return s->name; }

__attribute__((noinline)) short narrow(signed char c, unsigned short u, long l) { return (short)(c + u + l); }

int main(void)
{
	/* on the stack, so their pages are present when a probe reads them (probes serve no page faults) */
	char name[] = "square", label[] = "big";
	struct point origin = {1, 2};
	struct shape s = {name, {3, 4}, &origin, 4, 0, "sq"};
	volatile long total = area(&s, 10, label);
	total += strlen(describe(&s));
	total += narrow(-3, 65535, 7);
	return total == 0;
}
