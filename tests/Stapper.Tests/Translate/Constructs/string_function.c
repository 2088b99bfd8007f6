/* ---- globals ---- */

static const int stp_script_argc = 0;
static const char *const stp_script_argv[] = { NULL };

/* ---- frames ---- */
struct stp_fl_greet_1 {
	char who[MAXSTRINGLEN];
	char __retvalue[MAXSTRINGLEN];
	char __t0[MAXSTRINGLEN];
};
struct stp_pl_0 {
	char __t4[MAXSTRINGLEN];
};
union stp_locals {
	char __dummy;
	struct stp_fl_greet_1 f_greet_1;
	struct stp_pl_0 p_0;
};


#include "stp_context.h"
#include "stp_tapset_support.h"
#include "stp_target.h"
static void stp_module_globals_track(const char *module, int coming) { }

/* ---- functions ---- */
static void __maybe_unused stp_f_greet_1(struct stp_context *c);

/* function greet (t.stp:1:1) */
static void stp_f_greet_1(struct stp_context *c)
{
	struct stp_fl_greet_1 *l = &c->locals[c->nesting].f_greet_1;
	(void)l;
	l->__retvalue[0] = 0;
	{
		if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'return' at t.stp:1:37"); goto out; }
		stp_strcpy(l->__retvalue, ({ const char *_r1; stp_strcpy(l->__t0, "hello "); _r1 = l->who; (const char *)stp_strcat(l->__t0, _r1); }));
		goto out;
	}
	out: __attribute__((unused));
	;
}


/* ---- probes ---- */
/* probe begin (t.stp:2:1) */
static void stp_p_0(struct stp_context *c)
{
	struct stp_pl_0 *l = &c->locals[0].p_0;
	(void)l;
	{
		if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "identifier 'println' at t.stp:2:15"); goto out; }
		(void)(({ const char *_a1; _a1 = ({ const char *_a3; struct stp_fl_greet_1 *_f2; _a3 = "world"; if (unlikely(c->nesting >= MAXNESTING)) { stp_raise(c, "MAXNESTING exceeded", "identifier 'greet' at t.stp:1:10"); goto out; } _f2 = &c->locals[c->nesting + 1].f_greet_1; stp_strcpy(_f2->who, _a3); c->last_stmt[c->nesting] = "identifier 'greet' at t.stp:2:23"; c->last_stmt[c->nesting + 1] = NULL; c->nesting++; stp_f_greet_1(c); c->nesting--; if (unlikely(c->last_error)) goto out; (const char *)stp_strcpy(l->__t4, _f2->__retvalue); }); stp_print_reserve(c); stp_buf_puts(&c->print, _a1); stp_buf_putc(&c->print, '\n'); (void)0; }));
	}
	out: __attribute__((unused));
	;
}
