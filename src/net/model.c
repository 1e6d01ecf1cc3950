/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * model: hosts, NICs, addresses, tables, rules, and the routes the kernel adds and
 * removes by itself when addresses and links change (docs/kernel.md B2, A9).
 *
 * The kernel-made routes follow fib_add_ifaddr()/fib_del_ifaddr()/fib_sync_down_dev()
 * (net/ipv4/fib_frontend.c, fib_semantics.c) step by step, including their quirks, so
 * that `ip route show table all` after any sequence of commands matches a real kernel.
 */
#include "model.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct.h"
#include "fib.h"
#include "path.h"
#include "sock.h"

#define X_NAME(id, name, def) name,
static const char *const devconf_names[] = { DEVCONF_LIST(X_NAME) };
#undef X_NAME
#define X_DEF(id, name, def) def,
static const int devconf_defaults[] = { DEVCONF_LIST(X_DEF) };
#undef X_DEF

const char *devconf_name(enum devconf c)
{
	return devconf_names[c];
}

int devconf_default(enum devconf c)
{
	return devconf_defaults[c];
}

struct sim *sim_new(void)
{
	struct sim *sim = xcalloc(1, sizeof(*sim));

	sim->seed = 1;
	return sim;
}

static void host_free(struct host *h)
{
	for (size_t i = 0; i < h->nnic; i++)
		free(h->nics[i].addrs);
	free(h->nics);
	for (size_t i = 0; i < h->ntables; i++)
		table_free(&h->tables[i]);
	free(h->tables);
	free(h->rules);
	free(h->neigh);
	free(h->peers);
	free(h->fnhes), free(h->fragq);
	free(h->mps);
	free(h->nhobjs);
	free(h->fdb);
	sock_index_free(h);
	sock_free_all(h);
	nf_free(h->nf);
	free(h);
}

void sim_free(struct sim *sim)
{
	if (!sim)
		return;
	for (size_t i = 0; i < sim->nhosts; i++)
		host_free(sim->hosts[i]);
	free(sim->hosts);
	free(sim->rx);
	free(sim->timers);
	free(sim->pending);
	free(sim);
}

void sim_host_take_state(struct host *dst, struct host *src)
{
	struct sim *sim = src->sim;

	/* swap the network state; src leaves with dst's old state */
#define SWAP(f)                                    \
	do {                                       \
		__typeof__(dst->f) swap_ = dst->f; \
		dst->f = src->f;                   \
		src->f = swap_;                    \
	} while (0)
	SWAP(nics);
	SWAP(nnic);
	SWAP(nic_cap);
	SWAP(next_ifindex);
	SWAP(tables);
	SWAP(ntables);
	SWAP(table_cap);
	SWAP(table_seq);
	SWAP(rules);
	SWAP(nrules);
	SWAP(rule_cap);
	SWAP(custom_rules);
	SWAP(custom_local_routes);
	SWAP(conf_default_set);
	SWAP(mps);
	SWAP(nmp);
	SWAP(mp_cap);
	SWAP(nhobjs);
	SWAP(nnhobj);
	SWAP(nhobj_cap);
	SWAP(nh_last_id);
#undef SWAP
	memcpy(dst->conf_all, src->conf_all, sizeof(dst->conf_all));
	memcpy(dst->conf_default, src->conf_default, sizeof(dst->conf_default));
	for (size_t i = 0; i < dst->nnic; i++)
		if (dst->nics[i].peer_host == src->index)
			dst->nics[i].peer_host = dst->index;
	dst->rt_genid++; /* C4: cached routes of dst's sockets are stale now */
	dst->dev_addr_genid++;
	if (sim->nhosts > 0 && sim->hosts[sim->nhosts - 1] == src) {
		sim->nhosts--;
		host_free(src);
	}
}

struct host *sim_host(struct sim *sim, const char *name)
{
	for (size_t i = 0; i < sim->nhosts; i++)
		if (strcmp(sim->hosts[i]->name, name) == 0)
			return sim->hosts[i];
	return NULL;
}

void host_rules_default(struct host *h)
{
	/* A1: fib_default_rules_init() */
	static const uint32_t tables[] = { RT_TABLE_LOCAL, RT_TABLE_MAIN, RT_TABLE_DEFAULT };
	static const uint32_t prefs[] = { 0, 32766, 32767 };

	h->nrules = 0;
	for (int i = 0; i < 3; i++) {
		struct rule r = { 0 };

		r.pref = prefs[i];
		r.action = FR_ACT_TO_TBL;
		r.table = tables[i];
		r.suppress_prefixlen = -1;
		r.mask = 0;
		vec_reserve((void **)&h->rules, &h->rule_cap, h->nrules + 1, sizeof(r));
		h->rules[h->nrules++] = r;
	}
}

/* A4: the first rule change unmerges local and main for good; C4: the cache goes */
static void rules_changed(struct host *h)
{
	h->custom_rules = true;
	host_rt_cache_flush(h);
}

static bool port_range_same(uint16_t xlo, uint16_t xhi, uint16_t lo, uint16_t hi)
{
	return xlo == lo && xhi == hi;
}

/* rule_exists()'s layer-4 and uid fields: all must be equal */
static bool rule_l4_same(const struct rule *x, const struct rule *r)
{
	return x->ip_proto == r->ip_proto && x->has_uid == r->has_uid &&
	       (!r->has_uid || (x->uid_lo == r->uid_lo && x->uid_hi == r->uid_hi)) &&
	       port_range_same(x->sport_lo, x->sport_hi, r->sport_lo, r->sport_hi) &&
	       port_range_same(x->dport_lo, x->dport_hi, r->dport_lo, r->dport_hi);
}

