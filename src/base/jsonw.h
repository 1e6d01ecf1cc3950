/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * jsonw: one printer for the two forms of ip's output. A field is printed with its
 * text form (a printf format, as the plain output shows it) and its JSON key; the
 * writer keeps the one its mode asks for. The JSON follows iproute2's writer byte for
 * byte: a top-level array of objects, "," between members, and with -pretty four
 * spaces per level, "[ ]" for an empty array and " ]" closing a full one.
 */
#ifndef PKTPATH_JSONW_H
#define PKTPATH_JSONW_H

#include <stdbool.h>

#include "util.h"

struct jw {
	struct strbuf *sb;
	bool json, pretty;
	unsigned depth;
	char sep; /* ',' when the next member needs one before it */
};

/* A writer of the plain text form into sb */
static inline struct jw jw_text(struct strbuf *sb)
{
	struct jw w = { sb, false, false, 0, '\0' };

	return w;
}

/* A writer in the given mode; in JSON opens the top-level array */
void jw_start(struct jw *w, struct strbuf *sb, bool json, bool pretty);
/* Closes the top-level array and ends the line (JSON only) */
void jw_finish(struct jw *w);

/* Objects and arrays exist in JSON only: in text these print nothing. A NULL key is a
 * member of an array. (Inline: in text each is a test, on the path of every `ip route
 * get` line.) */
void jw_begin(struct jw *w, const char *key, char c);
void jw_end(struct jw *w, char c);
static inline void jw_obj(struct jw *w, const char *key)
{
	if (w->json)
		jw_begin(w, key, '{');
}
static inline void jw_obj_end(struct jw *w)
{
	if (w->json)
		jw_end(w, '}');
}
static inline void jw_arr(struct jw *w, const char *key)
{
	if (w->json)
		jw_begin(w, key, '[');
}
static inline void jw_arr_end(struct jw *w)
{
	if (w->json)
		jw_end(w, ']');
}

/* key: the value in JSON, printf(fmt, value) in text. The value is the one argument
 * after fmt: a string for jw_str, an unsigned long long for jw_uint, a long long for
 * jw_int (the format's conversion must say so: %llu, %llx, %lld). A NULL key in JSON is
 * a member of an array. */
void jw_str(struct jw *w, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void jw_uint(struct jw *w, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void jw_int(struct jw *w, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* key: v in JSON only */
void jw_json_uint(struct jw *w, const char *key, unsigned long long v);
/* key: v in JSON; in text prefix, v and a space, appended without printf (`pktpath
 * run` prints a route per `ip route get` line, where formatting cost more than the
 * lookup) */
void jw_word_json(struct jw *w, const char *key, const char *v);
/* always inlined: the prefix is a literal at every call, and its length then known;
 * jw_word_n is given v's length too */
__attribute__((always_inline)) static inline void
jw_word_n(struct jw *w, const char *key, const char *prefix, const char *v, size_t n)
{
	if (w->json) {
		jw_word_json(w, key, v);
		return;
	}
	strbuf_puts(w->sb, prefix);
	strbuf_add(w->sb, v, n);
	strbuf_add(w->sb, " ", 1);
}
__attribute__((always_inline)) static inline void jw_word(struct jw *w, const char *key,
							  const char *prefix, const char *v)
{
	jw_word_n(w, key, prefix, v, w->json ? 0 : strlen(v));
}
/* key: null in JSON (a flag that is there), text as it is in text */
void jw_null(struct jw *w, const char *key, const char *text);
/* key: true in JSON (print_bool), text as it is in text */
void jw_true(struct jw *w, const char *key, const char *text);
/* Text only */
void jw_fp(struct jw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void jw_puts(struct jw *w, const char *s)
{
	if (!w->json)
		strbuf_puts(w->sb, s);
}

#endif
