/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rl: see rl.h. The technique is ulfalizer's rlncurses.c and readline's own
 * rl-callbacktest.c (readline's callback example), with our pitfall fixes:
 *
 * - No terminal handling: rl_prep/deprep hooks are NULL, rl_catch_signals and
 *   rl_catch_sigwinch are 0 (ncurses owns termios, signals and SIGWINCH),
 *   rl_change_environment is 0 (else readline exports LINES/COLUMNS and freezes
 *   ncurses' size), and rl_outstream is /dev/null, so nothing readline prints (the bell,
 *   bracketed-paste switches, its own redisplay) can reach the screen.
 * - Input: keys arrive from curses with keypad() on, as our struct ui_keyev. They are
 *   turned back into the bytes a terminal would send and queued; rl_getc_function pops
 *   the queue and rl_input_available_hook says whether it is empty, so readline's
 *   escape-sequence and type-ahead logic sees exactly the bytes of one key at a time.
 *   rl_callback_read_char() is only called while the queue holds a byte: the getc hook
 *   must never report EOF, which readline would take for Ctrl-D.
 * - Display: rl_redisplay_function does not draw; it records the prompt and the line
 *   (control characters as ^X, as readline shows them) and the cursor column, which
 *   readline does not export, computed with mbrtowc + wcwidth up to rl_point.
 * - Completion: rl_attempted_completion_function asks our callback; the listing goes
 *   to rl_completion_display_matches_hook, which hands the matches to the popup.
 */
#include "rl.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "base/util.h"
#include "session.h"

static struct rlb_ops ops;
static FILE *devnull_out, *devnull_in;
static bool inited;

/* bytes of the key being fed */
static unsigned char q[32];
static size_t qhead, qlen;

/* what readline displays */
static struct strbuf disp;
static int disp_prompt_cols, disp_cursor;

/* completion candidates of the current attempt */
static char **cands;
static size_t ncands, cand_next;

static int feed_getc(FILE *f)
{
	(void)f;
	if (!qlen)
		return EOF; /* not reached: rlb_feed only runs readline with a byte queued */
	qlen--;
	return q[qhead++];
}

static int feed_avail(void)
{
	return qlen > 0;
}

/* Appends s (UTF-8, n bytes) as readline shows it; returns its columns. Columns up to
 * byte offset upto (if not NULL) go to *col_at. */
static int disp_add(const char *s, size_t n, size_t upto, int *col_at)
{
	mbstate_t st;
	size_t i = 0;
	int cols = 0;

	memset(&st, 0, sizeof(st));
	while (i < n) {
		wchar_t wc;
		size_t k;
		int w;

		if (col_at && i == upto)
			*col_at = cols;
		if (s[i] == '\001' || s[i] == '\002') { /* RL_PROMPT_{START,END}_IGNORE */
			i++;
			continue;
		}
		k = mbrtowc(&wc, s + i, n - i, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof(st));
			strbuf_puts(&disp, "?"); /* invalid or cut UTF-8 */
			cols++;
			i++;
			continue;
		}
		if (wc < 0x20 || wc == 0x7f) {
			char c[3] = { '^', (char)(wc ^ 0x40), '\0' };

			strbuf_puts(&disp, c);
			cols += 2;
		} else {
			w = wcwidth(wc);
			strbuf_add(&disp, s + i, k);
			cols += w < 0 ? 1 : w;
		}
		i += k;
	}
	if (col_at && i <= upto)
		*col_at = cols;
	return cols;
}

/* Readline asks for a redisplay after every byte it is fed; building the display text
 * each time made a pasted line quadratic (20k characters: seconds). It is built only
 * when the front end draws (rlb_display), once per frame, however many keys came. */
static bool disp_dirty;

static void redisplay(void)
{
	disp_dirty = true;
}

/* what the history search shows in place of readline's prompt and line (rl_line_buffer
 * itself is not touched while it runs) */
static bool search_view(const char **prompt, const char **line, size_t *point);

static void disp_build(void)
{
	const char *p = rl_display_prompt ? rl_display_prompt : "";
	const char *l = rl_line_buffer ? rl_line_buffer : "";
	int cur = 0;
	size_t point = rl_point < 0 ? 0 : (size_t)rl_point, len = (size_t)rl_end;

	if (search_view(&p, &l, &point))
		len = strlen(l);
	strbuf_reset(&disp);
	strbuf_puts(&disp, "");
	disp_prompt_cols = disp_add(p, strlen(p), 0, NULL);
	if (point > len)
		point = len;
	disp_add(l, len, point, &cur);
	disp_cursor = disp_prompt_cols + cur;
	disp_dirty = false;
}

