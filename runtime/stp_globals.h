/* @var's global variables. A kernel global is found from jiffies, which the module reaches by relocation: its
 * distance from jiffies is fixed at link time, so the sum holds wherever KASLR put the kernel. A user global of a
 * PIE or shared library moves with the file's mapping in the current process: its first mapping (file offset 0)
 * gives the load bias; the mm's lock is only tried, so a busy lock reads as "not mapped" (address 0, a read fault). */
#ifndef STP_GLOBALS_H
#define STP_GLOBALS_H

#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/dcache.h>

static __always_inline unsigned long stp_kernel_global(long from_jiffies)
{
	return (unsigned long)&jiffies + from_jiffies;
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
