/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The screen draws the engine's state: every lesson in scenes/ is walked event by event;
 * at each event the TUI's frame is rendered (160x48) and every socket row of every host
 * box, and every route line of the routes pane, is checked against what the headless
 * console prints at that event (`HOST ss`, `HOST ip route show table all`), run the way
 * the console runs a read-only line (session_console_exec); so is every rule, iptables
 * rule with its packet counter, sysctl that is not the default, route exception,
 * conntrack entry (both tuples, so the NAT binding) and neighbour below the routes (`ip
 * rule`, `iptables -S -v`, `sysctl KEY`, `ip route get`, `conntrack -L`, `ip neigh`),
 * and the route, rule and iptables rule marked are the ones the engine used. A mismatch prints the
 * lesson, the event, the row drawn and what it should have been.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/model.h"
#include "../../ui/frame.h"
#include "../../ui/session.h"
#include "../../ui/view.h"
#include "fixture/screen.h"

struct counts {
	size_t events, sockets, routes, decisions, rules, iptables, acted, sysctls, conntrack,
		neighbours, bad;
};

/* Row y of the frame between columns x0 and x1 (exclusive), blanks trimmed. */
static void row_text(const struct frame *f, int y, int x0, int x1, char *out, size_t n)
{
	screen_row(f, y, x0, x1, out, n, true);
}

static char *console_out(struct session *s, int ev, const char *line)
{
	struct cmd_out o;
	int new_ev;
	char *r;

	cmd_out_init(&o);
	session_console_exec(s, ev, line, false, &o, &new_ev);
	r = xstrdup(o.out.buf ? o.out.buf : "");
	cmd_out_release(&o);
	return r;
}

/* `ss` row of socket name: its local, peer and state; false when ss does not list it */
static bool ss_row(const char *ss, const char *name, char *local, char *peer, char *state)
{
	char line[512];

	for (const char *p = ss; *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		char netid[16], st[32], nm[64], la[64], pa[64];

		snprintf(line, sizeof(line), "%.*s", (int)l, p);
		p += l + (nl ? 1 : 0);
		if (sscanf(line, "%15s %31s %63s %63s %63s", netid, st, nm, la, pa) == 5 &&
		    strcmp(nm, name) == 0) {
			strcpy(local, la);
			strcpy(peer, pa);
			strcpy(state, st);
			return true;
		}
	}
	return false;
}

static void report_by(struct counts *c, const char *scene, int ev, const char *what,
		      const char *drawn, const char *who, const char *says)
{
	c->bad++;
	if (c->bad <= 20)
		print_message("%s event %d: %s drawn as \"%s\", %s says:\n%s\n", scene, ev + 1,
			      what, drawn, who, says);
}

static void report(struct counts *c, const char *scene, int ev, const char *what, const char *drawn,
		   const char *console)
{
	report_by(c, scene, ev, what, drawn, "the console", console);
}

