/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Randomised robustness test of the command language: thousands of lines built from
 * the ip(8) vocabulary, valid and broken, run through cmd_exec() under the sanitizer
 * build. Two properties: nothing crashes, and a command that fails leaves the visible
 * network state (routes of all tables, rules, addresses, links) exactly as it was —
 * "every command is atomic". Deterministic: a fixed-seed xorshift generator.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "tools/cmd.h"
#include "net/model.h"

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

static const char *const words[] = {
	"ip",
	"route",
	"add",
	"del",
	"replace",
	"change",
	"append",
	"prepend",
	"show",
	"get",
	"flush",
	"rule",
	"addr",
	"address",
	"link",
	"set",
	"up",
	"down",
	"dev",
	"via",
	"src",
	"metric",
	"table",
	"scope",
	"proto",
	"onlink",
	"tos",
	"from",
	"to",
	"iif",
	"oif",
	"mark",
	"fwmark",
	"pref",
	"lookup",
	"goto",
	"nop",
	"not",
	"unreachable",
	"prohibit",
	"blackhole",
	"throw",
	"local",
	"broadcast",
	"unicast",
	"default",
	"all",
	"main",
	"100",
	"255",
	"0",
	"4294967295",
	"eth0",
	"eth1",
	"eth9",
	"lo",
	"br0",
	"p0",
	"10.0.0.1",
	"10.0.0.2",
	"10.0.0.0/24",
	"10.0.0.1/24",
	"10.0.0.100",
	"10.1.0.0/16",
	"0.0.0.0/0",
	"255.255.255.255",
	"224.0.0.1",
	"127.0.0.1",
	"10.0.0.0/33",
	"1.2.3.4.5",
	"300.1.1.1",
	"link",
	"host",
	"global",
	"kernel",
	"static",
	"noprefixroute",
	"secondary",
	"brd",
	"+",
	"-",
	"master",
	"nomaster",
	"address",
	"02:00:00:00:00:01",
	"type",
	"veth",
	"bridge",
	"peer",
	"name",
	"suppress_prefixlength",
	"0x10",
	"0x1/0xff",
	"-1",
	"\"quoted word\"",
	"'",
	"\"",
	"#",
	"",
	"neigh",
	"lladdr",
	"nud",
	"permanent",
	"-4",
	"-n",
	"other",
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
};

static const char *const setup[] = {
	"ip link add eth0 type veth peer name p0",
	"ip link add eth1 type veth peer name p1",
	"ip link add br0 type bridge",
	"ip link set p0 up",
	"ip link set eth0 up",
	"ip link set eth1 up",
	"ip link set lo up",
	"ip addr add 10.0.0.1/24 dev eth0",
	"ip addr add 10.0.0.2/24 dev eth1",
	"ip route add 10.1.0.0/16 via 10.0.0.100",
	"ip rule add from 10.0.0.2 table 100",
};

static void fingerprint(struct cmd_ctx *ctx, struct strbuf *sb)
{
	static const char *const probes[] = {
		"ip route show table all", "ip rule show", "ip addr show", "ip link show",
		"ip neigh show",
	};
	struct cmd_out o;

	strbuf_reset(sb);
	cmd_out_init(&o);
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		cmd_out_reset(&o);
		cmd_exec(ctx, probes[i], &o);
		strbuf_add(sb, o.out.buf, o.out.len);
	}
	cmd_out_release(&o);
}

static void test_fuzz_ip(void **state)
{
	struct sim *sim = sim_new();
	struct cmd_ctx ctx = { 0 };
	struct cmd_out o;
	struct strbuf before, after, line;
	int failed = 0, rounds = 20000;

	(void)state;
	rng_state = 0x9e3779b97f4a7c15ull;
	ctx.sim = sim;
	ctx.default_host = "h";
	cmd_out_init(&o);
	strbuf_init(&before);
	strbuf_init(&after);
	strbuf_init(&line);
	for (size_t i = 0; i < sizeof(setup) / sizeof(setup[0]); i++) {
		cmd_out_reset(&o);
		cmd_exec(&ctx, setup[i], &o);
		assert_int_equal(o.rc, 0);
	}
	for (int r = 0; r < rounds; r++) {
		int n = 2 + (int)rnd(9);

		strbuf_reset(&line);
		strbuf_puts(&line, "ip");
		for (int k = 0; k < n; k++) {
			strbuf_puts(&line, " ");
			strbuf_puts(&line, words[rnd(sizeof(words) / sizeof(words[0]))]);
		}
		fingerprint(&ctx, &before);
		cmd_out_reset(&o);
		cmd_exec(&ctx, line.buf, &o);
		if (o.rc == 0)
			continue;
		failed++;
		fingerprint(&ctx, &after);
		if (strcmp(before.buf, after.buf) != 0)
			fail_msg(
				"failed command changed the state: %s\n--- before\n%s--- after\n%s",
				line.buf, before.buf, after.buf);
	}
	print_message("%d of %d random lines failed; none changed the state\n", failed, rounds);
	/* the vocabulary must produce both successes and failures to mean anything */
	assert_true(failed > rounds / 10);
	assert_true(failed < rounds);
	strbuf_release(&before);
	strbuf_release(&after);
	strbuf_release(&line);
	cmd_out_release(&o);
	sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fuzz_ip),
	};

	return cmocka_run_group_tests_name("cmd-fuzz", tests, NULL, NULL);
}
