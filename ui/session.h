/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * session: one scene opened in a front end, plus the console edits made to it.
 *
 * The session's script is the scene text with console lines spliced in at positions
 * (a console line typed while the cursor is on an event goes right after the scene
 * line that produced that event). The trace is the script played from scratch, so
 * the packets after an edit are simulated under the edited network, and a later edit
 * never rewrites what happened before it. The model state at any event is rebuilt by
 * replaying a prefix of the script (the engine is deterministic): the lines before the
 * one that produced the event, then that line up to the event (trace.before_add). So stepping back shows exactly the
 * route table the user saw before, and stepping back past a console edit shows the
 * network without it, without the engine having to support undo.
 *
 * Seeking is fast at any length: the full run records how many events each line ends
 * with (so the line of an event is a binary search, with no replay), and keeps a deep
 * copy of the model (sim_clone) every SESSION_CHECKPOINT_EVENTS events at a line
 * boundary; a state is rebuilt from the nearest copy at or before its line, playing
 * only the lines after it.
 *
 * The script is itself a scene file: `save` writes it, and `pktpath trace` of that file
 * prints the trace the TUI shows (console lines are ordinary command lines there).
 *
 * Rejected: snapshots per event (a deep copy of the model per event, where one every
 * thousand events bounds the replay to a millisecond or so); applying console edits
 * to the live model only (stepping back could not undo them, and the packets after
 * the edit would still show the old simulation).
 */
#ifndef PKTPATH_SESSION_H
#define PKTPATH_SESSION_H

#include "tools/cmd.h"
#include "out/trace.h"

struct session {
	char *text;	/* the script: scene text with console lines spliced in (owned) */
	char *filename; /* owned */
	/* the scene's title (a scene line: under 2,048 bytes), else its file name (a path:
	 * under PATH_MAX); the view points at it, and it changes when a lesson opens */
	char title[2048 + 4096];
	struct trace trace; /* full run of the script */
	struct sim *sim;    /* state after the full run */
	struct cmd_out out; /* what the full run printed (errors) */
	int rc;		    /* scene_run() result */
	size_t *line_end;   /* byte offset after each script line */
	bool *line_console; /* per script line: spliced in from the console */
	size_t nlines, line_cap, console_cap;
	size_t *line_events;		 /* [n]: events after the first n lines, n = 0..nlines */
	unsigned char *ev_console;	 /* per event: produced by a console line */
	size_t nconsole;		 /* console lines in the script */
	struct session_checkpoint *ckpt; /* by line, ascending (owned) */
	size_t nckpt, ckpt_cap;
	/* replay cache */
	size_t cache_prefix; /* SIZE_MAX: cache_sim is the model between two events of a line */
	int cache_ev;	     /* … then, the event it is the model right after */
	struct sim *cache_sim;
};

/* A deep copy of the model after the first `line` lines of the script. */
struct session_checkpoint {
	size_t line, events;
	struct sim *sim; /* owned */
	int cur;	 /* index of the scene's current host there, -1 = none */
};
#define SESSION_CHECKPOINT_EVENTS 1000
/* Copies are further apart for big models: at least one event per this many bytes
 * copied, so the copies never take more memory than the trace (784 bytes per event).
 * A model of 10,000 sockets (20 MB) is copied every 80,000 events, one with a full
 * Internet table (about 100 MB) every 400,000. */
#define SESSION_CHECKPOINT_BYTES_PER_EVENT 256

/* Takes a copy of text and filename. Returns scene_run()'s result (0 = ok). */
int session_open(struct session *s, const char *text, const char *filename);
void session_close(struct session *s);
/* The model as it was right after event ev, between it and the next event, even in the
 * middle of one script line's packets (ev < 0: the final state): what `ss`, `ip route`,
 * `ip neigh` and `conntrack -L` said at that moment. Borrowed; valid until the next call. */
struct sim *session_state_at(struct session *s, int ev);

/* Where a console line typed at event ev goes: the number of script lines before it
 * (the lines up to the one that produced ev; all lines when ev < 0). */
size_t session_insert_point(struct session *s, int ev);

/* Runs a console line on a scratch copy of the model at event ev (splice: the script
 * replayed up to session_insert_point(); else session_state_at(ev), the model the screen
 * draws, so `ss` and the host boxes agree); the line's output and errors go to o, exactly as the tool
 * prints them. When splice is set and the line succeeded (o->rc == 0), the line becomes
 * part of the script at that point and the whole trace is played again; *new_ev is then
 * the first event the line produced (or the event the cursor should stay at). A failing
 * line changes nothing. Returns 1 if spliced, 0 if not. */
int session_console_exec(struct session *s, int ev, const char *line, bool splice,
			 struct cmd_out *o, int *new_ev);

/* Writes the script as a scene file (file_write_atomic(): a new file 0644, an existing
 * one keeps its mode, a symlink's target is written, anything but a regular file is
 * refused). 0, or -1 with the reason in err. */
int session_save(const struct session *s, const char *path, char *err, size_t errlen);
/* The trace in `pktpath trace` text format (title, per step `# step N: LABEL`, …). */
void session_trace_text(const struct session *s, struct strbuf *sb);

#endif
