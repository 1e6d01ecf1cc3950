/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netlink-live: following a namespace's changes (docs/architecture.md "Real kernel mode",
 * pktpath --live / run --follow), the model side. netlink.c drains the notification socket
 * into a batch of route events (netlink-priv.h); this file applies them to the host in
 * place, or re-imports the whole namespace (resync) when that is the only exact answer.
 *
 * Incremental (the common case, and the only affordable one for a 1M-route table):
 * - RTM_NEWROUTE: the notification's nlmsg_flags say where the kernel put the route in
 *   its alias list (fib_table_insert; NLX_F_* in netlink-priv.h): EXCL|CREATE = first of
 *   a new (tos, priority) group, CREATE = before the group (prepend), CREATE|APPEND =
 *   after it (append), REPLACE = in place of the group's first route.
 * - RTM_DELROUTE: the alias equal in every field the model holds is removed.
 * - Every event is checked against the model: an add for a group that must (not) exist,
 *   a route that is already there, a delete of a route the model lacks, an unknown flag
 *   combination — any of these means the model and the kernel disagree (or the
 *   notification is one the last resync already read) and the batch ends in a resync.
 * - Events of one batch are grouped by table and prefix (events on different prefixes
 *   commute), applied to a copy of each touched prefix's alias list, then spliced into
 *   the table: in place for a few prefixes, else one merge pass — O(n + k log k) per
 *   batch instead of one O(n) memmove per event.
 *
 * Full resync (a fresh import moved into the same host, pointers stay valid) for:
 * link, address, rule, nexthop-object and netconf notifications (rare, and the kernel
 * changes routes for some of them without telling: link down);
 * ENOBUFS (netlink.c enlarged the buffer); any mismatch above. After a resync, a
 * notification that arrived during the dump may or may not be in it, and replaying one
 * is not always safe (a replace then a delete of the same route would take the wrong
 * one), so the resync is repeated until the socket stayed quiet during a whole dump
 * (at most 4 times per call; then again at the next call).
 *
 * Approximations: nh_scope of an added gateway route is looked up in the model as it
 * was before the batch (the kernel: at insertion time). Routes that differ only in what
 * the model does not hold (metrics, further multipath nexthops) look identical: an
 * event about one of them may resync.
 */
#include "tools/kernel-io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "netlink-model.h"
#include "netlink-priv.h"

struct nl_live {
	struct sim *sim;
	struct host *h;
	char netns[64];
	struct nlx_live *x;
	struct nlx_batch b;
	bool must_resync;
	bool verbose; /* PKTPATH_LIVE_STATS: one stderr line per batch */
	struct nl_live_stats st;
	struct nl_live *next; /* all open followers (nlm_live_host_reread) */
};

static struct nl_live *lives;

