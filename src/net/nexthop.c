/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nexthop: the paths of routes (struct fib_nh) and what hangs off them: the groups of a
 * multipath route's paths with their hash ranges, nexthop objects (`ip nexthop`,
 * net/ipv4/nexthop.c) that routes name by id, and route exceptions made by ICMP
 * redirects (fib_nh_exception), which name the route and the path they belong to.
 */
#include <stdlib.h>
#include <string.h>

#include "net/model.h"

/* Exceptions hang off a path of a route (fnhe_hash_bucket of struct fib_nh). */
static bool fnhe_on(const struct fnhe *e, const struct route *r, const struct nexthop *nh)
{
	return e->table == r->table && e->dst == r->dst && e->plen == r->plen && e->tos == r->tos &&
	       e->priority == r->priority && e->nh_gw == nh->gw && e->nh_oif == nh->oif;
}

static void fnhe_remove_at(struct host *h, size_t i)
{
	memmove(&h->fnhes[i], &h->fnhes[i + 1], (h->nfnhe - i - 1) * sizeof(*h->fnhes));
	h->nfnhe--;
}

struct fnhe *host_fnhe_find(struct host *h, const struct route *r, const struct nexthop *nh,
			    uint32_t daddr)
{
	for (size_t i = 0; i < h->nfnhe; i++) {
		if (h->fnhes[i].daddr != daddr || !fnhe_on(&h->fnhes[i], r, nh))
			continue;
		if (h->fnhes[i].expires < host_jiffies(h)) { /* find_exception(): expired */
			fnhe_remove_at(h, i);
			return NULL;
		}
		return &h->fnhes[i];
	}
	return NULL;
}

bool host_fnhe_update(struct host *h, const struct route *r, const struct nexthop *nh, int dev,
		      uint32_t daddr, uint32_t gw, uint32_t pmtu, bool lock, int64_t expires)
{
	struct fnhe *e;

	for (size_t i = 0; i < h->nfnhe; i++)
		if (h->fnhes[i].daddr == daddr && fnhe_on(&h->fnhes[i], r, nh)) {
			e = &h->fnhes[i];
			if (gw)
				e->gw = gw;
			if (pmtu) {
				e->pmtu = pmtu;
				e->mtu_locked = lock;
			}
			e->expires = expires;
			return false;
		}
	vec_reserve((void **)&h->fnhes, &h->fnhe_cap, h->nfnhe + 1, sizeof(*h->fnhes));
	e = &h->fnhes[h->nfnhe++];
	memset(e, 0, sizeof(*e));
	e->table = r->table;
	e->dst = r->dst;
	e->plen = r->plen;
	e->tos = r->tos;
	e->priority = r->priority;
	e->nh_gw = nh->gw;
	e->nh_oif = nh->oif;
	e->daddr = daddr;
	e->gw = gw;
	e->pmtu = pmtu;
	e->mtu_locked = pmtu && lock;
	e->expires = expires;
	e->dev = dev;
	return true;
}

void host_fnhe_route_gone(struct host *h, const struct route *r)
{
	int n = route_nnh(h, r);

	for (size_t i = h->nfnhe; i-- > 0;)
		for (int k = 0; k < n; k++) {
			struct nexthop nh = route_nh(h, r, k);

			if (fnhe_on(&h->fnhes[i], r, &nh)) {
				fnhe_remove_at(h, i);
				break;
			}
		}
}

/* ---- multipath groups ---- */

/* Marks the groups some route names; the rest become free. */
static void mp_sweep(struct host *h)
{
	bool *used = xcalloc(h->nmp, sizeof(*used));

	for (size_t ti = 0; ti < h->ntables; ti++)
		table_for_each(&h->tables[ti], r) if (r->mp && r->mp < h->nmp) used[r->mp] = true;
	for (uint32_t i = 1; i < h->nmp; i++)
		if (!used[i])
			h->mps[i].n = 0;
	free(used);
}

uint32_t host_mp_new(struct host *h)
{
	uint32_t id = 0;

	if (h->nmp == 0)
		h->nmp = 1; /* id 0 means "one path" */
	if (h->nmp == h->mp_cap) {
		mp_sweep(h);
		for (uint32_t i = 1; i < h->nmp && !id; i++)
			if (h->mps[i].n == 0)
				id = i;
	}
	if (!id) {
		size_t cap = h->mp_cap;

		vec_reserve((void **)&h->mps, &cap, h->nmp + 1, sizeof(*h->mps));
		h->mp_cap = (uint32_t)cap;
		id = h->nmp++;
	}
	memset(&h->mps[id], 0, sizeof(h->mps[id]));
	h->mps[id].n = 1;
	return id;
}

struct mpath *host_mp(const struct host *h, uint32_t id)
{
	return id && id < h->nmp ? &h->mps[id] : NULL;
}

/* ip_ignore_linkdown() of the path's device */
static bool mp_nh_ignored(const struct host *h, const struct nexthop *nh)
{
	const struct nic *n = host_nic_by_index_c(h, nh->oif);

	return (nh->flags & NH_F_LINKDOWN) && n && nic_conf(h, n, DEVCONF_IGNORE_LINKDOWN);
}

void host_mp_rebalance(const struct host *h, struct mpath *g)
{
	int total = 0, w = 0;

	for (int i = 0; i < g->n; i++)
		if (!(g->nh[i].flags & NH_F_DEAD) && !mp_nh_ignored(h, &g->nh[i]))
			total += g->nh[i].weight;
	for (int i = 0; i < g->n; i++) {
		struct nexthop *nh = &g->nh[i];

		if ((nh->flags & NH_F_DEAD) || mp_nh_ignored(h, nh)) {
			nh->upper_bound = -1;
			continue;
		}
		w += nh->weight;
		/* DIV_ROUND_CLOSEST_ULL((u64)w << 31, total) - 1 */
		nh->upper_bound =
			(int32_t)((((uint64_t)w << 31) + (uint64_t)total / 2) / (uint64_t)total -
				  1);
	}
}

