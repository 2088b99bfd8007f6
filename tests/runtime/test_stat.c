/* statistics: aggregation, @avg/@variance integer semantics, histogram
 * layouts.  The layout rules (value column width, '@' scaling to 50
 * columns, "~" elision of zero runs with HIST_ELISION -1..3, under/overflow
 * rows, log buckets of negative values) were checked against the
 * systemtap testsuite (systemtap.maps/{linear,linear_over,linear_under,
 * linear_overunder,linear_nearlyempty,linear_large,linear_large_neg,log,
 * log_edge,elision,hist_in_string,PR31740}.exp); the inputs here are our own. */
#include "test_util.h"
static int t_elision = 2;
#define STP_HIST_ELISION t_elision
#include "../../runtime/stp_stat.h"

static int64_t st_mem[2][256], agg_mem[256];
static char out[16384];

static const char EXP_LOG_POS[] =
		"value |-------------------------------------------------- count\n"
		"    0 |                                                   0\n"
		"    1 |                                                   0\n"
		"    2 |@                                                  1\n"
		"    4 |@@@                                                3\n"
		"    8 |                                                   0\n"
		"   16 |                                                   0\n"
		"   32 |                                                   0\n"
		"   64 |@                                                  1\n"
		"  128 |                                                   0\n"
		"  256 |                                                   0\n"
		"\n";

static const char EXP_LIN_UNDER_OVER[] =
		"value |-------------------------------------------------- count\n"
		"   <0 |@                                                  1\n"
		"    0 |                                                   0\n"
		"   10 |@@                                                 2\n"
		"   20 |                                                   0\n"
		"   30 |                                                   0\n"
		"      ~\n"
		"   90 |                                                   0\n"
		"  100 |                                                   0\n"
		" >100 |@                                                  1\n"
		"\n";

static const char EXP_LIN_SCALED[] =
		"value |-------------------------------------------------- count\n"
		"   20 |                                                     0\n"
		"   30 |                                                     0\n"
		"   40 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@           120\n"
		"   50 |                                                     0\n"
		"   60 |@@                                                   7\n"
		"   70 |                                                     0\n"
		"   80 |                                                     0\n"
		"\n";

static const char EXP_LOG_NEG[] =
		"value |-------------------------------------------------- count\n"
		"-2048 |                                                   0\n"
		"-1024 |                                                   0\n"
		" -512 |@                                                  1\n"
		" -256 |                                                   0\n"
		" -128 |                                                   0\n"
		"      ~\n"
		"  -16 |                                                   0\n"
		"   -8 |                                                   0\n"
		"   -4 |@@                                                 2\n"
		"   -2 |                                                   0\n"
		"   -1 |@                                                  1\n"
		"    0 |@                                                  1\n"
		"    1 |                                                   0\n"
		"    2 |                                                   0\n"
		"\n";

static const char EXP_EL0_LIN[] =
		"value |-------------------------------------------------- count\n"
		"      ~\n"
		"  100 |@                                                  1\n"
		"      ~\n"
		"  850 |@                                                  1\n"
		"\n";

static const char EXP_EL0_LOG[] =
		"value |-------------------------------------------------- count\n"
		"      ~\n"
		"-2048 |@                                                  1\n"
		"      ~\n"
		"   -2 |@                                                  1\n"
		"\n";

static const char EXP_EL1_LIN[] =
		"value |-------------------------------------------------- count\n"
		"      ~\n"
		"   50 |                                                   0\n"
		"  100 |@                                                  1\n"
		"  150 |                                                   0\n"
		"      ~\n"
		"  800 |                                                   0\n"
		"  850 |@                                                  1\n"
		"  900 |                                                   0\n"
		"\n";

static const char EXP_EL1_LOG[] =
		"value |-------------------------------------------------- count\n"
		"      ~\n"
		"-4096 |                                                   0\n"
		"-2048 |@                                                  1\n"
		"-1024 |                                                   0\n"
		"      ~\n"
		"   -4 |                                                   0\n"
		"   -2 |@                                                  1\n"
		"   -1 |                                                   0\n"
		"\n";

static const char EXP_EL2_LIN[] =
		"value |-------------------------------------------------- count\n"
		"    0 |                                                   0\n"
		"   50 |                                                   0\n"
		"  100 |@                                                  1\n"
		"  150 |                                                   0\n"
		"  200 |                                                   0\n"
		"      ~\n"
		"  750 |                                                   0\n"
		"  800 |                                                   0\n"
		"  850 |@                                                  1\n"
		"  900 |                                                   0\n"
		"  950 |                                                   0\n"
		"\n";