/* rule_find()'s: only what the request sets must be equal */
static bool rule_l4_matches(const struct rule *x, const struct rule *r)
{
	if (r->has_uid && (!x->has_uid || x->uid_lo != r->uid_lo || x->uid_hi != r->uid_hi))
		return false;
	if (r->ip_proto && x->ip_proto != r->ip_proto)
		return false;
	if (r->sport_lo && r->sport_hi &&
	    !port_range_same(x->sport_lo, x->sport_hi, r->sport_lo, r->sport_hi))
		return false;
	return !(r->dport_lo && r->dport_hi) ||
	       port_range_same(x->dport_lo, x->dport_hi, r->dport_lo, r->dport_hi);
}

/* fib_nl2rule()'s checks of the port and uid ranges, on add and on delete */
static int rule_ranges_valid(const struct rule *r, struct diag *d)
{
	/* fib_rule_port_range_valid(): both ends non-zero, below 65535, in order */
	if ((r->has_sport || r->sport_lo || r->sport_hi) &&
	    (!r->sport_lo || !r->sport_hi || r->sport_hi == 0xffff || r->sport_lo > r->sport_hi))
		return diag_set(d, -EINVAL, "Error: Invalid sport range.");
	if ((r->has_dport || r->dport_lo || r->dport_hi) &&
	    (!r->dport_lo || !r->dport_hi || r->dport_hi == 0xffff || r->dport_lo > r->dport_hi))
		return diag_set(d, -EINVAL, "Error: Invalid dport range.");
	/* uid_range_set(): neither end is INVALID_UID; then in order */
	if (r->has_uid &&
	    (r->uid_lo == 0xffffffffu || r->uid_hi == 0xffffffffu || r->uid_lo > r->uid_hi))
		return diag_set(d, -EINVAL, "Error: Invalid uid range.");
	return 0;
}

/* fib_nl2rule(), shared by add and delete: the default pref, the goto direction */
static int rule_from_request(const struct host *h, struct rule *r, bool pref_given, struct diag *d)
{
	if (!pref_given)
		r->pref = (h->nrules >= 2 && h->rules[1].pref) ? h->rules[1].pref - 1 : 0;
	if (r->action == FR_ACT_GOTO && r->goto_target <= r->pref)
		return diag_set(d, -EOPNOTSUPP, "Error: Backward goto not supported.");
	return rule_ranges_valid(r, d);
}

/* fib4_rule_compare()'s part: the from and to prefixes and the tos, when r has them */
static bool rule_selectors_match(const struct rule *x, const struct rule *r)
{
	if (r->src_len && (x->src_len != r->src_len || x->src != r->src))
		return false;
	if (r->dst_len && (x->dst_len != r->dst_len || x->dst != r->dst))
		return false;
	return !r->tos || x->tos == r->tos;
}

/* fib4_rule_compare() and the generic fields rule_exists() looks at */
static bool rule_same(const struct rule *x, const struct rule *r)
{
	if (x->action != r->action || x->table != r->table || x->pref != r->pref ||
	    strcmp(x->iif, r->iif) != 0 || strcmp(x->oif, r->oif) != 0 || x->mark != r->mark ||
	    x->suppress_prefixlen != r->suppress_prefixlen ||
	    (x->has_mark ? x->mask : 0) != (r->has_mark ? r->mask : 0) || !rule_l4_same(x, r))
		return false;
	return rule_selectors_match(x, r);
}

int host_rule_add(struct host *h, const struct rule *req, bool pref_given, struct diag *d)
{
	struct rule r = *req;
	size_t pos = 0;
	int rc;

	if ((rc = rule_from_request(h, &r, pref_given, d)) < 0)
		return rc;
	if ((r.action == FR_ACT_TO_TBL && r.table == 0) || r.action > FR_ACT_PROHIBIT ||
	    r.action == FR_ACT_RES3 || r.action == FR_ACT_RES4 || r.action == FR_ACT_UNSPEC)
		return diag_set(d, -EINVAL, "RTNETLINK answers: Invalid argument");
	for (size_t i = 0; i < h->nrules; i++)
		if (rule_same(&h->rules[i], &r))
			return diag_set(d, -EEXIST, "RTNETLINK answers: File exists");
	/* fib4_rule_configure(): no ECN bits, then only TOS bits (IPTOS_TOS_MASK 0x1e) */
	if (r.tos & 0x03)
		return diag_set(d, -EINVAL, "Error: Invalid dsfield (tos): ECN bits must be 0.");
	if (r.tos & ~0x1e)
		return diag_set(d, -EINVAL, "Error: Invalid tos.");
	while (pos < h->nrules && h->rules[pos].pref <= r.pref)
		pos++;
	vec_reserve((void **)&h->rules, &h->rule_cap, h->nrules + 1, sizeof(r));
	memmove(&h->rules[pos + 1], &h->rules[pos], (h->nrules - pos) * sizeof(r));
	h->rules[pos] = r;
	h->nrules++;
	rules_changed(h);
	return 0;
}

/* fib_nl_delrule()'s match: what the request names must agree */
static bool rule_matches(const struct rule *x, const struct rule *r, bool pref_given)
{
	if ((r->action && x->action != r->action) || (r->table && x->table != r->table) ||
	    (pref_given && x->pref != r->pref) || (r->iif[0] && strcmp(x->iif, r->iif) != 0) ||
	    (r->oif[0] && strcmp(x->oif, r->oif) != 0) || (r->mark && x->mark != r->mark))
		return false;
	if (r->suppress_prefixlen != -1 && x->suppress_prefixlen != r->suppress_prefixlen)
		return false;
	if (r->has_mark && r->mask && x->mask != r->mask)
		return false;
	return rule_l4_matches(x, r) && rule_selectors_match(x, r);
}

