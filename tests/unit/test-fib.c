/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the routing decision and source selection, one or more per numbered
 * rule of docs/kernel.md sections A and B that has behaviour. States are built with
 * the same command language users type, then the engine is asked directly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tools/cmd.h"
#include "net/fib.h"
#include "net/model.h"
#include "net/snapshot.h"
#include "simfx.h"

static int setup(void **state)
{
	*state = simfx_new("h", false);
	return 0;
}

static int teardown(void **state)
{
	simfx_free(*state);
	return 0;
}

static struct host *H(struct simfx *f)
{
	return sim_host(f->sim, "h");
}

static uint32_t A(const char *s)
{
	uint32_t a = 0;

	assert_true(ip_parse(s, &a));
	return a;
}

/* T1 of docs/kernel.md §10: eth0 10.0.0.1/24 and eth1 10.0.0.2/24 on one subnet */
static void t1(struct simfx *f)
{
	simfx_run(f, "ip link add eth0 type veth peer name p0\n"
		     "ip link add eth1 type veth peer name p1\n"
		     "ip link set p0 up\nip link set p1 up\n"
		     "ip addr add 10.0.0.1/24 dev eth0\nip addr add 10.0.0.2/24 dev eth1\n"
		     "ip link set eth0 up\nip link set eth1 up\nip link set lo up\n");
}

static int route_out(struct simfx *f, const char *dst, const char *src, int oif, uint32_t mark,
		     struct rtable *rt, uint32_t *saddr)
{
	struct flow fl = { 0 };
	int err;

	fl.daddr = A(dst);
	fl.saddr = src ? A(src) : 0;
	fl.oif = oif;
	fl.mark = mark;
	err = fib_route_output(H(f), &fl, rt);
	if (saddr)
		*saddr = fl.saddr;
	return err;
}

static int ifx(struct simfx *f, const char *name)
{
	struct nic *n = host_nic(H(f), name);

	assert_non_null(n);
	return n->ifindex;
}

/* A1: default rules */
static void test_a1_default_rules(void **state)
{
	struct simfx *f = *state;

	assert_string_equal(simfx_out(f, "ip rule show", NULL),
			    "0:\tfrom all lookup local\n32766:\tfrom all lookup main\n"
			    "32767:\tfrom all lookup default\n");
}

/* A2: rule order, auto pref, from/fwmark selectors, actions */
static void test_a2_rules(void **state)
{
	struct simfx *f = *state;
	struct rtable rt;
	uint32_t s;

	t1(f);
	simfx_run(f, "ip route add 10.9.0.0/16 dev eth1 table 100\n"
		     "ip rule add fwmark 1 table 100\n"
		     "ip rule add to 10.8.0.0/16 unreachable\n");
	/* A2.2: pref = second rule's pref - 1, twice */
	assert_string_equal(
		simfx_out(f, "ip rule show", NULL),
		"0:\tfrom all lookup local\n32764:\tfrom all to 10.8.0.0/16 unreachable\n"
		"32765:\tfrom all fwmark 0x1 lookup 100\n32766:\tfrom all lookup main\n"
		"32767:\tfrom all lookup default\n");
	assert_int_equal(route_out(f, "10.9.1.1", NULL, 0, 1, &rt, &s), 0);
	assert_int_equal(rt.dev, ifx(f, "eth1"));
	/* without the mark no rule matches table 100 → no route */
	assert_int_equal(route_out(f, "10.9.1.1", NULL, 0, 0, &rt, &s), -ENETUNREACH);
	/* A2.4: unreachable action stops the walk with ENETUNREACH */
	assert_int_equal(route_out(f, "10.8.1.1", NULL, 0, 0, &rt, &s), -ENETUNREACH);
}

/* A2.5: throw continues the walk; suppress_prefixlength discards short results */
static void test_a2_throw_suppress(void **state)
{
	struct simfx *f = *state;
	struct rtable rt;
	uint32_t s;

	t1(f);
	simfx_run(f, "ip route add default via 10.0.0.254 dev eth0\n"
		     "ip route add throw 10.64.0.0/16 table 100\n"
		     "ip route add default via 10.0.0.253 dev eth1 table 100\n"
		     "ip rule add pref 100 lookup 100\n");
	assert_int_equal(route_out(f, "10.64.1.1", NULL, 0, 0, &rt, &s), 0);
	assert_int_equal(rt.gw, A("10.0.0.254")); /* thrown back to main */
	assert_int_equal(route_out(f, "8.8.8.8", NULL, 0, 0, &rt, &s), 0);
	assert_int_equal(rt.gw, A("10.0.0.253"));
	simfx_run(f, "ip rule add pref 50 lookup main suppress_prefixlength 0");
	assert_int_equal(route_out(f, "10.0.0.100", NULL, 0, 0, &rt, &s), 0);
	assert_int_equal(rt.dev, ifx(f, "eth0")); /* /24 from main kept */
	assert_int_equal(route_out(f, "8.8.8.8", NULL, 0, 0, &rt, &s), 0);
	assert_int_equal(rt.gw, A("10.0.0.253")); /* default of main suppressed */
}

