/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * scene-check: the `expect` lines of scene files (assets/scene-format.md), verified by
 * `pktpath check`. An expectation is checked where it stands in the scene:
 *
 *   packet verbs   (sends, receives, routes, delivers, drops, answers, error) look at the
 *                  trace events of the current step so far: at least one event of that
 *                  host and stage must match every clause (`not`: none may);
 *   state verbs    (socket NAME …, route get …, neigh …) look at the model now.
 *
 * A failed expectation reports the closest event (the one matching most clauses) and
 * points its column at the first clause that event fails. Checking never changes the
 * simulation: `route get` restores the routes' "accessed" bits it may set (C4), so a
 * scene plays identically under `pktpath trace` (where expect lines are skipped).
 * Rejected alternative: matching against the text trace with regular expressions —
 * unreadable in scenes, and it would tie scenes to the text format.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "net/path.h"
#include "scene.h"
#include "net/sock.h"

#define MAXTOK 64
#define MAXCL 24

struct tok {
	char s[256];
	int col;
};

enum cl_kind {
	CL_SRC,
	CL_DST,
	CL_SPORT,
	CL_DPORT,
	CL_PROTO,
	CL_DF,	 /* the IP header's DF bit */
	CL_FRAG, /* a fragment */
	CL_LEN,	 /* the IP header's total length */
	CL_FLAGS,
	CL_DATA,
	CL_OUT,
	CL_IN,
	CL_SOCK,
	CL_PKT,
	CL_ARPOP,
	CL_TELL,
	CL_WHOHAS,
	CL_TO,
	CL_REASON,
	CL_ERRNO,
	CL_VERDICT,
	CL_FROM_SRC,
	CL_FROM_DST,
	CL_FROM_OIF,
	CL_TTL,
	CL_MSS,
};

struct clause {
	enum cl_kind kind;
	int col;
	const char *word; /* as written, for messages */
	uint32_t a;
	uint32_t n; /* port / number / flags / proto / errno / origin */
	bool has_port;
	char text[256];
};

struct ctx {
	const char *filename;
	int lineno;
	struct cmd_out *o;
};

__attribute__((format(printf, 3, 4))) static int report(struct ctx *c, int col, const char *fmt,
							...)
{
	va_list ap;

	strbuf_printf(&c->o->err, "%s:%d:%d: ", c->filename, c->lineno, col);
	va_start(ap, fmt);
	strbuf_vprintf(&c->o->err, fmt, ap);
	va_end(ap);
	strbuf_puts(&c->o->err, "\n");
	return 1;
}

/* Words with their columns; "double quotes" group and are removed. */
static int tokenize(const char *line, int col0, struct tok *tok, struct ctx *c)
{
	const char *p = line + col0 - 1;
	int n = 0;

	while (*p) {
		size_t len = 0;

		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (n == MAXTOK)
			return report(c, (int)(p - line) + 1, _("expect: too many words")), -1;
		tok[n].col = (int)(p - line) + 1;
		if (*p == '"') {
			const char *q = strchr(p + 1, '"');

			if (!q)
				return report(c, tok[n].col, _("expect: unterminated quote")), -1;
			len = (size_t)(q - p - 1);
			snprintf(tok[n].s, sizeof(tok[n].s), "%.*s", (int)len, p + 1);
			p = q + 1;
		} else {
			while (p[len] && !isspace((unsigned char)p[len]))
				len++;
			snprintf(tok[n].s, sizeof(tok[n].s), "%.*s", (int)len, p);
			p += len;
		}
		n++;
	}
	return n;
}

static int errno_parse(const char *s)
{
	for (int e = 1; e < 200; e++)
		if (strcmp(errno_name(e), s) == 0)
			return e;
	return 0;
}

static int origin_parse(const char *s)
{
	for (int o = 0; o < ORIGIN__COUNT; o++)
		if (strcmp(origin_name((enum origin)o), s) == 0)
			return o;
	return -1;
}

static bool flags_parse(const char *s, uint32_t *out)
{
	static const struct {
		const char *name;
		uint8_t f;
	} names[] = { { "SYN", TCPF_SYN },
		      { "ACK", TCPF_ACK },
		      { "FIN", TCPF_FIN },
		      { "RST", TCPF_RST },
		      { "PSH", TCPF_PSH } };
	char buf[256];
	char *save = NULL;
	uint32_t f = 0;

	snprintf(buf, sizeof(buf), "%s", s);
	for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		bool ok = false;

		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strcasecmp(w, names[i].name) == 0)
				f |= names[i].f, ok = true;
		if (!ok)
			return false;
	}
	*out = f;
	return true;
}