int host_rule_del(struct host *h, const struct rule *req, bool pref_given, struct diag *d)
{
	struct rule r = *req;
	size_t i;
	int rc;

	if ((rc = rule_from_request(h, &r, pref_given, d)) < 0)
		return rc;
	for (i = 0; i < h->nrules; i++)
		if (rule_matches(&h->rules[i], &r, pref_given))
			break;
	if (i == h->nrules)
		return diag_set(d, -ENOENT, "RTNETLINK answers: No such file or directory");
	memmove(&h->rules[i], &h->rules[i + 1], (h->nrules - i - 1) * sizeof(r));
	h->nrules--;
	rules_changed(h);
	return 0;
}

void host_rule_flush(struct host *h)
{
	size_t k = 0;

	for (size_t i = 0; i < h->nrules; i++)
		if (h->rules[i].pref == 0)
			h->rules[k++] = h->rules[i];
	if (k != h->nrules) {
		h->nrules = k;
		rules_changed(h);
	}
}

struct host *sim_host_add(struct sim *sim, const char *name)
{
	struct host *h = xcalloc(1, sizeof(*h));
	struct nic *lo;

	snprintf(h->name, sizeof(h->name), "%s", name);
	h->sim = sim;
	h->index = (int)sim->nhosts;
	h->next_ifindex = 1;
	h->mac_seq = 0;
	for (int c = 0; c < DEVCONF__COUNT; c++)
		h->conf_all[c] = h->conf_default[c] = devconf_default((enum devconf)c);
	h->ip_default_ttl = 64;	 /* IPDEFTTL */
	h->route_min_pmtu = 552; /* 512 + 20 + 20 */
	h->route_mtu_expires = 600 * KERNEL_HZ, h->ipfrag_time = 30 * KERNEL_HZ;
	h->icmp_ratelimit = KERNEL_HZ; /* 1000 ms */
	/* destination unreachable, source quench, time exceeded, parameter problem */
	h->icmp_ratemask = 0x1818;
	host_rules_default(h);
	vec_reserve((void **)&sim->hosts, &sim->host_cap, sim->nhosts + 1, sizeof(*sim->hosts));
	sim->hosts[sim->nhosts++] = h;
	lo = host_nic_add(h, "lo", NIC_LOOPBACK);
	lo->mtu = 65536;
	memset(lo->mac, 0, 6);
	return h;
}

/* ---- NICs ---- */

struct nic *host_nic(struct host *h, const char *name)
{
	for (size_t i = 0; i < h->nnic; i++)
		if (strcmp(h->nics[i].name, name) == 0)
			return &h->nics[i];
	return NULL;
}

struct nic *host_nic_by_index(struct host *h, int ifindex)
{
	for (size_t i = 0; i < h->nnic; i++)
		if (h->nics[i].ifindex == ifindex)
			return &h->nics[i];
	return NULL;
}

const struct nic *host_nic_by_index_c(const struct host *h, int ifindex)
{
	for (size_t i = 0; i < h->nnic; i++)
		if (h->nics[i].ifindex == ifindex)
			return &h->nics[i];
	return NULL;
}

struct nic *host_nic_add(struct host *h, const char *name, enum nic_kind kind)
{
	struct nic *n;

	vec_reserve((void **)&h->nics, &h->nic_cap, h->nnic + 1, sizeof(*h->nics));
	n = &h->nics[h->nnic++];
	memset(n, 0, sizeof(*n));
	n->ifindex = h->next_ifindex++;
	snprintf(n->name, sizeof(n->name), "%s", name);
	n->kind = kind;
	n->mtu = 1500;
	n->peer_host = -1;
	n->peer_ifindex = -1;
	/* Locally administered, deterministic: 02:<host>:<seq> */
	h->mac_seq++;
	n->mac[0] = 0x02;
	n->mac[1] = 0x00;
	n->mac[2] = (uint8_t)h->index;
	n->mac[3] = (uint8_t)(h->mac_seq >> 16);
	n->mac[4] = (uint8_t)(h->mac_seq >> 8);
	n->mac[5] = (uint8_t)h->mac_seq;
	/* inetdev_init(): memcpy of conf/default, its state bitmap included */
	for (int c = 0; c < DEVCONF__COUNT; c++)
		n->conf[c] = h->conf_default[c];
	n->conf_set = h->conf_default_set;
	return n;
}

struct nic *nic_peer(const struct host *h, const struct nic *n, struct host **php)
{
	bool in = n->peer_host >= 0 && (size_t)n->peer_host < h->sim->nhosts;
	struct host *ph = in ? h->sim->hosts[n->peer_host] : NULL;

	if (php)
		*php = ph;
	return ph ? host_nic_by_index(ph, n->peer_ifindex) : NULL;
}

bool nic_carrier(const struct host *h, const struct nic *n)
{
	if (!n->up)
		return false;
	if (n->ext_carrier)
		return n->ext_carrier > 0;
	if (n->kind == NIC_VETH) {
		const struct nic *p = nic_peer(h, n, NULL);

		return p && p->up;
	}
	if (n->kind == NIC_BRIDGE) {
		/* a bridge has carrier while one of its ports has (STP off: ports forward at once) */
		for (size_t i = 0; i < h->nnic; i++)
			if (h->nics[i].master == n->ifindex && h->nics[i].kind != NIC_BRIDGE &&
			    nic_carrier(h, &h->nics[i]))
				return true;
		return false;
	}
	return true;
}

