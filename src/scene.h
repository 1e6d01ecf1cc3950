/*
 * scene: a scene file is console command lines plus directives, played into a trace.
 *
 *   title TEXT            the scene's title (trace->title)
 *   step LABEL            starts a new step: what one press of "next" reveals
 *   say en TEXT           narration of the current step (say ru TEXT: Russian); several
 *                         say lines of one language are joined with a space
 *   # comment             ignored, as are blank lines
 *   anything else         a command (cmd_exec), host-prefixed like on the console;
 *                         commands that are not traffic add a `config` event
 *
 * Errors are reported as `file:line:col: message` in o->err; playing goes on.
 */
#ifndef PKTPATH_SCENE_H
#define PKTPATH_SCENE_H

#include "cmd.h"
#include "trace.h"

/* The default scene (scenes/c6-better-route.scene), compiled in. */
const char *scene_builtin_default(void);

/* Plays text into t (ctx->sim->trace is set to t and stays set). Returns 0, or -1 if any
 * line failed. The output of commands goes to o->out, errors to o->err. */
int scene_run(struct cmd_ctx *ctx, const char *text, const char *filename, struct trace *t,
	      struct cmd_out *o);

#endif
