/* One printf conversion with SystemTap's semantics (runtime/vsprintf.c of
 * stap): the translator parses the format string and calls one of these
 * per conversion, literal text goes through stp_buf_write.
 *
 * flags:      STP_FMT_LEFT '-', STP_FMT_PLUS '+', STP_FMT_SPACE ' ',
 *             STP_FMT_ZERO '0', STP_FMT_ALT '#'
 * width:      -1 (or any negative value) = absent.  A dynamic width ('*')
 *             that is negative is treated by stap as 0 (NOT as '-').
 * precision:  -1 = absent; any other negative value is treated as 0
 *             (stap clamps a dynamic precision to 0..bufsize).
 *
 * NOTE for the format parser: stap accepts at most ONE flag character per
 * conversion (staptree.cxx string_to_components): in "%+05d" and "%#010x"
 * the 0 starts the width (no zero padding), and "%-#x" / "%+ d" are parse
 * errors ("invalid or missing conversion specifier").  Combined flag bits
 * are still given vsprintf.c's meaning here.
 *
 * Quirks reproduced on purpose (they are stap's):
 *  - integer precision does not cancel the '0' flag; %.0d of 0 prints "0";
 *  - %#o always prefixes "0" (0 prints "00"), %#x "0x", %#X "0X";
 *    %p is %#x of the full 64-bit value;
 *  - '+' and ' ' only apply to d/i; u/x/X/o print the 64-bit value unsigned;
 *  - %c prints the low byte; with '#' non-printable/non-ASCII bytes, quote
 *    and backslash are escaped (\n \t ... \' \\ or \ooo); '0' is ignored;
 *  - %s/%m/%M with the '0' flag emit an extra NUL byte after the field;
 *  - %b writes the value as 1/2/4/8 raw host-order bytes (precision, else
 *    width if it is 1/2/4/8, else 8), padded with NUL bytes to width.
 */
#ifndef STP_FORMAT_H
#define STP_FORMAT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/uaccess.h>
#endif

#include "stp_buf.h"

#define STP_FMT_LEFT  1
#define STP_FMT_PLUS  2
#define STP_FMT_SPACE 4
#define STP_FMT_ZERO  8
#define STP_FMT_ALT   16

/* Read n bytes at addr without faulting: 0 or -EFAULT.  user != 0 reads
 * user memory (stap's %#m / %#M). */
#ifdef __KERNEL__
static inline int stp_copy_nofault(void *dst, uint64_t addr, unsigned n, int user)
{
	if (user)
		return copy_from_user_nofault(dst, (const void __user *)(uintptr_t)addr, n) ? -EFAULT : 0;
	return copy_from_kernel_nofault(dst, (const void *)(uintptr_t)addr, n) ? -EFAULT : 0;
}
#elif !defined(STP_HAVE_COPY_NOFAULT)
/* Userspace (unit tests): addresses below 4096 fault, others are read. */
static inline int stp_copy_nofault(void *dst, uint64_t addr, unsigned n, int user)
{
	(void)user;
	if (addr < 4096)
		return -EFAULT;
	memcpy(dst, (const void *)(uintptr_t)addr, n);
	return 0;
}
#endif

/* Clamp a width/precision the way stap does: to what the buffer can take. */
static inline int stp_fmt_clamp(const struct stp_buf *b, int v)
{
	int room = (int)stp_buf_room(b) + 1;

	if (v > room)
		v = room;
	return v;
}

