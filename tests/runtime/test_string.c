/* string tapset C side: behaviour checked against stap's tapset code and
 * testsuite (systemtap.string/{substr,strtol,tokenize,text_str,str_replace,
 * strpos,isinstr,string_quoted}.exp); inputs here are our own. */
#include "test_util.h"
#include "../../runtime/stp_string.h"

static char o[MAXSTRINGLEN];

static const char *sub(const char *s, int64_t start, int64_t len)
{
	stp_substr(o, s, start, len);
	return o;
}

static void test_basic(void)
{
	char big[MAXSTRINGLEN];
	int64_t ch = 99;

	CHECK_INT(stp_strlen(""), 0);
	CHECK_INT(stp_strlen("systemtap"), 9);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK_INT(stp_strlen(big), MAXSTRINGLEN - 1);

	CHECK_STR(sub("probe point", 0, 5), "probe");
	CHECK_STR(sub("probe point", 6, 100), "point");
	CHECK_STR(sub("probe point", 10, 1), "t");
	CHECK_STR(sub("probe point", 11, 1), "");	/* start == strlen */
	CHECK_STR(sub("probe point", -2, 4), "");	/* negative start */
	CHECK_STR(sub("probe point", 3, 0), "");
	CHECK_STR(sub("probe point", 3, -7), "");
	CHECK_STR(sub("probe point", 0, INT64_MAX), "");	/* length+1 wraps, as in stap */
	CHECK_STR(sub("probe point", 2, INT64_MAX - 1), "obe point");
	CHECK_STR(sub(big, 0, 100000), big);

	CHECK_INT(stp_stringat("kprobe", 0, &ch), 0);
	CHECK_INT(ch, 'k');
	CHECK_INT(stp_stringat("kprobe", 5, &ch), 0);
	CHECK_INT(ch, 'e');
	CHECK_INT(stp_stringat("kprobe", 6, &ch), -1);
	CHECK_INT(ch, 0);
	CHECK_INT(stp_stringat("kprobe", -1, &ch), -1);
	CHECK_INT(stp_stringat("", 0, &ch), -1);
	CHECK_INT(stp_stringat("\xe9", 0, &ch), 0);
	CHECK_INT(ch, -23);	/* char is signed, as in stap on x86 */

	CHECK_INT(stp_isinstr("uprobe", "rob"), 1);
	CHECK_INT(stp_isinstr("uprobe", "robe!"), 0);
	CHECK_INT(stp_isinstr("uprobe", ""), 1);
	CHECK_INT(stp_isinstr("", "a"), 0);
	CHECK_INT(stp_strpos("kernel.function", "."), 6);
	CHECK_INT(stp_strpos("kernel.function", "kernel"), 0);
	CHECK_INT(stp_strpos("kernel.function", "fun c"), -1);
	CHECK_INT(stp_strpos("kernel", ""), 0);
	CHECK_INT(stp_strpos("", ""), 0);
	CHECK_INT(stp_strpos("", "x"), -1);
	CHECK_INT(stp_strpos("aaab", "ab"), 2);

	CHECK_INT(stp_isdigit("7up"), 1);
	CHECK_INT(stp_isdigit("up7"), 0);
	CHECK_INT(stp_isdigit(""), 0);
	CHECK_INT(stp_isdigit("-1"), 0);
}

static void test_str_replace(void)
{
	char big[MAXSTRINGLEN];

	stp_str_replace(o, "a.b.c", ".", "::");
	CHECK_STR(o, "a::b::c");
	stp_str_replace(o, "aaaa", "aa", "b");
	CHECK_STR(o, "bb");
	stp_str_replace(o, "aaa", "aa", "<aa>");
	CHECK_STR(o, "<aa>a");
	stp_str_replace(o, "begin end", "begin", "");
	CHECK_STR(o, " end");
	stp_str_replace(o, "no match", "xyz", "q");
	CHECK_STR(o, "no match");
	stp_str_replace(o, "keep", "", "q");	/* empty search string */
	CHECK_STR(o, "keep");
	stp_str_replace(o, "", "", "q");
	CHECK_STR(o, "");
	stp_str_replace(o, "", "x", "q");
	CHECK_STR(o, "");
	/* result is truncated to MAXSTRINGLEN-1 */
	memset(big, 'x', 300);
	big[300] = '\0';
	stp_str_replace(o, big, "x", "yz");
	CHECK_INT(strlen(o), MAXSTRINGLEN - 1);
	CHECK_INT(o[0], 'y');
	CHECK_INT(o[MAXSTRINGLEN - 2], (MAXSTRINGLEN - 2) % 2 ? 'z' : 'y');
}

