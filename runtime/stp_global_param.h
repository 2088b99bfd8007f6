/* -G VAR=VAL: each scalar global of the script is a module parameter named after it. The load sets it
 * before the module's init runs, so init gives a global its initializer only when no -G set it. */
#ifndef STP_GLOBAL_PARAM_H
#define STP_GLOBAL_PARAM_H

#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/string.h>

struct stp_global_param {
	void *value;
	bool set;
};

static int stp_global_param_set_long(const char *val, const struct kernel_param *kp)
{
	struct stp_global_param *p = kp->arg;
	long long v;
	/* Base 0 like the C the values are written in: 10, 0x10, 010, -5. */
	int rc = kstrtoll(val, 0, &v);

	if (rc)
		return rc;
	*(int64_t *)p->value = v;
	p->set = true;
	return 0;
}

static int stp_global_param_get_long(char *buffer, const struct kernel_param *kp)
{
	const struct stp_global_param *p = kp->arg;

	return sprintf(buffer, "%lld\n", (long long)*(int64_t *)p->value);
}

static int stp_global_param_set_string(const char *val, const struct kernel_param *kp)
{
	struct stp_global_param *p = kp->arg;

	if (strscpy(p->value, val, MAXSTRINGLEN) < 0)
		return -ENOSPC;
	p->set = true;
	return 0;
}

static int stp_global_param_get_string(char *buffer, const struct kernel_param *kp)
{
	const struct stp_global_param *p = kp->arg;

	return sprintf(buffer, "%s\n", (const char *)p->value);
}

static const struct kernel_param_ops stp_global_param_long = {
	.set = stp_global_param_set_long,
	.get = stp_global_param_get_long,
};

static const struct kernel_param_ops stp_global_param_string = {
	.set = stp_global_param_set_string,
	.get = stp_global_param_get_string,
};

#endif
