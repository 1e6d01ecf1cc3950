/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtnames: see rtnames.h.
 */
#include "rtnames.h"

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const rtn_names[RTN__MAX] = {
	"unspec",    "unicast",	    "local",	"broadcast", "anycast", "multicast",
	"blackhole", "unreachable", "prohibit", "throw",     "nat",	"xresolve",
};

const char *rt_type_name(int type, char *buf, size_t len)
{
	if (type >= 0 && type < RTN__MAX)
		return rtn_names[type];
	snprintf(buf, len, "%d", type);
	return buf;
}

bool rt_type_from_name(const char *s, int *type)
{
	for (int i = 0; i < RTN__MAX; i++)
		if (strcmp(s, rtn_names[i]) == 0) {
			*type = i;
			return true;
		}
	return false;
}

const char *rt_table_name(uint32_t id, char *buf, size_t len)
{
	switch (id) {
	case RT_TABLE_LOCAL:
		return "local";
	case RT_TABLE_MAIN:
		return "main";
	case RT_TABLE_DEFAULT:
		return "default";
	case RT_TABLE_UNSPEC:
		return "unspec";
	default:
		snprintf(buf, len, "%u", id);
		return buf;
	}
}

const char *rt_scope_name(int scope, char *buf, size_t len)
{
	switch (scope) {
	case RT_SCOPE_UNIVERSE:
		return "global";
	case RT_SCOPE_SITE:
		return "site";
	case RT_SCOPE_LINK:
		return "link";
	case RT_SCOPE_HOST:
		return "host";
	case RT_SCOPE_NOWHERE:
		return "nowhere";
	default:
		snprintf(buf, len, "%d", scope);
		return buf;
	}
}

static const struct {
	int id;
	const char *name;
} rt_protos[] = {
	{ 0, "unspec" }, { 1, "redirect" }, { 2, "kernel" },	  { 3, "boot" },
	{ 4, "static" }, { 8, "gated" },    { 9, "ra" },	  { 10, "mrt" },
	{ 11, "zebra" }, { 12, "bird" },    { 13, "dnrouted" },	  { 14, "xorp" },
	{ 15, "ntk" },	 { 16, "dhcp" },    { 18, "keepalived" }, { 42, "babel" },
	{ 99, "openr" }, { 186, "bgp" },    { 187, "isis" },	  { 188, "ospf" },
	{ 189, "rip" },	 { 192, "eigrp" },
};

const char *rt_proto_name(int proto, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof(rt_protos) / sizeof(rt_protos[0]); i++)
		if (rt_protos[i].id == proto)
			return rt_protos[i].name;
	snprintf(buf, len, "%d", proto);
	return buf;
}

bool rt_proto_from_name(const char *s, int *proto)
{
	for (size_t i = 0; i < sizeof(rt_protos) / sizeof(rt_protos[0]); i++)
		if (strcmp(rt_protos[i].name, s) == 0) {
			*proto = rt_protos[i].id;
			return true;
		}
	return false;
}

bool inet_proto_parse(const char *s, uint8_t *proto)
{
	struct protoent pe, *res = NULL;
	char buf[1024], *end;
	unsigned long v;

	if (*s) {
		/* get_u8(): strtoul's whole syntax ("+6", " 6", "-0"), then at most 255 */
		v = strtoul(s, &end, 10);
		if (end != s && *end == '\0' && v <= 255) {
			*proto = (uint8_t)v;
			return true;
		}
	}
	if (getprotobyname_r(s, &pe, buf, sizeof(buf), &res) != 0 || !res)
		return false;
	*proto = (uint8_t)res->p_proto;
	return true;
}

const char *inet_proto_name(uint8_t proto, char *buf, size_t len)
{
	struct protoent pe, *res = NULL;
	char db[1024];

	if (getprotobynumber_r(proto, &pe, db, sizeof(db), &res) == 0 && res) {
		snprintf(buf, len, "%s", res->p_name);
		return buf;
	}
	snprintf(buf, len, "ipproto-%u", proto);
	return buf;
}

/* print_rule()'s sport/dport: " sport 80" or " sport 80-90"; in JSON "sport", or
 * "sport_start" and "sport_end" for a range */
static void port_range_fmt(bool dst, uint16_t lo, uint16_t hi, struct jw *w)
{
	const char *what = dst ? "dport" : "sport";

	if (!w->json) {
		jw_fp(w, lo == hi ? " %s %u" : " %s %u-%u", what, lo, hi);
	} else if (lo == hi) {
		jw_json_uint(w, what, lo);
	} else {
		jw_json_uint(w, dst ? "dport_start" : "sport_start", lo);
		jw_json_uint(w, dst ? "dport_end" : "sport_end", hi);
	}
}