static void test_strtol(void)
{
	CHECK_INT(stp_strtol("42", 10), 42);
	CHECK_INT(stp_strtol("-42", 10), -42);
	CHECK_INT(stp_strtol("42abc", 10), 42);
	CHECK_INT(stp_strtol("ff", 16), 255);
	CHECK_INT(stp_strtol("FF", 16), 255);
	CHECK_INT(stp_strtol("0x1F", 16), 31);
	CHECK_INT(stp_strtol("0X1f", 0), 31);
	CHECK_INT(stp_strtol("0x", 0), 0);	/* no hex digit: octal "0" */
	CHECK_INT(stp_strtol("0xg", 16), 0);
	CHECK_INT(stp_strtol("0755", 0), 493);
	CHECK_INT(stp_strtol("0758", 0), 61);
	CHECK_INT(stp_strtol("99", 0), 99);
	CHECK_INT(stp_strtol("-0x10", 0), -16);
	CHECK_INT(stp_strtol("777", 8), 511);
	CHECK_INT(stp_strtol("1102", 2), 6);
	CHECK_INT(stp_strtol("zz", 36), 0);	/* only 0-9a-f are digits */
	CHECK_INT(stp_strtol("1f", 36), 51);
	CHECK_INT(stp_strtol(" 12", 10), 0);	/* no whitespace skipping */
	CHECK_INT(stp_strtol("+12", 10), 0);	/* no '+' */
	CHECK_INT(stp_strtol("--5", 10), 0);
	CHECK_INT(stp_strtol("", 10), 0);
	CHECK_INT(stp_strtol("9223372036854775807", 10), INT64_MAX);
	CHECK_INT(stp_strtol("9223372036854775808", 10), INT64_MIN);	/* wraps */
	CHECK_INT(stp_strtol("-9223372036854775808", 10), INT64_MIN);
	CHECK_INT(stp_strtol("18446744073709551617", 10), 1);
}

static const char *ts(const char *in)
{
	stp_text_str1(o, in);
	return o;
}

static const char *tn(const char *in, int64_t len, int64_t q)
{
	stp_text_strn(o, in, len, q);
	return o;
}

