/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the key decoder (ui/keys.c keys_decode, which the linear mode reads
 * the terminal with) and the console's line editor (ui/rl.c: readline through its
 * callback interface) fed with what it decodes. Input: terminal bytes. Properties: no
 * sanitizer report; the decoder never asks for more than KEYS_SEQ_MAX bytes, always
 * finishes at the end of input and gives valid keys (a character is a Unicode scalar
 * value); the keymap answers for every key in both modes; the editor's display keeps the
 * cursor inside the prompt and line it shows. Seeds: tests/fuzz/corpus-keys.
 *
 * readline keeps state between inputs that the harness cannot reset (its editing mode,
 * keyboard macros, history...), so a crash may need the inputs before it: with
 * FUZZ_KEYS_LOG=DIR every input is also written to DIR/00000000, 00000001..., and
 * passing those files in order to the target (`fuzz-keys -runs=1 DIR/0*`) replays the
 * session. A read past a buffer shows only when the bytes past it are not zero: replay
 * with ASAN_OPTIONS=malloc_fill_byte=85:max_malloc_fill_size=65536:free_fill_byte=85:
 * max_free_fill_size=65536.
 */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>

#include "../../ui/keys.h"
#include "../../ui/rl.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_line(void *arg, char *line)
{
	(void)arg;
	if (line)
		rlb_history_add(line); /* Ctrl-R then has something to search */
	free(line);
}

static int complete(void *arg, const char *line, int start, int end, char ***cands, size_t *n)
{
	static const char *const words[] = { "route", "rule", "addr", "link", "neigh", "ру́сский" };

	(void)arg;
	(void)line;
	(void)start;
	(void)end;
	*n = sizeof(words) / sizeof(words[0]);
	*cands = malloc(*n * sizeof(**cands));
	for (size_t i = 0; i < *n; i++)
		(*cands)[i] = strdup(words[i]);
	return 0;
}

static void show_matches(void *arg, char **matches, size_t n)
{
	(void)arg;
	for (size_t i = 0; i < n; i++)
		if (!matches[i])
			abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const struct rlb_ops ops = { NULL, on_line, complete, show_matches };

	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8");
	if (!rlb_init(&ops, "h> ", 80, 24))
		abort();
	stifle_history(50);
	return 0;
}

static void use_key(const struct ui_keyev *k, bool *meta)
{
	if (k->k == UK_CHAR &&
	    (k->ch < 0 || k->ch > 0x10FFFF || (k->ch >= 0xD800 && k->ch <= 0xDFFF)))
		abort();
	if ((unsigned)k->k > UK_SDOWN)
		abort();
	if ((unsigned)keys_action(k, false) >= ACT__COUNT ||
	    (unsigned)keys_action(k, true) >= ACT__COUNT)
		abort();
	/* as the console does (ui/console.c): Ctrl-C clears the line, Esc leaves a search */
	if (k->k == UK_CHAR && k->ch == 3) {
		rlb_clear_line();
		*meta = false;
		return;
	}
	if (k->k == UK_ESC) {
		if (rlb_searching())
			rlb_abort_search();
		else
			*meta = true;
		return;
	}
	rlb_feed(k, *meta);
	*meta = false;
}

static void log_input(const uint8_t *data, size_t size)
{
	static const char *dir;
	static bool checked;
	static unsigned seq;
	char fn[4096];
	FILE *f;

	if (!checked) {
		dir = getenv("FUZZ_KEYS_LOG");
		checked = true;
	}
	if (!dir)
		return;
	snprintf(fn, sizeof(fn), "%s/%08u", dir, seq++);
	f = fopen(fn, "wb");
	if (!f)
		return;
	fwrite(data, 1, size, f);
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char buf[KEYS_SEQ_MAX];
	struct ui_keyev k;
	struct rlb_display d;
	bool meta = false;
	size_t n = 0;

	log_input(data, size);
	/* each input starts on an empty line, as after Ctrl-C in the console. The history
	 * stays, as the console keeps it (stifled at 50 here): emptying it under readline
	 * with clear_history(), which the console never does, made readline crash inside
	 * its i-search on a session that runs clean when the history stays */
	rlb_clear_line();
	for (size_t i = 0; i < size; i++) {
		if (n >= KEYS_SEQ_MAX)
			abort(); /* it asked for more than it may */
		buf[n++] = data[i];
		if (keys_decode(buf, n, false, &k)) {
			use_key(&k, &meta);
			n = 0;
		}
	}
	if (n) {
		if (!keys_decode(buf, n, true, &k))
			abort(); /* the end of input must finish the key */
		use_key(&k, &meta);
	}
	if (rlb_searching())
		rlb_abort_search();
	rlb_display(&d);
	if (!d.text || d.prompt_cols < 0 || d.cursor_col < d.prompt_cols ||
	    (size_t)d.cursor_col > 2 * strlen(d.text))
		abort();
	return 0;
}
