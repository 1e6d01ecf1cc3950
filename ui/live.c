/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * live: `pktpath --live [--netns NAME] [--apply[=host]]`: a TUI on a real namespace's
 * state, following its changes (docs/architecture.md "Real kernel mode").
 *
 *   title     namespace, read-only or APPLY, counts, changes seen
 *   host box  the real NICs: state, carrier, mtu, IPv4 addresses
 *   routes    every table (main first, local last), scrollable; only the visible window
 *             is formatted, so a full Internet table (1M routes) scrolls as fast as ten
 *   rules     the policy rules, in order
 *   result    the last console answer (`why …` by default), scrollable with [ ]
 *   prompt    `w` opens "why ", `:` any console command (ip …, ss, conntrack -L, why
 *             socket ADDR:PORT; with --apply, ip route/rule/addr edits go to the kernel)
 *
 * The loop poll()s stdin and the namespace's rtnetlink notification socket (nl_live_*,
 * through cli-kernel) and sleeps otherwise: a change made with the real `ip` is on
 * screen after one re-import (no busy loop, no timer). Rendering goes through the
 * in-memory frame (ui/frame.c) and term_blit(), like the scene TUI.
 */
#include "live.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "tools/cmd.h"
#include "net/model.h"
#include "cli-kernel.h"
#include "config.h"
#include "frame.h"
#include "pipeline.h"
#include "term.h"

struct live {
	struct cmd_ctx ctx;
	struct host *h;
	const char *netns;
	bool apply;
	size_t top;	      /* first route row shown */
	size_t route_rows;    /* visible route rows (last render) */
	int changes;	      /* re-imports after kernel notifications */
	char changed_at[16];  /* wall clock of the last one */
	struct strbuf result; /* the last console answer */
	int result_top;	      /* first result line shown */
	bool prompt;	      /* typing a command */
	char line[256];
	size_t len;
	bool quit;
};

/* ---- the route list: tables in show order, a global row index ---- */

static int table_rank(uint32_t id)
{
	return id == RT_TABLE_MAIN ? 0 : id == RT_TABLE_LOCAL ? 2 : 1;
}

