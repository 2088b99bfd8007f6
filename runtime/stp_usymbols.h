/* User-space addresses as symbols, for usymname(), usymdata(), umodname() and the user backtraces: the current
 * task's VMAs say which file an address is in (compared by path with the tables pass 3 embedded, stp_usymtab.h)
 * and where the file is loaded; a binary search of the file's symbols names it. The mm's lock is only tried,
 * never waited for, so this is safe in any probe context; a busy lock reads as "not in a known file". The vDSO,
 * mapped from no file, is found by its address in the mm and named "vdso", as stap names it. Layouts
 * are stap's (_STP_SYM_* in its runtime/sym.h). */
#ifndef STP_USYMBOLS_H
#define STP_USYMBOLS_H

#include <linux/mm.h>
#include <linux/dcache.h>
#include <linux/sched/task_stack.h>
#include <linux/elf.h>
#include <linux/uaccess.h>
#include "stp_usymtab.h"

/* Where a user address is: the file mapped there (path, its embedded tables if any) and its span in the task. */
struct stp_uloc {
	const struct stp_ufile *file;	/* NULL: not embedded */
	const char *path;		/* NULL: no file is mapped at the address */
	unsigned long start, end;	/* the file's contiguous mappings */
	unsigned long mapping;		/* the start of the one mapping that holds the address (umodaddr); 0: none */
	unsigned long link;		/* the address at link time, in an embedded file */
	char buf[256];
};

/* The file's link-time address for ADDR in VMA, through the PT_LOAD segment holding its file offset. */
static __maybe_unused unsigned long stp_ulink(const struct stp_ufile *f, struct vm_area_struct *vma, unsigned long addr)
{
	unsigned long off = addr - vma->vm_start + (vma->vm_pgoff << PAGE_SHIFT);
	unsigned i;
	for (i = 0; i < f->nsegs; i++)
		if (off >= f->segs[i].offset && off - f->segs[i].offset < f->segs[i].filesz)
			return off - f->segs[i].offset + f->segs[i].vaddr;
	return f->nsegs ? off - f->segs[0].offset + f->segs[0].vaddr : off;
}

static __maybe_unused int stp_same_file(struct vm_area_struct *a, struct vm_area_struct *b)
{
	return a && b && a != b && a->vm_file && b->vm_file && file_inode(a->vm_file) == file_inode(b->vm_file);
}

/* The embedded table of PATH, or NULL. */
static __maybe_unused const struct stp_ufile *stp_ufile_find(const char *path)
{
#ifdef STP_NUFILES
	int i;
	for (i = 0; i < STP_NUFILES; i++)
		if (!strcmp(stp_ufiles[i].path, path))
			return &stp_ufiles[i];
#endif
	return NULL;
}

/* ADDR in the process's vDSO text (mm->context.vdso), when the module embeds the kernel's 64-bit vDSO image as
 * "vdso", the name stap gives the vDSO's mapping. A 32-bit process's vDSO is another image: its ELF class says so. */
static __maybe_unused int stp_ulocate_vdso(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr, struct stp_uloc *loc)
{
#ifdef CONFIG_X86_64
	const struct stp_ufile *f = stp_ufile_find("vdso");
	unsigned char ident[EI_NIDENT];
	if (!f || vma->vm_start != (unsigned long)mm->context.vdso
	    || copy_from_user_nofault(ident, (const void __user *)vma->vm_start, sizeof(ident))
	    || memcmp(ident, ELFMAG, SELFMAG) || ident[EI_CLASS] != ELFCLASS64)
		return 0;
	loc->file = f;
	loc->path = f->path;
	loc->mapping = loc->start = vma->vm_start;
	loc->end = vma->vm_end;
	loc->link = stp_ulink(f, vma, addr);
	return 1;
#else
	return 0;
#endif
}

/* Fills LOC for ADDR in MM, whose lock the caller holds (for reading). Returns 1 when a file is mapped there. */
static __maybe_unused int stp_ulocate_locked(struct mm_struct *mm, unsigned long addr, struct stp_uloc *loc)
{
	struct vm_area_struct *vma = find_vma(mm, addr), *v, *w;
	int i;
	loc->file = NULL;
	loc->path = NULL;
	loc->mapping = 0;
	if (!vma || vma->vm_start > addr)
		return 0;
	if (!vma->vm_file)
		return stp_ulocate_vdso(mm, vma, addr, loc);
	loc->mapping = vma->vm_start;
	/* the file's whole span: contiguous mappings of the same inode around this one, as the loader made them */
	for (v = vma, i = 0; i < 16 && v->vm_start; i++) {
		w = find_vma(mm, v->vm_start - 1);
		if (!stp_same_file(w, v) || w->vm_end != v->vm_start)
			break;
		v = w;
	}
	loc->start = v->vm_start;
	for (v = vma, i = 0; i < 16; i++) {
		w = find_vma(mm, v->vm_end);
		if (!stp_same_file(w, v) || w->vm_start != v->vm_end)
			break;
		v = w;
	}
	loc->end = v->vm_end;
	loc->path = d_path(&vma->vm_file->f_path, loc->buf, sizeof(loc->buf));
	if (IS_ERR(loc->path)) {
		loc->path = NULL;
		return 0;
	}
	loc->file = stp_ufile_find(loc->path);
	if (loc->file)
		loc->link = stp_ulink(loc->file, vma, addr);
	return 1;
}

