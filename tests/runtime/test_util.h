/* Tiny test harness: exact-output comparisons, with a format-string
 * driver that parses a stap printf format the way the translator does and
 * calls the runtime's one-conversion functions. */
#ifndef STP_TEST_UTIL_H
#define STP_TEST_UTIL_H
#include "stp_test_compat.h"
#include "../../runtime/stp_buf.h"
#include "../../runtime/stp_format.h"

static int t_failures, t_checks;

/* print bytes visibly (for diffs) */
static inline void t_dump(const char *label, const char *s, unsigned n)
{
	unsigned i;

	fprintf(stderr, "  %s (%u): \"", label, n);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			fputs("\\n\n    ", stderr);
		else if (c < 32 || c >= 127)
			fprintf(stderr, "\\x%02x", c);
		else
			fputc(c, stderr);
	}
	fputs("\"\n", stderr);
}

#define CHECK_MEM(got, gotlen, exp, explen) \
	t_check_mem(__FILE__, __LINE__, (got), (gotlen), (exp), (explen))
#define CHECK_STR(got, exp) \
	t_check_mem(__FILE__, __LINE__, (got), (unsigned)strlen(got), (exp), (unsigned)strlen(exp))
#define CHECK_BUF(b, exp) CHECK_MEM((b)->data, (b)->len, (exp), (unsigned)strlen(exp))
#define CHECK_INT(got, exp) t_check_int(__FILE__, __LINE__, (int64_t)(got), (int64_t)(exp))

static inline void t_check_mem(const char *file, int line, const char *got, unsigned gotlen,
			const char *exp, unsigned explen)
{
	t_checks++;
	if (gotlen == explen && memcmp(got, exp, gotlen) == 0)
		return;
	t_failures++;
	fprintf(stderr, "%s:%d: mismatch\n", file, line);
	t_dump("expected", exp, explen);
	t_dump("got     ", got, gotlen);
}

static inline void t_check_int(const char *file, int line, int64_t got, int64_t exp)
{
	t_checks++;
	if (got == exp)
		return;
	t_failures++;
	fprintf(stderr, "%s:%d: expected %lld, got %lld\n", file, line, (long long)exp, (long long)got);
}

/* Parse one conversion the way stap's parser does: at most ONE flag
 * character, then width, precision, an ignored l/ll/h, the conversion.
 * (So "%+05d" is '+' with width 5, and "%-#x" is a stap parse error.) */
struct t_spec { int flags, width, prec; char conv; };

static inline void t_parse(const char **p, struct t_spec *sp)
{
	const char *f = *p + 1;

	sp->flags = 0;
	switch (*f) {
	case '-': sp->flags = STP_FMT_LEFT; f++; break;
	case '+': sp->flags = STP_FMT_PLUS; f++; break;
	case ' ': sp->flags = STP_FMT_SPACE; f++; break;
	case '0': sp->flags = STP_FMT_ZERO; f++; break;
	case '#': sp->flags = STP_FMT_ALT; f++; break;
	}
	sp->width = -1;
	if (*f >= '0' && *f <= '9') {
		sp->width = 0;
		while (*f >= '0' && *f <= '9')
			sp->width = sp->width * 10 + *f++ - '0';
	}
	sp->prec = -1;
	if (*f == '.') {
		f++;
		sp->prec = 0;
		while (*f >= '0' && *f <= '9')
			sp->prec = sp->prec * 10 + *f++ - '0';
	}
	while (*f == 'l' || *f == 'h' || *f == 'L')
		f++;
	sp->conv = *f;
	*p = f + 1;
}

/* Format with integer arguments only (every conversion takes one long;
 * %s takes a const char * smuggled through the int64 slot). */
static inline void t_vformat(struct stp_buf *b, const char *fmt, const int64_t *args)
{
	struct t_spec sp;

	while (*fmt) {
		if (*fmt != '%') {
			stp_buf_putc(b, *fmt++);
			continue;
		}
		if (fmt[1] == '%') {
			stp_buf_putc(b, '%');
			fmt += 2;
			continue;
		}
		t_parse(&fmt, &sp);
		if (sp.conv == 's')
			stp_format_string(b, (const char *)(uintptr_t)*args++, sp.flags, sp.width, sp.prec);
		else if (sp.conv == 'm' || sp.conv == 'M')
			stp_format_memory(b, *args++, sp.flags, sp.width, sp.prec, sp.conv);
		else
			stp_format_long(b, *args++, sp.flags, sp.width, sp.prec, sp.conv);
	}
}

static char t_storage[4096] __attribute__((unused));
static struct stp_buf t_buf __attribute__((unused));

#define FMT(fmt, ...) ({ int64_t _a[] = { 0, ##__VA_ARGS__ }; \
	stp_buf_init(&t_buf, t_storage, sizeof(t_storage)); \
	t_vformat(&t_buf, fmt, _a + 1); &t_buf; })
#define FMTA(...) FMT(__VA_ARGS__)
#define CHECK_FMT_MEM(args, exp, explen) do { struct stp_buf *_b = FMTA args; \
	CHECK_MEM(_b->data, _b->len, (exp), (explen)); } while (0)
#define S(x) ((int64_t)(uintptr_t)(x))

static inline int t_report(const char *name)
{
	printf("%s: %d checks, %d failures\n", name, t_checks, t_failures);
	return t_failures ? 1 : 0;
}
#endif
