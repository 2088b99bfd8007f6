/* printf conversions: expected outputs from systemtap's testsuite
 * (systemtap.printf/int1.exp, char1, string1, ptr-1.3, bin*) and from
 * stap's vsprintf.c semantics for the remaining flag combinations. */
#include "test_util.h"

#define I 1LL
#define J 10LL
#define K 9000000000000LL
#define M -1LL
#define N -1024LL
#define ROW(f) FMT(f "," f "," f "," f "," f, I, J, K, M, N)

static void test_int1(void)
{
	/* systemtap.printf/int1.exp */
	CHECK_BUF(ROW("%d"), "1,10,9000000000000,-1,-1024");
	CHECK_BUF(ROW("%2d"), " 1,10,9000000000000,-1,-1024");
	CHECK_BUF(ROW("%16d"), "               1,              10,   9000000000000,              -1,           -1024");
	CHECK_BUF(ROW("%016d"), "0000000000000001,0000000000000010,0009000000000000,-000000000000001,-000000000001024");
	CHECK_BUF(ROW("%ld"), "1,10,9000000000000,-1,-1024");
	CHECK_BUF(ROW("%#d"), "1,10,9000000000000,-1,-1024");
	CHECK_BUF(ROW("%u"), "1,10,9000000000000,18446744073709551615,18446744073709550592");
	CHECK_BUF(ROW("%2u"), " 1,10,9000000000000,18446744073709551615,18446744073709550592");
	CHECK_BUF(ROW("%16u"), "               1,              10,   9000000000000,18446744073709551615,18446744073709550592");
	CHECK_BUF(ROW("%016u"), "0000000000000001,0000000000000010,0009000000000000,18446744073709551615,18446744073709550592");
	CHECK_BUF(ROW("%#u"), "1,10,9000000000000,18446744073709551615,18446744073709550592");
	CHECK_BUF(ROW("%x"), "1,a,82f79cd9000,ffffffffffffffff,fffffffffffffc00");
	CHECK_BUF(ROW("%2x"), " 1, a,82f79cd9000,ffffffffffffffff,fffffffffffffc00");
	CHECK_BUF(ROW("%16x"), "               1,               a,     82f79cd9000,ffffffffffffffff,fffffffffffffc00");
	CHECK_BUF(ROW("%016x"), "0000000000000001,000000000000000a,0000082f79cd9000,ffffffffffffffff,fffffffffffffc00");
	CHECK_BUF(ROW("%16X"), "               1,               A,     82F79CD9000,FFFFFFFFFFFFFFFF,FFFFFFFFFFFFFC00");
	CHECK_BUF(ROW("%016X"), "0000000000000001,000000000000000A,0000082F79CD9000,FFFFFFFFFFFFFFFF,FFFFFFFFFFFFFC00");
	CHECK_BUF(ROW("%#x"), "0x1,0xa,0x82f79cd9000,0xffffffffffffffff,0xfffffffffffffc00");
	CHECK_BUF(ROW("%#lx"), "0x1,0xa,0x82f79cd9000,0xffffffffffffffff,0xfffffffffffffc00");
	CHECK_BUF(ROW("%o"), "1,12,202757163310000,1777777777777777777777,1777777777777777776000");
	CHECK_BUF(ROW("%2o"), " 1,12,202757163310000,1777777777777777777777,1777777777777777776000");
	CHECK_BUF(ROW("%16o"), "               1,              12, 202757163310000,1777777777777777777777,1777777777777777776000");
	CHECK_BUF(ROW("%016o"), "0000000000000001,0000000000000012,0202757163310000,1777777777777777777777,1777777777777777776000");
	CHECK_BUF(ROW("%#o"), "01,012,0202757163310000,01777777777777777777777,01777777777777777776000");
}

