/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The console's line editor (ui/rl.c, GNU readline through its callback interface): it
 * edits in emacs mode whatever ~/.inputrc asks (vi mode crashes readline 8.2 in callback
 * mode), Alt+Enter does not switch to vi mode, ordinary editing still works, a
 * numeric argument stops at RLB_ARG_MAX, the line at RLB_LINE_MAX and a history search
 * string at RLB_SEARCH_MAX; the history search (pktpath's own) behaves as readline's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>

#include <readline/readline.h>

#include "../../ui/keys.h"
#include "../../ui/rl.h"

/* readline 8.2 keeps (and leaks) its own contexts; the console's tests suppress them too */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libreadline\n";
}

static char *last_line;
static int lines;
static bool last_cut; /* rlb_line_cut() when the last line came */

static void on_line(void *arg, char *line)
{
	(void)arg;
	free(last_line);
	last_line = line;
	last_cut = rlb_line_cut();
	lines++;
}

static const struct rlb_ops ops = { NULL, on_line, NULL, NULL };

static void feed_char(int ch, bool meta)
{
	struct ui_keyev k = { UK_CHAR, ch, 0, 0 };

	rlb_feed(&k, meta);
}

static void feed_key(enum ui_key key, bool meta)
{
	struct ui_keyev k = { key, 0, 0, 0 };

	rlb_feed(&k, meta);
}

static void feed_text(const char *s)
{
	for (; *s; s++)
		feed_char((unsigned char)*s, false);
}

static void test_emacs_despite_inputrc(void **state)
{
	(void)state;
	assert_int_equal(rl_editing_mode, 1); /* 1: emacs, 0: vi */
}

static void test_alt_enter_stays_emacs(void **state)
{
	(void)state;
	rlb_clear_line();
	feed_key(UK_ENTER, true); /* Alt+Enter: vi-editing-mode in readline's emacs map */
	assert_int_equal(rl_editing_mode, 1);
	feed_char('[', true); /* the sequence that then crashed readline 8.2 */
	feed_text("1Z");
	assert_int_equal(rl_editing_mode, 1);
}

static void test_editing_still_works(void **state)
{
	struct rlb_display d;
	int before;

	(void)state;
	rlb_clear_line();
	before = lines;
	feed_text("ip rout");
	feed_key(UK_LEFT, false);
	feed_key(UK_BACKSPACE, false);
	feed_key(UK_END, false);
	feed_text("e");
	rlb_display(&d);
	assert_string_equal(d.text, "h> ip rote");
	feed_char(1, false); /* Ctrl-A */
	feed_char('x', false);
	feed_key(UK_ENTER, false);
	assert_int_equal(lines, before + 1);
	assert_non_null(last_line);
	assert_string_equal(last_line, "xip rote");
}

static void test_numeric_argument_capped(void **state)
{
	struct rlb_display d;

	(void)state;
	rlb_clear_line();
	feed_char('6', true); /* M-6 starts a numeric argument */
	feed_text("666666");
	feed_char('x', false);
	rlb_display(&d);
	assert_int_equal(strlen(d.text), strlen("h> ") + RLB_ARG_MAX);
	feed_char('4', true); /* M-4 */
	feed_char('y', false);
	rlb_display(&d);
	assert_int_equal(strlen(d.text), strlen("h> ") + RLB_ARG_MAX + 4);
	rlb_clear_line();
}

/* Killing a line and yanking it back again and again doubles it each round (17 rounds:
 * 2.9 MB); the line stops at RLB_LINE_MAX bytes, cut at a character boundary, and is
 * handed over marked as cut (the console does not run it); the next line is whole. */
static void test_line_capped(void **state)
{
	struct rlb_display d;

	(void)state;
	rlb_clear_line();
	feed_text("ру́сский route ");
	for (int round = 0; round < 17; round++) {
		feed_char(1, false);  /* Ctrl-A */
		feed_char(11, false); /* Ctrl-K: the whole line to the kill ring */
		feed_char(25, false); /* Ctrl-Y twice: the line, twice */
		feed_char(25, false);
	}
	rlb_display(&d);
	assert_true(strlen(d.text) > (size_t)RLB_LINE_MAX / 2);
	assert_true(strlen(d.text) <= strlen("h> ") + RLB_LINE_MAX);
	for (const char *p = d.text; *p; p++)
		assert_true(*p != '?'); /* no cut character shown as invalid UTF-8 */
	assert_true(rlb_line_cut());
	feed_key(UK_ENTER, false);
	assert_true(last_cut);
	assert_true(strlen(last_line) <= RLB_LINE_MAX);
	assert_false(rlb_line_cut());
	feed_text("ip route");
	feed_key(UK_ENTER, false);
	assert_false(last_cut);
	assert_string_equal(last_line, "ip route");
	rlb_clear_line();
}

/* The search string (Ctrl-R) stops at RLB_SEARCH_MAX bytes, also when the last string
 * is recalled (Ctrl-R Ctrl-R) and grown round after round. Searching still finds what it
 * should. */
static void test_search_capped(void **state)
{
	const size_t most = RLB_SEARCH_MAX + RLB_SEARCH_PROMPT;
	struct rlb_display d;

	(void)state;
	rlb_clear_line();
	rlb_history_add("ip route show table main");
	for (int round = 0; round < 4; round++) {
		feed_char(18, false); /* Ctrl-R Ctrl-R: the last search string again */
		feed_char(18, false);
		for (int i = 0; i < 200; i++)
			feed_char('q', false);
		assert_true(rlb_searching());
		rlb_display(&d);
		assert_true((size_t)d.prompt_cols <= most);
		feed_key(UK_ENTER, false); /* ends the search (the string is kept) and runs "" */
	}
	feed_char(18, false);
	feed_char(18, false);
	rlb_display(&d);
	assert_true((size_t)d.prompt_cols > RLB_SEARCH_MAX - 10);
	assert_true((size_t)d.prompt_cols <= most);
	feed_char(7, false); /* Ctrl-G */
	assert_false(rlb_searching());

	rlb_clear_line();
	feed_char(18, false);
	feed_text("table");
	rlb_display(&d);
	assert_non_null(strstr(d.text, "ip route show table main"));
	feed_char(7, false);
	rlb_clear_line();
}