void rule_l4_fmt(const struct rule *r, struct jw *w)
{
	char b[64];

	if (r->has_uid) {
		jw_uint(w, "uid_start", " uidrange %llu", (unsigned long long)r->uid_lo);
		jw_uint(w, "uid_end", "-%llu", (unsigned long long)r->uid_hi);
	}
	if (r->ip_proto)
		jw_str(w, "ipproto", " ipproto %s", inet_proto_name(r->ip_proto, b, sizeof(b)));
	if (r->sport_lo || r->sport_hi)
		port_range_fmt(false, r->sport_lo, r->sport_hi, w);
	if (r->dport_lo || r->dport_hi)
		port_range_fmt(true, r->dport_lo, r->dport_hi, w);
}

const char *rt_dev_name(const struct host *h, int ifindex)
{
	const struct nic *n = host_nic_by_index_c(h, ifindex);
	static char buf[4][24];
	static int i;

	if (n)
		return n->name;
	i = (i + 1) & 3;
	snprintf(buf[i], sizeof(buf[i]), "if%d", ifindex);
	return buf[i];
}

/* print_rt_flags() of a path's flags as fib_nexthop_info() reports them: LINKDOWN is
 * also DEAD where the device ignores routes with linkdown; in JSON the "flags" array */
static void nh_flags_fmt(const struct host *h, uint32_t f, int oif, struct jw *w)
{
	const struct nic *n = host_nic_by_index_c(h, oif);

	if ((f & NH_F_LINKDOWN) && n && nic_conf(h, n, DEVCONF_IGNORE_LINKDOWN))
		f |= NH_F_DEAD;
	jw_arr(w, "flags");
	if (f & NH_F_DEAD)
		jw_str(w, NULL, "%s ", "dead");
	if (f & NH_F_ONLINK)
		jw_str(w, NULL, "%s ", "onlink");
	if (f & NH_F_PERVASIVE)
		jw_str(w, NULL, "%s ", "pervasive");
	if (f & NH_F_LINKDOWN)
		jw_str(w, NULL, "%s ", "linkdown");
	jw_arr_end(w);
}

/* What a route dump says of its paths (fib_dump_info): a route with a nexthop object is
 * shown through it (compat mode): a blackhole object makes the route a blackhole on lo,
 * one path gives via, dev and the flags, more give RTA_MULTIPATH */
struct shown {
	int type;
	uint32_t gw, flags;
	int oif;
	int npaths; /* > 1: print the paths */
};

static struct shown route_shown(const struct host *h, const struct route *r)
{
	struct shown v = { r->type, r->gw, r->nh_flags, r->oif, r->mp ? route_nnh(h, r) : 1 };
	const struct nhobj *o = r->nhid ? host_nhobj(h, r->nhid) : NULL;

	if (!o)
		return v;
	if (o->blackhole)
		v.type = RTN_BLACKHOLE;
	v.npaths = route_nnh(h, r);
	v.gw = 0;
	v.oif = 0;
	v.flags = 0;
	if (v.npaths == 1) {
		struct nexthop nh = route_nh(h, r, 0);

		v.gw = nh.gw;
		v.oif = nh.oif;
		v.flags = nh.flags;
	}
	return v;
}

int route_shown_oif(const struct host *h, const struct route *r)
{
	return route_shown(h, r).oif;
}

uint32_t route_shown_gw(const struct host *h, const struct route *r)
{
	return route_shown(h, r).gw;
}

void route_metrics_fmt(const struct route *r, uint32_t pmtu, bool pmtu_lock, struct jw *w)
{
	bool lock = (r && (r->locks & ROUTE_LOCK_MTU)) || (pmtu && pmtu_lock);
	uint32_t mtu_v = pmtu ? pmtu : r ? r->mtu : 0;
	bool mtu = mtu_v || lock;
	bool advmss = r && (r->advmss || (r->locks & ROUTE_LOCK_ADVMSS));

	if (!mtu && !advmss)
		return;
	/* print_rta_metrics(): the lock is a word of the text only */
	jw_arr(w, "metrics");
	jw_obj(w, NULL);
	if (mtu) {
		jw_fp(w, "mtu %s", lock ? "lock " : "");
		jw_uint(w, "mtu", "%llu ", (unsigned long long)mtu_v);
	}
	if (advmss) {
		jw_fp(w, "advmss %s", (r->locks & ROUTE_LOCK_ADVMSS) ? "lock " : "");
		jw_uint(w, "advmss", "%llu ", (unsigned long long)r->advmss);
	}
	jw_obj_end(w);
	jw_arr_end(w);
}

