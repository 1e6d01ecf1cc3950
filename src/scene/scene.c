/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * scene: see scene.h. Directives are handled here; every other line goes through
 * cmd_exec(), exactly as if typed on the console, so scenes and the console cannot
 * drift apart. Rejected alternative: a separate scene grammar with its own verbs.
 */
#include "base/i18n.h"
#include "scene.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/path.h"

/* A `say` line joins the step's narration so far, a space between them */
static void say_append(const char **dst, const char *text)
{
	struct strbuf sb;

	strbuf_init(&sb);
	if (*dst && (*dst)[0])
		strbuf_printf(&sb, "%s ", *dst);
	strbuf_puts(&sb, text);
	*dst = trace_text_intern(sb.buf);
	strbuf_release(&sb);
}

static bool directive(const char *p, const char *word, const char **rest)
{
	size_t n = strlen(word);

	if (strncmp(p, word, n) != 0 || (p[n] && !isspace((unsigned char)p[n])))
		return false;
	p += n;
	while (*p && isspace((unsigned char)*p))
		p++;
	*rest = p;
	return true;
}

/* The host a command line ran on: its prefix if it names a host, else the current one. */
static struct host *line_host(struct cmd_ctx *ctx, const char *line)
{
	char word[64];
	size_t n = 0;

	while (line[n] && !isspace((unsigned char)line[n]) && n + 1 < sizeof(word)) {
		word[n] = line[n];
		n++;
	}
	word[n] = '\0';
	{
		struct host *h = sim_host(ctx->sim, word);

		return h ? h : ctx->cur;
	}
}

static bool is_traffic_line(struct cmd_ctx *ctx, const char *line)
{
	char **argv;
	int argc = cmd_split(line, &argv);
	bool r = false;

	if (argc > 0)
		r = traffic_is_verb(argv[0]) ||
		    (argc > 1 && sim_host(ctx->sim, argv[0]) && traffic_is_verb(argv[1]));
	cmd_free_words(argc < 0 ? 0 : argc, argv);
	return r;
}

struct play {
	struct cmd_ctx *ctx;
	struct trace *t;
	struct cmd_out *o;
	struct scene_check *chk;
	struct cmd_out lo;
	int status;
	int depth;
	int includes;	       /* include lines followed so far, all files */
	bool abort;	       /* an include limit or loop was hit: stop playing */
	scene_line_fn line_fn; /* called after each line of the top-level text */
	void *line_arg;
	char *stack[SCENE_INCLUDE_DEPTH + 1]; /* real paths of the files being played */
};

static void play_text(struct play *pl, const char *text, const char *filename);

static void play_fail(struct play *pl)
{
	pl->o->rc = 1;
	pl->status = -1;
	if (pl->chk)
		pl->chk->errors++;
}

/* The chain "a -> b -> a" for an include loop's message. */
static void loop_chain(struct play *pl, const char *again, struct strbuf *sb)
{
	for (int i = 0; i <= pl->depth; i++)
		if (pl->stack[i])
			strbuf_printf(sb, "%s -> ", pl->stack[i]);
	strbuf_puts(sb, again);
}

/* `include FILE`: FILE is relative to the directory of the including file. Limits:
 * SCENE_INCLUDE_DEPTH nested files, SCENE_INCLUDE_MAX include lines in all, each file
 * at most FILE_READ_MAX bytes and regular; a file that includes itself (directly or
 * not) is an error. A limit or a loop stops the whole scene with one message. */
static void play_include(struct play *pl, const char *arg, const char *filename, int lineno,
			 int col)
{
	char path[4096], err[4200];
	const char *slash = strrchr(filename, '/');
	char *text, *real;

	if (!*arg) {
		strbuf_printf(&pl->o->err, _("%s:%d:%d: include: file name expected\n"), filename,
			      lineno, col);
		play_fail(pl);
		return;
	}
	if (arg[0] == '/' || !slash)
		snprintf(path, sizeof(path), "%s", arg);
	else
		snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - filename), filename, arg);
	real = realpath(path, NULL);
	for (int i = 0; real && i <= pl->depth; i++) {
		if (pl->stack[i] && strcmp(pl->stack[i], real) == 0) {
			struct strbuf sb;

			strbuf_init(&sb);
			loop_chain(pl, real, &sb);
			strbuf_printf(&pl->o->err, _("%s:%d:%d: include: loop: %s\n"), filename,
				      lineno, col, sb.buf);
			strbuf_release(&sb);
			free(real);
			play_fail(pl);
			pl->abort = true;
			return;
		}
	}
	if (pl->depth >= SCENE_INCLUDE_DEPTH || pl->includes >= SCENE_INCLUDE_MAX) {
		if (pl->depth >= SCENE_INCLUDE_DEPTH)
			strbuf_printf(&pl->o->err,
				      _("%s:%d:%d: include: more than %d nested files\n"), filename,
				      lineno, col, SCENE_INCLUDE_DEPTH);
		else
			strbuf_printf(&pl->o->err,
				      _("%s:%d:%d: include: more than %d includes in all\n"),
				      filename, lineno, col, SCENE_INCLUDE_MAX);
		free(real);
		play_fail(pl);
		pl->abort = true;
		return;
	}
	pl->includes++;
	text = file_read(path, FILE_READ_MAX, NULL, err, sizeof(err));
	if (!text) {
		strbuf_printf(&pl->o->err, "%s:%d:%d: include: %s\n", filename, lineno, col, err);
		free(real);
		play_fail(pl);
		return;
	}
	pl->depth++;
	pl->stack[pl->depth] = real;
	play_text(pl, text, path);
	pl->stack[pl->depth] = NULL;
	pl->depth--;
	free(real);
	free(text);
}

