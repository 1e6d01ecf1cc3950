/*
 * scene: see scene.h. Directives are handled here; every other line goes through
 * cmd_exec(), exactly as if typed on the console, so scenes and the console cannot
 * drift apart. Rejected alternative: a separate scene grammar with its own verbs.
 */
#include "scene.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "path.h"

static void say_append(char *dst, size_t size, const char *text)
{
	size_t len = strlen(dst);

	if (len && len + 1 < size)
		dst[len++] = ' ';
	snprintf(dst + len, size - len, "%s", text);
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
		r = traffic_is_verb(argv[0]) || (argc > 1 && sim_host(ctx->sim, argv[0]) && traffic_is_verb(argv[1]));
	cmd_free_words(argc < 0 ? 0 : argc, argv);
	return r;
}

int scene_run(struct cmd_ctx *ctx, const char *text, const char *filename, struct trace *t,
	      struct cmd_out *o)
{
	const char *p = text;
	int lineno = 0, status = 0;
	struct cmd_out lo;

	ctx->sim->trace = t;
	t->scene_steps = true;
	cmd_out_init(&lo);
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char line[2048];
		const char *s, *rest;
		int col;

		lineno++;
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
		if (directive(s, "title", &rest)) {
			snprintf(t->title, sizeof(t->title), "%s", rest);
			continue;
		}
		if (directive(s, "step", &rest)) {
			trace_step_begin(t, rest);
			continue;
		}
		if (directive(s, "say", &rest)) {
			struct trace_step *st;
			const char *txt;

			if (!t->nsteps)
				trace_step_begin(t, "");
			st = trace_cur_step(t);
			if (directive(rest, "en", &txt)) {
				say_append(st->say_en, sizeof(st->say_en), txt);
			} else if (directive(rest, "ru", &txt)) {
				say_append(st->say_ru, sizeof(st->say_ru), txt);
			} else {
				strbuf_printf(&o->err, "%s:%d:%d: say: language en or ru expected\n", filename, lineno,
					      col + 4);
				o->rc = 1;
				status = -1;
			}
			continue;
		}
		if (!t->nsteps)
			trace_step_begin(t, "setup");
		cmd_out_reset(&lo);
		{
			bool traffic = is_traffic_line(ctx, s);

			cmd_exec(ctx, s, &lo);
			if (!traffic) {
				struct host *h = line_host(ctx, s);
				struct trace_event ev;

				if (h) {
					path_ev_init(&ev, h, TRACE_CONFIG, 0, NULL, NULL);
					snprintf(ev.verdict, sizeof(ev.verdict), "%s", lo.rc ? "ERROR" : "OK");
					path_ev_why(&ev, "%s", s);
					trace_add(t, &ev);
				}
			}
		}
		strbuf_add(&o->out, lo.out.buf ? lo.out.buf : "", lo.out.len);
		if (lo.rc) {
			const char *e = lo.err.buf ? lo.err.buf : "";

			status = -1;
			o->rc = 1;
			if (!*e)
				strbuf_printf(&o->err, "%s:%d:%d: command failed (exit %d)\n", filename, lineno, col,
					      lo.rc);
			while (*e) {
				const char *nl = strchr(e, '\n');
				size_t l = nl ? (size_t)(nl - e) : strlen(e);

				strbuf_printf(&o->err, "%s:%d:%d: %.*s\n", filename, lineno, col, (int)l, e);
				e += l + (nl ? 1 : 0);
			}
		}
	}
	cmd_out_release(&lo);
	return status;
}