/* A2.3: ipproto, port ranges and uid ranges; the ICMP type and code in the dport; input
 * flows read protocol and ports only when a rule needs them */
static void test_a2_l4_selectors(void **state)
{
	struct simfx *f = *state;
	struct flow fl;
	struct host *hh;

	t1(f);
	hh = H(f);
	simfx_run(f, "ip rule add pref 100 ipproto tcp dport 80-88 lookup 100\n"
		     "ip rule add pref 101 uidrange 1000-1999 lookup 100\n");
	memset(&fl, 0, sizeof(fl));
	flow_set_l4(&fl, 6, 40000, 80);
	assert_true(fib_rule_match(hh, &hh->rules[1], &fl));
	flow_set_l4(&fl, 6, 40000, 89);
	assert_false(fib_rule_match(hh, &hh->rules[1], &fl));
	flow_set_l4(&fl, 17, 40000, 80);
	assert_false(fib_rule_match(hh, &hh->rules[1], &fl));
	fl.uid = 1999;
	assert_true(fib_rule_match(hh, &hh->rules[2], &fl));
	fl.uid = 2000;
	assert_false(fib_rule_match(hh, &hh->rules[2], &fl));
	/* an echo request (type 8, code 0) is "dport 2048" on output, no port on input */
	flow_set_l4(&fl, 1, 8, 0);
	assert_int_equal(fl.dport, 2048);
	assert_int_equal(fl.sport, 0);
	flow_set_l4_in(&fl, 1, 8, 0);
	assert_int_equal(fl.dport, 0);
	assert_true(fib_rules_dissect(hh));
	simfx_run(f, "ip rule del pref 100\n");
	assert_false(fib_rules_dissect(hh)); /* a uid range needs no dissection */
	simfx_run(f, "ip rule add pref 102 iif lo ipproto udp lookup 100\n");
	assert_false(fib_rules_dissect(hh)); /* nor a rule for iif lo */
}

/* A3: longest prefix, alias order by metric, backtracking on oif */
static void test_a3_lpm_backtrack(void **state)
{
	struct simfx *f = *state;
	struct rtable rt;
	uint32_t s;

	t1(f);
	simfx_run(f, "ip route add 10.7.0.0/16 dev eth0 metric 20\n"
		     "ip route add 10.7.0.0/16 dev eth1 metric 10\n"
		     "ip route add 10.7.1.0/24 dev eth0\n");
	assert_int_equal(route_out(f, "10.7.2.1", NULL, 0, 0, &rt, &s), 0);
	assert_int_equal(rt.dev, ifx(f, "eth1")); /* lower metric first */
	assert_int_equal(route_out(f, "10.7.1.1", NULL, 0, 0, &rt, &s), 0);
	assert_int_equal(rt.dev, ifx(f, "eth0")); /* longer prefix */
	/* oif eth1: the /24 has no eth1 nexthop → backtrack to the /16 */
	assert_int_equal(route_out(f, "10.7.1.1", NULL, ifx(f, "eth1"), 0, &rt, &s), 0);
	assert_int_equal(rt.dev, ifx(f, "eth1"));
}

/* A3.1e + A6: a lower-metric unreachable wins over a higher-metric unicast; errnos */
static void test_a6_types(void **state)
{
	struct simfx *f = *state;
	struct rtable rt;
	uint32_t s;

	t1(f);
	simfx_run(f, "ip route add blackhole 10.61.0.0/16\nip route add unreachable 10.62.0.0/16\n"
		     "ip route add prohibit 10.63.0.0/16\nip route add throw 10.64.0.0/16\n"
		     "ip route add 10.65.0.0/16 via 10.0.0.100 metric 20\n"
		     "ip route add unreachable 10.65.0.0/16 metric 10\n");
	assert_int_equal(route_out(f, "10.61.1.1", NULL, 0, 0, &rt, &s), -EINVAL);
	assert_int_equal(route_out(f, "10.62.1.1", NULL, 0, 0, &rt, &s), -EHOSTUNREACH);
	assert_int_equal(route_out(f, "10.63.1.1", NULL, 0, 0, &rt, &s), -EACCES);
	assert_int_equal(route_out(f, "10.64.1.1", NULL, 0, 0, &rt, &s), -ENETUNREACH);
	assert_int_equal(route_out(f, "10.65.1.1", NULL, 0, 0, &rt, &s), -EHOSTUNREACH);
}

