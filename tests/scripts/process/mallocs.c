// cflags: -O0
// One malloc of a size nothing else asks for, which process/libc_alias finds through libc's malloc alias.
#include <stdlib.h>

int main(void)
{
	void *volatile p = malloc(4242);
	free(p);
	return p == NULL;
}
