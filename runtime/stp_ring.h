/* The byte ring under the transport's out and err files: a power-of-two buffer with head (next write) and tail
 * (next read) counters. These helpers run with the ring's lock held and never sleep.
 * A write that does not fit is dropped whole while someone reads; in flight-recorder mode (-F, nobody attached)
 * the oldest output makes room instead, whole lines or, in bulk mode (-b), whole records. */
#ifndef STP_RING_H
#define STP_RING_H

struct stp_ring_bytes {
	char *data;
	size_t size;     /* power of two */
	u64 head, tail;
};

/* Bulk mode frames every flush: which CPU wrote it, stap's global sequence number (from 1), the payload's length. */
struct stp_bulk_header {
	u32 cpu;
	u32 sequence;
	u32 length;
};

static inline size_t stp_ring_used(const struct stp_ring_bytes *r)
{
	return (size_t)(r->head - r->tail);
}

static inline char stp_ring_byte(const struct stp_ring_bytes *r, u64 pos)
{
	return r->data[pos & (r->size - 1)];
}

static inline void stp_ring_copy_in(struct stp_ring_bytes *r, const void *s, size_t n)
{
	size_t off = r->head & (r->size - 1);
	size_t first = n < r->size - off ? n : r->size - off;
	memcpy(r->data + off, s, first);
	if (first < n)
		memcpy(r->data, (const char *)s + first, n - first);
	r->head += n;
}

static inline void stp_ring_copy_out(const struct stp_ring_bytes *r, u64 pos, void *d, size_t n)
{
	size_t off = pos & (r->size - 1);
	size_t first = n < r->size - off ? n : r->size - off;
	memcpy(d, r->data + off, first);
	if (first < n)
		memcpy((char *)d + first, r->data, n - first);
}

/* Drops the oldest unit: a bulk record, else a line (or everything, when no line ends). */
static inline void stp_ring_drop_oldest(struct stp_ring_bytes *r, int framed)
{
	u64 pos;
	if (framed) {
		struct stp_bulk_header h;
		if (stp_ring_used(r) < sizeof(h)) {
			r->tail = r->head;
			return;
		}
		stp_ring_copy_out(r, r->tail, &h, sizeof(h));
		r->tail += sizeof(h) + h.length < stp_ring_used(r) ? sizeof(h) + h.length : stp_ring_used(r);
		return;
	}
	for (pos = r->tail; pos != r->head; pos++)
		if (stp_ring_byte(r, pos) == '\n') {
			r->tail = pos + 1;
			return;
		}
	r->tail = r->head;
}

/* Room for n more bytes: there already, or (overwrite) made by dropping the oldest units. 0 when it cannot be. */
static inline int stp_ring_reserve(struct stp_ring_bytes *r, size_t n, int overwrite, int framed)
{
	if (n > r->size)
		return 0;
	if (stp_ring_used(r) + n <= r->size)
		return 1;
	if (!overwrite)
		return 0;
	while (stp_ring_used(r) + n > r->size)
		stp_ring_drop_oldest(r, framed);
	return 1;
}

#endif
