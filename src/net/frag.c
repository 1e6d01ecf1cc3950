/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * frag: IPv4 fragmentation and reassembly, as Linux (net/ipv4/ip_output.c,
 * ip_fragment.c) does them.
 *
 * - ip_fragment() / ip_do_fragment(): a datagram larger than the MTU it leaves by goes
 *   as fragments carrying (MTU - 20) & ~7 bytes of its payload each, the last one the
 *   rest; every fragment has the datagram's header (id, TTL, DF), its own offset, and MF
 *   but on the last. A reassembled datagram is cut again no larger than its largest
 *   fragment was (frag_max_size). A datagram with DF set is not fragmented: it is
 *   dropped and its source gets ICMP "fragmentation needed" with the MTU.
 * - ip_defrag() / ip_frag_reasm(): at local delivery, or before PREROUTING on a host
 *   where conntrack is in use (nf_defrag_ipv4), a fragment waits in the queue of its
 *   datagram (source, destination, protocol, id, and which of the two users) until every
 *   byte came. The datagram then goes on whole, with the id of the packet it was before
 *   it was cut. A queue still short after ipfrag_time (30 s) is dropped; if the first
 *   fragment came, and the datagram was for this host, its source gets ICMP time
 *   exceeded, "fragment reassembly time exceeded" (ip_expire).
 */
#include "base/i18n.h"
#include "path-int.h"

#include <stdio.h>
#include <string.h>

#include "mss.h"

static void frag_event(struct host *h, enum trace_stage st, int pkt_id, const struct pkt *p,
		       const enum origin *from, const char *iif, const char *oif,
		       enum trace_verdict v, const char *why)
{
	struct trace_draft ev;

	path_ev_init(&ev, h, st, pkt_id, p, from);
	snprintf(ev.iif, sizeof(ev.iif), "%s", iif);
	snprintf(ev.oif, sizeof(ev.oif), "%s", oif);
	ev.verdict = v;
	path_ev_why(&ev, "%s", why);
	path_ev_commit(h->sim, &ev);
}

static void fragq_remove(struct host *h, struct fragq *q);

static struct fragq *fragq_done(struct host *h, int of)
{
	for (size_t i = 0; i < h->nfragq; i++)
		if (h->fragq[i].done && h->fragq[i].of == of)
			return &h->fragq[i];
	return NULL;
}

/* ip_do_fragment()'s fast path: a reassembled datagram (pkt_id, its queue kept) goes
 * out as the fragments it was made of when each fits data bytes and all but the last
 * are multiples of 8. True when it did (and the queue is gone). */
static bool frag_again(struct host *h, const struct path_route *rt, int pkt_id, struct pkt *p,
		       const enum origin *from, const char *sock, unsigned data)
{
	struct fragq *q = fragq_done(h, pkt_id);
	unsigned off[8192], n = 0, total;
	bool fit = true;
	char why[400];

	if (!q)
		return false;
	total = q->total;
	for (unsigned b = 0; b < 8192 && b * 8 < total; b++)
		if (q->starts[b / 8] & (1u << (b % 8)))
			off[n++] = b * 8;
	fragq_remove(h, q); /* its datagram leaves now, one way or the other */
	for (unsigned k = 0; k < n && fit; k++) {
		unsigned len = (k + 1 < n ? off[k + 1] : total) - off[k];

		fit = len <= data && (k + 1 == n || len % 8 == 0);
	}
	if (!fit || n == 0)
		return false;
	snprintf(why, sizeof(why),
		 E_("%u bytes do not fit the MTU out of %s, no larger than the largest "
		    "fragment it came in: it goes as the %u fragments it was reassembled from "
		    "(ip_do_fragment's frag_list)"),
		 pkt_ip_len(p), path_dev_name(h, rt->dev), n);
	frag_event(h, TRACE_FRAG, pkt_id, p, from, "", path_dev_name(h, rt->dev), VERDICT_FRAGMENT,
		   why);
	for (unsigned k = 0; k < n; k++) {
		struct pkt f = *p;

		f.frag_off = (uint16_t)off[k];
		f.frag_len = (uint16_t)((k + 1 < n ? off[k + 1] : total) - off[k]);
		f.mf = k + 1 < n;
		f.frag_of = pkt_id;
		path_finish_output2(h, rt, path_new_pkt_id(h->sim), &f, from, sock);
	}
	return true;
}