/* The current task's mm, or NULL for a kernel thread. */
static __maybe_unused struct mm_struct *stp_umm(void)
{
	return (current->flags & PF_KTHREAD) ? NULL : current->mm;
}

static __maybe_unused int stp_ulocate(unsigned long addr, struct stp_uloc *loc)
{
	struct mm_struct *mm = stp_umm();
	int found;
	loc->file = NULL;
	loc->path = NULL;
	loc->mapping = 0;
	if (!mm || !mmap_read_trylock(mm))
		return 0;
	found = stp_ulocate_locked(mm, addr, loc);
	mmap_read_unlock(mm);
	return found;
}

/* The symbol at or before LOC's link-time address (stap: no end check), its offset and the gap to the next one. */
static __maybe_unused const char *stp_usym_lookup(const struct stp_uloc *loc, unsigned long *offset, unsigned long *size)
{
	const struct stp_ufile *f = loc->file;
	unsigned lo = 0, hi;
	if (!f || !f->nsyms)
		return NULL;
	hi = f->nsyms;
	while (lo + 1 < hi) {
		unsigned mid = (lo + hi) / 2;
		if (loc->link < f->syms[mid].addr)
			hi = mid;
		else
			lo = mid;
	}
	if (loc->link < f->syms[lo].addr)
		return NULL;
	*offset = loc->link - f->syms[lo].addr;
	*size = lo + 1 < f->nsyms ? f->syms[lo + 1].addr - f->syms[lo].addr : 0;
	return f->syms[lo].name;
}

/* The source line of LOC's link-time address (0: none) and its file (*src, NULL when unknown), from the embedded
 * line table: the last row at or below the address, as stap's walk of .debug_line finds it. */
static __maybe_unused unsigned stp_uline_lookup(const struct stp_uloc *loc, const char **src)
{
	const struct stp_ufile *f = loc->file;
	unsigned lo = 0, hi;
	*src = NULL;
	if (!f || !f->nlines)
		return 0;
	hi = f->nlines;
	while (lo + 1 < hi) {
		unsigned mid = (lo + hi) / 2;
		if (loc->link < f->lines[mid].addr)
			hi = mid;
		else
			lo = mid;
	}
	if (loc->link < f->lines[lo].addr || !f->lines[lo].line)
		return 0;
	*src = f->srcs[f->lines[lo].file];
	return f->lines[lo].line;
}

/* The span the loader reserved for LOC's file (what stap reports as a module's size): its PT_LOAD segments' extent,
 * bss included, from the ELF and program headers mapped at its start; the mappings' extent when unreadable. */
static __maybe_unused unsigned long stp_uspan(const struct stp_uloc *loc)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	unsigned long low = ~0UL, high = 0;
	int i;
	if (copy_from_user_nofault(&eh, (const void __user *)loc->start, sizeof(eh)) || memcmp(eh.e_ident, ELFMAG, SELFMAG)
	    || eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phentsize != sizeof(ph))
		return loc->end - loc->start;
	for (i = 0; i < eh.e_phnum && i < 32; i++) {
		if (copy_from_user_nofault(&ph, (const void __user *)(loc->start + eh.e_phoff + i * sizeof(ph)), sizeof(ph)))
			return loc->end - loc->start;
		if (ph.p_type != PT_LOAD)
			continue;
		low = min(low, (unsigned long)(ph.p_vaddr & PAGE_MASK));
		high = max(high, (unsigned long)PAGE_ALIGN(ph.p_vaddr + ph.p_memsz));
	}
	return high > low ? high - low : loc->end - loc->start;
}

