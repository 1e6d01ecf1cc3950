/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The key decoder (ui/keys.c keys_decode), which the linear mode reads the terminal
 * with: sequences complete byte by byte, a lone Esc needs the end of input (the escape
 * timeout), Alt+key is Esc, unknown sequences and invalid UTF-8 are no key.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <string.h>

#include "../../ui/keys.h"

/* Feeds s byte by byte; returns the key, and how many bytes it took in *used. */
static struct ui_keyev decode(const char *s, size_t len, size_t *used)
{
	struct ui_keyev k;
	size_t n;

	for (n = 1; n <= len; n++)
		if (keys_decode((const unsigned char *)s, n, false, &k)) {
			*used = n;
			return k;
		}
	assert_true(keys_decode((const unsigned char *)s, len, true, &k));
	*used = len;
	return k;
}

static void expect(const char *s, enum ui_key want, int ch, size_t want_used)
{
	size_t used;
	struct ui_keyev k = decode(s, strlen(s), &used);

	assert_int_equal(k.k, want);
	if (want == UK_CHAR)
		assert_int_equal(k.ch, ch);
	assert_int_equal(used, want_used);
}

static void test_sequences(void **state)
{
	(void)state;
	expect("\033[A", UK_UP, 0, 3);
	expect("\033[B", UK_DOWN, 0, 3);
	expect("\033[C", UK_RIGHT, 0, 3);
	expect("\033[D", UK_LEFT, 0, 3);
	expect("\033OP", UK_F1, 0, 3);
	expect("\033[5~", UK_PGUP, 0, 4);
	expect("\033[6~", UK_PGDN, 0, 4);
	expect("\033[15~", UK_F5, 0, 5);
	expect("\033[21~", UK_F10, 0, 5);
	expect("\033[1;2C", UK_SRIGHT, 0, 6);
	expect("\033[Z", UK_BTAB, 0, 3);
	expect("\033[99~x", UK_NONE, 0, 5);    /* unknown: consumed, no key */
	expect("\033[1234567", UK_NONE, 0, 9); /* no terminator: at most 7 bytes */
	expect("\033x", UK_ESC, 0, 2);	       /* Alt+x */
	expect("\033", UK_ESC, 0, 1);	       /* lone Esc: only at the end of input */
	expect("\033[", UK_NONE, 0, 2);
}

static void test_single_bytes(void **state)
{
	(void)state;
	expect("\r", UK_ENTER, 0, 1);
	expect("\n", UK_ENTER, 0, 1);
	expect("\t", UK_TAB, 0, 1);
	expect("\177", UK_BACKSPACE, 0, 1);
	expect("\b", UK_BACKSPACE, 0, 1);
	expect("\f", UK_CTRL_L, 0, 1);
	expect("q", UK_CHAR, 'q', 1);
	expect("\003", UK_CHAR, 3, 1);
}

static void test_utf8(void **state)
{
	(void)state;
	expect("ы", UK_CHAR, 0x44b, 2);
	expect("€", UK_CHAR, 0x20ac, 3);
	expect("\xf0\x9f\x98\x80", UK_CHAR, 0x1f600, 4);
	expect("\xd1", UK_NONE, 0, 1);		   /* cut at the end of input */
	expect("\x80", UK_NONE, 0, 1);		   /* a continuation byte first */
	expect("\xf6\x9f\x98\x80", UK_NONE, 0, 4); /* beyond U+10FFFF */
	expect("\xed\xa0\x80", UK_NONE, 0, 3);	   /* a surrogate */
}

/* The config file's bindings (keys_bind): before the table, per mode, the last one of a
 * key and mode wins, unbinding shadows the table; names read back */
static void test_user_bindings(void **state)
{
	struct ui_keyev x, q, pg;
	char name[32];
	unsigned modes;
	enum action a;

	(void)state;
	keys_bind_reset();
	assert_true(keys_parse_name("x", &x));
	assert_true(keys_parse_name("q", &q));
	assert_true(keys_parse_name("PgDn", &pg));
	assert_int_equal(keys_action(&x, false), ACT_NONE);
	keys_bind(&x, ACT_NEXT, KEYS_PRESENTER);
	assert_int_equal(keys_action(&x, true), ACT_NEXT);
	assert_int_equal(keys_action(&x, false), ACT_NONE); /* presenter only */
	keys_bind(&x, ACT_PREV, KEYS_BOTH);
	assert_int_equal(keys_action(&x, true), ACT_PREV); /* the later binding wins */
	assert_int_equal(keys_action(&x, false), ACT_PREV);
	assert_int_equal(keys_action(&q, false), ACT_QUIT);
	keys_bind(&q, ACT_NONE, KEYS_VIEW); /* unbind-key -T view q */
	assert_int_equal(keys_action(&q, false), ACT_NONE);
	keys_bind(&pg, ACT_PLAY, KEYS_VIEW);
	assert_int_equal(keys_action(&pg, false), ACT_PLAY);
	assert_int_equal(keys_action(&pg, true), ACT_NEXT); /* the table still, in presenter mode */
	/* one entry per key: x replaced, q and PgDn */
	assert_true(keys_user_binding(0, name, sizeof(name), &modes, &a));
	assert_string_equal(name, "x");
	assert_int_equal(modes, KEYS_BOTH);
	assert_int_equal(a, ACT_PREV);
	assert_true(keys_user_binding(2, name, sizeof(name), &modes, &a));
	assert_string_equal(name, "PageDown");
	assert_false(keys_user_binding(3, name, sizeof(name), &modes, &a));
	/* names */
	assert_true(keys_parse_name("Space", &x) && x.k == UK_CHAR && x.ch == ' ');
	keys_name(&x, name, sizeof(name));
	assert_string_equal(name, "Space");
	assert_false(keys_parse_name("Hyper-Q", &x));
	assert_false(keys_parse_name("xy", &x));
	assert_int_equal(action_parse("theme-cycle"), ACT_THEME_CYCLE);
	assert_int_equal(action_parse("goto"), -1); /* not a command one binds */
	assert_string_equal(action_name(ACT_NEXT_STEP), "next-step");
	keys_bind_reset();
	assert_int_equal(keys_action(&q, false), ACT_QUIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sequences),
		cmocka_unit_test(test_single_bytes),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_user_bindings),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