static void check_sockets(struct session *s, const struct frame *f, const struct render_hits *hits,
			  const char *scene, int ev, struct counts *c)
{
	for (int i = 0; i < hits->nhosts; i++) {
		struct rect b = hits->host_box[i];
		char l1[256], l2[256], cmd[128], name[64], local[64], peer[64], state[32], el[64],
			ep[64], es[32];
		char *ss;
		bool found;

		row_text(f, b.y + 1, b.x + 1, b.x + b.w - 1, l1, sizeof(l1));
		row_text(f, b.y + 2, b.x + 1, b.x + b.w - 1, l2, sizeof(l2));
		if (strncmp(l1, "sock  -", 7) == 0 || !l1[0])
			continue;
		if (sscanf(l1, "sock %63s local %63s", name, local) != 2 &&
		    sscanf(l1, "%63s %63s", name, local) != 2)
			continue;
		state[0] = '\0';
		if (sscanf(l2, "remote %63s %31s", peer, state) < 1 &&
		    sscanf(l2, "%63s %31s", peer, state) < 1) {
			report(c, scene, ev, "a socket's second row", l2, "");
			continue;
		}
		snprintf(cmd, sizeof(cmd), "%s ss",
			 session_state_at(s, ev)->hosts[hits->host_idx[i]]->name);
		ss = console_out(s, ev, cmd);
		found = ss_row(ss, name, el, ep, es);
		c->sockets++;
		/* local, peer and state as ss prints them; a closed socket (ss no longer lists
		 * it) drawn as CLOSED. (The boxes drew the packet's addresses and no state until
		 * 2026-12: 1,294 of these rows had a wrong address, every one lacked the state.) */
		if (!state[0] || (found ? strcmp(el, local) != 0 || strcmp(ep, peer) != 0 ||
						  strcmp(es, state) != 0
					: strcmp(state, "CLOSED") != 0)) {
			char drawn[600];

			snprintf(drawn, sizeof(drawn), "%s / %s", l1, l2);
			report(c, scene, ev, "a socket", drawn, ss);
		}
		free(ss);
	}
}

/* Lines of text (a console's output) that contain every one of the given strings. */
static int lines_with(const char *text, const char *const *need, int nneed)
{
	int n = 0;

	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		char line[1024];
		bool all = true;

		snprintf(line, sizeof(line), "%.*s", (int)l, p);
		p += l + (nl ? 1 : 0);
		for (int i = 0; i < nneed && all; i++)
			all = strstr(line, need[i]) != NULL;
		n += all && line[0];
	}
	return n;
}

/* Lines of `conntrack -L` with every string of need that have the reply tuple after
 * the original one. */
static int ct_lines(const char *text, const char *const *need, int nneed, const char *orig,
		    const char *reply)
{
	int n = 0;

	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		char line[1024];
		const char *o;
		bool all = true;

		snprintf(line, sizeof(line), "%.*s", (int)l, p);
		p += l + (nl ? 1 : 0);
		for (int i = 0; i < nneed && all; i++)
			all = strstr(line, need[i]) != NULL;
		o = strstr(line, orig);
		n += all && o && strstr(o + strlen(orig), reply) &&
		     strncmp(line, need[0], strlen(need[0])) == 0;
	}
	return n;
}

/* "10.0.1.10:40000 > 10.0.2.20:80" or "10.0.1.10 > 10.0.2.20 id 7" as conntrack -L
 * prints it: "src=… dst=… sport=… dport=… " or "src=… dst=… " and "id=… " */
static bool ct_want(const char *text, char *a, char *b, size_t n)
{
	char s1[32], s2[32];
	unsigned p1, p2, id;

	b[0] = '\0';
	if (sscanf(text, "%31[0-9.]:%u > %31[0-9.]:%u", s1, &p1, s2, &p2) == 4) {
		snprintf(a, n, "src=%s dst=%s sport=%u dport=%u ", s1, s2, p1, p2);
		return true;
	}
	if (sscanf(text, "%31[0-9.] > %31[0-9.] id %u", s1, s2, &id) == 3) {
		snprintf(a, n, "src=%s dst=%s ", s1, s2);
		snprintf(b, n, "id=%u ", id);
		return true;
	}
	return false;
}

/* The conntrack rows of the pane (two per entry) against `conntrack -L`: the protocol,
 * the TCP state and both tuples (the reply one holds the NAT binding); *y moves on. */
