/* @var's global variables. A kernel global is found from jiffies, which the module reaches by relocation: its
 * distance from jiffies is fixed at link time, so the sum holds wherever KASLR put the kernel. A user global of a
 * PIE or shared library moves with the file's mapping in the current process: its first mapping (file offset 0)
 * gives the load bias; the mm's lock is only tried, so a busy lock reads as "not mapped" (address 0, a read fault). */
#ifndef STP_GLOBALS_H
#define STP_GLOBALS_H

#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/dcache.h>
#include <linux/kprobes.h>

static __always_inline unsigned long stp_kernel_global(long from_jiffies)
{
	return (unsigned long)&jiffies + from_jiffies;
}

/* The address of kernel symbol NAME ("module:name" for a module's), 0 when the kernel has none. kallsyms_lookup_name
 * is not exported, and calling it through a pointer trips indirect-branch tracking, but register_kprobe looks a
 * symbol name up itself and keeps the address in the kprobe before it refuses an address outside kernel text, as a
 * data symbol's is. It sleeps: callers are in process context. */
static __maybe_unused unsigned long stp_kernel_symbol_address(const char *name)
{
	struct kprobe kp = { .symbol_name = name };
	unsigned long addr;
	if (register_kprobe(&kp) == 0) {
		/* a text symbol: the probe was placed (past any endbr), so this is the address it took */
		addr = (unsigned long)kp.addr;
		unregister_kprobe(&kp);
		return addr;
	}
	return (unsigned long)kp.addr;
}

/* A global of a kernel module (@var, or $name in the module's functions): the module's data moves with each load,
 * so its address is looked up by name when the session starts and when the module comes, and forgotten when it goes
 * (a read of 0 is stap's read fault). */
struct stp_module_global {
	const char *module;
	const char *symbol;	/* "module:name", as kallsyms looks a module's symbol up */
	unsigned long address;
};

/* MODULE null: every global (session start); else that module's, as it comes (COMING) or goes. */
static __maybe_unused void stp_module_globals_update(struct stp_module_global *const *globals, const char *module, int coming)
{
	for (; *globals; globals++) {
		struct stp_module_global *g = *globals;
		if (module && strcmp(module, g->module))
			continue;
		WRITE_ONCE(g->address, coming ? stp_kernel_symbol_address(g->symbol) : 0);
	}
}

/* The link-time address ADDR of the file PATH as the current process sees it; 0 when the file is not mapped. */
static __maybe_unused unsigned long stp_user_global(const char *path, unsigned long addr, int relocatable)
{
	struct mm_struct *mm = (current->flags & PF_KTHREAD) ? NULL : current->mm;
	struct vm_area_struct *vma;
	unsigned long found = 0;
	char buf[256];
	if (!relocatable)
		return addr;
	if (!mm || !mmap_read_trylock(mm))
		return 0;
	for (vma = find_vma(mm, 0); vma; vma = find_vma(mm, vma->vm_end)) {
		const char *p;
		if (!vma->vm_file || vma->vm_pgoff != 0)
			continue;
		p = d_path(&vma->vm_file->f_path, buf, sizeof(buf));
		if (!IS_ERR(p) && !strcmp(p, path)) {
			found = vma->vm_start + addr;
			break;
		}
	}
	mmap_read_unlock(mm);
	return found;
}

#endif
