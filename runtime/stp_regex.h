/* Regular-expression matching for =~ / !~ and the regex tapset (matched, ngroups).
 * The translator compiles each regex literal into static tables (src/Stapper/Translate/Regex):
 *
 *   struct stp_regex_dfa   match/no-match only, when the script never asks for submatches:
 *                          one table lookup per byte, no state at all.
 *   struct stp_regex_prog  a Pike-VM program, when it does: threads run in stap's priority
 *                          order; as in stap the first match found while scanning (earliest end)
 *                          is kept unless a longer one from the same start follows.
 *
 * Nothing allocates or sleeps; work is bounded by MAXSTRINGLEN bytes times the program size.
 * The VM's thread lists live in the per-CPU probe context (struct stp_regex_vm), sized by the
 * STP_REGEX_MAX_INSNS / STP_REGEX_MAX_CAPS the translator defines before including this header.
 * $ consumes the end of the string (stap's engine reads the NUL), so nothing can follow it, not even ^. */
#ifndef STP_REGEX_H
#define STP_REGEX_H

#ifndef MAXSTRINGLEN
#define MAXSTRINGLEN 512
#endif

enum { STP_RE_BYTES, STP_RE_SPLIT, STP_RE_JUMP, STP_RE_SAVE, STP_RE_START, STP_RE_END, STP_RE_MATCH };

#define STP_RE_MATCHED 1	/* the state has matched already */
#define STP_RE_MATCHED_AT_END 2	/* it matches if the string ends here */
#define STP_RE_DEAD 4		/* no match can follow */

struct stp_regex_dfa {
	const unsigned char *classes;	/* byte -> class, 256 entries */
	const unsigned short *next;	/* state * nclasses + class -> state */
	const unsigned char *accept;	/* per state: STP_RE_* flags */
	unsigned nclasses;
};

static inline int stp_regex_dfa_match(const struct stp_regex_dfa *d, const char *s)
{
	unsigned state = 0;
	int i;

	for (i = 0; i < MAXSTRINGLEN && s[i]; i++) {
		if (d->accept[state] & (STP_RE_MATCHED | STP_RE_DEAD))
			break;
		state = d->next[state * d->nclasses + d->classes[(unsigned char)s[i]]];
	}
	return (d->accept[state] & (STP_RE_MATCHED | STP_RE_MATCHED_AT_END)) != 0;
}

struct stp_regex_insn {
	unsigned char op;	/* STP_RE_* */
	unsigned short arg;	/* byte set (BYTES) or capture slot (SAVE) */
	unsigned short x, y;	/* targets: SPLIT tries x before y; JUMP goes to x */
};

struct stp_regex_prog {
	const struct stp_regex_insn *insns;
	const unsigned char (*sets)[32];	/* bitmaps of 256 bits */
	unsigned ninsns;
	unsigned ncaps;			/* 2 * subexpressions, group 0 included */
};

#ifdef STP_REGEX_MAX_INSNS

/* The last =~ of this CPU's probes, for matched(), matched_str() and ngroups(). */
struct stp_regex_match {
	char str[MAXSTRINGLEN];
	int result;
	int ncaps;
	int caps[STP_REGEX_MAX_CAPS];
};

struct stp_regex_threads {
	int n;
	int pc[STP_REGEX_MAX_INSNS];
	int caps[STP_REGEX_MAX_INSNS][STP_REGEX_MAX_CAPS];
};

#define STP_RE_EXPLORE (-2)	/* stack entry: explore pc (else: restore a capture slot) */

struct stp_regex_vm {
	struct stp_regex_threads lists[2];
	unsigned mark[STP_REGEX_MAX_INSNS];	/* == generation: already followed at this position */
	unsigned generation;
	int stack[2 * STP_REGEX_MAX_INSNS + 4][2];
	int work[STP_REGEX_MAX_CAPS];
	int unset[STP_REGEX_MAX_CAPS];
	int best[STP_REGEX_MAX_CAPS];
};

static inline void stp_regex_next_generation(struct stp_regex_vm *vm)
{
	if (++vm->generation == 0) {
		memset(vm->mark, 0, sizeof(vm->mark));
		vm->generation = 1;
	}
}

/* Follow the non-consuming instructions from pc0 depth-first in priority order (an explicit
 * stack, not recursion), appending each thread that waits on input to l. */
static void stp_regex_add(const struct stp_regex_prog *p, struct stp_regex_vm *vm,
			  struct stp_regex_threads *l, int pc0, const int *caps, int pos, int len)
{
	int sp = 0;

