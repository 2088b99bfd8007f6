/* ---- globals ---- */
/* global st (t.stp:1:8) */
static __maybe_unused DEFINE_RWLOCK(stp_gl_st);
static const struct stp_hist_desc stp_hd_st = { .kind = 1, .buckets = 0 };
static struct stp_pstat stp_g_st;
/* global ar (t.stp:1:12) */
static __maybe_unused DEFINE_RWLOCK(stp_gl_ar);
static const struct stp_hist_desc stp_hd_ar = { .kind = 2, .start = 0LL, .stop = 10LL, .interval = 2LL, .buckets = 0 };
static const u8 stp_gk_ar[] = { STP_KEY_LONG };
static struct stp_pmap stp_g_ar;

static const int stp_script_argc = 0;
static const char *const stp_script_argv[] = { NULL };

/* ---- frames ---- */
struct stp_pl_0 {
	int64_t b;
	int64_t n;
};
union stp_locals {
	char __dummy;
	struct stp_pl_0 p_0;
};


#include "stp_context.h"
#include "stp_tapset_support.h"
#include "stp_target.h"
static void stp_module_globals_track(const char *module, int coming) { }

/* ---- functions ---- */


/* ---- probes ---- */
/* probe begin (t.stp:2:1) */
static void stp_p_0(struct stp_context *c)
{
	struct stp_pl_0 *l = &c->locals[0].p_0;
	(void)l;
	l->b = 0;
	l->n = 0;
	{
		if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'st' at t.stp:2:15"); goto out; }
		(void)(({ int64_t _v0 = ((int64_t)4LL); stp_stat_add(stp_pstat_this(&stp_g_st), &stp_hd_st, _v0); }));
		if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'ar' at t.stp:2:25"); goto out; }
		(void)(({ struct stp_key _k3; struct stp_map_node *_n2; int64_t _v1; _k3.n[0] = ((int64_t)1LL); _v1 = ((int64_t)8LL); _n2 = stp_map_get(stp_pmap_this(&stp_g_ar), &_k3); if (unlikely(!_n2)) { stp_raise(c, "Array overflow, check MAXMAPENTRIES", "identifier 'ar' at t.stp:2:25"); goto out; } stp_stat_add(stp_node_stat(stp_pmap_this(&stp_g_ar), _n2), &stp_hd_ar, _v1); }));
		if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'printf' at t.stp:2:38"); goto out; }
		(void)(({ int64_t _a5; int64_t _a6; _a5 = ({ int64_t _i7 = ((int64_t)67LL); const struct stp_stat *_s8 = stp_pstat_agg(&stp_g_st); int64_t _r9 = 0; if (unlikely(!_s8 || _s8->count == 0)) { stp_raise(c, "empty aggregate", "operator '@hist_log' at t.stp:2:56"); goto out; } if (unlikely(stp_stat_bucket(_s8, &stp_hd_st, _i7, &_r9))) { stp_raise(c, "histogram index out of range", "operator '@hist_log' at t.stp:2:56"); goto out; } _r9; }); _a6 = ({ int64_t _i10 = ((int64_t)3LL); const struct stp_stat *_s11 = ({ struct stp_key _k13; _k13.n[0] = ((int64_t)1LL); stp_pmap_find(&stp_g_ar, &_k13); }); int64_t _r12 = 0; if (unlikely(!_s11 || _s11->count == 0)) { stp_raise(c, "empty aggregate", "operator '@hist_linear' at t.stp:2:80"); goto out; } if (unlikely(stp_stat_bucket(_s11, &stp_hd_ar, _i10, &_r12))) { stp_raise(c, "histogram index out of range", "operator '@hist_linear' at t.stp:2:80"); goto out; } _r12; }); stp_print_reserve(c); stp_format_long(&c->print, _a5, 0, -1, -1, 'd'); stp_buf_write(&c->print, " ", 1); stp_format_long(&c->print, _a6, 0, -1, -1, 'd'); stp_buf_write(&c->print, "\n", 1); (void)0; }));
		if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'foreach' at t.stp:2:112"); goto out; }
		{
			int64_t _lim14 = 0, _seen15 = 0;
			(void)_lim14; (void)_seen15;
			_lim14 = ((int64_t)70LL);
			const struct stp_stat *_s16 = stp_pstat_agg(&stp_g_st);
			(void)_s16;
			for (l->b = 0; l->b < stp_hist_nbuckets(&stp_hd_st); l->b++) {
				if (_seen15++ >= _lim14) break;
				{ const struct stp_stat *_s17 = _s16; l->n = _s17 ? _s17->buckets[l->b] : 0; }
				if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'foreach' at t.stp:2:112"); goto out; }
				if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'if' at t.stp:2:154"); goto out; }
				if ((_s16->buckets[l->b])) {
					if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'printf' at t.stp:2:176"); goto out; }
					(void)(({ int64_t _a19; int64_t _a20; _a19 = l->b; _a20 = l->n; stp_print_reserve(c); stp_format_long(&c->print, _a19, 0, -1, -1, 'd'); stp_buf_write(&c->print, " ", 1); stp_format_long(&c->print, _a20, 0, -1, -1, 'd'); stp_buf_write(&c->print, "\n", 1); (void)0; }));
				}
			}
		}
		if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'foreach' at t.stp:2:201"); goto out; }
		{
			int64_t _lim21 = 0, _seen22 = 0;
			(void)_lim21; (void)_seen22;
			struct stp_key _k24;
			(void)_k24;
			_k24.n[0] = ((int64_t)1LL);
			for (l->b = 0; l->b < stp_hist_nbuckets(&stp_hd_ar); l->b++) {
				if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'foreach' at t.stp:2:201"); goto out; }
				if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'println' at t.stp:2:246"); goto out; }
				(void)(({ int64_t _a26; _a26 = l->b; stp_print_reserve(c); stp_format_long(&c->print, _a26, 0, -1, -1, 'd'); stp_buf_putc(&c->print, '\n'); (void)0; }));
			}
		}
	}
	out: __attribute__((unused));
	;
}
