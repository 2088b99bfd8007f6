/* ---- globals ---- */

static const int stp_script_argc = 0;
static const char *const stp_script_argv[] = { NULL };

/* ---- frames ---- */
struct stp_pl_0 {
	int64_t s;
	int64_t i;
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
/* probe begin (t.stp:1:1) */
static void stp_p_0(struct stp_context *c)
{
	struct stp_pl_0 *l = &c->locals[0].p_0;
	(void)l;
	l->s = 0;
	l->i = 0;
	{
		if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 's' at t.stp:1:15"); goto out; }
		(void)(({ int64_t _v0 = ((int64_t)0LL); l->s = _v0; l->s; }));
		if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'for' at t.stp:1:22"); goto out; }
		for ((void)(({ int64_t _v1 = ((int64_t)0LL); l->i = _v1; l->i; })); ((int64_t)((l->i) < (((int64_t)4LL)))); (void)((l->i++))) {
			if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 's' at t.stp:1:46"); goto out; }
			if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 's' at t.stp:1:46"); goto out; }
			(void)(({ int64_t _v2 = l->i; l->s = (int64_t)((uint64_t)l->s + (uint64_t)_v2); l->s; }));
		}
		if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'println' at t.stp:1:54"); goto out; }
		(void)(({ int64_t _a4; _a4 = l->s; stp_print_reserve(c); stp_format_long(&c->print, _a4, 0, -1, -1, 'd'); stp_buf_putc(&c->print, '\n'); (void)0; }));
	}
	out: __attribute__((unused));
	;
}
