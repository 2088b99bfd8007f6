/* regex matcher (runtime/stp_regex.h) on tables the translator emitted (regex_tables.h):
 * the Pike VM's submatches and the DFA's answers, expectations from stap's testsuite
 * (runok/regex.stp, runok/regex_grouping.stp). */
#include "test_util.h"
#include "regex_tables.h"

static struct stp_regex_vm vm;
static struct stp_regex_match m;

static const char *group(int n)
{
	static char out[MAXSTRINGLEN];

	stp_regex_group(&m, n, out);
	return out;
}

static void test_submatches(void)
{
	CHECK_INT(stp_regex_exec(&t_vm0_prog, &vm, &m, "aaa"), 1);
	CHECK_INT(m.ncaps, 6);
	CHECK_STR(group(0), "aaa");
	CHECK_STR(group(1), "aa");
	CHECK_STR(group(2), "a");
	CHECK_STR(m.str, "aaa");

	CHECK_INT(stp_regex_exec(&t_vm1_prog, &vm, &m, "longer"), 1);
	CHECK_STR(group(1), "longer");	/* longest overall */
	CHECK_INT(stp_regex_exec(&t_vm2_prog, &vm, &m, "baaab"), 1);
	CHECK_STR(group(0), "b");
	CHECK_INT(stp_regex_exec(&t_vm3_prog, &vm, &m, "bazfoobar"), 1);
	CHECK_STR(group(0), "foobar");
	CHECK_STR(group(1), "foo");
	CHECK_INT(stp_regex_exec(&t_vm4_prog, &vm, &m, "00effg12"), 1);
	CHECK_STR(group(0), "effg1");
	CHECK_STR(group(2), "");	/* took no part */
	CHECK_INT(stp_regex_exec(&t_vm7_prog, &vm, &m, "a"), 1);
	CHECK_INT(m.ncaps, 4);
	CHECK_STR(group(1), "");

	/* a failed match keeps the previous submatch count, as stap does */
	CHECK_INT(stp_regex_exec(&t_vm5_prog, &vm, &m, ""), 0);
	CHECK_INT(m.result, 0);
	CHECK_INT(m.ncaps, 4);
	CHECK_INT(stp_regex_exec(&t_vm6_prog, &vm, &m, "abcc"), 0);
	CHECK_INT(stp_regex_exec(&t_vm6_prog, &vm, &m, "abc"), 1);
}

static void test_vm_bounds(void)
{
	char big[MAXSTRINGLEN];

	/* a subject of MAXSTRINGLEN-1 bytes, matched at its very end */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	big[sizeof(big) - 2] = 'y';
	CHECK_INT(stp_regex_exec(&t_vm9_prog, &vm, &m, big), 1);
	CHECK_INT(m.caps[0], MAXSTRINGLEN - 5);	/* "xxxy": the first match to end starts there */
	CHECK_INT(m.caps[1], MAXSTRINGLEN - 1);
	CHECK_INT(stp_regex_exec(&t_vm11_prog, &vm, &m, "ababababc"), 1);
	CHECK_STR(group(1), "b");
	/* many generations: the marks must keep working */
	for (int i = 0; i < 1000; i++)
		stp_regex_exec(&t_vm0_prog, &vm, &m, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	CHECK_STR(group(2), "a");
}

static void test_dfa(void)
{
	CHECK_INT(stp_regex_dfa_match(&t_dfa0_dfa, "aaa"), 1);
	CHECK_INT(stp_regex_dfa_match(&t_dfa0_dfa, "b"), 0);
	CHECK_INT(stp_regex_dfa_match(&t_dfa3_dfa, "bar"), 1);
	CHECK_INT(stp_regex_dfa_match(&t_dfa3_dfa, "bazbar"), 0);
	CHECK_INT(stp_regex_dfa_match(&t_dfa4_dfa, "effg"), 0);
	CHECK_INT(stp_regex_dfa_match(&t_dfa4_dfa, "xbccd"), 1);
	CHECK_INT(stp_regex_dfa_match(&t_dfa4_dfa, "xbccdx"), 0);
	CHECK_INT(stp_regex_dfa_match(&t_dfa5_dfa, ""), 0);
	CHECK_INT(stp_regex_dfa_match(&t_dfa6_dfa, "abc"), 1);
	CHECK_INT(stp_regex_dfa_match(&t_dfa6_dfa, "abcc"), 0);
	CHECK_INT(stp_regex_dfa_match(&t_dfa6_dfa, "zabc"), 0);
	CHECK_INT(stp_regex_dfa_match(&t_dfa8_dfa, "01234"), 1);
	CHECK_INT(stp_regex_dfa_match(&t_dfa8_dfa, "0123a"), 0);
	CHECK_INT(stp_regex_dfa_match(&t_dfa8_dfa, ""), 0);
	CHECK_INT(stp_regex_dfa_match(&t_dfa9_dfa, "axxyb"), 1);
	CHECK_INT(stp_regex_dfa_match(&t_dfa9_dfa, "axyb"), 0);
	CHECK_INT(stp_regex_dfa_match(&t_dfa10_dfa, "a.c"), 1);
	CHECK_INT(stp_regex_dfa_match(&t_dfa10_dfa, "abc"), 0);
	CHECK_INT(stp_regex_dfa_match(&t_dfa11_dfa, "xxababcx"), 1);
	CHECK_INT(stp_regex_dfa_match(&t_dfa11_dfa, "abab"), 0);
	CHECK_INT(stp_regex_dfa_match(&t_dfa0_dfa, "\xc3\xa4"), 0);
}

int main(void)
{
	test_submatches();
	test_vm_bounds();
	test_dfa();
	printf("test_regex: %d checks, %d failures\n", t_checks, t_failures);
	return t_failures != 0;
}
