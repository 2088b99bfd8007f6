/* Each probe site's record, and -t's per-probe-point timing (stap's "probe hit report" at the end of the run).
 *
 * Every site declares STP_SITE_PP(N, ...) and passes STP_PP(N), its probe point, to its runner. The name is the
 * tail of the site's record, so whatever has c->probe_point finds the rest without a lookup: the point as the
 * script wrote it (pn()) and, under -t, the script location, the derivation and per-CPU cycle statistics.
 * Included by stp_context.h. */
#ifndef STP_TIMING_H
#define STP_TIMING_H

struct stp_site_pp {
	const char *pn;		/* the probe point as the script wrote it, what pn() returns */
#ifdef STP_TIMING
	int index;
	const char *location;	/* "FILE:LINE:COL" of the probe (or of the alias reference) */
	const char *derivation;	/* " from: POINT ..." as stap prints it */
	void __percpu *stats;	/* struct stp_stat per CPU, no histogram */
#endif
	char pp[];		/* the probe point, what pp() returns */
};

#ifdef STP_TIMING
#define STP_SITE_PP(n, name, written, loc, from) static struct stp_site_pp stp_site_pp_##n = \
	{ .pn = (written), .index = (n), .location = (loc), .derivation = (from), .pp = name }
#else
#define STP_SITE_PP(n, name, written, loc, from) static struct stp_site_pp stp_site_pp_##n = \
	{ .pn = (written), .pp = name }
#endif
#define STP_PP(n) (stp_site_pp_##n.pp)

/* What pn() returns for the running probe point; "" outside a probe. */
static inline const char *stp_probe_name(const char *pp)
{
	return pp ? container_of(pp, struct stp_site_pp, pp[0])->pn : "";
}

#ifdef STP_TIMING
#include <linux/percpu.h>
#include <linux/timex.h>

static __always_inline u64 stp_timing_start(void)
{
	return get_cycles();
}

/* Runs with preemption off in the site's own context (busy: no other handler on this CPU), so the per-CPU
 * record needs no lock. */
static __always_inline void stp_timing_add(const char *pp, u64 start)
{
	struct stp_site_pp *site = container_of(pp, struct stp_site_pp, pp[0]);
	if (likely(site->stats))
		stp_stat_add(this_cpu_ptr(site->stats), NULL, (int64_t)(get_cycles() - start));
}

static int stp_timing_init(struct stp_site_pp *const *sites, int n)
{
	int i, cpu;
	for (i = 0; i < n; i++) {
		sites[i]->stats = __alloc_percpu_gfp(stp_stat_size(NULL), sizeof(int64_t), GFP_KERNEL | __GFP_NOWARN);
		if (!sites[i]->stats)
			return -ENOMEM;
		for_each_possible_cpu(cpu)
			stp_stat_init(per_cpu_ptr(sites[i]->stats, cpu), NULL);
	}
	return 0;
}

static void stp_timing_free(struct stp_site_pp *const *sites, int n)
{
	int i;
	for (i = 0; i < n; i++) {
		free_percpu(sites[i]->stats);
		sites[i]->stats = NULL;
	}
}

/* After the end probes: one line per site that ran, in site order, into the script's output (as stap). */
static void stp_timing_report(struct stp_site_pp *const *sites, int n)
{
	char line[MAXSTRINGLEN + 256];
	struct stp_stat *sum;
	int i, cpu, len;

	sum = kzalloc(stp_stat_size(NULL), GFP_KERNEL | __GFP_NOWARN);
	if (!sum)
		return;
	stp_transport_write(STP_OUT, "----- probe hit report: \n", 25);
	for (i = 0; i < n; i++) {
		if (!sites[i]->stats)
			continue;
		stp_stat_init(sum, NULL);
		for_each_possible_cpu(cpu)
			stp_stat_merge(sum, per_cpu_ptr(sites[i]->stats, cpu), NULL);
		if (!sum->count)
			continue;
		len = scnprintf(line, sizeof(line),
				"%s, (%s), hits: %lld, cycles: %lldmin/%lldavg/%lldmax, variance: %lld,%s, index: %d\n",
				sites[i]->pp, sites[i]->location, (long long)sum->count, (long long)sum->min,
				(long long)stp_stat_avg(sum), (long long)sum->max,
				(long long)stp_stat_variance(sum, NULL), sites[i]->derivation, sites[i]->index);
		stp_transport_write(STP_OUT, line, len);
	}
	/* stap also times its module-refresh work, which Stapper does not have: the section is always empty. */
	stp_transport_write(STP_OUT, "----- refresh report:\n", 22);
	kfree(sum);
}
#endif

#endif
