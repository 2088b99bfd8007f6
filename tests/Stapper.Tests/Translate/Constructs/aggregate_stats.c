/* ---- globals ---- */
/* global st (t.stp:1:8) */
static __maybe_unused DEFINE_RWLOCK(stp_gl_st);
static const struct stp_hist_desc stp_hd_st = { .kind = 1, .buckets = 0 };
static struct stp_pstat stp_g_st;

static const int stp_script_argc = 0;
static const char *const stp_script_argv[] = { NULL };

/* ---- frames ---- */
struct stp_pl_0 {
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
	{
		if (unlikely(!STP_ACTIONS_BOUNDED(4) && --c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'st' at t.stp:2:15"); goto out; }
		(void)(({ int64_t _v0 = ((int64_t)4LL); stp_stat_add(stp_pstat_this(&stp_g_st), &stp_hd_st, _v0); }));
		if (unlikely(!STP_ACTIONS_BOUNDED(4) && --c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'st' at t.stp:2:25"); goto out; }
		(void)(({ int64_t _v1 = ((int64_t)8LL); stp_stat_add(stp_pstat_this(&stp_g_st), &stp_hd_st, _v1); }));
		if (unlikely(!STP_ACTIONS_BOUNDED(4) && --c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'printf' at t.stp:2:35"); goto out; }
		(void)(({ int64_t _a3; int64_t _a4; int64_t _a5; int64_t _a6; int64_t _a7; _a3 = ({ const struct stp_stat *_s8 = stp_pstat_agg(&stp_g_st); (int64_t)((_s8 ? _s8->count : 0)); }); _a4 = ({ const struct stp_stat *_s9 = stp_pstat_agg(&stp_g_st); (int64_t)((_s9 ? _s9->sum : 0)); }); _a5 = ({ const struct stp_stat *_s10 = stp_pstat_agg(&stp_g_st); if (unlikely(!_s10 || _s10->count == 0)) { stp_raise(c, "empty aggregate", "operator '@min' at t.stp:2:84"); goto out; } (int64_t)(_s10->min); }); _a6 = ({ const struct stp_stat *_s11 = stp_pstat_agg(&stp_g_st); if (unlikely(!_s11 || _s11->count == 0)) { stp_raise(c, "empty aggregate", "operator '@max' at t.stp:2:94"); goto out; } (int64_t)(_s11->max); }); _a7 = ({ const struct stp_stat *_s12 = stp_pstat_agg(&stp_g_st); if (unlikely(!_s12 || _s12->count == 0)) { stp_raise(c, "empty aggregate", "operator '@avg' at t.stp:2:104"); goto out; } (int64_t)(stp_stat_avg(_s12)); }); stp_print_reserve(c); stp_format_long(&c->print, _a3, 0, -1, -1, 'd'); stp_buf_write(&c->print, " ", 1); stp_format_long(&c->print, _a4, 0, -1, -1, 'd'); stp_buf_write(&c->print, " ", 1); stp_format_long(&c->print, _a5, 0, -1, -1, 'd'); stp_buf_write(&c->print, " ", 1); stp_format_long(&c->print, _a6, 0, -1, -1, 'd'); stp_buf_write(&c->print, " ", 1); stp_format_long(&c->print, _a7, 0, -1, -1, 'd'); stp_buf_write(&c->print, "\n", 1); (void)0; }));
		if (unlikely(!STP_ACTIONS_BOUNDED(4) && --c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'print' at t.stp:2:115"); goto out; }
		(void)(({ stp_print_reserve(c); { const struct stp_stat *_s14 = stp_pstat_agg(&stp_g_st); if (unlikely(!_s14 || _s14->count == 0)) { stp_raise(c, "empty aggregate", "identifier 'print' at t.stp:2:115"); goto out; } stp_stat_print_hist(&c->print, _s14, &stp_hd_st); } (void)0; }));
	}
	out: __attribute__((unused));
	;
}
