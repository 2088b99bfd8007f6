/* ---- globals ---- */
/* global a (t.stp:1:8) */
static __maybe_unused DEFINE_RWLOCK(stp_gl_a);
static const u8 stp_gk_a[] = { STP_KEY_LONG, STP_KEY_STRING };
static struct stp_map stp_g_a;

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
		if (unlikely(!STP_ACTIONS_BOUNDED(4) && --c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'a' at t.stp:2:15"); goto out; }
		(void)(({ struct stp_key _k2; struct stp_map_node *_n1; int64_t _v0; _k2.n[0] = ((int64_t)1LL); _k2.s[1] = "k"; _v0 = ((int64_t)5LL); _n1 = stp_map_get(&stp_g_a, &_k2); if (unlikely(!_n1)) { stp_raise(c, "Array overflow, check MAXMAPENTRIES", "identifier 'a' at t.stp:2:15"); goto out; } (*stp_node_long(&stp_g_a, _n1)) = _v0; (*stp_node_long(&stp_g_a, _n1)); }));
		if (unlikely(!STP_ACTIONS_BOUNDED(4) && --c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'delete' at t.stp:2:30"); goto out; }
		{
			struct stp_key _k3;
			struct stp_map_node *_n4;
			_k3.n[0] = ((int64_t)1LL);
			_k3.s[1] = "k";
			_n4 = stp_map_find(&stp_g_a, &_k3);
			if (_n4) stp_map_delete_node(&stp_g_a, _n4);
		}
		if (unlikely(!STP_ACTIONS_BOUNDED(4) && --c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'delete' at t.stp:2:48"); goto out; }
		stp_map_clear(&stp_g_a);
		if (unlikely(!STP_ACTIONS_BOUNDED(4) && --c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'println' at t.stp:2:58"); goto out; }
		(void)(({ int64_t _a6; _a6 = ((({ struct stp_key _k7; _k7.n[0] = ((int64_t)1LL); _k7.s[1] = "k"; (int64_t)(stp_map_find(&stp_g_a, &_k7) != NULL); })) ? (((int64_t)1LL)) : (((int64_t)0LL))); stp_print_reserve(c); stp_format_long(&c->print, _a6, 0, -1, -1, 'd'); stp_buf_putc(&c->print, '\n'); (void)0; }));
	}
	out: __attribute__((unused));
	;
}
