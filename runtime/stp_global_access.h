/* What stap's STAP_GLOBAL_GET_VAR()/STAP_GLOBAL_SET_VAR() macros (Translate/GlobalMacros) call: embedded C that names
 * a global in a pragma reads and stores it through these. */
#ifndef STP_GLOBAL_ACCESS_H
#define STP_GLOBAL_ACCESS_H

/* GCC's (and clang's) __builtin_classify_type for a pointer, an array decayed to one included (gcc/typeclass.h). */
#define STP_POINTER_TYPE_CLASS 5

/* A macro's number or string, checked when compiled: stap builds with -Werror, so its int-conversion warning for a
 * string where a number belongs (and the reverse) fails pass 4; here the kernel's flags keep it a warning, so the
 * check is an assertion. Each evaluates its argument once. */
#define stp_global_long(v) ({ \
	_Static_assert(__builtin_classify_type(v) != STP_POINTER_TYPE_CLASS, \
		       "STAP_GLOBAL_ macro: a pointer where a number is expected"); \
	(int64_t)(v); })
#define stp_global_string(v) ({ \
	_Static_assert(__builtin_classify_type(v) == STP_POINTER_TYPE_CLASS, \
		       "STAP_GLOBAL_ macro: a number where a string is expected"); \
	const char *__stp_s = (v); __stp_s; })

/* An element's value, 0 or "" when absent (as a script's read). */
static __maybe_unused int64_t stp_global_map_long(struct stp_map *m, const struct stp_key *k)
{
	struct stp_map_node *n = stp_map_find(m, k);
	return n ? *stp_node_long(m, n) : 0;
}

static __maybe_unused const char *stp_global_map_string(struct stp_map *m, const struct stp_key *k)
{
	struct stp_map_node *n = stp_map_find(m, k);
	return n ? stp_node_str(m, n) : "";
}

/* Store an element; nonzero when the map is full (stap's _stp_map_set_* return), for the caller's overflow error. */
static __maybe_unused int stp_global_map_set_long(struct stp_map *m, const struct stp_key *k, int64_t v)
{
	struct stp_map_node *n = stp_map_get(m, k);
	if (unlikely(!n))
		return -1;
	*stp_node_long(m, n) = v;
	return 0;
}

static __maybe_unused int stp_global_map_set_string(struct stp_map *m, const struct stp_key *k, const char *v)
{
	struct stp_map_node *n = stp_map_get(m, k);
	if (unlikely(!n))
		return -1;
	if (stp_node_str(m, n) != v)
		strscpy(stp_node_str(m, n), v, MAXSTRINGLEN);
	return 0;
}

#endif
