/*
 * session: see session.h.
 */
#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/scene.h"

static int run_text(const char *text, size_t len, const char *filename, struct sim **simp,
		    struct trace *t, struct cmd_out *o)
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
	return rc;
}

int session_open(struct session *s, const char *text, const char *filename)
{
	size_t len = strlen(text);

	memset(s, 0, sizeof(*s));
	s->text = xstrdup(text);
	s->filename = xstrdup(filename ? filename : "(built-in)");
	trace_init(&s->trace);
	cmd_out_init(&s->out);
	s->rc = run_text(s->text, len, s->filename, &s->sim, &s->trace, &s->out);
	snprintf(s->title, sizeof(s->title), "%s", s->trace.title[0] ? s->trace.title : s->filename);
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(s->text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s->text) + 1 : len;

		vec_reserve((void **)&s->line_end, &s->line_cap, s->nlines + 1, sizeof(*s->line_end));
		s->line_end[s->nlines++] = end;
		i = end;
	}
	s->ev_prefix = xcalloc(s->trace.n + 1, sizeof(*s->ev_prefix));
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
	free(s->ev_prefix);
	memset(s, 0, sizeof(*s));
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
	run_text(s->text, n ? s->line_end[n - 1] : 0, s->filename, &sim, &t, &o);
	nev = t.n;
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

struct sim *session_state_at(struct session *s, int ev)
{
	size_t lo, hi;

	if (ev < 0 || (size_t)ev >= s->trace.n || s->nlines == 0)
		return s->sim;
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
	run_prefix(s, (size_t)s->ev_prefix[ev], true);
	return s->cache_sim;
}

char *session_read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	struct strbuf sb;
	char buf[4096];
	size_t n;

	if (!f)
		return NULL;
	strbuf_init(&sb);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		strbuf_release(&sb);
		errno = e;
		return NULL;
	}
	fclose(f);
	return sb.buf;
}
