/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtnames: the names rtnetlink's numbers have in iproute2's output (route types,
 * tables, scopes, protocols, devices) and a route's one-line text form, as `ip route
 * show` prints it. In the kernel model's layer because the packet path's narration
 * names routes too; the tools' parsers use the same tables.
 */
#ifndef PKTPATH_RTNAMES_H
#define PKTPATH_RTNAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/jsonw.h"
#include "model.h"

const char *rt_type_name(int type, char *buf, size_t len);
const char *rt_table_name(uint32_t id, char *buf, size_t len);
const char *rt_scope_name(int scope, char *buf, size_t len);
const char *rt_proto_name(int proto, char *buf, size_t len);
/* A TOS byte as iproute2 6.1 on Debian 12 names it (rtnl_dsfield_n2a with its
 * rt_dsfield file: AF11…AF43, CS1…CS7, EF), else 0x%02x. */
const char *rt_dsfield_name(uint8_t tos, char *buf, size_t len);
bool rt_type_from_name(const char *s, int *type);
bool rt_proto_from_name(const char *s, int *proto); /* names only, not numbers */
/* An IP protocol as iproute2 reads it (inet_proto_a2n: a decimal 0-255, else a name
 * from the protocols database) and prints it (the database's name, else ipproto-N). */
bool inet_proto_parse(const char *s, uint8_t *proto);
const char *inet_proto_name(uint8_t proto, char *buf, size_t len);
/* A rule's uidrange, ipproto, sport and dport as `ip rule` prints them (" uidrange 1-2
 * ipproto tcp sport 80 dport 1000-2000"), nothing for those it does not set. */
void rule_l4_fmt(const struct rule *r, struct jw *w);
/* The device's name, or "ifN" for an index the host does not have. */
const char *rt_dev_name(const struct host *h, int ifindex);

/* Columns a selector of `ip route show` fixes are not printed (iproute2 print_route()). */
enum { HIDE_DEV = 1, HIDE_PROTO = 2, HIDE_SCOPE = 4, HIDE_VIA = 8, HIDE_SRC = 16 };
/* One route as `ip route show` prints it, with a newline; show_table adds "table T"
 * for tables other than main. */
/* RTA_METRICS as print_rta_metrics() prints the ones pktpath models: "mtu [lock ]N "
 * and "advmss [lock ]N ", each when set or locked (in JSON "metrics":[{"mtu":N}]);
 * nothing for r NULL */
void route_metrics_fmt(const struct route *r, uint32_t pmtu, bool pmtu_lock, struct jw *w);
/* ... through a writer: in JSON, the route's object */
void route_fmt(const struct host *h, const struct route *r, bool show_table, unsigned hide,
	       struct jw *w);
/* The device and gateway a route's dump names (a nexthop object's, for one path; 0 for
 * several), which `ip route show dev|via` filter on. */
int route_shown_oif(const struct host *h, const struct route *r);
uint32_t route_shown_gw(const struct host *h, const struct route *r);
static inline void fmt_route(const struct host *h, const struct route *r, bool show_table,
			     struct strbuf *sb)
{
	struct jw w = jw_text(sb);

	route_fmt(h, r, show_table, 0, &w);
}

#endif
