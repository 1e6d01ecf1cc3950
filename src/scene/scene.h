/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * scene: a scene file is console command lines plus directives, played into a trace.
 *
 *   title TEXT            the scene's title (trace->title)
 *   step LABEL            starts a new step: what one press of "next" reveals
 *   say en TEXT           narration of the current step (say ru TEXT: Russian); several
 *                         say lines of one language are joined with a space
 *   include FILE          plays FILE (relative to the including file) here; errors in
 *                         it name FILE and its own line numbers
 *   expect …              an expectation, checked only by `pktpath check` (scene-check.c,
 *                         assets/scene-format.md); otherwise ignored
 *   ! COMMAND             a command that is meant to fail (an errno the scene shows):
 *                         its failure is not an error; under check, success is
 *   # comment             ignored, as are blank lines
 *   anything else         a command (cmd_exec), host-prefixed like on the console;
 *                         commands that are not traffic add a `config` event
 *
 * Errors are reported as `file:line:col: message` in o->err; playing goes on.
 */
#ifndef PKTPATH_SCENE_H
#define PKTPATH_SCENE_H

/* Limits of the scene language (errors name file:line:col, nothing is cut silently). */
#define SCENE_LINE_MAX 2047	 /* bytes in one line, without the newline */
#define SCENE_INCLUDE_DEPTH 8	 /* files nested by include */
#define SCENE_INCLUDE_MAX 256	 /* include lines followed in one scene, all files */
#define SCENE_MAX_EVENTS 1000000 /* trace events one scene may make (PKTPATH_MAX_EVENTS) */

#include "tools/cmd.h"
#include "out/trace.h"

/* The default scene (scenes/c6-better-route.scene), compiled in. */
const char *scene_builtin_default(void);

/* Plays text into t (ctx->sim->trace is set to t and stays set). Returns 0, or -1 if any
 * line failed. The output of commands goes to o->out, errors to o->err. */
/* The event limit in force: PKTPATH_MAX_EVENTS when set to a positive number, else
 * SCENE_MAX_EVENTS. */
size_t scene_max_events(void);
int scene_run(struct cmd_ctx *ctx, const char *text, const char *filename, struct trace *t,
	      struct cmd_out *o);
/* scene_run, calling fn(arg, n, ctx) before the first line (n = 0) and after each line
 * of text (n = lines done, comments and directives counted; lines of included files are
 * part of their include line). The front ends index events by line and take
 * checkpoints with it. */
typedef void (*scene_line_fn)(void *arg, size_t lines_done, struct cmd_ctx *ctx);
int scene_run_lines(struct cmd_ctx *ctx, const char *text, const char *filename, struct trace *t,
		    struct cmd_out *o, scene_line_fn fn, void *arg);

/* Counters of `pktpath check`. */
struct scene_check {
	int expects; /* expect lines evaluated */
	int failed;  /* … that failed or did not parse */
	int errors;  /* other errors: commands that failed, bad directives, includes */
};

/* scene_run, and with chk != NULL every expect line is verified at its point of the
 * scene; each failure is one `file:line:col: message` line in o->err. */
int scene_run_check(struct cmd_ctx *ctx, const char *text, const char *filename, struct trace *t,
		    struct cmd_out *o, struct scene_check *chk);

/* scene-check.c: verifies one expect line (words after `expect`, starting at column col
 * of line). Events of the current step so far are the packet history it looks at; state
 * clauses (route get, socket, neigh) look at the model now. Returns 0 if it holds, 1 if
 * not (message in o->err), -1 on a syntax error (message in o->err). */
int scene_expect(struct cmd_ctx *ctx, const struct trace *t, const char *filename, int lineno,
		 const char *line, int col, struct cmd_out *o);

#endif
