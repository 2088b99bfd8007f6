/* Stapper module runtime: defaults, kernel headers and the runtime headers in dependency order.
 * The generated module.c includes this first. */
#ifndef STP_RUNTIME_H
#define STP_RUNTIME_H

#include "stp_kernel.h"

#include "stp_autoconf.h"

#ifndef MAXSTRINGLEN
#define MAXSTRINGLEN 512
#endif
/* stap's --suppress-handler-errors and --suppress-time-limits (-g) arrive as these macros; as 0/1 values the
 * code that reads them stays compiled and checked either way. */
#ifdef STAP_SUPPRESS_HANDLER_ERRORS
#define STP_SUPPRESS_HANDLER_ERRORS 1
#else
#define STP_SUPPRESS_HANDLER_ERRORS 0
#endif
#ifdef STAP_SUPPRESS_TIME_LIMITS_ENABLE
#define STP_SUPPRESS_TIME_LIMITS 1
#else
#define STP_SUPPRESS_TIME_LIMITS 0
#endif

#ifndef MAXACTION
#define MAXACTION 1000
#endif
/* stap's probes run interruptible by default and get ten times MAXACTION (its INTERRUPTIBLE rule) */
#ifndef MAXACTION_INTERRUPTIBLE
#define MAXACTION_INTERRUPTIBLE (MAXACTION * 10)
#endif
/* A body without loops or calls runs each of its N statements at most once: when N fits the budget it can never
 * exceed MAXACTION, so its charges and the budget's reset fold away at compile time (Translate/ActionBudget). An
 * open body (N = -1) always gets the reset, whatever the options. */
#define STP_ACTIONS_BOUNDED(n) ((n) >= 0 && (STP_SUPPRESS_TIME_LIMITS || (n) <= MAXACTION_INTERRUPTIBLE))
#ifndef MAXNESTING
#define MAXNESTING 10
#endif
#ifndef TRYLOCKDELAY
#define TRYLOCKDELAY 10
#endif
#ifndef MAXTRYLOCK
#define MAXTRYLOCK 100
#define STP_MAXTRYLOCK_DEFAULT 1 /* not set with -D: a guest may stretch it (stp_lock.h) */
#endif
#ifndef MAXMAPENTRIES
#define MAXMAPENTRIES 2048
#endif
#ifndef MAXERRORS
#define MAXERRORS 0
#endif
#ifndef MAXSKIPPED
#define MAXSKIPPED 100
#endif
#ifndef STP_PRINT_BUF_SIZE
#define STP_PRINT_BUF_SIZE 32768
#endif
#ifndef STP_PRINT_FLUSH_AT
#define STP_PRINT_FLUSH_AT 8192
#endif
#ifndef STP_DEFAULT_BUFSIZE
#define STP_DEFAULT_BUFSIZE (1024 * 1024)
#endif
#ifndef KRETACTIVE
#define KRETACTIVE 0
#endif

typedef char stp_string_t[MAXSTRINGLEN];

#include "stp_kcompat.h"
#include "stp_buf.h"
#include "stp_format.h"
#include "stp_stat.h"
#include "stp_string.h"
#include "stp_named_values.h"
#include "stp_signal_text.h"
#include "stp_ring.h"
#include "stp_transport.h"
#include "stp_error.h"
#include "stp_lock.h"
#include "stp_module_wait.h"
#include "stp_map.h"
#include "stp_global_access.h"
#include "stp_pstat.h"
#include "stp_global_param.h"
#include "stp_system.h"
#include "stp_namespaces.h"

#endif
