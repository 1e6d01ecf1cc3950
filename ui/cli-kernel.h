/*
 * cli-kernel: front-end glue for real kernel mode (`pktpath run --netns NAME`): imports
 * the namespace into the session's sim through the libnl adapter and lets `why` ask the
 * kernel.
 */
#ifndef PKTPATH_CLI_KERNEL_H
#define PKTPATH_CLI_KERNEL_H

#include <stdbool.h>

#include "../src/cmd.h"

/* Imports netns (a name under /run/netns, or "." for the current namespace) as host
 * named after it, makes it current. Prints a diagnostic on stderr and returns non-zero
 * on failure. */
int kernel_session_open(struct cmd_ctx *ctx, const char *netns, bool follow);
/* With follow: applies the kernel's pending changes (re-import); returns 1 if the model
 * changed. Call before each console line. */
int kernel_session_poll(struct cmd_ctx *ctx);
void kernel_session_close(void);

#endif
