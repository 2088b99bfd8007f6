/* Statistics aggregates (<<<, @count/@sum/@min/@max/@avg/@variance,
 * @hist_log, @hist_linear) with SystemTap's exact semantics and text
 * layout (stap runtime/stat-common.c, stat.c).
 *
 * Memory layout: struct stp_stat is followed by stp_hist_nbuckets(d)
 * histogram counters, then STP_STAT_EXTRA private int64 slots holding the
 * state stap keeps for @variance (bit shift, Welford mean/M2 and the
 * per-CPU merge accumulators).  Always size with stp_stat_size(d).
 *
 * Additions to the base API:
 *   stp_hist_linear_buckets(start, stop, interval)  bucket count or 0 if invalid
 *   stp_hist_nbuckets(d)                            buckets of a descriptor
 *   stp_stat_add_shift(s, d, v, shift)              <<< for a global whose
 *                                                   @variance(agg, N) uses shift N
 *   stp_stat_variance(s, d)                         @variance (caller checks count > 0)
 *   stp_stat_bucket(s, d, i, &out)                  @hist_*(x)[i]; -1 if out of range
 *   stp_hist_bucket_value(d, i)                     lower bound of bucket i
 *   STP_HIST_ELISION, STP_HIST_WIDTH                as stap's -DHIST_ELISION/-DHIST_WIDTH
 */
#ifndef STP_STAT_H
#define STP_STAT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#endif

#include "stp_buf.h"
#include "stp_format.h"

#define STP_HIST_NONE   0
#define STP_HIST_LOG    1
#define STP_HIST_LINEAR 2

#define STP_HIST_LOG_BUCKETS 128
#define STP_HIST_LOG_BUCKET0 64
#ifndef STP_MAX_BUCKETS
#define STP_MAX_BUCKETS 128	/* linear histograms, incl. under/overflow */
#endif
#ifndef STP_HIST_WIDTH
#ifdef HIST_WIDTH
#define STP_HIST_WIDTH HIST_WIDTH
#else
#define STP_HIST_WIDTH 50
#endif
#endif
#ifndef STP_HIST_ELISION
#ifdef HIST_ELISION
#define STP_HIST_ELISION HIST_ELISION
#else
#define STP_HIST_ELISION 2	/* zero rows kept around data; < 0: no elision */
#endif
#endif

struct stp_hist_desc {
	int kind;	/* 0 none, 1 log, 2 linear */
	int64_t start, stop, interval;
	int buckets;	/* linear: incl. under/overflow; 0 = compute */
};

struct stp_stat {
	int64_t count, sum, min, max, sumsq;
	int64_t buckets[];
};

/* private trailing slots */
#define STP_STAT_EXTRA 7
enum {
	STP_SX_SHIFT,	/* bit shift of @variance(x, N) */
	STP_SX_OWNCNT,	/* values added directly (not merged) */
	STP_SX_AVG,	/* Welford running mean << shift */
	STP_SX_M2,	/* Welford M2 */
	STP_SX_P,	/* merged: sum count_i * avg_i^2 */
	STP_SX_Q,	/* merged: sum count_i * avg_i */
	STP_SX_S2,	/* merged: sum (count_i - 1) * variance_i */
};

/* (stop - start) / interval + 3, or 0 when stap refuses the histogram
 * (zero interval, fewer than 1 or more than STP_MAX_BUCKETS-2 buckets). */
static inline int stp_hist_linear_buckets(int64_t start, int64_t stop, int64_t interval)
{
	int64_t n;

	if (interval == 0)
		return 0;
	n = stp_sdiv64(stop - start, interval) + 3;
	if (n > STP_MAX_BUCKETS || n < 3)
		return 0;
	return (int)n;
}

/* A NULL descriptor is accepted everywhere and means "no histogram". */
static inline int stp_hist_nbuckets(const struct stp_hist_desc *d)
{
	if (!d)
		return 0;
	if (d->kind == STP_HIST_LOG)
		return STP_HIST_LOG_BUCKETS;
	if (d->kind == STP_HIST_LINEAR)
		return d->buckets > 0 ? d->buckets
			: stp_hist_linear_buckets(d->start, d->stop, d->interval);
	return 0;
}

static inline int64_t *stp_stat_extra(const struct stp_stat *s, const struct stp_hist_desc *d)
{
	return (int64_t *)&s->buckets[stp_hist_nbuckets(d)];
}

static inline unsigned stp_stat_size(const struct stp_hist_desc *d)
{
	return (unsigned)(sizeof(struct stp_stat)
			  + (stp_hist_nbuckets(d) + STP_STAT_EXTRA) * sizeof(int64_t));
}