static void check_ct(struct session *s, const struct frame *f, struct rect r, int *y,
		     const char *hn, const char *scene, int ev, struct counts *c)
{
	char cmd[128], head[64], *ct;
	int n = 0, drawn = 0;

	row_text(f, *y, r.x + 1, r.x + r.w - 1, head, sizeof(head));
	sscanf(head, "conntrack (%d)", &n);
	snprintf(cmd, sizeof(cmd), "%s conntrack -L", hn);
	ct = console_out(s, ev, cmd);
	if (lines_with(ct, NULL, 0) != n)
		report(c, scene, ev, "the conntrack count", head, ct);
	for ((*y)++; *y + 1 < r.y + r.h - 1; *y += 2) {
		char l1[512], l2[512], proto[16] = "", state[32] = "", orig[512] = "",
				       reply[512] = "";
		char o1[128], o2[64], r1[128], r2[64], st[40];
		const char *need[4];
		int k = 0;

		row_text(f, *y, r.x + 1, r.x + r.w - 1, l1, sizeof(l1));
		row_text(f, *y + 1, r.x + 1, r.x + r.w - 1, l2, sizeof(l2));
		if (sscanf(l1, "%15s", proto) != 1 || strncmp(l2, "reply ", 6) != 0)
			break;
		drawn++;
		c->conntrack++;
		snprintf(orig, sizeof(orig), "%s", l1 + strlen(proto) + 1);
		if (strcmp(proto, "tcp") == 0 && sscanf(orig, "%31s", state) == 1)
			memmove(orig, orig + strlen(state) + 1,
				strlen(orig + strlen(state) + 1) + 1);
		snprintf(reply, sizeof(reply), "%s", l2 + 6);
		if (!ct_want(orig, o1, o2, sizeof(o1)) || !ct_want(reply, r1, r2, sizeof(r1))) {
			report(c, scene, ev, "a conntrack entry", l1, ct);
			continue;
		}
		need[k++] = proto;
		need[k++] = o1;
		if (state[0]) {
			snprintf(st, sizeof(st), " %s ", state);
			need[k++] = st;
		}
		if (o2[0])
			need[k++] = o2;
		if (ct_lines(ct, need, k, o1, r1) != 1) {
			char both[1100];

			snprintf(both, sizeof(both), "%s / %s", l1, l2);
			report(c, scene, ev, "a conntrack entry", both, ct);
		}
	}
	if (drawn == 0)
		report(c, scene, ev, "conntrack entries", head, ct);
	free(ct);
}

/* The route exception rows of the pane ("DADDR[ via GW redirected][ mtu [lock ]N] (Ss)")
 * against `ip route get DADDR`: its gateway and <redirected>, its mtu, the seconds left. */
static void check_exceptions(struct session *s, const struct frame *f, struct rect r, int *y,
			     const char *hn, const char *scene, int ev, struct counts *c)
{
	for ((*y)++; *y < r.y + r.h - 1; (*y)++) {
		char line[512], cmd[160], dst[32], want[128], *get, *p;
		unsigned secs;

		row_text(f, *y, r.x + 1, r.x + r.w - 1, line, sizeof(line));
		if (sscanf(line, "%31[0-9.]", dst) != 1 || !(p = strrchr(line, '(')) ||
		    sscanf(p, "(%us)", &secs) != 1)
			break;
		c->routes++;
		snprintf(cmd, sizeof(cmd), "%s ip route get %s", hn, dst);
		get = console_out(s, ev, cmd);
		snprintf(want, sizeof(want), "expires %usec ", secs);
		if (!strstr(get, want))
			report(c, scene, ev, "a route exception's time left", line, get);
		if ((p = strstr(line, " via ")) != NULL) {
			char gw[32];

			sscanf(p + 5, "%31[0-9.]", gw);
			snprintf(want, sizeof(want), "via %s ", gw);
			if (!strstr(get, want) || !strstr(get, "cache <redirected>"))
				report(c, scene, ev, "a route exception's gateway", line, get);
		}
		if ((p = strstr(line, " mtu ")) != NULL) {
			snprintf(want, sizeof(want), "%.*s ", (int)(strrchr(line, '(') - p - 2),
				 p + 1);
			if (!strstr(get, want))
				report(c, scene, ev, "a route exception's mtu", line, get);
		}
		free(get);
	}
}

/* The neighbour rows of the pane against `ip neigh` (a row cut at the pane's edge is a
 * prefix of its line). */
