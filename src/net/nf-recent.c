/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nf-recent: -m recent as net/netfilter/xt_recent.c keeps it. A host has named lists of
 * addresses (ufw's DEFAULT), each address with the times (jiffies) it was last seen. A
 * rule --set adds or refreshes the packet's address, --rcheck asks whether it is there
 * (seen --hitcount times within --seconds), --update asks and refreshes it when it is,
 * --remove takes it out. A list is made by the first rule that names it (with that
 * rule's --mask) and dropped with the last; at most 100 addresses (ip_list_tot), the one
 * updated longest ago going first, and 32 times per address.
 */
#include <stdlib.h>
#include <string.h>

#include "nf.h"

static struct nf_recent *recent_find(struct nf_state *nf, const char *name)
{
	for (size_t i = 0; i < nf->nrecent; i++)
		if (!strcmp(nf->recent[i].name, name))
			return &nf->recent[i];
	return NULL;
}

void nf_recent_attach(struct nf_state *nf, const struct nf_rule *r)
{
	struct nf_recent *t;

	if (!r->has_recent || recent_find(nf, r->recent_name))
		return;
	nf->recent = xrealloc(nf->recent, (nf->nrecent + 1) * sizeof(*nf->recent));
	t = &nf->recent[nf->nrecent++];
	memset(t, 0, sizeof(*t));
	t->name = r->recent_name;
	t->mask = r->recent_mask;
}

static bool named_by_a_rule(const struct nf_state *nf, const char *name)
{
	for (int t = 0; t < NF_TABLE__COUNT; t++)
		for (size_t c = 0; c < nf->t[t].n; c++)
			for (size_t i = 0; i < nf->t[t].chains[c].n; i++) {
				const struct nf_rule *r = &nf->t[t].chains[c].r[i];

				if (r->has_recent && !strcmp(r->recent_name, name))
					return true;
			}
	return false;
}

void nf_recent_gc(struct nf_state *nf)
{
	size_t k = 0;

	if (nf->recent_hold)
		return;
	for (size_t i = 0; i < nf->nrecent; i++) {
		if (!named_by_a_rule(nf, nf->recent[i].name)) {
			free(nf->recent[i].e);
			continue;
		}
		nf->recent[k++] = nf->recent[i];
	}
	nf->nrecent = k;
}

/* recent_entry_update(): a new time in the ring, and the entry becomes the newest */
static void entry_update(struct nf_recent *t, size_t i, int64_t now)
{
	struct nf_recent_ent e = t->e[i];

	e.index &= NF_RECENT_STAMPS - 1;
	e.stamps[e.index++] = now;
	if (e.index > e.nstamps)
		e.nstamps = e.index;
	memmove(&t->e[i], &t->e[i + 1], (t->n - i - 1) * sizeof(*t->e));
	t->e[t->n - 1] = e;
}

static void entry_remove(struct nf_recent *t, size_t i)
{
	memmove(&t->e[i], &t->e[i + 1], (t->n - i - 1) * sizeof(*t->e));
	t->n--;
}

/* recent_entry_init(): a full list drops its oldest entry first */
static void entry_new(struct nf_recent *t, uint32_t addr, uint8_t ttl, int64_t now)
{
	struct nf_recent_ent *e;

	if (t->n >= NF_RECENT_ENTRIES)
		entry_remove(t, 0);
	if (!t->e)
		t->e = xcalloc(NF_RECENT_ENTRIES, sizeof(*t->e));
	e = &t->e[t->n++];
	memset(e, 0, sizeof(*e));
	e->addr = addr;
	e->ttl = ttl;
	e->stamps[0] = now;
	e->index = e->nstamps = 1;
}

/* recent_entry_reap(): the list's oldest entry goes when its newest time is older than
 * the window, unless it is the entry about to be updated. Returns the working entry's
 * index afterwards. */
static size_t entry_reap(struct nf_recent *t, size_t working, int64_t since, bool update)
{
	const struct nf_recent_ent *e = &t->e[0];

	if (working == 0 && update)
		return working;
	if (since > e->stamps[(e->index - 1) & (NF_RECENT_STAMPS - 1)]) {
		entry_remove(t, 0);
		return working ? working - 1 : t->n; /* t->n: the working entry went */
	}
	return working;
}

bool nf_recent_match(struct host *h, const struct nf_rule *r, const struct nf_pkt *np,
		     bool forwarded)
{
	struct nf_recent *t = recent_find(nf_get(h), r->recent_name);
	uint32_t addr = (r->recent_dst ? np->p->dst : np->p->src);
	/* the TTL as it was before forwarding */
	uint8_t ttl = (uint8_t)(np->p->ttl + (forwarded ? 1 : 0));
	int64_t now = host_jiffies(h);
	bool ret = r->inv_recent;
	size_t i;

	if (!t) { /* a rule whose list is not there: made now (a copy of a model, say) */
		nf_recent_attach(nf_get(h), r);
		t = recent_find(nf_get(h), r->recent_name);
	}
	addr &= t->mask;
	for (i = 0; i < t->n; i++)
		if (t->e[i].addr == addr &&
		    (!(r->recent_what & NF_RECENT_TTL) || t->e[i].ttl == ttl))
			break;
	if (i == t->n) {
		if (!(r->recent_what & NF_RECENT_SET))
			return ret;
		entry_new(t, addr, ttl, now);
		return !ret;
	}
	if (r->recent_what & NF_RECENT_SET) {
		ret = !ret;
	} else if (r->recent_what & NF_RECENT_REMOVE) {
		entry_remove(t, i);
		return !ret;
	} else if (r->recent_what & (NF_RECENT_CHECK | NF_RECENT_UPDATE)) {
		int64_t since = now - (int64_t)r->recent_seconds * KERNEL_HZ;
		unsigned hits = 0;

		for (unsigned k = 0; k < t->e[i].nstamps; k++) {
			if (r->recent_seconds && since > t->e[i].stamps[k])
				continue;
			if (!r->recent_hits || ++hits >= r->recent_hits) {
				ret = !ret;
				break;
			}
		}
		if (r->recent_what & NF_RECENT_REAP) {
			i = entry_reap(t, i, since, (r->recent_what & NF_RECENT_UPDATE) && ret);
			if (i == t->n)
				return ret; /* it was the oldest, and not to be updated */
		}
	}
	if ((r->recent_what & NF_RECENT_SET) || ((r->recent_what & NF_RECENT_UPDATE) && ret)) {
		entry_update(t, i, now);
		t->e[t->n - 1].ttl = ttl;
	}
	return ret;
}

void nf_recent_clone(struct nf_state *dst, const struct nf_state *src)
{
	dst->recent =
		src->nrecent ? xmemdup(src->recent, src->nrecent * sizeof(*src->recent)) : NULL;
	for (size_t i = 0; i < src->nrecent; i++)
		if (src->recent[i].e)
			dst->recent[i].e = xmemdup(src->recent[i].e,
						   NF_RECENT_ENTRIES * sizeof(*src->recent[i].e));
}

void nf_recent_free(struct nf_state *nf)
{
	for (size_t i = 0; i < nf->nrecent; i++)
		free(nf->recent[i].e);
	free(nf->recent);
	nf->recent = NULL;
	nf->nrecent = 0;
}