static bool line_cut; /* see rlb_line_cut() */

bool rlb_line_cut(void)
{
	return line_cut;
}

static void line_cb(char *line)
{
	if (ops.on_line)
		ops.on_line(ops.arg, line);
	else
		free(line);
	line_cut = false; /* the next line starts whole */
}

static char *cand_gen(const char *text, int state)
{
	size_t tl = strlen(text);

	if (!state)
		cand_next = 0;
	while (cand_next < ncands) {
		const char *c = cands[cand_next++];

		if (strncmp(c, text, tl) == 0)
			return xstrdup(c);
	}
	return NULL;
}

static void free_cands(void)
{
	for (size_t i = 0; i < ncands; i++)
		free(cands[i]);
	free(cands);
	cands = NULL;
	ncands = 0;
}

static char **attempt(const char *text, int start, int end)
{
	free_cands();
	if (!ops.complete)
		return NULL;
	if (ops.complete(ops.arg, rl_line_buffer, start, end, &cands, &ncands) < 0)
		return NULL; /* rl_attempted_completion_over stays 0: file names */
	rl_attempted_completion_over = 1;
	if (!ncands)
		return NULL;
	return rl_completion_matches(text, cand_gen);
}

static void show_matches(char **matches, int num, int max)
{
	(void)max;
	if (ops.show_matches && num > 0)
		ops.show_matches(ops.arg, matches + 1, (size_t)num);
	rl_forced_update_display();
}

/* readline 8.2's history tokenizer steps over a backslash and the character after it;
 * at the end of a line that is the NUL, and it reads on past the line (a heap overflow
 * that tests/fuzz/fuzz-keys found under yank-nth-arg). yank-last-arg (M-. M-_) and
 * yank-nth-arg (M-C-y) tokenize history lines: while one ends with a backslash they do
 * nothing. */
static bool history_unsafe(void)
{
	HIST_ENTRY **l = history_list();

	for (; l && *l; l++) {
		size_t n = strlen((*l)->line);

		if (n && (*l)->line[n - 1] == '\\')
			return true;
	}
	return false;
}

static int safe_yank_nth_arg(int count, int key)
{
	return history_unsafe() ? 0 : rl_yank_nth_arg(count, key);
}

static int safe_yank_last_arg(int count, int key)
{
	if (history_unsafe())
		return 0;
	/* readline tells a repeated M-. (which goes one line further back) by rl_last_func */
	if (rl_last_func == safe_yank_last_arg)
		rl_last_func = rl_yank_last_arg;
	return rl_yank_last_arg(count, key);
}

static int search_start(int count, int key);