static void check_neigh(struct session *s, const struct frame *f, struct rect r, int *y,
			const char *hn, const char *scene, int ev, struct counts *c)
{
	char cmd[128], head[64], *nb;
	int n = 0;

	row_text(f, *y, r.x + 1, r.x + r.w - 1, head, sizeof(head));
	sscanf(head, "neighbours (%d)", &n);
	snprintf(cmd, sizeof(cmd), "%s ip neigh", hn);
	nb = console_out(s, ev, cmd);
	if (lines_with(nb, NULL, 0) != n)
		report(c, scene, ev, "the neighbour count", head, nb);
	for ((*y)++; *y < r.y + r.h - 1; (*y)++) {
		char line[512], want[520];

		row_text(f, *y, r.x + 1, r.x + r.w - 1, line, sizeof(line));
		if (!line[0])
			break;
		c->neighbours++;
		snprintf(want, sizeof(want), "\n%s", line);
		if (!strstr(nb, want) && strncmp(nb, line, strlen(line)) != 0)
			report(c, scene, ev, "a neighbour", line, nb);
	}
	free(nb);
}

/* The rule rows of the pane against `ip rule` (its tab drawn as a space), and the rule
 * marked at a routing decision against the rule the event's `why` names. */
static void check_rules(struct session *s, const struct frame *f, struct rect r, int *y,
			const char *hn, const char *scene, int ev, struct counts *c)
{
	const struct trace_event *e = &s->trace.ev[ev];
	char cmd[128], head[64], *rules;
	int n = 0;

	row_text(f, *y, r.x + 1, r.x + r.w - 1, head, sizeof(head));
	sscanf(head, "rules (%d)", &n);
	snprintf(cmd, sizeof(cmd), "%s ip rule", hn);
	rules = console_out(s, ev, cmd);
	for (char *p = rules; *p; p++)
		if (*p == '\t')
			*p = ' ';
	if (lines_with(rules, NULL, 0) != n)
		report(c, scene, ev, "the rule count", head, rules);
	for ((*y)++; *y < r.y + r.h - 1; (*y)++) {
		char line[512], want[520], *p = line;
		bool marked;
		unsigned pref;

		row_text(f, *y, r.x + 1, r.x + r.w - 1, line, sizeof(line));
		marked = strncmp(p, "▶", strlen("▶")) == 0;
		p += marked ? strlen("▶") : 0;
		while (*p == ' ')
			p++;
		if (sscanf(p, "%u:", &pref) != 1)
			break;
		c->rules++;
		snprintf(want, sizeof(want), "\n%s", p);
		if (!strstr(rules, want) && strncmp(rules, p, strlen(p)) != 0)
			report(c, scene, ev, "a rule", line, rules);
		/* (a socket's cached route names no lookup: nothing to compare) */
		if (marked &&
		    (e->stage == TRACE_ROUTE_OUT || e->stage == TRACE_ROUTE_IN ||
		     e->stage == TRACE_REROUTE) &&
		    strstr(e->why, "route \"")) {
			char named[32];

			snprintf(named, sizeof(named), "rule %u)", pref);
			if (!strstr(e->why, named))
				report_by(c, scene, ev, "the rule that chose the table", line,
					  "the event's why", e->why);
		}
	}
	free(rules);
}

/* Does `iptables -S -v` print a rule that starts with "-A CHAIN SPEC" (a row may be cut
 * at the pane's edge, but it says at least "-A CHAIN -j X") with pkts packets? (its
 * counters are "-c PKTS BYTES" before the target) */
