/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * jsonw: ip's plain and JSON output through one printer (see jsonw.h).
 */
#include "jsonw.h"

#include <stdio.h>

static void indent_eol(struct jw *w)
{
	if (!w->pretty)
		return;
	strbuf_puts(w->sb, "\n");
	for (unsigned i = 0; i < w->depth; i++)
		strbuf_puts(w->sb, "    ");
}

/* the comma before a member that follows another */
static void sep(struct jw *w)
{
	if (w->sep)
		strbuf_add(w->sb, &w->sep, 1);
	w->sep = ',';
}

static void quoted(struct jw *w, const char *s)
{
	strbuf_puts(w->sb, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '\t':
			strbuf_puts(w->sb, "\\t");
			break;
		case '\n':
			strbuf_puts(w->sb, "\\n");
			break;
		case '\r':
			strbuf_puts(w->sb, "\\r");
			break;
		case '\f':
			strbuf_puts(w->sb, "\\f");
			break;
		case '\b':
			strbuf_puts(w->sb, "\\b");
			break;
		case '\\':
			strbuf_puts(w->sb, "\\\\");
			break;
		case '"':
			strbuf_puts(w->sb, "\\\"");
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				strbuf_printf(w->sb, "\\u%04x", c);
			else
				strbuf_add(w->sb, s, 1);
		}
	}
	strbuf_puts(w->sb, "\"");
}

static void name(struct jw *w, const char *key)
{
	if (!key) { /* an array's member */
		sep(w);
		w->sep = '\0';
		return;
	}
	sep(w);
	indent_eol(w);
	w->sep = '\0';
	quoted(w, key);
	strbuf_puts(w->sb, w->pretty ? ": " : ":");
}

/* an object or array opens: '[' (with -pretty and a space after it) or '{' */
void jw_begin(struct jw *w, const char *key, char c)
{
	name(w, key);
	sep(w);
	strbuf_add(w->sb, &c, 1);
	w->depth++;
	w->sep = '\0';
	if (c == '[' && w->pretty)
		strbuf_puts(w->sb, " ");
}

/* ... closes: a full array with -pretty ends " ]", an object on a line of its own */
void jw_end(struct jw *w, char c)
{
	if (c == ']') {
		if (w->pretty && w->sep)
			strbuf_puts(w->sb, " ");
		w->sep = '\0';
	}
	if (w->depth)
		w->depth--;
	if (w->sep)
		indent_eol(w);
	strbuf_add(w->sb, &c, 1);
	w->sep = ',';
}

void jw_start(struct jw *w, struct strbuf *sb, bool json, bool pretty)
{
	*w = jw_text(sb);
	w->json = json;
	w->pretty = json && pretty;
	if (json)
		jw_arr(w, NULL);
}

void jw_finish(struct jw *w)
{
	if (!w->json)
		return;
	jw_arr_end(w);
	strbuf_puts(w->sb, "\n");
}

void jw_word_json(struct jw *w, const char *key, const char *v)
{
	name(w, key);
	sep(w);
	quoted(w, v);
}

static void number(struct jw *w, const char *key, const char *digits)
{
	name(w, key);
	sep(w);
	strbuf_puts(w->sb, digits);
}

void jw_json_uint(struct jw *w, const char *key, unsigned long long v)
{
	char b[24];

	if (!w->json)
		return;
	snprintf(b, sizeof(b), "%llu", v);
	number(w, key, b);
}

/* The text form, or in JSON the value of the kind that fmt's conversion names */
enum kind { K_STR, K_UINT, K_INT };

__attribute__((format(printf, 4, 0))) static void any(struct jw *w, const char *key, enum kind k,
						      const char *fmt, va_list ap)
{
	char b[24];

	if (!w->json) {
		strbuf_vprintf(w->sb, fmt, ap);
		return;
	}
	switch (k) {
	case K_STR:
		jw_word_json(w, key, va_arg(ap, const char *));
		return;
	case K_UINT:
		snprintf(b, sizeof(b), "%llu", va_arg(ap, unsigned long long));
		break;
	case K_INT:
		snprintf(b, sizeof(b), "%lld", va_arg(ap, long long));
		break;
	}
	number(w, key, b);
}

void jw_str(struct jw *w, const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	any(w, key, K_STR, fmt, ap);
	va_end(ap);
}

void jw_uint(struct jw *w, const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	any(w, key, K_UINT, fmt, ap);
	va_end(ap);
}

void jw_int(struct jw *w, const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	any(w, key, K_INT, fmt, ap);
	va_end(ap);
}

void jw_null(struct jw *w, const char *key, const char *text)
{
	if (!w->json)
		strbuf_puts(w->sb, text);
	else
		number(w, key, "null");
}

void jw_true(struct jw *w, const char *key, const char *text)
{
	if (!w->json)
		strbuf_puts(w->sb, text);
	else
		number(w, key, "true");
}

void jw_fp(struct jw *w, const char *fmt, ...)
{
	va_list ap;

	if (w->json)
		return;
	va_start(ap, fmt);
	strbuf_vprintf(w->sb, fmt, ap);
	va_end(ap);
}
