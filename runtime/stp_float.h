/* IEEE-754 doubles held in a script's longs (the fp_* tapset functions). Arithmetic runs on the CPU's
 * SSE2 unit (correctly rounded, round to nearest even: the results stap's software floats give) inside
 * kernel_fpu_begin(); comparisons, conversions to integers and NaN results are done on the bits, with
 * stap's rules: a NaN converts to 0, overflow saturates, an invalid operation gives 0x7FF8000000000000. */
#ifndef STP_FLOAT_H
#define STP_FLOAT_H

#include <linux/ctype.h>
#include <asm/fpu/api.h>

#define STP_F64_DEFAULT_NAN 0x7FF8000000000000ULL
#define STP_F64_QUIET_BIT 0x0008000000000000ULL

static inline __maybe_unused int stp_f64_is_nan(u64 a)
{
	return ((a >> 52) & 0x7FF) == 0x7FF && (a & 0x000FFFFFFFFFFFFFULL);
}

static inline __maybe_unused int stp_f64_is_signaling(u64 a)
{
	return stp_f64_is_nan(a) && !(a & STP_F64_QUIET_BIT);
}

/* The NaN an operation on A and B gives when either is one (else the hardware's NaN becomes the default). */
static __maybe_unused u64 stp_f64_nan_of(u64 a, u64 b, u64 r)
{
	if (stp_f64_is_signaling(a) || stp_f64_is_signaling(b))
		return (stp_f64_is_signaling(a) ? a : b) | STP_F64_QUIET_BIT;
	if (stp_f64_is_nan(a))
		return a;
	if (stp_f64_is_nan(b))
		return b;
	return stp_f64_is_nan(r) ? STP_F64_DEFAULT_NAN : r;
}

/* The FPU may be used here (not in an NMI, nor in an interrupt that came in on top of FPU use). */
static __maybe_unused int stp_fpu_enter(void)
{
	if (!irq_fpu_usable())
		return 0;
	kernel_fpu_begin_mask(KFPU_387 | KFPU_MXCSR);
	return 1;
}

static inline __maybe_unused void stp_fpu_leave(void)
{
	kernel_fpu_end();
}

/* One SSE2 operation on two doubles; the kernel compiles no SSE code of its own, so xmm0/xmm1 are free. */
#define STP_F64_SSE_OP(name, insn)						\
static __maybe_unused u64 name(u64 a, u64 b)							\
{										\
	u64 r;									\
	asm volatile("movq %1, %%xmm0\n\tmovq %2, %%xmm1\n\t" insn " %%xmm1, %%xmm0\n\tmovq %%xmm0, %0" \
		     : "=r"(r) : "r"(a), "r"(b));					\
	return stp_f64_nan_of(a, b, r);						\
}
STP_F64_SSE_OP(stp_f64_add, "addsd")
STP_F64_SSE_OP(stp_f64_sub, "subsd")
STP_F64_SSE_OP(stp_f64_mul, "mulsd")
STP_F64_SSE_OP(stp_f64_div, "divsd")

static __maybe_unused u64 stp_f64_sqrt(u64 a)
{
	u64 r;
	asm volatile("movq %1, %%xmm1\n\tsqrtsd %%xmm1, %%xmm0\n\tmovq %%xmm0, %0" : "=r"(r) : "r"(a));
	return stp_f64_nan_of(a, a, r);
}

/* IEEE remainder (x - n*y, n the integer nearest x/y): x87's FPREM1, repeated until it is complete. */
static __maybe_unused u64 stp_f64_rem(u64 a, u64 b)
{
	u64 r;
	asm volatile("fldl %2\n\tfldl %1\n"
		     "1:\tfprem1\n\tfnstsw %%ax\n\ttestw $0x400, %%ax\n\tjnz 1b\n\t"
		     "fstpl %0\n\tfstp %%st(0)"
		     : "=m"(r) : "m"(a), "m"(b) : "ax");
	return stp_f64_nan_of(a, b, r);
}

static __maybe_unused u64 stp_i64_to_f64(s64 v)
{
	u64 r;
	asm volatile("cvtsi2sdq %1, %%xmm0\n\tmovq %%xmm0, %0" : "=r"(r) : "r"(v));
	return r;
}

