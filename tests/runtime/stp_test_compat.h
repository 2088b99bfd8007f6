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
#endif
