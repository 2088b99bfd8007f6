// cflags: -O0
/* Probed by tapset/lib_user_strings: hands strings of each width and a writable buffer to take(), whose arguments
 * the script reads and writes. Everything lives on main's stack, so its pages are present when the probe reads them
 * (probes serve no page faults). It writes nothing: the script's output is all there is. */
#include <stdint.h>

__attribute__((noinline)) int take(const uint16_t *u16, const uint32_t *u32, const char *bytes, char *buffer, long *numbers)
{
	return u16[0] + (int)u32[0] + bytes[0] + buffer[0] + (int)numbers[0];
}

int main(void)
{
	uint16_t u16[] = { 'h', 0xe9, 0x20ac, 0xd83d, 0xde00, '!', 0, 'a', 0xdc00, 0 };
	uint32_t u32[] = { 'w', 0x3b1, 0x1f600, '\n', 0, 'x', 0x110000, 0 };
	char bytes[] = "plain\0tail \"quoted\"\ttab";
	char buffer[1024] = "writable buffer"; /* room for stap's writes, which fill MAXSTRINGLEN bytes */
	long numbers[] = { -2, 0x1234567890, 0 };
	return take(u16, u32, bytes, buffer, numbers) == 0;
}
