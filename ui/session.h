/*
 * session: one scene opened in a front end. Loading plays the whole scene once (the
 * trace is then immutable). The model state at any event is rebuilt by replaying a
 * prefix of the scene from scratch (the engine is deterministic): the shortest prefix
 * of lines whose trace already contains the event. So stepping back shows exactly the
 * route table the user saw before, without the engine having to support undo.
 *
 * Rejected: snapshots per event (a deep copy of the model per event for an operation
 * that takes microseconds to recompute on scene-sized inputs).
 */
#ifndef PKTPATH_SESSION_H
#define PKTPATH_SESSION_H

#include "../src/cmd.h"
#include "../src/trace.h"

struct session {
	char *text; /* scene text (owned) */
	char *filename; /* owned */
	char title[160];
	struct trace trace; /* full run */
	struct sim *sim; /* state after the full run */
	struct cmd_out out; /* what the full run printed (errors) */
	int rc; /* scene_run() result */
	size_t *line_end; /* byte offset after each line */
	size_t nlines, line_cap;
	int *ev_prefix; /* per event: shortest prefix (lines) producing it, 0 = unknown */
	/* replay cache */
	size_t cache_prefix;
	struct sim *cache_sim;
};

/* Takes a copy of text and filename. Returns scene_run()'s result (0 = ok). */
int session_open(struct session *s, const char *text, const char *filename);
void session_close(struct session *s);
/* The model as it was right after the scene line that produced event ev (ev < 0: the
 * final state). Borrowed; valid until the next call. */
struct sim *session_state_at(struct session *s, int ev);

/* Reads a whole file; NULL and errno on failure. */
char *session_read_file(const char *path);

#endif
