/* Calendar text for ctime() and tz_ctime(): seconds since the epoch as "Thu Jan  1 00:00:00 1970",
 * proleptic Gregorian, UTC. Plain C with no kernel calls, so the unit tests build it in userspace. */
#ifndef STP_CTIME_H
#define STP_CTIME_H

/* stap converts through a 32-bit time_t; beyond it, ctime() is an error. */
#define STP_CTIME_MAX 2147483647LL
#define STP_CTIME_MIN (-2147483647LL - 1)

static inline int stp_ctime_leap(long year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Writes the text (at most 25 bytes with the NUL) to out; -1 past the future end, -2 before the past end. */
static inline int stp_ctime(char *out, size_t size, int64_t secs)
{
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	static const int month_days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long day, rem, year = 1970, wday;
	int month = 0;

	if (secs > STP_CTIME_MAX)
		return -1;
	if (secs < STP_CTIME_MIN)
		return -2;
	day = (long)(secs / 86400);
	rem = (long)(secs % 86400);
	if (rem < 0) {
		rem += 86400;
		day--;
	}
	/* 1970-01-01 was a Thursday */
	wday = ((day % 7) + 7 + 4) % 7;
	while (day < 0) {
		year--;
		day += stp_ctime_leap(year) ? 366 : 365;
	}
	while (day >= (stp_ctime_leap(year) ? 366 : 365)) {
		day -= stp_ctime_leap(year) ? 366 : 365;
		year++;
	}
	for (;;) {
		int len = month_days[month] + (month == 1 && stp_ctime_leap(year));
		if (day < len)
			break;
		day -= len;
		month++;
	}
	snprintf(out, size, "%s %s %2ld %02ld:%02ld:%02ld %ld", days[wday], months[month], day + 1,
		 rem / 3600, rem % 3600 / 60, rem % 60, year);
	return 0;
}

#endif
