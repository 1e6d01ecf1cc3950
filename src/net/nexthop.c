/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nexthop: what hangs off the paths of routes (struct fib_nh): the groups of a multipath
 * route's paths with their hash ranges, and route exceptions made by ICMP redirects
 * (fib_nh_exception), which name the route and the path they belong to.
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
		      uint32_t daddr, uint32_t gw, int64_t expires)
{
	struct fnhe *e;

	for (size_t i = 0; i < h->nfnhe; i++)
		if (h->fnhes[i].daddr == daddr && fnhe_on(&h->fnhes[i], r, nh)) {
			h->fnhes[i].gw = gw;
			h->fnhes[i].expires = expires;
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

	return g ? g->n : 1;
}

struct nexthop route_nh(const struct host *h, const struct route *r, int i)
{
	const struct mpath *g = r->mp ? host_mp(h, r->mp) : NULL;
	struct nexthop nh;

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