static void play_command(struct play *pl, const char *s, bool must_fail, const char *filename,
			 int lineno, int col)
{
	struct cmd_ctx *ctx = pl->ctx;
	struct cmd_out *o = pl->o;
	struct cmd_out *lo = &pl->lo;
	bool traffic = is_traffic_line(ctx, s);

	cmd_out_reset(lo);
	cmd_exec(ctx, s, lo);
	if (!traffic) {
		struct host *h = line_host(ctx, s);
		struct trace_draft ev;

		if (h) {
			path_ev_init(&ev, h, TRACE_CONFIG, 0, NULL, NULL);
			ev.verdict = lo->rc ? VERDICT_ERROR : VERDICT_OK;
			path_ev_why(&ev, "%s", s);
			trace_add(pl->t, &ev);
		}
	}
	strbuf_add(&o->out, lo->out.buf ? lo->out.buf : "", lo->out.len);
	if (must_fail) {
		if (!lo->rc && pl->chk) {
			strbuf_printf(&o->err,
				      _("%s:%d:%d: command was expected to fail but succeeded\n"),
				      filename, lineno, col);
			pl->chk->failed++;
			o->rc = 1;
			pl->status = -1;
		}
		return;
	}
	if (lo->rc) {
		const char *e = lo->err.buf ? lo->err.buf : "";

		pl->status = -1;
		o->rc = 1;
		if (pl->chk)
			pl->chk->errors++;
		if (!*e)
			strbuf_printf(&o->err, _("%s:%d:%d: command failed (exit %d)\n"), filename,
				      lineno, col, lo->rc);
		while (*e) {
			const char *nl = strchr(e, '\n');
			size_t l = nl ? (size_t)(nl - e) : strlen(e);

			strbuf_printf(&o->err, "%s:%d:%d: %.*s\n", filename, lineno, col, (int)l,
				      e);
			e += l + (nl ? 1 : 0);
		}
	}
}

/* A directive line (title, title.ru, step, step.ru, include, expect, say): played, and
 * true; false for a command line. line is the whole line, s its first word. */
static bool play_directive(struct play *pl, const char *line, const char *s, const char *filename,
			   int lineno, int col)
{
	struct trace *t = pl->t;
	struct cmd_out *o = pl->o;
	const char *rest;

	if (directive(s, "title", &rest)) {
		t->title = trace_text_intern(rest);
		return true;
	}
	if (directive(s, "title.ru", &rest)) {
		t->title_ru = trace_text_intern(rest);
		return true;
	}
	if (directive(s, "step", &rest)) {
		trace_step_begin(t, rest);
		return true;
	}
	if (directive(s, "step.ru", &rest)) {
		if (!t->nsteps)
			trace_step_begin(t, "");
		trace_cur_step(t)->label_ru = trace_text_intern(rest);
		return true;
	}
	if (directive(s, "include", &rest)) {
		play_include(pl, rest, filename, lineno, col + (int)(rest - s));
		return true;
	}
	if (directive(s, "expect", &rest)) {
		int r;

		if (!pl->chk)
			return true;
		pl->chk->expects++;
		r = scene_expect(pl->ctx, t, filename, lineno, line, (int)(rest - line) + 1, o);
		if (r) {
			pl->chk->failed++;
			o->rc = 1;
			pl->status = -1;
		}
		return true;
	}
	if (directive(s, "say", &rest)) {
		struct trace_step *st;
		const char *txt;

		if (!t->nsteps)
			trace_step_begin(t, "");
		st = trace_cur_step(t);
		if (directive(rest, "en", &txt)) {
			say_append(&st->say_en, txt);
		} else if (directive(rest, "ru", &txt)) {
			say_append(&st->say_ru, txt);
		} else {
			strbuf_printf(&o->err, _("%s:%d:%d: say: language en or ru expected\n"),
				      filename, lineno, col + 4);
			o->rc = 1;
			pl->status = -1;
			if (pl->chk)
				pl->chk->errors++;
		}
		return true;
	}
	return false;
}

