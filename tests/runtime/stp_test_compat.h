/* Userspace stand-ins for what the kernel build provides to the runtime
 * headers (included before them by the unit tests). */
#ifndef STP_TEST_COMPAT_H
#define STP_TEST_COMPAT_H
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef MAXSTRINGLEN
#define MAXSTRINGLEN 512
#endif

/* the kernel's strscpy: copy with truncation, always terminated */
static inline long strscpy(char *dst, const char *src, size_t size)
{
	size_t n = strnlen(src, size);

	if (n == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = 0;
		return -E2BIG;
	}
	memcpy(dst, src, n + 1);
	return (long)n;
}
#endif