static bool ipt_listed(const char *text, const char *rule, unsigned long long pkts)
{
	if (strlen(rule) < 12)
		return false;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		char line[1024], *cc;
		unsigned long long np, nb;
		int used;

		snprintf(line, sizeof(line), "%.*s", (int)l, p);
		p += l + (nl ? 1 : 0);
		cc = strstr(line, "-c ");
		if (!cc || sscanf(cc, "-c %llu %llu%n", &np, &nb, &used) != 2)
			continue;
		/* drop "-c P B" and the space after it (or before it, at the end) */
		if (cc[used] == ' ')
			used++;
		else if (cc > line && cc[-1] == ' ')
			cc--, used++;
		memmove(cc, cc + used, strlen(cc + used) + 1);
		if (strncmp(line, rule, strlen(rule)) == 0 && np == pkts)
			return true;
	}
	return false;
}

/* The iptables rows of the pane ("PKTS TABLE -A CHAIN SPEC") against `iptables -t TABLE
 * -S -v`, and the rule marked at a netfilter event against the rule its `why` names. */
static void check_iptables(struct session *s, const struct frame *f, struct rect r, int *y,
			   const char *hn, const char *scene, int ev, struct counts *c)
{
	const struct trace_event *e = &s->trace.ev[ev];
	int nmarked = 0;
	bool whole = false; /* every rule listed: the list ended before the pane did */

	for ((*y)++; *y < r.y + r.h - 1; (*y)++) {
		char line[512], table[16], cmd[128], rule[512], *p = line, *out;
		unsigned long long pkts;
		int at = 0;
		bool marked;

		row_text(f, *y, r.x + 1, r.x + r.w - 1, line, sizeof(line));
		marked = strncmp(p, "▶", strlen("▶")) == 0;
		p += marked ? strlen("▶") : 0;
		while (*p == ' ')
			p++;
		if (sscanf(p, "%llu %15s -A %n", &pkts, table, &at) != 2 || at == 0) {
			whole = true;
			break;
		}
		/* the rule runs to the pane's edge: a row cut there is a prefix of the rule */
		snprintf(rule, sizeof(rule), "%s", strstr(p, " -A ") + 1);
		snprintf(cmd, sizeof(cmd), "%s iptables -t %s -S -v", hn, table);
		out = console_out(s, ev, cmd);
		c->iptables++;
		if (!ipt_listed(out, rule, pkts))
			report(c, scene, ev, "an iptables rule", line, out);
		free(out);
		if (marked) {
			char named[560];

			nmarked++;
			/* the sentence names the rule as iptables -S does: "-A CHAIN SPEC" */
			snprintf(named, sizeof(named), "%s", rule);
			if (e->stage != TRACE_NF || strcmp(nf_table_name(e->table), table) != 0 ||
			    !strstr(e->why, named))
				report_by(c, scene, ev, "the rule that acted", line,
					  "the event's why", e->why);
		}
	}
	/* a rule acted at this host's netfilter event: the whole list marks it, once */
	if (whole && e->stage == TRACE_NF && e->rule[0] && strcmp(e->host_name, hn) == 0) {
		c->acted++;
		if (nmarked != 1)
			report_by(c, scene, ev, "the rule that acted",
				  nmarked ? "marked twice" : "not marked", "the event's rule",
				  e->rule);
	}
}

/* The sysctl rows of the pane ("KEY = VALUE") against `sysctl KEY` at that event. */
static void check_sysctls(struct session *s, const struct frame *f, struct rect r, int *y,
			  const char *hn, const char *scene, int ev, struct counts *c)
{
	for ((*y)++; *y < r.y + r.h - 1; (*y)++) {
		char line[512], key[200], cmd[300], want[520], *out;

		row_text(f, *y, r.x + 1, r.x + r.w - 1, line, sizeof(line));
		if (strncmp(line, "net.ipv4.", 9) != 0 || sscanf(line, "%199s =", key) != 1)
			break;
		snprintf(cmd, sizeof(cmd), "%s sysctl %s", hn, key);
		out = console_out(s, ev, cmd);
		snprintf(want, sizeof(want), "%s\n", line);
		c->sysctls++;
		if (strcmp(out, want) != 0)
			report(c, scene, ev, "a sysctl", line, out);
		free(out);
	}
}