static inline void stp_stat_init(struct stp_stat *s, const struct stp_hist_desc *d)
{
	memset(s, 0, stp_stat_size(d));
}

/* Log histogram bucket of a value: 64 for 0, 64+k+1 for 2^k <= v < 2^(k+1),
 * mirrored below 64 for negative values (stap's _stp_val_to_bucket). */
static inline int stp_hist_log_bucket(int64_t val)
{
	uint64_t v;
	int res = 0;

	if (val == 0)
		return STP_HIST_LOG_BUCKET0;
	v = val < 0 ? -(uint64_t)val : (uint64_t)val;
	while (v) {
		res++;
		v >>= 1;
	}
	/* res = bit length, 1..64 */
	if (val < 0)
		return STP_HIST_LOG_BUCKET0 - res;
	res += STP_HIST_LOG_BUCKET0;
	return res >= STP_HIST_LOG_BUCKETS ? STP_HIST_LOG_BUCKETS - 1 : res;
}

/* Value printed for bucket i (lower bound; for linear underflow/overflow
 * the bound printed after '<' / '>'). */
static inline int64_t stp_hist_bucket_value(const struct stp_hist_desc *d, int i)
{
	if (d->kind == STP_HIST_LINEAR) {
		int nb = stp_hist_nbuckets(d);

		if (i == 0)
			return d->start;
		if (i == nb - 1)
			return d->start + (int64_t)(i - 2) * d->interval;
		return d->start + (int64_t)(i - 1) * d->interval;
	}
	if (i == STP_HIST_LOG_BUCKET0)
		return 0;
	if (i < STP_HIST_LOG_BUCKET0)
		return (int64_t)0x8000000000000000ULL >> i;
	return (int64_t)(1ULL << (i - STP_HIST_LOG_BUCKET0 - 1));
}

static inline void stp_stat_add_shift(struct stp_stat *s, const struct stp_hist_desc *d,
				      int64_t val, int shift)
{
	int64_t *x = stp_stat_extra(s, d);
	int nb = stp_hist_nbuckets(d);
	int n;

	x[STP_SX_SHIFT] = shift;
	if (s->count == 0) {
		s->min = s->max = val;
	} else {
		if (val > s->max)
			s->max = val;
		if (val < s->min)
			s->min = val;
	}
	s->count++;
	s->sum = (int64_t)((uint64_t)s->sum + (uint64_t)val);
	s->sumsq = (int64_t)((uint64_t)s->sumsq + (uint64_t)val * (uint64_t)val);

	/* Welford's online variance, in stap's integer arithmetic (note the
	 * 32-bit delta and truncating divisions). */
	if (x[STP_SX_OWNCNT] == 0) {
		x[STP_SX_OWNCNT] = 1;
		x[STP_SX_AVG] = (int64_t)((uint64_t)val << shift);
		x[STP_SX_M2] = 0;
	} else {
		int64_t vs = (int64_t)((uint64_t)val << shift);
		int32_t delta;

		x[STP_SX_OWNCNT]++;
		delta = (int32_t)((uint64_t)vs - (uint64_t)x[STP_SX_AVG]);
		x[STP_SX_AVG] = (int64_t)((uint64_t)x[STP_SX_AVG]
			+ (uint64_t)stp_sdiv64((int64_t)delta, x[STP_SX_OWNCNT]));
		x[STP_SX_M2] = (int64_t)((uint64_t)x[STP_SX_M2]
			+ (uint64_t)(int64_t)delta * ((uint64_t)vs - (uint64_t)x[STP_SX_AVG]));
	}

	if (nb <= 0) {
		/* no histogram */
	} else if (d->kind == STP_HIST_LOG) {
		s->buckets[stp_hist_log_bucket(val)]++;
	} else if (d->kind == STP_HIST_LINEAR) {
		int64_t v = (int64_t)((uint64_t)val - (uint64_t)d->start);	/* wraps like stap */

		if (v < 0) {
			n = 0;
		} else {
			uint64_t q = (uint64_t)v;

			if (d->interval > 0 && d->interval <= 0xffffffffLL) {
				uint32_t rem;

				q = stp_udiv64_rem(q, (uint32_t)d->interval, &rem);
			} else {
				q = 0;	/* stap rejects such descriptors */
			}
			n = q >= (uint64_t)(nb - 1) ? nb - 1 : (int)q + 1;
		}
		if (n >= nb - 1)
			n = nb - 1;
		s->buckets[n]++;
	}
}

