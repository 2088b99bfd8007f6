/* Bounded, always NUL-terminated output buffer used by the formatting,
 * statistics and string runtime.  Appends beyond cap-1 bytes are dropped
 * silently.  Usable in the kernel and (for unit tests) in userspace. */
#ifndef STP_BUF_H
#define STP_BUF_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/math64.h>
#endif

/* 64-bit division helpers shared by the format/stat/string runtime.
 * The kernel needs div64 helpers on 32-bit targets; userspace divides. */
#ifdef __KERNEL__
/* unsigned n / d, remainder stored in *rem */
#define stp_udiv64_rem(n, d, rem) div_u64_rem((n), (d), (rem))
#define stp_sdiv64(n, d) div64_s64((n), (d))
#else
static inline uint64_t stp_udiv64_rem(uint64_t n, uint32_t d, uint32_t *rem)
{
	*rem = (uint32_t)(n % d);
	return n / d;
}
#define stp_sdiv64(n, d) ((int64_t)(n) / (int64_t)(d))
#endif

struct stp_buf {
	char *data;     /* cap bytes of storage */
	unsigned len;   /* bytes used, excluding the terminating NUL */
	unsigned cap;   /* storage size; at most cap-1 characters are kept */
};

static inline void stp_buf_init(struct stp_buf *b, char *storage, unsigned cap)
{
	b->data = storage;
	b->len = 0;
	b->cap = cap;
	if (cap)
		storage[0] = '\0';
}

/* Forget the contents, keep the storage. */
static inline void stp_buf_reset(struct stp_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->data[0] = '\0';
}

/* Room left for characters (excluding the NUL). */
static inline unsigned stp_buf_room(const struct stp_buf *b)
{
	return b->cap ? b->cap - 1 - b->len : 0;
}

static inline void stp_buf_putc(struct stp_buf *b, char c)
{
	if (b->cap == 0 || b->len + 1 >= b->cap)
		return;
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

static inline void stp_buf_write(struct stp_buf *b, const char *s, unsigned n)
{
	unsigned room = stp_buf_room(b);

	if (n > room)
		n = room;
	if (n == 0)
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void stp_buf_puts(struct stp_buf *b, const char *s)
{
	unsigned room = stp_buf_room(b);
	unsigned n = 0;

	while (n < room && s[n])
		n++;
	stp_buf_write(b, s, n);
}

/* Append c n times (padding). */
static inline void stp_buf_fill(struct stp_buf *b, char c, int n)
{
	while (n-- > 0 && stp_buf_room(b))
		stp_buf_putc(b, c);
}

#endif /* STP_BUF_H */