static __maybe_unused u64 stp_f32_to_f64(u32 v)
{
	u64 r;
	if (((v >> 23) & 0xFF) == 0xFF && (v & 0x7FFFFF))	/* NaN: keep sign and payload, quieted */
		return ((u64)(v >> 31) << 63) | 0x7FF8000000000000ULL | ((u64)(v & 0x3FFFFF) << 29);
	asm volatile("movd %1, %%xmm1\n\tcvtss2sd %%xmm1, %%xmm0\n\tmovq %%xmm0, %0" : "=r"(r) : "r"(v));
	return r;
}

/* Ordering on the bits: sign and magnitude; -0 == +0; any NaN compares false. */
static inline __maybe_unused s64 stp_f64_order(u64 a)
{
	return (a >> 63) ? -(s64)(a & ~(1ULL << 63)) : (s64)a;
}

static __maybe_unused int stp_f64_eq(u64 a, u64 b)
{
	if (stp_f64_is_nan(a) || stp_f64_is_nan(b))
		return 0;
	return stp_f64_order(a) == stp_f64_order(b);
}

static __maybe_unused int stp_f64_lt(u64 a, u64 b)
{
	if (stp_f64_is_nan(a) || stp_f64_is_nan(b))
		return 0;
	return stp_f64_order(a) < stp_f64_order(b);
}

static __maybe_unused int stp_f64_le(u64 a, u64 b)
{
	if (stp_f64_is_nan(a) || stp_f64_is_nan(b))
		return 0;
	return stp_f64_order(a) <= stp_f64_order(b);
}

/* Rounding modes of fp_to_long: nearest even, toward zero, down, up, nearest away from zero, (5 unused), odd. */
enum { STP_ROUND_NEAR_EVEN, STP_ROUND_MIN_MAG, STP_ROUND_MIN, STP_ROUND_MAX, STP_ROUND_NEAR_MAX_MAG, STP_ROUND_ODD = 6 };

/* To a 64-bit integer by MODE, on the bits: NaN gives 0, overflow the nearest limit. */
static __maybe_unused s64 stp_f64_to_i64(u64 a, int mode)
{
	int neg = a >> 63;
	int exp = (a >> 52) & 0x7FF;
	u64 frac = a & 0x000FFFFFFFFFFFFFULL;
	u64 mag, ip, rest, half, one_bit;
	int shift;

	if (exp == 0x7FF && frac)
		return 0;
	if (exp == 0 && frac == 0)
		return 0;
	mag = exp ? frac | (1ULL << 52) : frac;
	shift = exp ? exp - 1075 : -1074;	/* value = mag * 2^shift */
	if (shift >= 11)	/* 2^63 or more */
		return neg && shift == 11 && mag == (1ULL << 52) ? S64_MIN : (neg ? S64_MIN : S64_MAX);
	if (shift >= 0) {
		ip = mag << shift;
		return neg ? -(s64)ip : (s64)ip;
	}
	if (shift < -63) {
		ip = 0;
		rest = mag;	/* below one half, but not zero */
		half = 0;	/* compared below through the "tiny" path */
	} else {
		ip = mag >> -shift;
		rest = mag & ((1ULL << -shift) - 1);
		half = 1ULL << (-shift - 1);
	}
	if (rest) {
		int up = 0;
		int tiny = shift < -63;
		switch (mode) {
		case STP_ROUND_NEAR_EVEN:
			up = !tiny && (rest > half || (rest == half && (ip & 1)));
			break;
		case STP_ROUND_NEAR_MAX_MAG:
			up = !tiny && rest >= half;
			break;
		case STP_ROUND_MIN:
			up = neg;
			break;
		case STP_ROUND_MAX:
			up = !neg;
			break;
		case STP_ROUND_ODD:
			one_bit = ip & 1;
			up = !one_bit;
			break;
		default:
			break;
		}
		ip += up;
	}
	if (!neg && ip > (u64)S64_MAX)
		return S64_MAX;
	if (neg && ip > (u64)S64_MAX)
		return S64_MIN;
	return neg ? -(s64)ip : (s64)ip;
}

static __maybe_unused void stp_u64_decimal(char *buf, size_t len, u64 v)
{
	snprintf(buf, len, "%llu", (unsigned long long)v);
}

