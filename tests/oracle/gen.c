/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gen: random single-host scripts for the kernel oracle (tests/oracle/random.sh).
 *
 * `gen SEED NQUERIES` prints a script in the oracle's format (tests/oracle/oracle.sh):
 * 1-4 veth pairs eth0..eth3 (peers p0..p3, some left down so carrier is off, some links
 * down), overlapping addresses from a few small pools, routes of every type in tables
 * main/local/100/200, replace/append/prepend/change/del, policy rules, link and address
 * changes, multipath routes and nexthop objects (with a fixed hash seed), sysctls that
 * matter to lookups, deliberately invalid commands, interleaved
 * `show` commands and NQUERIES `ip route get` queries whose destinations mostly fall
 * inside configured prefixes.
 *
 * The output depends only on SEED (splitmix64, no libc rand), so a failing round is
 * reproduced by its seed alone. The generator does not model the kernel: it keeps just
 * enough memory of what it emitted (addresses, prefixes, rules) to aim at interesting
 * places. Whether a command succeeds is the real kernel's business; the oracle compares
 * both sides' answers, errors included.
 *
 * Deliberately absent: `ip link show` (link flags are not what this test is about),
 * neighbours (the kernel dumps them in random hash order), `oif lo` and multicast queries
 * (iproute2 oddities, covered by hand-written cases), anything that depends on time.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NICS 4
#define MAX_ITEMS 256

static uint64_t rng_state;

/* splitmix64: tiny, good enough, and identical on every platform */
static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* uniform in [0, n) */
static unsigned rnd(unsigned n)
{
	return n ? (unsigned)(rng_next() % n) : 0;
}

/* true with probability pct percent */
static bool chance(unsigned pct)
{
	return rnd(100) < pct;
}

static unsigned pick(const unsigned *v, unsigned n)
{
	return v[rnd(n)];
}

#define PICK(arr) pick(arr, sizeof(arr) / sizeof(arr[0]))

static uint32_t mask_of(int len)
{
	return len == 0 ? 0 : 0xffffffffu << (32 - len);
}

/* dotted quad into one of a few rotating buffers, so several fit in one printf */
static const char *ip_str(uint32_t a)
{
	static char buf[8][16];
	static unsigned n;
	char *b = buf[n++ % 8];

	snprintf(b, sizeof(buf[0]), "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255,
		 a & 255);
	return b;
}

/* PREFIX as a user would type it: "default", a bare host or a/len */
static const char *prefix_str(uint32_t a, int len)
{
	static char buf[8][24];
	static unsigned n;
	char *b = buf[n++ % 8];

	if (len == 0 && a == 0)
		return "default";
	if (len == 32 && chance(30))
		return ip_str(a);
	snprintf(b, sizeof(buf[0]), "%s/%d", ip_str(a), len);
	return b;
}

struct addr {
	uint32_t a;
	int len;
	int nic;
};

struct prefix {
	uint32_t a;
	int len;
};

/* a route as it was added, so that a later del/replace can aim at it */
struct route {
	const char *type; /* NULL = unicast */
	uint32_t dst;
	int len;
	bool has_gw;
	uint32_t gw;
	int dev; /* -1: none */
	unsigned metric;
	const char *table; /* NULL = main by default */
};

struct rule {
	unsigned pref; /* 0: not given */
	char spec[256];
};

static struct {
	int nics;
	bool up[MAX_NICS]; /* admin state of ethN as last emitted */
	struct addr addrs[MAX_ITEMS];
	int naddrs;
	struct prefix prefixes[MAX_ITEMS]; /* every prefix used in a route or address */
	int nprefixes;
	struct route routes[MAX_ITEMS];
	int nroutes;
	struct rule rules[MAX_ITEMS];
	int nrules;
} g;

static const struct {
	uint32_t base;
	int len;
} pools[] = {
	{ 0x0a000000, 16 }, /* 10.0.0.0/16 */
	{ 0x0a010000, 16 }, /* 10.1.0.0/16 */
	{ 0xc0a80100, 24 }, /* 192.168.1.0/24 */
};

static const unsigned metrics[] = { 5, 10, 20, 50, 100 };
static const unsigned prefs[] = { 50, 100, 150, 200, 300, 1000, 32000, 40000 };

/* a command line built piece by piece */
struct line {
	char s[256];
	size_t n;
};

