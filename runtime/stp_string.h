/* C side of the string tapset (tapsets/string.stp) with SystemTap's exact
 * semantics (stap tapset/string.stp, tapset/tokenize.stp,
 * runtime/stp_string.c).  Output strings are written into caller buffers
 * of MAXSTRINGLEN bytes and are always NUL-terminated; input strings are
 * NUL-terminated strings of at most MAXSTRINGLEN-1 characters.
 *
 *   stp_strlen(s)                        strlen
 *   stp_substr(out, s, start, length)    substr
 *   stp_stringat(s, pos, &ch)            stringat: 0, or -1 = "Position out of bounds"
 *   stp_isinstr(s1, s2), stp_strpos(s1, s2)
 *   stp_str_replace(out, s, srch, rplc)  str_replace
 *   stp_strtol(s, base)                  strtol (kernel simple_strtol rules)
 *   stp_isdigit(s)                       isdigit (first character)
 *   stp_text_str(out, in, inlen, outlen, quoted, buffer)  stap's _stp_text_str
 *   stp_text_strn(out, in, len, quoted)  text_strn; stp_text_str1(out, in) text_str
 *   stp_string_quoted(out, in)           string_quoted
 *   struct stp_tokenize_state + stp_tokenize(st, out, input, delim)  tokenize
 *   stp_str_toupper(out, s), stp_str_tolower(out, s)  (C helpers only; stap
 *                                        has no such script functions)
 */
#ifndef STP_STRING_H
#define STP_STRING_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#endif

#ifndef MAXSTRINGLEN
#define MAXSTRINGLEN 512
#endif

static inline int64_t stp_strlen(const char *s)
{
	return (int64_t)strnlen(s, MAXSTRINGLEN);
}

/* Copy at most n-1 characters and terminate (n >= 1). */
static inline void stp_str_copy(char *out, const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0)
		return;
	while (i + 1 < n && s[i]) {
		out[i] = s[i];
		i++;
	}
	out[i] = '\0';
}

/* substr(str, start, length): empty unless 0 <= start < strlen(str);
 * at most length characters (stap computes length+1 with 64-bit wrap, so
 * a length of INT64_MAX gives the empty string, as in stap). */
static inline void stp_substr(char *out, const char *s, int64_t start, int64_t length)
{
	int64_t n = (int64_t)((uint64_t)length + 1);

	out[0] = '\0';
	if (n < 0)
		n = 0;
	if (n > MAXSTRINGLEN)
		n = MAXSTRINGLEN;
	if (start >= 0 && start < stp_strlen(s))
		stp_str_copy(out, s + start, (size_t)n);
}

/* stringat(str, pos): the byte (sign-extended, as char on x86), or -1 when
 * pos is out of range (the caller raises "Position out of bounds"). */
static inline int stp_stringat(const char *s, int64_t pos, int64_t *ch)
{
	if (pos >= 0 && pos < stp_strlen(s)) {
		*ch = (int64_t)(signed char)s[pos];
		return 0;
	}
	*ch = 0;
	return -1;
}

static inline int64_t stp_isinstr(const char *s1, const char *s2)
{
	return strstr(s1, s2) != NULL;
}

static inline int64_t stp_strpos(const char *s1, const char *s2)
{
	const char *p = strstr(s1, s2);

	return p ? (int64_t)(p - s1) : -1;
}

static inline int64_t stp_isdigit(const char *s)
{
	return s[0] >= '0' && s[0] <= '9';
}

/* Append src to out (a MAXSTRINGLEN buffer currently holding *len chars). */
static inline void stp_str_append(char *out, size_t *len, const char *src, size_t n)
{
	while (n-- > 0 && *src && *len < MAXSTRINGLEN - 1)
		out[(*len)++] = *src++;
	out[*len] = '\0';
}

/* str_replace: every non-overlapping occurrence, left to right; an empty
 * search string returns the input unchanged; truncated to MAXSTRINGLEN-1. */
static inline void stp_str_replace(char *out, const char *s, const char *srch, const char *rplc)
{
	size_t slen = strnlen(srch, MAXSTRINGLEN), len = 0;
	const char *p;

	out[0] = '\0';
	if (slen == 0) {
		stp_str_copy(out, s, MAXSTRINGLEN);
		return;
	}
	while ((p = strstr(s, srch)) != NULL) {
		stp_str_append(out, &len, s, (size_t)(p - s));
		stp_str_append(out, &len, rplc, MAXSTRINGLEN);
		s = p + slen;
	}
	stp_str_append(out, &len, s, MAXSTRINGLEN);
}

