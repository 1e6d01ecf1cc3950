/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * util: see util.h. Nothing here knows about networking beyond IPv4 text forms.
 */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

static void (*fatal_hook)(void);

void util_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

static void oom(void)
{
	if (fatal_hook)
		fatal_hook();
	fputs("pktpath: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xmemdup(const void *p, size_t n)
{
	void *q;

	if (n == 0)
		return NULL;
	q = xmalloc(n);
	memcpy(q, p, n);
	return q;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		oom();
	return p;
}

void vec_reserve(void **v, size_t *cap, size_t n, size_t sz)
{
	size_t c = *cap;

	if (n <= c)
		return;
	if (c < 8)
		c = 8;
	while (c < n)
		c *= 2;
	*v = xrealloc(*v, c * sz);
	*cap = c;
}

void strbuf_init(struct strbuf *sb)
{
	sb->buf = xmalloc(64);
	sb->buf[0] = '\0';
	sb->len = 0;
	sb->cap = 64;
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	if (!sb->buf)
		strbuf_init(sb);
	if (sb->len + extra + 1 > sb->cap) {
		size_t c = sb->cap * 2;
		while (c < sb->len + extra + 1)
			c *= 2;
		sb->buf = xrealloc(sb->buf, c);
		sb->cap = c;
	}
}

void strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	size_t avail;
	int n;

	if (!sb->buf)
		strbuf_init(sb);
	avail = sb->cap - sb->len;
	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, avail, fmt, cp);
	va_end(cp);
	if (n < 0) {
		sb->buf[sb->len] = '\0';
		return;
	}
	if ((size_t)n >= avail) {
		strbuf_grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	}
	sb->len += (size_t)n;
}

void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vprintf(sb, fmt, ap);
	va_end(ap);
}

int diag_set(struct diag *d, int code, const char *fmt, ...)
{
	va_list ap;

	if (!d)
		return code;
	d->code = code;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return code;
}

/* inet_aton-like, restricted to decimal parts as iproute2's get_addr_1 (via inet_pton
 * for full quads, and its own short-form handling). */
bool ip_parse_n(const char *s, size_t len, uint32_t *out)
{
	const char *p = s, *end = s + len;
	uint32_t a = 0;
	int n = 0;

	/* unrolled: `ip route get` batches parse an address a line, twice */
	for (;;) {
		unsigned v, d;

		/* 1 to 3 decimal digits, at most 255 (leading zeros are decimal too) */
		if (p == end || (v = (unsigned)(*p - '0')) > 9)
			return false;
		if (++p < end && (d = (unsigned)(*p - '0')) <= 9) {
			v = v * 10 + d;
			if (++p < end && (d = (unsigned)(*p - '0')) <= 9) {
				v = v * 10 + d;
				p++;
			}
		}
		if (v > 255)
			return false;
		a = a << 8 | v;
		n++;
		if (p == end)
			break;
		/* a fourth digit, another byte, or a fifth part */
		if (*p != '.' || n == 4)
			return false;
		p++;
	}
	/* the parts not given are zero: "10.2" is 10.2.0.0 */
	*out = n == 4 ? a : a << (8 * (4 - n));
	return true;
}

bool ip_parse(const char *s, uint32_t *out)
{
	return s && ip_parse_n(s, strlen(s), out);
}

/* One pass, no copy and no library call: `ip route get` batches parse a prefix a line */
bool prefix_parse(const char *s, uint32_t *addr, int *plen)
{
	const char *slash = s;
	uint32_t v = 0;

	while (*slash && *slash != '/')
		slash++;
	*plen = -1;
	if (!ip_parse_n(s, (size_t)(slash - s), addr))
		return false;
	if (!*slash)
		return true;
	/* decimal digits (leading zeros too), at most 32 */
	if (slash[1] < '0' || slash[1] > '9')
		return false;
	for (const char *p = slash + 1; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (uint32_t)(*p - '0');
		if (v > 32)
			return false;
	}
	*plen = (int)v;
	return true;
}

/* "00" to "99": two digits a look */
static const char digit_pairs[] = "00010203040506070809"
				  "10111213141516171819"
				  "20212223242526272829"
				  "30313233343536373839"
				  "40414243444546474849"
				  "50515253545556575859"
				  "60616263646566676869"
				  "70717273747576777879"
				  "80818283848586878889"
				  "90919293949596979899";

char *ip_fmt(uint32_t a, char *buf)
{
	ip_fmt_end(a, buf);
	return buf;
}

