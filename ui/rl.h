/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rl: the GNU readline bridge, the only readline user in pktpath (terminal code stays in
 * ui/). Readline runs through its callback interface with all of its
 * terminal handling off: it never reads the terminal, never writes to it and never
 * installs signal handlers. Keys reach it as bytes that we feed (rlb_feed), and its
 * display is reported back as text (rlb_display) that ui/render.c draws into the frame.
 * Completion candidates come back through a hook and are drawn as a popup; readline's
 * own listing would print over the screen.
 */
#ifndef PKTPATH_RL_H
#define PKTPATH_RL_H

#include <stdbool.h>
#include <stddef.h>

#include "keys.h"

struct rlb_ops {
	void *arg;
	/* A finished line (owned by the callee, free() it), or NULL for Ctrl-D on an
	 * empty line. */
	void (*on_line)(void *arg, char *line);
	/* Candidates for the word [start, end) of line: malloc'd strings in a malloc'd
	 * array, *n of them. Returning -1 asks for readline's file name completion. */
	int (*complete)(void *arg, const char *line, int start, int end, char ***cands, size_t *n);
	/* Readline wants to list matches: show them (the strings are borrowed). */
	void (*show_matches)(void *arg, char **matches, size_t n);
};

/* Sets readline up (once). false if /dev/null cannot be opened. */
bool rlb_init(const struct rlb_ops *ops, const char *prompt, int cols, int rows);
void rlb_end(void);

/* The largest numeric argument (M-digits, C-u) the editor takes: more repeats a key
 * for minutes. */
#define RLB_ARG_MAX 1000

/* The longest line the editor keeps, in bytes. In a UTF-8 locale readline finds each
 * character by scanning the line from its start, so moving over a word costs the word's
 * length times the cursor's position: Ctrl-A then Alt-F over 16,000 bytes of Cyrillic
 * takes 0.34 s, over 128 KiB about 20 s (found by tests/fuzz/fuzz-keys, which also grew
 * lines to megabytes by yanking); over 2,047 bytes, 6 ms. It is the longest scene line
 * (SCENE_LINE_MAX), so every command the console runs can be saved. What is typed or
 * pasted past it is dropped, at a character boundary, and such a line is not run
 * (rlb_line_cut()). */
#define RLB_LINE_MAX 2047

/* The longest history search string (Ctrl-R), in bytes: it is shown in the prompt,
 * which is laid out after every key. A key that would add past it is ignored.
 * RLB_SEARCH_PROMPT: the most the prompt shows around it
 * ("(failed reverse-i-search)`...': "). */
#define RLB_SEARCH_MAX 512
#define RLB_SEARCH_PROMPT 64

/* True while the line being edited, or the line just handed to on_line, had text cut
 * off at RLB_LINE_MAX: it is not what the user typed or pasted. */
bool rlb_line_cut(void);

/* Feeds one key to readline (arrows and Home/End become the ANSI sequences readline
 * binds; characters become their UTF-8 bytes). meta: the key came right after Esc. */
void rlb_feed(const struct ui_keyev *k, bool meta);
/* Ctrl-C: abandons the line being edited (and any search or argument) and starts an
 * empty one. */
void rlb_clear_line(void);
/* True while a history search (Ctrl-R, Ctrl-S: pktpath's own, ui/rl.c) is active;
 * rlb_abort_search() leaves it, restoring the line. */
bool rlb_searching(void);
void rlb_abort_search(void);
void rlb_set_prompt(const char *prompt);
/* Replaces the line being edited with text, the cursor at its end. */
void rlb_set_line(const char *text);
void rlb_resize(int cols, int rows);

/* What readline displays: prompt and line as printable text (control characters as
 * ^X), and the cursor's display column in prompt+line (mbrtowc + wcwidth). */
struct rlb_display {
	const char *text; /* prompt + line */
	int prompt_cols;  /* columns of the prompt */
	int cursor_col;
};
void rlb_display(struct rlb_display *d);

/* History: load from path (a missing file is no error), add a line, and write the
 * whole history to path atomically (file_write_atomic(), a new file 0600). Load: 0 or
 * -1 with errno; save: 0 or -1 with the reason in err. */
int rlb_history_load(const char *path);
void rlb_history_add(const char *line);
int rlb_history_save(const char *path, char *err, size_t errlen);

#endif