static void test_flags(void)
{
	/* sign flags only affect signed conversions */
	CHECK_BUF(FMT("%+d|% d|%+u|% x", 5LL, 5LL, 5LL, 5LL), "+5| 5|5|5");
	CHECK_BUF(FMT("%+d|% d", -5LL, -5LL), "-5|-5");
	/* stap takes ONE flag: in "%+05d" the 0 belongs to the width */
	CHECK_BUF(FMT("%+5d|%+05d|% 05d|%-05d|%05d", 42LL, 42LL, 42LL, 42LL, 42LL), "  +42|  +42|   42|42   |00042");
	/* left justification wins over zero padding */
	CHECK_BUF(FMT("[%-05d][%-5x][%-8o]", 7LL, 255LL, 8LL), "[7    ][ff   ][10      ]");
	/* alternate forms with width and zero padding */
	CHECK_BUF(FMT("[%#8x][%#08x][%#08X][%#6o][%#06o]", 255LL, 255LL, 255LL, 8LL, 8LL),
		  "[    0xff][    0xff][    0XFF][   010][   010]");
	/* %#x/%#o of zero keep their prefix (unlike C) */
	CHECK_BUF(FMT("%#x %#o %#X", 0LL, 0LL, 0LL), "0x0 00 0X0");
	/* precision: minimum digits; does not cancel '0'; 0 still prints "0" */
	CHECK_BUF(FMT("[%.5d][%8.5d][%-8.5d][%08.5d][%.0d][%.3x][%#.4x]", 42LL, 42LL, 42LL, 42LL, 0LL, 10LL, 10LL),
		  "[00042][   00042][00042   ][00000042][0][00a][0x000a]");
	CHECK_BUF(FMT("[%.5d][%+.3d][% 8.3d]", -42LL, 7LL, -7LL), "[-00042][+007][    -007]");
	/* extremes */
	CHECK_BUF(FMT("%d %u %x %o", (int64_t)INT64_MIN, (int64_t)INT64_MIN, (int64_t)INT64_MIN, (int64_t)INT64_MIN),
		  "-9223372036854775808 9223372036854775808 8000000000000000 1000000000000000000000");
	CHECK_BUF(FMT("%d %i", (int64_t)INT64_MAX, 0LL), "9223372036854775807 0");
	/* %p is %#x on the full 64-bit value (stap >= 1.3, ptr-1.3.exp style) */
	CHECK_BUF(FMT("%p|%20p|%-20p|%020p", 0x1234LL, 0xffffffff81000000LL, 0x10LL, 0xabcLL),
		  "0x1234|  0xffffffff81000000|0x10                |0x000000000000000abc");
	CHECK_BUF(FMT("%p", -1LL), "0xffffffffffffffff");
	/* precision on %p (ptr-1.3.exp layouts, own values) */
	CHECK_BUF(FMT("[%.12p][%18.6p][%-18.6p][%6.12p][%-6.12p][%6p]", 0xabcLL, 0x42LL, 0x42LL, 0x7LL, 0x7LL, 0x9LL),
		  "[0x000000000abc][          0x000042][0x000042          ][0x000000000007][0x000000000007][   0x9]");
	CHECK_BUF(FMT("%%|%d%%", 3LL), "%|3%");
}

/* Flag combinations are not expressible in stap's format syntax (one flag
 * per conversion) but the runtime gives them vsprintf.c's meaning. */
static void test_flag_combinations(void)
{
	struct stp_buf *b = &t_buf;

#define ONE(v, fl, w, p, c, exp) do { stp_buf_init(b, t_storage, sizeof(t_storage)); \
	stp_format_long(b, (v), (fl), (w), (p), (c)); CHECK_BUF(b, exp); } while (0)
	ONE(42, STP_FMT_PLUS | STP_FMT_ZERO, 5, -1, 'd', "+0042");
	ONE(42, STP_FMT_SPACE | STP_FMT_ZERO, 5, -1, 'd', " 0042");
	ONE(42, STP_FMT_PLUS | STP_FMT_SPACE, -1, -1, 'd', "+42");
	ONE(42, STP_FMT_PLUS | STP_FMT_LEFT, 5, -1, 'd', "+42  ");
	ONE(7, STP_FMT_LEFT | STP_FMT_ZERO, 5, -1, 'd', "7    ");
	ONE(255, STP_FMT_ALT | STP_FMT_ZERO, 8, -1, 'x', "0x0000ff");
	ONE(255, STP_FMT_ALT | STP_FMT_ZERO, 8, -1, 'X', "0X0000FF");
	ONE(8, STP_FMT_ALT | STP_FMT_ZERO, 6, -1, 'o', "000010");
	ONE(255, STP_FMT_ALT | STP_FMT_LEFT, 8, -1, 'x', "0xff    ");
	ONE(1, STP_FMT_ALT | STP_FMT_LEFT, 5, -1, 'c', "\\001 ");