/* strtol(str, base): the kernel's simple_strtol.  A leading '-' negates;
 * no whitespace or '+' is skipped; base 0 detects 0x (only if a hex digit
 * follows) / 0 / decimal; base 16 skips a "0x" prefix; conversion stops at
 * the first character that is not a digit below base (digits are 0-9a-f
 * only, so bases above 16 behave like 16); overflow wraps; no error. */
static inline int64_t stp_strtol(const char *s, int64_t base64)
{
	unsigned int base = (unsigned int)base64;
	uint64_t res = 0;
	int neg = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (base == 0) {
		if (s[0] == '0') {
			char x = s[1] | 0x20, h = s[2] | 0x20;

			if (x == 'x' && ((s[2] >= '0' && s[2] <= '9') || (h >= 'a' && h <= 'f')))
				base = 16;
			else
				base = 8;
		} else {
			base = 10;
		}
	}
	if (base == 16 && s[0] == '0' && (s[1] | 0x20) == 'x')
		s += 2;
	for (;; s++) {
		unsigned int c = (unsigned char)*s, lc = c | 0x20, val;

		if (c >= '0' && c <= '9')
			val = c - '0';
		else if (lc >= 'a' && lc <= 'f')
			val = lc - 'a' + 10;
		else
			break;
		if (val >= base)
			break;
		res = res * base + val;
	}
	return (int64_t)(neg ? 0 - res : res);
}

/* UTF-8 decoding as stap's _stp_decode_utf8: number of bytes consumed
 * (1..4), the code point in *cp; anything not a valid, shortest-form,
 * non-surrogate, <= U+10FFFF sequence is taken as one verbatim byte. */
static inline int stp_decode_utf8(const char *buf, int size, int *cp)
{
	unsigned char b = (unsigned char)buf[0];
	int c, n, i;

	if ((b & 0xE0) == 0xC0 && size >= 2) {
		n = 2;
		c = b & 0x1F;
	} else if ((b & 0xF0) == 0xE0 && size >= 3) {
		n = 3;
		c = b & 0x0F;
	} else if ((b & 0xF8) == 0xF0 && size >= 4) {
		n = 4;
		c = b & 0x07;
	} else {
		goto verbatim;
	}
	for (i = 1; i < n; i++) {
		unsigned char b2 = (unsigned char)buf[i];

		if ((b2 & 0xC0) != 0x80)
			goto verbatim;
		c = (c << 6) | (b2 & 0x3F);
	}
	if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		goto verbatim;
	if (c < 0x80 || (n == 3 && c < 0x800) || (n == 4 && c < 0x10000))
		goto verbatim;
	*cp = c;
	return n;
verbatim:
	*cp = b;
	return 1;
}

/* Escape a string as stap's _stp_text_str: printable ASCII verbatim
 * (except '"' and '\\'), C escapes \a \b \f \n \r \t \v \" \\, \uXXXX /
 * \UXXXXXXXX for multi-byte UTF-8, \ooo octal otherwise.  inlen/outlen <= 0
 * or too large mean MAXSTRINGLEN-1.  quoted: surround with '"'; if the
 * input did not fit, the output ends with "..." after the closing quote
 * (never cutting an escape sequence in half).  buffer: do not stop at NUL
 * bytes (read exactly inlen bytes).  out must hold MAXSTRINGLEN bytes. */