/* iproute2's print_route(): a column fixed by a selector is not printed */
void route_fmt(const struct host *h, const struct route *r, bool show_table, unsigned hide,
	       struct jw *w)
{
	struct shown v = route_shown(h, r);
	char b1[32];

	jw_obj(w, NULL);
	if (v.type != RTN_UNICAST)
		jw_word(w, "type", "", rt_type_name(v.type, b1, sizeof(b1)));
	if (r->plen == 0 && r->dst == 0)
		jw_word(w, "dst", "", "default");
	else if (r->plen == 32)
		jw_word(w, "dst", "", ip_str(r->dst));
	else {
		snprintf(b1, sizeof(b1), "%s/%u", ip_str(r->dst), r->plen);
		jw_word(w, "dst", "", b1);
	}
	if (r->nhid)
		jw_uint(w, "nhid", "nhid %llu ", (unsigned long long)r->nhid);
	if (r->tos)
		jw_word(w, "tos", "tos ", rt_dsfield_name(r->tos, b1, sizeof(b1)));
	if (v.gw && !(hide & HIDE_VIA))
		jw_word(w, "gateway", "via ", ip_str(v.gw));
	if (v.oif && !(hide & HIDE_DEV))
		jw_word(w, "dev", "dev ", rt_dev_name(h, v.oif));
	if (show_table && r->table != RT_TABLE_MAIN)
		jw_word(w, "table", "table ", rt_table_name(r->table, b1, sizeof(b1)));
	if (r->proto != RTPROT_BOOT && !(hide & HIDE_PROTO))
		jw_word(w, "protocol", "proto ", rt_proto_name(r->proto, b1, sizeof(b1)));
	if (r->scope != RT_SCOPE_UNIVERSE && !(hide & HIDE_SCOPE))
		jw_word(w, "scope", "scope ", rt_scope_name(r->scope, b1, sizeof(b1)));
	if (r->prefsrc && !(hide & HIDE_SRC))
		jw_word(w, "prefsrc", "src ", ip_str(r->prefsrc));
	if (r->priority)
		jw_uint(w, "metric", "metric %llu ", (unsigned long long)r->priority);
	nh_flags_fmt(h, v.flags, v.oif, w);
	route_metrics_fmt(r, 0, false, w);
	/* RTA_MULTIPATH: print_rta_multipath() */
	if (v.npaths > 1)
		jw_arr(w, "nexthops");
	for (int i = 0; v.npaths > 1 && i < v.npaths; i++) {
		struct nexthop nh = route_nh(h, r, i);

		jw_obj(w, NULL);
		jw_puts(w, "\n\tnexthop ");
		if (nh.gw)
			jw_word(w, "gateway", "via ", ip_str(nh.gw));
		if (nh.oif)
			jw_word(w, "dev", "dev ", rt_dev_name(h, nh.oif));
		jw_int(w, "weight", "weight %lld ", (long long)nh.weight);
		nh_flags_fmt(h, nh.flags, nh.oif, w);
		jw_obj_end(w);
	}
	if (v.npaths > 1)
		jw_arr_end(w);
	jw_puts(w, "\n");
	jw_obj_end(w);
}

const char *rt_dsfield_name(uint8_t tos, char *buf, size_t len)
{
	static const struct {
		uint8_t v;
		const char *name;
	} names[] = {
		{ 0x00, "default" }, { 0x28, "AF11" }, { 0x30, "AF12" }, { 0x38, "AF13" },
		{ 0x48, "AF21" },    { 0x50, "AF22" }, { 0x58, "AF23" }, { 0x68, "AF31" },
		{ 0x70, "AF32" },    { 0x78, "AF33" }, { 0x88, "AF41" }, { 0x90, "AF42" },
		{ 0x98, "AF43" },    { 0x20, "CS1" },  { 0x40, "CS2" },	 { 0x60, "CS3" },
		{ 0x80, "CS4" },     { 0xa0, "CS5" },  { 0xc0, "CS6" },	 { 0xe0, "CS7" },
		{ 0xb8, "EF" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].v == tos)
			return names[i].name;
	snprintf(buf, len, "0x%02x", tos);
	return buf;
}