int nic_conf(const struct host *h, const struct nic *n, enum devconf c)
{
	int a = h->conf_all[c], v = n->conf[c];

	switch (c) {
	case DEVCONF_RP_FILTER:
	case DEVCONF_ARP_IGNORE:
	case DEVCONF_ARP_ANNOUNCE:
	case DEVCONF_ARP_ACCEPT:
		return a > v ? a : v; /* IN_DEV_MAXCONF */
	case DEVCONF_FORWARDING:
		return v; /* IN_DEV_CONF_GET */
	case DEVCONF_ARP_FILTER:
	case DEVCONF_ACCEPT_LOCAL:
	case DEVCONF_ROUTE_LOCALNET:
	case DEVCONF_PROMOTE_SECONDARIES:
	case DEVCONF_SEND_REDIRECTS:
	case DEVCONF_SRC_VALID_MARK:
	case DEVCONF_IGNORE_LINKDOWN:
	case DEVCONF_ACCEPT_REDIRECTS:
	default:
		return a || v; /* IN_DEV_ORCONF */
	}
}

struct nic *host_find_local(struct host *h, uint32_t addr)
{
	struct fib_result res;

	/* __ip_dev_find(): the address hash first (every configured address counts,
	 * whatever its device state), then the local table "so that communication over
	 * loopback subnets works" (AnyIP routes such as `local 10.0.0.0/20 dev lo`). */
	struct nic *best = NULL;
	uint64_t best_seq = 0;

	/* inet_hash_insert() adds at the head of the bucket: with the same address on two
	 * devices, the one added last is found */
	for (size_t i = 0; i < h->nnic; i++)
		for (size_t j = 0; j < h->nics[i].naddr; j++)
			if (h->nics[i].addrs[j].local == addr &&
			    (!best || h->nics[i].addrs[j].hash_seq > best_seq)) {
				best = &h->nics[i];
				best_seq = h->nics[i].addrs[j].hash_seq;
			}
	if (best)
		return best;
	if (host_table(h, RT_TABLE_LOCAL) &&
	    fib_table_lookup_id(h, RT_TABLE_LOCAL, addr, &res) == 0 && res.type == RTN_LOCAL)
		return host_nic_by_index(h, res.nh.oif);
	return NULL;
}

/* ---- tables and routes ---- */

struct table *host_table(struct host *h, uint32_t id)
{
	for (size_t i = 0; i < h->ntables; i++)
		if (h->tables[i].id == id)
			return &h->tables[i];
	return NULL;
}

const struct route *host_route_by_key(const struct host *h, const struct trace_route *k)
{
	const struct table *t = NULL;

	if (!k->set)
		return NULL;
	for (size_t i = 0; i < h->ntables && !t; i++)
		if (h->tables[i].id == k->table)
			t = &h->tables[i];
	for (const struct route *r = t ? table_prefix(t, k->dst, k->plen) : NULL; r; r = r->next)
		if (r->tos == k->tos && r->type == k->type && r->priority == k->priority &&
		    r->gw == k->gw && r->oif == k->oif)
			return r;
	return NULL;
}

struct table *host_table_get(struct host *h, uint32_t id)
{
	struct table *t = host_table(h, id);

	if (t)
		return t;
	/* fib_new_table(): while merged, creating local creates main first (A4). */
	if (id == RT_TABLE_LOCAL && !h->custom_rules && !host_table(h, RT_TABLE_MAIN))
		host_table_get(h, RT_TABLE_MAIN);
	vec_reserve((void **)&h->tables, &h->table_cap, h->ntables + 1, sizeof(*h->tables));
	t = &h->tables[h->ntables++];
	memset(t, 0, sizeof(*t));
	t->id = id;
	t->created = ++h->table_seq;
	return t;
}

void host_rt_cache_flush(struct host *h)
{
	h->rt_genid++;
}

int64_t host_jiffies(const struct host *h)
{
	return (int64_t)(h->sim->now_us / (1000000 / KERNEL_HZ));
}

void host_fnhe_flush(struct host *h)
{
	h->nfnhe = 0;
}

/* fib_magic() */
static void fib_magic(struct host *h, bool add, int type, uint32_t dst, int plen,
		      const struct nic *n, uint32_t prefsrc, uint32_t priority)
{
	struct route r = { 0 };

	r.table = type == RTN_UNICAST ? RT_TABLE_MAIN : RT_TABLE_LOCAL;
	r.dst = dst;
	r.plen = (uint8_t)plen;
	r.type = (uint8_t)type;
	r.scope = type == RTN_LOCAL ? RT_SCOPE_HOST : RT_SCOPE_LINK;
	r.proto = RTPROT_KERNEL;
	r.priority = priority;
	r.prefsrc = prefsrc;
	r.oif = n->ifindex;
	if (add) {
		if (r.scope == RT_SCOPE_HOST) {
			r.nh_scope = RT_SCOPE_NOWHERE;
		} else {
			r.nh_scope = RT_SCOPE_HOST;
			if (!nic_carrier(h, n))
				r.nh_flags |= NH_F_LINKDOWN;
		}
		/* fib_table_insert() → fib_create_info() validates these too: a src shadowed
		 * in the local table (e.g. by another subnet's broadcast route) is refused */
		if (prefsrc && !fib_valid_prefsrc(h, &r))
			return;
		host_route_insert(h, &r, ROUTE_APPEND, NULL);
	} else {
		struct route_match m = { 0 };

		if (!host_table(h, r.table))
			return;
		m.table = r.table;
		m.dst = dst;
		m.plen = plen;
		m.type = r.type;
		m.scope = r.scope;
		m.proto = RTPROT_KERNEL;
		m.prefsrc = prefsrc;
		m.oif = n->ifindex;
		host_route_delete(h, &m, NULL);
	}
}

