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

/* Kernels from 6.8 no longer declare strlcpy, which tapsets' and scripts' embedded C still call (as later
 * SystemTap's runtime does, it is supplied through strscpy). Returns strlen(src), as strlcpy does. */
#ifndef STAPCONF_STRLCPY
static __maybe_unused size_t stp_strlcpy(char *dst, const char *src, size_t size)
{
	if (size)
		strscpy(dst, src, size);
	return strlen(src);
}
#define strlcpy(dst, src, size) stp_strlcpy((dst), (src), (size))
#endif

/* The bytes of a loaded module's code and of the rest of it (data, read-only data), for module_size(): newer
 * kernels keep one region per kind (mem[]), older ones one layout with the code first. */
static __maybe_unused void stp_module_sizes(const struct module *mod, unsigned long *text, unsigned long *data)
{
#ifdef STAPCONF_MODULE_MEMORY
	*text = mod->mem[MOD_TEXT].size;
	*data = mod->mem[MOD_DATA].size + mod->mem[MOD_RODATA].size + mod->mem[MOD_RO_AFTER_INIT].size;
#else
	*text = mod->core_layout.text_size;
	*data = mod->core_layout.size - mod->core_layout.text_size;
#endif
}

/* copy_to_kernel_nofault is not exported to modules; its building block is: write V (1, 2, 4 or 8 bytes) at
 * DST without faulting. Non-zero when DST cannot be written (guru-mode writes, set_kernel_*). */
static __maybe_unused int stp_kernel_write_nofault(void *dst, u64 v, int size)
{
	u8 b = (u8)v;
	u16 h = (u16)v;
	u32 w = (u32)v;
	if ((unsigned long)dst < TASK_SIZE_MAX)
		return -EFAULT;
	pagefault_disable();
	switch (size) {
	case 1: __put_kernel_nofault(dst, &b, u8, fault); break;
	case 2: __put_kernel_nofault(dst, &h, u16, fault); break;
	case 4: __put_kernel_nofault(dst, &w, u32, fault); break;
	default: __put_kernel_nofault(dst, &v, u64, fault); break;
	}
	pagefault_enable();
	return 0;
fault:
	pagefault_enable();
	return -EFAULT;
}

#endif
