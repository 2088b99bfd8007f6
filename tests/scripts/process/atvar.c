// program: atvar: -g -O0
// program: atvar_nopie: -g -O0 -no-pie
/* Globals for the process/atvar* cases: @var reads them in the probed process (a PIE and a non-PIE build). */
struct point { int x; int y; const char *label; };
struct point origin = { 3, -4, "origin" };
static long counter = 42;
int values[4] = { 10, 20, 30, 40 };

__attribute__((noinline)) int touch(int step)
{
	counter += step;
	return (int)counter + origin.x;
}

int main(void)
{
	/* the label's page is read here first: a probe reads only what is resident */
	if (origin.label[0] != 'o')
		return 2;
	return touch(1) == 46 ? 0 : 1;
}