/* table indexes in display order (main, others by id, local); returns the count */
static size_t table_order(const struct host *h, size_t *idx)
{
	size_t n = 0;

	for (size_t i = 0; i < h->ntables; i++) {
		size_t j = n++;

		while (j > 0) {
			const struct table *a = &h->tables[idx[j - 1]], *b = &h->tables[i];
			int ra = table_rank(a->id), rb = table_rank(b->id);

			if (ra < rb || (ra == rb && a->id <= b->id))
				break;
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = i;
	}
	return n;
}

static size_t route_count(const struct host *h)
{
	size_t n = 0;

	for (size_t i = 0; i < h->ntables; i++)
		n += h->tables[i].n;
	return n;
}

/* ---- rendering ---- */

static void draw_host(struct frame *f, struct live *L, struct rect r)
{
	const struct host *h = L->h;
	int rows = r.h - 2;
	struct strbuf sb;

	frame_box(f, r, ST_BORDER, _("host: NICs and IPv4 addresses"), ST_TITLE);
	strbuf_init(&sb);
	for (size_t i = 0; i < h->nnic && (int)i < rows; i++) {
		const struct nic *n = &h->nics[i];
		bool carrier = nic_carrier(h, n);
		enum style st = !n->up ? ST_DIM : carrier ? ST_GOOD : ST_BAD;
		int x = r.x + 2;

		if ((int)i == rows - 1 && h->nnic > (size_t)rows) {
			frame_printf(f, x, r.y + 1 + (int)i, r.w - 4, ST_DIM, "… %zu more",
				     h->nnic - i);
			break;
		}
		x += frame_printf(f, x, r.y + 1 + (int)i, 12, ST_NORMAL, "%-11s", n->name);
		x += frame_printf(f, x, r.y + 1 + (int)i, 12, st, "%-11s",
				  !n->up    ? "DOWN"
				  : carrier ? "UP"
					    : "NO-CARRIER");
		x += frame_printf(f, x, r.y + 1 + (int)i, 10, ST_DIM, "mtu %-5d ", n->mtu);
		strbuf_reset(&sb);
		for (size_t a = 0; a < n->naddr; a++)
			strbuf_printf(&sb, "%s%s/%u", a ? " " : "", ip_str(n->addrs[a].local),
				      n->addrs[a].plen);
		frame_text(f, x, r.y + 1 + (int)i, r.x + r.w - 1 - x, ST_O_ADDR_SELECT,
			   sb.buf ? sb.buf : "");
	}
	strbuf_release(&sb);
}

static void draw_routes(struct frame *f, struct live *L, struct rect r)
{
	const struct host *h = L->h;
	size_t total = route_count(h), idx[64], nt, row = 0, skip;
	size_t *order = h->ntables <= 64 ? idx : xcalloc(h->ntables, sizeof(*order));
	int rows = r.h - 2;
	char title[96];
	struct strbuf sb;

	L->route_rows = rows > 0 ? (size_t)rows : 0;
	if (L->top + L->route_rows > total)
		L->top = total > L->route_rows ? total - L->route_rows : 0;
	snprintf(title, sizeof(title), _("routes %zu-%zu of %zu (all tables)"),
		 total ? L->top + 1 : 0,
		 L->top + L->route_rows < total ? L->top + L->route_rows : total, total);
	frame_box(f, r, ST_BORDER, title, ST_TITLE);
	nt = table_order(h, order);
	skip = L->top;
	strbuf_init(&sb);
	/* only the visible window is formatted; the routes above it are walked (a pointer
	 * each: a few ms at the end of a 1M-route table) */
	for (size_t ti = 0; ti < nt && (int)row < rows; ti++) {
		const struct table *t = &h->tables[order[ti]];
		const struct route *rt;

		if (skip >= t->n) {
			skip -= t->n;
			continue;
		}
		rt = table_first(t);
		for (; rt && skip > 0; skip--)
			rt = table_next(t, rt);
		for (; rt && (int)row < rows; rt = table_next(t, rt), row++) {
			strbuf_reset(&sb);
			ui_route_line(h, rt, t->id != RT_TABLE_MAIN, &sb);
			frame_text(f, r.x + 2, r.y + 1 + (int)row, r.w - 4,
				   rt->type == RTN_UNICAST ? ST_NORMAL : ST_DIM, sb.buf);
		}
		skip = 0;
	}
	strbuf_release(&sb);
	if (order != idx)
		free(order);
}

static void draw_rules(struct frame *f, struct live *L, struct rect r)
{
	const struct host *h = L->h;
	struct cmd_out o;
	const char *p;
	int row = 0;

	frame_box(f, r, ST_BORDER, _("rules (ip rule show)"), ST_TITLE);
	cmd_out_init(&o);
	/* the console's own formatting: exactly `ip rule show` */
	{
		struct host *save = L->ctx.cur;

		L->ctx.cur = L->h;
		cmd_exec(&L->ctx, "ip rule show", &o);
		L->ctx.cur = save;
	}
	p = o.out.buf ? o.out.buf : "";
	while (*p && row < r.h - 2) {
		size_t n = strcspn(p, "\n"), k = 0;
		char line[256];

		for (size_t i = 0; i < n && k + 8 < sizeof(line); i++) {
			if (p[i] == '\t') /* `ip rule show`: "PREF:\tselector", tab stops of 8 */
				do
					line[k++] = ' ';
				while (k % 8);
			else
				line[k++] = p[i];
		}
		line[k] = '\0';
		frame_text(f, r.x + 2, r.y + 1 + row, r.w - 4, ST_NORMAL, line);
		row++;
		p += n + (p[n] ? 1 : 0);
	}
	if (*p)
		frame_text(f, r.x + r.w - 10, r.y + r.h - 1, 8, ST_DIM, " more… ");
	(void)h;
	cmd_out_release(&o);
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; s && *s; s++)
		if (*s == '\n')
			n++;
	return n;
}

