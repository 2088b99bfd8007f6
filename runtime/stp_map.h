/* Preallocated associative arrays: 1..9 keys (long or string), a long, string or stats value.
 * All nodes come from a pool allocated at module init; nothing allocates in probe context.
 * The caller holds the global's lock. */
#ifndef STP_MAP_H
#define STP_MAP_H

/* Zeroed vmalloc that fails with NULL instead of logging an allocation-failure report. */
static __maybe_unused void *stp_vzalloc_quiet(size_t size)
{
	return __vmalloc(size, GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);
}

#include <linux/jhash.h>

#define STP_KEY_LONG 0
#define STP_KEY_STRING 1
#define STP_VAL_LONG 0
#define STP_VAL_STRING 1
#define STP_VAL_STAT 2
#define STP_MAP_MAXKEYS 9

struct stp_key {
	int64_t n[STP_MAP_MAXKEYS];
	const char *s[STP_MAP_MAXKEYS];
};

struct stp_map_node {
	struct hlist_node h;
	struct list_head l;
	u32 hash;
	u32 pos;	/* place in the used list while sorting: ties keep it, as stap's stable list sort */
};

struct stp_map {
	int nkeys;
	int vtype;
	u8 ktypes[STP_MAP_MAXKEYS];
	const struct stp_hist_desc *hist;
	unsigned koff[STP_MAP_MAXKEYS];
	unsigned voff, node_size;
	unsigned max, count;
	int wrap;
	unsigned tbits;
	struct hlist_head *table;
	char *pool;
	struct list_head freelist, used;
	struct stp_map_node **sorted;
	/* sort parameters for the comparator */
	int sort_column, sort_dir, sort_agg;
};

#define STP_NODE_DATA(n) ((char *)(n) + sizeof(struct stp_map_node))
static inline int64_t *stp_node_lkey(const struct stp_map *m, struct stp_map_node *n, int i)
{ return (int64_t *)(STP_NODE_DATA(n) + m->koff[i]); }
static inline char *stp_node_skey(const struct stp_map *m, struct stp_map_node *n, int i)
{ return STP_NODE_DATA(n) + m->koff[i]; }
static inline int64_t *stp_node_long(const struct stp_map *m, struct stp_map_node *n)
{ return (int64_t *)(STP_NODE_DATA(n) + m->voff); }
static inline char *stp_node_str(const struct stp_map *m, struct stp_map_node *n)
{ return STP_NODE_DATA(n) + m->voff; }
static inline struct stp_stat *stp_node_stat(const struct stp_map *m, struct stp_map_node *n)
{ return (struct stp_stat *)(STP_NODE_DATA(n) + m->voff); }

static __maybe_unused int stp_map_init(struct stp_map *m, int nkeys, const u8 *ktypes, int vtype,
			const struct stp_hist_desc *hist, unsigned max, int wrap)
{
	unsigned off = 0, i, vsize;
	m->nkeys = nkeys;
	m->vtype = vtype;
	m->hist = hist;
	for (i = 0; i < nkeys; i++) {
		m->ktypes[i] = ktypes[i];
		m->koff[i] = off;
		off += ktypes[i] == STP_KEY_LONG ? 8 : ALIGN(MAXSTRINGLEN, 8);
	}
	m->voff = off;
	vsize = vtype == STP_VAL_LONG ? 8 : vtype == STP_VAL_STRING ? MAXSTRINGLEN : stp_stat_size(hist);
	m->node_size = ALIGN(sizeof(struct stp_map_node) + off + vsize, 8);
	m->max = max ? max : MAXMAPENTRIES;
	m->wrap = wrap;
	m->count = 0;
	m->tbits = min_t(unsigned, 16, max_t(unsigned, 4, ilog2(roundup_pow_of_two(m->max))));
	/* A MAXMAPENTRIES too large for the machine fails the load with ENOMEM, not an allocation-failure splat. */
	m->table = stp_vzalloc_quiet(sizeof(struct hlist_head) << m->tbits);
	m->pool = stp_vzalloc_quiet((size_t)m->node_size * m->max);
	m->sorted = stp_vzalloc_quiet(sizeof(void *) * (size_t)m->max);
	if (!m->table || !m->pool || !m->sorted)
		return -ENOMEM;
	INIT_LIST_HEAD(&m->freelist);
	INIT_LIST_HEAD(&m->used);
	for (i = 0; i < m->max; i++) {
		struct stp_map_node *n = (struct stp_map_node *)(m->pool + (size_t)i * m->node_size);
		list_add_tail(&n->l, &m->freelist);
	}
	return 0;
}