bool rlb_init(const struct rlb_ops *o, const char *prompt, int cols, int rows)
{
	if (inited)
		return true;
	devnull_out = fopen("/dev/null", "w");
	devnull_in = fopen("/dev/null", "r");
	if (!devnull_out || !devnull_in) {
		if (devnull_out)
			fclose(devnull_out);
		if (devnull_in)
			fclose(devnull_in);
		devnull_out = devnull_in = NULL;
		return false;
	}
	ops = *o;
	strbuf_init(&disp);
	strbuf_puts(&disp, "");
	rl_readline_name = "pktpath"; /* $if pktpath in ~/.inputrc */
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_prep_term_function = NULL;
	rl_deprep_term_function = NULL;
	rl_instream = devnull_in;
	rl_outstream = devnull_out;
	rl_getc_function = feed_getc;
	rl_input_available_hook = feed_avail;
	rl_redisplay_function = redisplay;
	rl_attempted_completion_function = attempt;
	rl_completion_display_matches_hook = show_matches;
	rl_completer_word_break_characters = " \t\n\"'";
	rl_initialize(); /* reads ~/.inputrc once; our settings below win */
	/* vi mode crashes readline 8.2 in callback mode (Alt+Enter switches to it, then Esc
	 * [ 1 Z: SEGV in rl_callback_read_char; found by tests/fuzz/fuzz-keys): the console
	 * edits in emacs mode whatever ~/.inputrc says, and M-C-j / M-C-m do nothing */
	rl_variable_bind("editing-mode", "emacs");
	rl_unbind_function_in_map(rl_vi_editing_mode, emacs_standard_keymap);
	rl_unbind_function_in_map(rl_vi_editing_mode, emacs_meta_keymap);
	rl_unbind_function_in_map(rl_vi_editing_mode, emacs_ctlx_keymap);
	rl_variable_bind("bell-style", "none");
	rl_variable_bind("enable-bracketed-paste", "off");
	rl_variable_bind("convert-meta", "off");
	rl_variable_bind("input-meta", "on");
	rl_variable_bind("output-meta", "on");
	rl_variable_bind("show-all-if-ambiguous", "on");
	/* readline 8.2 leaks when a non-incremental search (M-p, M-n) is aborted (C-g, Esc,
	 * Ctrl-C; found by tests/fuzz/fuzz-keys): those searches are off; Ctrl-R searches */
	rl_unbind_function_in_map(rl_noninc_reverse_search, rl_get_keymap());
	rl_unbind_function_in_map(rl_noninc_forward_search, rl_get_keymap());
	rl_unbind_function_in_map(rl_noninc_reverse_search_again, rl_get_keymap());
	rl_unbind_function_in_map(rl_noninc_forward_search_again, rl_get_keymap());
	rl_unbind_function_in_map(rl_yank_nth_arg, emacs_meta_keymap);
	rl_unbind_function_in_map(rl_yank_last_arg, emacs_meta_keymap);
	rl_bind_keyseq("\033\031", safe_yank_nth_arg); /* M-C-y */
	rl_bind_keyseq("\033.", safe_yank_last_arg);
	rl_bind_keyseq("\033_", safe_yank_last_arg);
	/* Ctrl-R and Ctrl-S search with search_start, not readline's i-search (above) */
	for (int i = 0; i < 3; i++) {
		Keymap m = i == 0   ? emacs_standard_keymap
			   : i == 1 ? emacs_meta_keymap
				    : emacs_ctlx_keymap;

		rl_unbind_function_in_map(rl_reverse_search_history, m);
		rl_unbind_function_in_map(rl_forward_search_history, m);
	}
	rl_bind_key('R' & 0x1f, search_start);
	rl_bind_key('S' & 0x1f, search_start);
	rl_bind_keyseq_if_unbound("\033[H", rl_beg_of_line);
	rl_bind_keyseq_if_unbound("\033[F", rl_end_of_line);
	rl_bind_keyseq_if_unbound("\033[3~", rl_delete);
	rl_set_screen_size(rows > 0 ? rows : 24, cols > 0 ? cols : 80);
	using_history();
	stifle_history(1000);
	rl_callback_handler_install(prompt, line_cb);
	inited = true;
	return true;
}

void rlb_end(void)
{
	if (!inited)
		return;
	rl_callback_handler_remove();
	free_cands();
	strbuf_release(&disp);
	rl_instream = NULL;
	rl_outstream = NULL;
	fclose(devnull_out);
	fclose(devnull_in);
	devnull_out = devnull_in = NULL;
	inited = false;
}

static void push(const char *bytes, size_t n)
{
	if (qlen + n > sizeof(q))
		return;
	if (!qlen)
		qhead = 0;
	if (qhead + qlen + n > sizeof(q)) {
		memmove(q, q + qhead, qlen);
		qhead = 0;
	}
	memcpy(q + qhead + qlen, bytes, n);
	qlen += n;
}

/* The bytes readline reads for k (arrows and Home/End as the ANSI sequences it binds,
 * characters as UTF-8, after Esc for meta) into b; 0 for a key it has none for */