static void draw_result(struct frame *f, struct live *L, struct rect r)
{
	const char *p = L->result.buf ? L->result.buf : "";
	int rows = r.h - 2, total = count_lines(p), row = 0, ln = 0;

	if (L->result_top > total - rows)
		L->result_top = total - rows;
	if (L->result_top < 0)
		L->result_top = 0;
	frame_box(f, r, ST_BORDER, _("why / console ( [ ] scroll )"), ST_TITLE);
	while (*p && row < rows) {
		size_t n = strcspn(p, "\n");

		if (ln++ >= L->result_top) {
			char line[512];
			enum style st = ST_NORMAL;

			snprintf(line, sizeof(line), "%.*s", (int)(n < 511 ? n : 511), p);
			if (strstr(line, E_("DISAGREEMENT")) || strncmp(line, "! ", 2) == 0)
				st = ST_BAD;
			else if (strstr(line, E_("kernel agrees")))
				st = ST_GOOD;
			else if (strncmp(line, "$ ", 2) == 0)
				st = ST_KEY;
			frame_text(f, r.x + 2, r.y + 1 + row, r.w - 4, st, line);
			row++;
		}
		p += n + (p[n] ? 1 : 0);
	}
}

static void draw(struct frame *f, struct live *L)
{
	int W = f->w, H = f->h, avail, hb, rl, rb, rt, extra, y;
	size_t nnic = L->h->nnic, nrules = L->h->nrules;
	char clock[40] = "";

	frame_clear(f);
	if (L->changes)
		snprintf(clock, sizeof(clock), _(", last %s"), L->changed_at);
	frame_printf(f, 0, 0, W, ST_TITLE,
		     _(" pktpath --live  namespace %s  %s  %zu NICs, %zu routes, %zu rules  "
		       "kernel changes: %d%s"),
		     L->netns, L->apply ? _("APPLY: edits go to the kernel") : _("read-only"), nnic,
		     route_count(L->h), nrules, L->changes, clock);
	/* 80x24: 3 NICs, 4 routes, 3 rules, 4 result lines; more rows go to every box */
	avail = H - 2;
	hb = (int)(nnic < 3 ? nnic : 3) + 2;
	rl = (int)(nrules < 3 ? nrules : 3) + 2;
	rb = 6;
	extra = H - 24;
	if (extra > 0) {
		int add = extra / 4;

		hb += (int)nnic + 2 - hb < add ? (int)nnic + 2 - hb : add;
		rl += (int)nrules + 2 - rl < add ? (int)nrules + 2 - rl : add;
		rb += add + add / 2;
	}
	rt = avail - hb - rl - rb;
	if (rt < 3) { /* a tiny terminal: the routes win */
		rb = 3;
		rl = 3;
		hb = 3;
		rt = avail - 9;
	}
	y = 1;
	if (rt >= 3) {
		draw_host(f, L, (struct rect){ 0, y, W, hb });
		y += hb;
		draw_routes(f, L, (struct rect){ 0, y, W, rt });
		y += rt;
		draw_rules(f, L, (struct rect){ 0, y, W, rl });
		y += rl;
		draw_result(f, L, (struct rect){ 0, y, W, rb });
	} else {
		frame_text(f, 0, 1, W, ST_BAD, _("terminal too small"));
	}
	if (L->prompt) {
		int x = frame_printf(f, 0, H - 1, W, ST_KEY, "%s> ", L->netns);

		frame_text(f, x, H - 1, W - x, ST_NORMAL, L->line);
		term_set_cursor(x + text_width(L->line), H - 1);
	} else {
		frame_text(
			f, 0, H - 1, W, ST_STATUS,
			_(" q quit  ↑↓ PgUp PgDn Home End routes  w why  : command  [ ] result"));
		term_set_cursor(-1, -1);
	}
}

