/* stp_fentry.h: attaching a kernel.function entry site (templates/probes/kprobe.liquid): an ftrace_ops filtered on
 * the function where the site allows it and the function is ftrace-able, else a kprobe. One copy of this code
 * serves every site of a module, which is only its ops, kprobe and symbol: a compile pays for it once. */
#ifndef STP_FENTRY_H
#define STP_FENTRY_H

struct stp_fentry_site {
	struct ftrace_ops *ops;
	struct kprobe *kp;
	char *symbol;
	int ftrace; /* the site may take the ftrace_ops path (the template's build-tree conditions) */
	int mode;   /* 0 none, 1 ftrace, 2 kprobe */
};

static __maybe_unused noinline int stp_fentry_attach(struct stp_fentry_site *s)
{
	int rc;
	if (s->ftrace) {
		rc = ftrace_set_filter(s->ops, s->symbol, strlen(s->symbol), 1);
		if (rc == 0) {
			rc = register_ftrace_function(s->ops);
			if (rc == 0) {
				s->mode = 1;
				return 0;
			}
		}
		ftrace_free_filter(s->ops);
	}
	/* a kprobe is registered again each time its module comes back: from its symbol, not its old address */
	s->kp->addr = NULL;
	s->kp->flags = 0;
	rc = register_kprobe(s->kp);
	if (rc == 0)
		s->mode = 2;
	return rc;
}

static __maybe_unused noinline void stp_fentry_detach(struct stp_fentry_site *s)
{
	if (s->mode == 1) {
		unregister_ftrace_function(s->ops);
		ftrace_free_filter(s->ops);
	} else if (s->mode == 2) {
		unregister_kprobe(s->kp);
		atomic_add(s->kp->nmissed, &stp_skipped_count);
		s->kp->nmissed = 0;
	}
	s->mode = 0;
}

#endif