void nlm_live_host_reread(const struct host *h)
{
	for (struct nl_live *lv = lives; lv; lv = lv->next)
		if (lv->h == h)
			lv->must_resync = true; /* its queued notifications are in h already */
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void batch_reset(struct nlx_batch *b)
{
	b->n = 0;
	b->msgs = 0;
	b->resync = false;
	b->overrun = false;
}

/* Full re-import until no notification arrived during one; 0 or -1 (msg filled). */
static int resync(struct nl_live *lv, char *msg, size_t msglen)
{
	double t0 = now_s();

	for (int tries = 0; tries < 4; tries++) {
		struct host *fresh;
		int rc;

		if (nl_import(lv->sim, lv->netns, "(resync)", &fresh, NULL, msg, msglen) != 0) {
			/* drop the partial host: taking its own state is a no-op, then it is freed */
			if (fresh)
				sim_host_take_state(fresh, fresh);
			lv->must_resync = true;
			return -1;
		}
		sim_host_take_state(lv->h, fresh);
		lv->st.resyncs++;
		batch_reset(&lv->b);
		rc = nlx_live_drain(lv->x, &lv->b);
		lv->st.notifications += lv->b.msgs;
		if (lv->b.overrun)
			lv->st.overruns++;
		if (rc < 0) {
			snprintf(msg, msglen, "netlink: reading change notifications failed");
			lv->must_resync = true;
			return -1;
		}
		if (rc == 0) {
			lv->must_resync = false;
			lv->st.resync_seconds += now_s() - t0;
			return 0;
		}
	}
	lv->must_resync = true; /* still changing: once more at the next call */
	lv->st.resync_seconds += now_s() - t0;
	return 0;
}

/* ---- incremental application ---- */

struct key {
	uint32_t table, dst;
	uint8_t plen;
	uint32_t seq; /* index into the batch: arrival order */
};

static int cmp_key(const void *pa, const void *pb)
{
	const struct key *a = pa, *b = pb;

	if (a->table != b->table)
		return a->table < b->table ? -1 : 1;
	if (a->dst != b->dst)
		return a->dst < b->dst ? -1 : 1;
	if (a->plen != b->plen)
		return a->plen > b->plen ? -1 : 1; /* longer prefix first: the table's order */
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* every field the model holds and the kernel reports (nh_scope is ours, flags change) */
static bool route_same(const struct route *a, const struct route *b)
{
	return a->tos == b->tos && a->type == b->type && a->scope == b->scope &&
	       a->proto == b->proto && a->priority == b->priority && a->prefsrc == b->prefsrc &&
	       a->gw == b->gw && a->oif == b->oif &&
	       (a->nh_flags & NH_F_ONLINK) == (b->nh_flags & NH_F_ONLINK);
}

/* one touched prefix and its new alias list */
struct edit {
	uint32_t dst;
	int plen;
	struct route *v;
	size_t n, cap;
};

struct apply {
	struct host *h;
	bool flush; /* C4: an insert, or the delete of a used route */
	size_t applied;
};

static void edit_insert(struct edit *e, size_t at, const struct route *r)
{
	vec_reserve((void **)&e->v, &e->cap, e->n + 1, sizeof(*e->v));
	memmove(&e->v[at + 1], &e->v[at], (e->n - at) * sizeof(*e->v));
	e->v[at] = *r;
	e->v[at].accessed = false;
	e->n++;
}

/* One event on one prefix's alias list (A5: tos descending, then priority ascending,
 * then alias order). 0, or -1 when the kernel cannot have sent it for this state. */
static int apply_event(struct apply *ap, struct edit *e, const struct nlx_event *ev,
		       const struct route *r)
{
	size_t grp = 0, gcount = 0, i;

	if (ev->del) {
		for (i = 0; i < e->n; i++)
			if (route_same(&e->v[i], r))
				break;
		if (i == e->n)
			return -1;
		if (e->v[i].accessed)
			ap->flush = true;
		memmove(&e->v[i], &e->v[i + 1], (e->n - i - 1) * sizeof(*e->v));
		e->n--;
		return 0;
	}
	while (grp < e->n && (e->v[grp].tos > r->tos ||
			      (e->v[grp].tos == r->tos && e->v[grp].priority < r->priority)))
		grp++;
	while (grp + gcount < e->n && e->v[grp + gcount].tos == r->tos &&
	       e->v[grp + gcount].priority == r->priority)
		gcount++;
	/* the kernel refuses a route equal to one of its group (fa_match): a notification
	 * for one we hold already is stale */
	for (i = grp; i < grp + gcount; i++)
		if (route_same(&e->v[i], r))
			return -1;
	ap->flush = true;
	switch (ev->nlflags & (NLX_F_REPLACE | NLX_F_EXCL | NLX_F_CREATE | NLX_F_APPEND)) {
	case NLX_F_REPLACE:
	case NLX_F_REPLACE | NLX_F_CREATE: /* not seen from 6.x kernels; same meaning */
		if (gcount == 0)
			return -1;
		e->v[grp] = *r;
		e->v[grp].accessed = false;
		return 0;
	case NLX_F_EXCL | NLX_F_CREATE:
		if (gcount != 0)
			return -1;
		edit_insert(e, grp, r);
		return 0;
	case NLX_F_CREATE:
		if (gcount == 0)
			return -1;
		edit_insert(e, grp, r);
		return 0;
	case NLX_F_CREATE | NLX_F_APPEND:
		if (gcount == 0)
			return -1;
		edit_insert(e, grp + gcount, r);
		return 0;
	default:
		return -1;
	}
}

/* Gives each touched prefix its new alias list. */
static void splice(struct table *t, struct edit *ed, size_t ne)
{
	for (size_t i = 0; i < ne; i++)
		table_prefix_set(t, ed[i].dst, ed[i].plen, ed[i].v, ed[i].n);
}

/* Applies the batch's route events; 0, or -1 when it must end in a resync (the host
 * may be half changed then). */
int nlm_apply_batch(struct host *h, const struct nlx_batch *b, size_t *applied)
{
	struct apply ap = { h, false, 0 };
	struct key *keys;
	struct route *rs;
	struct edit *ed = NULL;
	size_t ned = 0, edcap = 0, i = 0;
	uint32_t last_gw = 0, last_table = 0;
	int last_oif = -1, rc = 0;
	uint8_t last_rscope = 0, last_res = 0;

	*applied = 0;
	if (b->n == 0)
		return 0; /* only notifications the model does not hold (cloned, not IPv4) */
	for (size_t k = 0; k < b->n; k++)
		if (b->ev[k].r.nnh > 1 || b->ev[k].r.nhid)
			return -1; /* a multipath route: the resync reads its paths */
	keys = xmalloc(b->n * sizeof(*keys));
	rs = xmalloc(b->n * sizeof(*rs));

	/* convert first: nh_scope is looked up in the state before the batch */
	for (size_t k = 0; k < b->n; k++) {
		struct route *r = &rs[k];

		nlm_route_from_nlx(h, &b->ev[k].r, r);
		if (!b->ev[k].del && r->gw && !(r->nh_flags & NH_F_ONLINK)) {
			if (!(r->gw == last_gw && r->oif == last_oif && r->table == last_table &&
			      r->scope == last_rscope)) {
				last_res = nlm_gw_nh_scope(h, r);
				last_gw = r->gw;
				last_oif = r->oif;
				last_table = r->table;
				last_rscope = r->scope;
			}
			r->nh_scope = last_res;
		}
		keys[k].table = r->table;
		keys[k].dst = r->dst;
		keys[k].plen = r->plen;
		keys[k].seq = (uint32_t)k;
	}
	qsort(keys, b->n, sizeof(*keys), cmp_key);
	while (i < b->n && rc == 0) {
		uint32_t tid = keys[i].table;
		struct table *t = host_table(h, tid);

		if (!t) {
			/* a route into a table that does not exist yet creates it (newest) */
			bool any_new = false;

			for (size_t j = i; j < b->n && keys[j].table == tid; j++)
				any_new |= !b->ev[keys[j].seq].del;
			if (!any_new) {
				rc = -1;
				break;
			}
			t = host_table_get(h, tid);
		}
		ned = 0;
		while (i < b->n && keys[i].table == tid) {
			struct edit *e;
			size_t j = i;

			vec_reserve((void **)&ed, &edcap, ned + 1, sizeof(*ed));
			e = &ed[ned++];
			e->dst = keys[i].dst;
			e->plen = keys[i].plen;
			e->n = 0;
			e->cap = 0;
			e->v = NULL;
			for (const struct route *a = table_prefix(t, e->dst, e->plen); a;
			     a = a->next) {
				vec_reserve((void **)&e->v, &e->cap, e->n + 1, sizeof(*e->v));
				e->v[e->n++] = *a;
			}
			for (; j < b->n && keys[j].table == tid && keys[j].dst == keys[i].dst &&
			       keys[j].plen == keys[i].plen;
			     j++) {
				const struct nlx_event *ev = &b->ev[keys[j].seq];
				const struct route *r = &rs[keys[j].seq];

				if (apply_event(&ap, e, ev, r) != 0) {
					rc = -1;
					break;
				}
				if (!ev->del && r->type == RTN_LOCAL && r->proto != RTPROT_KERNEL)
					h->custom_local_routes = true; /* inet_rtm_newroute() */
				ap.applied++;
			}
			if (rc)
				break;
			i = j;
		}
		if (rc == 0)
			splice(t, ed, ned);
		for (size_t k = 0; k < ned; k++)
			free(ed[k].v);
	}
	if (ap.flush)
		host_rt_cache_flush(h);
	free(ed);
	free(rs);
	free(keys);
	*applied = ap.applied;
	return rc;
}

/* ---- the public side (tools/kernel-io.h) ---- */

struct nl_live *nl_live_open(struct sim *sim, const char *netns, const char *name,
			     struct host **out, struct nl_import_stats *st, char *msg,
			     size_t msglen)
{
	struct nl_live *lv;
	struct nlx_live *x = nlx_live_open(netns, msg, msglen); /* first: no event is lost */

	*out = NULL;
	if (!x)
		return NULL;
	if (nl_import(sim, netns, name, out, st, msg, msglen) != 0) {
		nlx_live_close(x);
		return NULL;
	}
	lv = xcalloc(1, sizeof(*lv));
	lv->sim = sim;
	lv->h = *out;
	lv->x = x;
	lv->verbose = getenv("PKTPATH_LIVE_STATS") != NULL;
	snprintf(lv->netns, sizeof(lv->netns), "%s", netns && *netns ? netns : ".");
	lv->next = lives;
	lives = lv;
	/* notifications that arrived during the import may be in it already: not replayed,
	 * re-read instead (resync) */
	if (nlx_live_drain(x, &lv->b) != 0 && resync(lv, msg, msglen) != 0) {
		nl_live_close(lv);
		*out = NULL; /* the host stays in sim, as after a failed nl_import */
		return NULL;
	}
	lv->st.notifications += lv->b.msgs;
	batch_reset(&lv->b);
	return lv;
}

int nl_live_fd(const struct nl_live *lv)
{
	return nlx_live_fd(lv->x);
}

int nl_live_process(struct nl_live *lv, char *msg, size_t msglen)
{
	const char *how = "";
	size_t applied = 0, msgs;
	double t0 = now_s();
	int rc;

	batch_reset(&lv->b);
	rc = nlx_live_drain(lv->x, &lv->b);
	if (rc < 0) {
		snprintf(msg, msglen, "netlink: reading change notifications failed");
		return rc;
	}
	if (rc == 0 && !lv->must_resync)
		return 0;
	lv->st.batches++;
	lv->st.notifications += lv->b.msgs;
	if (lv->b.overrun)
		lv->st.overruns++;
	if (lv->must_resync)
		how = "resync (queued notifications may be in the last re-read)";
	else if (lv->b.overrun)
		how = "resync (ENOBUFS: notifications lost, buffer enlarged)";
	else if (lv->b.resync)
		how = "resync (link, address, rule or nexthop change)";
	else if (nlm_apply_batch(lv->h, &lv->b, &applied) != 0) {
		how = "resync (a notification did not fit the model)";
		applied = 0;
	}
	lv->st.applied += applied;
	msgs = lv->b.msgs;
	if (*how) {
		if (resync(lv, msg, msglen) != 0)
			return -1;
	} else {
		how = "applied in place";
		lv->st.apply_seconds += now_s() - t0;
	}
	lv->st.bufsize = nlx_live_bufsize(lv->x);
	if (lv->verbose)
		fprintf(stderr, "pktpath: live: %zu notifications, %zu route changes, %s, %.3f s\n",
			msgs, applied, how, now_s() - t0);
	snprintf(lv->st.last, sizeof(lv->st.last), "%s", how);
	/* events that arrived meanwhile are handled by the next call */
	return 1;
}

void nl_live_get_stats(const struct nl_live *lv, struct nl_live_stats *st)
{
	*st = lv->st;
	st->bufsize = nlx_live_bufsize(lv->x);
}

void nl_live_close(struct nl_live *lv)
{
	if (!lv)
		return;
	for (struct nl_live **p = &lives; *p; p = &(*p)->next)
		if (*p == lv) {
			*p = lv->next;
			break;
		}
	nlx_live_close(lv->x);
	free(lv->b.ev);
	free(lv);
}