static bool addr_port_parse(const char *s, uint32_t *a, uint32_t *port, bool *has_port)
{
	char buf[256];
	char *colon;

	snprintf(buf, sizeof(buf), "%s", s);
	colon = strchr(buf, ':');
	*has_port = false;
	if (colon) {
		*colon = '\0';
		if (!parse_u32(colon + 1, port) || *port > 65535)
			return false;
		*has_port = true;
	}
	return ip_parse(buf, a);
}

/* Parses packet clauses from tok[i…n). Returns the number of clauses or -1. */
/* A clause that takes a value: word w, value v at column vcol, into k = cl[ncl] (a
 * `from` refers to the clause before it). 0, or -1 with the error reported. */
/* The clauses that take a number in a range: ttl, an IP length, an MSS */
static const struct num_clause {
	const char *word;
	enum cl_kind kind;
	uint32_t min, max;
} * num_clause(const char *w)
{
	static const struct num_clause t[] = {
		{ "ttl", CL_TTL, 1, 255 },
		{ "size", CL_LEN, 20, 65535 },
		{ "mss", CL_MSS, 1, 65535 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(w, t[i].word) == 0)
			return &t[i];
	return NULL;
}

static int parse_valued(struct clause *cl, int ncl, const char *w, const char *v, int vcol,
			struct ctx *c)
{
	struct clause *k = &cl[ncl];
	const struct num_clause *r;

	if (strcmp(w, "src") == 0 || strcmp(w, "dst") == 0) {
		k->kind = w[0] == 's' ? CL_SRC : CL_DST;
		if (!addr_port_parse(v, &k->a, &k->n, &k->has_port))
			return report(c, vcol,
				      _("expect: %s: ADDR or ADDR:PORT expected, not "
					"\"%s\""),
				      w, v),
			       -1;
	} else if (strcmp(w, "sport") == 0 || strcmp(w, "dport") == 0 || strcmp(w, "packet") == 0) {
		k->kind = w[0] == 's' ? CL_SPORT : w[0] == 'd' ? CL_DPORT : CL_PKT;
		if (!parse_u32(v, &k->n))
			return report(c, vcol, _("expect: %s: number expected, not \"%s\""), w, v),
			       -1;
	} else if ((r = num_clause(w)) != NULL) {
		k->kind = r->kind;
		if (!parse_u32(v, &k->n) || k->n < r->min || k->n > r->max)
			return report(c, vcol, _("expect: %s: %u to %u expected, not \"%s\""), w,
				      r->min, r->max, v),
			       -1;
	} else if (strcmp(w, "flags") == 0) {
		k->kind = CL_FLAGS;
		if (!flags_parse(v, &k->n))
			return report(c, vcol,
				      _("expect: flags: SYN,ACK,FIN,RST,PSH "
					"expected, not \"%s\""),
				      v),
			       -1;
	} else if (strcmp(w, "verdict") == 0) {
		enum trace_verdict vd;

		if (!trace_verdict_parse(v, &vd))
			return report(c, vcol, _("expect: verdict: no event says \"%s\""), v), -1;
		k->kind = CL_VERDICT;
		k->n = (uint32_t)vd;
	} else if (strcmp(w, "data") == 0 || strcmp(w, "reason") == 0) {
		k->kind = w[0] == 'd' ? CL_DATA : CL_REASON;
		snprintf(k->text, sizeof(k->text), "%s", v);
	} else if (strcmp(w, "out") == 0 || strcmp(w, "on") == 0 || strcmp(w, "socket") == 0 ||
		   strcmp(w, "to") == 0) {
		k->kind = w[0] == 'o'	? (w[1] == 'u' ? CL_OUT : CL_IN)
			  : w[0] == 's' ? CL_SOCK
					: CL_TO;
		snprintf(k->text, sizeof(k->text), "%s", v);
	} else if (strcmp(w, "tell") == 0 || strcmp(w, "who-has") == 0) {
		k->kind = w[0] == 't' ? CL_TELL : CL_WHOHAS;
		if (!ip_parse(v, &k->a))
			return report(c, vcol, _("expect: %s: address expected, not \"%s\""), w, v),
			       -1;
	} else if (strcmp(w, "errno") == 0) {
		k->kind = CL_ERRNO;
		k->n = (uint32_t)errno_parse(v);
		if (!k->n)
			return report(c, vcol,
				      _("expect: unknown errno \"%s\" (ENETUNREACH, "
					"EINVAL, …)"),
				      v),
			       -1;
	} else if (strcmp(w, "from") == 0) {
		int org = origin_parse(v);
		enum cl_kind prev;

		if (ncl == 0 ||
		    ((prev = cl[ncl - 1].kind) != CL_SRC && prev != CL_DST && prev != CL_OUT))
			return report(c, k->col,
				      _("expect: \"from ORIGIN\" follows src, dst or "
					"out")),
			       -1;
		if (org < 0)
			return report(c, vcol,
				      _("expect: unknown origin \"%s\" (app socket "
					"route addr-select incoming "
					"nat conntrack kernel neigh)"),
				      v),
			       -1;
		k->kind = prev == CL_SRC ? CL_FROM_SRC : prev == CL_DST ? CL_FROM_DST : CL_FROM_OIF;
		k->n = (uint32_t)org;
	} else {
		return report(c, k->col, _("expect: unknown clause \"%s\""), w), -1;
	}
	return 0;
}

static int parse_clauses(struct tok *tok, int i, int n, struct clause *cl, struct ctx *c)
{
	int ncl = 0;

	while (i < n) {
		const char *w = tok[i].s;
		struct clause *k = &cl[ncl];
		bool needs_arg = true;

		if (ncl == MAXCL)
			return report(c, tok[i].col, _("expect: too many clauses")), -1;
		memset(k, 0, sizeof(*k));
		k->col = tok[i].col;
		k->word = w;
		if (strcmp(w, "tcp") == 0 || strcmp(w, "udp") == 0 || strcmp(w, "icmp") == 0 ||
		    strcmp(w, "arp") == 0) {
			k->kind = CL_PROTO;
			k->n = w[0] == 't'   ? PKT_PROTO_TCP
			       : w[0] == 'u' ? PKT_PROTO_UDP
			       : w[0] == 'i' ? PKT_PROTO_ICMP
					     : 0;
			needs_arg = false;
		} else if (strcmp(w, "request") == 0 || strcmp(w, "reply") == 0) {
			k->kind = CL_ARPOP;
			k->n = w[2] == 'q' ? 1 : 2;
			needs_arg = false;
		} else if (strcmp(w, "df") == 0 || strcmp(w, "fragment") == 0) {
			k->kind = w[0] == 'd' ? CL_DF : CL_FRAG;
			needs_arg = false;
		}
		if (!needs_arg) {
			ncl++;
			i++;
			continue;
		}
		if (i + 1 >= n)
			return report(c, tok[i].col, _("expect: %s: value missing"), w), -1;
		if (parse_valued(cl, ncl, w, tok[i + 1].s, tok[i + 1].col, c) < 0)
			return -1;
		ncl++;
		i += 2;
	}
	return ncl;
}

static bool ci_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return n == 0;
}

