/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the packet path: sockets (docs/kernel.md C2–C6), ARP (D7), receive (D3,
 * D4, D6, D8) and the trace renderings. Topologies are built with the command language;
 * assertions read the trace, as the front ends do. T1 is the topology of docs/kernel.md
 * §10: h with eth0 10.0.0.1 and eth1 10.0.0.2, p with 10.0.0.100, all on the bridge br0 in
 * host sw.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "simfx.h"
#include "tools/cmd.h"
#include "net/path-int.h"
#include "net/path.h"
#include "scene/scene.h"
#include "net/sock.h"
#include "out/trace.h"

static const char t1m[] = "h ip route del 10.0.0.0/24 dev eth0\n"
			  "h ip route del 10.0.0.0/24 dev eth1\n"
			  "h ip route add 10.0.0.0/24 dev eth0 metric 100\n"
			  "h ip route add 10.0.0.0/24 dev eth1 metric 200\n";

static int setup(void **state)
{
	*state = simfx_new("h", true);
	return 0;
}

static int teardown(void **state)
{
	simfx_free(*state);
	return 0;
}

/* The first event at or after `from` on host/stage carrying the given payload (or, with
 * payload NULL, having all of `flags` set and proto). */
static const struct trace_event *find(struct simfx *f, size_t from, const char *host,
				      enum trace_stage st, uint8_t proto, uint8_t flags,
				      const char *payload)
{
	for (size_t i = from; i < f->t.n; i++) {
		const struct trace_event *e = &f->t.ev[i];

		if (strcmp(e->host_name, host) != 0 || e->stage != st || e->pkt.is_arp)
			continue;
		if (proto && e->pkt.proto != proto)
			continue;
		if (payload ? strcmp(pkt_payload(&e->pkt), payload) != 0
			    : (e->pkt.tcp_flags & flags) != flags)
			continue;
		return e;
	}
	return NULL;
}

static struct sock *sk(struct simfx *f, const char *host, const char *name)
{
	struct sock *s = sock_find(sim_host(f->sim, host), name);

	assert_non_null(s);
	return s;
}

static void assert_ip(uint32_t a, const char *want)
{
	assert_string_equal(ip_str(a), want);
}

static const struct neigh *nb(struct simfx *f, const char *host, const char *dev, const char *ip)
{
	struct host *h = sim_host(f->sim, host);
	uint32_t a;

	assert_true(ip_parse(ip, &a));
	return neigh_lookup(h, host_nic(h, dev)->ifindex, a);
}

/* A fragment of datagram 7 (2008 bytes of UDP payload and header) from 10.0.0.2 */
static struct pkt frag(unsigned off, unsigned len, bool mf)
{
	struct pkt p;

	memset(&p, 0, sizeof(p));
	p.proto = PKT_PROTO_UDP;
	ip_parse("10.0.0.2", &p.src);
	ip_parse("10.0.0.1", &p.dst);
	p.sport = 40000;
	p.dport = 9;
	p.ttl = 64;
	p.pad = 2000;
	p.frag_off = (uint16_t)off;
	p.frag_len = (uint16_t)len;
	p.mf = mf;
	p.frag_of = 7;
	return p;
}

/* ip_defrag(): fragments in any order, a duplicate dropped, the datagram whole once every
 * byte came, with the largest fragment's size and the id it had before it was cut */
static void test_frag_reasm(void **state)
{
	struct simfx *f = *state;
	struct host *h;
	struct pkt p;
	int id;

	simfx_run(f, "h ip link add eth0 type veth peer name eth0 netns d\n"
		     "h ip link set eth0 up\n"
		     "h ip addr add 10.0.0.1/24 dev eth0\n");
	h = sim_host(f->sim, "h");
	p = frag(1480, 528, false), id = 11;
	assert_false(path_frag_reasm(h, host_nic(h, "eth0"), &id, &p, NULL, false));
	assert_int_equal(h->nfragq, 1);
	p = frag(1480, 528, false), id = 12;
	assert_false(path_frag_reasm(h, host_nic(h, "eth0"), &id, &p, NULL, false));
	assert_non_null(strstr(f->t.ev[f->t.n - 1].why, "came twice"));
	assert_int_equal(f->t.ev[f->t.n - 1].stage, TRACE_DROP);
	p = frag(0, 1480, true), id = 13;
	assert_true(path_frag_reasm(h, host_nic(h, "eth0"), &id, &p, NULL, false));
	assert_int_equal(id, 7);
	/* the queue stays, done, with the fragments' geometry for ip_do_fragment */
	assert_int_equal(h->nfragq, 1);
	assert_true(h->fragq[0].done);
	assert_false(pkt_is_frag(&p));
	assert_int_equal(p.frag_max, 1500);
	assert_int_equal(pkt_ip_len(&p), 2028);
	assert_int_equal(p.sport, 40000);
	assert_int_equal(f->t.ev[f->t.n - 1].verdict, VERDICT_REASSEMBLED);
}