void path_frag_output(struct host *h, const struct path_route *rt, unsigned mtu, int pkt_id,
		      struct pkt *p, const enum origin *from, const char *sock)
{
	const char *oif = path_dev_name(h, rt->dev);
	unsigned len = pkt_ip_len(p), payload = len - 20, data, base, off, n;
	bool last_mf = pkt_is_frag(p) && p->mf;
	int of = pkt_is_frag(p) ? p->frag_of : pkt_id;
	unsigned fmax = pkt_frag_max(p);
	char why[400];

	if (p->df && (len > mtu || fmax > mtu)) {
		snprintf(why, sizeof(why),
			 E_("%u bytes with DF set do not fit the MTU %u out of %s: dropped, and "
			    "the source gets ICMP fragmentation needed (ip_fragment)"),
			 len, mtu, oif);
		frag_event(h, TRACE_DROP, pkt_id, p, from, "", oif, VERDICT_DROP, why);
		icmp_router_error_info(h, NULL, pkt_id, p, 3, 4, mtu,
				       E_("ICMP fragmentation needed, with the MTU"));
		return;
	}
	/* ip_do_fragment(): no larger than the largest fragment the datagram came in */
	if (fmax && fmax < mtu)
		mtu = fmax;
	data = mtu > 20 ? mtu - 20 : 8;
	if (fmax && frag_again(h, rt, pkt_id, p, from, sock, data))
		return;
	if (payload <= data) { /* reassembled, and it fits: one piece, not a fragment */
		if (!pkt_is_frag(p))
			p->frag_max = 0;
		path_finish_output2(h, rt, pkt_id, p, from, sock);
		return;
	}
	data &= ~7u;
	n = (payload + data - 1) / data;
	snprintf(why, sizeof(why),
		 E_("%u bytes do not fit the MTU %u out of %s and DF is not set: %u fragments "
		    "of at most %u bytes (ip_fragment)"),
		 len, mtu, oif, n, data + 20);
	frag_event(h, TRACE_FRAG, pkt_id, p, from, "", oif, VERDICT_FRAGMENT, why);
	base = pkt_is_frag(p) ? p->frag_off : 0;
	for (off = 0; off < payload; off += data) {
		struct pkt q = *p;
		unsigned piece = payload - off < data ? payload - off : data;

		q.frag_off = (uint16_t)(base + off);
		q.frag_len = (uint16_t)piece;
		q.mf = off + piece < payload || last_mf;
		q.frag_of = of;
		path_finish_output2(h, rt, path_new_pkt_id(h->sim), &q, from, sock);
	}
}

static struct fragq *fragq_find(struct host *h, const struct pkt *p, int of, bool ct)
{
	for (size_t i = 0; i < h->nfragq; i++) {
		struct fragq *q = &h->fragq[i];

		if (!q->done && q->of == of && q->ct == ct && q->src == p->src &&
		    q->dst == p->dst && q->proto == p->proto)
			return q;
	}
	return NULL;
}

static void fragq_remove(struct host *h, struct fragq *q)
{
	size_t i = (size_t)(q - h->fragq);

	memmove(&h->fragq[i], &h->fragq[i + 1], (h->nfragq - i - 1) * sizeof(*h->fragq));
	h->nfragq--;
}

static struct fragq *fragq_new(struct host *h, const struct pkt *p, int iif, bool ct)
{
	struct fragq *q;
	struct path_job j;

	vec_reserve((void **)&h->fragq, &h->fragq_cap, h->nfragq + 1, sizeof(*h->fragq));
	q = &h->fragq[h->nfragq++];
	memset(q, 0, sizeof(*q));
	q->src = p->src;
	q->dst = p->dst;
	q->proto = p->proto;
	q->ct = ct;
	q->of = p->frag_of;
	q->iif = iif;
	q->head = *p;
	/* ipfrag_time, in jiffies (a negative one fires at once) */
	q->expires_us = h->sim->now_us +
			(h->ipfrag_time > 0 ? (uint64_t)h->ipfrag_time * 1000000 / KERNEL_HZ : 0);
	/* ip_expire(): the queue's timer */
	memset(&j, 0, sizeof(j));
	j.kind = JOB_FRAG_EXPIRE;
	j.t = q->expires_us;
	j.host = h->index;
	j.pkt = *p;
	j.pkt_id = q->of;
	j.via_lo = ct;
	path_job_add(h->sim, &j);
	return q;
}

/* Marks the 8-byte blocks of [off, off + len) seen; false if one already was */
static bool blocks_mark(struct fragq *q, unsigned off, unsigned len)
{
	unsigned a = off / 8, b = (off + len + 7) / 8;

	for (unsigned i = a; i < b && i < 8192; i++)
		if (q->seen[i / 8] & (1u << (i % 8)))
			return false;
	for (unsigned i = a; i < b && i < 8192; i++)
		q->seen[i / 8] |= (uint8_t)(1u << (i % 8));
	return true;
}

