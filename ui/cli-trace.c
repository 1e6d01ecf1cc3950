/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cli-trace: `pktpath trace [SCENE|-] [--format text|jsonl]`: play every step of a scene
 * headless and print every trace event. Without SCENE the built-in default scene plays.
 * Text output: `# title`, then per step `# step N: LABEL`, `# en: …`, `# ru: …` and one
 * line per event (trace.c); jsonl: one object per event, nothing else.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/cmd.h"
#include "base/i18n.h"
#include "scene/scene.h"
#include "out/trace.h"
#include "cli-render.h"
#include "cli-trace.h"
#include "lessons.h"

/* streaming output: the same bytes trace_dump would write, as the events come */
struct printer {
	bool json, titled;
	struct strbuf sb;
};

static void print_event(void *arg, const struct trace *t, size_t step, const struct trace_event *ev)
{
	struct printer *p = arg;

	p->sb.len = 0;
	if (p->sb.buf)
		p->sb.buf[0] = '\0';
	if (!p->json && !p->titled) {
		p->titled = true;
		if (t->title && t->title[0])
			strbuf_printf(&p->sb, "# title: %s\n", t->title);
	}
	if (!ev) {
		if (!p->json)
			trace_step_header(t, step, &p->sb);
	} else {
		if (p->json)
			trace_event_json(ev, &p->sb);
		else
			trace_event_text(ev, &p->sb);
		strbuf_puts(&p->sb, "\n");
	}
	fwrite(p->sb.buf, 1, p->sb.len, stdout);
}

int cli_scene_play(const char *file, struct sim **simp, struct trace *t, struct cmd_out *o)
{
	return cli_scene_play_to(file, simp, t, o, NULL, NULL);
}

int cli_scene_play_to(const char *file, struct sim **simp, struct trace *t, struct cmd_out *o,
		      void (*emit)(void *, const struct trace *, size_t,
				   const struct trace_event *),
		      void *arg)
{
	struct cmd_ctx ctx;
	char *text, *path = NULL;
	int rc;

	if (!file) {
		text = xstrdup(scene_builtin_default());
		file = "builtin:c6-better-route.scene";
	} else {
		char err[4200];

		text = lesson_read(file, &path, err, sizeof(err));
		if (!text) {
			fprintf(stderr, _("pktpath: %s\n"), err);
			return 2;
		}
		file = strcmp(path, "-") == 0 ? "<stdin>" : path;
	}
	*simp = sim_new();
	ctx.sim = *simp;
	ctx.cur = NULL;
	ctx.default_host = "h";
	trace_init(t);
	t->emit = emit;
	t->emit_arg = arg;
	cmd_out_init(o);
	rc = scene_run(&ctx, text, file, t, o);
	trace_stream_finish(t);
	free(text);
	free(path);
	return rc ? 1 : 0;
}

int cli_trace(int argc, char **argv)
{
	const char *file = NULL, *fmt = "text";
	struct sim *sim;
	struct trace t;
	struct cmd_out o;
	struct printer p;
	int rc;

	for (int i = 0; i < argc; i++) {
		int r = cli_opt("trace", argc, argv, &i, "--format", &fmt);

		if (r < 0)
			return 2;
		if (r > 0) {
			continue;
		} else if (!file) {
			file = argv[i];
		} else {
			fprintf(stderr,
				_("usage: pktpath trace [SCENE|-] [--format text|jsonl]\n"));
			return 2;
		}
	}
	if (strcmp(fmt, "text") != 0 && strcmp(fmt, "jsonl") != 0) {
		fprintf(stderr, _("pktpath trace: unknown format: %s (text or jsonl)\n"), fmt);
		return 2;
	}
	/* streamed: memory does not grow with the trace's length */
	p.json = strcmp(fmt, "jsonl") == 0;
	p.titled = false;
	strbuf_init(&p.sb);
	rc = cli_scene_play_to(file, &sim, &t, &o, print_event, &p);
	strbuf_release(&p.sb);
	if (rc == 2)
		return 2;
	if (!p.json && !p.titled && t.title && t.title[0])
		printf("# title: %s\n", t.title); /* a scene without steps or events */
	fflush(stdout);
	fwrite(o.err.buf ? o.err.buf : "", 1, o.err.len, stderr);
	cmd_out_release(&o);
	sim->trace = NULL;
	trace_release(&t);
	sim_free(sim);
	return rc ? 1 : 0;
}
