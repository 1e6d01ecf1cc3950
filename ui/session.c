/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * session: see session.h.
 */
#include "session.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/snapshot.h"
#include "scene/scene.h"

/* Plays text[off, end) on ctx->sim into t; the trace is detached afterwards. */
static void run_range(const char *text, size_t off, size_t end, const char *filename,
		      struct cmd_ctx *ctx, struct trace *t, struct cmd_out *o, scene_line_fn fn,
		      void *arg, int *rc)
{
	char *copy = xmalloc(end - off + 1);
	int r;

	memcpy(copy, text + off, end - off);
	copy[end - off] = '\0';
	r = scene_run_lines(ctx, copy, filename, t, o, fn, arg);
	if (rc)
		*rc = r;
	free(copy);
	ctx->sim->trace = NULL;
}

static void index_lines(struct session *s)
{
	size_t len = strlen(s->text);

	s->nlines = 0;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(s->text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s->text) + 1 : len;

		vec_reserve((void **)&s->line_end, &s->line_cap, s->nlines + 1,
			    sizeof(*s->line_end));
		s->line_end[s->nlines++] = end;
		i = end;
	}
	vec_reserve((void **)&s->line_console, &s->console_cap, s->nlines + 1,
		    sizeof(*s->line_console));
}

static size_t line_off(const struct session *s, size_t n)
{
	return n ? s->line_end[n - 1] : 0;
}

/* A fresh model after the first n script lines, from the nearest checkpoint at or before
 * line n; ctx gets the scene's current host there. */
static struct sim *state_after(struct session *s, size_t n, struct cmd_ctx *ctx)
{
	const struct session_checkpoint *ck = NULL;
	struct trace t;
	struct cmd_out o;
	size_t lo = 0, hi = s->nckpt;

	while (lo < hi) { /* the last checkpoint with line <= n */
		size_t mid = lo + (hi - lo) / 2;

		if (s->ckpt[mid].line <= n)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0)
		ck = &s->ckpt[lo - 1];
	memset(ctx, 0, sizeof(*ctx));
	ctx->default_host = "h";
	if (ck) {
		ctx->sim = sim_clone(ck->sim);
		ctx->cur = ck->cur >= 0 ? ctx->sim->hosts[ck->cur] : NULL;
	} else {
		ctx->sim = sim_new();
	}
	if (line_off(s, n) > line_off(s, ck ? ck->line : 0)) {
		trace_init(&t);
		t.count_only = true; /* the session has the events: only the model is wanted */
		cmd_out_init(&o);
		run_range(s->text, line_off(s, ck ? ck->line : 0), line_off(s, n), s->filename, ctx,
			  &t, &o, NULL, NULL, NULL);
		trace_release(&t);
		cmd_out_release(&o);
	}
	return ctx->sim;
}

/* Keeps the model after the first n lines in the cache. */
static void run_prefix(struct session *s, size_t n)
{
	struct cmd_ctx ctx;

	if (s->cache_sim && s->cache_prefix == n)
		return;
	sim_free(s->cache_sim);
	s->cache_sim = state_after(s, n, &ctx);
	s->cache_prefix = n;
	s->cache_ev = -1;
}

struct capture {
	size_t at; /* index, in the line's own trace, of the event after the wanted one */
	const struct cmd_ctx *ctx;
	struct sim *copy;
};

static void capture_before_add(void *arg, size_t idx)
{
	struct capture *c = arg;

	if (idx == c->at && !c->copy)
		c->copy = sim_clone(c->ctx->sim);
}

/* The model right after event ev, which script line n-1 produced but not as its last
 * event: the line is played again from the model before it, and the model is copied
 * when the event after ev is about to be added. */
static struct sim *state_inside_line(struct session *s, size_t n, int ev)
{
	struct cmd_ctx ctx;
	struct capture cap;
	struct trace t;
	struct cmd_out o;

	state_after(s, n - 1, &ctx);
	cap.at = (size_t)ev + 1 - s->line_events[n - 1];
	cap.ctx = &ctx;
	cap.copy = NULL;
	trace_init(&t);
	t.count_only = true;
	t.before_add = capture_before_add;
	t.before_add_arg = &cap;
	cmd_out_init(&o);
	run_range(s->text, line_off(s, n - 1), line_off(s, n), s->filename, &ctx, &t, &o, NULL,
		  NULL, NULL);
	trace_release(&t);
	cmd_out_release(&o);
	if (!cap.copy) /* the line played differently (it cannot): its end is the best answer */
		return ctx.sim;
	sim_free(ctx.sim);
	return cap.copy;
}

struct replay_rec {
	struct session *s;
	struct trace *t;
	size_t last_ckpt; /* events at the last checkpoint */
};

