/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the command language (every verb cmd_exec() knows: ip link/addr/
 * route/rule/neigh, sysctl, iptables, conntrack, the traffic verbs, host prefixes) on a
 * small two-host network. Each input line runs in turn. Properties: no sanitizer report,
 * and a configuration command that fails leaves the visible state (routes of all
 * tables, rules, addresses, links, neighbours, iptables rules) as it was. `make fuzz` runs it with the
 * seed corpus in tests/fuzz/corpus-cmd; `make test` replays the corpus and a bounded
 * number of new inputs (tests/fuzz/run.sh).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/model.h"
#include "tools/cmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const setup[] = {
	"a ip link add eth0 address 02:00:00:00:00:10 type veth peer name p0 netns b",
	"a ip link set eth0 up",
	"a ip link set lo up",
	"b ip link set p0 up",
	"a ip addr add 10.0.0.1/24 dev eth0",
	"b ip addr add 10.0.0.2/24 dev p0",
	"a ip route add 10.1.0.0/16 via 10.0.0.2",
	"a ip rule add from 10.0.0.1 table 100",
	"b iptables -t nat -A POSTROUTING -o p0 -j MASQUERADE",
	"a ip nexthop add id 1 via 10.0.0.2 dev eth0",
	"a ip nexthop add id 2 blackhole",
	"a ip nexthop add id 3 group 1",
	"a ip route add 10.3.0.0/16 nhid 3",
	"a ip route add 10.4.0.0/16 nexthop via 10.0.0.2 nexthop dev eth0 weight 3",
};

static void fingerprint(struct cmd_ctx *ctx, struct strbuf *sb)
{
	static const char *const probes[] = {
		"a ip route show table all",
		"a ip rule show",
		"a ip addr show",
		"a ip link show",
		"a ip neigh show",
		"a ip nexthop show",
		"a iptables -S",
		"a iptables -t nat -S",
		"b ip route show table all",
		"b ip addr show",
		"b iptables -t nat -S",
	};
	struct cmd_out o;

	strbuf_reset(sb);
	cmd_out_init(&o);
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		cmd_out_reset(&o);
		cmd_exec(ctx, probes[i], &o);
		strbuf_add(sb, o.out.buf ? o.out.buf : "", o.out.len);
	}
	cmd_out_release(&o);
}

/* Traffic verbs (connect, send, ping…) are applications, not configuration: one that
 * fails (ECONNREFUSED…) has still sent packets, and the neighbour table shows it. The
 * state property is for the configuration tools, but for iptables-restore: it commits
 * table by table as the real tool does, so a failure in a later table leaves the
 * earlier ones restored (tests/oracle/cases/iptables-restore.ip checks which). */
static int is_traffic(const char *line)
{
	char w[2][32] = { "", "" };

	if (sscanf(line, "%31s %31s", w[0], w[1]) < 1)
		return 0;
	return traffic_is_verb(w[0]) ||
	       ((!strcmp(w[0], "a") || !strcmp(w[0], "b")) && traffic_is_verb(w[1]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sim *sim = sim_new();
	struct cmd_ctx ctx = { 0 };
	struct cmd_out o;
	struct strbuf before, after;
	char *text = malloc(size + 1), *line, *save = NULL;
	int lines = 0;

	memcpy(text, data, size);
	text[size] = '\0';
	ctx.sim = sim;
	ctx.default_host = "a";
	cmd_out_init(&o);
	strbuf_init(&before);
	strbuf_init(&after);
	for (size_t i = 0; i < sizeof(setup) / sizeof(setup[0]); i++) {
		cmd_out_reset(&o);
		cmd_exec(&ctx, setup[i], &o);
		if (o.rc)
			abort(); /* the fixture itself must work */
	}
	for (line = strtok_r(text, "\n", &save); line && lines < 64;
	     line = strtok_r(NULL, "\n", &save), lines++) {
		fingerprint(&ctx, &before);
		cmd_out_reset(&o);
		cmd_exec(&ctx, line, &o);
		if (o.rc == 0 || is_traffic(line) || strstr(line, "iptables-restore"))
			continue;
		fingerprint(&ctx, &after);
		if (strcmp(before.buf, after.buf) != 0) {
			fprintf(stderr,
				"a failing command changed the state: %s\n--- before\n%s--- "
				"after\n%s",
				line, before.buf, after.buf);
			abort();
		}
	}
	strbuf_release(&before);
	strbuf_release(&after);
	cmd_out_release(&o);
	sim_free(sim);
	free(text);
	return 0;
}
