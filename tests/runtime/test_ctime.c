/* ctime() text: fixed values from the man page's range ends, then every day boundary over the whole
 * 32-bit range against glibc's own UTC calendar (gmtime_r + strftime). */
#include "test_util.h"
#include <time.h>
#include "../../runtime/stp_ctime.h"

static char o[64];

static const char *ct(int64_t secs)
{
	if (stp_ctime(o, sizeof(o), secs) < 0)
		return "<range>";
	return o;
}

static void test_fixed(void)
{
	CHECK_STR(ct(0), "Thu Jan  1 00:00:00 1970");
	CHECK_STR(ct(-1), "Wed Dec 31 23:59:59 1969");
	CHECK_STR(ct(951782400), "Tue Feb 29 00:00:00 2000");
	CHECK_STR(ct(2147483647LL), "Tue Jan 19 03:14:07 2038");
	CHECK_STR(ct(-2147483648LL), "Fri Dec 13 20:45:52 1901");
	CHECK_INT(stp_ctime(o, sizeof(o), 2147483648LL), -1);
	CHECK_INT(stp_ctime(o, sizeof(o), -2147483649LL), -2);
}

static void test_against_libc(void)
{
	int64_t s;
	char exp[64];
	int bad = 0;

	for (s = -2147483648LL; s <= 2147483647LL && bad < 5; s += 86400 - 7) {
		time_t t = (time_t)s;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(exp, sizeof(exp), "%a %b %e %H:%M:%S %Y", &tm);
		if (strcmp(ct(s), exp) != 0) {
			CHECK_STR(ct(s), exp);
			bad++;
		}
	}
	CHECK_INT(bad, 0);
}

int main(void)
{
	test_fixed();
	test_against_libc();
	return t_report("test_ctime");
}