int route_nnh(const struct host *h, const struct route *r)
{
	const struct mpath *g = r->mp ? host_mp(h, r->mp) : NULL;
	const struct nhobj *o = r->nhid ? host_nhobj(h, r->nhid) : NULL;

	if (o)
		return o->is_group ? o->ngrp : 1;
	return g ? g->n : 1;
}

struct nexthop route_nh(const struct host *h, const struct route *r, int i)
{
	const struct mpath *g = r->mp ? host_mp(h, r->mp) : NULL;
	const struct nhobj *o = r->nhid ? host_nhobj(h, r->nhid) : NULL;
	struct nexthop nh;

	if (o && o->is_group) {
		const struct nhobj *m = host_nhobj(h, o->grp[i].id);

		memset(&nh, 0, sizeof(nh));
		if (m)
			nh = m->nh;
		nh.weight = o->grp[i].weight;
		nh.upper_bound = o->grp[i].upper_bound;
		return nh;
	}
	if (o)
		return o->nh;
	if (g)
		return g->nh[i];
	memset(&nh, 0, sizeof(nh));
	nh.gw = r->gw;
	nh.oif = r->oif;
	nh.flags = r->nh_flags;
	nh.scope = r->nh_scope;
	nh.weight = 1;
	return nh;
}

/* ---- nexthop objects ---- */

static size_t nhobj_pos(const struct host *h, uint32_t id)
{
	size_t lo = 0, hi = h->nnhobj;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (h->nhobjs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct nhobj *host_nhobj(const struct host *h, uint32_t id)
{
	size_t i = nhobj_pos(h, id);

	return i < h->nnhobj && h->nhobjs[i].id == id ? &h->nhobjs[i] : NULL;
}

void nhobj_rebalance(struct nhobj *g)
{
	int total = 0, w = 0;

	for (int i = 0; i < g->ngrp; i++)
		total += g->grp[i].weight;
	for (int i = 0; i < g->ngrp; i++) {
		w += g->grp[i].weight;
		g->grp[i].upper_bound =
			(int32_t)((((uint64_t)w << 31) + (uint64_t)total / 2) / (uint64_t)total -
				  1);
	}
}

void host_nhobj_put(struct host *h, const struct nhobj *n)
{
	size_t i = nhobj_pos(h, n->id);

	if (i < h->nnhobj && h->nhobjs[i].id == n->id) {
		h->nhobjs[i] = *n;
	} else {
		vec_reserve((void **)&h->nhobjs, &h->nhobj_cap, h->nnhobj + 1, sizeof(*h->nhobjs));
		memmove(&h->nhobjs[i + 1], &h->nhobjs[i], (h->nnhobj - i) * sizeof(*h->nhobjs));
		h->nhobjs[i] = *n;
		h->nnhobj++;
	}
	if (n->is_group)
		nhobj_rebalance(&h->nhobjs[i]);
	host_rt_cache_flush(h);
}

/* __remove_nexthop_fib(): the routes that use object id go */
static void nhobj_routes_gone(struct host *h, uint32_t id)
{
	for (size_t ti = 0; ti < h->ntables; ti++) {
		struct table *t = &h->tables[ti];

		for (struct route *r = table_first(t), *next; r; r = next) {
			next = table_next(t, r);
			if (r->nhid == id)
				host_route_remove(h, t, r);
		}
	}
}

void host_nhobj_remove(struct host *h, uint32_t id)
{
	struct nhobj *o = host_nhobj(h, id);
	bool group;

	if (!o)
		return;
	group = o->is_group;
	/* remove_nexthop_from_groups(): a group it was the last member of goes with it */
	for (size_t gi = 0; !group && gi < h->nnhobj; gi++) {
		struct nhobj *g = &h->nhobjs[gi];

		for (int k = 0; g->is_group && k < g->ngrp; k++) {
			if (g->grp[k].id != id)
				continue;
			if (g->ngrp == 1) {
				host_nhobj_remove(h, g->id);
				gi = (size_t)-1; /* the array moved: look again */
				break;
			}
			memmove(&g->grp[k], &g->grp[k + 1],
				(size_t)(g->ngrp - k - 1) * sizeof(g->grp[0]));
			g->ngrp--;
			nhobj_rebalance(g);
			break;
		}
	}
	nhobj_routes_gone(h, id); /* while the object is there: their exceptions go too */
	o = host_nhobj(h, id);
	if (o) {
		size_t i = (size_t)(o - h->nhobjs);

		memmove(&h->nhobjs[i], &h->nhobjs[i + 1], (h->nnhobj - i - 1) * sizeof(*h->nhobjs));
		h->nnhobj--;
	}
	host_rt_cache_flush(h);
}

void host_nhobj_flush_dev(struct host *h, int ifindex, bool unregister)
{
	for (size_t i = 0; i < h->nnhobj;) {
		const struct nhobj *o = &h->nhobjs[i];

		if (!o->is_group && o->nh.oif == ifindex && (!o->blackhole || unregister)) {
			host_nhobj_remove(h, o->id);
			i = 0; /* groups may have gone too */
			continue;
		}
		i++;
	}
}

uint32_t host_nhobj_free_id(struct host *h)
{
	uint32_t start = h->nh_last_id;

	for (;;) {
		h->nh_last_id++;
		if (h->nh_last_id == start)
			return 0;
		if (h->nh_last_id && !host_nhobj(h, h->nh_last_id))
			return h->nh_last_id;
	}
}