static bool clause_holds(const struct clause *k, const struct trace_event *ev)
{
	const struct pkt *p = &ev->pkt;

	switch (k->kind) {
	case CL_SRC:
		return !p->is_arp && p->src == k->a && (!k->has_port || p->sport == k->n);
	case CL_DST:
		return !p->is_arp && p->dst == k->a && (!k->has_port || p->dport == k->n);
	case CL_SPORT:
		return !p->is_arp && p->sport == k->n;
	case CL_DPORT:
		return !p->is_arp && p->dport == k->n;
	case CL_PROTO:
		return k->n == 0 ? p->is_arp : !p->is_arp && p->proto == k->n;
	case CL_FLAGS:
		return !p->is_arp && p->proto == PKT_PROTO_TCP && p->tcp_flags == k->n;
	case CL_DATA:
		return strcmp(pkt_payload(p), k->text) == 0;
	case CL_OUT:
		return strcmp(ev->oif, k->text) == 0;
	case CL_IN:
		return strcmp(ev->iif, k->text) == 0;
	case CL_SOCK:
		return strcmp(ev->sock, k->text) == 0;
	case CL_PKT:
		return ev->pkt_id == (int)k->n;
	case CL_ARPOP:
		return p->is_arp && p->arp_op == k->n;
	case CL_TELL:
		return p->is_arp && p->arp_sip == k->a;
	case CL_WHOHAS:
		return p->is_arp && p->arp_tip == k->a;
	case CL_TO: {
		char buf[96];

		snprintf(buf, sizeof(buf), "%s:%s", ev->peer_host, ev->peer_if);
		return strchr(k->text, ':') ? strcmp(buf, k->text) == 0
					    : strcmp(ev->peer_host, k->text) == 0;
	}
	case CL_REASON:
		return ci_contains(ev->why, k->text) ||
		       ci_contains(trace_verdict_name(ev->verdict), k->text) ||
		       (ev->err && strcasecmp(errno_name(ev->err), k->text) == 0);
	case CL_ERRNO:
		return ev->err && (uint32_t)(ev->err < 0 ? -ev->err : ev->err) == k->n;
	case CL_VERDICT:
		return ev->verdict == k->n;
	case CL_FROM_SRC:
		return ev->from[FIELD_SRC] == (enum origin)k->n;
	case CL_FROM_DST:
		return ev->from[FIELD_DST] == (enum origin)k->n;
	case CL_FROM_OIF:
		return ev->from[FIELD_OIF] == (enum origin)k->n;
	case CL_TTL:
		return !p->is_arp && p->ttl == k->n;
	case CL_DF:
		return !p->is_arp && p->proto && p->df;
	case CL_FRAG:
		return !p->is_arp && pkt_is_frag(p);
	case CL_LEN:
		return !p->is_arp && p->proto && pkt_ip_len(p) == k->n;
	case CL_MSS:
		return !p->is_arp && p->proto == PKT_PROTO_TCP && p->mss == k->n;
	}
	return false;
}

