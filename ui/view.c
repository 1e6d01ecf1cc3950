/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * view: what the front ends ask of a view without drawing it: names of themes, beats
 * and languages, the event filter, search, the provenance of a packet field, the
 * narration of an event for --linear, steps, beats and the opening event.
 */
#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render-int.h"

static const char *const theme_names[THEME__COUNT] = { "dark", "light", "contrast", "colorblind",
						       "mono" };

static const char *const beat_names[BEAT__COUNT] = { "event", "hop", "step" };

const char *beat_name(enum beat b)
{
	return (unsigned)b < BEAT__COUNT ? beat_names[b] : "event";
}

int beat_parse(const char *s)
{
	for (int i = 0; i < BEAT__COUNT; i++)
		if (strcmp(s, beat_names[i]) == 0)
			return i;
	return -1;
}

const char *theme_name(enum theme t)
{
	return (unsigned)t < THEME__COUNT ? theme_names[t] : "dark";
}

int theme_parse(const char *s)
{
	if (strcmp(s, "projector") == 0 || strcmp(s, "projector-light") == 0)
		return THEME_LIGHT;
	if (strcmp(s, "high-contrast") == 0 || strcmp(s, "projector-dark") == 0)
		return THEME_CONTRAST;
	if (strcmp(s, "colourblind") == 0 || strcmp(s, "cvd") == 0)
		return THEME_COLORBLIND;
	for (int i = 0; i < THEME__COUNT; i++)
		if (strcmp(s, theme_names[i]) == 0)
			return i;
	return -1;
}

static bool lang_is_ru(const char *v)
{
	return v && (strncmp(v, "ru", 2) == 0);
}

enum lang lang_from_env(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return lang_is_ru(v) ? LANG_RU : LANG_EN;
	}
	return LANG_EN;
}

int lang_parse(const char *s)
{
	if (strcmp(s, "en") == 0)
		return LANG_EN;
	if (strcmp(s, "ru") == 0)
		return LANG_RU;
	return -1;
}

int filter_preset(int i)
{
	static const int presets[FILTER_PRESETS] = { 0, FILTER_ARP, FILTER_ARP | FILTER_NF_QUIET,
						     FILTER_HOST };

	return presets[((i % FILTER_PRESETS) + FILTER_PRESETS) % FILTER_PRESETS];
}

void filter_describe(int mask, const char *host, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	if (mask & FILTER_HOST)
		len += (size_t)snprintf(buf + len, len < n ? n - len : 0, _("host %s only"),
					host ? host : "?");
	if ((mask & FILTER_ARP) && len < n)
		len += (size_t)snprintf(buf + len, n - len, _("%sno ARP"), len ? ", " : "");
	if ((mask & FILTER_NF_QUIET) && len < n)
		snprintf(buf + len, n - len, _("%sno quiet nf"), len ? ", " : "");
}

static bool pkt_field_eq(const struct trace_event *a, const struct trace_event *b, int f)
{
	switch (f) {
	case FIELD_SRC:
		return a->pkt.src == b->pkt.src;
	case FIELD_DST:
		return a->pkt.dst == b->pkt.dst;
	case FIELD_SPORT:
		return a->pkt.sport == b->pkt.sport;
	case FIELD_DPORT:
		return a->pkt.dport == b->pkt.dport;
	case FIELD_OIF:
		return strcmp(a->oif, b->oif) == 0;
	default:
		return true;
	}
}

/* The previous event of the same packet, looking back at most 256 events. */
static const struct trace_event *prev_of_pkt(const struct trace *t, int i)
{
	for (int k = i - 1; k >= 0 && k >= i - 256; k--)
		if (t->ev[k].pkt_id == t->ev[i].pkt_id)
			return &t->ev[k];
	return NULL;
}

bool view_ev_visible(const struct view *v, int i)
{
	const struct trace_event *e;

	if (!v->t || i < 0 || (size_t)i >= v->t->n)
		return false;
	if (!v->filter)
		return true;
	e = &v->t->ev[i];
	if ((v->filter & FILTER_HOST) && e->host != v->filter_host)
		return false;
	if ((v->filter & FILTER_ARP) && (e->pkt.is_arp || e->stage == TRACE_NEIGH))
		return false;
	if ((v->filter & FILTER_NF_QUIET) && e->stage == TRACE_NF && e->verdict != VERDICT_DROP &&
	    e->verdict != VERDICT_REJECT) {
		const struct trace_event *p = prev_of_pkt(v->t, i);
		bool same = p != NULL;

		for (int f = 0; same && f < FIELD__COUNT; f++)
			same = pkt_field_eq(p, e, f);
		if (same && p->pkt.mark == e->pkt.mark)
			return false;
	}
	return true;
}

