/* Kernel API differences, decided by the feature tests of pass 4 (stp_autoconf.h). */
#ifndef STP_KCOMPAT_H
#define STP_KCOMPAT_H

#ifdef STAPCONF_TIMER_CONTAINER_OF
#define stp_timer_container_of(var, t, field) timer_container_of(var, t, field)
#else
#define stp_timer_container_of(var, t, field) from_timer(var, t, field)
#endif

#ifdef STAPCONF_TIMER_DELETE_SYNC
#define stp_timer_delete_sync(t) timer_delete_sync(t)
#else
#define stp_timer_delete_sync(t) del_timer_sync(t)
#endif

static inline void stp_hrtimer_setup(struct hrtimer *t, enum hrtimer_restart (*fn)(struct hrtimer *), clockid_t clock, enum hrtimer_mode mode)
{
#ifdef STAPCONF_HRTIMER_SETUP
	hrtimer_setup(t, fn, clock, mode);
#else
	hrtimer_init(t, clock, mode);
	t->function = fn;
#endif
}

#endif