/* What the packet verbs look at. */
static bool stage_is(const char *verb, const struct trace_event *ev)
{
	if (strcmp(verb, "sends") == 0)
		return ev->stage == TRACE_NIC_TX;
	if (strcmp(verb, "receives") == 0)
		return ev->stage == TRACE_NIC_RX && ev->verdict == VERDICT_ACCEPT;
	if (strcmp(verb, "routes") == 0)
		return ev->stage == TRACE_ROUTE_OUT || ev->stage == TRACE_REROUTE;
	if (strcmp(verb, "delivers") == 0)
		return ev->stage == TRACE_SOCK_DELIVER ||
		       (ev->stage == TRACE_APP_RECV && !ev->sock[0]);
	if (strcmp(verb, "reads") == 0)
		return ev->stage == TRACE_APP_RECV;
	if (strcmp(verb, "drops") == 0)
		return ev->stage == TRACE_DROP ||
		       ((ev->stage == TRACE_RP_FILTER || ev->stage == TRACE_NF) &&
			ev->verdict == VERDICT_DROP);
	if (strcmp(verb, "answers") == 0)
		return ev->stage == TRACE_REPLY;
	if (strcmp(verb, "error") == 0)
		return ev->stage == TRACE_ERROR;
	return false;
}

static void event_brief(const struct trace_event *ev, struct strbuf *sb)
{
	struct strbuf t;
	const char *bar;

	strbuf_init(&t);
	trace_event_text(ev, &t);
	bar = t.buf ? strstr(t.buf, " | ") : NULL;
	strbuf_printf(sb, "%.*s", bar ? (int)(bar - t.buf) : (int)t.len, t.buf ? t.buf : "");
	strbuf_release(&t);
}

static int check_events(const struct trace *t, const char *host, const char *verb, bool negate,
			struct clause *cl, int ncl, int verb_col, struct ctx *c)
{
	size_t first = 0;
	const struct trace_event *best = NULL;
	int best_score = -1, best_fail = -1, nmatch = 0;
	const struct trace_event *match = NULL;

