/* Per-global locks, taken at probe entry in a fixed (sorted) order with bounded trylock,
 * as stap does: a probe that cannot get its locks within MAXTRYLOCK tries is skipped. */
#ifndef STP_LOCK_H
#define STP_LOCK_H

static inline int stp_lock_read(rwlock_t *l)
{
	int i;
	for (i = 0; i < MAXTRYLOCK; i++) {
		if (read_trylock(l))
			return 1;
		udelay(TRYLOCKDELAY);
	}
	return 0;
}

static inline int stp_lock_write(rwlock_t *l)
{
	int i;
	for (i = 0; i < MAXTRYLOCK; i++) {
		if (write_trylock(l))
			return 1;
		udelay(TRYLOCKDELAY);
	}
	return 0;
}

#endif