static const struct addr *nic_primary_of(const struct nic *n, const struct addr *a)
{
	/* inet_ifa_byprefix(): first address with the same mask and subnet */
	for (size_t i = 0; i < n->naddr; i++)
		if (n->addrs[i].plen == a->plen &&
		    ip_in_prefix(a->local, n->addrs[i].local, a->plen))
			return &n->addrs[i];
	return NULL;
}

/* fib_add_ifaddr() (B2) */
static void fib_add_ifaddr(struct host *h, const struct nic *n, const struct addr *ifa)
{
	const struct addr *prim = ifa;
	uint32_t mask = ip_mask(ifa->plen);
	uint32_t prefix = ifa->local & mask;

	if (ifa->flags & IFA_F_SECONDARY) {
		prim = nic_primary_of(n, ifa);
		if (!prim)
			return;
	}
	fib_magic(h, true, RTN_LOCAL, ifa->local, 32, n, prim->local, 0);
	if (!n->up)
		return;
	if (ifa->brd && ifa->brd != 0xffffffffu)
		fib_magic(h, true, RTN_BROADCAST, ifa->brd, 32, n, prim->local, 0);
	if ((prefix >> 24) != 0 && !(ifa->flags & IFA_F_SECONDARY) &&
	    (prefix != ifa->local || ifa->plen < 32)) {
		if (!(ifa->flags & IFA_F_NOPREFIXROUTE))
			fib_magic(h, true, n->kind == NIC_LOOPBACK ? RTN_LOCAL : RTN_UNICAST,
				  prefix, ifa->plen, n, prim->local, ifa->metric);
		if (ifa->plen < 31)
			fib_magic(h, true, RTN_BROADCAST, prefix | ~mask, 32, n, prim->local, 0);
	}
}

/* fib_sync_down_addr(): routes in table main whose prefsrc is the vanished address die. */
static void fib_sync_down_addr(struct host *h, uint32_t local)
{
	struct table *t = host_table(h, RT_TABLE_MAIN);

	if (!t)
		return;
	for (struct route *r = table_first(t), *next; r; r = next) {
		next = table_next(t, r);
		if (r->prefsrc == local)
			host_route_remove(h, t, r);
	}
}

/* inet_addr_type_dev_table(dev, addr) == RTN_LOCAL. The kernel passes no device down to
 * __inet_dev_addr_type(), so a local route on any device counts. */
static bool addr_still_local(struct host *h, const struct nic *n, uint32_t addr)
{
	struct fib_result res;

	(void)n;
	if (!host_table(h, RT_TABLE_LOCAL))
		return false;
	if (fib_table_lookup_id(h, RT_TABLE_LOCAL, addr, &res) != 0)
		return false;
	return res.type == RTN_LOCAL;
}

/* fib_del_ifaddr(): ifa is still on the list (or, for promotion, iprim is). */
static void fib_del_ifaddr(struct host *h, struct nic *n, const struct addr *ifa_in,
			   const struct addr *iprim)
{
	struct addr ifa = *ifa_in;
	struct addr prim_copy;
	const struct addr *prim = ifa_in;
	const struct addr *prim_elem = NULL; /* prim when it is still on the list */
	const struct addr *prim1 = NULL;
	uint32_t mask = ip_mask(ifa.plen);
	uint32_t brd = ifa.local | ~mask, any = ifa.local & mask;
	enum { LOCAL_OK = 1, BRD_OK = 2, BRD0_OK = 4, BRD1_OK = 8 };
	unsigned ok = 0;
	bool subnet = false, gone = true, same_prefsrc = false;

	if (ifa.flags & IFA_F_SECONDARY) {
		prim = nic_primary_of(n, &ifa);
		if (!prim || (iprim && iprim->local != prim->local))
			return;
		prim_elem = prim;
	} else if ((any >> 24) != 0 && (any != ifa.local || ifa.plen < 32)) {
		if (!(ifa.flags & IFA_F_NOPREFIXROUTE))
			fib_magic(h, false, n->kind == NIC_LOOPBACK ? RTN_LOCAL : RTN_UNICAST, any,
				  ifa.plen, n, prim->local, 0);
		subnet = true;
	}
	prim_copy = *prim;
	prim = &prim_copy;
	if (prim_elem == NULL && ifa_in >= n->addrs && ifa_in < n->addrs + n->naddr)
		prim_elem = ifa_in;

	for (size_t i = 0; i < n->naddr; i++) {
		const struct addr *ifa1 = &n->addrs[i];

		if (ifa1 == ifa_in) {
			gone = false;
			continue;
		}
		if (iprim && ifa1->plen == iprim->plen &&
		    ip_in_prefix(ifa1->local, iprim->local, iprim->plen))
			continue;
		if (ifa1->flags & IFA_F_SECONDARY) {
			if (ifa1->plen == prim->plen &&
			    ip_in_prefix(ifa1->local, prim->local, prim->plen)) {
				prim1 = prim;
			} else {
				if (!same_prefsrc)
					continue;
				if (!prim1 || ifa1->plen != prim1->plen ||
				    !ip_in_prefix(ifa1->local, prim1->local, prim1->plen))
					prim1 = nic_primary_of(n, ifa1);
				if (!prim1)
					continue;
				if (prim1->local != prim->local)
					continue;
			}
		} else {
			if (prim->local != ifa1->local)
				continue;
			prim1 = ifa1;
			if (ifa1 != prim_elem)
				same_prefsrc = true;
		}
		if (ifa.local == ifa1->local)
			ok |= LOCAL_OK;
		if (ifa.brd == ifa1->brd)
			ok |= BRD_OK;
		if (brd == ifa1->brd)
			ok |= BRD1_OK;
		if (any == ifa1->brd)
			ok |= BRD0_OK;
		if (prim1 == ifa1 && ifa1->plen < 31) {
			uint32_t m1 = ip_mask(ifa1->plen);
			uint32_t brd1 = ifa1->local | ~m1, any1 = ifa1->local & m1;

			if ((any1 >> 24) != 0) {
				if (ifa.brd == brd1 || ifa.brd == any1)
					ok |= BRD_OK;
				if (brd == brd1 || brd == any1)
					ok |= BRD1_OK;
				if (any == brd1 || any == any1)
					ok |= BRD0_OK;
			}
		}
	}

	if (!(ok & BRD_OK))
		fib_magic(h, false, RTN_BROADCAST, ifa.brd, 32, n, prim->local, 0);
	if (subnet && ifa.plen < 31) {
		if (!(ok & BRD1_OK))
			fib_magic(h, false, RTN_BROADCAST, brd, 32, n, prim->local, 0);
		if (!(ok & BRD0_OK))
			fib_magic(h, false, RTN_BROADCAST, any, 32, n, prim->local, 0);
	}
	if (!(ok & LOCAL_OK)) {
		fib_magic(h, false, RTN_LOCAL, ifa.local, 32, n, prim->local, 0);
		if (gone && !addr_still_local(h, n, ifa.local))
			fib_sync_down_addr(h, ifa.local); /* A9, B2.6 */
	}
}