	if (t->nsteps)
		first = (size_t)t->steps[t->nsteps - 1].first;
	for (size_t i = first; i < t->n; i++) {
		const struct trace_event *ev = trace_at(t, i);
		int score = 0, fail = -1;

		if (!ev)
			continue;
		if (strcmp(ev->host_name, host) != 0 || !stage_is(verb, ev))
			continue;
		for (int k = 0; k < ncl; k++) {
			if (clause_holds(&cl[k], ev))
				score++;
			else if (fail < 0)
				fail = k;
		}
		if (fail < 0) {
			nmatch++;
			if (!match)
				match = ev;
		} else if (score > best_score) {
			best_score = score;
			best = ev;
			best_fail = fail;
		}
	}
	if (negate) {
		struct strbuf sb;

		if (!nmatch)
			return 0;
		strbuf_init(&sb);
		event_brief(match, &sb);
		report(c, verb_col, _("expected no such event (%s %s) in this step, but found: %s"),
		       host, verb, sb.buf);
		strbuf_release(&sb);
		return 1;
	}
	if (nmatch)
		return 0;
	if (!best) {
		report(c, verb_col,
		       _("expected %s %s …: no \"%s\" event of %s in this step at all"), host, verb,
		       verb, host);
		return 1;
	}
	{
		struct strbuf sb;

		strbuf_init(&sb);
		event_brief(best, &sb);
		report(c, cl[best_fail].col,
		       _("no event of this step matches; closest (fails \"%s\"): %s"),
		       cl[best_fail].word, sb.buf);
		strbuf_release(&sb);
	}
	return 1;
}

/* socket NAME received TEXT | socket NAME fails ERRNO | socket NAME [local A:P] [remote A:P] [state S] */
static int check_socket(struct cmd_ctx *cctx, const struct trace *t, struct host *h,
			struct tok *tok, int i, int n, bool negate, struct ctx *c)
{
	const char *name;
	struct sock *sk;

	if (i >= n)
		return report(c, tok[i - 1].col, _("expect: socket NAME expected")), -1;
	name = tok[i].s;
	i++;
	(void)cctx;
	if (i < n && (strcmp(tok[i].s, "received") == 0 || strcmp(tok[i].s, "fails") == 0)) {
		struct clause cl[2];
		bool recv = tok[i].s[0] == 'r';
		int verb_col = tok[i].col;

		if (i + 2 != n)
			return report(c, tok[i].col, _("expect: socket %s %s: one %s expected"),
				      name, tok[i].s, recv ? "TEXT" : "ERRNO"),
			       -1;
		memset(cl, 0, sizeof(cl));
		cl[0].kind = CL_SOCK;
		cl[0].col = tok[i - 1].col;
		cl[0].word = "socket";
		snprintf(cl[0].text, sizeof(cl[0].text), "%s", name);
		cl[1].col = tok[i + 1].col;
		if (recv) {
			cl[1].kind = CL_DATA;
			cl[1].word = "received";
			snprintf(cl[1].text, sizeof(cl[1].text), "%s", tok[i + 1].s);
		} else {
			cl[1].kind = CL_ERRNO;
			cl[1].word = "fails";
			cl[1].n = (uint32_t)errno_parse(tok[i + 1].s);
			if (!cl[1].n)
				return report(c, tok[i + 1].col, _("expect: unknown errno \"%s\""),
					      tok[i + 1].s),
				       -1;
		}
		return check_events(t, h->name, recv ? "reads" : "error", negate, cl, 2, verb_col,
				    c);
	}
	if (negate)
		return report(c, tok[0].col,
			      _("expect: \"not\" only goes with packet verbs, received and fails")),
		       -1;
	sk = sock_find(h, name);
	if (!sk)
		return report(c, tok[i - 1].col, _("no live socket %s on %s"), name, h->name);
	while (i < n) {
		const char *w = tok[i].s;
		uint32_t a, port;
		bool has_port;

		if (i + 1 >= n)
			return report(c, tok[i].col, _("expect: %s: value missing"), w), -1;
		if (strcmp(w, "local") == 0 || strcmp(w, "remote") == 0) {
			bool loc = w[0] == 'l';
			uint32_t ha = loc ? sk->saddr : sk->daddr;
			uint16_t hp = loc ? sk->sport : sk->dport;

			if (!addr_port_parse(tok[i + 1].s, &a, &port, &has_port))
				return report(c, tok[i + 1].col,
					      _("expect: %s: ADDR[:PORT] expected"), w),
				       -1;
			if (loc && !ha)
				ha = sk->rcv_saddr;
			if (ha != a || (has_port && hp != port))
				return report(c, tok[i + 1].col,
					      _("socket %s on %s: %s is %s:%u, not %s"), name,
					      h->name, w, ip_str(ha), hp, tok[i + 1].s);
		} else if (strcmp(w, "state") == 0) {
			const char *st = sk->proto == PKT_PROTO_TCP ? tcp_state_name(sk->state)
					 : sk->connected	    ? "CONNECTED"
								    : "UNCONN";

			if (strcasecmp(st, tok[i + 1].s) != 0)
				return report(c, tok[i + 1].col,
					      _("socket %s on %s: state is %s, not %s"), name,
					      h->name, st, tok[i + 1].s);
		} else {
			return report(c, tok[i].col,
				      _("expect: socket: local, remote, state, received or fails "
					"expected")),
			       -1;
		}
		i += 2;
	}
	return 0;
}

