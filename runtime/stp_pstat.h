/* Per-CPU aggregates, as stap keeps them: `<<<` adds to this CPU's copy under the global's
 * shared (read) lock, so CPUs never wait on each other to add; reading an aggregate (@count,
 * @hist_*, foreach, in, delete) takes the exclusive lock and folds the CPUs together.
 * Probe handlers run with preemption off, so smp_processor_id() is stable while they add. */
#ifndef STP_PSTAT_H
#define STP_PSTAT_H

/* A scalar stats global: one stp_stat per possible CPU plus the folded view. */
struct stp_pstat {
	const struct stp_hist_desc *hist;
	struct stp_stat **cpu;
	struct stp_stat *agg;
};

static __maybe_unused void stp_pstat_free(struct stp_pstat *p)
{
	int cpu;
	if (p->cpu)
		for_each_possible_cpu(cpu)
			vfree(p->cpu[cpu]);
	kfree(p->cpu);
	vfree(p->agg);
	p->cpu = NULL;
	p->agg = NULL;
}

static __maybe_unused int stp_pstat_init(struct stp_pstat *p, const struct stp_hist_desc *d)
{
	int cpu;
	p->hist = d;
	p->cpu = kcalloc(nr_cpu_ids, sizeof(*p->cpu), GFP_KERNEL);
	p->agg = vzalloc(stp_stat_size(d));
	if (!p->cpu || !p->agg)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		p->cpu[cpu] = vzalloc(stp_stat_size(d));
		if (!p->cpu[cpu])
			return -ENOMEM;
	}
	return 0;
}

static inline struct stp_stat *stp_pstat_this(struct stp_pstat *p)
{
	return p->cpu[smp_processor_id()];
}

/* The caller holds the exclusive lock. */
static __maybe_unused const struct stp_stat *stp_pstat_agg(struct stp_pstat *p)
{
	int cpu;
	stp_stat_init(p->agg, p->hist);
	for_each_possible_cpu(cpu)
		stp_stat_merge(p->agg, p->cpu[cpu], p->hist);
	return p->agg;
}

static __maybe_unused void stp_pstat_clear(struct stp_pstat *p)
{
	int cpu;
	for_each_possible_cpu(cpu)
		stp_stat_init(p->cpu[cpu], p->hist);
}

/* A stats array: one map per possible CPU, a map folding them for foreach, and one stat for
 * reading a single element (used at once, under the exclusive lock). */
struct stp_pmap {
	struct stp_map *cpu;
	struct stp_map agg;
	struct stp_stat *one;
};

static __maybe_unused void stp_pmap_free(struct stp_pmap *p)
{
	int cpu;
	if (p->cpu)
		for_each_possible_cpu(cpu)
			stp_map_free(&p->cpu[cpu]);
	kfree(p->cpu);
	stp_map_free(&p->agg);
	vfree(p->one);
	p->cpu = NULL;
	p->one = NULL;
}

static __maybe_unused int stp_pmap_init(struct stp_pmap *p, int nkeys, const u8 *ktypes,
					const struct stp_hist_desc *hist, unsigned max, int wrap)
{
	int cpu, rc;
	p->cpu = kcalloc(nr_cpu_ids, sizeof(*p->cpu), GFP_KERNEL);
	p->one = vzalloc(stp_stat_size(hist));
	if (!p->cpu || !p->one)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		rc = stp_map_init(&p->cpu[cpu], nkeys, ktypes, STP_VAL_STAT, hist, max, wrap);
		if (rc)
			return rc;
	}
	return stp_map_init(&p->agg, nkeys, ktypes, STP_VAL_STAT, hist, max, 1);
}

static inline struct stp_map *stp_pmap_this(struct stp_pmap *p)
{
	return &p->cpu[smp_processor_id()];
}

static __maybe_unused void stp_pmap_node_key(const struct stp_map *m, struct stp_map_node *n, struct stp_key *k)
{
	int i;
	for (i = 0; i < m->nkeys; i++) {
		if (m->ktypes[i] == STP_KEY_LONG)
			k->n[i] = *stp_node_lkey(m, n, i);
		else
			k->s[i] = stp_node_skey(m, n, i);
	}
}

/* Every element folded over the CPUs, in CPU then insertion order, as stap's pmap agg. */
static __maybe_unused struct stp_map *stp_pmap_agg(struct stp_pmap *p)
{
	struct stp_map_node *n, *an;
	struct stp_key k;
	int cpu;
	stp_map_clear(&p->agg);
	for_each_possible_cpu(cpu) {
		struct stp_map *m = &p->cpu[cpu];
		list_for_each_entry(n, &m->used, l) {
			stp_pmap_node_key(m, n, &k);
			an = stp_map_get(&p->agg, &k);
			stp_stat_merge(stp_node_stat(&p->agg, an), stp_node_stat(m, n), m->hist);
		}
	}
	return &p->agg;
}

/* One element folded over the CPUs; NULL when no CPU has it. */
static __maybe_unused const struct stp_stat *stp_pmap_find(struct stp_pmap *p, const struct stp_key *k)
{
	struct stp_map_node *n;
	int cpu, found = 0;
	stp_stat_init(p->one, p->agg.hist);
	for_each_possible_cpu(cpu) {
		n = stp_map_find(&p->cpu[cpu], k);
		if (n) {
			stp_stat_merge(p->one, stp_node_stat(&p->cpu[cpu], n), p->agg.hist);
			found = 1;
		}
	}
	return found ? p->one : NULL;
}

/* mask: the keys given (bit i set), the others are wildcards. */
static inline int stp_pmap_all_keys(const struct stp_pmap *p, unsigned mask)
{
	return mask == (1u << p->agg.nkeys) - 1;
}

static __maybe_unused int stp_pmap_exists(struct stp_pmap *p, const struct stp_key *k, unsigned mask)
{
	int all = stp_pmap_all_keys(p, mask), cpu;
	for_each_possible_cpu(cpu)
		if (all ? stp_map_find(&p->cpu[cpu], k) != NULL
				: stp_map_exists_slice(&p->cpu[cpu], k, mask))
			return 1;
	return 0;
}

static __maybe_unused void stp_pmap_delete(struct stp_pmap *p, const struct stp_key *k, unsigned mask)
{
	struct stp_map_node *n;
	int all = stp_pmap_all_keys(p, mask), cpu;
	for_each_possible_cpu(cpu) {
		if (!all) {
			stp_map_delete_slice(&p->cpu[cpu], k, mask);
		} else if ((n = stp_map_find(&p->cpu[cpu], k))) {
			stp_map_delete_node(&p->cpu[cpu], n);
		}
	}
}

static __maybe_unused void stp_pmap_clear(struct stp_pmap *p)
{
	int cpu;
	for_each_possible_cpu(cpu)
		stp_map_clear(&p->cpu[cpu]);
	stp_map_clear(&p->agg);
}

#endif