static size_t key_bytes(const struct ui_keyev *k, bool meta, char *b)
{
	size_t n = 0;

	if (meta)
		b[n++] = '\033';
	switch (k->k) {
	case UK_CHAR:
		if (k->ch >= 0 && k->ch < 0x80) {
			b[n++] = (char)k->ch;
		} else {
			mbstate_t st;
			size_t r;

			memset(&st, 0, sizeof(st));
			r = wcrtomb(b + n, (wchar_t)k->ch, &st);
			if (r == (size_t)-1)
				return 0;
			n += r;
		}
		break;
	case UK_ENTER:
		b[n++] = '\r';
		break;
	case UK_TAB:
		b[n++] = '\t';
		break;
	case UK_BACKSPACE:
		b[n++] = 127;
		break;
	case UK_CTRL_L:
		b[n++] = 12;
		break;
	case UK_UP:
		memcpy(b + n, "\033[A", 3);
		n += 3;
		break;
	case UK_DOWN:
		memcpy(b + n, "\033[B", 3);
		n += 3;
		break;
	case UK_RIGHT:
		memcpy(b + n, "\033[C", 3);
		n += 3;
		break;
	case UK_LEFT:
		memcpy(b + n, "\033[D", 3);
		n += 3;
		break;
	case UK_HOME:
		memcpy(b + n, "\033[H", 3);
		n += 3;
		break;
	case UK_END:
		memcpy(b + n, "\033[F", 3);
		n += 3;
		break;
	case UK_DELETE:
		memcpy(b + n, "\033[3~", 4);
		n += 4;
		break;
	case UK_SLEFT:
		memcpy(b + n, "\033b", 2);
		n += 2;
		break; /* backward-word */
	case UK_SRIGHT:
		memcpy(b + n, "\033f", 2);
		n += 2;
		break; /* forward-word */
	default:
		return 0;
	}
	return n;
}

/* After each key readline read: the numeric argument and the line stay within their
 * limits */
static void hold_limits(void)
{
	/* a numeric argument repeats the next key that many times: M-6 666666 x would
	 * insert 66 million characters (minutes of work; found by tests/fuzz/fuzz-keys):
	 * readline has no limit of its own, so the argument stops at RLB_ARG_MAX */
	if (RL_ISSTATE(RL_STATE_NUMERICARG) &&
	    (rl_numeric_arg > RLB_ARG_MAX || rl_numeric_arg < -RLB_ARG_MAX))
		rl_numeric_arg = rl_numeric_arg < 0 ? -RLB_ARG_MAX : RLB_ARG_MAX;
	if (rl_end > RLB_LINE_MAX && rl_line_buffer) {
		int cut = RLB_LINE_MAX;

		while (cut > 0 && ((unsigned char)rl_line_buffer[cut] & 0xc0) == 0x80)
			cut--; /* not inside a character */
		rl_delete_text(cut, rl_end);
		line_cut = true;
		if (rl_point > rl_end)
			rl_point = rl_end;
		if (rl_mark > rl_end)
			rl_mark = rl_end;
	}
}

/* ---- history search (Ctrl-R, Ctrl-S) ----
 * pktpath's own incremental search, in place of readline 8.2's: tests/fuzz/fuzz-keys
 * kept finding reads of freed memory and past buffers inside _rl_isearch_dispatch (a
 * search that turned round, a line changed under it, history changed under it, a NUL
 * or a prefix key ending it...), each worked around in turn, and found more. This one
 * searches its own copy of the line being edited and history_list()'s lines and shows
 * what it finds itself: readline's line and undo list stay untouched until the search
 * ends on another line, which then replaces the line as one undoable edit (putting
 * lines into readline's buffer under its undo list made readline free an undo record
 * twice). It behaves as readline's: the prompt is
 * "(reverse-i-search)`STRING': " (or "(i-search)", "(failed ...)"); a character adds to
 * the string and searches from the match shown; Ctrl-R and Ctrl-S find the next match
 * back or on, in either direction (with no string yet: the last search's string);
 * Backspace takes a character off and searches again from where the search began;
 * Ctrl-G (and Esc, from the console) go back to the line as it was; Enter runs the line
 * found; any other key leaves the search on that line, the cursor at the match, and
 * then does its own work. The string is at most RLB_SEARCH_MAX bytes. */
static struct {
	bool on, failed;
	int dir; /* -1: back to older lines, 1: on to newer ones */
	char q[RLB_SEARCH_MAX + 1], last[RLB_SEARCH_MAX + 1];
	size_t qlen;
	int pos, at; /* the line shown (history_length: the line being edited), the match */
	char *orig;  /* the line being edited when the search began */
	char prompt[RLB_SEARCH_MAX + RLB_SEARCH_PROMPT];
} srch;

static const char *search_line(int pos);

static bool search_view(const char **prompt, const char **line, size_t *point)
{
	if (!srch.on)
		return false;
	*prompt = srch.prompt;
	*line = search_line(srch.pos);
	*point = srch.at < 0 ? 0 : (size_t)srch.at;
	return true;
}

static const char *search_line(int pos)
{
	HIST_ENTRY **l = history_list();

	if (pos >= 0 && pos < history_length && l && l[pos])
		return l[pos]->line;
	return srch.orig ? srch.orig : "";
}

