/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * simfx: what the unit tests that drive the engine through the command language share
 * (test-fib, test-path, test-nf, test-scene, test-grammar): a simulation, its command
 * context and output, a trace of its events, and the T1 topology of docs/kernel.md §10.
 */
#ifndef PKTPATH_TESTS_SIMFX_H
#define PKTPATH_TESTS_SIMFX_H

#include <stdbool.h>

#include "net/model.h"
#include "out/trace.h"
#include "tools/cmd.h"

struct simfx {
	struct sim *sim;
	struct cmd_ctx ctx;
	struct cmd_out o;
	struct trace t; /* the events, when made with trace */
};

/* A fixture whose lines without a host name run on default_host; trace: the simulation
 * records its events in t. */
struct simfx *simfx_new(const char *default_host, bool trace);
void simfx_free(struct simfx *f);
/* One line; its exit status (the output is in f->o). */
int simfx_exec(struct simfx *f, const char *line);
/* Newline-separated lines; each must end with status want (the test fails otherwise). */
void simfx_run_rc(struct simfx *f, const char *lines, int want);
void simfx_run(struct simfx *f, const char *lines);
/* One line; its stdout when it succeeded, else its stderr (valid until the next call). */
const char *simfx_out(struct simfx *f, const char *line, int *rc);
/* f->o's stdout and stderr, "" when empty */
const char *simfx_stdout(const struct simfx *f);
const char *simfx_stderr(const struct simfx *f);

/* T1: h with eth0 10.0.0.1/24 and eth1 10.0.0.2/24 and p with eth0 10.0.0.100/24, all on
 * switch sw's bridge br0, fixed MACs */
extern const char simfx_t1[];

#endif
