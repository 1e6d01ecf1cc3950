/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cli-check: `pktpath check [-q] SCENE…`: play each scene headless and verify its expect
 * lines (src/scene/scene-check.c). Every failure, parse error or failed command is one
 * `file:line:col: message` line on stderr; stdout gets one line per scene,
 * `ok FILE (N expectations)` or `FAIL FILE (…)`. Exit status: 0 all held, 1 something
 * failed, 2 usage (no scene, unreadable file, unknown option).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/cmd.h"
#include "base/i18n.h"
#include "scene/scene.h"
#include "out/trace.h"
#include "cli-check.h"
#include "lessons.h"

/* 0 ok, 1 failed */
static int check_one(const char *file, const char *text, bool quiet)
{
	struct sim *sim = sim_new();
	struct cmd_ctx ctx = { .sim = sim, .default_host = "h" };
	struct scene_check chk = { 0, 0, 0 };
	struct trace t;
	struct cmd_out o;
	int bad;

	trace_init(&t);
	t.step_only =
		true; /* expect lines look at the current step: memory per step, not per scene */
	cmd_out_init(&o);
	scene_run_check(&ctx, text, file, &t, &o, &chk);
	fwrite(o.err.buf ? o.err.buf : "", 1, o.err.len, stderr);
	bad = chk.failed || chk.errors;
	if (bad)
		printf(_("FAIL %s (%d of %d expectations failed, %d other errors)\n"), file,
		       chk.failed, chk.expects, chk.errors);
	else if (!quiet)
		printf(_("ok %s (%d expectations)\n"), file, chk.expects);
	cmd_out_release(&o);
	sim->trace = NULL;
	trace_release(&t);
	sim_free(sim);
	return bad ? 1 : 0;
}

int cli_check(int argc, char **argv)
{
	bool quiet = false;
	int nfiles = 0, rc = 0;

	/* `expect … reason TEXT` reads the engine's sentences in English; what check itself
	 * says follows the language */
	i18n_engine_english(true);
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0)
			quiet = true;
		else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr,
				_("pktpath check: unknown option %s\nusage: pktpath check [-q] "
				  "SCENE…\n"),
				argv[i]);
			return 2;
		} else
			nfiles++;
	}
	if (!nfiles) {
		fprintf(stderr, _("usage: pktpath check [-q] SCENE…\n"));
		return 2;
	}
	for (int i = 0; i < argc; i++) {
		char *text, *path, err[4200];

		if (argv[i][0] == '-' && argv[i][1])
			continue;
		text = lesson_read(argv[i], &path, err, sizeof(err));
		if (!text) {
			fprintf(stderr, _("pktpath: %s\n"), err);
			return 2;
		}
		if (check_one(strcmp(path, "-") == 0 ? "<stdin>" : path, text, quiet))
			rc = 1;
		free(text);
		free(path);
	}
	return rc;
}