/* ip_expire(): after ipfrag_time the queue goes; without its first fragment no ICMP */
static void test_frag_expire_without_first(void **state)
{
	struct simfx *f = *state;
	struct host *h;
	struct pkt p = frag(1480, 528, false);
	int id = 11;
	size_t n;

	simfx_run(f, "h ip link add eth0 type veth peer name eth0 netns d\n"
		     "h ip link set eth0 up\n"
		     "h ip addr add 10.0.0.1/24 dev eth0\n");
	h = sim_host(f->sim, "h");
	assert_false(path_frag_reasm(h, host_nic(h, "eth0"), &id, &p, NULL, false));
	n = f->t.n;
	path_sleep(f->sim, 29000000);
	assert_int_equal(h->nfragq, 1);
	path_sleep(f->sim, 2000000);
	assert_int_equal(h->nfragq, 0);
	assert_int_equal(f->t.n, n + 1);
	assert_int_equal(f->t.ev[n].stage, TRACE_DROP);
	assert_non_null(strstr(f->t.ev[n].why, "not the first one"));
}

/* P1a (C2): SYN from the prefix route's src, out of eth0; the handshake completes */
static void test_p1a_connect(void **state)
{
	struct simfx *f = *state;
	const struct trace_event *e;

	simfx_run(f, simfx_t1);
	simfx_run(f, "p listen tcp 0.0.0.0:5000 as s\nh connect tcp 10.0.0.100:5000 as c");
	e = find(f, 0, "h", TRACE_NIC_TX, PKT_PROTO_TCP, TCPF_SYN, NULL);
	assert_non_null(e);
	assert_string_equal(e->oif, "eth0");
	assert_ip(e->pkt.src, "10.0.0.1");
	assert_int_equal(e->from[FIELD_SRC], ORIGIN_ROUTE);
	assert_int_equal(e->pkt.sport, 40000);
	assert_int_equal(sk(f, "h", "c")->state, TCP_ESTABLISHED);
	simfx_run(f, "p accept s as a");
	assert_ip(sk(f, "p", "a")->saddr, "10.0.0.100");
}

/* P1b: a /32 route with src 10.0.0.2 via eth0: src from the route, not from eth0 */
static void test_p1b_route_src(void **state)
{
	struct simfx *f = *state;
	const struct trace_event *e;

	simfx_run(f, simfx_t1);
	simfx_run(f,
		  "h ip route add 10.0.0.100/32 dev eth0 src 10.0.0.2\np listen tcp 0.0.0.0:5000\n"
		  "h connect tcp 10.0.0.100:5000 as c");
	e = find(f, 0, "h", TRACE_NIC_TX, PKT_PROTO_TCP, TCPF_SYN, NULL);
	assert_non_null(e);
	assert_string_equal(e->oif, "eth0");
	assert_ip(e->pkt.src, "10.0.0.2");
}

/* P10 (C2.2): lookup #2 with the chosen source follows `from` rules; sendto does not */
static void test_p10_second_lookup(void **state)
{
	struct simfx *f = *state;
	const struct trace_event *e;

	simfx_run(f, simfx_t1);
	simfx_run(f, "h ip route add 10.0.0.100/32 dev eth0 src 10.0.0.2\n"
		     "h ip route add 10.0.0.0/24 dev eth1 table 100\n"
		     "h ip rule add from 10.0.0.2 lookup 100\n"
		     "p listen tcp 0.0.0.0:5000\np udp bind 0.0.0.0:9000\n"
		     "h connect tcp 10.0.0.100:5000 as c\n"
		     "h udp bind 0.0.0.0:0 as u\nh sendto u 10.0.0.100:9000 x1\n"
		     "h connect udp 10.0.0.100:9000 as uc\nh send uc x2");
	e = find(f, 0, "h", TRACE_NIC_TX, PKT_PROTO_TCP, TCPF_SYN, NULL);
	assert_string_equal(e->oif, "eth1");
	assert_ip(e->pkt.src, "10.0.0.2");
	e = find(f, 0, "h", TRACE_NIC_TX, PKT_PROTO_UDP, 0, "x1");
	assert_string_equal(e->oif, "eth0");
	assert_ip(e->pkt.src, "10.0.0.2");
	e = find(f, 0, "h", TRACE_NIC_TX, PKT_PROTO_UDP, 0, "x2");
	assert_string_equal(e->oif, "eth1");
}