static inline int stp_text_str(char *out, const char *in, int inlen, int outlen,
			       int quoted, int buffer)
{
	char *o = out, *esc = NULL;
	int esc_len = 0, c = 0;

	if (inlen <= 0 || inlen > MAXSTRINGLEN - 1)
		inlen = MAXSTRINGLEN - 1;
	if (outlen <= 0 || outlen > MAXSTRINGLEN - 1)
		outlen = MAXSTRINGLEN - 1;
	if (quoted) {
		outlen = (outlen > 5 ? outlen : 5) - 2;
		*o++ = '"';
	}
	while (inlen > 0) {
		int num = 1;
		int n = stp_decode_utf8(in, inlen, &c);

		if ((c == 0 && !buffer) || outlen <= 0)
			break;
		in += n;
		inlen -= n;
		if (n > 1) {
			int i;

			num = c <= 0xFFFF ? 6 : 10;
			if (!esc && outlen - 3 < num) {
				esc = o;
				esc_len = num;
			}
			if (outlen < num)
				break;
			*o++ = '\\';
			*o++ = c <= 0xFFFF ? 'u' : 'U';
			for (i = num - 3; i >= 0; i--)
				*o++ = "0123456789ABCDEF"[(c >> (i * 4)) & 0xF];	/* stap: upper case */
		} else if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			*o++ = (char)c;
		} else {
			char e = 0;

			switch (c) {
			case '\a': e = 'a'; break;
			case '\b': e = 'b'; break;
			case '\f': e = 'f'; break;
			case '\n': e = 'n'; break;
			case '\r': e = 'r'; break;
			case '\t': e = 't'; break;
			case '\v': e = 'v'; break;
			case '"': e = '"'; break;
			case '\\': e = '\\'; break;
			}
			num = e ? 2 : 4;
			if (!esc && outlen - 3 < num) {
				esc = o;
				esc_len = num;
			}
			if (outlen < num)
				break;
			*o++ = '\\';
			if (e) {
				*o++ = e;
			} else if (c == 0) {
				*o++ = '0';	/* a buffer's NUL: stap writes \0, counted as the 4 of \ooo */
			} else {
				*o++ = (char)('0' + ((c >> 6) & 3));
				*o++ = (char)('0' + ((c >> 3) & 7));
				*o++ = (char)('0' + (c & 7));
			}
		}
		outlen -= num;
	}
	if (quoted) {
		if (c && inlen > 0) {
			char *trunc = o - 3 + outlen;

			if (esc && esc < trunc && trunc < esc + esc_len)
				o = esc;
			else
				o = trunc;
			*o++ = '"';
			*o++ = '.';
			*o++ = '.';
			*o++ = '.';
		} else {
			*o++ = '"';
		}
	}
	*o = '\0';
	return 0;
}

/* text_str(input) */
static inline void stp_text_str1(char *out, const char *in)
{
	stp_text_str(out, in, 0, 0, 0, 0);
}

/* text_strn(input, len, quoted): len 0 means MAXSTRINGLEN-1 */
static inline void stp_text_strn(char *out, const char *in, int64_t len, int64_t quoted)
{
	if (len < 0)
		len = 0;
	if (len > MAXSTRINGLEN)
		len = MAXSTRINGLEN;
	stp_text_str(out, in, 0, (int)len, quoted != 0, 0);
}

/* string_quoted(str) */
static inline void stp_string_quoted(char *out, const char *in)
{
	stp_text_str(out, in, MAXSTRINGLEN, MAXSTRINGLEN, 1, 0);
}

/* tokenize(input, delim) state: lives in the per-CPU probe context and
 * persists between calls (and between probe hits on that CPU), as in stap.
 * A zero-filled state is a valid "nothing to tokenize" state. */
struct stp_tokenize_state {
	char str[MAXSTRINGLEN];
	int pos;	/* next token starts at str[pos]; -1: exhausted */
};

/* stap's tokenize: a non-empty input (re)starts tokenizing a copy of it;
 * an empty input continues with the previous string.  Returns (in out) the
 * next non-empty token, delimited by any character of delim, or "" when
 * none is left.  Caveats (as stap): the state is per CPU, so tokenizing
 * must finish within one probe handler; an input longer than
 * MAXSTRINGLEN-1 is truncated; an empty delim returns the whole rest. */
static inline void stp_tokenize(struct stp_tokenize_state *st, char *out,
				const char *input, const char *delim)
{
	out[0] = '\0';
	if (input[0]) {
		stp_str_copy(st->str, input, MAXSTRINGLEN);
		st->pos = 0;
	}
	while (st->pos >= 0 && st->pos < MAXSTRINGLEN) {
		int start = st->pos, i = start;

		while (st->str[i] && !strchr(delim, st->str[i]))
			i++;
		if (st->str[i]) {
			st->str[i] = '\0';
			st->pos = i + 1;
		} else {
			st->pos = -1;
		}
		if (i > start) {
			stp_str_copy(out, st->str + start, (size_t)(i - start + 1));
			return;
		}
	}
}

static inline void stp_str_toupper(char *out, const char *s)
{
	int i;

	for (i = 0; i < MAXSTRINGLEN - 1 && s[i]; i++)
		out[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 'a' + 'A') : s[i];
	out[i] = '\0';
}

static inline void stp_str_tolower(char *out, const char *s)
{
	int i;

	for (i = 0; i < MAXSTRINGLEN - 1 && s[i]; i++)
		out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
	out[i] = '\0';
}

#endif /* STP_STRING_H */