/* Integer conversion core (stap's number()).  base is 8, 10 or 16. */
static inline void stp_format_number(struct stp_buf *b, uint64_t num, int base, int size,
			      int precision, int flags, int is_signed, int upper)
{
	static const char lower_digits[] = "0123456789abcdefx";
	static const char upper_digits[] = "0123456789ABCDEFX";
	const char *digits = upper ? upper_digits : lower_digits;
	char tmp[24];
	char sign = 0, pad;
	int i = 0;

	if (flags & STP_FMT_LEFT)
		flags &= ~STP_FMT_ZERO;
	pad = (flags & STP_FMT_ZERO) ? '0' : ' ';
	if (is_signed) {
		if ((int64_t)num < 0) {
			sign = '-';
			num = -num;
			size--;
		} else if (flags & STP_FMT_PLUS) {
			sign = '+';
			size--;
		} else if (flags & STP_FMT_SPACE) {
			sign = ' ';
			size--;
		}
	}
	if (flags & STP_FMT_ALT) {
		if (base == 16)
			size -= 2;
		else if (base == 8)
			size--;
	}
	if (num == 0)
		tmp[i++] = '0';
	while (num != 0) {
		uint32_t rem;

		num = stp_udiv64_rem(num, (uint32_t)base, &rem);
		tmp[i++] = digits[rem];
	}
	if (i > precision)
		precision = i;
	size -= precision;
	if (!(flags & (STP_FMT_ZERO | STP_FMT_LEFT))) {
		stp_buf_fill(b, ' ', size);
		if (size > 0)
			size = 0;
	}
	if (sign)
		stp_buf_putc(b, sign);
	if (flags & STP_FMT_ALT) {
		if (base == 8) {
			stp_buf_putc(b, '0');
		} else if (base == 16) {
			stp_buf_putc(b, '0');
			stp_buf_putc(b, digits[16]);
		}
	}
	if (!(flags & STP_FMT_LEFT)) {
		stp_buf_fill(b, pad, size);
		if (size > 0)
			size = 0;
	}
	stp_buf_fill(b, '0', precision - i);
	while (i-- > 0)
		stp_buf_putc(b, tmp[i]);
	stp_buf_fill(b, ' ', size);
}

/* Number of bytes a character takes with the given flags (1, 2 or 4). */
static inline int stp_format_char_size(unsigned char c, int flags)
{
	if (!(flags & STP_FMT_ALT))
		return 1;
	if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\')
		return 1;
	switch (c) {
	case '\a': case '\b': case '\f': case '\n': case '\r':
	case '\t': case '\v': case '\'': case '\\':
		return 2;
	default:
		return 4;
	}
}

static inline void stp_format_char(struct stp_buf *b, unsigned char c, int flags, int width)
{
	int size = stp_format_char_size(c, flags);
	char esc = 0;

	if (!(flags & STP_FMT_LEFT))
		stp_buf_fill(b, ' ', width - size);
	if (size == 1) {
		stp_buf_putc(b, (char)c);
	} else {
		switch (c) {
		case '\a': esc = 'a'; break;
		case '\b': esc = 'b'; break;
		case '\f': esc = 'f'; break;
		case '\n': esc = 'n'; break;
		case '\r': esc = 'r'; break;
		case '\t': esc = 't'; break;
		case '\v': esc = 'v'; break;
		case '\'': esc = '\''; break;
		case '\\': esc = '\\'; break;
		}
		stp_buf_putc(b, '\\');
		if (esc) {
			stp_buf_putc(b, esc);
		} else {
			stp_buf_putc(b, (char)('0' + ((c >> 6) & 3)));
			stp_buf_putc(b, (char)('0' + ((c >> 3) & 7)));
			stp_buf_putc(b, (char)('0' + (c & 7)));
		}
	}
	if (flags & STP_FMT_LEFT)
		stp_buf_fill(b, ' ', width - size);
}

static inline int stp_format_binary_prec(int p)
{
	return (p == 1 || p == 2 || p == 4 || p == 8) ? p : -1;
}

static inline void stp_format_binary(struct stp_buf *b, int64_t num, int flags, int width, int precision)
{
	union { int8_t b1; int16_t b2; int32_t b4; int64_t b8; char c[8]; } u;

	precision = stp_format_binary_prec(precision);
	if (width < 0) {
		if (precision == -1)
			precision = 8;
		width = precision;
	} else if (precision == -1) {
		precision = stp_format_binary_prec(width);
		if (precision == -1)
			precision = 8;
	}
	switch (precision) {
	case 1: u.b1 = (int8_t)num; break;
	case 2: u.b2 = (int16_t)num; break;
	case 4: u.b4 = (int32_t)num; break;
	default: u.b8 = num; break;
	}
	if (!(flags & STP_FMT_LEFT))
		stp_buf_fill(b, '\0', width - precision);
	if ((unsigned)precision <= stp_buf_room(b))	/* stap drops a partial value */
		stp_buf_write(b, u.c, (unsigned)precision);
	if (flags & STP_FMT_LEFT)
		stp_buf_fill(b, '\0', width - precision);
}