/* route get DST [from S] [iif IF] [oif IF] [mark N] [tos T] [ipproto P] [sport N] [dport N]
 * [uid N]  then  dev IF | src A | via G |
 * table T | fails TEXT: runs `ip route get` on the host and compares its words. */
/* Runs an `ip route get` line on h for an expectation: no trace events, the console's
 * host kept, and the routes' "accessed" bits restored, so that checking does not change
 * what later packets do (C4). */
static void route_get_quietly(struct cmd_ctx *cctx, struct host *h, const char *line,
			      struct cmd_out *o)
{
	struct trace *tr = cctx->sim->trace;
	struct host *cur = cctx->cur;
	size_t nroutes = 0, k = 0;
	bool *acc;

	for (size_t ti = 0; ti < h->ntables; ti++)
		nroutes += h->tables[ti].n;
	acc = xcalloc(nroutes + 1, sizeof(*acc));
	for (size_t ti = 0; ti < h->ntables; ti++)
		table_for_each(&h->tables[ti], r) acc[k++] = r->accessed;
	cctx->sim->trace = NULL;
	cmd_exec(cctx, line, o);
	cctx->sim->trace = tr;
	cctx->cur = cur;
	k = 0;
	for (size_t ti = 0; ti < h->ntables; ti++)
		table_for_each(&h->tables[ti], r) r->accessed = acc[k++];
	free(acc);
}

static int check_route_get(struct cmd_ctx *cctx, struct host *h, struct tok *tok, int i, int n,
			   struct ctx *c)
{
	static const char *const query[] = { "from",  "iif",   "oif",	  "mark", "tos",
					     "dport", "sport", "ipproto", "uid" };
	struct strbuf line;
	struct cmd_out o;
	int rc = 0, saved_route_i;
	const char *words[MAXTOK];
	char outbuf[1024];
	int nw = 0;