static __maybe_unused void stp_map_free(struct stp_map *m)
{
	vfree(m->table);
	vfree(m->pool);
	vfree(m->sorted);
	m->table = NULL;
	m->pool = NULL;
	m->sorted = NULL;
}

static __maybe_unused u32 stp_map_hash(const struct stp_map *m, const struct stp_key *k)
{
	u32 h = 0x5eed;
	int i;
	for (i = 0; i < m->nkeys; i++) {
		if (m->ktypes[i] == STP_KEY_LONG)
			h = jhash_2words((u32)k->n[i], (u32)(k->n[i] >> 32), h);
		else
			h = jhash(k->s[i], strnlen(k->s[i], MAXSTRINGLEN - 1), h);
	}
	return h;
}

static __maybe_unused int stp_map_key_equal(const struct stp_map *m, struct stp_map_node *n, const struct stp_key *k)
{
	int i;
	for (i = 0; i < m->nkeys; i++) {
		if (m->ktypes[i] == STP_KEY_LONG) {
			if (*stp_node_lkey(m, n, i) != k->n[i])
				return 0;
		} else if (strncmp(stp_node_skey(m, n, i), k->s[i], MAXSTRINGLEN - 1)) {
			return 0;
		}
	}
	return 1;
}

static __maybe_unused struct stp_map_node *stp_map_find(struct stp_map *m, const struct stp_key *k)
{
	u32 h = stp_map_hash(m, k);
	struct stp_map_node *n;
	hlist_for_each_entry(n, &m->table[hash_32(h, m->tbits)], h)
		if (n->hash == h && stp_map_key_equal(m, n, k))
			return n;
	return NULL;
}

static __maybe_unused void stp_map_delete_node(struct stp_map *m, struct stp_map_node *n)
{
	hlist_del(&n->h);
	list_move(&n->l, &m->freelist);
	m->count--;
}

static __maybe_unused void stp_map_clear(struct stp_map *m)
{
	while (!list_empty(&m->used))
		stp_map_delete_node(m, list_first_entry(&m->used, struct stp_map_node, l));
}

/* The node for k, created (zero value) if absent; NULL when full and not wrapping. */
static __maybe_unused struct stp_map_node *stp_map_get(struct stp_map *m, const struct stp_key *k)
{
	struct stp_map_node *n = stp_map_find(m, k);
	int i;
	u32 h;
	if (n)
		return n;
	if (list_empty(&m->freelist)) {
		if (!m->wrap || list_empty(&m->used))
			return NULL;
		stp_map_delete_node(m, list_first_entry(&m->used, struct stp_map_node, l));
	}
	n = list_first_entry(&m->freelist, struct stp_map_node, l);
	list_move_tail(&n->l, &m->used);
	h = stp_map_hash(m, k);
	n->hash = h;
	for (i = 0; i < m->nkeys; i++) {
		if (m->ktypes[i] == STP_KEY_LONG)
			*stp_node_lkey(m, n, i) = k->n[i];
		else
			strscpy(stp_node_skey(m, n, i), k->s[i], MAXSTRINGLEN);
	}
	if (m->vtype == STP_VAL_LONG)
		*stp_node_long(m, n) = 0;
	else if (m->vtype == STP_VAL_STRING)
		stp_node_str(m, n)[0] = 0;
	else
		stp_stat_init(stp_node_stat(m, n), m->hist);
	hlist_add_head(&n->h, &m->table[hash_32(h, m->tbits)]);
	m->count++;
	return n;
}