/* P3 (C3, C4): after a better route the next segment leaves eth1 with src 10.0.0.1 */
static void test_p3_better_route(void **state)
{
	struct simfx *f = *state;
	const struct trace_event *e;
	size_t mark;

	simfx_run(f, simfx_t1);
	simfx_run(f, t1m);
	simfx_run(
		f,
		"p listen tcp 0.0.0.0:5000 as s\nh connect tcp 10.0.0.100:5000 as c\np accept s as "
		"a\nh send c one");
	e = find(f, 0, "h", TRACE_NIC_TX, PKT_PROTO_TCP, 0, "one");
	assert_string_equal(e->oif, "eth0");
	mark = f->t.n;
	simfx_run(f, "h ip route add 10.0.0.0/24 dev eth1 metric 50\nh send c two");
	e = find(f, mark, "h", TRACE_NIC_TX, PKT_PROTO_TCP, 0, "two");
	assert_non_null(e);
	assert_string_equal(e->oif, "eth1");
	assert_ip(e->pkt.src, "10.0.0.1");
	assert_int_equal(e->from[FIELD_SRC], ORIGIN_SOCKET);
	assert_non_null(find(f, mark, "p", TRACE_APP_RECV, PKT_PROTO_TCP, 0, "two"));
}

/* C4: neighbour changes do not invalidate the socket's cached route */
static void test_c4_neigh_no_reroute(void **state)
{
	struct simfx *f = *state;
	const struct trace_event *e;
	size_t mark;

	simfx_run(f, simfx_t1);
	simfx_run(f, "p listen tcp 0.0.0.0:5000\nh connect tcp 10.0.0.100:5000 as c");
	mark = f->t.n;
	simfx_run(f, "h ip neigh flush all\nh send c x");
	e = find(f, mark, "h", TRACE_ROUTE_OUT, PKT_PROTO_TCP, 0, "x");
	assert_non_null(strstr(e->why, "cached route"));
}

/* P4 (C5): unconnected UDP re-selects its source, connected keeps it */
static void test_p4_udp(void **state)
{
	struct simfx *f = *state;
	const struct trace_event *e;

	simfx_run(f, simfx_t1);
	simfx_run(f, t1m);
	simfx_run(
		f,
		"p udp bind 0.0.0.0:9000\nh udp bind 0.0.0.0:0 as u\nh connect udp 10.0.0.100:9000 "
		"as uc\n"
		"h sendto u 10.0.0.100:9000 u1\nh send uc c1\n"
		"h ip route add 10.0.0.0/24 dev eth1 metric 50\n"
		"h sendto u 10.0.0.100:9000 u2\nh send uc c2");
	e = find(f, 0, "h", TRACE_NIC_TX, PKT_PROTO_UDP, 0, "u1");
	assert_string_equal(e->oif, "eth0");
	assert_ip(e->pkt.src, "10.0.0.1");
	e = find(f, 0, "h", TRACE_NIC_TX, PKT_PROTO_UDP, 0, "u2");
	assert_string_equal(e->oif, "eth1");
	assert_ip(e->pkt.src, "10.0.0.2");
	e = find(f, 0, "h", TRACE_NIC_TX, PKT_PROTO_UDP, 0, "c2");
	assert_string_equal(e->oif, "eth1");
	assert_ip(e->pkt.src, "10.0.0.1");
}

static size_t count_icmp_tx(struct simfx *f, const char *host, size_t from)
{
	size_t n = 0;

	for (size_t i = from; i < f->t.n; i++)
		if (f->t.ev[i].stage == TRACE_NIC_TX && !f->t.ev[i].pkt.is_arp &&
		    f->t.ev[i].pkt.proto == PKT_PROTO_ICMP && !strcmp(f->t.ev[i].host_name, host))
			n++;
	return n;
}