static const char EXP_EL2_LOG[] =
		"value |-------------------------------------------------- count\n"
		"-8192 |                                                   0\n"
		"-4096 |                                                   0\n"
		"-2048 |@                                                  1\n"
		"-1024 |                                                   0\n"
		" -512 |                                                   0\n"
		"      ~\n"
		"   -8 |                                                   0\n"
		"   -4 |                                                   0\n"
		"   -2 |@                                                  1\n"
		"   -1 |                                                   0\n"
		"    0 |                                                   0\n"
		"\n";

static struct stp_stat *fresh(int i, const struct stp_hist_desc *d)
{
	struct stp_stat *s = (struct stp_stat *)st_mem[i];

	stp_stat_init(s, d);
	return s;
}

static void addv(struct stp_stat *s, const struct stp_hist_desc *d, const int64_t *v, int n)
{
	while (n-- > 0)
		stp_stat_add(s, d, *v++);
}

#define ADD(s, d, ...) do { int64_t _v[] = { __VA_ARGS__ }; \
	addv((s), (d), _v, (int)(sizeof(_v) / sizeof(_v[0]))); } while (0)

static struct stp_buf *hist(struct stp_stat *s, const struct stp_hist_desc *d)
{
	static struct stp_buf b;

	stp_buf_init(&b, out, sizeof(out));
	stp_stat_print_hist(&b, s, d);
	return &b;
}

static void test_layouts(void)
{
	struct stp_hist_desc L = { STP_HIST_LOG, 0, 0, 0, 0 };
	struct stp_hist_desc N = { STP_HIST_LINEAR, 0, 100, 10, 0 };
	struct stp_hist_desc K = { STP_HIST_LINEAR, 0, 1000, 50, 0 };
	struct stp_stat *s;
	int e;

	s = fresh(0, &L);
	ADD(s, &L, 3, 5, 5, 6, 100);
	CHECK_BUF(hist(s, &L), EXP_LOG_POS);

	s = fresh(0, &N);
	ADD(s, &N, -5, 15, 15, 250);
	CHECK_BUF(hist(s, &N), EXP_LIN_UNDER_OVER);

	s = fresh(0, &N);
	for (e = 0; e < 120; e++)
		stp_stat_add(s, &N, 42);
	for (e = 0; e < 7; e++)
		stp_stat_add(s, &N, 60);
	CHECK_BUF(hist(s, &N), EXP_LIN_SCALED);

	s = fresh(0, &L);
	ADD(s, &L, -1, -7, -7, -1000, 0);
	CHECK_BUF(hist(s, &L), EXP_LOG_NEG);

	for (e = 0; e <= 2; e++) {
		static const char *const lin[] = { EXP_EL0_LIN, EXP_EL1_LIN, EXP_EL2_LIN };
		static const char *const lg[] = { EXP_EL0_LOG, EXP_EL1_LOG, EXP_EL2_LOG };

		t_elision = e;
		s = fresh(0, &K);
		ADD(s, &K, 123, 877);
		CHECK_BUF(hist(s, &K), lin[e]);
		s = fresh(0, &L);
		ADD(s, &L, -3, -3000);
		CHECK_BUF(hist(s, &L), lg[e]);
	}
	t_elision = 2;
}

static void test_small_layouts(void)
{
	struct stp_hist_desc L = { STP_HIST_LOG, 0, 0, 0, 0 };
	struct stp_hist_desc Z = { STP_HIST_LINEAR, 0, 0, 1, 0 };	/* 1 bucket */
	struct stp_hist_desc U = { STP_HIST_LINEAR, 500, 800, 100, 0 };
	struct stp_stat *s;

	/* only zeros: no negative rows for log histograms */
	s = fresh(0, &L);
	ADD(s, &L, 0, 0);
	CHECK_BUF(hist(s, &L),
		  "value |-------------------------------------------------- count\n"
		  "    0 |@@                                                 2\n"
		  "    1 |                                                   0\n"
		  "    2 |                                                   0\n"
		  "\n");
	/* the largest positive bucket has no rows after it */
	s = fresh(0, &L);
	ADD(s, &L, INT64_MAX, 1LL << 62);
	CHECK_BUF(hist(s, &L),
		  "              value |-------------------------------------------------- count\n"
		  "1152921504606846976 |                                                   0\n"
		  "2305843009213693952 |                                                   0\n"
		  "4611686018427387904 |@@                                                 2\n"
		  "\n");
	/* INT64_MIN has its own bucket 0 */
	s = fresh(0, &L);
	ADD(s, &L, INT64_MIN);
	CHECK_BUF(hist(s, &L),
		  "               value |-------------------------------------------------- count\n"
		  "-9223372036854775808 |@                                                  1\n"
		  "-4611686018427387904 |                                                   0\n"
		  "-2305843009213693952 |                                                   0\n"
		  "\n");
	/* a one-bucket linear histogram: zero under/overflow rows are hidden */
	s = fresh(0, &Z);
	ADD(s, &Z, 0, 0, 0);
	CHECK_BUF(hist(s, &Z),
		  "value |-------------------------------------------------- count\n"
		  "    0 |@@@                                                3\n"
		  "\n");
	/* underflow only: the "<start" row widens the value column */
	s = fresh(0, &U);
	ADD(s, &U, 1, 2, 499);
	CHECK_BUF(hist(s, &U),
		  "value |-------------------------------------------------- count\n"
		  " <500 |@@@                                                3\n"
		  "  500 |                                                   0\n"
		  "  600 |                                                   0\n"
		  "\n");
	/* overflow: stop itself is a regular bucket, stop+interval overflows */
	s = fresh(0, &U);
	ADD(s, &U, 800, 899, 900, 100000);
	CHECK_BUF(hist(s, &U),
		  "value |-------------------------------------------------- count\n"
		  "  600 |                                                   0\n"
		  "  700 |                                                   0\n"
		  "  800 |@@                                                 2\n"
		  " >800 |@@                                                 2\n"
		  "\n");
	/* empty aggregate prints nothing (the caller raises stap's error) */
	s = fresh(0, &U);
	CHECK_BUF(hist(s, &U), "");
}