	if (i >= n || strcmp(tok[i].s, "get") != 0)
		return report(c, i < n ? tok[i].col : tok[i - 1].col,
			      _("expect: route get DST … expected")),
		       -1;
	i++;
	if (i >= n)
		return report(c, tok[i - 1].col, _("expect: route get: destination expected")), -1;
	strbuf_init(&line);
	strbuf_printf(&line, "%s ip route get %s", h->name, tok[i].s);
	i++;
	while (i + 1 < n) {
		bool q = false;

		for (size_t j = 0; j < sizeof(query) / sizeof(query[0]); j++)
			if (strcmp(tok[i].s, query[j]) == 0)
				q = true;
		if (!q)
			break;
		strbuf_printf(&line, " %s %s", tok[i].s, tok[i + 1].s);
		i += 2;
	}
	saved_route_i = i;
	if (i >= n) {
		strbuf_release(&line);
		return report(c, tok[i - 1].col,
			      _("expect: route get: what to expect (dev, src, via, table, mtu, "
				"fails)")),
		       -1;
	}
	cmd_out_init(&o);
	route_get_quietly(cctx, h, line.buf, &o);
	snprintf(outbuf, sizeof(outbuf), "%s", o.out.buf ? o.out.buf : "");
	{
		char *save = NULL;

		for (char *w = strtok_r(outbuf, " \t\n", &save); w && nw < MAXTOK;
		     w = strtok_r(NULL, " \t\n", &save))
			words[nw++] = w;
	}
	for (i = saved_route_i; i < n && !rc; i += 2) {
		const char *key = tok[i].s;
		bool found = false;
		/* `mtu lock N`: the three words iproute2 prints for a locked MTU */
		bool lock =
			strcmp(key, "mtu") == 0 && i + 2 < n && strcmp(tok[i + 1].s, "lock") == 0;

		if (i + 1 >= n) {
			report(c, tok[i].col, _("expect: %s: value missing"), key);
			rc = -1;
			break;
		}
		if (strcmp(key, "fails") == 0) {
			if (!o.rc || !ci_contains(o.err.buf ? o.err.buf : "", tok[i + 1].s))
				rc = report(c, tok[i + 1].col,
					    _("`%s` did not fail with \"%s\": %s"),
					    line.buf + strlen(h->name) + 1, tok[i + 1].s,
					    o.rc ? o.err.buf : _("it succeeded"));
			continue;
		}
		if (strcmp(key, "dev") != 0 && strcmp(key, "src") != 0 && strcmp(key, "via") != 0 &&
		    strcmp(key, "table") != 0 && strcmp(key, "mtu") != 0) {
			report(c, tok[i].col,
			       _("expect: route get: dev, src, via, table, mtu or fails expected, "
				 "not \"%s\""),
			       key);
			rc = -1;
			break;
		}
		if (o.rc) {
			rc = report(c, tok[i].col, _("`%s` failed: %s"),
				    line.buf + strlen(h->name) + 1, o.err.buf ? o.err.buf : "");
			break;
		}
		if (lock)
			i++; /* the value is the word after "lock" */
		for (int j = 0; j + 1 < nw; j++)
			if (strcmp(words[j], key) == 0 &&
			    (lock ? j + 2 < nw && strcmp(words[j + 1], "lock") == 0 &&
					     strcmp(words[j + 2], tok[i + 1].s) == 0
				  : strcmp(words[j + 1], tok[i + 1].s) == 0))
				found = true;
		if (!found) {
			const char *have = NULL;

			for (int j = 0; j + 1 < nw; j++)
				if (strcmp(words[j], key) == 0)
					have = strcmp(words[j + 1], "lock") == 0 && j + 2 < nw
						       ? words[j + 2]
						       : words[j + 1];
			if (strcmp(key, "table") == 0 && strcmp(tok[i + 1].s, "main") == 0 && !have)
				continue; /* iproute2 omits "table main" */
			rc = report(c, tok[i + 1].col, _("`%s`: %s is %s, not %s"),
				    line.buf + strlen(h->name) + 1, key, have ? have : _("(none)"),
				    tok[i + 1].s);
		}
	}
	cmd_out_release(&o);
	strbuf_release(&line);
	return rc;
}

/* neigh IP [on IF] is HOST IF | is MAC | absent */
static int check_neigh(struct cmd_ctx *cctx, struct host *h, struct tok *tok, int i, int n,
		       struct ctx *c)
{
	uint32_t ip;
	int ifindex = 0;
	const struct neigh *ne = NULL;
	uint8_t want[6];
	char have[32], wantbuf[32];

	if (i >= n || !ip_parse(tok[i].s, &ip))
		return report(c, i < n ? tok[i].col : tok[i - 1].col,
			      _("expect: neigh ADDR expected")),
		       -1;
	i++;
	if (i + 1 < n && strcmp(tok[i].s, "on") == 0) {
		struct nic *nic = host_nic(h, tok[i + 1].s);

		if (!nic)
			return report(c, tok[i + 1].col, _("expect: %s has no NIC %s"), h->name,
				      tok[i + 1].s),
			       -1;
		ifindex = nic->ifindex;
		i += 2;
	}
	for (size_t k = 0; k < h->nneigh; k++)
		if (h->neigh[k].ip == ip && (!ifindex || h->neigh[k].ifindex == ifindex) &&
		    (h->neigh[k].state & NUD_VALID))
			ne = &h->neigh[k];
	if (i < n && strcmp(tok[i].s, "absent") == 0 && i + 1 == n) {
		if (ne)
			return report(c, tok[i].col, _("%s has a valid neighbour entry for %s"),
				      h->name, ip_str(ip));
		return 0;
	}
	if (i >= n || strcmp(tok[i].s, "is") != 0 || (i + 2 != n && i + 3 != n))
		return report(c, i < n ? tok[i].col : tok[n - 1].col,
			      _("expect: neigh ADDR [on IF] is HOST IF | is MAC | absent")),
		       -1;
	if (i + 3 == n) {
		struct host *oh = sim_host(cctx->sim, tok[i + 1].s);
		struct nic *on = oh ? host_nic(oh, tok[i + 2].s) : NULL;

		if (!on)
			return report(c, tok[i + 1].col, _("expect: no NIC %s on host %s"),
				      tok[i + 2].s, tok[i + 1].s),
			       -1;
		memcpy(want, on->mac, 6);
	} else {
		if (!mac_parse(tok[i + 1].s, want))
			return report(c, tok[i + 1].col, _("expect: MAC or HOST IF expected")), -1;
	}
	mac_fmt(want, wantbuf);
	if (!ne)
		return report(c, tok[i].col,
			      _("%s has no valid neighbour entry for %s (wanted %s)"), h->name,
			      ip_str(ip), wantbuf);
	mac_fmt(ne->mac, have);
	if (memcmp(ne->mac, want, 6) != 0)
		return report(c, tok[i + 1].col, _("%s's neighbour %s is %s, not %s"), h->name,
			      ip_str(ip), have, wantbuf);
	return 0;
}

