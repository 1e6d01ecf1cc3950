/*
 * session: see session.h.
 */
#include "session.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scene/scene.h"

/* Plays the first len bytes of text. The trace is left attached to the model only when
 * the caller keeps both (t outlives *simp). */
static int run_text(const char *text, size_t len, const char *filename, struct sim **simp,
		    struct trace *t, struct cmd_out *o, struct cmd_ctx *ctxp)
{
	char *copy = xmalloc(len + 1);
	struct cmd_ctx ctx = { 0 };
	int rc;

	memcpy(copy, text, len);
	copy[len] = '\0';
	ctx.sim = sim_new();
	ctx.default_host = "h";
	rc = scene_run(&ctx, copy, filename, t, o);
	free(copy);
	*simp = ctx.sim;
	if (ctxp)
		*ctxp = ctx;
	return rc;
}

static void index_lines(struct session *s)
{
	size_t len = strlen(s->text);

	s->nlines = 0;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(s->text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s->text) + 1 : len;

		vec_reserve((void **)&s->line_end, &s->line_cap, s->nlines + 1, sizeof(*s->line_end));
		s->line_end[s->nlines++] = end;
		i = end;
	}
	vec_reserve((void **)&s->line_console, &s->console_cap, s->nlines + 1, sizeof(*s->line_console));
}

/* Runs the first n lines; returns how many events they produced; keeps the model in
 * the cache when keep is set. */
static size_t run_prefix(struct session *s, size_t n, bool keep)
{
	struct trace t;
	struct cmd_out o;
	struct sim *sim;
	size_t nev;

	if (keep && s->cache_sim && s->cache_prefix == n)
		return 0;
	trace_init(&t);
	cmd_out_init(&o);
	run_text(s->text, n ? s->line_end[n - 1] : 0, s->filename, &sim, &t, &o, NULL);
	nev = t.n;
	sim->trace = NULL; /* t dies here; a later lookup must not record into it */
	trace_release(&t);
	cmd_out_release(&o);
	if (keep) {
		sim_free(s->cache_sim);
		s->cache_sim = sim;
		s->cache_prefix = n;
	} else {
		sim_free(sim);
	}
	return nev;
}

/* Plays the whole script again: trace, final model, per-event tables. */
static void replay(struct session *s)
{
	trace_release(&s->trace);
	sim_free(s->sim);
	sim_free(s->cache_sim);
	s->cache_sim = NULL;
	s->cache_prefix = 0;
	cmd_out_reset(&s->out);
	trace_init(&s->trace);
	s->rc = run_text(s->text, strlen(s->text), s->filename, &s->sim, &s->trace, &s->out, NULL);
	free(s->ev_prefix);
	s->ev_prefix = xcalloc(s->trace.n + 1, sizeof(*s->ev_prefix));
	free(s->ev_console);
	s->ev_console = xcalloc(s->trace.n + 1, 1);
	/* events of a console line: those its prefix adds */
	for (size_t i = 0; i < s->nlines && s->nconsole; i++) {
		size_t a, b;

		if (!s->line_console[i])
			continue;
		a = run_prefix(s, i, false);
		b = run_prefix(s, i + 1, false);
		for (size_t e = a; e < b && e < s->trace.n; e++)
			s->ev_console[e] = 1;
	}
}

int session_open(struct session *s, const char *text, const char *filename)
{
	memset(s, 0, sizeof(*s));
	s->text = xstrdup(text);
	s->filename = xstrdup(filename ? filename : "(built-in)");
	trace_init(&s->trace);
	cmd_out_init(&s->out);
	index_lines(s);
	memset(s->line_console, 0, s->nlines * sizeof(*s->line_console));
	replay(s);
	snprintf(s->title, sizeof(s->title), "%s", s->trace.title[0] ? s->trace.title : s->filename);
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
	free(s->ev_prefix);
	free(s->ev_console);
	memset(s, 0, sizeof(*s));
}

static size_t prefix_of(struct session *s, int ev)
{
	size_t lo, hi;

	if (!s->ev_prefix[ev]) {
		/* smallest prefix whose trace holds more than ev events; the event count
		 * grows with the prefix, so binary search */
		lo = 1;
		hi = s->nlines;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (run_prefix(s, mid, false) > (size_t)ev)
				hi = mid;
			else
				lo = mid + 1;
		}
		s->ev_prefix[ev] = (int)lo;
	}
	return (size_t)s->ev_prefix[ev];
}

struct sim *session_state_at(struct session *s, int ev)
{
	if (ev < 0 || (size_t)ev >= s->trace.n || s->nlines == 0)
		return s->sim;
	run_prefix(s, prefix_of(s, ev), true);
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
	memmove(s->line_console + at + 1, s->line_console + at, (s->nlines - 1 - at) * sizeof(*s->line_console));
	s->line_console[at] = true;
	s->nconsole++;
}

int session_console_exec(struct session *s, int ev, const char *line, bool splice, struct cmd_out *o,
			 int *new_ev)
{
	size_t at = session_insert_point(s, ev);
	struct trace t;
	struct cmd_out so;
	struct cmd_ctx ctx;
	struct sim *sim;
	size_t before;

	/* the model at the cursor, on a scratch copy: a failing line must change nothing */
	trace_init(&t);
	cmd_out_init(&so);
	run_text(s->text, at ? s->line_end[at - 1] : 0, s->filename, &sim, &t, &so, &ctx);
	before = t.n;
	ctx.sim = sim;
	cmd_exec(&ctx, line, o);
	sim->trace = NULL;
	sim_free(sim);
	trace_release(&t);
	cmd_out_release(&so);
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
		char *d = slash ? strndup(s->filename, (size_t)(slash - s->filename) + (slash == s->filename)) : xstrdup(".");

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