/* d i u x X o c p b */
static inline void
stp_format_long(struct stp_buf *b, int64_t value, int flags, int width, int precision, char conversion)
{
	if (width < 0)
		width = -1;
	else
		width = stp_fmt_clamp(b, width);
	if (precision < -1)
		precision = 0;
	else if (precision > 0)
		precision = stp_fmt_clamp(b, precision);

	switch (conversion) {
	case 'd':
	case 'i':
		stp_format_number(b, (uint64_t)value, 10, width, precision, flags, 1, 0);
		break;
	case 'u':
		stp_format_number(b, (uint64_t)value, 10, width, precision, flags, 0, 0);
		break;
	case 'x':
		stp_format_number(b, (uint64_t)value, 16, width, precision, flags, 0, 0);
		break;
	case 'X':
		stp_format_number(b, (uint64_t)value, 16, width, precision, flags, 0, 1);
		break;
	case 'o':
		stp_format_number(b, (uint64_t)value, 8, width, precision, flags, 0, 0);
		break;
	case 'p':
		stp_format_number(b, (uint64_t)value, 16, width, precision, flags | STP_FMT_ALT, 0, 0);
		break;
	case 'c':
		stp_format_char(b, (unsigned char)value, flags, width);
		break;
	case 'b':
		stp_format_binary(b, value, flags, width, precision);
		break;
	default:
		/* stap prints an unknown conversion verbatim */
		stp_buf_putc(b, '%');
		stp_buf_putc(b, conversion);
		break;
	}
}

/* Shared tail of %s / %m / %M: pad, body already sized as len chars. */
static inline void stp_format_pad_before(struct stp_buf *b, int flags, int width, int actlen)
{
	if (!(flags & STP_FMT_LEFT))
		stp_buf_fill(b, ' ', width - actlen);
}

static inline void stp_format_pad_after(struct stp_buf *b, int flags, int width, int actlen)
{
	if (flags & STP_FMT_LEFT)
		stp_buf_fill(b, ' ', width - actlen);
	if ((flags & STP_FMT_ZERO) && stp_buf_room(b)) {
		/* stap's %0s quirk: a NUL byte follows the field */
		b->data[b->len++] = '\0';
		b->data[b->len] = '\0';
	}
}

/* %s */
static inline void
stp_format_string(struct stp_buf *b, const char *s, int flags, int width, int precision)
{
	unsigned max, len = 0;

	if (s == NULL)
		s = "<NULL>";
	if (width < 0)
		width = -1;
	else
		width = stp_fmt_clamp(b, width);
	if (precision < -1)
		precision = 0;
	max = precision < 0 ? stp_buf_room(b) + 1 : (unsigned)stp_fmt_clamp(b, precision);
	while (len < max && s[len])
		len++;
	stp_format_pad_before(b, flags, width, (int)len);
	stp_buf_write(b, s, len);
	stp_format_pad_after(b, flags, width, (int)len);
}

/* %m (raw bytes) and %M (hex pairs): precision = byte count (default 1).
 * The '#' flag reads user memory.  On a fault, everything this call
 * appended is removed and -EFAULT returned; stap then discards the whole
 * printf output and reports "kernel read fault at 0x... " (caller's job).
 * The translator must reject counts > PAGE_SIZE beforehand (stap:
 * "%lld is too many bytes for a memory dump"). */
static inline int
stp_format_memory(struct stp_buf *b, int64_t address, int flags, int width, int precision, char conversion)
{
	static const char hex[] = "0123456789abcdef";
	unsigned start = b->len;
	unsigned char chunk[32];
	int len, done = 0, actlen;
	int user = (flags & STP_FMT_ALT) != 0;

	if (width < 0)
		width = -1;
	else
		width = stp_fmt_clamp(b, width);
	len = precision > 0 ? stp_fmt_clamp(b, precision) : 1;
	actlen = conversion == 'M' ? len * 2 : len;
	stp_format_pad_before(b, flags, width, actlen);
	while (done < len) {
		int n = len - done, i;

		if (n > (int)sizeof(chunk))
			n = (int)sizeof(chunk);
		if (stp_copy_nofault(chunk, (uint64_t)address + (uint64_t)done, (unsigned)n, user)) {
			b->len = start;
			if (b->cap)
				b->data[start] = '\0';
			return -EFAULT;
		}
		if (conversion == 'M') {
			for (i = 0; i < n; i++) {
				stp_buf_putc(b, hex[chunk[i] >> 4]);
				stp_buf_putc(b, hex[chunk[i] & 15]);
			}
		} else {
			stp_buf_write(b, (const char *)chunk, (unsigned)n);
		}
		done += n;
	}
	stp_format_pad_after(b, flags, width, actlen);
	return 0;
}

#endif /* STP_FORMAT_H */