static inline void stp_stat_add(struct stp_stat *s, const struct stp_hist_desc *d, int64_t value)
{
	stp_stat_add_shift(s, d, value, (int)stp_stat_extra(s, d)[STP_SX_SHIFT]);
}

/* variance_s of the directly-added values, as stap's per-CPU variance_s */
static inline int64_t stp_stat_own_variance_s(const int64_t *x)
{
	if (x[STP_SX_OWNCNT] < 2)
		return 0;
	return stp_sdiv64(x[STP_SX_M2], x[STP_SX_OWNCNT] - 1);
}

/* Fold one per-CPU aggregate into another (stap's _stp_stat_get). */
static inline void stp_stat_merge(struct stp_stat *into, const struct stp_stat *from,
				  const struct stp_hist_desc *d)
{
	int64_t *xi = stp_stat_extra(into, d);
	const int64_t *xf = stp_stat_extra(from, d);
	int nb = stp_hist_nbuckets(d), j;
	int64_t c = xf[STP_SX_OWNCNT], a = xf[STP_SX_AVG];

	if (from->count == 0)
		return;
	xi[STP_SX_SHIFT] = xf[STP_SX_SHIFT];
	if (into->count == 0) {
		into->min = from->min;
		into->max = from->max;
	}
	into->count += from->count;
	into->sum = (int64_t)((uint64_t)into->sum + (uint64_t)from->sum);
	into->sumsq = (int64_t)((uint64_t)into->sumsq + (uint64_t)from->sumsq);
	if (from->max > into->max)
		into->max = from->max;
	if (from->min < into->min)
		into->min = from->min;
	for (j = 0; j < nb; j++)
		into->buckets[j] += from->buckets[j];
	/* variance accumulators: from's own values count as one CPU, plus
	 * whatever was merged into it already */
	xi[STP_SX_P] = (int64_t)((uint64_t)xi[STP_SX_P] + (uint64_t)xf[STP_SX_P]
		+ (uint64_t)c * (uint64_t)a * (uint64_t)a);
	xi[STP_SX_Q] = (int64_t)((uint64_t)xi[STP_SX_Q] + (uint64_t)xf[STP_SX_Q]
		+ (uint64_t)c * (uint64_t)a);
	xi[STP_SX_S2] = (int64_t)((uint64_t)xi[STP_SX_S2] + (uint64_t)xf[STP_SX_S2]
		+ (c ? (uint64_t)(c - 1) * (uint64_t)stp_stat_own_variance_s(xf) : 0));
}

/* @avg: sum / count truncated toward zero; caller checks count > 0. */
static inline int64_t stp_stat_avg(const struct stp_stat *s)
{
	return stp_sdiv64(s->sum, s->count);
}

/* @variance: stap's Welford + total-variance aggregation, >> 2*shift.
 * Caller checks count > 0 (count 1 gives 0). */
static inline int64_t stp_stat_variance(const struct stp_stat *s, const struct stp_hist_desc *d)
{
	const int64_t *x = stp_stat_extra(s, d);
	int shift = (int)x[STP_SX_SHIFT];
	uint64_t c = (uint64_t)x[STP_SX_OWNCNT], a = (uint64_t)x[STP_SX_AVG];
	uint64_t P = (uint64_t)x[STP_SX_P] + c * a * a;
	uint64_t Q = (uint64_t)x[STP_SX_Q] + c * a;
	uint64_t S2 = (uint64_t)x[STP_SX_S2] + (c ? (c - 1) * (uint64_t)stp_stat_own_variance_s(x) : 0);
	uint64_t A, S1;
	int64_t var_s;

	if (s->count <= 1)
		return 0;
	A = (uint64_t)stp_sdiv64((int64_t)((uint64_t)s->sum << shift), s->count);
	/* sum c_i (a_i - A)^2 = P - 2 A Q + A^2 N, exact in wrapping arithmetic */
	S1 = P - 2 * A * Q + A * A * (uint64_t)s->count;
	var_s = stp_sdiv64((int64_t)(S1 + S2), s->count - 1);
	return var_s >> (2 * shift);
}

/* @hist_*(x)[i]: 0 and *out set, or -1 when i is out of range
 * (stap: "histogram index out of range"). */
static inline int stp_stat_bucket(const struct stp_stat *s, const struct stp_hist_desc *d,
				  int64_t i, int64_t *out)
{
	if (i < 0 || i >= stp_hist_nbuckets(d))
		return -1;
	*out = s->buckets[i];
	return 0;
}

