/* ---- globals ---- */
/* global a (t.stp:1:8) */
static __maybe_unused DEFINE_RWLOCK(stp_gl_a);
static const u8 stp_gk_a[] = { STP_KEY_STRING };
static struct stp_map stp_g_a;

static const int stp_script_argc = 0;
static const char *const stp_script_argv[] = { NULL };

/* ---- frames ---- */
struct stp_pl_0 {
	char k[MAXSTRINGLEN];
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
	l->k[0] = 0;
	{
		if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'a' at t.stp:2:15"); goto out; }
		(void)(({ struct stp_key _k2; struct stp_map_node *_n1; int64_t _v0; _k2.s[0] = "x"; _v0 = ((int64_t)2LL); _n1 = stp_map_get(&stp_g_a, &_k2); if (unlikely(!_n1)) { stp_raise(c, "Array overflow, check MAXMAPENTRIES", "identifier 'a' at t.stp:2:15"); goto out; } (*stp_node_long(&stp_g_a, _n1)) = _v0; (*stp_node_long(&stp_g_a, _n1)); }));
		if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'a' at t.stp:2:27"); goto out; }
		(void)(({ struct stp_key _k5; struct stp_map_node *_n4; int64_t _v3; _k5.s[0] = "y"; _v3 = ((int64_t)1LL); _n4 = stp_map_get(&stp_g_a, &_k5); if (unlikely(!_n4)) { stp_raise(c, "Array overflow, check MAXMAPENTRIES", "identifier 'a' at t.stp:2:27"); goto out; } (*stp_node_long(&stp_g_a, _n4)) = _v3; (*stp_node_long(&stp_g_a, _n4)); }));
		if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'foreach' at t.stp:2:39"); goto out; }
		{
			struct stp_map *_m6 = &stp_g_a;
			unsigned _cnt7, _i8;
			int64_t _seen9 = 0, _lim10 = -1;
			struct stp_key _k12;
			(void)_k12; (void)_lim10; (void)_seen9;
			_lim10 = ((int64_t)1LL);
			_cnt7 = stp_map_sort(_m6, 0, -1, 0);
			for (_i8 = 0; _i8 < _cnt7; _i8++) {
				struct stp_map_node *_n11 = (_m6)->sorted[_i8];
				if (_lim10 >= 0 && _seen9 >= _lim10) break;
				_seen9++;
				stp_strcpy(l->k, stp_node_skey(_m6, _n11, 0));
				if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'foreach' at t.stp:2:39"); goto out; }
				if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'printf' at t.stp:2:67"); goto out; }
				(void)(({ const char *_a14; int64_t _a15; _a14 = l->k; _a15 = ({ struct stp_key _k16; struct stp_map_node *_n17; _k16.s[0] = l->k; _n17 = stp_map_find(&stp_g_a, &_k16); (_n17 ? *stp_node_long(&stp_g_a, _n17) : (int64_t)0); }); stp_print_reserve(c); stp_format_string(&c->print, _a14, 0, -1, -1); stp_buf_write(&c->print, " ", 1); stp_format_long(&c->print, _a15, 0, -1, -1, 'd'); stp_buf_write(&c->print, "\n", 1); (void)0; }));
			}
		}
	}
	out: __attribute__((unused));
	;
}