bool view_ev_match(const struct trace *t, int i, const char *pat)
{
	const struct trace_event *e;
	struct strbuf sb;
	bool hit;

	if (!t || i < 0 || (size_t)i >= t->n || !pat || !*pat)
		return false;
	e = &t->ev[i];
	strbuf_init(&sb);
	trace_event_text(e, &sb);
	strbuf_printf(&sb, " %s %s %s %s %s%s", e->host_name, trace_stage_name(e->stage),
		      nf_hook_name(e->hook), nf_table_name(e->table), e->pkt.is_arp ? "arp " : "",
		      e->why);
	hit = strcasestr(sb.buf, pat) != NULL;
	strbuf_release(&sb);
	return hit;
}

const char *view_field_name(int f)
{
	static const char *const names[FIELD__COUNT] = { "src", "dst", "sport", "dport", "oif" };

	return f >= 0 && f < FIELD__COUNT ? names[f] : "?";
}

void field_value(const struct trace_event *e, int f, char *buf, size_t n)
{
	char a[16];

	switch (f) {
	case FIELD_SRC:
		snprintf(buf, n, "%s", e->pkt.src ? ip_fmt(e->pkt.src, a) : "*");
		break;
	case FIELD_DST:
		snprintf(buf, n, "%s", e->pkt.dst ? ip_fmt(e->pkt.dst, a) : "*");
		break;
	case FIELD_SPORT:
		snprintf(buf, n, "%u", e->pkt.sport);
		break;
	case FIELD_DPORT:
		snprintf(buf, n, "%u", e->pkt.dport);
		break;
	case FIELD_OIF:
		snprintf(buf, n, "%s", e->oif[0] ? e->oif : "-");
		break;
	default:
		buf[0] = '\0';
	}
}

void view_provenance(const struct view *v, int f, char *buf, size_t n)
{
	const struct trace_event *e, *k;
	char val[64], where[48];
	int ki;

	buf[0] = '\0';
	if (!v->t || v->cur < 0 || (size_t)v->cur >= v->t->n || f < 0 || f >= FIELD__COUNT)
		return;
	e = &v->t->ev[v->cur];
	field_value(e, f, val, sizeof(val));
	if (e->from[f] == ORIGIN_NONE) {
		snprintf(buf, n, _("%s %s: no origin recorded at this event"), view_field_name(f),
			 val);
		return;
	}
	/* the earliest event of this packet since which the value and its origin held */
	ki = v->cur;
	for (int i = v->cur - 1; i >= 0; i--) {
		const struct trace_event *p = &v->t->ev[i];

		if (p->pkt_id != e->pkt_id)
			continue;
		if (!pkt_field_eq(p, e, f) || p->from[f] != e->from[f])
			break;
		ki = i;
	}
	k = &v->t->ev[ki];
	ev_where(k, where, sizeof(where));
	snprintf(buf, n, _("%s %s [%s] since event %d (%s %s): %s"), view_field_name(f), val,
		 origin_label(e->from[f]), ki + 1, k->host_name, where,
		 k->why[0] ? k->why : trace_stage_name(k->stage));
}

const char *step_label_in(const struct trace *t, int si, enum lang lang)
{
	const struct trace_step *s;

	if (si < 0 || !t || (size_t)si >= t->nsteps)
		return "";
	s = &t->steps[si];
	return lang == LANG_RU && s->label_ru && s->label_ru[0] ? s->label_ru
	       : s->label					? s->label
								: "";
}

const char *view_step_label(const struct view *v, int si)
{
	return step_label_in(v->t, si, v->lang);
}

const char *view_title(const struct view *v)
{
	if (v->lang == LANG_RU && v->t && v->t->title_ru && v->t->title_ru[0])
		return v->t->title_ru;
	return v->title;
}

const char *view_caption(const struct view *v, int si)
{
	const struct trace_step *s;

	if (si < 0 || !v->t || (size_t)si >= v->t->nsteps)
		return "";
	s = &v->t->steps[si];
	if (v->lang == LANG_RU && s->say_ru && s->say_ru[0])
		return s->say_ru;
	if (s->say_en && s->say_en[0])
		return s->say_en;
	return s->say_ru ? s->say_ru : "";
}

