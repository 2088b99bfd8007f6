// cflags: -O0
// Calls getxattr once, its path and attribute name on the stack (so the probe can read them), for inline_computed.stp.
#include <sys/xattr.h>

int main(void)
{
	char path[] = "/tmp";
	char name[] = "user.stapper";
	char value[16];
	getxattr(path, name, value, sizeof value);
	return 0;
}
