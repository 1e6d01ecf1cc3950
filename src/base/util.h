/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * util: allocation that never fails (aborts through a hook), a growable string
 * buffer, IPv4 address helpers and the caller-owned diagnostic struct.
 *
 * IPv4 addresses are kept in host byte order (uint32_t, 10.0.0.1 == 0x0a000001)
 * everywhere in the engine: prefix arithmetic is then plain integer arithmetic.
 */
#ifndef PKTPATH_UTIL_H
#define PKTPATH_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
/* A copy of n bytes at p (NULL when n is 0). */
void *xmemdup(const void *p, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Called before abort() on allocation failure; ui/ installs one that restores the terminal. */
void util_set_fatal_hook(void (*hook)(void));

/* Grow *v (array of elements of size sz, capacity *cap) so that it holds at least n. */
void vec_reserve(void **v, size_t *cap, size_t n, size_t sz);

struct strbuf {
	char *buf; /* always NUL-terminated when len > 0 or after strbuf_init */
	size_t len;
	size_t cap;
};
void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
/* Makes room for extra more bytes and the NUL (strbuf_add's slow path). */
void strbuf_grow(struct strbuf *sb, size_t extra);
/* Inline: the answers of `pktpath run` are built of many short appends, and a literal's
 * length is then known at compile time. */
static inline void strbuf_add(struct strbuf *sb, const char *s, size_t n)
{
	if (!sb->buf || sb->len + n + 1 > sb->cap)
		strbuf_grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

static inline void strbuf_puts(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when the bytes there are not
 * valid UTF-8 (overlong forms, surrogates and code points past U+10FFFF included). */
size_t utf8_valid_len(const char *s);

/* ---- files ---- */

/* Largest file file_read() accepts by default (scene files, includes). */
#define FILE_READ_MAX ((size_t)16 << 20)

/* Reads a whole regular file (or, for path "-", standard input) of at most max
 * bytes. Refuses directories, devices, FIFOs and sockets (a FIFO or /dev/zero would
 * be read forever), files larger than max, read errors and NUL bytes, with a message
 * in err ("PATH: not a regular file"). Returns the NUL-terminated text (owned) and its
 * length in *lenp, or NULL. */
char *file_read(const char *path, size_t max, size_t *lenp, char *err, size_t errlen);

/* Writes data to path so that a reader sees the old file or the new one, never a
 * part: a temporary file in the same directory, fsync, rename. What is at path
 * decides: nothing -> a new file with new_mode (& ~umask); a regular file -> replaced,
 * keeping its mode (and owner, for root); a symbolic link -> its target is written
 * (the link stays; a dangling link is refused); a read-only file, a directory,
 * device, FIFO or socket -> refused. 0, or -1 with the reason in err. */
int file_write_atomic(const char *path, const char *data, size_t len, unsigned new_mode, char *err,
		      size_t errlen);

/* Errors: a negative code plus a message; the message is exactly what the user sees. */
struct diag {
	int code;
	char msg[512];
};
int diag_set(struct diag *d, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* IPv4 */
static inline uint32_t ip_mask(int plen)
{
	return plen <= 0 ? 0 : (plen >= 32 ? 0xffffffffu : ~((1u << (32 - plen)) - 1));
}
static inline bool ip_in_prefix(uint32_t a, uint32_t net, int plen)
{
	return ((a ^ net) & ip_mask(plen)) == 0;
}
/* Parse dotted quad (also the short forms iproute2 accepts: "10", "10.1", "10.1.2"). */
bool ip_parse(const char *s, uint32_t *out);
/* The same on the len bytes at s (no NUL needed; a NUL among them is refused) */
bool ip_parse_n(const char *s, size_t len, uint32_t *out);
/* Parse "A[/L]"; *plen = -1 when no length was given. */
bool prefix_parse(const char *s, uint32_t *addr, int *plen);
/* Formats into buf (>= 16 bytes) and returns buf. */
char *ip_fmt(uint32_t a, char *buf);
/* The same, returning the end of the text (its NUL): the length without a strlen. */
char *ip_fmt_end(uint32_t a, char *buf);
/* Rotating static buffers for printf convenience (8 slots). */
const char *ip_str(uint32_t a);

bool parse_u32(const char *s, uint32_t *out); /* decimal or 0x hex, like iproute2's get_u32(…, 0) */

/* Ethernet addresses: "02:00:00:00:00:10" (parse accepts 1-2 hex digits per byte, as
 * iproute2's ll_addr_a2n does for colon-separated input). */
bool mac_parse(const char *s, uint8_t mac[6]);
/* Formats into buf (>= 18 bytes) and returns buf. */
char *mac_fmt(const uint8_t *m, char *buf);

#endif
