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
#include "scene/scene.h"
#include "out/trace.h"
#include "cli-trace.h"
#include "lessons.h"

static void print_trace(const struct trace *t, bool json)
{
	struct strbuf sb;

	strbuf_init(&sb);
	trace_dump(t, json, &sb);
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_release(&sb);
}

int cli_scene_play(const char *file, struct sim **simp, struct trace *t, struct cmd_out *o)
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
			fprintf(stderr, "pktpath: %s\n", err);
			return 2;
		}
		file = strcmp(path, "-") == 0 ? "<stdin>" : path;
	}
	*simp = sim_new();
	ctx.sim = *simp;
	ctx.cur = NULL;
	ctx.default_host = "h";
	trace_init(t);
	cmd_out_init(o);
	rc = scene_run(&ctx, text, file, t, o);
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
	int rc;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			fmt = argv[++i];
		} else if (strncmp(argv[i], "--format=", 9) == 0) {
			fmt = argv[i] + 9;
		} else if (!file) {
			file = argv[i];
		} else {
			fprintf(stderr, "usage: pktpath trace [SCENE|-] [--format text|jsonl]\n");
			return 2;
		}
	}
	if (strcmp(fmt, "text") != 0 && strcmp(fmt, "jsonl") != 0) {
		fprintf(stderr, "pktpath trace: unknown format: %s (text or jsonl)\n", fmt);
		return 2;
	}
	rc = cli_scene_play(file, &sim, &t, &o);
	if (rc == 2)
		return 2;
	print_trace(&t, strcmp(fmt, "jsonl") == 0);
	fflush(stdout);
	fwrite(o.err.buf ? o.err.buf : "", 1, o.err.len, stderr);
	cmd_out_release(&o);
	sim->trace = NULL;
	trace_release(&t);
	sim_free(sim);
	return rc ? 1 : 0;
}