static void test_bucket_math(void)
{
	struct stp_hist_desc L = { STP_HIST_LOG, 0, 0, 0, 0 };
	struct stp_hist_desc N = { STP_HIST_LINEAR, -100, 100, 10, 0 };
	struct stp_stat *s;
	int64_t v = 0;

	CHECK_INT(stp_hist_log_bucket(0), 64);
	CHECK_INT(stp_hist_log_bucket(1), 65);
	CHECK_INT(stp_hist_log_bucket(2), 66);
	CHECK_INT(stp_hist_log_bucket(3), 66);
	CHECK_INT(stp_hist_log_bucket(4), 67);
	CHECK_INT(stp_hist_log_bucket(-1), 63);
	CHECK_INT(stp_hist_log_bucket(-3), 62);
	CHECK_INT(stp_hist_log_bucket(INT64_MAX), 127);
	CHECK_INT(stp_hist_log_bucket(INT64_MIN), 0);
	CHECK_INT(stp_hist_bucket_value(&L, 0), INT64_MIN);
	CHECK_INT(stp_hist_bucket_value(&L, 63), -1);
	CHECK_INT(stp_hist_bucket_value(&L, 127), 1LL << 62);
	CHECK_INT(stp_hist_linear_buckets(0, 1500, 50), 33);
	CHECK_INT(stp_hist_linear_buckets(0, 0, 1), 3);
	CHECK_INT(stp_hist_linear_buckets(0, 1500, 0), 0);
	CHECK_INT(stp_hist_linear_buckets(0, 1500, -1), 0);
	CHECK_INT(stp_hist_linear_buckets(0, 1250, 10), 128);
	CHECK_INT(stp_hist_linear_buckets(0, 1260, 10), 0);
	CHECK_INT(stp_hist_nbuckets(&N), 23);
	CHECK_INT(stp_stat_size(&N), sizeof(struct stp_stat) + (23 + STP_STAT_EXTRA) * 8);

	/* @hist_log(x)[i] / @hist_linear(x)[i] */
	s = fresh(0, &L);
	ADD(s, &L, -1, 1, 2, 3);
	CHECK_INT(stp_stat_bucket(s, &L, 63, &v), 0);
	CHECK_INT(v, 1);
	CHECK_INT(stp_stat_bucket(s, &L, 66, &v), 0);
	CHECK_INT(v, 2);
	CHECK_INT(stp_stat_bucket(s, &L, 128, &v), -1);
	CHECK_INT(stp_stat_bucket(s, &L, -1, &v), -1);
	s = fresh(0, &N);
	ADD(s, &N, -101, -100, -91, -90, 0, 100, 109, 110, INT64_MAX);
	/* INT64_MAX - start wraps negative: underflow, as in stap */
	CHECK_INT(s->buckets[0], 2);
	CHECK_INT(s->buckets[1], 2);
	CHECK_INT(s->buckets[2], 1);
	CHECK_INT(s->buckets[11], 1);
	CHECK_INT(s->buckets[21], 2);
	CHECK_INT(s->buckets[22], 1);
}

