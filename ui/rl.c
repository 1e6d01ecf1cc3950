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

static void disp_build(void)
{
	const char *p = rl_display_prompt ? rl_display_prompt : "";
	int cur = 0;
	size_t point = rl_point < 0 ? 0 : (size_t)rl_point;

	strbuf_reset(&disp);
	strbuf_puts(&disp, "");
	disp_prompt_cols = disp_add(p, strlen(p), 0, NULL);
	if (point > (size_t)rl_end)
		point = (size_t)rl_end;
	disp_add(rl_line_buffer ? rl_line_buffer : "", (size_t)rl_end, point, &cur);
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

/* True if k, during an i-search, would grow the search string past RLB_SEARCH_MAX.
 * readline 8.2 keeps the last search string for the next Ctrl-R Ctrl-R and adds to it
 * without limit (a character per key; Ctrl-Y the rest of the line, Ctrl-W a word), and
 * shows it in the prompt after every key: session after session it grew to megabytes
 * and each key took seconds (found by tests/fuzz/fuzz-keys). The prompt holds the search
 * string and a few words, so its length bounds the string's. */
static bool search_full(const struct ui_keyev *k, bool meta)
{
	size_t add, len;

	if (!RL_ISSTATE(RL_STATE_ISEARCH) || k->k != UK_CHAR || meta || !rl_display_prompt)
		return false;
	if (k->ch == 0x19 || k->ch == 0x17) /* Ctrl-Y, Ctrl-W: at most the rest of the line */
		add = rl_end > rl_point ? (size_t)(rl_end - rl_point) : 0;
	else if (k->ch >= 0x20 && k->ch != 0x7f)
		add = MB_LEN_MAX; /* a character */
	else
		return false; /* a key that ends the search, goes on or takes a character off */
	len = strlen(rl_display_prompt);
	return len + add > RLB_SEARCH_MAX + RLB_SEARCH_PROMPT;
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

/* The direction of the i-search under way (-1 reverse, 1 forward, 0 none seen). */
static int search_dir;

/* Does key b turn the i-search under way round? Then it is not fed: readline 8.2 reads
 * freed memory when a reverse search that found a line turns forward, fails, and turns
 * back (C-r g C-s o C-r with a history line of a few hundred characters: a use after
 * free or an overflow in _rl_isearch_dispatch; found by tests/fuzz/fuzz-keys). C-r again
 * and C-s again still search on; a search cannot change direction. */
static bool search_turns(const char *b, size_t n)
{
	int type = 0, dir;
	rl_command_func_t *f = rl_function_of_keyseq_len(b, n, rl_get_keymap(), &type);

	if (!RL_ISSTATE(RL_STATE_ISEARCH))
		search_dir = 0;
	if (type != ISFUNC || (f != rl_reverse_search_history && f != rl_forward_search_history))
		return false;
	dir = f == rl_reverse_search_history ? -1 : 1;
	if (!RL_ISSTATE(RL_STATE_ISEARCH)) {
		search_dir = dir;
		return false;
	}
	return search_dir && dir != search_dir;
}

void rlb_feed(const struct ui_keyev *k, bool meta)
{
	char b[MB_LEN_MAX + 4];
	size_t n = 0;

	if (!inited)
		return;
	/* a NUL (Ctrl-Space) ending an i-search leaks readline 8.2's search context (found
	 * by tests/fuzz/fuzz-keys): ignored while searching */
	if (k->k == UK_CHAR && k->ch == 0 && rlb_searching())
		return;
	/* a prefix key (C-x) ending an i-search makes readline 8.2 crash on the key after it,
	 * in callback mode (Ctrl-R, Ctrl-X, any key: SEGV in rl_callback_read_char; found by
	 * tests/fuzz/fuzz-keys): ignored while searching */
	if (k->k == UK_CHAR && k->ch == 0x18 && rlb_searching())
		return;
	if (search_full(k, meta))
		return;
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
	if (search_turns(b, n))
		return;
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
	return inited && RL_ISSTATE(RL_STATE_ISEARCH | RL_STATE_NSEARCH);
}

void rlb_abort_search(void)
{
	struct ui_keyev k = { UK_CHAR, 7, 0, 0 }; /* C-g ends i-search, restoring the line */

	if (rlb_searching())
		rlb_feed(&k, false);
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