static void check_routes(struct session *s, const struct frame *f, const struct render_hits *hits,
			 const char *scene, int ev, struct counts *c)
{
	struct rect r = hits->routes;
	char title[256], cmd[128], hn[64] = "", *routes = NULL;

	if (r.w < 3 || r.h < 3)
		return;
	row_text(f, r.y, r.x + 1, r.x + r.w - 1, title, sizeof(title));
	/* the pane's host: "routes NAME" in its title */
	if (sscanf(strstr(title, "routes ") ? strstr(title, "routes ") + 7 : "", "%63s", hn) != 1)
		return;
	for (int y = r.y + 1; y < r.y + r.h - 1; y++) {
		char line[512], *p = line, want[520];

		row_text(f, y, r.x + 1, r.x + r.w - 1, line, sizeof(line));
		if (strncmp(line, "rules (", 7) == 0) {
			check_rules(s, f, r, &y, hn, scene, ev, c);
			if (y >= r.y + r.h - 1)
				break;
			row_text(f, y, r.x + 1, r.x + r.w - 1, line, sizeof(line));
		}
		if (strncmp(line, "iptables (", 10) == 0) {
			check_iptables(s, f, r, &y, hn, scene, ev, c);
			if (y >= r.y + r.h - 1)
				break;
			row_text(f, y, r.x + 1, r.x + r.w - 1, line, sizeof(line));
		}
		if (strncmp(line, "sysctl, not the defaults (", 26) == 0) {
			check_sysctls(s, f, r, &y, hn, scene, ev, c);
			if (y >= r.y + r.h - 1)
				break;
			row_text(f, y, r.x + 1, r.x + r.w - 1, line, sizeof(line));
		}
		if (strncmp(line, "route exceptions (", 18) == 0) {
			check_exceptions(s, f, r, &y, hn, scene, ev, c);
			if (y >= r.y + r.h - 1)
				break;
			row_text(f, y, r.x + 1, r.x + r.w - 1, line, sizeof(line));
		}
		if (strncmp(line, "conntrack (", 11) == 0) {
			check_ct(s, f, r, &y, hn, scene, ev, c);
			if (y >= r.y + r.h - 1)
				break;
			row_text(f, y, r.x + 1, r.x + r.w - 1, line, sizeof(line));
		}
		if (strncmp(line, "neighbours (", 12) == 0) {
			check_neigh(s, f, r, &y, hn, scene, ev, c);
			break;
		}
		if (!line[0] || strcmp(line, "no routes") == 0)
			continue;
		if (strncmp(p, "▶", strlen("▶")) == 0)
			p += strlen("▶");
		while (*p == ' ')
			p++;
		if (!routes) {
			snprintf(cmd, sizeof(cmd), "%s ip route show table all", hn);
			routes = console_out(s, ev, cmd);
		}
		/* a drawn line is an `ip route show table all` line (cut at the pane's edge) */
		snprintf(want, sizeof(want), "\n%s", p);
		c->routes++;
		if (!strstr(routes, want) && strncmp(routes, p, strlen(p)) != 0)
			report(c, scene, ev, "a route", p, routes);
	}
	free(routes);
}

/* At a routing decision whose `why` quotes the route it used (`route "…" (table T`, the
 * last one quoted when the sentence tells of two lookups), the routes pane marks that
 * route with ▶: the route the engine chose, not one the screen looked up itself. (Until
 * 2026-12 the pane re-ran a lookup by destination only and marked table main's route
 * while the engine, by an `ip rule from …`, used table 100's.) */
static void check_decision(const struct trace_event *e, const struct frame *f,
			   const struct render_hits *hits, const char *scene, int ev,
			   struct counts *c)
{
	const char *q = NULL, *p = e->why, *t;
	char want[400], table[40], drawn[512] = "", cut[520];
	struct rect r = hits->routes;