static void test_stats(void)
{
	struct stp_hist_desc none = { STP_HIST_NONE, 0, 0, 0, 0 };
	struct stp_hist_desc L = { STP_HIST_LOG, 0, 0, 0, 0 };
	struct stp_stat *s, *agg = (struct stp_stat *)agg_mem;
	int i;

	s = fresh(0, &none);
	ADD(s, &none, 5, -3, 10, 7);
	CHECK_INT(s->count, 4);
	CHECK_INT(s->sum, 19);
	CHECK_INT(s->min, -3);
	CHECK_INT(s->max, 10);
	CHECK_INT(s->sumsq, 183);
	CHECK_INT(stp_stat_avg(s), 4);
	s = fresh(0, &none);
	ADD(s, &none, -5, -2);
	CHECK_INT(stp_stat_avg(s), -3);	/* truncates toward zero */
	CHECK_INT(s->min, -5);
	CHECK_INT(s->max, -2);

	/* @variance: stap's integer Welford, so 1,2,3 gives 3 (shift 0)
	 * and 1 with @variance(x, 7) (PR31740) */
	s = fresh(0, &L);
	ADD(s, &L, 1, 2, 3);
	CHECK_INT(stp_stat_variance(s, &L), 3);
	s = fresh(0, &L);
	for (i = 1; i <= 3; i++)
		stp_stat_add_shift(s, &L, i, 7);
	CHECK_INT(stp_stat_variance(s, &L), 1);
	stp_stat_add(s, &L, 4);	/* keeps the shift */
	CHECK_INT(stp_stat_variance(s, &L), 1);
	s = fresh(0, &none);
	stp_stat_add(s, &none, 42);
	CHECK_INT(stp_stat_variance(s, &none), 0);
	/* merging one CPU into an empty aggregate keeps its variance */
	s = fresh(0, &none);
	for (i = 0; i < 100; i++)
		stp_stat_add(s, &none, i * 2);
	stp_stat_init(agg, &none);
	stp_stat_merge(agg, s, &none);
	CHECK_INT(stp_stat_variance(agg, &none), stp_stat_variance(s, &none));
	CHECK_INT(stp_stat_avg(agg), 99);

	/* per-CPU merge: counts, extremes and histogram add up */
	{
		struct stp_stat *c0 = fresh(0, &L), *c1 = fresh(1, &L);
		struct stp_stat *one;
		static int64_t one_mem[256];

		ADD(c0, &L, 10, 20, 30);
		ADD(c1, &L, -4, 1000);
		stp_stat_init(agg, &L);
		stp_stat_merge(agg, c0, &L);
		stp_stat_merge(agg, c1, &L);
		one = (struct stp_stat *)one_mem;
		stp_stat_init(one, &L);
		ADD(one, &L, 10, 20, 30, -4, 1000);
		CHECK_INT(agg->count, 5);
		CHECK_INT(agg->sum, 1056);
		CHECK_INT(agg->min, -4);
		CHECK_INT(agg->max, 1000);
		CHECK_INT(stp_stat_avg(agg), 211);
		CHECK_INT(memcmp(agg->buckets, one->buckets, 128 * 8), 0);
		/* stap's total-variance aggregation of the two CPUs:
		 * cpu0 avg 20 var 100, cpu1 avg 498 var 504008; A = 211
		 * S1 = 3*191^2 + 2*287^2 = 274181, S2 = 2*100 + 1*504008
		 * variance = (S1 + S2) / 4 = 194597 */
		CHECK_INT(stp_stat_variance(agg, &L), 194597);
		/* merging an empty CPU changes nothing */
		stp_stat_merge(agg, fresh(1, &L), &L);
		CHECK_INT(agg->count, 5);
		CHECK_INT(stp_stat_variance(agg, &L), 194597);
	}
}

static void test_null_desc(void)
{
	struct stp_stat *s = (struct stp_stat *)st_mem[0];

	CHECK_INT(stp_hist_nbuckets(NULL), 0);
	CHECK_INT(stp_stat_size(NULL), sizeof(struct stp_stat) + STP_STAT_EXTRA * 8);
	stp_stat_init(s, NULL);
	stp_stat_add(s, NULL, 4);
	stp_stat_add(s, NULL, 8);
	CHECK_INT(s->count, 2);
	CHECK_INT(stp_stat_avg(s), 6);
	CHECK_INT(stp_stat_variance(s, NULL), 8);
	CHECK_BUF(hist(s, NULL), "");
}

static void test_sprint_truncation(void)
{
	struct stp_hist_desc L = { STP_HIST_LOG, 0, 0, 0, 0 };
	struct stp_stat *s = fresh(0, &L);
	char small[MAXSTRINGLEN];
	struct stp_buf b;

	ADD(s, &L, 1, 1000000);
	stp_buf_init(&b, small, sizeof(small));
	stp_stat_print_hist(&b, s, &L);
	CHECK_INT(b.len, MAXSTRINGLEN - 1);
	CHECK_MEM(b.data, 65, "  value |-------------------------------------------------- count\n", 65);
}

int main(void)
{
	test_layouts();
	test_small_layouts();
	test_bucket_math();
	test_stats();
	test_null_desc();
	test_sprint_truncation();
	return t_report("test_stat");
}