/* yank-last-arg (M-.) takes the last word of the previous line, again and again further
 * back; while a history line ends with a backslash (which readline 8.2's tokenizer reads
 * past, found by tests/fuzz/fuzz-keys) M-. and M-C-y leave the line as it is */
static void test_yank_arg(void **state)
{
	struct rlb_display d;

	(void)state;
	rlb_clear_line();
	rlb_history_add("ip route show");
	rlb_history_add("ip rule list");
	feed_char('.', true); /* M-. */
	rlb_display(&d);
	assert_string_equal(d.text, "h> list");
	feed_char('.', true); /* again: the line before */
	rlb_display(&d);
	assert_string_equal(d.text, "h> show");
	rlb_clear_line();
	rlb_history_add("echo a\\");
	feed_char('.', true);
	feed_char(25, true); /* M-C-y */
	feed_char('_', true);
	rlb_display(&d);
	assert_string_equal(d.text, "h> ");
	rlb_clear_line();
}

/* Enter after a numeric argument finishes the line at once (readline 8.2 in callback
 * mode waited for the next key and ran it first: Ctrl-R there searched on a saved line
 * that finishing the line freed) */
static void test_enter_after_argument(void **state)
{
	int before;

	(void)state;
	rlb_clear_line();
	before = lines;
	feed_char('r', false);
	feed_char(16, false); /* Ctrl-P: readline saves the line being edited */
	feed_char('1', true); /* M-1 5: an argument */
	feed_char('5', false);
	feed_key(UK_ENTER, false);
	assert_int_equal(lines, before + 1);
	feed_char(18, false); /* Ctrl-R, then Ctrl-G: no use of the freed saved line */
	feed_char(7, false);
	assert_false(rlb_searching());
	rlb_clear_line();
}

/* The history search: back and on, failing, Backspace, Ctrl-G, Enter and other keys */
static void test_search(void **state)
{
	struct rlb_display d;
	int before;

	(void)state;
	rlb_clear_line();
	clear_history(); /* these lines only */
	rlb_history_add("ip route show");
	rlb_history_add("ip rule list");
	rlb_history_add("ip route get 10.0.0.1");
	feed_text("draft");
	feed_char(18, false); /* Ctrl-R route: the newest line with it */
	feed_text("route");
	rlb_display(&d);
	assert_string_equal(d.text, "(reverse-i-search)`route': ip route get 10.0.0.1");
	assert_int_equal(d.cursor_col, d.prompt_cols + 3); /* at the match */
	feed_char(18, false); /* Ctrl-R: the one before (past "ip rule list") */
	rlb_display(&d);
	assert_string_equal(d.text, "(reverse-i-search)`route': ip route show");
	feed_char(18, false); /* none older: failed, the line stays */
	rlb_display(&d);
	assert_string_equal(d.text, "(failed reverse-i-search)`route': ip route show");
	feed_char(19, false); /* Ctrl-S: turns round, on to the newer one */
	rlb_display(&d);
	assert_string_equal(d.text, "(i-search)`route': ip route get 10.0.0.1");
	feed_key(UK_BACKSPACE, false); /* "rout", from where the search began */
	feed_char(18, false);
	rlb_display(&d);
	assert_non_null(strstr(d.text, "`rout': ip route"));
	feed_char(7, false); /* Ctrl-G: the line as it was */
	assert_false(rlb_searching());
	rlb_display(&d);
	assert_string_equal(d.text, "h> draft");

	feed_char(18, false); /* Enter runs the line found */
	feed_text("rule");
	before = lines;
	feed_key(UK_ENTER, false);
	assert_int_equal(lines, before + 1);
	assert_string_equal(last_line, "ip rule list");
	assert_false(rlb_searching());

	feed_char(18, false); /* another key ends the search on the line, then works */
	feed_text("show");
	feed_char(5, false); /* Ctrl-E */
	assert_false(rlb_searching());
	feed_text(" x");
	rlb_display(&d);
	assert_string_equal(d.text, "h> ip route show x");
	rlb_clear_line();

	feed_char(18, false); /* Esc from the console: as Ctrl-G */
	feed_text("get");
	rlb_abort_search();
	assert_false(rlb_searching());
	rlb_display(&d);
	assert_string_equal(d.text, "h> ");
	rlb_clear_line();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_capped),
		cmocka_unit_test(test_emacs_despite_inputrc),
		cmocka_unit_test(test_alt_enter_stays_emacs),
		cmocka_unit_test(test_editing_still_works),
		cmocka_unit_test(test_numeric_argument_capped),
		cmocka_unit_test(test_search_capped),
		cmocka_unit_test(test_yank_arg),
		cmocka_unit_test(test_enter_after_argument),
		cmocka_unit_test(test_search),
	};
	char path[] = "/tmp/pktpath-inputrc.XXXXXX";
	int fd = mkstemp(path);
	int rc;

	setlocale(LC_ALL, "C.UTF-8");
	if (fd < 0 || write(fd, "set editing-mode vi\n", 20) != 20)
		return 1;
	close(fd);
	setenv("INPUTRC", path, 1);
	if (!rlb_init(&ops, "h> ", 80, 24)) {
		unlink(path);
		return 1;
	}
	unlink(path);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	rlb_end();
	free(last_line);
	return rc;
}