/* icmp_ratelimit: back to back, port unreachables to one address stop after the burst of
 * six (one per second after that); with the limit 0, or the type out of icmp_ratemask,
 * every one goes; the loopback is never limited */
static void test_icmp_ratelimit(void **state)
{
	struct simfx *f = *state;
	size_t mark;

	simfx_run(f, simfx_t1);
	simfx_run(f, "h udp bind 10.0.0.1:0 as u");
	for (int i = 0; i < 8; i++)
		simfx_run(f, "h sendto u 10.0.0.100:9 x");
	assert_int_equal(count_icmp_tx(f, "p", 0), 6);
	simfx_run(f, "sleep 1s\nh sendto u 10.0.0.100:9 x\nh sendto u 10.0.0.100:9 x");
	assert_int_equal(count_icmp_tx(f, "p", 0), 7); /* one more token in a second */
	mark = f->t.n;
	simfx_run(f, "p sysctl -w net.ipv4.icmp_ratelimit=0");
	for (int i = 0; i < 8; i++)
		simfx_run(f, "h sendto u 10.0.0.100:9 x");
	assert_int_equal(count_icmp_tx(f, "p", mark), 8);
	mark = f->t.n;
	simfx_run(f,
		  "p sysctl -w net.ipv4.icmp_ratelimit=1000\np sysctl -w net.ipv4.icmp_ratemask=0");
	for (int i = 0; i < 8; i++)
		simfx_run(f, "h sendto u 10.0.0.100:9 x");
	assert_int_equal(count_icmp_tx(f, "p", mark), 8);
	/* to itself through lo: never limited */
	simfx_run(f, "p udp bind 0.0.0.0:0 as l");
	mark = f->t.n;
	for (int i = 0; i < 8; i++)
		simfx_run(f, "p sendto l 127.0.0.1:9 x");
	for (size_t i = mark; i < f->t.n; i++)
		if (f->t.ev[i].stage == TRACE_DROP && f->t.ev[i].pkt.proto == PKT_PROTO_ICMP)
			fail_msg("an ICMP error through lo was limited (event %zu)", i);
	assert_int_equal(count_icmp_tx(f, "p", mark), 8); /* all eight, out of lo */
}

/* ICMP redirects: a router redirects a sender on its own link; the sender takes the
 * second one (the first only resolves the new gateway); the exception goes with the
 * route and with `ip route flush cache` */
static void test_redirect(void **state)
{
	struct simfx *f = *state;
	struct host *h;

	simfx_run(f, "sw ip link add br0 type bridge\nsw ip link set br0 up\n"
		     "h ip link add eth0 type veth peer name sh netns sw\n"
		     "r ip link add eth0 type veth peer name sr netns sw\n"
		     "g ip link add eth0 type veth peer name sg netns sw\n"
		     "sw ip link set sh master br0\nsw ip link set sr master br0\n"
		     "sw ip link set sg master br0\nsw ip link set sh up\nsw ip link set sr up\n"
		     "sw ip link set sg up\nh ip link set eth0 up\nr ip link set eth0 up\n"
		     "g ip link set eth0 up\nh ip addr add 10.0.0.1/24 dev eth0\n"
		     "r ip addr add 10.0.0.254/24 dev eth0\ng ip addr add 10.0.0.253/24 dev eth0\n"
		     "g ip addr add 10.9.0.1/32 dev lo\nh ip route add default via 10.0.0.254\n"
		     "r ip route add 10.9.0.0/16 via 10.0.0.253\n"
		     "r sysctl -w net.ipv4.ip_forward=1\ng udp bind 0.0.0.0:9 as d\n"
		     "h udp bind 0.0.0.0:0 as u\nh sendto u 10.9.0.1:9 one");
	h = sim_host(f->sim, "h");
	assert_int_equal(h->nfnhe, 0); /* the first redirect only asked for g's MAC */
	simfx_run(f, "h sendto u 10.9.0.1:9 two");
	assert_int_equal(h->nfnhe, 0); /* within 40 ms r does not repeat itself */
	simfx_run(f, "sleep 1s\nh sendto u 10.9.0.1:9 three");
	assert_int_equal(h->nfnhe, 1);
	simfx_run(f, "h ip route get 10.9.0.1");
	assert_non_null(strstr(f->o.out.buf, "via 10.0.0.253"));
	assert_non_null(strstr(f->o.out.buf, "cache <redirected> expires"));
	simfx_run(f, "h ip route show cache");
	assert_non_null(strstr(f->o.out.buf, "10.9.0.1 via 10.0.0.253 dev eth0"));
	simfx_run(f, "h ip route flush cache\nh ip route get 10.9.0.1");
	assert_non_null(strstr(f->o.out.buf, "via 10.0.0.254"));
	simfx_run(f, "sleep 1s\nh sendto u 10.9.0.1:9 four");
	assert_int_equal(h->nfnhe, 1);
	simfx_run(f, "h ip route del default\nh ip route add default via 10.0.0.254");
	assert_int_equal(h->nfnhe, 0); /* the route's exceptions went with it */
}