/* fib_sync_down_dev() for a multipath route: its paths on dev die (DEAD and LINKDOWN;
 * a carrier loss only LINKDOWN); the route goes when all have died, or when dev goes away
 * (unregister); the rest share the hash again (fib_rebalance). Returns true when the
 * route is to be removed. */
static bool mp_sync_down(struct host *h, struct route *r, const struct nic *n, int scope,
			 bool linkdown_only, bool unregister)
{
	struct mpath *g = host_mp(h, r->mp);
	int dead = 0;

	for (int i = 0; i < g->n; i++) {
		struct nexthop *nh = &g->nh[i];

		if (nh->flags & NH_F_DEAD)
			dead++;
		else if (nh->oif == n->ifindex && nh->scope != scope) {
			nh->flags |= linkdown_only ? NH_F_LINKDOWN : NH_F_DEAD | NH_F_LINKDOWN;
			dead++;
		}
		if (unregister && nh->oif == n->ifindex)
			return true;
	}
	if (dead == g->n)
		r->nh_flags |= linkdown_only ? NH_F_LINKDOWN : NH_F_DEAD | NH_F_LINKDOWN;
	host_mp_rebalance(h, g);
	return dead == g->n && !linkdown_only;
}

/* fib_sync_down_dev() + fib_flush(): nexthops on dev die (force: host-scope ones too). */
static void fib_sync_down_dev(struct host *h, const struct nic *n, bool force, bool linkdown_only,
			      bool unregister)
{
	for (size_t ti = 0; ti < h->ntables; ti++) {
		struct table *t = &h->tables[ti];

		for (struct route *r = table_first(t), *next; r; r = next) {
			next = table_next(t, r);
			if (r->mp) {
				if (mp_sync_down(h, r, n, force ? -1 : RT_SCOPE_NOWHERE,
						 linkdown_only, unregister))
					host_route_remove(h, t, r);
			} else if (r->oif == n->ifindex && r->type != RTN_BLACKHOLE &&
				   r->type != RTN_UNREACHABLE && r->type != RTN_PROHIBIT &&
				   r->type != RTN_THROW &&
				   (force || r->nh_scope != RT_SCOPE_NOWHERE)) {
				if (linkdown_only)
					r->nh_flags |= NH_F_LINKDOWN;
				else
					host_route_remove(h, t, r);
			}
		}
	}
}

/* fib_sync_up(): a path on n that is up again loses flag (DEAD when n comes up or gets an
 * address, LINKDOWN when its carrier returns); coming up with no carrier leaves it
 * LINKDOWN. Routes with one path that died were removed; this leaves their LINKDOWN. */
static void fib_sync_up(struct host *h, const struct nic *n, uint32_t flag)
{
	if (!n->up)
		return;
	/* only multipath paths are ever DEAD in a table (a dead route with one path is
	 * removed, and one with LINKDOWN on a device with carrier cannot stand): with no
	 * group ever made, an address or link coming up has nothing to revive */
	if ((flag & NH_F_DEAD) && h->nmp < 2)
		return;
	if ((flag & NH_F_DEAD) && nic_carrier(h, n))
		flag |= NH_F_LINKDOWN;
	for (size_t ti = 0; ti < h->ntables; ti++) {
		struct table *t = &h->tables[ti];

		table_for_each(t, r)
		{
			struct mpath *g = r->mp ? host_mp(h, r->mp) : NULL;
			int alive = 0;
			bool on_dev = false;

			if (!g) {
				if (r->oif == n->ifindex)
					r->nh_flags &= ~(flag & NH_F_LINKDOWN);
				continue;
			}
			for (int i = 0; i < g->n; i++) {
				struct nexthop *nh = &g->nh[i];

				on_dev |= nh->oif == n->ifindex;
				if (!(nh->flags & flag)) {
					alive++;
					continue;
				}
				if (nh->oif != n->ifindex)
					continue;
				alive++;
				nh->flags &= ~flag;
			}
			if (!on_dev)
				continue;
			if (alive > 0)
				r->nh_flags &= ~flag;
			host_mp_rebalance(h, g);
		}
	}
}

