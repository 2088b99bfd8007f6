/* ---- globals ---- */

static const int stp_script_argc = 0;
static const char *const stp_script_argv[] = { NULL };

/* ---- frames ---- */
struct stp_pl_0 {
	int64_t x;
	char msg[MAXSTRINGLEN];
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
	l->msg[0] = 0;
	{
		if (unlikely(!STP_ACTIONS_BOUNDED(4) && --c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'try' at t.stp:1:15"); goto out; }
		{
			if (unlikely(!STP_ACTIONS_BOUNDED(4) && --c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'x' at t.stp:1:21"); goto out; }
			(void)(({ int64_t _v2 = ({ int64_t _l3, _r4; _l3 = ((int64_t)1LL); _r4 = ((int64_t)0LL); if (unlikely(_r4 == 0)) { stp_raise(c, "division by 0", "operator '/' at t.stp:1:27"); goto catch_0; } (int64_t)(stp_div(c, _l3, _r4, "operator '/' at t.stp:1:27")); }); l->x = _v2; l->x; }));
			if (unlikely(!STP_ACTIONS_BOUNDED(4) && --c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'println' at t.stp:1:32"); goto out; }
			(void)(({ int64_t _a6; _a6 = l->x; stp_print_reserve(c); stp_format_long(&c->print, _a6, 0, -1, -1, 'd'); stp_buf_putc(&c->print, '\n'); (void)0; }));
		}
		goto tryend_1;
		catch_0: __attribute__((unused));
		{
			int _i;
			stp_strcpy(l->msg, c->last_error ? c->last_error : "");
			if (unlikely(c->aborted)) { goto out; } c->last_error = NULL; for (_i = c->nesting; _i <= MAXNESTING; _i++) c->last_stmt[_i] = NULL;
		}
		{
			if (unlikely(!STP_ACTIONS_BOUNDED(4) && --c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'println' at t.stp:1:59"); goto out; }
			(void)(({ const char *_a8; _a8 = l->msg; stp_print_reserve(c); stp_buf_puts(&c->print, _a8); stp_buf_putc(&c->print, '\n'); (void)0; }));
		}
		tryend_1: __attribute__((unused));
		;
	}
	out: __attribute__((unused));
	;
}