/* P2 (C6): the SYN-ACK's src is the SYN's dst; the route gives only the NIC */
static void test_p2_accept_src(void **state)
{
	struct simfx *f = *state;
	const struct trace_event *e;

	simfx_run(f, simfx_t1);
	simfx_run(f, "h ip route add 10.0.0.100/32 dev eth0 src 10.0.0.1\nh listen tcp "
		     "0.0.0.0:6000 as s\n"
		     "p connect tcp 10.0.0.2:6000 as c");
	e = find(f, 0, "h", TRACE_NIC_TX, PKT_PROTO_TCP, TCPF_SYN | TCPF_ACK, NULL);
	assert_non_null(e);
	assert_string_equal(e->oif, "eth0");
	assert_ip(e->pkt.src, "10.0.0.2");
	assert_int_equal(e->from[FIELD_SRC], ORIGIN_INCOMING);
	simfx_run(f, "h accept s as a");
	assert_ip(sk(f, "h", "a")->saddr, "10.0.0.2");
}

/* P11 (C6.3): `from` rules apply to the SYN-ACK */
static void test_p11_from_rule_synack(void **state)
{
	struct simfx *f = *state;
	const struct trace_event *e;

	simfx_run(f, simfx_t1);
	simfx_run(
		f,
		"h ip route add 10.0.0.0/24 dev eth1 table 100\nh ip rule add from 10.0.0.2 lookup "
		"100\n"
		"h listen tcp 0.0.0.0:6000 as s\np connect tcp 10.0.0.2:6000 as c");
	e = find(f, 0, "h", TRACE_NIC_TX, PKT_PROTO_TCP, TCPF_SYN | TCPF_ACK, NULL);
	assert_string_equal(e->oif, "eth1");
	assert_ip(e->pkt.src, "10.0.0.2");
}

/* P13 (A6): route types' errnos reach the application */
static void test_p13_errnos(void **state)
{
	struct simfx *f = *state;
	static const struct {
		const char *dst;
		int err;
	} tab[] = { { "10.61.0.1", EINVAL },
		    { "10.62.0.1", EHOSTUNREACH },
		    { "10.63.0.1", EACCES },
		    { "10.64.0.1", ENETUNREACH },
		    { "10.65.0.1", EHOSTUNREACH } };
	struct host *h;

	simfx_run(f, simfx_t1);
	simfx_run(f,
		  "h ip route add blackhole 10.61.0.0/16\nh ip route add unreachable 10.62.0.0/16\n"
		  "h ip route add prohibit 10.63.0.0/16\nh ip route add throw 10.64.0.0/16\n"
		  "h ip route add 10.65.0.0/16 via 10.0.0.100 metric 20\n"
		  "h ip route add unreachable 10.65.0.0/16 metric 10");
	h = sim_host(f->sim, "h");
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		struct sock_spec s = { 0 };
		struct sock *out = NULL;
		struct diag d = { 0 };
		struct sock *u = NULL;

		s.proto = PKT_PROTO_TCP;
		assert_true(ip_parse(tab[i].dst, &s.daddr));
		s.dport = 80;
		assert_int_equal(sock_connect(h, &s, &out, &d), -tab[i].err);
		s.proto = PKT_PROTO_UDP;
		s.daddr = 0;
		s.dport = 0;
		assert_int_equal(sock_udp_bind(h, &s, &u, &d), 0);
		assert_true(ip_parse(tab[i].dst, &s.daddr));
		assert_int_equal(sock_sendto(h, u, s.daddr, 9, "x", 0, &d), -tab[i].err);
	}
}