/* decimal width of v, with '-' */
static inline int stp_stat_needed_space(int64_t v)
{
	uint64_t t;
	int space = 0;

	if (v == 0)
		return 1;
	if (v < 0) {
		space++;
		t = -(uint64_t)v;
	} else {
		t = (uint64_t)v;
	}
	while (t) {
		uint32_t rem;

		t = stp_udiv64_rem(t, 10, &rem);
		space++;
	}
	return space;
}

static inline void stp_stat_print_hist(struct stp_buf *b, const struct stp_stat *s,
				       const struct stp_hist_desc *d)
{
	int nb = stp_hist_nbuckets(d);
	int low = -1, high = 0, under = 0, over = 0, i;
	int scale, val_space, cnt_space, eliding = 0;
	int64_t valmax = 0;

	if (nb <= 0)
		return;
	for (i = 0; i < nb; i++) {
		if (s->buckets[i] > 0) {
			if (low == -1)
				low = i;
			high = i;
		}
		if (s->buckets[i] > valmax)
			valmax = s->buckets[i];
	}
	if (low == -1)
		return;	/* empty: stap raises "empty aggregate" before printing */

	for (i = 0; i < 2; i++) {
		if (d->kind == STP_HIST_LOG) {
			if (low != STP_HIST_LOG_BUCKET0 && low > 0)
				low--;
		} else if (low > 0) {
			low--;
		}
		if (high < nb - 1)
			high++;
	}
	if (d->kind == STP_HIST_LINEAR) {
		if (low == 0 && s->buckets[0] == 0)
			low++;
		if (high == nb - 1 && s->buckets[high] == 0)
			high--;
		if (low == 0)
			under = 1;
		if (high == nb - 1)
			over = 1;
	}

	if (valmax <= STP_HIST_WIDTH) {
		scale = 1;
	} else {
		uint32_t rem;
		uint64_t q = stp_udiv64_rem((uint64_t)valmax, STP_HIST_WIDTH, &rem);

		scale = (int)q + (rem ? 1 : 0);
	}
	cnt_space = stp_stat_needed_space(valmax);
	if (d->kind == STP_HIST_LINEAR) {
		int a = stp_stat_needed_space(d->start) + under;
		int c = stp_stat_needed_space(d->start + d->interval * high) + over;

		val_space = a > c ? a : c;
	} else {
		int a = stp_stat_needed_space(stp_hist_bucket_value(d, high));
		int c = stp_stat_needed_space(stp_hist_bucket_value(d, low));

		val_space = a > c ? a : c;
	}
	if (val_space < 5)
		val_space = 5;

	stp_format_string(b, "value", 0, val_space, -1);
	stp_buf_puts(b, " |");
	stp_buf_fill(b, '-', STP_HIST_WIDTH);
	stp_buf_puts(b, " count\n");

	for (i = low; i <= high; i++) {
		const char *prefix = "";
		int64_t val, v;

		if ((long)STP_HIST_ELISION >= 0) {
			int k, elide = 1;
			int max_elide = (long)STP_HIST_ELISION < nb ? (int)STP_HIST_ELISION : nb;
			int kmin = low, kmax = high;

			if (i - max_elide > kmin)
				kmin = i - max_elide;
			if (i + max_elide < kmax)
				kmax = i + max_elide;
			for (k = kmin; k <= kmax; k++)
				if (s->buckets[k] != 0)
					elide = 0;
			if (elide) {
				eliding = 1;
				continue;
			}
			if (eliding) {
				stp_buf_fill(b, ' ', val_space);
				stp_buf_puts(b, " ~\n");
				eliding = 0;
			}
		}

		val = stp_hist_bucket_value(d, i);
		if (d->kind == STP_HIST_LINEAR) {
			if (i == 0)
				prefix = "<";
			else if (i == nb - 1)
				prefix = ">";
		}
		stp_format_string(b, prefix, 0, val_space - stp_stat_needed_space(val), -1);
		stp_format_long(b, val, 0, -1, -1, 'd');
		stp_buf_puts(b, " |");
		{
			uint32_t rem;

			v = (int64_t)stp_udiv64_rem((uint64_t)s->buckets[i], (uint32_t)scale, &rem);
		}
		stp_buf_fill(b, '@', (int)v);
		stp_format_long(b, s->buckets[i], 0, (int)(STP_HIST_WIDTH - v + 1 + cnt_space), -1, 'd');
		stp_buf_putc(b, '\n');
	}
	stp_buf_putc(b, '\n');
}

#endif /* STP_STAT_H */