char *ip_fmt_end(uint32_t a, char *buf)
{
	char *p = buf;

	/* by hand, two digits a look: addresses are printed on every line of every answer,
	 * and snprintf's format parsing cost more than the route lookup behind them */
	for (int shift = 24; shift >= 0; shift -= 8) {
		unsigned v = (a >> shift) & 255;

		if (v >= 100) {
			*p++ = v >= 200 ? '2' : '1';
			v -= v >= 200 ? 200 : 100;
			*p++ = digit_pairs[2 * v];
		} else if (v >= 10) {
			*p++ = digit_pairs[2 * v];
		}
		*p++ = digit_pairs[2 * v + 1];
		*p++ = shift ? '.' : '\0';
	}
	return p - 1;
}

const char *ip_str(uint32_t a)
{
	static char bufs[8][16];
	static int i;

	i = (i + 1) & 7;
	return ip_fmt(a, bufs[i]);
}

bool parse_u32(const char *s, uint32_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > 0xffffffffull)
		return false;
	*out = (uint32_t)v;
	return true;
}

bool mac_parse(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char tail;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &tail) != 6)
		return false;
	for (int i = 0; i < 6; i++) {
		if (v[i] > 255)
			return false;
		mac[i] = (uint8_t)v[i];
	}
	return true;
}

char *mac_fmt(const uint8_t *m, char *buf)
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

size_t utf8_valid_len(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t cp;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* ---- files ---- */

char *file_read(const char *path, size_t max, size_t *lenp, char *err, size_t errlen)
{
	bool std = strcmp(path, "-") == 0;
	int fd = std ? STDIN_FILENO : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	struct strbuf sb;
	char buf[65536];
	ssize_t n;

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (!std)
			close(fd);
		return NULL;
	}
	if (!std && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: %s", path,
			 S_ISDIR(st.st_mode) ? "Is a directory" : "not a regular file");
		if (!std)
			close(fd);
		return NULL;
	}
	if (!std) /* a regular file never blocks; reads below are plain */
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	strbuf_init(&sb);
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (sb.len + (size_t)n > max) {
			snprintf(err, errlen, "%s: file too large (more than %zu bytes)", path,
				 max);
			goto fail;
		}
		if (memchr(buf, '\0', (size_t)n)) {
			snprintf(err, errlen, "%s: not a text file (it contains a NUL byte)", path);
			goto fail;
		}
		strbuf_add(&sb, buf, (size_t)n);
	}
	if (!std)
		close(fd);
	if (lenp)
		*lenp = sb.len;
	return sb.buf;
fail:
	if (!std)
		close(fd);
	strbuf_release(&sb);
	return NULL;
}

/* What file_write_atomic() writes to for path: path itself or a symlink's target. */
static char *write_target(const char *path, struct stat *st, bool *exists, char *err, size_t errlen)
{
	char *real;

	*exists = false;
	if (lstat(path, st) < 0) {
		if (errno == ENOENT)
			return xstrdup(path);
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (!S_ISLNK(st->st_mode)) {
		*exists = true;
		return xstrdup(path);
	}
	real = realpath(path, NULL);
	if (!real) {
		snprintf(err, errlen,
			 "%s: symbolic link to a file that does not exist: not written", path);
		return NULL;
	}
	if (stat(real, st) < 0) {
		snprintf(err, errlen, "%s: %s", real, strerror(errno));
		free(real);
		return NULL;
	}
	*exists = true;
	return real;
}

int file_write_atomic(const char *path, const char *data, size_t len, unsigned new_mode, char *err,
		      size_t errlen)
{
	struct stat st;
	bool exists;
	char *target = write_target(path, &st, &exists, err, errlen);
	char *tmp;
	int fd, e;
	size_t off = 0;
	mode_t mode, mask;

	if (!target)
		return -1;
	if (exists && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: %s: not replaced", target,
			 S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
		free(target);
		return -1;
	}
	if (exists && (!(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) || access(target, W_OK) < 0)) {
		snprintf(err, errlen, "%s: file is read-only: not replaced", target);
		free(target);
		return -1;
	}
	mask = umask(0);
	umask(mask);
	mode = exists ? (st.st_mode & 07777) : ((mode_t)new_mode & ~mask);
	tmp = xmalloc(strlen(target) + 16);
	sprintf(tmp, "%s.tmp.XXXXXX", target);
	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", target, strerror(errno));
		free(tmp);
		free(target);
		return -1;
	}
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)w;
	}
	if (fchmod(fd, mode) < 0)
		goto fail;
	if (exists && geteuid() == 0 && fchown(fd, st.st_uid, st.st_gid) < 0)
		goto fail;
	if (fsync(fd) < 0)
		goto fail;
	e = close(fd);
	fd = -1;
	if (e < 0 || rename(tmp, target) < 0)
		goto fail;
	free(tmp);
	free(target);
	return 0;
fail:
	e = errno;
	snprintf(err, errlen, "%s: %s", target, strerror(e));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	free(target);
	return -1;
}