/* A4: local/main merge quirk (P12) */
static void test_a4_merge(void **state)
{
	struct simfx *f = *state;

	t1(f);
	simfx_run(f, "ip route add local 10.50.0.0/16 dev lo table local\n"
		     "ip route add 10.50.1.0/24 via 10.0.0.100\n");
	assert_string_equal(simfx_out(f, "ip route get 10.50.1.5", NULL),
			    "10.50.1.5 via 10.0.0.100 dev eth0 src 10.0.0.1 uid 0 \n    cache \n");
	simfx_run(f, "ip rule add pref 40000 lookup 250\nip rule del pref 40000\n");
	assert_string_equal(
		simfx_out(f, "ip route get 10.50.1.5", NULL),
		"local 10.50.1.5 dev lo table local src 10.50.1.5 uid 0 \n    cache <local> \n");
}

/* A5: alias order inside a prefix: first address's kernel route wins; add → EEXIST;
 * prepend/append positions */
static void test_a5_alias_order(void **state)
{
	struct simfx *f = *state;
	int rc;

	t1(f);
	assert_string_equal(simfx_out(f, "ip route show", NULL),
			    "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1 \n"
			    "10.0.0.0/24 dev eth1 proto kernel scope link src 10.0.0.2 \n");
	simfx_out(f, "ip route add 10.0.0.0/24 dev eth1", &rc);
	assert_int_equal(rc, 2);
	assert_string_equal(f->o.err.buf, "RTNETLINK answers: File exists\n");
	simfx_run(f, "ip route prepend 10.0.0.0/24 dev eth1 proto static");
	assert_string_equal(simfx_out(f, "ip route get 10.0.0.100", NULL),
			    "10.0.0.100 dev eth1 src 10.0.0.2 uid 0 \n    cache \n");
}

/* A7: gateway validation and onlink */
static void test_a7_nexthop(void **state)
{
	struct simfx *f = *state;
	int rc;

	t1(f);
	simfx_out(f, "ip route add 10.5.0.0/16 via 10.9.9.9", &rc);
	assert_int_equal(rc, 2);
	assert_string_equal(f->o.err.buf, "Error: Nexthop has invalid gateway.\n");
	simfx_run(f, "ip route add 10.6.0.0/16 via 10.9.9.9 dev eth0 onlink\n"
		     "ip route add 10.7.0.0/16 via 10.0.0.200\n");
	assert_string_equal(simfx_out(f, "ip route show 10.6.0.0/16", NULL),
			    "10.6.0.0/16 via 10.9.9.9 dev eth0 onlink \n");
	/* the gateway route must be link scope: a gateway behind a gateway route fails */
	simfx_out(f, "ip route add 10.8.0.0/16 via 10.7.0.1", &rc);
	assert_int_equal(rc, 2);
	/* A7.5: a gateway that is our own address makes the route direct */
	simfx_run(f, "ip route add 10.9.0.0/16 via 10.0.0.2");
	assert_string_equal(simfx_out(f, "ip route get 10.9.1.1", NULL),
			    "10.9.1.1 dev eth1 src 10.0.0.2 uid 0 \n    cache \n");
}

/* A8: multipath. The hash is the kernel's (a value checked against Linux 6.18 with the
 * same seed); the group of a deleted route is reused; a copy of the simulation keeps the
 * paths. */