bool path_frag_reasm(struct host *h, const struct nic *n, int *pkt_id, struct pkt *p,
		     const enum origin *from, bool ct)
{
	struct fragq *q = fragq_find(h, p, p->frag_of, ct);
	const char *user = ct ? E_("conntrack reassembles before PREROUTING (nf_defrag_ipv4)")
			      : E_("local delivery (ip_local_deliver)");
	char why[400];

	if (!q)
		q = fragq_new(h, p, n->ifindex, ct);
	if (!blocks_mark(q, p->frag_off, p->frag_len)) {
		snprintf(why, sizeof(why),
			 E_("fragment %u+%u of datagram %d came twice: dropped (ip_frag_queue)"),
			 p->frag_off, p->frag_len, q->of);
		frag_event(h, TRACE_DROP, *pkt_id, p, from, n->name, "", VERDICT_DROP, why);
		return false;
	}
	q->starts[p->frag_off / 64] |= (uint8_t)(1u << (p->frag_off / 8 % 8));
	q->have += p->frag_len;
	q->nfrag++;
	if (20u + p->frag_len > q->max)
		q->max = (uint16_t)(20 + p->frag_len);
	if (!p->mf)
		q->total = (unsigned)p->frag_off + p->frag_len;
	if (p->frag_off == 0) {
		q->first_in = true;
		q->head = *p;
	}
	if (!q->first_in || !q->total || q->have != q->total) {
		snprintf(why, sizeof(why),
			 E_("fragment %u+%u of datagram %d waits for the rest: %u bytes so far, "
			    "%s (ip_defrag: %s)"),
			 p->frag_off, p->frag_len, q->of, q->have,
			 q->total ? E_("the last fragment came") : E_("the last one has not come"),
			 user);
		frag_event(h, TRACE_FRAG, *pkt_id, p, from, n->name, "", VERDICT_QUEUE, why);
		return false;
	}
	/* ip_frag_reasm(): the first fragment's header, DF only if it was on the largest */
	*p = q->head;
	p->frag_off = p->frag_len = 0;
	p->mf = false;
	p->frag_of = 0;
	p->frag_max = q->max;
	p->df = false;
	*pkt_id = q->of;
	snprintf(why, sizeof(why),
		 E_("datagram %d reassembled from %d fragments: %u bytes, the largest fragment "
		    "%u (%s)"),
		 q->of, q->nfrag, pkt_ip_len(p), q->max, user);
	q->done = true;
	frag_event(h, TRACE_FRAG, *pkt_id, p, from, n->name, "", VERDICT_REASSEMBLED, why);
	return true;
}

void path_frag_expire(struct host *h, const struct path_job *j)
{
	struct fragq *q = fragq_find(h, &j->pkt, j->pkt_id, j->via_lo);
	struct fragq c;
	const struct nic *n;
	char why[400];

	for (size_t i = 0; !q && i < h->nfragq; i++) /* or its datagram's, kept */
		if (h->fragq[i].done && h->fragq[i].of == j->pkt_id && h->fragq[i].ct == j->via_lo)
			q = &h->fragq[i];
	if (!q || q->expires_us > h->sim->now_us)
		return;
	c = *q;
	fragq_remove(h, q);
	if (c.done)
		return;
	n = host_nic_by_index_c(h, c.iif);
	snprintf(why, sizeof(why),
		 E_("datagram %d: %d fragments (%u bytes) came, but %s, and ipfrag_time (%d s) "
		    "is over: they are dropped (ip_expire)"),
		 c.of, c.nfrag, c.have,
		 !c.first_in ? E_("not the first one") : E_("not all of them"),
		 h->ipfrag_time / KERNEL_HZ);
	frag_event(h, TRACE_DROP, c.of, &c.head, NULL, n ? n->name : "", "", VERDICT_DROP, why);
	/* only the datagram's destination says so, and only if the first fragment came (its
	 * header is quoted) */
	if (c.first_in && (!c.ct || inet_addr_type_table(h, c.dst, RT_TABLE_LOCAL) == RTN_LOCAL)) {
		struct pkt r;

		memset(&r, 0, sizeof(r));
		r.proto = PKT_PROTO_ICMP;
		r.sport = 11; /* time exceeded */
		r.dport = 1;  /* fragment reassembly time exceeded */
		r.src = c.head.dst;
		r.dst = c.head.src;
		pkt_quote(&r, &c.head);
		path_kernel_reply(h, c.of, &c.head, &r,
				  E_("ICMP fragment reassembly time exceeded"));
	}
}