static void test_text_str(void)
{
	char big[MAXSTRINGLEN];

	CHECK_STR(ts("plain text 123"), "plain text 123");
	CHECK_STR(ts("tab\there\r\n"), "tab\\there\\r\\n");
	CHECK_STR(ts("\a\b\f\v"), "\\a\\b\\f\\v");
	CHECK_STR(ts("q\"b\\"), "q\\\"b\\\\");
	CHECK_STR(ts("'"), "'");
	CHECK_STR(ts("\001\037\177"), "\\001\\037\\177");
	CHECK_STR(ts("\x80\xff"), "\\200\\377");	/* invalid UTF-8: octal */
	CHECK_STR(ts("caf\xc3\xa9"), "caf\\u00E9");	/* UTF-8 */
	CHECK_STR(ts("\xe2\x82\xac!"), "\\u20AC!");
	CHECK_STR(ts("\xf0\x9f\x98\x80"), "\\U0001F600");
	CHECK_STR(ts("\xc0\x80"), "\\300\\200");	/* overlong */
	CHECK_STR(ts("\xed\xa0\x80"), "\\355\\240\\200");	/* surrogate */
	CHECK_STR(ts("\xc3"), "\\303");	/* truncated sequence */
	CHECK_STR(ts(""), "");

	/* text_strn: len limits the output; escapes are never split */
	CHECK_STR(tn("abcdefghij", 4, 0), "abcd");
	CHECK_STR(tn("ab\ncd", 3, 0), "ab");
	CHECK_STR(tn("ab\ncd", 4, 0), "ab\\n");
	CHECK_STR(tn("a\001", 4, 0), "a");
	CHECK_STR(tn("abc", 0, 0), "abc");
	CHECK_STR(tn("abc", -5, 0), "abc");
	/* quoted: "..." after the quote when the input does not fit */
	CHECK_STR(tn("abcdefghij", 0, 1), "\"abcdefghij\"");
	CHECK_STR(tn("abcdefghij", 8, 1), "\"abc\"...");
	CHECK_STR(tn("abcdefghij", 12, 1), "\"abcdefghij\"");
	CHECK_STR(tn("abcdefghij", 11, 1), "\"abcdef\"...");
	CHECK_STR(tn("abcdefghi", 11, 1), "\"abcdefghi\"");
	CHECK_STR(tn("abc", 1, 1), "\"abc\"");	/* outlen raised to 5-2 */
	CHECK_STR(tn("\t\t\t\t\t", 9, 1), "\"\\t\\t\"...");
	CHECK_STR(tn("x\001yyyyyy", 9, 1), "\"x\"...");	/* octal escape not split */
	CHECK_STR(tn("\xc3\xa9\xc3\xa9", 9, 1), "\"\"...");
	CHECK_STR(tn("", 0, 1), "\"\"");

	stp_string_quoted(o, "say \"hi\"\n");
	CHECK_STR(o, "\"say \\\"hi\\\"\\n\"");
	stp_string_quoted(o, "");
	CHECK_STR(o, "\"\"");
	/* a full-size string quoted: truncated with "..." within the buffer */
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	stp_string_quoted(o, big);
	CHECK_INT(strlen(o), MAXSTRINGLEN - 1);
	CHECK_STR(o + strlen(o) - 5, "q\"...");
	CHECK_INT(o[0], '"');
	stp_text_str1(o, big);
	CHECK_STR(o, big);
	/* buffer mode keeps going over NUL bytes, each written \0 but counted as four characters (stap 4.8) */
	stp_text_str(o, "a\0b", 3, 0, 1, 1);
	CHECK_STR(o, "\"a\\0b\"");
	stp_text_str(o, "a\0b\nc", 5, 10, 1, 1);
	CHECK_STR(o, "\"a\\0\"...");
}

static void test_tokenize(void)
{
	static struct stp_tokenize_state st;	/* zeroed, like a fresh context */

	stp_tokenize(&st, o, "", ",");
	CHECK_STR(o, "");
	stp_tokenize(&st, o, "/usr//local/bin/", "/");
	CHECK_STR(o, "usr");
	stp_tokenize(&st, o, "", "/");
	CHECK_STR(o, "local");
	stp_tokenize(&st, o, "", "/");
	CHECK_STR(o, "bin");
	stp_tokenize(&st, o, "", "/");
	CHECK_STR(o, "");
	stp_tokenize(&st, o, "", "/");
	CHECK_STR(o, "");
	/* several delimiters; the set may change between calls */
	stp_tokenize(&st, o, "k1=v1; k2=v2", "=; ");
	CHECK_STR(o, "k1");
	stp_tokenize(&st, o, "", "=; ");
	CHECK_STR(o, "v1");
	stp_tokenize(&st, o, "", ";");
	CHECK_STR(o, " k2=v2");
	stp_tokenize(&st, o, "", ";");
	CHECK_STR(o, "");
	/* no delimiter in the string; empty delimiter set */
	stp_tokenize(&st, o, "whole", ",");
	CHECK_STR(o, "whole");
	stp_tokenize(&st, o, "", ",");
	CHECK_STR(o, "");
	stp_tokenize(&st, o, "a,b", "");
	CHECK_STR(o, "a,b");
	/* only delimiters */
	stp_tokenize(&st, o, ",,,", ",");
	CHECK_STR(o, "");
	/* a new non-empty input restarts */
	stp_tokenize(&st, o, "x y z", " ");
	CHECK_STR(o, "x");
	stp_tokenize(&st, o, "p q", " ");
	CHECK_STR(o, "p");
	stp_tokenize(&st, o, "", " ");
	CHECK_STR(o, "q");
}

static void test_case(void)
{
	stp_str_toupper(o, "Hello, World 42!");
	CHECK_STR(o, "HELLO, WORLD 42!");
	stp_str_tolower(o, "Hello, World 42!");
	CHECK_STR(o, "hello, world 42!");
}

int main(void)
{
	test_basic();
	test_str_replace();
	test_strtol();
	test_text_str();
	test_tokenize();
	test_case();
	return t_report("test_string");
}