/* after each line of the full run: its event count, and a checkpoint now and then */
static void replay_line(void *arg, size_t n, struct cmd_ctx *ctx)
{
	struct replay_rec *rec = arg;
	struct session *s = rec->s;
	struct session_checkpoint *ck;
	size_t since = rec->t->n - rec->last_ckpt;

	if (n > s->nlines)
		return;
	s->line_events[n] = rec->t->n;
	if (n == 0 || n == s->nlines || since < SESSION_CHECKPOINT_EVENTS ||
	    since < sim_footprint(ctx->sim) / SESSION_CHECKPOINT_BYTES_PER_EVENT)
		return;
	vec_reserve((void **)&s->ckpt, &s->ckpt_cap, s->nckpt + 1, sizeof(*s->ckpt));
	ck = &s->ckpt[s->nckpt++];
	ck->line = n;
	ck->events = rec->t->n;
	ck->sim = sim_clone(ctx->sim);
	ck->cur = ctx->cur ? ctx->cur->index : -1;
	rec->last_ckpt = rec->t->n;
}

static void checkpoints_free(struct session *s)
{
	for (size_t i = 0; i < s->nckpt; i++)
		sim_free(s->ckpt[i].sim);
	s->nckpt = 0;
}

/* Plays the whole script again: trace, final model, per-line event counts, checkpoints. */
static void replay(struct session *s)
{
	struct cmd_ctx ctx = { 0 };
	struct replay_rec rec = { s, &s->trace, 0 };

	trace_release(&s->trace);
	sim_free(s->sim);
	sim_free(s->cache_sim);
	s->cache_sim = NULL;
	s->cache_prefix = 0;
	checkpoints_free(s);
	cmd_out_reset(&s->out);
	trace_init(&s->trace);
	free(s->line_events);
	s->line_events = xcalloc(s->nlines + 1, sizeof(*s->line_events));
	for (size_t i = 0; i <= s->nlines; i++)
		s->line_events[i] = SIZE_MAX;
	ctx.sim = sim_new();
	ctx.default_host = "h";
	run_range(s->text, 0, strlen(s->text), s->filename, &ctx, &s->trace, &s->out, replay_line,
		  &rec, &s->rc);
	s->sim = ctx.sim;
	/* lines after a stop (event limit) end with everything */
	for (size_t i = 0; i <= s->nlines; i++)
		if (s->line_events[i] == SIZE_MAX || s->line_events[i] > s->trace.n)
			s->line_events[i] = s->trace.n;
	free(s->ev_console);
	s->ev_console = xcalloc(s->trace.n + 1, 1);
	/* events of a console line: those its line adds */
	for (size_t i = 0; i < s->nlines && s->nconsole; i++)
		if (s->line_console[i])
			for (size_t e = s->line_events[i]; e < s->line_events[i + 1]; e++)
				s->ev_console[e] = 1;
}

/* A seek copies a checkpoint of the model and frees the copy it replaces: blocks of
 * megabytes (a model with 10,000 sockets: 4 MB of them). glibc maps such blocks fresh
 * each time (its threshold rises only above the size last freed), and copying into fresh
 * memory faults once per 4 KiB page: 2,400 faults, half the time of a seek on a VM.
 * Kept in the heap instead, they are reused (tests/bench/seek.c: conn-10000, worst seek
 * 149 -> 40 ms). The process keeps up to 64 MiB of freed memory. */