static void test_a8_multipath(void **state)
{
	struct simfx *f = *state;
	struct flow fl = { 0 };
	struct rtable rt;
	struct sim *copy;
	struct host *c;
	uint32_t saddr = 0;

	t1(f);
	simfx_run(f, "sysctl -w net.ipv4.fib_multipath_hash_seed=12345");
	fl.daddr = A("192.0.2.1");
	assert_int_equal(fib_multipath_hash(H(f), &fl), 1712556951);
	/* weights 1 and 3: that hash is above the first path's quarter of the range */
	simfx_run(f, "ip route add 192.0.2.0/24 nexthop via 10.0.0.100 dev eth0 weight 1 "
		     "nexthop via 10.0.0.200 dev eth1 weight 3");
	assert_int_equal(route_out(f, "192.0.2.1", NULL, 0, 0, &rt, &saddr), 0);
	assert_int_equal(rt.dev, ifx(f, "eth1"));
	assert_int_equal(saddr, A("10.0.0.2"));
	assert_int_equal(rt.res.nh.upper_bound, 2147483647);
	assert_true(rt.res.mp_chosen);
	/* a source picks its own path whatever the hash */
	assert_int_equal(route_out(f, "192.0.2.1", "10.0.0.1", 0, 0, &rt, NULL), 0);
	assert_int_equal(rt.dev, ifx(f, "eth0"));
	for (int i = 0; i < 300; i++)
		simfx_run(f, "ip route add 198.51.100.0/24 nexthop via 10.0.0.100 nexthop via "
			     "10.0.0.200\n"
			     "ip route del 198.51.100.0/24");
	assert_true(H(f)->nmp <= 8);
	copy = sim_clone(f->sim);
	c = sim_host(copy, "h");
	{
		const struct route *r =
			table_prefix(host_table(c, RT_TABLE_MAIN), A("192.0.2.0"), 24);

		assert_non_null(r);
		assert_int_equal(route_nnh(c, r), 2);
		assert_int_equal(route_nh(c, r, 1).weight, 3);
	}
	sim_free(copy);
}

/* A9: link down deletes static routes for good; local routes survive */
static void test_a9_link_down(void **state)
{
	struct simfx *f = *state;

	t1(f);
	simfx_run(f, "ip route add 10.70.0.0/16 via 10.0.0.100 dev eth1\n"
		     "ip route add 10.71.0.0/16 dev eth1 metric 5\n"
		     "ip route add 10.71.0.0/16 dev eth0 metric 10\n"
		     "ip link set eth1 down\n");
	assert_string_equal(simfx_out(f, "ip route show", NULL),
			    "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1 \n"
			    "10.71.0.0/16 dev eth0 scope link metric 10 \n");
	simfx_run(f, "ip link set eth1 up");
	assert_string_equal(simfx_out(f, "ip route show", NULL),
			    "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1 \n"
			    "10.0.0.0/24 dev eth1 proto kernel scope link src 10.0.0.2 \n"
			    "10.71.0.0/16 dev eth0 scope link metric 10 \n");
	assert_non_null(
		strstr(simfx_out(f, "ip route show table local", NULL), "local 10.0.0.2 dev eth1"));
}

/* A9/B2.6: deleting an address removes main-table routes with that src, not others (P15) */
static void test_a9_src_routes(void **state)
{
	struct simfx *f = *state;

	t1(f);
	simfx_run(f, "ip route add 10.1.0.0/16 dev eth0 src 10.0.0.2\n"
		     "ip route add 10.1.0.0/16 dev eth0 src 10.0.0.2 table 100\n"
		     "ip addr del 10.0.0.2/24 dev eth1\n");
	assert_null(strstr(simfx_out(f, "ip route show", NULL), "10.1.0.0/16"));
	assert_string_equal(simfx_out(f, "ip route show table 100", NULL),
			    "10.1.0.0/16 dev eth0 scope link src 10.0.0.2 \n");
}

/* A10: ip route get = one output lookup, prints src when not given */
static void test_a10_route_get(void **state)
{
	struct simfx *f = *state;

	t1(f);
	assert_string_equal(simfx_out(f, "ip route get 10.0.0.100", NULL),
			    "10.0.0.100 dev eth0 src 10.0.0.1 uid 0 \n    cache \n");
	assert_string_equal(simfx_out(f, "ip route get 10.0.0.100 from 10.0.0.2", NULL),
			    "10.0.0.100 from 10.0.0.2 dev eth0 uid 0 \n    cache \n");
	assert_string_equal(simfx_out(f, "ip route get 10.0.0.1", NULL),
			    "local 10.0.0.1 dev lo src 10.0.0.1 uid 0 \n    cache <local> \n");
}