void view_narrate(const struct trace *t, int i, bool utf8, struct strbuf *sb)
{
	const struct trace_event *e = &t->ev[i], *p = prev_of_pkt(t, i);
	const char *arrow = utf8 ? "→" : "->";
	char a[16], b[16], fl[32];
	int nch = 0;

	strbuf_printf(sb, _("event %d/%zu: %s "), i + 1, t->n, e->host_name);
	if (e->stage == TRACE_NF)
		strbuf_printf(sb, "%s %s", nf_hook_name(e->hook), nf_table_name(e->table));
	else
		strbuf_puts(sb, trace_stage_name(e->stage));
	strbuf_puts(sb, ": ");
	if (e->stage == TRACE_CONFIG || e->stage == TRACE_ERROR ||
	    (!e->pkt.is_arp && !e->pkt.proto && !e->pkt.src && !e->pkt.dst)) {
		strbuf_printf(sb, "%s%s%s", trace_verdict_name(e->verdict),
			      e->verdict != VERDICT_NONE ? ": " : "",
			      e->why[0] ? e->why : trace_stage_name(e->stage));
		return;
	}
	/* what changed since this packet's previous event, with the origin of the new value */
	for (int f = 0; p && f < FIELD__COUNT; f++) {
		char v0[64], v1[64];

		if (pkt_field_eq(p, e, f))
			continue;
		field_value(p, f, v0, sizeof(v0));
		field_value(e, f, v1, sizeof(v1));
		strbuf_printf(sb, "%s%s %s%s%s (%s)", nch++ ? ", " : "", view_field_name(f), v0,
			      arrow, v1, origin_label(e->from[f]));
	}
	if (nch)
		strbuf_puts(sb, "; ");
	if (e->pkt.is_arp) {
		strbuf_printf(sb, "ARP %s %s tell %s", e->pkt.arp_op == 2 ? "reply" : "who-has",
			      ip_fmt(e->pkt.arp_tip, a), ip_fmt(e->pkt.arp_sip, b));
	} else {
		const char *pn = e->pkt.proto == PKT_PROTO_TCP	  ? "TCP"
				 : e->pkt.proto == PKT_PROTO_UDP  ? "UDP"
				 : e->pkt.proto == PKT_PROTO_ICMP ? "ICMP"
								  : "IP";

		strbuf_printf(sb, "%s %s:%u%s%s:%u", pn, e->pkt.src ? ip_fmt(e->pkt.src, a) : "*",
			      e->pkt.sport, arrow, e->pkt.dst ? ip_fmt(e->pkt.dst, b) : "*",
			      e->pkt.dport);
		fl[0] = '\0';
		if (e->pkt.proto == PKT_PROTO_TCP && e->pkt.tcp_flags) {
			struct strbuf fs;

			strbuf_init(&fs);
			tcp_flags_fmt(e->pkt.tcp_flags, &fs);
			if (fs.len)
				snprintf(fl, sizeof(fl), " %s", fs.buf);
			strbuf_release(&fs);
		}
		strbuf_puts(sb, fl);
	}
	if (e->iif[0])
		strbuf_printf(sb, _(" in %s"), e->iif);
	if (e->oif[0])
		strbuf_printf(sb, _(" out %s"), e->oif);
	strbuf_printf(sb, "; %s%s%s", trace_verdict_name(e->verdict),
		      e->verdict != VERDICT_NONE ? ": " : "",
		      e->why[0] ? e->why : trace_stage_name(e->stage));
}

int view_step_of(const struct trace *t, int ev)
{
	if (!t || ev < 0)
		return -1;
	for (size_t i = 0; i < t->nsteps; i++)
		if (ev >= t->steps[i].first && ev < t->steps[i].first + t->steps[i].count)
			return (int)i;
	/* an event outside every step belongs to the last step opened before it */
	for (size_t i = t->nsteps; i-- > 0;)
		if (t->steps[i].first <= ev)
			return (int)i;
	return -1;
}

int view_next_vis(const struct view *v, int from, int dir)
{
	for (int i = from + dir; i >= 0 && (size_t)i < v->t->n; i += dir)
		if (view_ev_visible(v, i))
			return i;
	return -1;
}

/* The next beat from the cursor in direction dir (v->beat), -1 when none.
 * hop: the next visible hop (trace_event_is_hop), or the first visible event of a step
 * (the narration changes there); step: the last visible event of this step (the previous
 * step), the step fully played; event: the next visible event. */
int view_next_beat(const struct view *v, int dir)
{
	const struct trace *t = v->t;
	int cur = v->cur;

	switch (v->beat) {
	case BEAT_HOP:
		for (int i = view_next_vis(v, cur, dir); i >= 0; i = view_next_vis(v, i, dir)) {
			int si = view_step_of(t, i);

			if (trace_event_is_hop(&t->ev[i]) ||
			    (si >= 0 && view_next_vis(v, t->steps[si].first - 1, 1) == i))
				return i;
		}
		return -1;
	case BEAT_STEP: {
		int si = view_step_of(t, cur);

		/* forward: the end of this step, or of the next; back: the previous step's end */
		for (int k = dir > 0 ? (si < 0 ? 0 : si) : si - 1; k >= 0 && (size_t)k < t->nsteps;
		     k += dir) {
			const struct trace_step *st = &t->steps[k];
			int last = view_next_vis(v, st->first + st->count, -1);

			if (st->count > 0 && last >= st->first &&
			    (dir > 0 ? last > cur : last < cur))
				return last;
		}
		return -1;
	}
	case BEAT_EVENT:
	case BEAT__COUNT:
		break;
	}
	return view_next_vis(v, cur, dir);
}

/* Where a lesson opens: right after the network is built (the setup events at the start:
 * configuration, sockets bound or listening, within the first step, whose narration
 * introduces the network), so the first screen shows the whole topology; event 1 when
 * the scene starts with a packet. -1 for an empty trace. */
int view_opening_event(const struct trace *t)
{
	int first_step = view_step_of(t, 0);
	size_t i = 0;

	if (t->n == 0)
		return -1;
	while (i < t->n && trace_event_is_setup(&t->ev[i]) && view_step_of(t, (int)i) == first_step)
		i++;
	return i > 0 ? (int)i - 1 : 0;
}