static void search_show(void)
{
	snprintf(srch.prompt, sizeof(srch.prompt),
		 "(%s%si-search)`%s': ", srch.failed ? "failed " : "",
		 srch.dir < 0 ? "reverse-" : "", srch.q);
	redisplay();
}

/* The first match of the string from line pos, offset at, in the search's direction:
 * the line found becomes the one shown; none found: failed, the line stays */
static void search_find(int pos, int at)
{
	const char *prev = search_line(srch.pos);
	bool first = true;

	srch.failed = false;
	if (!srch.qlen) {
		search_show();
		return;
	}
	for (; pos >= 0 && pos <= history_length; pos += srch.dir, first = false) {
		const char *l = search_line(pos);
		int len = (int)strlen(l), n = (int)srch.qlen;

		/* a later line that reads as the one shown is skipped, as readline does */
		if (!first && strcmp(l, prev) == 0)
			continue;
		if (!first)
			at = srch.dir < 0 ? len - n : 0;
		if (at > len - n)
			at = srch.dir < 0 ? len - n : len; /* back: the last place it fits */
		for (; at >= 0 && at <= len - n; at += srch.dir)
			if (l[at] == srch.q[0] && memcmp(l + at, srch.q, (size_t)n) == 0) {
				srch.pos = pos;
				srch.at = at;
				search_show();
				return;
			}
	}
	srch.failed = true;
	search_show();
}

static int search_start(int count, int key)
{
	(void)count;
	free(srch.orig);
	srch.orig = xstrdup(rl_line_buffer ? rl_line_buffer : "");
	srch.on = true;
	srch.failed = false;
	srch.dir = key == ('S' & 0x1f) ? 1 : -1;
	srch.q[0] = '\0';
	srch.qlen = 0;
	srch.pos = history_length;
	srch.at = rl_point;
	search_show();
	return 0;
}

/* Ends the search on the line shown (restore: on the line as it was) */
static void search_end(bool restore)
{
	if (!srch.on)
		return;
	srch.on = false;
	if (srch.qlen)
		memcpy(srch.last, srch.q, srch.qlen + 1);
	if (!restore && srch.pos != history_length) {
		const char *l = search_line(srch.pos);

		/* the line found replaces the line, as one edit that Ctrl-_ undoes */
		rl_begin_undo_group();
		rl_delete_text(0, rl_end);
		rl_point = 0;
		rl_insert_text(l);
		rl_end_undo_group();
	}
	if (!restore)
		rl_point = srch.at < 0 ? 0 : srch.at > rl_end ? rl_end : srch.at;
	free(srch.orig);
	srch.orig = NULL;
	redisplay();
}

/* A key while searching: true if the search took it */
static bool search_key(const struct ui_keyev *k, bool meta)
{
	if (k->k == UK_BACKSPACE || (k->k == UK_CHAR && !meta && (k->ch == 8 || k->ch == 0x7f))) {
		while (srch.qlen && ((unsigned char)srch.q[srch.qlen - 1] & 0xc0) == 0x80)
			srch.qlen--; /* a whole character off */
		if (srch.qlen)
			srch.qlen--;
		srch.q[srch.qlen] = '\0';
		srch.pos = history_length;
		srch.at = rl_point; /* readline's point has not moved */
		search_find(srch.pos, srch.at);
		return true;
	}
	if (k->k != UK_CHAR || meta)
		return false;
	if (k->ch == 7) { /* Ctrl-G */
		search_end(true);
		return true;
	}
	if (k->ch == 0x12 || k->ch == 0x13) { /* Ctrl-R, Ctrl-S: the next match */
		srch.dir = k->ch == 0x12 ? -1 : 1;
		if (!srch.qlen && srch.last[0]) { /* the last search's string */
			srch.qlen = strlen(srch.last);
			memcpy(srch.q, srch.last, srch.qlen + 1);
			search_find(srch.pos, srch.at);
		} else if (srch.qlen) {
			search_find(srch.pos, srch.at + srch.dir);
		} else {
			search_show();
		}
		return true;
	}
	if (k->ch >= 0x20 && k->ch != 0x7f) {
		char b[MB_LEN_MAX];
		mbstate_t st;
		size_t n;

		memset(&st, 0, sizeof(st));
		n = wcrtomb(b, (wchar_t)k->ch, &st);
		if (n == (size_t)-1 || srch.qlen + n > RLB_SEARCH_MAX)
			return true; /* not a character here, or past the limit: ignored */
		memcpy(srch.q + srch.qlen, b, n);
		srch.qlen += n;
		srch.q[srch.qlen] = '\0';
		search_find(srch.pos, srch.at);
		return true;
	}
	return false;
}