/* P17 (B3.3): SO_BINDTODEVICE sends with no route; unbound gets ENETUNREACH */
static void test_p17_bindtodevice(void **state)
{
	struct simfx *f = *state;
	const struct trace_event *e;

	simfx_run(f, simfx_t1);
	simfx_run(f,
		  "h ip route flush table main\np udp bind 0.0.0.0:9000\nh udp bind 0.0.0.0:0 dev "
		  "eth1 as b\n"
		  "h sendto b 10.0.0.100:9000 onlink\nh udp bind 0.0.0.0:0 as u");
	e = find(f, 0, "h", TRACE_NIC_TX, PKT_PROTO_UDP, 0, "onlink");
	assert_string_equal(e->oif, "eth1");
	assert_ip(e->pkt.src, "10.0.0.2");
	assert_non_null(find(f, 0, "p", TRACE_APP_RECV, PKT_PROTO_UDP, 0, "onlink"));
	simfx_run_rc(f, "h sendto u 10.0.0.100:9000 nope", 1);
	assert_non_null(strstr(f->o.err.buf, "Network is unreachable"));
}

/* D6/D8: no listener: RST, connect() fails with ECONNREFUSED */
static void test_d8_rst(void **state)
{
	struct simfx *f = *state;
	const struct trace_event *e;

	simfx_run(f, simfx_t1);
	simfx_run_rc(f, "h connect tcp 10.0.0.100:5555 as c", 1);
	assert_non_null(strstr(f->o.err.buf, "Connection refused"));
	e = find(f, 0, "p", TRACE_NIC_TX, PKT_PROTO_TCP, TCPF_RST, NULL);
	assert_non_null(e);
	assert_ip(e->pkt.src, "10.0.0.100");
	assert_int_equal(e->from[FIELD_SRC], ORIGIN_INCOMING);
}

/* C2/P7: a changed source is dropped by TCP (RST) and connected UDP, not unconnected UDP */
static void test_p7_changed_source(void **state)
{
	struct simfx *f = *state;

	simfx_run(f, simfx_t1);
	simfx_run(f, "h ip route add 2.2.2.2 via 10.0.0.100\nh connect udp 10.0.0.100:9000 as uc\n"
		     "h udp bind 0.0.0.0:9001 as uu\n"
		     "p inject udp src 2.2.2.2:9000 dst 10.0.0.1:40000 data a\n"
		     "p inject udp src 2.2.2.2:9000 dst 10.0.0.1:9001 data b\n"
		     "p inject tcp src 2.2.2.2:80 dst 10.0.0.1:40005 flags SA");
	assert_null(find(f, 0, "h", TRACE_APP_RECV, PKT_PROTO_UDP, 0, "a"));
	assert_non_null(find(f, 0, "h", TRACE_NIC_TX, PKT_PROTO_ICMP, 0, ""));
	assert_non_null(find(f, 0, "h", TRACE_APP_RECV, PKT_PROTO_UDP, 0, "b"));
	assert_non_null(find(f, 0, "h", TRACE_NIC_TX, PKT_PROTO_TCP, TCPF_RST, NULL));
}

/* P6 (D7): defaults: both NICs answer, the first reply wins (newest bridge port first:
 * eth1); arp_ignore=1: the owner; rp_filter=1: only eth0, for both addresses */
static void test_p6_arp_flux(void **state)
{
	struct simfx *f = *state;

	simfx_run(f, simfx_t1);
	simfx_run(f, "p ping 10.0.0.1");
	assert_int_equal(nb(f, "p", "eth0", "10.0.0.1")->mac[5], 0x11);
	simfx_run(f, "p ip neigh flush all\nh sysctl -w net.ipv4.conf.all.arp_ignore=1\np ping "
		     "10.0.0.1\np ping 10.0.0.2");
	assert_int_equal(nb(f, "p", "eth0", "10.0.0.1")->mac[5], 0x10);
	assert_int_equal(nb(f, "p", "eth0", "10.0.0.2")->mac[5], 0x11);
	simfx_run(f, "p ip neigh flush all\nh sysctl -w net.ipv4.conf.all.arp_ignore=0\n"
		     "h sysctl -w net.ipv4.conf.all.rp_filter=1\np ping 10.0.0.1\np ping 10.0.0.2");
	assert_int_equal(nb(f, "p", "eth0", "10.0.0.1")->mac[5], 0x10);
	assert_int_equal(nb(f, "p", "eth0", "10.0.0.2")->mac[5], 0x10);
}

