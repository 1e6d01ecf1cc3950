/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the netlink-to-model conversion (src/adapter: netlink.c parses
 * rtnetlink messages, netlink-import.c and netlink-live.c put them into the model).
 * The first input byte chooses how the rest is read: bit 0 clear, as a dump (addresses,
 * routes, rules imported); set, as change notifications applied in place. The rest is a
 * netlink receive buffer (seeds: tests/fuzz/corpus-netlink, made by netlink-seeds.py).
 * Properties: no sanitizer report, and the host stays consistent: every table's walk
 * visits exactly its route count in dump order with prefixes of at most 32 bits, and
 * the tools and the routing decision still answer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/fib.h"
#include "net/model.h"
#include "tools/kernel-io.h"
#include "tools/cmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const setup[] = {
	"h ip link add v0 type veth peer name v1",
	"h ip link set lo up",
	"h ip link set v0 up",
	"h ip link set v1 up",
};

static void check_tables(const struct host *h)
{
	for (size_t i = 0; i < h->ntables; i++) {
		const struct table *t = &h->tables[i];
		const struct route *prev = NULL;
		size_t n = 0;

		table_for_each(t, r)
		{
			if (r->plen > 32)
				abort();
			if (prev &&
			    (prev->dst > r->dst || (prev->dst == r->dst && prev->plen < r->plen)))
				abort();
			prev = r;
			n++;
		}
		if (n != t->n)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const probes[] = {
		"h ip route show table all", "h ip rule show",	       "h ip addr show",
		"h ip route get 10.0.0.7",   "h ip route get 8.8.8.8", "h why 10.0.0.7"
	};
	struct cmd_ctx ctx = { 0 };
	struct cmd_out o;
	struct host *h;

	if (size < 1)
		return 0;
	ctx.sim = sim_new();
	ctx.default_host = "h";
	cmd_out_init(&o);
	for (size_t i = 0; i < sizeof(setup) / sizeof(setup[0]); i++)
		cmd_exec(&ctx, setup[i], &o);
	h = sim_host(ctx.sim, "h");
	nl_feed_buffer(h, data + 1, size - 1, data[0] & 1);
	check_tables(h);
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		cmd_out_reset(&o);
		cmd_exec(&ctx, probes[i], &o);
	}
	cmd_out_release(&o);
	sim_free(ctx.sim);
	return 0;
}
