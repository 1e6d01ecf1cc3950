/* SPDX-License-Identifier: GPL-2.0-only */
/* simfx: see simfx.h. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "simfx.h"

const char simfx_t1[] =
	"sw ip link add br0 type bridge\n"
	"sw ip link set br0 up\n"
	"h ip link add eth0 address 02:00:00:00:00:10 type veth peer name h-eth0 netns sw\n"
	"h ip link add eth1 address 02:00:00:00:00:11 type veth peer name h-eth1 netns sw\n"
	"p ip link add eth0 address 02:00:00:00:00:64 type veth peer name p-eth0 netns sw\n"
	"sw ip link set h-eth0 master br0\n"
	"sw ip link set h-eth1 master br0\n"
	"sw ip link set p-eth0 master br0\n"
	"sw ip link set h-eth0 up\n"
	"sw ip link set h-eth1 up\n"
	"sw ip link set p-eth0 up\n"
	"h ip link set lo up\n"
	"h ip link set eth0 up\n"
	"h ip link set eth1 up\n"
	"p ip link set lo up\n"
	"p ip link set eth0 up\n"
	"h ip addr add 10.0.0.1/24 dev eth0\n"
	"h ip addr add 10.0.0.2/24 dev eth1\n"
	"p ip addr add 10.0.0.100/24 dev eth0\n";

struct simfx *simfx_new(const char *default_host, bool trace)
{
	struct simfx *f = test_calloc(1, sizeof(*f));

	f->sim = sim_new();
	f->ctx.sim = f->sim;
	f->ctx.default_host = default_host;
	cmd_out_init(&f->o);
	trace_init(&f->t);
	if (trace)
		f->sim->trace = &f->t;
	return f;
}

void simfx_free(struct simfx *f)
{
	cmd_out_release(&f->o);
	f->sim->trace = NULL;
	trace_release(&f->t);
	sim_free(f->sim);
	test_free(f);
}

int simfx_exec(struct simfx *f, const char *line)
{
	cmd_out_reset(&f->o);
	return cmd_exec(&f->ctx, line, &f->o);
}

void simfx_run_rc(struct simfx *f, const char *lines, int want)
{
	char buf[8192];
	char *save = NULL;

	snprintf(buf, sizeof(buf), "%s", lines);
	for (char *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		if (simfx_exec(f, l), f->o.rc != want)
			fail_msg("%s: rc %d, want %d: %s", l, f->o.rc, want, simfx_stderr(f));
}

void simfx_run(struct simfx *f, const char *lines)
{
	simfx_run_rc(f, lines, 0);
}

const char *simfx_out(struct simfx *f, const char *line, int *rc)
{
	simfx_exec(f, line);
	if (rc)
		*rc = f->o.rc;
	return f->o.rc ? simfx_stderr(f) : simfx_stdout(f);
}

const char *simfx_stdout(const struct simfx *f)
{
	return f->o.out.buf ? f->o.out.buf : "";
}

const char *simfx_stderr(const struct simfx *f)
{
	return f->o.err.buf ? f->o.err.buf : "";
}