#undef ONE
	stp_buf_init(b, t_storage, sizeof(t_storage));
	stp_format_string(b, "ab", STP_FMT_LEFT | STP_FMT_ZERO, 5, -1);
	CHECK_MEM(b->data, b->len, "ab   \0", 6);
}

static void test_char(void)
{
	/* char1.exp: "stapok" */
	CHECK_BUF(FMT("%c%c%c%c%c%c", 115LL, 116LL, 97LL, 112LL, 111LL, 107LL), "stapok");
	CHECK_BUF(FMT("[%3c][%-3c][%03c][%c]", 65LL, 66LL, 67LL, 0x141LL), "[  A][B  ][  C][A]");
	/* '#' escapes (pretty-char) */
	CHECK_BUF(FMT("%#c%#c%#c%#c%#c%#c", 10LL, 9LL, 39LL, 92LL, 65LL, 0LL), "\\n\\t\\'\\\\A\\000");
	CHECK_BUF(FMT("%#c|%#c|%#c|%#c", 7LL, 27LL, 127LL, 255LL), "\\a|\\033|\\177|\\377");
	CHECK_BUF(FMT("[%#5c][%#3c]", 10LL, 34LL), "[   \\n][  \"]");
	CHECK_BUF(FMT("%#c%#c%#c%#c%#c", 8LL, 12LL, 11LL, 13LL, 0200LL), "\\b\\f\\v\\r\\200");
	CHECK_BUF(FMT("%#c%#c%#c", 32LL, 126LL, 34LL), " ~\"");
	/* without '#', raw bytes */
	CHECK_FMT_MEM(("%c%c", 10LL, 0LL), "\n\0", 2);
}

static void test_string(void)
{
	CHECK_BUF(FMT("The string is <%s>", S("Foobar!")), "The string is <Foobar!>");
	CHECK_BUF(FMT("[%10s][%-10s][%.3s][%10.3s][%-6.2s][%.0s][%.10s]",
		      S("abc"), S("abc"), S("abcdef"), S("abcdef"), S("abcdef"), S("abc"), S("abc")),
		  "[       abc][abc       ][abc][       abc][ab    ][][abc]");
	CHECK_BUF(FMT("[%2s][%s]", S("abcdef"), S("")), "[abcdef][]");
	CHECK_BUF(FMT("[%s]", S(NULL)), "[<NULL>]");
	/* '+', ' ', '#' are ignored; '0' appends a NUL byte after the field */
	CHECK_BUF(FMT("[%+s][% s][%#5s]", S("a"), S("b"), S("c")), "[a][b][    c]");
	CHECK_FMT_MEM(("[%05s]", S("ab")), "[   ab\0]", 8);
	CHECK_BUF(FMT("[%-05s]", S("ab")), "[ab   ]");	/* '-' flag, width 05 */
}