/* stap's fp_to_string: integer part (divided by ten while at least 1e18, counted in an "eN" suffix), then
 * PRECISION digits, each taken by multiplying the fraction by ten; the last is rounded up when the next
 * digit is 5 or more (with no carry into the digits before it). */
static __maybe_unused void stp_f64_to_str(char *out, size_t len, u64 a, long precision)
{
	u64 ten = stp_i64_to_f64(10), limit = stp_i64_to_f64(1000000000000000000LL);
	u64 pos = a & ~(1ULL << 63), frac;
	int e10 = 0;
	s64 ip, d, last, next;
	long i;
	char digits[32];

	out[0] = 0;
	if (((a >> 52) & 0x7FF) == 0x7FF) {
		strlcat(out, (a & 0x000FFFFFFFFFFFFFULL) ? "NaN" : (a >> 63) ? "-Infinity" : "Infinity", len);
		return;
	}
	if (a >> 63)
		strlcat(out, "-", len);
	while (stp_f64_le(limit, pos)) {
		pos = stp_f64_div(pos, ten);
		e10++;
	}
	ip = stp_f64_to_i64(pos, STP_ROUND_MIN_MAG);
	frac = stp_f64_sub(pos, stp_i64_to_f64(ip));
	stp_u64_decimal(digits, sizeof(digits), (u64)ip);
	strlcat(out, digits, len);
	if (precision > 0) {
		strlcat(out, ".", len);
		for (i = 0; i < precision - 1; i++) {
			frac = stp_f64_mul(frac, ten);
			d = stp_f64_to_i64(frac, STP_ROUND_MIN_MAG);
			stp_u64_decimal(digits, sizeof(digits), (u64)d);
			strlcat(out, digits, len);
			frac = stp_f64_sub(frac, stp_i64_to_f64(d));
		}
		frac = stp_f64_mul(frac, ten);
		last = stp_f64_to_i64(frac, STP_ROUND_MIN_MAG);
		frac = stp_f64_sub(frac, stp_i64_to_f64(last));
		frac = stp_f64_mul(frac, ten);
		next = stp_f64_to_i64(frac, STP_ROUND_MIN_MAG);
		if (next >= 5)
			last++;
		stp_u64_decimal(digits, sizeof(digits), (u64)last);
		strlcat(out, digits, len);
	}
	if (e10) {
		snprintf(digits, sizeof(digits), "e%d", e10);
		strlcat(out, digits, len);
	}
}

/* stap's string_to_fp: [+-]digits[.digits][(e|E)[+-]digits], accumulated in doubles digit by digit
 * (value*10 + d; ten more in the divisor per fraction digit; the exponent applied to the divisor one
 * factor of ten at a time), then sign * (value / divisor). Anything else: 0 and -EINVAL. */
static __maybe_unused int stp_str_to_f64(const char *s, u64 *result)
{
	u64 ten = stp_i64_to_f64(10), one = stp_i64_to_f64(1), zero = stp_i64_to_f64(0);
	u64 value = zero, power = one, exponent = zero, sign;
	int i = 0, exp_negative;

	sign = stp_i64_to_f64(s[0] == '-' ? -1 : 1);
	if (s[i] == '-' || s[i] == '+')
		i++;
	for (; isdigit(s[i]); i++)
		value = stp_f64_add(stp_f64_mul(value, ten), stp_i64_to_f64(s[i] - '0'));
	if (s[i] == '.')
		i++;
	for (; isdigit(s[i]); i++) {
		value = stp_f64_add(stp_f64_mul(value, ten), stp_i64_to_f64(s[i] - '0'));
		power = stp_f64_mul(power, ten);
	}
	if (s[i] == 'e' || s[i] == 'E') {
		i++;
		exp_negative = s[i] == '-';
		if (s[i] == '-' || s[i] == '+')
			i++;
		for (; isdigit(s[i]); i++)
			exponent = stp_f64_add(stp_f64_mul(exponent, ten), stp_i64_to_f64(s[i] - '0'));
		while (!stp_f64_eq(exponent, zero)) {
			power = exp_negative ? stp_f64_mul(power, ten) : stp_f64_div(power, ten);
			exponent = stp_f64_sub(exponent, one);
		}
	}
	if (s[i] != '\0')
		return -EINVAL;
	*result = stp_f64_mul(sign, stp_f64_div(value, power));
	return 0;
}

#endif
