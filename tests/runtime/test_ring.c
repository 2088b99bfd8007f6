/* The transport's byte ring: wrap-around copies, a write that does not fit, and flight-recorder overwrite of the
 * oldest whole lines or bulk records (runtime/stp_ring.h). */
#include "test_util.h"
typedef uint64_t u64;
typedef uint32_t u32;
#include "../../runtime/stp_ring.h"

static char mem[16];

static struct stp_ring_bytes ring(u64 start)
{
	struct stp_ring_bytes r = { mem, sizeof(mem), start, start };
	memset(mem, '.', sizeof(mem));
	return r;
}

static void put(struct stp_ring_bytes *r, const char *s, int overwrite, int expect)
{
	int ok = stp_ring_reserve(r, strlen(s), overwrite, 0);
	CHECK_INT(ok, expect);
	if (ok)
		stp_ring_copy_in(r, s, strlen(s));
}

static void check_contents(struct stp_ring_bytes *r, const char *exp)
{
	char out[32];
	size_t n = stp_ring_used(r);
	stp_ring_copy_out(r, r->tail, out, n);
	CHECK_MEM(out, (unsigned)n, exp, (unsigned)strlen(exp));
}

static void test_wrap(void)
{
	struct stp_ring_bytes r = ring(12); /* starts near the end: every copy wraps */
	put(&r, "abcdefgh", 0, 1);
	check_contents(&r, "abcdefgh");
	CHECK_MEM(mem, 4, "efgh", 4);
	r.tail += 5;
	put(&r, "0123456789", 0, 1);
	check_contents(&r, "fgh0123456789");
}

static void test_full_drops_the_write(void)
{
	struct stp_ring_bytes r = ring(0);
	put(&r, "one\ntwo\nthree\n", 0, 1);
	put(&r, "four\n", 0, 0);
	check_contents(&r, "one\ntwo\nthree\n");
	put(&r, "seventeen bytes!!", 1, 0); /* larger than the ring: never fits */
	check_contents(&r, "one\ntwo\nthree\n");
}

static void test_overwrite_drops_oldest_lines(void)
{
	struct stp_ring_bytes r = ring(7);
	put(&r, "one\ntwo\nthree\n", 1, 1);
	put(&r, "four\n", 1, 1); /* "one\n" goes */
	check_contents(&r, "two\nthree\nfour\n");
	put(&r, "partial", 1, 1); /* "two\n" and "three\n" go */
	check_contents(&r, "four\npartial");
	put(&r, "0123456789", 1, 1); /* no line end after "four\n": the rest goes too */
	check_contents(&r, "0123456789");
}

static void put_record(struct stp_ring_bytes *r, u32 cpu, u32 seq, const char *s)
{
	struct stp_bulk_header h = { cpu, seq, (u32)strlen(s) };
	CHECK_INT(stp_ring_reserve(r, sizeof(h) + h.length, 1, 1), 1);
	stp_ring_copy_in(r, &h, sizeof(h));
	stp_ring_copy_in(r, s, h.length);
}

static void test_overwrite_drops_oldest_records(void)
{
	static char big[64];
	struct stp_ring_bytes r = { big, sizeof(big), 50, 50 };
	struct stp_bulk_header h;
	put_record(&r, 0, 1, "a\nb\n");      /* 16 bytes */
	put_record(&r, 1, 2, "c\n");         /* 14 */
	put_record(&r, 0, 3, "0123456789");  /* 22: 52 used */
	put_record(&r, 1, 4, "xyzxyzxyzxyzxyzxyzx\n"); /* 32: the first record goes, then the second */
	CHECK_INT(stp_ring_used(&r), 54);
	stp_ring_copy_out(&r, r.tail, &h, sizeof(h));
	CHECK_INT(h.sequence, 3);
	CHECK_INT(h.length, 10);
}

int main(void)
{
	test_wrap();
	test_full_drops_the_write();
	test_overwrite_drops_oldest_lines();
	test_overwrite_drops_oldest_records();
	return t_report("test_ring");
}