/* Slices: keys with mask bit i clear are wildcards. */
static __maybe_unused int stp_map_match(const struct stp_map *m, struct stp_map_node *n, const struct stp_key *k, unsigned mask)
{
	int i;
	for (i = 0; i < m->nkeys; i++) {
		if (!(mask & (1u << i)))
			continue;
		if (m->ktypes[i] == STP_KEY_LONG) {
			if (*stp_node_lkey(m, n, i) != k->n[i])
				return 0;
		} else if (strncmp(stp_node_skey(m, n, i), k->s[i], MAXSTRINGLEN - 1)) {
			return 0;
		}
	}
	return 1;
}

static __maybe_unused int stp_map_exists_slice(struct stp_map *m, const struct stp_key *k, unsigned mask)
{
	struct stp_map_node *n;
	list_for_each_entry(n, &m->used, l)
		if (stp_map_match(m, n, k, mask))
			return 1;
	return 0;
}

static __maybe_unused void stp_map_delete_slice(struct stp_map *m, const struct stp_key *k, unsigned mask)
{
	struct stp_map_node *n, *t;
	list_for_each_entry_safe(n, t, &m->used, l)
		if (stp_map_match(m, n, k, mask))
			stp_map_delete_node(m, n);
}

/* Aggregate operators for sorting stats by value: 0 count 1 sum 2 min 3 max 4 avg. */
static __maybe_unused int64_t stp_stat_key(const struct stp_stat *s, int agg)
{
	switch (agg) {
	case 1: return s->sum;
	case 2: return s->count ? s->min : 0;
	case 3: return s->count ? s->max : 0;
	case 4: return s->count ? stp_stat_avg(s) : 0;
	default: return s->count;
	}
}

static __maybe_unused int stp_map_cmp(const void *a, const void *b, const void *priv)
{
	const struct stp_map *m = priv;
	struct stp_map_node *x = *(struct stp_map_node * const *)a;
	struct stp_map_node *y = *(struct stp_map_node * const *)b;
	int col = m->sort_column, r = 0;
	if (col == 0) {
		if (m->vtype == STP_VAL_LONG) {
			int64_t p = *stp_node_long(m, x), q = *stp_node_long(m, y);
			r = p < q ? -1 : p > q;
		} else if (m->vtype == STP_VAL_STRING) {
			r = strcmp(stp_node_str(m, x), stp_node_str(m, y));
		} else {
			int64_t p = stp_stat_key(stp_node_stat(m, x), m->sort_agg);
			int64_t q = stp_stat_key(stp_node_stat(m, y), m->sort_agg);
			r = p < q ? -1 : p > q;
		}
	} else {
		int i = col - 1;
		if (m->ktypes[i] == STP_KEY_LONG) {
			int64_t p = *stp_node_lkey(m, x, i), q = *stp_node_lkey(m, y, i);
			r = p < q ? -1 : p > q;
		} else {
			r = strcmp(stp_node_skey(m, x, i), stp_node_skey(m, y, i));
		}
	}
	if (r == 0)
		return x->pos < y->pos ? -1 : x->pos > y->pos;
	return m->sort_dir < 0 ? -r : r;
}

static __maybe_unused void stp_map_swap(void *a, void *b, int size, const void *priv)
{
	struct stp_map_node **x = a, **y = b, *t = *x;
	*x = *y;
	*y = t;
}

/* Fill m->sorted with the nodes: dir 0 insertion order, 1 ascending, -1 descending. */
static __maybe_unused unsigned stp_map_sort(struct stp_map *m, int column, int dir, int agg)
{
	struct stp_map_node *n;
	unsigned cnt = 0;
	unsigned i;
	list_for_each_entry(n, &m->used, l) {
		n->pos = cnt;
		m->sorted[cnt++] = n;
	}
	if (dir && cnt > 1) {
		m->sort_column = column;
		m->sort_dir = dir;
		m->sort_agg = agg;
		sort_r(m->sorted, cnt, sizeof(void *), stp_map_cmp, stp_map_swap, m);
		/* stap sorts the map's own list: the next iteration starts from this order */
		for (i = 0; i < cnt; i++)
			list_move_tail(&m->sorted[i]->l, &m->used);
	}
	return cnt;
}

#endif