static void carrier_changed(struct host *h, struct nic *n, bool was)
{
	bool now = nic_carrier(h, n);

	if (was == now || !n->up)
		return;
	if (now)
		fib_sync_up(h, n, NH_F_LINKDOWN);
	else {
		fib_sync_down_dev(h, n, false, true, false);
		host_nhobj_flush_dev(h, n->ifindex, false); /* NETDEV_CHANGE, no carrier */
	}
	host_rt_cache_flush(h);
}

/* Carrier of the bridge NIC n is enslaved to, before a change (false if none). */
static bool master_carrier(struct host *h, const struct nic *n, struct nic **br)
{
	*br = n && n->master ? host_nic_by_index(h, n->master) : NULL;
	return *br ? nic_carrier(h, *br) : false;
}

void host_master_set(struct host *h, struct nic *n, int master)
{
	struct nic *old_br, *new_br;
	int idx = n->ifindex;
	bool old_was = master_carrier(h, n, &old_br);
	bool new_was = false;

	new_br = master ? host_nic_by_index(h, master) : NULL;
	if (new_br)
		new_was = nic_carrier(h, new_br);
	n->master = master;
	if (old_br)
		carrier_changed(h, old_br, old_was);
	if (new_br && new_br != old_br)
		carrier_changed(h, host_nic_by_index(h, master), new_was);
	(void)idx;
}

void host_link_set_up(struct host *h, struct nic *n, bool up)
{
	struct host *ph;
	struct nic *peer = nic_peer(h, n, &ph);
	bool peer_was = peer ? nic_carrier(ph, peer) : false;
	struct nic *br, *peer_br = NULL;
	bool br_was = master_carrier(h, n, &br);
	bool peer_br_was = peer ? master_carrier(ph, peer, &peer_br) : false;
	int nidx = (int)(n - h->nics);

	if (n->up == up)
		return;
	if (!up) {
		n->up = false;
		neigh_ifdown(h, n->ifindex);	  /* NETDEV_DOWN: neigh_ifdown() (D7) */
		ct_masq_dev_event(h, n->ifindex); /* masq_device_event() (E4.3) */
		/* NETDEV_DOWN: fib_disable_ip(dev, false) */
		fib_sync_down_dev(h, n, false, false, false);
		host_nhobj_flush_dev(h, n->ifindex, false); /* nexthop_flush_dev(NETDEV_DOWN) */
		host_rt_cache_flush(h);
	} else {
		n->up = true;
		n->ever_up = true;
		if (n->kind == NIC_LOOPBACK && n->naddr == 0) {
			/* inetdev_event(NETDEV_UP): 127.0.0.1/8 scope host */
			struct addr a = { 0 };

			a.local = 0x7f000001;
			a.plen = 8;
			a.scope = RT_SCOPE_HOST;
			snprintf(a.label, sizeof(a.label), "%s", n->name);
			host_addr_add(h, n, &a, NULL);
			n = &h->nics[nidx];
		}
		/* NETDEV_UP: fib_add_ifaddr for every address, in list order */
		for (size_t i = 0; i < n->naddr; i++)
			fib_add_ifaddr(h, n, &n->addrs[i]);
		fib_sync_up(h, n, NH_F_DEAD); /* the paths through n live again */
		h->dev_addr_genid++;
		host_rt_cache_flush(h);
	}
	if (peer)
		carrier_changed(ph, peer, peer_was);
	if (br)
		carrier_changed(h, br, br_was);
	if (peer_br)
		carrier_changed(ph, peer_br, peer_br_was);
}

void host_nic_del(struct host *h, int ifindex)
{
	struct nic *n = host_nic_by_index(h, ifindex);
	size_t idx;

	if (!n)
		return;
	host_link_set_up(h, n, false);
	n = host_nic_by_index(h, ifindex);
	/* NETDEV_UNREGISTER: everything through it goes, host-scope routes too */
	fib_sync_down_dev(h, n, true, false, true);
	host_nhobj_flush_dev(h, ifindex, true);
	n = host_nic_by_index(h, ifindex);
	neigh_ifdown(h, ifindex);
	free(n->addrs);
	idx = (size_t)(n - h->nics);
	memmove(&h->nics[idx], &h->nics[idx + 1], (h->nnic - idx - 1) * sizeof(*h->nics));
	h->nnic--;
	h->dev_addr_genid++;
	host_rt_cache_flush(h);
}

/* ---- addresses ---- */

int host_addr_add(struct host *h, struct nic *n, const struct addr *a_in, struct diag *d)
{
	struct addr a = *a_in;
	size_t last_primary = 0, pos;

	a.flags &= ~(uint32_t)IFA_F_SECONDARY;
	/* find_matching_ifa() */
	for (size_t i = 0; i < n->naddr; i++) {
		const struct addr *b = &n->addrs[i];

		if (b->plen == a.plen && ip_in_prefix(a.local, b->local, a.plen) &&
		    b->local == a.local)
			return diag_set(d, -17, "Error: ipv4: Address already assigned.");
	}
	/* __inet_insert_ifa() (B1) */
	for (size_t i = 0; i < n->naddr; i++) {
		const struct addr *b = &n->addrs[i];

		if (!(b->flags & IFA_F_SECONDARY) && a.scope <= b->scope)
			last_primary = i + 1;
		if (b->plen == a.plen && ip_in_prefix(b->local, a.local, a.plen)) {
			if (b->scope != a.scope)
				return diag_set(d, -22, "Error: ipv4: Invalid scope value.");
			a.flags |= IFA_F_SECONDARY;
		}
	}
	pos = (a.flags & IFA_F_SECONDARY) ? n->naddr : last_primary;
	a.hash_seq = ++h->addr_seq;
	vec_reserve((void **)&n->addrs, &n->addr_cap, n->naddr + 1, sizeof(*n->addrs));
	memmove(&n->addrs[pos + 1], &n->addrs[pos], (n->naddr - pos) * sizeof(*n->addrs));
	n->addrs[pos] = a;
	n->naddr++;
	/* NETDEV_UP on inetaddr_chain: fib_add_ifaddr, then the paths through n live again */
	fib_add_ifaddr(h, n, &n->addrs[pos]);
	fib_sync_up(h, n, NH_F_DEAD);
	h->dev_addr_genid++;
	host_rt_cache_flush(h);
	return 0;
}

