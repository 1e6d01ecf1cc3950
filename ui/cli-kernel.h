/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cli-kernel: front-end glue for real kernel mode (`pktpath run --netns NAME`,
 * `pktpath --live`): imports the namespace into the session's sim through the libnl
 * adapter, lets `why` ask the kernel, `ss`/`conntrack -L` read the real sockets and
 * conntrack entries, and, with --apply, sends console edits to the kernel.
 */
#ifndef PKTPATH_CLI_KERNEL_H
#define PKTPATH_CLI_KERNEL_H

#include <stdbool.h>

#include "tools/cmd.h"

enum kernel_apply {
	APPLY_NONE, /* read-only: edits change the model only */
	APPLY_NS,   /* --apply: edits go to the kernel; refused for the root namespace */
	APPLY_HOST, /* --apply=host: also the root (host's) namespace */
};

/* Parses an --apply / --apply=host argument; -1 if arg is not one. */
int kernel_apply_parse(const char *arg);

/* Imports netns (a name under /run/netns, or "." for the current namespace) as host
 * named after it, makes it current. With apply: checks that the namespace is not the
 * root one (unless APPLY_HOST: exit status 2 otherwise) and that we have CAP_NET_ADMIN
 * (without it: explains on stderr and stays read-only). Prints a diagnostic on stderr
 * and returns non-zero on failure (2: usage, the --apply refusal). */
int kernel_session_open(struct cmd_ctx *ctx, const char *netns, bool follow,
			enum kernel_apply apply);
/* With follow: applies the kernel's pending changes (re-import); returns 1 if the model
 * changed. Call before each console line. */
int kernel_session_poll(struct cmd_ctx *ctx);
/* The live notification socket (follow), or -1. */
int kernel_session_fd(void);
void kernel_session_close(void);

#endif