/* B1: address order: host, link, global primaries, then secondaries */
static void test_b1_addr_order(void **state)
{
	struct simfx *f = *state;

	simfx_run(f, "ip link add eth0 type veth peer name p0\n"
		     "ip addr add 172.16.70.14/24 dev eth0\n"
		     "ip addr add 172.16.10.14/24 dev eth0 scope link noprefixroute\n"
		     "ip addr add 172.16.70.20/24 dev eth0\n");
	{
		struct nic *n = host_nic(H(f), "eth0");

		assert_int_equal(n->naddr, 3);
		assert_int_equal(n->addrs[0].local, A("172.16.10.14"));
		assert_int_equal(n->addrs[1].local, A("172.16.70.14"));
		assert_int_equal(n->addrs[2].local, A("172.16.70.20"));
		assert_true(n->addrs[2].flags & IFA_F_SECONDARY);
	}
}

/* B2: routes an address creates; secondary's local route carries the primary's src */
static void test_b2_addr_routes(void **state)
{
	struct simfx *f = *state;

	t1(f);
	simfx_run(f, "ip addr add 10.0.0.5/24 dev eth0");
	assert_non_null(strstr(simfx_out(f, "ip route show table local", NULL),
			       "local 10.0.0.5 dev eth0 proto kernel scope host src 10.0.0.1 \n"));
	/* B2.5: deleting the primary deletes the secondary unless promote_secondaries */
	simfx_run(f, "ip addr del 10.0.0.1/24 dev eth0");
	assert_null(host_find_local(H(f), A("10.0.0.5")));
}

static void test_b2_promote(void **state)
{
	struct simfx *f = *state;

	t1(f);
	simfx_run(f, "sysctl -w net.ipv4.conf.eth0.promote_secondaries=1\n"
		     "ip addr add 10.0.0.5/24 dev eth0\nip addr del 10.0.0.1/24 dev eth0\n");
	assert_non_null(host_find_local(H(f), A("10.0.0.5")));
	assert_non_null(strstr(simfx_out(f, "ip route show", NULL),
			       "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5 \n"));
}

/* B2.6: src must be local */
static void test_b2_prefsrc(void **state)
{
	struct simfx *f = *state;
	int rc;

	t1(f);
	simfx_out(f, "ip route add 10.3.0.0/16 dev eth0 src 10.0.0.9", &rc);
	assert_int_equal(rc, 2);
	assert_string_equal(f->o.err.buf, "Error: Invalid prefsrc address.\n");
}

/* B3: bound source is kept, on-link assumption with oif, local result */
static void test_b3_output(void **state)
{
	struct simfx *f = *state;
	struct rtable rt;
	uint32_t s;

	t1(f);
	/* B3.1: a given source is kept even though eth0 does not own it */
	assert_int_equal(route_out(f, "10.0.0.100", "10.0.0.2", 0, 0, &rt, &s), 0);
	assert_int_equal(rt.dev, ifx(f, "eth0"));
	assert_int_equal(s, A("10.0.0.2"));
	/* B3.1: a non-local source → ENETUNREACH */
	assert_int_equal(route_out(f, "10.0.0.100", "10.0.0.9", 0, 0, &rt, &s), -ENETUNREACH);
	/* B3.3: empty main table, oif set → on-link with the device's address (P17) */
	simfx_run(f, "ip route flush table main");
	assert_int_equal(route_out(f, "10.0.0.100", NULL, 0, 0, &rt, &s), -ENETUNREACH);
	assert_int_equal(route_out(f, "8.8.8.8", NULL, ifx(f, "eth1"), 0, &rt, &s), 0);
	assert_int_equal(rt.dev, ifx(f, "eth1"));
	assert_int_equal(s, A("10.0.0.2"));
}

/* B4: inet_select_addr with the seed's address mix (P1c) */
static void test_b4_select(void **state)
{
	struct simfx *f = *state;

	simfx_run(
		f,
		"ip link add eth0 type veth peer name p0\nip link set p0 up\nip link set eth0 up\n"
		"ip addr add 172.16.70.14/24 dev eth0\n"
		"ip addr add 172.16.10.14/24 dev eth0 scope link noprefixroute\n"
		"ip route add default via 172.16.70.1\n");
	assert_string_equal(
		simfx_out(f, "ip route get 172.16.10.1", NULL),
		"172.16.10.1 via 172.16.70.1 dev eth0 src 172.16.70.14 uid 0 \n    cache \n");
	simfx_run(f, "ip route add 192.168.5.0/24 dev eth0\nip route add 192.168.6.0/24 via "
		     "172.16.70.1\n");
	assert_string_equal(simfx_out(f, "ip route get 192.168.5.1", NULL),
			    "192.168.5.1 dev eth0 src 172.16.10.14 uid 0 \n    cache \n");
	assert_string_equal(
		simfx_out(f, "ip route get 192.168.6.1", NULL),
		"192.168.6.1 via 172.16.70.1 dev eth0 src 172.16.70.14 uid 0 \n    cache \n");
}