void rlb_feed(const struct ui_keyev *k, bool meta)
{
	char b[MB_LEN_MAX + 4];
	size_t n = 0;

	if (!inited)
		return;
	if (srch.on) {
		if (search_key(k, meta))
			return;
		search_end(false); /* any other key: on the line found, then its own work */
	}
	if (!(n = key_bytes(k, meta, b)))
		return;
	/* readline 8.2 in callback mode does not finish a line accepted with a numeric
	 * argument (M-1 Enter) until the next key, which it runs first: a Ctrl-R there began
	 * a search on readline's saved copy of the line, which finishing the line then freed
	 * (use after free when the search ended; found by tests/fuzz/fuzz-keys). Enter drops
	 * the argument, which means nothing to it, first. */
	if (RL_ISSTATE(RL_STATE_NUMERICARG)) {
		int type = 0;
		rl_command_func_t *f =
			rl_function_of_keyseq_len(b, (size_t)n, rl_get_keymap(), &type);

		if (type == ISFUNC && f == rl_newline) {
			rl_callback_sigcleanup();
			rl_numeric_arg = 1;
			rl_explicit_arg = 0;
		}
	}
	push(b, n);
	while (qlen && inited) {
		rl_callback_read_char();
		hold_limits();
	}
	qlen = 0;
}

void rlb_clear_line(void)
{
	if (!inited)
		return;
	/* a search is left the way C-g leaves it: rl_callback_sigcleanup() alone leaks a
	 * non-incremental search's context (M-p, found by tests/fuzz/fuzz-keys) */
	rlb_abort_search();
	rl_callback_sigcleanup(); /* leaves i-search, numeric arguments, key sequences */
	rl_free_line_state();
	rl_replace_line("", 1);
	rl_point = rl_end = rl_mark = 0;
	line_cut = false;
	/* the next kill starts a kill-ring entry of its own: a kill right after the clear
	 * would otherwise append to the last one (fuzz-keys grew one to megabytes) */
	rl_last_func = NULL;
	history_set_pos(history_length); /* Up starts from the newest line again */
	rl_forced_update_display();
}

bool rlb_searching(void)
{
	return inited && srch.on;
}

void rlb_abort_search(void)
{
	if (inited)
		search_end(true);
}

void rlb_set_line(const char *text)
{
	if (!inited)
		return;
	rlb_abort_search();
	rl_replace_line(text, 0);
	rl_point = rl_end;
	line_cut = false;
	rl_forced_update_display();
}

void rlb_set_prompt(const char *prompt)
{
	if (!inited)
		return;
	rl_set_prompt(prompt);
	rl_forced_update_display();
}

void rlb_resize(int cols, int rows)
{
	if (inited)
		rl_set_screen_size(rows, cols);
}

void rlb_display(struct rlb_display *d)
{
	if (!inited) {
		d->text = "";
		d->prompt_cols = d->cursor_col = 0;
		return;
	}
	if (disp_dirty)
		disp_build();
	d->text = disp.buf ? disp.buf : "";
	d->prompt_cols = disp_prompt_cols;
	d->cursor_col = disp_cursor;
}

int rlb_history_load(const char *path)
{
	int e = read_history(path);

	if (e && e != ENOENT) {
		errno = e;
		return -1;
	}
	history_set_pos(history_length);
	return 0;
}

void rlb_history_add(const char *line)
{
	HIST_ENTRY *last =
		history_length > 0 ? history_get(history_base + history_length - 1) : NULL;

	if (!*line)
		return;
	if (!last || strcmp(last->line, line) != 0)
		add_history(line);
	history_set_pos(history_length);
}

int rlb_history_save(const char *path, char *err, size_t errlen)
{
	struct strbuf sb;
	HIST_ENTRY **l = history_list();
	int rc;

	/* write_history() would truncate the file in place: build the text and rename */
	strbuf_init(&sb);
	strbuf_puts(&sb, "");
	for (int i = 0; l && l[i]; i++)
		strbuf_printf(&sb, "%s\n", l[i]->line);
	rc = file_write_atomic(path, sb.buf, sb.len, 0600, err, errlen);
	strbuf_release(&sb);
	return rc;
}