/* The layouts of stap's _stp_snprint_addr for user addresses. */
enum stp_usym_format {
	STP_USYM_NAME,		/* usymname: "name" */
	STP_USYM_DATA,		/* usymdata: "name+0xOFF/0xSIZE [path]" */
	STP_USYM_FULL,		/* print_ubacktrace: " 0xADDR : name+0xOFF/0xSIZE [path]\n" */
	STP_USYM_SIMPLE,	/* sprint_ubacktrace: "name+0xOFF [path]\n" */
	STP_USYM_BRIEF,		/* print_ubacktrace_brief: "name+0xOFF\n" */
	STP_USYM_FULLER,	/* print_ubacktrace_fileline: STP_USYM_FULL with " at FILE:LINE" before the path */
	STP_USYM_FILELINE,	/* usymfileline: "FILE:LINE" */
	STP_USYM_FILE,		/* usymfile: "FILE" */
	STP_USYM_LINE,		/* usymline: "LINE" */
};

/* Formats ADDR (LOC already located) into OUT; returns the length it has (or would have). */
static __maybe_unused int stp_usym_format_at(char *out, size_t len, unsigned long addr, const struct stp_uloc *loc, enum stp_usym_format how)
{
	unsigned long off = 0, size = 0;
	const char *name = addr ? stp_usym_lookup(loc, &off, &size) : NULL;
	const char *mod = loc->path, *slash;
	const char *pre = how == STP_USYM_FULL || how == STP_USYM_FULLER ? " " : "";
	const char *post = how >= STP_USYM_FULL && how <= STP_USYM_FULLER ? "\n" : "";
	const char *src = NULL;
	unsigned line = how >= STP_USYM_FULLER && addr ? stp_uline_lookup(loc, &src) : 0;
	if (!name && mod) {
		off = addr - loc->start;
		size = stp_uspan(loc);
	}
	/* stap's simple layout names the file by its base name */
	if (how == STP_USYM_SIMPLE && mod && (slash = strrchr(mod, '/')))
		mod = slash + 1;
	switch (how) {
	case STP_USYM_NAME:
		if (name)
			return scnprintf(out, len, "%s", name);
		break;
	case STP_USYM_BRIEF:
		if (name)
			return scnprintf(out, len, "%s+0x%lx%s", name, off, post);
		break;
	case STP_USYM_SIMPLE:
		if (name)
			return scnprintf(out, len, "%s+0x%lx [%s]%s", name, off, mod, post);
		if (mod)
			return scnprintf(out, len, "0x%lx [%s+0x%lx]%s", addr, mod, off, post);
		break;
	case STP_USYM_DATA:
		if (name)
			return scnprintf(out, len, "%s+0x%lx/0x%lx [%s]", name, off, size, mod);
		if (mod)
			return scnprintf(out, len, "0x%lx [%s+0x%lx/0x%lx]", addr, mod, off, size);
		break;
	case STP_USYM_FILELINE:
		if (src)
			return scnprintf(out, len, "%s:%u", src, line);
		break;
	case STP_USYM_FILE:
		if (src)
			return scnprintf(out, len, "%s", src);
		break;
	case STP_USYM_LINE:
		if (line)
			return scnprintf(out, len, "%u", line);
		break;
	case STP_USYM_FULLER:
		if (name && src)
			return scnprintf(out, len, " 0x%lx : %s+0x%lx/0x%lx at %s:%u [%s]\n", addr, name, off, size, src, line, mod);
		if (mod && src)
			return scnprintf(out, len, " 0x%lx [%s+0x%lx/0x%lx] at %s:%u\n", addr, mod, off, size, src, line);
		fallthrough;
	case STP_USYM_FULL:
		if (name)
			return scnprintf(out, len, "%s0x%lx : %s+0x%lx/0x%lx [%s]%s", pre, addr, name, off, size, mod, post);
		if (mod)
			return scnprintf(out, len, "%s0x%lx [%s+0x%lx/0x%lx]%s", pre, addr, mod, off, size, post);
		break;
	}
	return scnprintf(out, len, "%s0x%lx%s", pre, addr, post);
}

static __maybe_unused int stp_usym_format(char *out, size_t len, unsigned long addr, enum stp_usym_format how)
{
	struct stp_uloc loc;
	if (addr)
		stp_ulocate(addr, &loc);
	else
		loc.file = NULL, loc.path = NULL;
	return stp_usym_format_at(out, len, addr, &loc, how);
}

/* umodname(): the path of the file mapped at ADDR, or NULL. */
static __maybe_unused const char *stp_umodname(char *out, size_t len, unsigned long addr)
{
	struct stp_uloc loc;
	if (!stp_ulocate(addr, &loc))
		return NULL;
	strscpy(out, loc.path, len);
	return out;
}

/* The user registers of the current task: the probe's own when it fired in user space, else those saved at its
 * entry to the kernel; NULL in a kernel thread. */
static __maybe_unused struct pt_regs *stp_uregs(struct pt_regs *regs)
{
	if (regs && user_mode(regs))
		return regs;
	return stp_umm() ? task_pt_regs(current) : NULL;
}

#endif
