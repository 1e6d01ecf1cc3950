/* SPDX-License-Identifier: GPL-2.0-only */
/* cli-trace: `pktpath trace [SCENE|-] [--format text|jsonl]` (argv after "trace"). */
#ifndef PKTPATH_UI_CLI_TRACE_H
#define PKTPATH_UI_CLI_TRACE_H

int cli_trace(int argc, char **argv);

struct sim;
struct trace;
struct cmd_out;
struct trace_event;
/* Reads SCENE (NULL: the built-in default scene, "-": stdin) and plays it into t, which
 * it initialises, as `pktpath trace` does; o gets the commands' output and errors
 * (file:line:col). Returns 0, 1 if a line of the scene failed, or 2 if the file cannot be
 * read (message printed; nothing to release). On 0 and 1 the caller owns *sim (sim_free;
 * set (*sim)->trace = NULL first), t (trace_release) and o (cmd_out_release). */
int cli_scene_play(const char *file, struct sim **sim, struct trace *t, struct cmd_out *o);
/* The same, streaming: each event goes to emit as it is final (see struct trace) and
 * is not kept. */
int cli_scene_play_to(const char *file, struct sim **sim, struct trace *t, struct cmd_out *o,
		      void (*emit)(void *, const struct trace *, size_t,
				   const struct trace_event *),
		      void *arg);

#endif
