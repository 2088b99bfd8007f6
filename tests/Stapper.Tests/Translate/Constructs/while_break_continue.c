/* ---- globals ---- */

static const int stp_script_argc = 0;
static const char *const stp_script_argv[] = { NULL };

/* ---- frames ---- */
struct stp_pl_0 {
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
	l->i = 0;
	{
		if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'i' at t.stp:1:15"); goto out; }
		(void)(({ int64_t _v0 = ((int64_t)0LL); l->i = _v0; l->i; }));
		if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'while' at t.stp:1:22"); goto out; }
		while (((int64_t)((l->i) < (((int64_t)10LL))))) {
			if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "operator '{' at t.stp:1:37"); goto out; }
			{
				if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'i' at t.stp:1:39"); goto out; }
				(void)((l->i++));
				if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'if' at t.stp:1:44"); goto out; }
				if (({ int64_t _l1, _r2; _l1 = l->i; _r2 = ((int64_t)2LL); if (unlikely(_r2 == 0)) { stp_raise(c, "division by 0", "operator '%' at t.stp:1:50"); goto out; } (int64_t)(stp_mod(c, _l1, _r2, "operator '%' at t.stp:1:50")); })) {
					if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'continue' at t.stp:1:55"); goto out; }
					continue;
				}
				if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'if' at t.stp:1:65"); goto out; }
				if (((int64_t)((l->i) > (((int64_t)6LL))))) {
					if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'break' at t.stp:1:76"); goto out; }
					break;
				}
				if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'println' at t.stp:1:83"); goto out; }
				(void)(({ int64_t _a4; _a4 = l->i; stp_print_reserve(c); stp_format_long(&c->print, _a4, 0, -1, -1, 'd'); stp_buf_putc(&c->print, '\n'); (void)0; }));
			}
		}
	}
	out: __attribute__((unused));
	;
}