	memcpy(vm->work, caps, p->ncaps * sizeof(int));
	vm->stack[sp][0] = pc0;
	vm->stack[sp][1] = STP_RE_EXPLORE;
	sp++;
	while (sp > 0) {
		const struct stp_regex_insn *in;
		int a, b;

		sp--;
		a = vm->stack[sp][0];
		b = vm->stack[sp][1];
		if (b != STP_RE_EXPLORE) {
			vm->work[a] = b;
			continue;
		}
		if (vm->mark[a] == vm->generation)
			continue;
		vm->mark[a] = vm->generation;
		in = &p->insns[a];
		switch (in->op) {
		case STP_RE_JUMP:
			vm->stack[sp][0] = in->x;
			vm->stack[sp++][1] = STP_RE_EXPLORE;
			break;
		case STP_RE_SPLIT:
			vm->stack[sp][0] = in->y;
			vm->stack[sp++][1] = STP_RE_EXPLORE;
			vm->stack[sp][0] = in->x;
			vm->stack[sp++][1] = STP_RE_EXPLORE;
			break;
		case STP_RE_SAVE:
			vm->stack[sp][0] = in->arg;
			vm->stack[sp++][1] = vm->work[in->arg];
			vm->work[in->arg] = pos < len ? pos : len;
			vm->stack[sp][0] = a + 1;
			vm->stack[sp++][1] = STP_RE_EXPLORE;
			break;
		case STP_RE_START:
			if (pos == 0) {
				vm->stack[sp][0] = a + 1;
				vm->stack[sp++][1] = STP_RE_EXPLORE;
			}
			break;
		default:
			l->pc[l->n] = a;
			memcpy(l->caps[l->n], vm->work, p->ncaps * sizeof(int));
			l->n++;
			break;
		}
	}
}

/* Match s against p as stap does; s is copied into m first and m records the outcome. */
static int stp_regex_exec(const struct stp_regex_prog *p, struct stp_regex_vm *vm,
			  struct stp_regex_match *m, const char *s)
{
	struct stp_regex_threads *cur = &vm->lists[0], *nxt = &vm->lists[1], *tmp;
	int len, pos, i, found = 0;

	if (s != m->str)
		strscpy(m->str, s, MAXSTRINGLEN);
	len = strnlen(m->str, MAXSTRINGLEN);
	for (i = 0; i < (int)p->ncaps; i++)
		vm->unset[i] = -1;
	stp_regex_next_generation(vm);
	cur->n = 0;
	stp_regex_add(p, vm, cur, 0, vm->unset, 0, len);
	/* len + 1 stands for "after $ consumed the end" */
	for (pos = 0; pos <= len + 1 && cur->n > 0; pos++) {
		stp_regex_next_generation(vm);
		nxt->n = 0;
		for (i = 0; i < cur->n; i++) {
			const struct stp_regex_insn *in = &p->insns[cur->pc[i]];
			int *caps = cur->caps[i];

			if (found && caps[0] != vm->best[0])
				continue;	/* only a match from the same start can replace the first found */
			switch (in->op) {
			case STP_RE_MATCH: {
				int end = pos < len ? pos : len;
				if (!found || end > vm->best[1]) {
					memcpy(vm->best, caps, p->ncaps * sizeof(int));
					vm->best[1] = end;
					found = 1;
				}
				break;
			}
			case STP_RE_BYTES: {
				unsigned char c;
				if (pos >= len)
					break;
				c = (unsigned char)m->str[pos];
				if (p->sets[in->arg][c >> 3] & (1u << (c & 7)))
					stp_regex_add(p, vm, nxt, cur->pc[i] + 1, caps, pos + 1, len);
				break;
			}
			case STP_RE_END:
				if (pos == len)
					stp_regex_add(p, vm, nxt, cur->pc[i] + 1, caps, pos + 1, len);
				break;
			}
		}
		/* unanchored search: a new lowest-priority thread at each position until something matched */
		if (!found && pos + 1 <= len)
			stp_regex_add(p, vm, nxt, 0, vm->unset, pos + 1, len);
		tmp = cur;
		cur = nxt;
		nxt = tmp;
	}
	m->result = found;
	if (found) {
		m->ncaps = p->ncaps;
		memcpy(m->caps, vm->best, p->ncaps * sizeof(int));
	}
	return found;
}

/* Subexpression n of the last match into out (MAXSTRINGLEN); a group that took no part gives "". */
static inline void stp_regex_group(const struct stp_regex_match *m, int n, char *out)
{
	int start = m->caps[2 * n], end = m->caps[2 * n + 1];

	if (start < 0 || end < 0 || start > end)
		start = end = 0;
	memcpy(out, m->str + start, end - start);
	out[end - start] = 0;
}

#endif /* STP_REGEX_MAX_INSNS */
#endif