static void redraw(struct frame *f, struct live *L)
{
	int w, h;

	term_size(&w, &h);
	if (w != f->w || h != f->h)
		frame_resize(f, w, h);
	draw(f, L);
	term_blit(f);
}

/* ---- input ---- */

static void run_line(struct live *L)
{
	struct cmd_out o;

	strbuf_reset(&L->result);
	if (!L->len)
		return;
	cmd_out_init(&o);
	L->ctx.cur = L->h;
	cmd_exec(&L->ctx, L->line, &o);
	strbuf_printf(&L->result, "$ %s\n", L->line);
	if (o.out.len)
		strbuf_add(&L->result, o.out.buf, o.out.len);
	if (o.out.len && o.out.buf[o.out.len - 1] != '\n')
		strbuf_puts(&L->result, "\n");
	for (const char *e = o.err.buf; e && *e;) {
		size_t n = strcspn(e, "\n");

		strbuf_printf(&L->result, "! %.*s\n", (int)n, e);
		e += n + (e[n] ? 1 : 0);
	}
	cmd_out_release(&o);
	L->result_top = 1 << 20; /* the end (the result, the kernel's answer); [ scrolls up */
}

static void key(struct live *L, const struct ui_keyev *k)
{
	size_t total = route_count(L->h), page = L->route_rows ? L->route_rows : 1;

	if (L->prompt) {
		if (k->k == UK_ESC) {
			L->prompt = false;
		} else if (k->k == UK_ENTER ||
			   (k->k == UK_CHAR && (k->ch == '\n' || k->ch == '\r'))) {
			L->prompt = false;
			run_line(L);
		} else if (k->k == UK_BACKSPACE ||
			   (k->k == UK_CHAR && (k->ch == 127 || k->ch == 8))) {
			while (L->len > 0 && (L->line[L->len - 1] & 0xc0) == 0x80)
				L->len--; /* UTF-8 continuation bytes */
			if (L->len > 0)
				L->len--;
			L->line[L->len] = '\0';
		} else if (k->k == UK_CHAR && k->ch >= 32 && k->ch < 127 &&
			   L->len + 1 < sizeof(L->line)) {
			L->line[L->len++] = (char)k->ch;
			L->line[L->len] = '\0';
		}
		return;
	}
	switch (k->k) {
	case UK_UP:
		if (L->top > 0)
			L->top--;
		break;
	case UK_DOWN:
		if (L->top + 1 < total)
			L->top++;
		break;
	case UK_PGUP:
		L->top = L->top > page ? L->top - page : 0;
		break;
	case UK_PGDN:
		L->top += page; /* clamped when drawn */
		break;
	case UK_HOME:
		L->top = 0;
		break;
	case UK_END:
		L->top = total;
		break;
	case UK_F10:
		L->quit = true;
		break;
	case UK_CHAR:
		if (k->ch == 'q' || k->ch == 'Q') {
			L->quit = true;
		} else if (k->ch == 'w' || k->ch == ':') {
			L->prompt = true;
			snprintf(L->line, sizeof(L->line), "%s", k->ch == 'w' ? "why " : "");
			L->len = strlen(L->line);
		} else if (k->ch == 'j') {
			if (L->top + 1 < total)
				L->top++;
		} else if (k->ch == 'k') {
			if (L->top > 0)
				L->top--;
		} else if (k->ch == ']') {
			L->result_top++;
		} else if (k->ch == '[') {
			if (L->result_top > 0)
				L->result_top--;
		}
		break;
	default:
		break;
	}
}

static void fatal_hook(void)
{
	term_stop();
}

/* The first screen, then what the import left for the first change (while the user
 * reads it) */
static void first_screen(struct frame *f, struct live *L)
{
	redraw(f, L);
	if (L->ctx.cur)
		host_tables_settle(L->ctx.cur);
}