/* P6d (D7): arp_announce=0 re-points the peer's entry for the packet's source */
static void test_p6d_arp_announce(void **state)
{
	struct simfx *f = *state;

	simfx_run(f, simfx_t1);
	/* eth1 answers p's request, but h's echo reply leaves eth0 (the first prefix
	 * route) and its ARP request says "tell 10.0.0.2": p re-points (§11.4) */
	simfx_run(f, "h sysctl -w net.ipv4.conf.all.arp_ignore=1\np ping 10.0.0.2");
	assert_int_equal(nb(f, "p", "eth0", "10.0.0.2")->mac[5], 0x10);
	simfx_run(
		f,
		"p ip neigh replace 10.0.0.2 lladdr 02:00:00:00:00:11 dev eth0 nud stale\nsleep 2\n"
		"h ip route add 10.0.0.100/32 dev eth0 src 10.0.0.2\nh ip neigh flush all\nsleep "
		"2\n"
		"h ping 10.0.0.100");
	assert_int_equal(nb(f, "p", "eth0", "10.0.0.2")->mac[5], 0x10);
}

static void test_p6d_arp_announce2(void **state)
{
	struct simfx *f = *state;

	simfx_run(f, simfx_t1);
	simfx_run(f, "h sysctl -w net.ipv4.conf.all.arp_ignore=1\nh sysctl -w "
		     "net.ipv4.conf.all.arp_announce=2\n"
		     "p ping 10.0.0.2");
	assert_int_equal(nb(f, "p", "eth0", "10.0.0.2")->mac[5], 0x11);
	simfx_run(f, "h ip route add 10.0.0.100/32 dev eth0 src 10.0.0.2\nh ip neigh flush "
		     "all\nsleep 2\n"
		     "h ping 10.0.0.100");
	assert_int_equal(nb(f, "p", "eth0", "10.0.0.2")->mac[5], 0x11);
}

/* P5 (D4): empty main table: rp_filter=0 delivers, rp_filter=1 drops */
static void test_p5_rp_filter(void **state)
{
	struct simfx *f = *state;
	const struct trace_event *e;

	simfx_run(f, simfx_t1);
	simfx_run(f, "h ip route flush table main\nh udp bind 0.0.0.0:9000 as u\np udp bind "
		     "0.0.0.0:0 as "
		     "pu\n"
		     "p ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:10 dev eth0\n"
		     "p sendto pu 10.0.0.1:9000 one\nh sysctl -w net.ipv4.conf.all.rp_filter=1\n"
		     "p sendto pu 10.0.0.1:9000 two");
	assert_non_null(find(f, 0, "h", TRACE_APP_RECV, PKT_PROTO_UDP, 0, "one"));
	assert_null(find(f, 0, "h", TRACE_APP_RECV, PKT_PROTO_UDP, 0, "two"));
	e = find(f, 0, "h", TRACE_DROP, PKT_PROTO_UDP, 0, "two");
	while (e && strcmp(e->iif, "eth0") != 0)
		e = find(f, (size_t)e->seq + 1, "h", TRACE_DROP, PKT_PROTO_UDP, 0, "two");
	assert_non_null(e);
	assert_non_null(strstr(e->why, "rp_filter=1"));
}

/* C3.4: no route: the segment waits; the retransmission after a route is back delivers */
static void test_c34_retransmit(void **state)
{
	struct simfx *f = *state;
	size_t mark;

	simfx_run(f, simfx_t1);
	simfx_run(f, "p listen tcp 0.0.0.0:5000 as s\nh connect tcp 10.0.0.100:5000 as c\np accept "
		     "s as a\n"
		     "h ip route flush table main\nh send c lost");
	assert_null(find(f, 0, "h", TRACE_NIC_TX, PKT_PROTO_TCP, 0, "lost"));
	assert_non_null(find(f, 0, "h", TRACE_DROP, PKT_PROTO_TCP, 0, "lost"));
	mark = f->t.n;
	simfx_run(f, "h ip route add 10.0.0.0/24 dev eth1\nsleep 1");
	assert_string_equal(find(f, mark, "h", TRACE_NIC_TX, PKT_PROTO_TCP, 0, "lost")->oif,
			    "eth1");
	assert_non_null(find(f, mark, "p", TRACE_APP_RECV, PKT_PROTO_TCP, 0, "lost"));
}

