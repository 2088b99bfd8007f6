/* ---- globals ---- */

static const int stp_script_argc = 0;
static const char *const stp_script_argv[] = { NULL };

/* ---- frames ---- */
struct stp_fl_f_1 {
	int64_t n;
	int64_t __retvalue;
};
struct stp_pl_0 {
};
union stp_locals {
	char __dummy;
	struct stp_fl_f_1 f_f_1;
	struct stp_pl_0 p_0;
};


#include "stp_context.h"
#include "stp_tapset_support.h"
#include "stp_target.h"
static void stp_module_globals_track(const char *module, int coming) { }

/* ---- functions ---- */
static void __maybe_unused stp_f_f_1(struct stp_context *c);

/* function f (t.stp:1:1) */
static void stp_f_f_1(struct stp_context *c)
{
	struct stp_fl_f_1 *l = &c->locals[c->nesting].f_f_1;
	(void)l;
	l->__retvalue = 0;
	{
		if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'if' at t.stp:1:17"); goto out; }
		if (((int64_t)((l->n) > (((int64_t)2LL))))) {
			if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'return' at t.stp:1:28"); goto out; }
			l->__retvalue = ({ int64_t _l0, _r1; _l0 = l->n; _r1 = ((int64_t)2LL); (int64_t)((int64_t)((uint64_t)_l0 * (uint64_t)_r1)); });
			goto out;
		}
		if (unlikely(--c->actionremaining < 0)) { stp_raise(c, "MAXACTION exceeded", "keyword 'return' at t.stp:1:42"); goto out; }
		l->__retvalue = ((int64_t)0LL);
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
		(void)(({ int64_t _a1; _a1 = ({ int64_t _a3; struct stp_fl_f_1 *_f2; _a3 = ((int64_t)3LL); if (unlikely(c->nesting >= MAXNESTING)) { stp_raise(c, "MAXNESTING exceeded", "identifier 'f' at t.stp:1:10"); goto out; } _f2 = &c->locals[c->nesting + 1].f_f_1; _f2->n = _a3; c->last_stmt[c->nesting] = "identifier 'f' at t.stp:2:23"; c->last_stmt[c->nesting + 1] = NULL; c->nesting++; stp_f_f_1(c); c->nesting--; if (unlikely(c->last_error)) goto out; _f2->__retvalue; }); stp_print_reserve(c); stp_format_long(&c->print, _a1, 0, -1, -1, 'd'); stp_buf_putc(&c->print, '\n'); (void)0; }));
	}
	out: __attribute__((unused));
	;
}