static void test_memory(void)
{
	static const char mem[] = "Hello\x01\xff";
	int64_t a = (int64_t)(uintptr_t)mem;

	CHECK_BUF(FMT("[%m][%.5m][%8.5m][%-8.5m][%.0m]", a, a, a, a, a), "[H][Hello][   Hello][Hello   ][H]");
	CHECK_BUF(FMT("[%M][%.5M][%.7M][%12.3M][%-12.3M]", a, a, a, a, a),
		  "[48][48656c6c6f][48656c6c6f01ff][      48656c][48656c      ]");
	CHECK_FMT_MEM(("[%.2m]", (int64_t)(uintptr_t)(mem + 5)), "[\x01\xff]", 4);
	CHECK_FMT_MEM(("[%03m]", a), "[  H\0]", 6);
	/* fault: nothing from this conversion is kept */
	stp_buf_init(&t_buf, t_storage, sizeof(t_storage));
	stp_buf_puts(&t_buf, "x=");
	CHECK_INT(stp_format_memory(&t_buf, 16, 0, 10, 4, 'M'), -EFAULT);
	CHECK_BUF(&t_buf, "x=");
	CHECK_INT(stp_format_memory(&t_buf, a, 0, -1, 2, 'M'), 0);
	CHECK_BUF(&t_buf, "x=4865");
}

static void test_binary(void)
{
	/* %b: host-order raw bytes (x86: little endian) */
	CHECK_FMT_MEM(("%b", 0x0102030405060708LL), "\x08\x07\x06\x05\x04\x03\x02\x01", 8);
	CHECK_FMT_MEM(("%1b%2b%4b", 0x41LL, 0x4243LL, 0x44454647LL), "ACBGFED", 7);
	CHECK_FMT_MEM(("%.1b%.2b", 0x41LL, 0x4243LL), "ACB", 3);
	/* width that is not a size: 8 bytes, NUL-padded to width */
	CHECK_FMT_MEM(("%10b", 0x41LL), "\0\0A\0\0\0\0\0\0\0", 10);
	CHECK_FMT_MEM(("%-10b", 0x41LL), "A\0\0\0\0\0\0\0\0\0", 10);
	CHECK_FMT_MEM(("%4.1b|", 0x41LL), "\0\0\0A|", 5);
	CHECK_FMT_MEM(("%-4.2b|", 0x4241LL), "AB\0\0|", 5);
	/* bad precision is ignored */
	CHECK_FMT_MEM(("%.3b", 0x41LL), "A\0\0\0\0\0\0\0", 8);
}

static void test_buf(void)
{
	char st[6];
	struct stp_buf b;

	stp_buf_init(&b, st, sizeof(st));
	CHECK_INT(stp_buf_room(&b), 5);
	stp_buf_puts(&b, "ab");
	stp_buf_fill(&b, '-', 2);
	CHECK_BUF(&b, "ab--");
	CHECK_INT(stp_buf_room(&b), 1);
	stp_buf_fill(&b, '+', 10);
	CHECK_BUF(&b, "ab--+");
	stp_buf_reset(&b);
	CHECK_BUF(&b, "");
	stp_buf_write(&b, "x\0y", 3);	/* embedded NUL bytes are kept */
	CHECK_MEM(b.data, b.len, "x\0y", 3);
	CHECK_INT(st[3], 0);
}

static void test_truncation(void)
{
	char small[8];
	struct stp_buf b;

	stp_buf_init(&b, small, sizeof(small));
	stp_format_long(&b, 123456789, 0, -1, -1, 'd');
	CHECK_BUF(&b, "1234567");
	stp_buf_init(&b, small, sizeof(small));
	stp_format_string(&b, "abc", 0, 1000, -1);
	CHECK_BUF(&b, "     ab");	/* width clamped to the room, like stap */
	stp_buf_init(&b, small, sizeof(small));
	stp_buf_puts(&b, "abcdefghijk");
	stp_buf_putc(&b, 'z');
	stp_buf_write(&b, "zz", 2);
	CHECK_BUF(&b, "abcdefg");
	CHECK_INT(small[7], 0);
	stp_buf_init(&b, small, 1);
	stp_buf_puts(&b, "abc");
	CHECK_INT(b.len, 0);
	CHECK_INT(small[0], 0);
}

int main(void)
{
	test_int1();
	test_flags();
	test_flag_combinations();
	test_char();
	test_string();
	test_memory();
	test_binary();
	test_buf();
	test_truncation();
	return t_report("test_format");
}