static void addr_remove_at(struct nic *n, size_t i)
{
	memmove(&n->addrs[i], &n->addrs[i + 1], (n->naddr - i - 1) * sizeof(*n->addrs));
	n->naddr--;
}

static void inetaddr_down(struct host *h, struct nic *n, const struct addr *gone_addr)
{
	/* fib_inetaddr_event(NETDEV_DOWN) after the address left the list */
	h->dev_addr_genid++;
	ct_masq_addr_event(h, n->ifindex, gone_addr->local); /* masq_inet_event() (E4.3) */
	if (n->naddr == 0)
		fib_sync_down_dev(h, n, true, false, false); /* fib_disable_ip(dev, force) */
	host_rt_cache_flush(h);
}

/* __inet_del_ifa() (B2.5) */
int host_addr_delete(struct host *h, struct nic *n, uint32_t local, int plen, const char *label,
		     struct diag *d)
{
	for (size_t i = 0; i < n->naddr; i++) {
		const struct addr *b = &n->addrs[i];

		if (b->local != local || (label && strcmp(label, b->label) != 0))
			continue;
		if (plen >= 0 && (b->plen != plen || !ip_in_prefix(local, b->local, plen)))
			continue;
		return host_addr_del_at(h, n, i);
	}
	return diag_set(d, -EADDRNOTAVAIL, "Error: ipv4: Address not found.");
}

int host_addr_del_at(struct host *h, struct nic *n, size_t idx)
{
	struct addr ifa1 = n->addrs[idx];
	bool do_promote = nic_conf(h, n, DEVCONF_PROMOTE_SECONDARIES);
	/* last_prim: original index of the last primary after ifa1 with a scope >= ifa1's,
	 * or -1 for "ifa1's own slot" (the kernel's last_prim = ifap) */
	size_t promote = (size_t)-1, last_prim = (size_t)-1;
	bool have_prev_prom = false;

	if (!(ifa1.flags & IFA_F_SECONDARY)) {
		size_t i = idx + 1;

		while (i < n->naddr) {
			struct addr *ifa = &n->addrs[i];

			if (!(ifa->flags & IFA_F_SECONDARY) && ifa1.scope <= ifa->scope)
				last_prim = i;
			if (!(ifa->flags & IFA_F_SECONDARY) || ifa1.plen != ifa->plen ||
			    !ip_in_prefix(ifa->local, ifa1.local, ifa1.plen)) {
				i++;
				have_prev_prom = true;
				continue;
			}
			if (!do_promote) {
				struct addr gone = *ifa;

				/* unlinked first, then NETDEV_DOWN: fib_del_ifaddr(ifa, NULL) */
				addr_remove_at(n, i);
				{
					/* fib_del_ifaddr wants the address "not on the list": emulate
					 * by passing a pointer that is not an element. */
					fib_del_ifaddr(h, n, &gone, NULL);
				}
				inetaddr_down(h, n, &gone);
			} else {
				promote = i;
				break;
			}
		}
	}
	if (promote != (size_t)-1) {
		for (size_t i = promote; i < n->naddr; i++) {
			struct addr *ifa = &n->addrs[i];

			if (ifa1.plen == ifa->plen &&
			    ip_in_prefix(ifa->local, ifa1.local, ifa1.plen))
				fib_del_ifaddr(h, n, ifa, &n->addrs[idx]);
		}
	}
	/* unlink ifa1, announce */
	{
		struct addr gone = n->addrs[idx];

		addr_remove_at(n, idx);
		if (promote != (size_t)-1 && promote > idx)
			promote--;

		fib_del_ifaddr(h, n, &gone, NULL);
		inetaddr_down(h, n, &gone);
	}
	if (promote != (size_t)-1) {
		struct addr p = n->addrs[promote];
		size_t ppos = promote;

		if (have_prev_prom) {
			/* move promote into the slot after last_prim (ifa1's old slot if none);
			 * indices below are after ifa1's removal, last_prim < promote */
			addr_remove_at(n, promote);
			ppos = last_prim == (size_t)-1 ? idx : last_prim;
			if (ppos > n->naddr)
				ppos = n->naddr;
			vec_reserve((void **)&n->addrs, &n->addr_cap, n->naddr + 1,
				    sizeof(*n->addrs));
			memmove(&n->addrs[ppos + 1], &n->addrs[ppos],
				(n->naddr - ppos) * sizeof(*n->addrs));
			n->addrs[ppos] = p;
			n->naddr++;
		}
		n->addrs[ppos].flags &= ~(uint32_t)IFA_F_SECONDARY;
		fib_add_ifaddr(h, n, &n->addrs[ppos]);
		h->dev_addr_genid++;
		host_rt_cache_flush(h);
		for (size_t i = ppos + 1; i < n->naddr; i++) {
			struct addr *ifa = &n->addrs[i];

			if (ifa1.plen != ifa->plen ||
			    !ip_in_prefix(ifa->local, ifa1.local, ifa1.plen))
				continue;
			fib_add_ifaddr(h, n, ifa);
		}
	}
	return 0;
}