static void lput(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void lput(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(l->s + l->n, sizeof(l->s) - l->n, fmt, ap);
	va_end(ap);
	if (k > 0)
		l->n += (size_t)k < sizeof(l->s) - l->n ? (size_t)k : sizeof(l->s) - l->n - 1;
}

static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void emit(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static const char *nic_name(int i)
{
	static const char *const names[] = { "eth0", "eth1", "eth2", "eth3" };

	return names[i];
}

static void remember_prefix(uint32_t a, int len)
{
	if (g.nprefixes < MAX_ITEMS)
		g.prefixes[g.nprefixes++] = (struct prefix){ a & mask_of(len), len };
}

/* an address inside a pool; small host numbers so that addresses collide */
static uint32_t pool_addr(void)
{
	unsigned p = rnd(3);
	uint32_t a = pools[p].base;

	if (pools[p].len == 16)
		a |= rnd(4) << 8;
	a |= chance(60) ? 1 + rnd(16) : 1 + rnd(254);
	return a;
}

static int addr_len(void)
{
	static const unsigned lens[] = { 8, 16, 20, 24, 24, 24, 24, 25, 28, 30, 31, 32 };

	return chance(80) ? (int)PICK(lens) : 8 + (int)rnd(25);
}

/* a random host inside a/len other than a itself (a for /31 and /32) */
static uint32_t host_in(uint32_t a, int len)
{
	uint32_t net = a & mask_of(len), span, h;

	if (len >= 31)
		return len == 31 ? a ^ 1 : a;
	span = ~mask_of(len);
	if (span > 1024 && chance(70))
		span = 255; /* stay near the start of wide prefixes */
	h = net | (1 + rnd(span - 1));
	return h == a ? net | 1 : h;
}

/* a destination prefix: near configured addresses, in the pools, or elsewhere */
static struct prefix gen_prefix(void)
{
	static const struct prefix ext[] = {
		{ 0x08080800, 24 }, /* 8.8.8.0/24 */
		{ 0xac100000, 12 }, /* 172.16.0.0/12 */
		{ 0xcb007100, 24 }, /* 203.0.113.0/24 */
		{ 0x00000000, 1 },  /* 0.0.0.0/1 */
		{ 0x80000000, 1 },  /* 128.0.0.0/1 */
		{ 0x0a000000, 8 },  /* 10.0.0.0/8 */
	};
	struct prefix p;
	unsigned r = rnd(100);

	if (r < 35 && g.naddrs) {
		const struct addr *a = &g.addrs[rnd(g.naddrs)];

		p.len = a->len - 4 + (int)rnd(9);
		if (p.len < 8)
			p.len = 8;
		if (p.len > 32)
			p.len = 32;
		p.a = a->a;
	} else if (r < 60) {
		p.a = pool_addr();
		p.len = addr_len();
	} else if (r < 70) {
		p.a = 0;
		p.len = 0;
	} else if (r < 80) {
		p = ext[rnd(sizeof(ext) / sizeof(ext[0]))];
	} else if (g.nprefixes) {
		p = g.prefixes[rnd(g.nprefixes)];
	} else {
		p.a = pool_addr();
		p.len = 24;
	}
	if (!chance(3)) /* sometimes leave host bits set: "Invalid prefix" */
		p.a &= mask_of(p.len);
	return p;
}

/* an address whose subnet is likely connected: its NIC up, not a /31 or /32 */
static const struct addr *usable_addr(void)
{
	const struct addr *a = &g.addrs[rnd(g.naddrs)];
	int tries;

	for (tries = 0; tries < 6 && (!g.up[a->nic] || a->len > 30); tries++)
		a = &g.addrs[rnd(g.naddrs)];
	return a;
}

/* a gateway: mostly a neighbour in a connected subnet, sometimes not */
static uint32_t gen_gateway(void)
{
	unsigned r = rnd(100);

	if (r < 65 && g.naddrs) {
		const struct addr *a = usable_addr();

		return host_in(a->a, a->len < 24 && chance(70) ? 24 : a->len);
	}
	if (r < 75 && g.naddrs)
		return g.addrs[rnd(g.naddrs)].a; /* one of our own addresses */
	if (r < 80)
		return 0xcb007101 + rnd(8); /* 203.0.113.x: invalid gateway */
	return pool_addr();
}

static uint32_t gen_src(void)
{
	if (g.naddrs && chance(85))
		return g.addrs[rnd(g.naddrs)].a;
	return 0xc6336407; /* 198.51.100.7: invalid prefsrc */
}

static const char *gen_table(void)
{
	unsigned r = rnd(100);

	if (r < 55)
		return NULL;
	if (r < 62)
		return "main";
	if (r < 78)
		return "100";
	if (r < 94)
		return "200";
	return "local";
}

static int gen_dev(void)
{
	return (int)rnd(g.nics);
}

static void remember_route(const struct route *rt)
{
	remember_prefix(rt->dst, rt->len);
	if (g.nroutes < MAX_ITEMS)
		g.routes[g.nroutes++] = *rt;
}

static const char *route_verb(void)
{
	unsigned r = rnd(100);

	if (r < 62)
		return "add";
	if (r < 77)
		return "replace";
	if (r < 85)
		return "append";
	if (r < 93)
		return "prepend";
	return "change";
}

/* ip route add|replace|append|prepend|change of a unicast route */
static void op_route_unicast(void)
{
	struct route rt = { .dev = -1 };
	struct prefix p = gen_prefix();
	const char *verb = route_verb();
	struct line l = { 0 };

	rt.dst = p.a;
	rt.len = p.len;
	if (chance(20) && g.nroutes) { /* another alias of a prefix we already routed */
		const struct route *o = &g.routes[rnd(g.nroutes)];

		rt.dst = o->dst;
		rt.len = o->len;
		rt.table = o->table;
	} else {
		rt.table = gen_table();
	}
	rt.has_gw = chance(60);
	if (rt.has_gw)
		rt.gw = gen_gateway();
	if (!rt.has_gw || chance(45))
		rt.dev = gen_dev();
	if (chance(40))
		rt.metric = PICK(metrics);

	lput(&l, "ip route %s %s", verb, prefix_str(rt.dst, rt.len));
	if (rt.has_gw)
		lput(&l, " via %s", ip_str(rt.gw));
	if (rt.dev >= 0)
		lput(&l, " dev %s", chance(2) ? "eth7" : nic_name(rt.dev));
	if (chance(15))
		lput(&l, " src %s", ip_str(gen_src()));
	if (rt.metric)
		lput(&l, " metric %u", rt.metric);
	if (rt.table)
		lput(&l, " table %s", rt.table);
	if (chance(10))
		lput(&l, " proto static");
	if (!rt.has_gw && chance(5))
		lput(&l, " scope link");
	if (rt.has_gw && rt.dev >= 0 && chance(12))
		lput(&l, " onlink");
	emit("%s", l.s);
	remember_route(&rt);
}

/* a multipath route: 2-3 paths through gateways or devices, with weights */
static void op_route_multipath(void)
{
	struct route rt = { .dev = -1 };
	struct prefix p = gen_prefix();
	struct line l = { 0 };
	int n = 2 + (int)rnd(2);

	rt.dst = p.a;
	rt.len = p.len;
	rt.table = gen_table();
	if (chance(30))
		rt.metric = PICK(metrics);
	lput(&l, "ip route %s %s", route_verb(), prefix_str(rt.dst, rt.len));
	if (rt.metric)
		lput(&l, " metric %u", rt.metric);
	if (rt.table)
		lput(&l, " table %s", rt.table);
	for (int i = 0; i < n; i++) {
		bool gw = chance(80);

		lput(&l, " nexthop");
		if (gw)
			lput(&l, " via %s", ip_str(gen_gateway()));
		if (!gw || chance(40))
			lput(&l, " dev %s", nic_name(gen_dev()));
		if (chance(40))
			lput(&l, " weight %u", 1 + rnd(chance(10) ? 300 : 8));
		if (gw && chance(5))
			lput(&l, " onlink");
	}
	emit("%s", l.s);
	remember_prefix(rt.dst, rt.len); /* queries aim at it; the route ops keep to theirs */
}

/* nexthop objects: one path, a blackhole or a group; routes through them; removals */
static void op_nexthop(void)
{
	unsigned r = rnd(100), id = 1 + rnd(12);
	struct line l = { 0 };

	if (r < 35) {
		lput(&l, "ip nexthop %s id %u", chance(80) ? "add" : "replace", id);
		if (chance(10))
			lput(&l, " blackhole");
		else if (chance(75))
			lput(&l, " via %s dev %s", ip_str(gen_gateway()), nic_name(gen_dev()));
		else
			lput(&l, " dev %s", nic_name(gen_dev()));
	} else if (r < 55) {
		int n = 1 + (int)rnd(3);

		lput(&l, "ip nexthop %s id %u group ", chance(85) ? "add" : "replace", 20 + id);
		for (int i = 0; i < n; i++) {
			lput(&l, "%s%u", i ? "/" : "", 1 + rnd(12));
			if (chance(30))
				lput(&l, ",%u", 1 + rnd(5));
		}
	} else if (r < 85) {
		struct route rt = { .dev = -1 };
		struct prefix p = gen_prefix();

		rt.dst = p.a;
		rt.len = p.len;
		rt.table = gen_table();
		lput(&l, "ip route %s %s nhid %u", route_verb(), prefix_str(rt.dst, rt.len),
		     chance(40) ? 20 + id : id);
		if (rt.table)
			lput(&l, " table %s", rt.table);
		remember_prefix(rt.dst, rt.len);
	} else if (r < 95) {
		lput(&l, "ip nexthop del id %u", chance(70) ? id : 20 + id);
	} else {
		emit("ip nexthop show");
		return;
	}
	emit("%s", l.s);
}

/* blackhole/unreachable/prohibit/throw, local and broadcast routes */
static void op_route_typed(void)
{
	static const char *const types[] = { "blackhole", "unreachable", "prohibit", "throw" };
	struct route rt = { .dev = -1 };
	struct prefix p = gen_prefix();
	unsigned r = rnd(100);
	struct line l = { 0 };

	rt.dst = p.a;
	rt.len = p.len;
	if (r < 75) {
		rt.type = types[rnd(4)];
		rt.table = gen_table();
		if (chance(35))
			rt.metric = PICK(metrics);
		lput(&l, "ip route %s %s %s",
		     chance(85) ? "add" : (chance(50) ? "replace" : "append"), rt.type,
		     prefix_str(rt.dst, rt.len));
		if (rt.metric)
			lput(&l, " metric %u", rt.metric);
		if (rt.table)
			lput(&l, " table %s", rt.table);
	} else if (r < 90) {
		/* AnyIP: a local route for a whole prefix (A4 when it is wide) */
		rt.type = "local";
		rt.dev = chance(50) ? -1 : gen_dev();
		rt.table = chance(70) ? NULL : "100";
		lput(&l, "ip route add local %s dev %s", prefix_str(rt.dst, rt.len),
		     rt.dev < 0 ? "lo" : nic_name(rt.dev));
		if (rt.table)
			lput(&l, " table %s", rt.table);
	} else {
		rt.type = "broadcast";
		rt.dev = gen_dev();
		rt.len = 32;
		rt.dst = g.naddrs ? (g.addrs[rnd(g.naddrs)].a | 0x7f) : pool_addr();
		lput(&l, "ip route add broadcast %s dev %s", ip_str(rt.dst), nic_name(rt.dev));
	}
	emit("%s", l.s);
	remember_route(&rt);
}

/* ip route del with a random subset of the selectors it was added with */
static void op_route_del(void)
{
	const struct route *rt;
	struct line l = { 0 };

	if (!g.nroutes || chance(10)) {
		struct prefix p = gen_prefix();

		emit("ip route del %s%s", prefix_str(p.a, p.len), chance(30) ? " table 300" : "");
		return;
	}
	rt = &g.routes[rnd(g.nroutes)];
	lput(&l, "ip route del ");
	if (rt->type && chance(50))
		lput(&l, "%s ", rt->type);
	lput(&l, "%s", prefix_str(rt->dst, rt->len));
	if (rt->has_gw && chance(50))
		lput(&l, " via %s", ip_str(rt->gw));
	if (rt->dev >= 0 && chance(40))
		lput(&l, " dev %s", nic_name(rt->dev));
	if (rt->metric && chance(60))
		lput(&l, " metric %u", rt->metric);
	if (rt->table)
		lput(&l, " table %s", rt->table);
	else if (rt->type && (!strcmp(rt->type, "local") || !strcmp(rt->type, "broadcast")))
		lput(&l, " table local"); /* where iproute2 put them */
	emit("%s", l.s);
}

/* a selector prefix for rules: one of our addresses, a subnet, or a route prefix */
static const char *rule_prefix(void)
{
	if (g.naddrs && chance(50)) {
		const struct addr *a = &g.addrs[rnd(g.naddrs)];
		int len = chance(50) ? 32 : a->len;

		return prefix_str(a->a & mask_of(len), len);
	}
	{
		struct prefix p = gen_prefix();

		if (p.len == 0)
			return "all";
		return prefix_str(p.a & mask_of(p.len), p.len);
	}
}

static void op_rule_add(void)
{
	static const char *const tables[] = { "100", "100", "200", "200", "main" };
	static const char *const rejects[] = { "unreachable", "prohibit", "blackhole" };
	static const unsigned sup[] = { 0, 8, 16, 24 };
	static const unsigned marks[] = { 1, 2, 3, 16 };
	struct rule ru = { 0 };
	struct line l = { 0 };
	unsigned action = rnd(100);
	bool reject = action >= 83;

	if (chance(70)) {
		ru.pref = PICK(prefs) + (chance(30) ? rnd(5) : 0);
		lput(&l, "pref %u ", ru.pref);
	}
	if (chance(8))
		lput(&l, "not ");
	if (chance(35))
		lput(&l, "from %s ", rule_prefix());
	if (chance(35) || reject) /* a reject rule without `to` would swallow everything */
		lput(&l, "to %s ", rule_prefix());
	if (chance(10))
		lput(&l, "iif %s ", chance(40) ? "lo" : (chance(5) ? "eth8" : nic_name(gen_dev())));
	if (chance(10))
		lput(&l, "oif %s ", nic_name(gen_dev()));
	if (chance(15)) {
		if (chance(30))
			lput(&l, "fwmark 0x%x/0xf ", PICK(marks));
		else
			lput(&l, "fwmark %u ", PICK(marks));
	}
	if (l.n == 0)
		lput(&l, "from all ");

	if (action < 62)
		lput(&l, "lookup %s", tables[rnd(5)]);
	else if (action < 75)
		lput(&l, "lookup %s suppress_prefixlength %u", chance(70) ? "main" : tables[rnd(4)],
		     PICK(sup));
	else if (!reject)
		lput(&l, "goto %u", ru.pref ? ru.pref + 1 + rnd(2000) : PICK(prefs));
	else
		lput(&l, "%s", rejects[rnd(3)]);

	snprintf(ru.spec, sizeof(ru.spec), "%s", l.s);
	emit("ip rule add %s", ru.spec);
	if (g.nrules < MAX_ITEMS)
		g.rules[g.nrules++] = ru;
}

static void op_rule_del(void)
{
	const struct rule *ru;

	if (!g.nrules || chance(10)) {
		emit("ip rule del pref %u", PICK(prefs) + 7);
		return;
	}
	ru = &g.rules[rnd(g.nrules)];
	if (ru->pref && chance(60))
		emit("ip rule del pref %u", ru->pref);
	else
		emit("ip rule del %s", ru->spec);
}

static void addr_add(int nic)
{
	struct addr a = { .nic = nic };
	struct line l = { 0 };

	if (g.naddrs && chance(25)) {
		/* same subnet as an existing address: a secondary on the same NIC */
		const struct addr *o = &g.addrs[rnd(g.naddrs)];

		a.nic = chance(70) ? o->nic : nic;
		a.len = o->len;
		a.a = host_in(o->a, o->len);
	} else {
		a.a = pool_addr();
		a.len = addr_len();
	}
	lput(&l, "ip addr add %s/%d", ip_str(a.a), a.len);
	if (chance(10))
		lput(&l, " brd +");
	lput(&l, " dev %s", nic_name(a.nic));
	if (chance(10))
		lput(&l, " scope link");
	if (chance(10))
		lput(&l, " noprefixroute");
	if (chance(12))
		lput(&l, " metric %u", PICK(metrics));
	emit("%s", l.s);
	remember_prefix(a.a, a.len);
	if (g.naddrs < MAX_ITEMS)
		g.addrs[g.naddrs++] = a;
}

static void op_addr(void)
{
	unsigned r = rnd(100);

	if (r < 55 || !g.naddrs) {
		addr_add(gen_dev());
	} else if (r < 92) {
		const struct addr *a = &g.addrs[rnd(g.naddrs)];

		emit("ip addr del %s/%d dev %s", ip_str(a->a), a->len, nic_name(a->nic));
	} else {
		emit("ip addr flush dev %s", nic_name(gen_dev()));
	}
}

static void op_link(void)
{
	int i = gen_dev();
	bool up = chance(50);

	if (chance(60)) {
		g.up[i] = up;
		emit("ip link set eth%d %s", i, up ? "up" : "down");
	} else {
		emit("ip link set p%d %s", i, up ? "up" : "down");
	}
}

static void op_sysctl(void)
{
	static const char *const where[] = { "all", "all", "default", "eth0", "eth1" };
	const char *w = where[rnd(g.nics > 1 ? 5 : 4)];
	unsigned r = rnd(100);

	if (r < 45)
		emit("sysctl -w net.ipv4.conf.%s.rp_filter=%u", w, rnd(3));
	else if (r < 75)
		emit("sysctl -w net.ipv4.conf.%s.promote_secondaries=%u", w, rnd(2));
	else
		emit("sysctl -w net.ipv4.ip_forward=%u", rnd(2));
}

static void op_flush(void)
{
	unsigned r = rnd(100);

	if (r < 50)
		emit("ip route flush table %s", chance(50) ? "100" : "200");
	else if (r < 85)
		emit("ip route flush dev %s", nic_name(gen_dev()));
	else
		emit("ip route flush table main");
}

/* commands that must fail (the error text and status are what is compared) */
static void op_invalid(void)
{
	unsigned r = rnd(100);
	struct prefix p = gen_prefix();

	if (r < 25) {
		emit("ip route add %s via 203.0.113.%u", prefix_str(p.a, p.len), 1 + rnd(200));
	} else if (r < 45) {
		emit("ip route add %s dev eth9", prefix_str(p.a, p.len));
	} else if (r < 70 && g.nroutes) {
		const struct route *rt = &g.routes[g.nroutes - 1];

		if (rt->type)
			emit("ip route add %s %s%s%s", rt->type, prefix_str(rt->dst, rt->len),
			     rt->table ? " table " : "", rt->table ? rt->table : "");
		else if (rt->has_gw)
			emit("ip route add %s via %s%s%s", prefix_str(rt->dst, rt->len),
			     ip_str(rt->gw), rt->table ? " table " : "",
			     rt->table ? rt->table : "");
		else
			emit("ip route add %s dev %s%s%s", prefix_str(rt->dst, rt->len),
			     nic_name(rt->dev), rt->table ? " table " : "",
			     rt->table ? rt->table : "");
	} else if (r < 85) {
		emit("ip route del %s table 300", prefix_str(p.a, p.len));
	} else {
		emit("ip route add %s dev %s src 198.51.100.%u", prefix_str(p.a, p.len),
		     nic_name(gen_dev()), 1 + rnd(200));
	}
}

static void op_show(void)
{
	static const char *const shows[] = {
		"ip route show",   "ip route show table all", "ip rule show",
		"ip -4 addr show", "ip route show table 100", "ip route show table local",
	};

	emit("%s", shows[rnd(sizeof(shows) / sizeof(shows[0]))]);
}

/* a destination, biased towards the insides of configured prefixes */
static uint32_t query_dst(void)
{
	unsigned r = rnd(100);

	if (r < 45 && g.nprefixes) {
		const struct prefix *p = &g.prefixes[rnd(g.nprefixes)];
		uint32_t a;

		if (p->len >= 8)
			return host_in(p->a | (p->len < 32 ? 1 : 0), p->len);
		/* default or /1: anywhere in unicast space but 0/8 and 127/8 */
		do
			a = (1 + rnd(223)) << 24 | rnd(1u << 24);
		while (a >> 24 == 127 || (a & mask_of(p->len)) != p->a);
		return a;
	}
	if (r < 65 && g.naddrs) {
		const struct addr *a = &g.addrs[rnd(g.naddrs)];

		return host_in(a->a, a->len);
	}
	if (r < 73 && g.naddrs)
		return g.addrs[rnd(g.naddrs)].a;
	if (r < 78 && g.naddrs) { /* the subnet broadcast address */
		const struct addr *a = &g.addrs[rnd(g.naddrs)];

		return a->a | ~mask_of(a->len);
	}
	if (r < 88)
		return pool_addr();
	if (r < 96)
		return chance(50) ? 0x08080808 : 0xcb007100 + rnd(255);
	{
		static const uint32_t special[] = { 0, 0x7f000001, 0xffffffff, 0x7f000005 };

		return special[rnd(4)];
	}
}

static void op_query(void)
{
	static const unsigned marks[] = { 1, 2, 3, 16, 256 };
	struct line l = { 0 };
	unsigned r = rnd(100);

	lput(&l, "ip route get %s", ip_str(query_dst()));
	if (r < 12) {
		/* input routing: a packet from a neighbour arriving on a NIC */
		uint32_t from = g.naddrs ? host_in(g.addrs[rnd(g.naddrs)].a, 24) : pool_addr();

		if (chance(85))
			lput(&l, " from %s", ip_str(from));
		lput(&l, " iif %s", nic_name(gen_dev()));
	} else {
		if (chance(25))
			lput(&l, " from %s", ip_str(chance(85) ? gen_src() : pool_addr()));
		if (chance(18))
			lput(&l, " oif %s", nic_name(gen_dev()));
	}
	if (chance(12))
		lput(&l, " mark %u", PICK(marks));
	emit("%s", l.s);
}

int main(int argc, char **argv)
{
	unsigned long long seed;
	long nqueries, nmut, q, m;
	char *end;
	int i;

	if (argc != 3) {
		fprintf(stderr, "usage: gen SEED NQUERIES\n");
		return 2;
	}
	seed = strtoull(argv[1], &end, 0);
	if (*end) {
		fprintf(stderr, "gen: bad seed: %s\n", argv[1]);
		return 2;
	}
	nqueries = strtol(argv[2], &end, 0);
	if (*end || nqueries < 0 || nqueries > 100000) {
		fprintf(stderr, "gen: bad query count: %s\n", argv[2]);
		return 2;
	}
	rng_state = seed;
	rng_next();

	emit("# generated by tests/oracle/gen %llu %ld", seed, nqueries);

	/* topology: NICs, carrier, admin state, loopback */
	g.nics = 1 + (int)rnd(MAX_NICS);
	for (i = 0; i < g.nics; i++)
		emit("ip link add eth%d address 02:00:00:00:00:1%d type veth peer name p%d "
		     "address 02:00:00:00:01:1%d",
		     i, i, i, i);
	if (chance(90))
		emit("ip link set lo up");
	for (i = 0; i < g.nics; i++) {
		if (chance(80))
			emit("ip link set p%d up", i);
		g.up[i] = chance(90);
		if (g.up[i])
			emit("ip link set eth%d up", i);
	}
	if (chance(15))
		op_sysctl();
	/* multipath: the kernel's hash key is random unless a seed is set */
	emit("sysctl -w net.ipv4.fib_multipath_hash_seed=%u", rnd(1u << 31));
	if (chance(30))
		emit("sysctl -w net.ipv4.fib_multipath_hash_policy=%u", 1 + rnd(2));

	/* addresses */
	for (i = 0; i < g.nics; i++) {
		int k, n = 1 + (int)rnd(3);

		for (k = 0; k < n; k++)
			addr_add(i);
	}
	if (chance(50))
		op_show();

	/* most hosts have a default route, some a second one in another table */
	if (chance(55) && g.naddrs)
		emit("ip route add default via %s", ip_str(host_in(usable_addr()->a, 24)));
	if (chance(25) && g.naddrs)
		emit("ip route add default via %s table %s", ip_str(gen_gateway()),
		     chance(50) ? "100" : "200");

	/* body: mutations and queries interleaved, a show now and then */
	nmut = 25 + (long)rnd(20);
	q = nqueries;
	m = nmut;
	while (q > 0 || m > 0) {
		if (rnd((unsigned)(q + m)) < (unsigned)q) {
			op_query();
			q--;
			continue;
		}
		m--;
		{
			unsigned r = rnd(100);

			if (r < 30)
				op_route_unicast();
			else if (r < 42)
				op_route_typed();
			else if (r < 52)
				op_route_del();
			else if (r < 63)
				op_rule_add();
			else if (r < 68)
				op_rule_del();
			else if (r < 75)
				op_addr();
			else if (r < 80)
				op_link();
			else if (r < 84)
				op_sysctl();
			else if (r < 86)
				op_flush();
			else if (r < 90)
				op_invalid();
			else if (r < 93)
				op_route_multipath();
			else if (r < 97)
				op_nexthop();
			else
				op_show();
		}
	}

	emit("ip route show table all");
	emit("ip rule show");
	emit("ip -4 addr show");
	emit("ip nexthop show");
	return 0;
}