/* TCP close: FIN both ways */
static void test_close(void **state)
{
	struct simfx *f = *state;

	simfx_run(f, simfx_t1);
	simfx_run(f, "p listen tcp 0.0.0.0:5000 as s\nh connect tcp 10.0.0.100:5000 as c\np accept "
		     "s as a\n"
		     "h close c");
	assert_int_equal(sk(f, "p", "a")->state, TCP_CLOSE_WAIT);
	simfx_run(f, "p close a");
	assert_null(sock_find(sim_host(f->sim, "p"), "a"));
}

/* ip neigh show: iproute2's format */
static void test_ip_neigh(void **state)
{
	struct simfx *f = *state;

	simfx_run(f, simfx_t1);
	simfx_run(f, "p ping 10.0.0.1\np ip neigh show");
	assert_string_equal(f->o.out.buf,
			    "10.0.0.1 dev eth0 lladdr 02:00:00:00:00:11 REACHABLE \n");
	simfx_run(f, "p ip neigh show dev eth0");
	assert_string_equal(f->o.out.buf, "10.0.0.1 lladdr 02:00:00:00:00:11 REACHABLE \n");
}

/* trace text and jsonl renderings */
static void test_trace_render(void **state)
{
	struct simfx *f = *state;
	const struct trace_event *e;
	struct strbuf sb;

	simfx_run(f, simfx_t1);
	simfx_run(f,
		  "p listen tcp 0.0.0.0:80\nh connect tcp 10.0.0.100:80 as c\nh send c \"мама мыла "
		  "раму\"");
	e = find(f, 0, "h", TRACE_ROUTE_OUT, PKT_PROTO_TCP, 0, "мама мыла раму");
	strbuf_init(&sb);
	trace_event_text(e, &sb);
	assert_non_null(strstr(sb.buf,
			       " h route-out IN= OUT=eth0 SRC=10.0.0.1 DST=10.0.0.100 PROTO=TCP "
			       "SPT=40000 DPT=80 FLAGS=PSH,ACK"));
	assert_non_null(strstr(
		sb.buf, "[src:socket dst:socket sport:socket dport:socket oif:route] ACCEPT"));
	strbuf_reset(&sb);
	trace_event_json(e, &sb);
	assert_non_null(strstr(sb.buf, "\"stage\":\"route-out\""));
	assert_non_null(strstr(sb.buf, "\"from\":{\"src\":\"socket\""));
	assert_non_null(strstr(sb.buf, "\"iif\":null,\"oif\":\"eth0\""));
	strbuf_release(&sb);
}

/* scene directives and file:line:col errors */
static void test_scene(void **state)
{
	struct simfx *f = *state;
	struct trace t;
	const char *text =
		"title T\nstep one\nsay en hello\nsay ru привет\n  ip link set nope up\n";

	trace_init(&t);
	assert_int_equal(scene_run(&f->ctx, text, "x.scene", &t, &f->o), -1);
	assert_string_equal(t.title, "T");
	assert_int_equal((int)t.nsteps, 1);
	assert_string_equal(t.steps[0].say_ru, "привет");
	assert_string_equal(f->o.err.buf, "x.scene:5:3: Cannot find device \"nope\"\n");
	f->sim->trace = &f->t;
	trace_release(&t);
	assert_non_null(strstr(scene_builtin_default(),
			       "172.16.70.0/24 dev enp0s3 scope link src 172.16.70.14"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_frag_reasm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_frag_expire_without_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_p1a_connect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_p1b_route_src, setup, teardown),
		cmocka_unit_test_setup_teardown(test_p10_second_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_p3_better_route, setup, teardown),
		cmocka_unit_test_setup_teardown(test_c4_neigh_no_reroute, setup, teardown),
		cmocka_unit_test_setup_teardown(test_p4_udp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_icmp_ratelimit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redirect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_p2_accept_src, setup, teardown),
		cmocka_unit_test_setup_teardown(test_p11_from_rule_synack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_p13_errnos, setup, teardown),
		cmocka_unit_test_setup_teardown(test_p17_bindtodevice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_d8_rst, setup, teardown),
		cmocka_unit_test_setup_teardown(test_p7_changed_source, setup, teardown),
		cmocka_unit_test_setup_teardown(test_p6_arp_flux, setup, teardown),
		cmocka_unit_test_setup_teardown(test_p6d_arp_announce, setup, teardown),
		cmocka_unit_test_setup_teardown(test_p6d_arp_announce2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_p5_rp_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_c34_retransmit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ip_neigh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trace_render, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scene, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