int live_main(int argc, char **argv)
{
	struct live L;
	struct frame f;
	enum theme theme = THEME_DARK;
	bool ascii = false;
	int apply = APPLY_NONE, rc;
	const char *netns = ".";

	memset(&L, 0, sizeof(L));
	/* the config file's theme (and key bindings); --theme overrides it */
	{
		struct config cfg;

		config_load(&cfg, stderr);
		if (cfg.value[CFG_THEME] >= 0)
			theme = (enum theme)cfg.value[CFG_THEME];
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--live") == 0 || strcmp(argv[i], "--no-mouse") == 0) {
			continue;
		} else if (strcmp(argv[i], "--netns") == 0 && i + 1 < argc) {
			netns = argv[++i];
		} else if (kernel_apply_parse(argv[i]) >= 0) {
			apply = kernel_apply_parse(argv[i]);
		} else if (strcmp(argv[i], "--ascii") == 0) {
			ascii = true;
		} else if (strcmp(argv[i], "--theme") == 0 && i + 1 < argc) {
			int t = theme_parse(argv[++i]);

			if (t < 0) {
				fprintf(stderr, _("pktpath: unknown theme \"%s\"\n"), argv[i]);
				return 2;
			}
			theme = (enum theme)t;
		} else {
			fprintf(stderr,
				_("pktpath: --live takes --netns NAME, --apply[=host], --ascii, "
				  "--theme "
				  "T; not \"%s\"\n"),
				argv[i]);
			return 2;
		}
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("pktpath: --live needs a terminal; try `pktpath run --netns "
				  "NAME` for a headless console\n"));
		return 2;
	}
	setlocale(LC_CTYPE, ""); /* only the encoding: LC_MESSAGES is i18n_use()'s */
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	L.ctx.sim = sim_new();
	L.ctx.default_host = "h";
	rc = kernel_session_open(&L.ctx, netns, true, (enum kernel_apply)apply);
	if (rc) {
		sim_free(L.ctx.sim);
		return rc == 2 ? 2 : 1;
	}
	L.h = L.ctx.cur;
	L.netns = netns;
	L.apply = L.ctx.kedit != NULL;
	strbuf_init(&L.result);
	strbuf_puts(&L.result,
		    _("w: why DST [from SRC] [iif DEV] [oif DEV] [mark N] [dport N]…: the routing "
		      "decision, narrated, and the kernel's own answer\n"
		      ":  any console command: ip route get …, ss -tna, conntrack -L, why "
		      "socket ADDR:PORT\n"));
	if (!term_start(false)) {
		fprintf(stderr, _("pktpath: cannot start the terminal UI (TERM=%s)\n"),
			getenv("TERM") ? getenv("TERM") : "");
		kernel_session_close();
		sim_free(L.ctx.sim);
		strbuf_release(&L.result);
		return 1;
	}
	util_set_fatal_hook(fatal_hook);
	term_set_theme(theme);
	frame_init(&f, 1, 1, ascii);
	first_screen(&f, &L);
	while (!L.quit) {
		struct pollfd pfd[2] = { { .fd = STDIN_FILENO, .events = POLLIN },
					 { .fd = kernel_session_fd(), .events = POLLIN } };
		struct ui_keyev k;
		bool any = false;
		int r = poll(pfd, 2, -1);

		if (r < 0 && errno != EINTR)
			break;
		if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			break;
		if (r > 0 && (pfd[1].revents & POLLIN) && kernel_session_poll(&L.ctx) > 0) {
			time_t now = time(NULL);
			struct tm tm;

			L.changes++;
			localtime_r(&now, &tm);
			strftime(L.changed_at, sizeof(L.changed_at), "%H:%M:%S", &tm);
			any = true;
		}
		/* EINTR is SIGWINCH: curses then reports KEY_RESIZE */
		while (!L.quit && term_read_key(&k)) {
			any = true;
			if (k.k == UK_CTRL_L || k.k == UK_RESIZE)
				term_force_redraw();
			key(&L, &k);
		}
		if (any && !L.quit)
			redraw(&f, &L);
	}
	frame_release(&f);
	term_stop();
	util_set_fatal_hook(NULL);
	kernel_session_close();
	sim_free(L.ctx.sim);
	strbuf_release(&L.result);
	return 0;
}
