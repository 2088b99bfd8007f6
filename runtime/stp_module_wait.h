/* Probes in a module that is not loaded when the session starts (module("M").function, kprobe.module("M")) wait for
 * it, as stap's do: a module notifier attaches them when M comes and detaches them when it goes, so a module loaded,
 * unloaded and loaded again during the run is probed each time. Sites of loaded modules attach at once. */
#ifndef STP_MODULE_WAIT_H
#define STP_MODULE_WAIT_H

struct stp_module_site {
	const char *module;
	int (*attach)(void);  /* -ENOENT: the module (so its symbol) is not there */
	void (*detach)(void);
	int attached;
	struct list_head link;
};

static LIST_HEAD(stp_module_sites);
static DEFINE_MUTEX(stp_module_sites_mutex);
static int stp_module_notifier_on;  /* under stp_module_sites_mutex */

/* The module's globals the script reads (runtime/stp_globals.h; the generated module defines it). */
static void stp_module_globals_track(const char *module, int coming);

static int stp_module_notify(struct notifier_block *nb, unsigned long state, void *data)
{
	struct module *mod = data;
	struct stp_module_site *s;
	if (state != MODULE_STATE_COMING && state != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	mutex_lock(&stp_module_sites_mutex);
	/* before its probes attach, so they find the module's globals */
	if (state == MODULE_STATE_COMING)
		stp_module_globals_track(mod->name, 1);
	list_for_each_entry(s, &stp_module_sites, link) {
		if (strcmp(s->module, mod->name))
			continue;
		if (state == MODULE_STATE_COMING && !s->attached) {
			int rc = s->attach();
			s->attached = rc == 0;
			if (rc)
				stp_warn("probe in module %s could not be attached as it loaded (rc %d)", mod->name, rc);
		} else if (state == MODULE_STATE_GOING && s->attached) {
			s->detach();
			s->attached = 0;
		}
	}
	if (state == MODULE_STATE_GOING)
		stp_module_globals_track(mod->name, 0);
	mutex_unlock(&stp_module_sites_mutex);
	return NOTIFY_DONE;
}

static struct notifier_block stp_module_nb = { .notifier_call = stp_module_notify };

/* At registration: attach now, or wait when the module is not loaded; any other failure is the site's error. */
static __maybe_unused int stp_module_site_add(struct stp_module_site *s)
{
	int rc = 0;
	mutex_lock(&stp_module_sites_mutex);
	if (!stp_module_notifier_on) {
		/* from here no load is missed: the notifier waits for this mutex */
		rc = register_module_notifier(&stp_module_nb);
		stp_module_notifier_on = rc == 0;
	}
	if (rc == 0) {
		rc = s->attach();
		s->attached = rc == 0;
		if (rc == -ENOENT)
			rc = 0;
		if (rc == 0)
			list_add_tail(&s->link, &stp_module_sites);
	}
	mutex_unlock(&stp_module_sites_mutex);
	return rc;
}

static __maybe_unused void stp_module_site_remove(struct stp_module_site *s)
{
	int last;
	mutex_lock(&stp_module_sites_mutex);
	if (s->link.next && !list_empty(&s->link)) {
		if (s->attached)
			s->detach();
		s->attached = 0;
		list_del_init(&s->link);
	}
	last = list_empty(&stp_module_sites) && stp_module_notifier_on;
	if (last)
		stp_module_notifier_on = 0;
	mutex_unlock(&stp_module_sites_mutex);
	/* outside the mutex: unregistering waits for a running callback, which may wait for the mutex */
	if (last)
		unregister_module_notifier(&stp_module_nb);
}

#endif