	if (e->stage != TRACE_ROUTE_OUT && e->stage != TRACE_ROUTE_IN && e->stage != TRACE_REROUTE)
		return;
	while ((p = strstr(p, "route \"")) != NULL) {
		q = p + 7;
		p = q;
	}
	if (!q || !(t = strstr(q, "\" (table ")) || sscanf(t + 9, "%39[^,)]", table) != 1)
		return;
	snprintf(want, sizeof(want), "%.*s", (int)(t - q), q);
	for (int y = r.y + 1; y < r.y + r.h - 1; y++) {
		char line[512];

		row_text(f, y, r.x + 1, r.x + r.w - 1, line, sizeof(line));
		if (strncmp(line, "rules (", 7) == 0 || strncmp(line, "conntrack (", 11) == 0 ||
		    strncmp(line, "route exceptions (", 18) == 0)
			break; /* the routes end there */
		if (strncmp(line, "▶", strlen("▶")) == 0)
			snprintf(drawn, sizeof(drawn), "%s", line + strlen("▶"));
	}
	c->decisions++;
	/* the pane prints `ip route show table all` lines: " table T" where iproute2 puts it */
	if (strcmp(table, "main") == 0)
		table[0] = '\0';
	snprintf(cut, sizeof(cut), "%s", drawn);
	if (table[0]) {
		char tt[48], *at;

		snprintf(tt, sizeof(tt), " table %s", table);
		if ((at = strstr(cut, tt)) != NULL)
			memmove(at, at + strlen(tt), strlen(at + strlen(tt)) + 1);
	}
	if (!drawn[0] || strlen(cut) < 16 || strncmp(want, cut, strlen(cut)) != 0)
		report_by(c, scene, ev, "the route that decided",
			  drawn[0] ? drawn : "(no route marked)", "the event's why", want);
}

static void walk_scene(const char *path, struct counts *c)
{
	struct session s;
	struct frame f;

	screen_open_scene(&s, path);
	frame_init(&f, 160, 48, false);
	for (size_t ev = 0; ev < s.trace.n; ev++) {
		struct render_hits hits;
		struct view v;

		memset(&v, 0, sizeof(v));
		memset(&hits, 0, sizeof(hits));
		v.t = &s.trace;
		v.title = s.title;
		v.sel_host = -1;
		v.speed = 3;
		v.inspect = -1;
		v.cur = (int)ev;
		v.hits = &hits;
		v.sim = session_state_at(&s, (int)ev);
		frame_clear(&f);
		ui_render(&f, &v);
		c->events++;
		check_sockets(&s, &f, &hits, path, (int)ev, c);
		check_routes(&s, &f, &hits, path, (int)ev, c);
		check_decision(&s.trace.ev[ev], &f, &hits, path, (int)ev, c);
	}
	frame_release(&f);
	session_close(&s);
}

static void test_every_lesson_event(void **state)
{
	struct counts c = { 0 };
	glob_t g;

	(void)state;
	assert_int_equal(glob("scenes/*.scene", 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 15);
	for (size_t i = 0; i < g.gl_pathc; i++)
		walk_scene(g.gl_pathv[i], &c);
	print_message(
		"%zu lessons, %zu events, %zu socket rows, %zu route lines, %zu routing "
		"decisions, %zu rules, %zu iptables rules (%zu rules that acted), %zu sysctls, %zu "
		"conntrack entries and %zu neighbours checked, %zu wrong\n",
		(size_t)g.gl_pathc, c.events, c.sockets, c.routes, c.decisions, c.rules, c.iptables,
		c.acted, c.sysctls, c.conntrack, c.neighbours, c.bad);
	globfree(&g);
	assert_true(c.sockets > 100);
	assert_true(c.routes > 100);
	assert_true(c.decisions > 100);
	assert_true(c.rules > 20);
	assert_true(c.iptables > 100);
	assert_true(c.acted >= 5);
	assert_true(c.sysctls > 100);
	assert_true(c.conntrack > 100);
	assert_true(c.neighbours > 100);
	assert_int_equal(c.bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_lesson_event),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
