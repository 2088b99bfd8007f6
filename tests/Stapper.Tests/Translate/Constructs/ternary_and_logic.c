/* ---- globals ---- */

static const int stp_script_argc = 0;
static const char *const stp_script_argv[] = { NULL };

/* ---- frames ---- */
struct stp_pl_0 {
	int64_t x;
	int64_t y;
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
	l->x = 0;
	l->y = 0;
	{
		if (unlikely(!STP_ACTIONS_BOUNDED(3) && --c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'x' at t.stp:1:15"); goto out; }
		(void)(({ int64_t _v0 = ((int64_t)3LL); l->x = _v0; l->x; }));
		if (unlikely(!STP_ACTIONS_BOUNDED(3) && --c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'y' at t.stp:1:22"); goto out; }
		(void)(({ int64_t _v1 = ((((int64_t)((((int64_t)((l->x) > (((int64_t)2LL))))) && (((int64_t)((l->x) != (((int64_t)5LL)))))))) ? (l->x) : (((int64_t)(-(uint64_t)(l->x))))); l->y = _v1; l->y; }));
		if (unlikely(!STP_ACTIONS_BOUNDED(3) && --c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'println' at t.stp:1:52"); goto out; }
		(void)(({ int64_t _a3; _a3 = ((int64_t)((l->y) || (((int64_t)!(l->x))))); stp_print_reserve(c); stp_format_long(&c->print, _a3, 0, -1, -1, 'd'); stp_buf_putc(&c->print, '\n'); (void)0; }));
	}
	out: __attribute__((unused));
	;
}
