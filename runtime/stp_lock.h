/* Per-global locks, taken at probe entry in a fixed (sorted) order with bounded trylock,
 * as stap does: a probe that cannot get its locks within MAXTRYLOCK tries is skipped. */
#ifndef STP_LOCK_H
#define STP_LOCK_H

#ifdef CONFIG_X86
#include <asm/cpufeature.h>
#endif

/* The budget is time (MAXTRYLOCK * TRYLOCKDELAY us, 1 ms by default) measured on the local
 * clock rather than a count of udelay()s, which are unreliable on emulated CPUs. */
static atomic_t stp_skipped_lock = ATOMIC_INIT(0);

/* The budget exists to break deadlocks. In a guest the host can deschedule the holder's vCPU
 * for longer than 1 ms, and that is not a deadlock: there the default budget is at least this long.
 * A MAXTRYLOCK given with -D is the user's choice and is kept. */
#ifndef STP_GUEST_TRYLOCK_MS
#define STP_GUEST_TRYLOCK_MS 1000
#endif

static u64 stp_lock_budget_ns(void)
{
	u64 ns = (u64)MAXTRYLOCK * TRYLOCKDELAY * NSEC_PER_USEC;
#if defined(CONFIG_X86) && defined(STP_MAXTRYLOCK_DEFAULT)
	if (boot_cpu_has(X86_FEATURE_HYPERVISOR))
		ns = max_t(u64, ns, (u64)STP_GUEST_TRYLOCK_MS * NSEC_PER_MSEC);
#endif
	return ns;
}

static __maybe_unused noinline int stp_lock_slow(rwlock_t *l, int write)
{
	u64 deadline = local_clock() + stp_lock_budget_ns();
	do {
		cpu_relax();
		if (write ? write_trylock(l) : read_trylock(l))
			return 1;
	} while (STP_SUPPRESS_TIME_LIMITS || local_clock() < deadline);
	atomic_inc(&stp_skipped_lock);
	return 0;
}

static inline int stp_lock_read(rwlock_t *l)
{
	return likely(read_trylock(l)) || stp_lock_slow(l, 0);
}

static inline int stp_lock_write(rwlock_t *l)
{
	return likely(write_trylock(l)) || stp_lock_slow(l, 1);
}

#endif
