/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * snapshot: see snapshot.h. Every structure below struct sim is flat apart from the
 * arrays copied here; a new owned pointer in the model needs its copy added here (the
 * unit test test-snapshot plays every lesson on from copies and compares).
 */
#include "snapshot.h"

#include <stdlib.h>
#include <string.h>

#include "ct.h"
#include "nf.h"
#include "path.h"
#include "sock.h"

static struct host *host_clone(const struct host *s, struct sim *sim)
{
	struct host *h = xmalloc(sizeof(*h));

	*h = *s;
	h->sim = sim;
	h->nics = xmemdup(s->nics, s->nnic * sizeof(*s->nics));
	h->nic_cap = s->nnic;
	for (size_t i = 0; i < s->nnic; i++) {
		h->nics[i].addrs =
			xmemdup(s->nics[i].addrs, s->nics[i].naddr * sizeof(*s->nics[i].addrs));
		h->nics[i].addr_cap = s->nics[i].naddr;
	}
	h->tables = xcalloc(s->ntables ? s->ntables : 1, sizeof(*h->tables));
	h->table_cap = s->ntables ? s->ntables : 1;
	for (size_t i = 0; i < s->ntables; i++)
		table_clone(&h->tables[i], &s->tables[i]);
	h->rules = xmemdup(s->rules, s->nrules * sizeof(*s->rules));
	h->rule_cap = s->nrules;
	h->neigh = xmemdup(s->neigh, s->nneigh * sizeof(*s->neigh));
	h->neigh_cap = s->nneigh;
	h->peers = xmemdup(s->peers, s->npeer * sizeof(*s->peers));
	h->peer_cap = s->npeer;
	h->fnhes = xmemdup(s->fnhes, s->nfnhe * sizeof(*s->fnhes));
	h->fnhe_cap = s->nfnhe;
	h->fragq = xmemdup(s->fragq, s->nfragq * sizeof(*s->fragq));
	h->fragq_cap = s->nfragq;
	h->mps = xmemdup(s->mps, s->nmp * sizeof(*s->mps));
	h->mp_cap = s->nmp;
	h->nhobjs = xmemdup(s->nhobjs, s->nnhobj * sizeof(*s->nhobjs));
	h->nhobj_cap = s->nnhobj;
	h->fdb = xmemdup(s->fdb, s->nfdb * sizeof(*s->fdb));
	h->fdb_cap = s->nfdb;
	h->socks = xcalloc(s->nsock ? s->nsock : 1, sizeof(*h->socks));
	h->sock_cap = s->nsock ? s->nsock : 1;
	h->nslab = s->nsock;
	h->sock_slab = s->nsock ? xmalloc(s->nsock * sizeof(*h->sock_slab)) : NULL;
	for (size_t i = 0; i < s->nsock; i++) {
		h->sock_slab[i] = *s->socks[i];
		h->socks[i] = &h->sock_slab[i];
		if (s->socks[i]->q)
			h->socks[i]->q =
				xmemdup(s->socks[i]->q, SOCK_QLEN * sizeof(struct sock_seg));
	}
	h->sidx = NULL; /* the original's; rebuilt on first use */
	h->nf = s->nf ? nf_clone(s->nf) : NULL;
	return h;
}

struct sim *sim_clone(const struct sim *src)
{
	struct sim *sim = xmalloc(sizeof(*sim));

	*sim = *src;
	sim->trace = NULL;
	sim->hosts = xcalloc(src->nhosts ? src->nhosts : 1, sizeof(*sim->hosts));
	sim->host_cap = src->nhosts ? src->nhosts : 1;
	for (size_t i = 0; i < src->nhosts; i++)
		sim->hosts[i] = host_clone(src->hosts[i], sim);
	sim->rx = xmemdup(src->rx, src->nrx * sizeof(*src->rx));
	sim->rx_cap = src->nrx;
	sim->timers = xmemdup(src->timers, src->ntimers * sizeof(*src->timers));
	sim->timer_cap = src->ntimers;
	sim->pending = xmemdup(src->pending, src->npending * sizeof(*src->pending));
	sim->pending_cap = src->npending;
	return sim;
}

size_t sim_footprint(const struct sim *sim)
{
	size_t n =
		sizeof(*sim) + (sim->nrx + sim->ntimers + sim->npending) * sizeof(struct path_job);

	for (size_t i = 0; i < sim->nhosts; i++) {
		const struct host *h = sim->hosts[i];

		n += sizeof(*h) + h->nnic * sizeof(*h->nics) + h->nrules * sizeof(*h->rules) +
		     h->nneigh * sizeof(*h->neigh) + h->nfdb * sizeof(*h->fdb) +
		     h->npeer * sizeof(*h->peers) + h->nfnhe * sizeof(*h->fnhes) +
		     h->nfragq * sizeof(*h->fragq) +
		     h->nsock * (sizeof(struct sock) + sizeof(void *));
		for (size_t k = 0; k < h->nsock; k++)
			if (h->socks[k]->q)
				n += SOCK_QLEN * sizeof(struct sock_seg);
		for (size_t k = 0; k < h->nnic; k++)
			n += h->nics[k].naddr * sizeof(*h->nics[k].addrs);
		/* a route, its share of the prefix hash and of the dump order */
		for (size_t k = 0; k < h->ntables; k++)
			n += h->tables[k].n * (sizeof(struct route) + 40);
		if (h->nf) {
			for (int t = 0; t < NF_TABLE__COUNT; t++)
				for (size_t c = 0; c < h->nf->t[t].n; c++)
					n += sizeof(struct nf_chain) +
					     h->nf->t[t].chains[c].n * sizeof(struct nf_rule);
			if (h->nf->ct)
				n += h->nf->ct->n * sizeof(struct ct_entry);
		}
	}
	return n;
}
