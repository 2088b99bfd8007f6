/* Numbers named from a table, as stap spells flags and enumerations: a set of flags is its names joined by "|" with
 * what no name covers in hex; a lone value is its name or, unknown, its hex. The syscall decoders and the tapsets'
 * *_str functions share it. */
#ifndef STP_NAMED_VALUES_H
#define STP_NAMED_VALUES_H

struct stp_named_value { long value; const char *name; };

/* Writes the names of the bits of V found in TABLE (in table order, each taking the bits it
 * shares), then any bits left in hex; an entry of value 0 names V == 0. */
static __maybe_unused void stp_named_flags(const struct stp_named_value *table, size_t n, long v, char *out)
{
	size_t i, len;
	int any = 0;
	out[0] = '\0';
	if (v == 0) {
		for (i = 0; i < n; i++) {
			if (table[i].value == 0) {
				strscpy(out, table[i].name, MAXSTRINGLEN);
				return;
			}
		}
		strscpy(out, "0x0", MAXSTRINGLEN);
		return;
	}
	for (i = 0; i < n; i++) {
		if (!(table[i].value & v))
			continue;
		if (any)
			strlcat(out, "|", MAXSTRINGLEN);
		strlcat(out, table[i].name, MAXSTRINGLEN);
		v &= ~table[i].value;
		any = 1;
	}
	if (!v)
		return;
	if (any)
		strlcat(out, "|", MAXSTRINGLEN);
	len = strlen(out);
	snprintf(out + len, MAXSTRINGLEN - len, "0x%lx", v);
}

/* The name of V in TABLE, else V in hex. */
static __maybe_unused void stp_named_value(const struct stp_named_value *table, size_t n, long v, char *out)
{
	size_t i;
	for (i = 0; i < n; i++) {
		if (table[i].value == v) {
			strscpy(out, table[i].name, MAXSTRINGLEN);
			return;
		}
	}
	snprintf(out, MAXSTRINGLEN, "0x%lx", v);
}

#define STP_NAMED(x) { x, #x }

#endif
