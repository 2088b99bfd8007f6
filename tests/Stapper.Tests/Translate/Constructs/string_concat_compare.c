/* ---- globals ---- */

static const int stp_script_argc = 0;
static const char *const stp_script_argv[] = { NULL };

/* ---- frames ---- */
struct stp_pl_0 {
	char s[MAXSTRINGLEN];
	char __t5[MAXSTRINGLEN];
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
	l->s[0] = 0;
	{
		if (unlikely(!STP_ACTIONS_BOUNDED(3) && --c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 's' at t.stp:1:15"); goto out; }
		(void)(({ const char *_v0 = "abcd"; (const char *)stp_strcpy(l->s, _v0); }));
		if (unlikely(!STP_ACTIONS_BOUNDED(3) && --c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'if' at t.stp:1:32"); goto out; }
		if (((int64_t)((({ const char *_x1 = l->s; (int64_t)(strcmp(_x1, "b") < 0); })) && (({ const char *_x2 = l->s; (int64_t)(strcmp(_x2, "") != 0); }))))) {
			if (unlikely(!STP_ACTIONS_BOUNDED(3) && --c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'println' at t.stp:1:56"); goto out; }
			(void)(({ const char *_a4; _a4 = ({ const char *_r6; stp_strcpy(l->__t5, l->s); _r6 = "!"; (const char *)stp_strcat(l->__t5, _r6); }); stp_print_reserve(c); stp_buf_puts(&c->print, _a4); stp_buf_putc(&c->print, '\n'); (void)0; }));
		}
	}
	out: __attribute__((unused));
	;
}