/* B4.3: a device with only link-scope addresses borrows a global address elsewhere */
static void test_b4_fallback(void **state)
{
	struct simfx *f = *state;
	struct rtable rt;
	uint32_t s;

	t1(f);
	simfx_run(
		f,
		"ip link add eth2 type veth peer name p2\nip link set p2 up\nip link set eth2 up\n"
		"ip addr add 192.168.9.1/24 dev eth2 scope link\n"
		"ip route add default via 192.168.9.254 dev eth2\n");
	assert_int_equal(route_out(f, "8.8.8.8", NULL, 0, 0, &rt, &s), 0);
	assert_int_equal(rt.dev, ifx(f, "eth2"));
	assert_int_equal(s, A("10.0.0.1"));
}

/* D4 as seen through `ip route get … iif`: rp_filter strict vs loose */
static void test_d4_rp_filter(void **state)
{
	struct simfx *f = *state;
	int rc;

	t1(f);
	simfx_out(f, "ip route get 10.0.0.2 from 10.0.0.100 iif eth1", &rc);
	assert_int_equal(rc, 0);
	simfx_run(f, "sysctl -w net.ipv4.conf.all.rp_filter=1");
	simfx_out(f, "ip route get 10.0.0.2 from 10.0.0.100 iif eth1", &rc);
	assert_int_equal(rc, 2);
	assert_string_equal(f->o.err.buf, "RTNETLINK answers: Invalid argument\n");
	simfx_run(f, "sysctl -w net.ipv4.conf.all.rp_filter=2");
	simfx_out(f, "ip route get 10.0.0.2 from 10.0.0.100 iif eth1", &rc);
	assert_int_equal(rc, 0);
}

/* C4 precondition: route insert always bumps the generation; delete only if used */
static void test_c4_genid(void **state)
{
	struct simfx *f = *state;
	struct rtable rt;
	uint32_t g;

	t1(f);
	g = H(f)->rt_genid;
	simfx_run(f, "ip route add 10.40.0.0/16 dev eth0");
	assert_true(H(f)->rt_genid != g);
	g = H(f)->rt_genid;
	simfx_run(f, "ip route del 10.40.0.0/16 dev eth0");
	assert_int_equal(H(f)->rt_genid, g); /* never used → no flush */
	simfx_run(f, "ip route add 10.40.0.0/16 dev eth0");
	assert_int_equal(route_out(f, "10.40.1.1", NULL, 0, 0, &rt, NULL), 0);
	g = H(f)->rt_genid;
	simfx_run(f, "ip route del 10.40.0.0/16 dev eth0");
	assert_true(H(f)->rt_genid != g);
}

/* Atomicity: a failing command leaves the state untouched */
static void test_atomic(void **state)
{
	struct simfx *f = *state;
	char before[2048];
	int rc;

	t1(f);
	snprintf(before, sizeof(before), "%s", simfx_out(f, "ip route show table all", NULL));
	simfx_out(f, "ip route add 10.5.0.0/16 via 10.9.9.9 dev eth0", &rc);
	assert_int_equal(rc, 2);
	simfx_out(f, "ip route add 10.5.0.0/16 dev eth0 src 1.2.3.4", &rc);
	assert_int_equal(rc, 2);
	simfx_out(f, "ip route add 10.5.0.0/16 dev eth0 bogus", &rc);
	assert_int_equal(rc, 255);
	assert_string_equal(simfx_out(f, "ip route show table all", NULL), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a1_default_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a2_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a2_throw_suppress, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a2_l4_selectors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a3_lpm_backtrack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a6_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a4_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a5_alias_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a7_nexthop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a8_multipath, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a9_link_down, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a9_src_routes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a10_route_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_b1_addr_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_b2_addr_routes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_b2_promote, setup, teardown),
		cmocka_unit_test_setup_teardown(test_b2_prefsrc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_b3_output, setup, teardown),
		cmocka_unit_test_setup_teardown(test_b4_select, setup, teardown),
		cmocka_unit_test_setup_teardown(test_b4_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_d4_rp_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_c4_genid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_atomic, setup, teardown),
	};

	return cmocka_run_group_tests_name("fib", tests, NULL, NULL);
}