static void session_malloc_setup(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

int session_open(struct session *s, const char *text, const char *filename)
{
	session_malloc_setup();
	memset(s, 0, sizeof(*s));
	s->text = xstrdup(text);
	s->filename = xstrdup(filename ? filename : "(built-in)");
	trace_init(&s->trace);
	cmd_out_init(&s->out);
	index_lines(s);
	memset(s->line_console, 0, s->nlines * sizeof(*s->line_console));
	replay(s);
	snprintf(s->title, sizeof(s->title), "%s",
		 s->trace.title && s->trace.title[0] ? s->trace.title : s->filename);
	return s->rc;
}

void session_close(struct session *s)
{
	free(s->text);
	free(s->filename);
	trace_release(&s->trace);
	sim_free(s->sim);
	sim_free(s->cache_sim);
	cmd_out_release(&s->out);
	free(s->line_end);
	free(s->line_console);
	free(s->line_events);
	free(s->ev_console);
	checkpoints_free(s);
	free(s->ckpt);
	memset(s, 0, sizeof(*s));
}

/* the shortest prefix of lines whose trace holds event ev */
static size_t prefix_of(const struct session *s, int ev)
{
	size_t lo = 1, hi = s->nlines;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->line_events[mid] > (size_t)ev)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

struct sim *session_state_at(struct session *s, int ev)
{
	size_t n;

	if (ev < 0 || (size_t)ev >= s->trace.n || s->nlines == 0)
		return s->sim;
	n = prefix_of(s, ev);
	if ((size_t)ev + 1 >= s->line_events[n]) { /* the line's last event: the model after it */
		run_prefix(s, n);
		return s->cache_sim;
	}
	if (s->cache_sim && s->cache_prefix == SIZE_MAX && s->cache_ev == ev)
		return s->cache_sim;
	sim_free(s->cache_sim);
	s->cache_sim = state_inside_line(s, n, ev);
	s->cache_prefix = SIZE_MAX;
	s->cache_ev = ev;
	return s->cache_sim;
}

size_t session_insert_point(struct session *s, int ev)
{
	if (ev < 0 || (size_t)ev >= s->trace.n || s->nlines == 0)
		return s->nlines;
	return prefix_of(s, ev);
}

/* Inserts line (no newline) as script line number at (0-based). */
static void splice_line(struct session *s, size_t at, const char *line)
{
	size_t len = strlen(s->text), off = at ? s->line_end[at - 1] : 0;
	bool need_nl = off > 0 && s->text[off - 1] != '\n'; /* the last line had none */
	size_t ll = strlen(line);
	char *t = xmalloc(len + ll + 3);
	size_t k = 0;

	memcpy(t, s->text, off);
	k = off;
	if (need_nl)
		t[k++] = '\n';
	memcpy(t + k, line, ll);
	k += ll;
	t[k++] = '\n';
	memcpy(t + k, s->text + off, len - off);
	k += len - off;
	t[k] = '\0';
	free(s->text);
	s->text = t;
	index_lines(s);
	/* line flags: shift the ones at and after the new line */
	memmove(s->line_console + at + 1, s->line_console + at,
		(s->nlines - 1 - at) * sizeof(*s->line_console));
	s->line_console[at] = true;
	s->nconsole++;
}

int session_console_exec(struct session *s, int ev, const char *line, bool splice,
			 struct cmd_out *o, int *new_ev)
{
	size_t at = session_insert_point(s, ev);
	struct cmd_ctx ctx;
	struct sim *sim;
	size_t before = s->line_events[at];

	/* the model at the cursor, on a scratch copy: a failing line must change nothing. A
	 * line that only reads (splice false: ss, ip route show, conntrack -L) sees the model
	 * right after event ev, as the screen draws it; an edit goes after ev's script line */
	if (!splice && ev >= 0 && (size_t)ev < s->trace.n) {
		memset(&ctx, 0, sizeof(ctx));
		ctx.default_host = "h";
		ctx.sim = sim_clone(session_state_at(s, ev));
		sim = ctx.sim;
	} else {
		sim = state_after(s, at, &ctx);
	}
	cmd_exec(&ctx, line, o);
	sim->trace = NULL;
	sim_free(sim);
	*new_ev = ev;
	if (!splice || o->rc != 0)
		return 0;
	splice_line(s, at, line);
	replay(s);
	/* the cursor goes to what the line did (its config event, or its first packet) */
	if (before < s->trace.n)
		*new_ev = (int)before;
	else if (s->trace.n)
		*new_ev = (int)s->trace.n - 1;
	else
		*new_ev = -1;
	return 1;
}

int session_save(const struct session *s, const char *path, char *err, size_t errlen)
{
	struct strbuf sb;
	int rc;
	char *dir = NULL;
	const char *slash = strrchr(s->filename, '/');

	{
		char *d = slash ? strndup(s->filename,
					  (size_t)(slash - s->filename) + (slash == s->filename))
				: xstrdup(".");

		dir = realpath(d, NULL); /* NULL for the built-in scene: it has no includes */
		free(d);
	}
	strbuf_init(&sb);
	for (size_t i = 0; i < s->nlines; i++) {
		size_t a = i ? s->line_end[i - 1] : 0;

		const char *l = s->text + a, *arg;
		size_t ll = s->line_end[i] - a;

		if (s->line_console[i])
			strbuf_puts(&sb, "# console edit (pktpath TUI)\n");
		/* `include REL` is relative to the scene's directory: keep it pointing there
		 * wherever the copy is saved */
		arg = l + strspn(l, " \t");
		if (strncmp(arg, "include", 7) == 0 && (arg[7] == ' ' || arg[7] == '\t') && dir) {
			arg += 7 + strspn(arg + 7, " \t");
			if (*arg != '/' && *arg != '\n' && *arg) {
				strbuf_printf(&sb, "include %s/", dir);
				ll -= (size_t)(arg - l);
				l = arg;
			}
		}
		strbuf_add(&sb, l, ll);
	}
	if (sb.len && sb.buf[sb.len - 1] != '\n')
		strbuf_puts(&sb, "\n");
	rc = file_write_atomic(path, sb.buf ? sb.buf : "", sb.len, 0644, err, errlen);
	strbuf_release(&sb);
	free(dir);
	return rc;
}

void session_trace_text(const struct session *s, struct strbuf *sb)
{
	trace_dump(&s->trace, false, sb);
}