int scene_expect(struct cmd_ctx *cctx, const struct trace *t, const char *filename, int lineno,
		 const char *line, int col, struct cmd_out *o)
{
	struct ctx c = { filename, lineno, o };
	struct tok tok[MAXTOK];
	struct clause cl[MAXCL];
	int n = tokenize(line, col, tok, &c);
	int i = 0, ncl;
	bool negate = false;
	struct host *h;
	const char *verb;

	if (n < 0)
		return -1;
	if (n > 0 && strcmp(tok[0].s, "not") == 0)
		negate = true, i++;
	if (i + 1 >= n)
		return report(&c, n ? tok[n - 1].col : col, _("expect: HOST and a verb expected")),
		       -1;
	h = sim_host(cctx->sim, tok[i].s);
	if (!h)
		return report(&c, tok[i].col, _("expect: no host named %s"), tok[i].s), -1;
	i++;
	verb = tok[i].s;
	if (strcmp(verb, "socket") == 0)
		return check_socket(cctx, t, h, tok, i + 1, n, negate, &c);
	if (negate && (strcmp(verb, "route") == 0 || strcmp(verb, "neigh") == 0))
		return report(&c, tok[0].col,
			      _("expect: \"not\" only goes with packet verbs, received and fails")),
		       -1;
	if (strcmp(verb, "route") == 0)
		return check_route_get(cctx, h, tok, i + 1, n, &c);
	if (strcmp(verb, "neigh") == 0)
		return check_neigh(cctx, h, tok, i + 1, n, &c);
	if (strcmp(verb, "error") == 0) {
		/* error ERRNO [clauses]: sugar for `error errno ERRNO …` */
		struct tok *e = &tok[i + 1];

		if (i + 1 >= n)
			return report(&c, tok[i].col, _("expect: error ERRNO expected")), -1;
		memset(cl, 0, sizeof(cl));
		cl[0].kind = CL_ERRNO;
		cl[0].col = e->col;
		cl[0].word = "error";
		cl[0].n = (uint32_t)errno_parse(e->s);
		if (!cl[0].n)
			return report(&c, e->col, _("expect: unknown errno \"%s\""), e->s), -1;
		ncl = parse_clauses(tok, i + 2, n, cl + 1, &c);
		if (ncl < 0)
			return -1;
		return check_events(t, h->name, verb, negate, cl, ncl + 1, tok[i].col, &c);
	}
	if (strcmp(verb, "sends") != 0 && strcmp(verb, "receives") != 0 &&
	    strcmp(verb, "routes") != 0 && strcmp(verb, "delivers") != 0 &&
	    strcmp(verb, "drops") != 0 && strcmp(verb, "answers") != 0)
		return report(&c, tok[i].col,
			      _("expect: unknown verb \"%s\" (sends receives routes delivers drops "
				"answers error socket "
				"route neigh)"),
			      verb),
		       -1;
	ncl = parse_clauses(tok, i + 1, n, cl, &c);
	if (ncl < 0)
		return -1;
	return check_events(t, h->name, verb, negate, cl, ncl, tok[i].col, &c);
}