static void play_text(struct play *pl, const char *text, const char *filename)
{
	struct trace *t = pl->t;
	struct cmd_out *o = pl->o;
	const char *p = text;
	int lineno = 0;
	bool top = pl->depth == 0 && pl->line_fn;

	if (top)
		pl->line_fn(pl->line_arg, 0, pl->ctx);
	while (*p && !pl->abort) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char line[SCENE_LINE_MAX + 1];
		const char *s;
		int col;

		if (top && lineno > 0)
			pl->line_fn(pl->line_arg, (size_t)lineno, pl->ctx);
		lineno++;
		if (len > SCENE_LINE_MAX) { /* never run a cut-off command */
			strbuf_printf(&o->err,
				      _("%s:%d:1: line too long (%zu bytes, at most %d)\n"),
				      filename, lineno, len, SCENE_LINE_MAX);
			play_fail(pl);
			p += len + (eol ? 1 : 0);
			continue;
		}
		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		p += len + (eol ? 1 : 0);
		len = strlen(line);
		while (len && (line[len - 1] == '\r' || isspace((unsigned char)line[len - 1])))
			line[--len] = '\0';
		s = line;
		while (*s && isspace((unsigned char)*s))
			s++;
		col = (int)(s - line) + 1;
		if (!*s || *s == '#')
			continue;
		if (play_directive(pl, line, s, filename, lineno, col))
			continue;
		if (!t->nsteps)
			trace_step_begin(t, "setup");
		if (s[0] == '!' && (s[1] == ' ' || s[1] == '\t')) {
			const char *c = s + 1;

			while (*c && isspace((unsigned char)*c))
				c++;
			play_command(pl, c, true, filename, lineno, col);
			continue;
		}
		play_command(pl, s, false, filename, lineno, col);
		if (t->overflow) {
			strbuf_printf(&o->err,
				      _("%s:%d:%d: more than %zu events: the scene stops here "
					"(PKTPATH_MAX_EVENTS sets the limit)\n"),
				      filename, lineno, col, t->max_events);
			play_fail(pl);
			pl->abort = true;
		}
	}
	if (top && lineno > 0 && !pl->abort)
		pl->line_fn(pl->line_arg, (size_t)lineno, pl->ctx);
}

size_t scene_max_events(void)
{
	const char *e = getenv("PKTPATH_MAX_EVENTS");
	char *end;
	unsigned long long v;

	if (!e || !*e)
		return SCENE_MAX_EVENTS;
	v = strtoull(e, &end, 10);
	return *end || v == 0 ? SCENE_MAX_EVENTS : (size_t)v;
}

static int run(struct cmd_ctx *ctx, const char *text, const char *filename, struct trace *t,
	       struct cmd_out *o, struct scene_check *chk, scene_line_fn fn, void *arg)
{
	struct play pl;

	memset(&pl, 0, sizeof(pl));
	pl.line_fn = fn;
	pl.line_arg = arg;
	pl.ctx = ctx;
	pl.t = t;
	pl.o = o;
	pl.chk = chk;
	ctx->sim->trace = t;
	t->scene_steps = true;
	if (!t->max_events)
		t->max_events = scene_max_events();
	cmd_out_init(&pl.lo);
	pl.stack[0] = realpath(filename, NULL); /* NULL for <stdin> and the built-in scene */
	play_text(&pl, text, filename);
	free(pl.stack[0]);
	cmd_out_release(&pl.lo);
	return pl.status;
}

int scene_run_check(struct cmd_ctx *ctx, const char *text, const char *filename, struct trace *t,
		    struct cmd_out *o, struct scene_check *chk)
{
	return run(ctx, text, filename, t, o, chk, NULL, NULL);
}

int scene_run(struct cmd_ctx *ctx, const char *text, const char *filename, struct trace *t,
	      struct cmd_out *o)
{
	return run(ctx, text, filename, t, o, NULL, NULL, NULL);
}

int scene_run_lines(struct cmd_ctx *ctx, const char *text, const char *filename, struct trace *t,
		    struct cmd_out *o, scene_line_fn fn, void *arg)
{
	return run(ctx, text, filename, t, o, NULL, fn, arg);
}
