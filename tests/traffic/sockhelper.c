/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sockhelper: the real-kernel side of the traffic oracle (tests/traffic/run.sh).
 *
 *   sockhelper agent            run inside a network namespace; read traffic commands of
 *                               the scene language on stdin, one per line (the line
 *                               without its host prefix), and do them with real sockets:
 *     listen tcp ADDR:PORT [dev IF] [uid N] [gid N] [pmtudisc M] [as NAME]
 *     connect tcp|udp ADDR:PORT [from ADDR[:PORT]] [dev IF] [uid N] [gid N] [pmtudisc M]
 *                                 [as NAME]
 *     accept LISTENER [uid N] [gid N] [as NAME]
 *     send NAME TEXT [size N] | sendto NAME ADDR:PORT TEXT [size N] | close NAME
 *                                 (size: the text, then zeros up to N bytes)
 *     udp bind ADDR:PORT [dev IF] [uid N] [gid N] [pmtudisc M] [as NAME]
 *                                 (0.0.0.0:0 = no bind at all)
 *     ping ADDR [from ADDR] [dev IF] [uid N] [gid N] [id N] [size N] [pmtudisc M]
 *                                 (raw ICMP socket, one echo request, N zero bytes of data)
 *   (uid and gid: the fsuid and fsgid the socket's file is made with, for -m owner)
 *     inject tcp|udp src A:P dst B:Q [flags SAFRP] [seq N] [ack N] [data TEXT] [dev IF]
 *                                                  (raw socket, IP_HDRINCL)
 *     quit
 *   Every command ends with the line `done`. What the application sees is printed as it
 *   happens, in the format the oracle compares with the simulator's trace:
 *     recv NAME "TEXT"                 TCP data read
 *     recv NAME "TEXT" [pad=N] from A:P  UDP datagram read (N: the zeros after the text)
 *     eof NAME                         TCP read() = 0
 *     accept NAME local A:P remote A:P
 *     error NAME|- ENAME               a call failed, or an asynchronous socket error
 *     ping-reply A
 *   plus `note …` lines that are not compared. Connects are non-blocking (a failure
 *   that comes later is reported as `error`); accept waits at most 1 s. The agent exits
 *   after 120 s whatever happens.
 *
 *   sockhelper pcap FILE HOST IF MAC   print the frames of a tcpdump -w capture as
 *                                      `USEC HOST IF in|out DESC` (DESC below)
 *   sockhelper sim FILE                print `pktpath trace --format jsonl` output as
 *                                      `pkt SEQ HOST IF in|out DESC`, `app HOST LINE`,
 *                                      `cfg HOST OK|ERROR COMMAND` and `port HOST SOCK
 *                                      PORT` (an ephemeral port the simulator chose)
 * DESC: `SMAC>DMAC arp request|reply SIP>TIP`, `SMAC>DMAC ip S>D tcp SP>DP FLAGS len=N`,
 * `SMAC>DMAC ip S>D udp SP>DP len=N`, `SMAC>DMAC ip S>D icmp TYPE/CODE`.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ---- shared formatting ---- */

static void put_text(FILE *f, const unsigned char *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static const char *ip4(uint32_t a_net, char *buf)
{
	struct in_addr a = { .s_addr = a_net };

	inet_ntop(AF_INET, &a, buf, 16);
	return buf;
}

static void flags_str(uint8_t f, char *out, size_t len)
{
	static const struct {
		uint8_t bit;
		const char *name;
	} tab[] = { { 0x02, "SYN" }, { 0x01, "FIN" }, { 0x04, "RST" }, { 0x08, "PSH" }, { 0x10, "ACK" } };
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (f & tab[i].bit)
			o += (size_t)snprintf(out + o, len - o, "%s%s", o ? "," : "", tab[i].name);
	if (!o)
		snprintf(out, len, "NONE");
}

static const char *errname(int e)
{
	static const struct {
		int e;
		const char *n;
	} t[] = {
		{ ENETUNREACH, "ENETUNREACH" }, { EHOSTUNREACH, "EHOSTUNREACH" }, { EACCES, "EACCES" },
		{ EINVAL, "EINVAL" },		{ ECONNREFUSED, "ECONNREFUSED" }, { ECONNRESET, "ECONNRESET" },
		{ ETIMEDOUT, "ETIMEDOUT" },	{ EADDRINUSE, "EADDRINUSE" },	  { EADDRNOTAVAIL, "EADDRNOTAVAIL" },
		{ ENODEV, "ENODEV" },		{ EPIPE, "EPIPE" },		  { EAGAIN, "EAGAIN" },
		{ EISCONN, "EISCONN" },		{ ENOTCONN, "ENOTCONN" },	  { EPERM, "EPERM" },
		{ EDESTADDRREQ, "EDESTADDRREQ" }, { EMSGSIZE, "EMSGSIZE" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].e == e)
			return t[i].n;
	return "E?";
}

/* ---- agent ---- */

#define MAXS 64

struct s {
	char name[32];
	int fd;
	int type; /* SOCK_STREAM, SOCK_DGRAM, 0 = raw ping */
	bool listening, connecting, dead;
	uint64_t deadline_ms; /* ping */
	uint32_t ping_dst;
};

static struct s socks[MAXS];
static int nsocks, autoname;

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static struct s *find(const char *name)
{
	for (int i = 0; i < nsocks; i++)
		if (socks[i].fd >= 0 && strcmp(socks[i].name, name) == 0)
			return &socks[i];
	return NULL;
}

static struct s *add(const char *name, int fd, int type)
{
	struct s *s;

	if (nsocks >= MAXS) {
		close(fd);
		return NULL;
	}
	s = &socks[nsocks++];
	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->type = type;
	if (name && name[0])
		snprintf(s->name, sizeof(s->name), "%s", name);
	else
		snprintf(s->name, sizeof(s->name), "%s%d", type == SOCK_STREAM ? "tcp" : "udp", ++autoname);
	return s;
}

static bool parse_ap(const char *str, uint32_t *a, uint16_t *p)
{
	char buf[64], *c;
	struct in_addr ia;

	snprintf(buf, sizeof(buf), "%s", str);
	*p = 0;
	c = strrchr(buf, ':');
	if (c) {
		*c = '\0';
		*p = (uint16_t)atoi(c + 1);
	}
	if (inet_pton(AF_INET, buf, &ia) != 1)
		return false;
	*a = ia.s_addr;
	return true;
}

static void sa_of(struct sockaddr_in *sa, uint32_t a, uint16_t p)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_addr.s_addr = a;
	sa->sin_port = htons(p);
}

/* tokenize: words, "quoted text" with \" and \\ escapes */
static int tokenize(char *line, char **argv, int max)
{
	int n = 0;
	char *p = line;

	while (*p && n < max) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		if (*p == '"') {
			char *o = ++p;

			argv[n++] = o;
			while (*p && *p != '"') {
				if (*p == '\\' && p[1])
					p++;
				*o++ = *p++;
			}
			if (*p)
				p++;
			*o = '\0';
		} else {
			argv[n++] = p;
			while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
				p++;
			if (*p)
				*p++ = '\0';
		}
	}
	return n;
}

static const char *opt(int argc, char **argv, int from, const char *key)
{
	for (int i = from; i + 1 < argc; i++)
		if (strcmp(argv[i], key) == 0)
			return argv[i + 1];
	return NULL;
}

/* `uid N`, `gid N` and `groups N[,N]`: the credentials the next socket file is made with
 * (setfsuid, setfsgid and setgroups: xt_owner reads the file's fsuid, fsgid and
 * supplementary groups); cred_reset() goes back to root without groups */
static void cred_set(int argc, char **argv, int from)
{
	const char *u = opt(argc, argv, from, "uid"), *g = opt(argc, argv, from, "gid");
	const char *gs = opt(argc, argv, from, "groups");
	gid_t list[16];
	size_t n = 0;

	for (const char *p = gs; p && *p && n < 16; p = strchr(p, ',') ? strchr(p, ',') + 1 : "")
		list[n++] = (gid_t)strtoul(p, NULL, 0);
	setgroups(n, n ? list : NULL);
	setfsgid(g ? (unsigned)strtoul(g, NULL, 0) : 0);
	setfsuid(u ? (unsigned)strtoul(u, NULL, 0) : 0);
}

static void cred_reset(void)
{
	setfsuid(0);
	setfsgid(0);
	setgroups(0, NULL);
}

static int bind_dev(int fd, const char *dev)
{
	if (!dev)
		return 0;
	return setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, (socklen_t)strlen(dev) + 1);
}

static void print_err(const char *name, int e)
{
	printf("error %s %s\n", name, errname(e));
}

static void sock_event(struct s *s)
{
	static unsigned char buf[65536];
	ssize_t n;

	if (s->dead)
		return;
	if (s->type == 0) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		char a[16];

		n = recvfrom(s->fd, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
		if (n >= 28) {
			unsigned ihl = (buf[0] & 0x0f) * 4u;

			if ((size_t)n >= ihl + 8 && buf[ihl] == 0 && from.sin_addr.s_addr == s->ping_dst) {
				printf("ping-reply %s\n", ip4(from.sin_addr.s_addr, a));
				close(s->fd);
				s->fd = -1;
			}
		}
		return;
	}
	if (s->listening)
		return;
	if (s->connecting) {
		int e = 0;
		socklen_t el = sizeof(e);

		getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &e, &el);
		s->connecting = false;
		if (e) {
			print_err(s->name, e);
			s->dead = true;
		}
		return;
	}
	if (s->type == SOCK_STREAM) {
		n = recv(s->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n > 0) {
			printf("recv %s ", s->name);
			put_text(stdout, buf, (size_t)n);
			printf("\n");
		} else if (n == 0) {
			printf("eof %s\n", s->name);
			s->dead = true;
		} else if (errno != EAGAIN) {
			print_err(s->name, errno);
			s->dead = true;
		}
		return;
	}
	{
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		char a[16];

		n = recvfrom(s->fd, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
		if (n >= 0) {
			size_t z = 0; /* `size N`: the zeros after the text */

			while (z < (size_t)n && buf[n - 1 - (ssize_t)z] == 0)
				z++;
			printf("recv %s ", s->name);
			put_text(stdout, buf, (size_t)n - z);
			if (z)
				printf(" pad=%zu", z);
			printf(" from %s:%u\n", ip4(from.sin_addr.s_addr, a), ntohs(from.sin_port));
		} else if (errno != EAGAIN) {
			print_err(s->name, errno);
		}
	}
}

/* poll every socket (and stdin when want_stdin) until timeout_ms or stdin is readable */
static bool pump(int timeout_ms, bool want_stdin)
{
	uint64_t end = now_ms() + (uint64_t)timeout_ms;

	for (;;) {
		struct pollfd pf[MAXS + 1];
		int map[MAXS + 1], n = 0, rc;
		uint64_t t = now_ms();

		for (int i = 0; i < nsocks; i++) {
			struct s *s = &socks[i];

			if (s->fd < 0 || s->dead || s->listening)
				continue; /* listeners are read by accept */
			if (s->type == 0 && t >= s->deadline_ms) {
				close(s->fd);
				s->fd = -1;
				continue;
			}
			pf[n].fd = s->fd;
			pf[n].events = s->connecting ? POLLOUT : POLLIN;
			pf[n].revents = 0;
			map[n++] = i;
		}
		if (want_stdin) {
			pf[n].fd = 0;
			pf[n].events = POLLIN;
			pf[n].revents = 0;
			map[n++] = -1;
		}
		if (t >= end)
			return false;
		fflush(stdout);
		rc = poll(pf, (nfds_t)n, (int)(end - t > 100 ? 100 : end - t));
		if (rc < 0 && errno != EINTR)
			return false;
		for (int k = 0; k < n && rc > 0; k++) {
			if (!pf[k].revents)
				continue;
			if (map[k] < 0)
				return true;
			sock_event(&socks[map[k]]);
		}
	}
}

static uint16_t csum(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static int do_inject(int argc, char **argv)
{
	uint8_t pkt[1500];
	uint32_t sa = 0, da = 0, seq = 0, ack = 0;
	uint16_t sp = 0, dp = 0;
	uint8_t flags = 0, proto;
	const char *data = "", *dev = NULL, *v;
	unsigned mss = 0, hl;
	size_t l4len, dlen;
	int fd, one = 1;
	struct sockaddr_in to;

	if (argc < 2)
		return -EINVAL;
	proto = strcmp(argv[1], "tcp") == 0 ? IPPROTO_TCP : IPPROTO_UDP;
	if ((v = opt(argc, argv, 2, "src")))
		parse_ap(v, &sa, &sp);
	if ((v = opt(argc, argv, 2, "dst")))
		parse_ap(v, &da, &dp);
	if ((v = opt(argc, argv, 2, "flags")))
		for (; *v; v++)
			flags |= *v == 'S' ? 0x02 : *v == 'A' || *v == '.' ? 0x10 : *v == 'F' ? 0x01 : *v == 'R' ? 0x04 : *v == 'P' ? 0x08 : 0;
	if ((v = opt(argc, argv, 2, "seq")))
		seq = (uint32_t)strtoul(v, NULL, 10);
	if ((v = opt(argc, argv, 2, "ack")))
		ack = (uint32_t)strtoul(v, NULL, 10);
	if ((v = opt(argc, argv, 2, "data")))
		data = v;
	if ((v = opt(argc, argv, 2, "mss")))
		mss = (unsigned)strtoul(v, NULL, 10);
	dev = opt(argc, argv, 2, "dev");
	dlen = strlen(data);
	hl = proto == IPPROTO_TCP ? (mss ? 24 : 20) : 8; /* the MSS option: kind 2, length 4 */
	l4len = hl + dlen;
	memset(pkt, 0, sizeof(pkt));
	pkt[0] = 0x45;
	pkt[2] = (uint8_t)((20 + l4len) >> 8);
	pkt[3] = (uint8_t)(20 + l4len);
	pkt[6] = 0x40; /* DF */
	pkt[8] = 64;
	pkt[9] = proto;
	memcpy(pkt + 12, &sa, 4);
	memcpy(pkt + 16, &da, 4);
	{
		uint8_t *l4 = pkt + 20;
		uint32_t ps = 0;
		uint16_t c;

		l4[0] = (uint8_t)(sp >> 8), l4[1] = (uint8_t)sp;
		l4[2] = (uint8_t)(dp >> 8), l4[3] = (uint8_t)dp;
		if (proto == IPPROTO_TCP) {
			uint32_t s = htonl(seq), a = htonl(ack);

			memcpy(l4 + 4, &s, 4);
			memcpy(l4 + 8, &a, 4);
			l4[12] = (uint8_t)((hl / 4) << 4);
			l4[13] = flags;
			l4[14] = 0xfa, l4[15] = 0xf0;
			if (mss)
				l4[20] = 2, l4[21] = 4, l4[22] = (uint8_t)(mss >> 8), l4[23] = (uint8_t)mss;
			memcpy(l4 + hl, data, dlen);
		} else {
			l4[4] = (uint8_t)(l4len >> 8), l4[5] = (uint8_t)l4len;
			memcpy(l4 + 8, data, dlen);
		}
		/* pseudo header */
		ps += (ntohl(sa) >> 16) + (ntohl(sa) & 0xffff) + (ntohl(da) >> 16) + (ntohl(da) & 0xffff);
		ps += proto + (uint32_t)l4len;
		c = csum(l4, l4len, ps);
		if (proto == IPPROTO_UDP && c == 0)
			c = 0xffff;
		if (proto == IPPROTO_TCP)
			l4[16] = (uint8_t)(c >> 8), l4[17] = (uint8_t)c;
		else
			l4[6] = (uint8_t)(c >> 8), l4[7] = (uint8_t)c;
	}
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0)
		return -errno;
	setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one));
	if (bind_dev(fd, dev) < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	sa_of(&to, da, 0);
	if (sendto(fd, pkt, 20 + l4len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	close(fd);
	return 0;
}

/* `pmtudisc M`: IP_MTU_DISCOVER (none given: the default, want) */
static void set_pmtudisc(int fd, const char *v)
{
	int m = !v			  ? -1
		: !strcmp(v, "do")	  ? IP_PMTUDISC_DO
		: !strcmp(v, "dont")	  ? IP_PMTUDISC_DONT
		: !strcmp(v, "probe")	  ? IP_PMTUDISC_PROBE
		: !strcmp(v, "interface") ? IP_PMTUDISC_INTERFACE
		: !strcmp(v, "omit")	  ? IP_PMTUDISC_OMIT
					  : IP_PMTUDISC_WANT;

	if (m >= 0 && setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &m, sizeof(m)) < 0)
		printf("note IP_MTU_DISCOVER %s: %s\n", v, errname(errno));
}

static void do_ping(int argc, char **argv)
{
	uint32_t da, fa = 0;
	uint16_t port;
	const char *v, *dev;
	int fd;
	/* identifier 1 (pktpath's default), sequence 1; `size N` zero bytes of data */
	static uint8_t icmp[8 + 65507];
	size_t len = 8;
	uint16_t c;
	struct sockaddr_in to;
	struct s *s;

	memset(icmp, 0, 8);
	icmp[0] = 8;
	icmp[5] = 1;
	icmp[7] = 1;
	if (argc < 2 || !parse_ap(argv[1], &da, &port)) {
		printf("note ping: bad address\n");
		return;
	}
	if ((v = opt(argc, argv, 2, "from")))
		parse_ap(v, &fa, &port);
	dev = opt(argc, argv, 2, "dev");
	if ((v = opt(argc, argv, 2, "id"))) {
		unsigned long id = strtoul(v, NULL, 0);

		icmp[4] = (uint8_t)(id >> 8), icmp[5] = (uint8_t)id;
	}
	if ((v = opt(argc, argv, 2, "size")))
		len = 8 + strtoul(v, NULL, 0);
	if (len > sizeof(icmp))
		len = sizeof(icmp);
	cred_set(argc, argv, 2);
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	cred_reset();
	if (fd < 0) {
		print_err("-", errno);
		return;
	}
	if (bind_dev(fd, dev) < 0) {
		print_err("-", errno);
		close(fd);
		return;
	}
	set_pmtudisc(fd, opt(argc, argv, 2, "pmtudisc")); /* ping -M */
	if (fa) {
		struct sockaddr_in b;

		sa_of(&b, fa, 0);
		if (bind(fd, (struct sockaddr *)&b, sizeof(b)) < 0) {
			print_err("-", errno);
			close(fd);
			return;
		}
	}
	icmp[2] = icmp[3] = 0;
	c = csum(icmp, len, 0);
	icmp[2] = (uint8_t)(c >> 8), icmp[3] = (uint8_t)c;
	sa_of(&to, da, 0);
	if (sendto(fd, icmp, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
		print_err("-", errno);
		close(fd);
		return;
	}
	/* a raw socket sees every echo reply: an earlier ping to the same address stops
	 * waiting, as pktpath's ping ends with its exchange */
	for (int i = 0; i < nsocks; i++)
		if (socks[i].fd >= 0 && socks[i].type == 0 && socks[i].ping_dst == da) {
			close(socks[i].fd);
			socks[i].fd = -1;
		}
	s = add("ping", fd, 0);
	if (s) {
		s->deadline_ms = now_ms() + 4000;
		s->ping_dst = da;
	}
}

static void agent_cmd(int argc, char **argv)
{
	const char *name = opt(argc, argv, 1, "as"), *dev = opt(argc, argv, 1, "dev"), *v;
	struct s *s;
	int fd, one = 1;
	uint32_t a;
	uint16_t p;
	struct sockaddr_in sa;

	if (strcmp(argv[0], "listen") == 0 || strcmp(argv[0], "connect") == 0) {
		bool tcp = argc > 1 && strcmp(argv[1], "tcp") == 0;

		if (argc < 3 || !parse_ap(argv[2], &a, &p)) {
			printf("note bad command\n");
			return;
		}
		cred_set(argc, argv, 3);
		fd = socket(AF_INET, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK, 0);
		cred_reset();
		s = add(name, fd, tcp ? SOCK_STREAM : SOCK_DGRAM);
		if (!s)
			return;
		set_pmtudisc(fd, opt(argc, argv, 3, "pmtudisc"));
		if (bind_dev(fd, dev) < 0) {
			print_err(s->name, errno);
			return;
		}
		if (argv[0][0] == 'l') {
			setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
			sa_of(&sa, a, p);
			if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 16) < 0) {
				print_err(s->name, errno);
				s->dead = true;
				return;
			}
			s->listening = true;
			return;
		}
		if ((v = opt(argc, argv, 3, "from"))) {
			uint32_t fa;
			uint16_t fp;

			parse_ap(v, &fa, &fp);
			sa_of(&sa, fa, fp);
			if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
				print_err(s->name, errno);
				s->dead = true;
				return;
			}
		}
		sa_of(&sa, a, p);
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
			if (errno == EINPROGRESS) {
				s->connecting = true;
			} else {
				print_err(s->name, errno);
				s->dead = true;
			}
		}
		return;
	}
	if (strcmp(argv[0], "accept") == 0) {
		uint64_t end = now_ms() + 1000;
		struct s *l = argc > 1 ? find(argv[1]) : NULL;

		if (!l) {
			printf("note accept: no such socket\n");
			return;
		}
		for (;;) {
			struct sockaddr_in la, ra;
			socklen_t ll = sizeof(la), rl = sizeof(ra);
			char b1[16], b2[16];

			cred_set(argc, argv, 2);
			fd = accept4(l->fd, (struct sockaddr *)&ra, &rl, SOCK_NONBLOCK);
			cred_reset();
			if (fd >= 0) {
				s = add(name, fd, SOCK_STREAM);
				getsockname(fd, (struct sockaddr *)&la, &ll);
				if (s)
					printf("accept %s local %s:%u remote %s:%u\n", s->name, ip4(la.sin_addr.s_addr, b1),
					       ntohs(la.sin_port), ip4(ra.sin_addr.s_addr, b2), ntohs(ra.sin_port));
				return;
			}
			if (errno != EAGAIN || now_ms() >= end) {
				printf("note accept %s: %s\n", argv[1], errname(errno));
				return;
			}
			pump(20, false);
		}
	}
	if (strcmp(argv[0], "send") == 0 || strcmp(argv[0], "sendto") == 0) {
		bool to = argv[0][4] == 't';
		const char *text;

		if (argc < (to ? 4 : 3) || !(s = find(argv[1]))) {
			printf("note %s: no such socket\n", argv[0]);
			return;
		}
		static char data[65536];
		size_t len;

		text = argv[to ? 3 : 2];
		len = strlen(text);
		/* `size N`: the text, then zeros up to N bytes */
		memset(data, 0, sizeof(data));
		memcpy(data, text, len < sizeof(data) ? len : sizeof(data));
		if ((v = opt(argc, argv, to ? 4 : 3, "size")) && strtoul(v, NULL, 0) < sizeof(data) &&
		    strtoul(v, NULL, 0) > len)
			len = strtoul(v, NULL, 0);
		if (to) {
			if (!parse_ap(argv[2], &a, &p))
				return;
			sa_of(&sa, a, p);
			if (sendto(s->fd, data, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
				print_err(s->name, errno);
		} else if (send(s->fd, data, len, MSG_NOSIGNAL) < 0) {
			print_err(s->name, errno);
		}
		return;
	}
	if (strcmp(argv[0], "close") == 0) {
		if (argc > 1 && (s = find(argv[1]))) {
			close(s->fd);
			s->fd = -1;
		}
		return;
	}
	if (strcmp(argv[0], "udp") == 0) {
		if (argc < 3 || !parse_ap(argv[2], &a, &p)) {
			printf("note bad command\n");
			return;
		}
		cred_set(argc, argv, 3);
		fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
		cred_reset();
		s = add(name, fd, SOCK_DGRAM);
		if (!s)
			return;
		set_pmtudisc(fd, opt(argc, argv, 3, "pmtudisc"));
		if (bind_dev(fd, dev) < 0) {
			print_err(s->name, errno);
			return;
		}
		if (a || p) {
			sa_of(&sa, a, p);
			if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
				print_err(s->name, errno);
		}
		return;
	}
	if (strcmp(argv[0], "ping") == 0) {
		do_ping(argc, argv);
		return;
	}
	if (strcmp(argv[0], "inject") == 0) {
		int rc = do_inject(argc, argv);

		if (rc)
			print_err("-", -rc);
		return;
	}
	printf("note unknown command %s\n", argv[0]);
}

static int agent(void)
{
	char line[2048];

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* unbuffered: fgets() takes one line, the rest stays in the pipe for pump()'s poll() */
	setvbuf(stdin, NULL, _IONBF, 0);
	signal(SIGPIPE, SIG_IGN);
	alarm(1800); /* a forgotten agent ends; never reached by a test, even a slow one */
	for (;;) {
		char *argv[64];
		int argc;

		if (!pump(1000000, true))
			continue;
		if (!fgets(line, sizeof(line), stdin))
			return 0;
		argc = tokenize(line, argv, 64);
		if (argc == 0)
			continue;
		if (strcmp(argv[0], "quit") == 0) {
			printf("done\n");
			return 0;
		}
		agent_cmd(argc, argv);
		printf("done\n");
		fflush(stdout);
	}
}

/* ---- pcap ---- */

static void mac_s(const uint8_t *m, char *b)
{
	snprintf(b, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* An ICMP error's quoted header, as sim_dump prints pktpath's: quote SRC>DST and the
 * protocol's ports, or an echo's type, code and identifier */
static void print_quote(const uint8_t *q, unsigned len)
{
	unsigned ihl = (q[0] & 0x0f) * 4u;
	const uint8_t *l4 = q + ihl;
	char a1[16], a2[16];
	uint32_t s, d;

	if (ihl < 20 || len < ihl + 8)
		return;
	memcpy(&s, q + 12, 4);
	memcpy(&d, q + 16, 4);
	printf(" quote %s>%s", ip4(s, a1), ip4(d, a2));
	if (q[9] == IPPROTO_TCP || q[9] == IPPROTO_UDP)
		printf(" %s %u>%u", q[9] == IPPROTO_TCP ? "tcp" : "udp", l4[0] << 8 | l4[1],
		       l4[2] << 8 | l4[3]);
	else if (q[9] == IPPROTO_ICMP)
		printf(" icmp %u/%u id=%u", l4[0], l4[1], l4[4] << 8 | l4[5]);
	else
		printf(" proto=%u", q[9]);
}

static const char *way(const char *dir, const char *src_mac, const char *mac)
{
	if (strcmp(dir, "in") == 0 || strcmp(dir, "out") == 0)
		return dir;
	return strcmp(src_mac, mac) == 0 ? "out" : "in";
}

/* dir: "in" or "out" for a capture of one direction (tcpdump -Q), else "-": a frame
 * whose source MAC is the NIC's went out */
static int pcap_dump(const char *file, const char *host, const char *ifn, const char *mac,
		     const char *dir)
{
	FILE *f = fopen(file, "rb");
	uint8_t gh[24], rh[16], *buf = malloc(262144);
	bool nsec;

	if (!f || !buf) {
		fprintf(stderr, "sockhelper: cannot open %s\n", file);
		return 1;
	}
	if (fread(gh, 1, 24, f) != 24) {
		fclose(f);
		return 0; /* empty capture */
	}
	nsec = gh[0] == 0x4d && gh[1] == 0x3c; /* a1b23c4d little endian */
	while (fread(rh, 1, 16, f) == 16) {
		uint32_t sec, sub, incl;
		uint8_t *e = buf;
		char sm[18], dm[18], a1[16], a2[16];
		uint16_t et;
		unsigned long long us;

		memcpy(&sec, rh, 4);
		memcpy(&sub, rh + 4, 4);
		memcpy(&incl, rh + 8, 4);
		if (incl > 262144 || fread(buf, 1, incl, f) != incl)
			break;
		us = (unsigned long long)sec * 1000000ull + (nsec ? sub / 1000 : sub);
		if (incl < 14)
			continue;
		mac_s(e + 6, sm);
		mac_s(e, dm);
		et = (uint16_t)(e[12] << 8 | e[13]);
		if (et == 0x0806 && incl >= 42) {
			uint32_t sip, tip;
			uint16_t op = (uint16_t)(e[20] << 8 | e[21]);

			memcpy(&sip, e + 28, 4);
			memcpy(&tip, e + 38, 4);
			printf("%llu %s %s %s %s>%s arp %s %s>%s\n", us, host, ifn, way(dir, sm, mac), sm, dm,
			       op == 1 ? "request" : "reply", ip4(sip, a1), ip4(tip, a2));
		} else if (et == 0x0800 && incl >= 34) {
			uint8_t *ip = e + 14, *l4;
			unsigned ihl = (ip[0] & 0x0f) * 4u, tot = (unsigned)(ip[2] << 8 | ip[3]);
			uint32_t s, d;

			memcpy(&s, ip + 12, 4);
			memcpy(&d, ip + 16, 4);
			l4 = ip + ihl;
			unsigned fo = (unsigned)((ip[6] & 0x1f) << 8 | ip[7]) * 8u;
			bool mf = ip[6] & 0x20;

			printf("%llu %s %s %s %s>%s ip %s>%s ttl=%u%s", us, host, ifn, way(dir, sm, mac), sm, dm,
			       ip4(s, a1), ip4(d, a2), ip[8], (ip[6] & 0x40) ? " df" : "");
			if (fo || mf) {
				/* a fragment: where it is in its datagram; the first one's header
				 * names what it is, without lengths */
				printf(" frag=%u+%u%s", fo, tot - ihl, mf ? "+mf" : "");
				if (fo)
					printf(" proto=%u\n", ip[9]);
				else if (ip[9] == IPPROTO_TCP || ip[9] == IPPROTO_UDP)
					printf(" %s %u>%u\n", ip[9] == IPPROTO_TCP ? "tcp" : "udp",
					       l4[0] << 8 | l4[1], l4[2] << 8 | l4[3]);
				else if (ip[9] == IPPROTO_ICMP)
					printf(" icmp %u/%u\n", l4[0], l4[1]);
				else
					printf(" proto=%u\n", ip[9]);
				continue;
			}
			if (ip[9] == IPPROTO_TCP && incl >= 14 + ihl + 20) {
				char fl[40];
				unsigned doff = (l4[12] >> 4) * 4u;

				flags_str(l4[13] & 0x1f, fl, sizeof(fl));
				printf(" tcp %u>%u %s len=%u", l4[0] << 8 | l4[1], l4[2] << 8 | l4[3], fl,
				       tot - ihl - doff);
				/* the options: the MSS's value, and every kind in order (NOPs left
				 * out), as pktpath's trace names them */
				char kinds[64] = "";
				unsigned mss = 0;

				for (unsigned i = 20; i < doff && 14 + ihl + i < incl;) {
					unsigned k = l4[i], ol = k < 2 ? 1 : l4[i + 1];
					const char *name = k == 2 ? "mss" : k == 4 ? "sackok" : k == 8 ? "ts"
							   : k == 3 ? "ws" : k == 5 ? "sack" : NULL;
					size_t u = strlen(kinds);

					if (k == 0)
						break;
					if (k == 2 && ol == 4 && 14 + ihl + i + 3 < incl)
						mss = (unsigned)(l4[i + 2] << 8 | l4[i + 3]);
					if (k != 1)
						snprintf(kinds + u, sizeof(kinds) - u, "%s%s", u ? "," : "",
							 name ? name : "?");
					i += ol ? ol : 1;
				}
				if (mss)
					printf(" mss=%u", mss);
				if (kinds[0])
					printf(" opts=%s", kinds);
				printf("\n");
			} else if (ip[9] == IPPROTO_UDP && incl >= 14 + ihl + 8) {
				printf(" udp %u>%u len=%u\n", l4[0] << 8 | l4[1], l4[2] << 8 | l4[3], tot - ihl - 8);
			} else if (ip[9] == IPPROTO_ICMP && incl >= 14 + ihl + 8) {
				printf(" icmp %u/%u", l4[0], l4[1]);
				if (l4[0] == 8 || l4[0] == 0)
					printf(" id=%u len=%u", l4[4] << 8 | l4[5], tot - ihl - 8);
				if (l4[0] == 3 && l4[1] == 4)
					printf(" mtu=%u", l4[6] << 8 | l4[7]);
				if (l4[0] != 8 && l4[0] != 0 && incl >= 14 + ihl + 8 + 20)
					print_quote(l4 + 8, incl - 14 - ihl - 8);
				printf("\n");
			} else {
				printf(" proto=%u\n", ip[9]);
			}
		}
	}
	fclose(f);
	free(buf);
	return 0;
}

/* ---- pktpath trace --format jsonl ---- */

#define MAXKV 64

struct kv {
	char key[64];
	char val[1024];
	bool str;
};

static const char *jparse_val(const char *p, const char *prefix, struct kv *kv, int *n);

static const char *jparse_str(const char *p, char *out, size_t len)
{
	size_t o = 0;

	if (*p != '"')
		return NULL;
	p++;
	while (*p && *p != '"') {
		char c = *p++;

		if (c == '\\') {
			c = *p++;
			switch (c) {
			case 'n':
				c = '\n';
				break;
			case 't':
				c = '\t';
				break;
			case 'u': {
				char h[5] = { 0 };

				memcpy(h, p, 4);
				p += 4;
				c = (char)strtol(h, NULL, 16);
				break;
			}
			default:
				break;
			}
		}
		if (o + 1 < len)
			out[o++] = c;
	}
	out[o] = '\0';
	return *p ? p + 1 : p;
}

static const char *jparse_obj(const char *p, const char *prefix, struct kv *kv, int *n)
{
	if (*p != '{')
		return NULL;
	p++;
	while (*p && *p != '}') {
		char k[32], full[64];

		if (*p == ',' || *p == ' ') {
			p++;
			continue;
		}
		p = jparse_str(p, k, sizeof(k));
		if (!p || *p != ':')
			return NULL;
		p++;
		snprintf(full, sizeof(full), "%s%s", prefix, k);
		p = jparse_val(p, full, kv, n);
		if (!p)
			return NULL;
	}
	return *p ? p + 1 : p;
}

static const char *jparse_val(const char *p, const char *key, struct kv *kv, int *n)
{
	if (*p == '{') {
		char pre[96];

		snprintf(pre, sizeof(pre), "%s.", key);
		return jparse_obj(p, pre, kv, n);
	}
	if (*n >= MAXKV)
		return NULL;
	snprintf(kv[*n].key, sizeof(kv[*n].key), "%s", key);
	if (*p == '"') {
		kv[*n].str = true;
		p = jparse_str(p, kv[*n].val, sizeof(kv[*n].val));
	} else {
		size_t o = 0;

		kv[*n].str = false;
		while (*p && *p != ',' && *p != '}') {
			if (o + 1 < sizeof(kv[*n].val))
				kv[*n].val[o++] = *p;
			p++;
		}
		kv[*n].val[o] = '\0';
		if (strcmp(kv[*n].val, "null") == 0)
			kv[*n].val[0] = '\0';
	}
	(*n)++;
	return p;
}

static const char *get(struct kv *kv, int n, const char *k)
{
	for (int i = 0; i < n; i++)
		if (strcmp(kv[i].key, k) == 0)
			return kv[i].val;
	return "";
}

/* a frame's MACs as a nic-tx or wire event sent it, and where it went (to_host:to_if) */
struct macs {
	int pkt;
	char s[18], d[18];
	char to[48];
};

static int sim_dump(const char *file)
{
	FILE *f = fopen(file, "r");
	static char line[16384];
	static struct kv kv[MAXKV];
	static struct macs mc[8192];
	int nmc = 0;

	if (!f) {
		fprintf(stderr, "sockhelper: cannot open %s\n", file);
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		int n = 0;
		const char *st, *host, *proto, *sock, *why;
		char desc[400];
		const char *ifn = NULL, *dir = NULL;
		int pkt;

		if (!jparse_obj(line, "", kv, &n))
			continue;
		st = get(kv, n, "stage");
		host = get(kv, n, "host");
		proto = get(kv, n, "proto");
		sock = get(kv, n, "sock");
		why = get(kv, n, "why");
		pkt = atoi(get(kv, n, "pkt"));
		if (strcmp(st, "config") == 0) {
			printf("cfg %s %s %s\n", host, get(kv, n, "verdict"), why);
			continue;
		}
		if (strcmp(st, "app-recv") == 0) {
			const char *v = get(kv, n, "verdict");

			if (strcmp(v, "READ") == 0) {
				const char *pl = get(kv, n, "payload");

				printf("app %s recv %s ", host, sock);
				put_text(stdout, (const unsigned char *)pl, strlen(pl));
				if (strcmp(proto, "udp") == 0 && (size_t)atoi(get(kv, n, "len")) > strlen(pl))
					printf(" pad=%zu", (size_t)atoi(get(kv, n, "len")) - strlen(pl));
				if (strcmp(proto, "udp") == 0)
					printf(" from %s:%s", get(kv, n, "src"), get(kv, n, "sport"));
				printf("\n");
			} else if (strcmp(v, "EOF") == 0) {
				printf("app %s eof %s\n", host, sock);
			} else if (strcmp(v, "ACCEPT") == 0) {
				const char *l = strstr(why, "local "), *r = strstr(why, "remote ");
				char la[32] = "", ra[32] = "";

				if (l)
					sscanf(l + 6, "%31[0-9.:]", la);
				if (r)
					sscanf(r + 7, "%31[0-9.:]", ra);
				printf("app %s accept %s local %s remote %s\n", host, sock, la, ra);
			} else if (strcmp(v, "DELIVER") == 0 && strcmp(proto, "icmp") == 0) {
				printf("app %s ping-reply %s\n", host, get(kv, n, "src"));
			}
			continue;
		}
		/* the port the simulator gave a socket (the runner pins the real one to it) */
		if (sock[0] && (strcmp(st, "route-out") == 0 || strcmp(st, "nic-tx") == 0) &&
		    atoi(get(kv, n, "sport")) >= 32768)
			printf("port %s %s %s\n", host, sock, get(kv, n, "sport"));
		if (strcmp(st, "app-send") == 0 && strcmp(get(kv, n, "verdict"), "BIND") == 0) {
			const char *b = strstr(why, " bound to ");
			unsigned port;

			if (b && sscanf(b + 10, "%*[0-9.]:%u", &port) == 1 && port >= 32768)
				printf("port %s %s %u\n", host, sock, port);
		}
		if (strcmp(st, "error") == 0 && get(kv, n, "errno")[0]) {
			printf("app %s error %s %s\n", host, sock[0] ? sock : "-", get(kv, n, "errno"));
			continue;
		}
		if (strcmp(st, "nic-tx") == 0) {
			ifn = get(kv, n, "oif");
			dir = "out";
		} else if (strcmp(st, "nic-rx") == 0 && strcmp(get(kv, n, "iif"), "lo") == 0) {
			continue; /* on lo, libpcap keeps one copy of a frame: its nic-tx */
		} else if (strcmp(st, "nic-rx") == 0) {
			ifn = get(kv, n, "iif");
			dir = "in";
		} else if (strcmp(st, "drop") == 0 && strstr(why, "PACKET_OTHERHOST")) {
			ifn = get(kv, n, "iif");
			dir = "in";
		} else if (strcmp(st, "wire") == 0) {
			ifn = get(kv, n, "oif"); /* a bridge sends the frame out of a port */
			dir = "out";
		}
		if ((strcmp(st, "nic-tx") == 0 || strcmp(st, "wire") == 0) && get(kv, n, "src_mac")[0] &&
		    nmc < 8192) {
			mc[nmc].pkt = pkt;
			snprintf(mc[nmc].s, 18, "%s", get(kv, n, "src_mac"));
			snprintf(mc[nmc].d, 18, "%s", get(kv, n, "dst_mac"));
			snprintf(mc[nmc].to, sizeof(mc[nmc].to), "%.23s:%.23s", get(kv, n, "to_host"),
				 get(kv, n, "to_if"));
			nmc++;
		}
		if (!ifn || !ifn[0])
			continue;
		{
			const char *sm = get(kv, n, "src_mac"), *dm = get(kv, n, "dst_mac"), *df;

			if (!sm[0]) {
				/* a drop event carries no MACs: the frame's, from the nic-tx or
				 * wire event that sent it to this NIC (another hop may have sent
				 * the same packet since: a router forwarding the frame a bridge
				 * also flooded here), else from the packet's last one */
				char to[48];
				int any = -1, here = -1;

				snprintf(to, sizeof(to), "%.23s:%.23s", host, ifn);
				for (int i = nmc - 1; i >= 0 && here < 0; i--)
					if (mc[i].pkt == pkt) {
						if (any < 0)
							any = i;
						if (strcmp(mc[i].to, to) == 0)
							here = i;
					}
				if (here >= 0 || any >= 0) {
					sm = mc[here >= 0 ? here : any].s;
					dm = mc[here >= 0 ? here : any].d;
				}
			}
			df = strcmp(get(kv, n, "df"), "true") == 0 ? " df" : "";
			if (get(kv, n, "frag.off")[0]) {
				char l4[64];
				const char *pr = strcmp(proto, "tcp") == 0 ? "6" : strcmp(proto, "udp") == 0 ? "17" : "1";

				if (atoi(get(kv, n, "frag.off")) != 0)
					snprintf(l4, sizeof(l4), " proto=%s", pr);
				else if (strcmp(proto, "icmp") == 0)
					snprintf(l4, sizeof(l4), " icmp %.8s/%.8s", get(kv, n, "sport"), get(kv, n, "dport"));
				else
					snprintf(l4, sizeof(l4), " %.8s %.8s>%.8s", proto, get(kv, n, "sport"), get(kv, n, "dport"));
				snprintf(desc, sizeof(desc), "%s>%s ip %s>%s ttl=%s%s frag=%s+%s%s%s", sm, dm,
					 get(kv, n, "src"), get(kv, n, "dst"), get(kv, n, "ttl"), df, get(kv, n, "frag.off"),
					 get(kv, n, "frag.len"), strcmp(get(kv, n, "frag.mf"), "true") == 0 ? "+mf" : "", l4);
			} else if (strcmp(proto, "arp") == 0) {
				snprintf(desc, sizeof(desc), "%s>%s arp %s %s>%s", sm, dm, get(kv, n, "arp.op"),
					 get(kv, n, "arp.sip"), get(kv, n, "arp.tip"));
			} else if (strcmp(proto, "tcp") == 0) {
				const char *mss = get(kv, n, "mss"), *opts = get(kv, n, "opts");

				snprintf(desc, sizeof(desc), "%s>%s ip %s>%s ttl=%s%s tcp %s>%s %s len=%s%s%s%s%s", sm,
					 dm, get(kv, n, "src"), get(kv, n, "dst"), get(kv, n, "ttl"), df,
					 get(kv, n, "sport"), get(kv, n, "dport"), get(kv, n, "flags"), get(kv, n, "len"),
					 mss[0] ? " mss=" : "", mss, opts[0] ? " opts=" : "", opts);
			} else if (strcmp(proto, "udp") == 0) {
				snprintf(desc, sizeof(desc), "%s>%s ip %s>%s ttl=%s%s udp %s>%s len=%s", sm, dm,
					 get(kv, n, "src"), get(kv, n, "dst"), get(kv, n, "ttl"), df, get(kv, n, "sport"),
					 get(kv, n, "dport"), get(kv, n, "len"));
			} else if (strcmp(proto, "icmp") == 0) {
				const char *qp = get(kv, n, "quote.proto");
				char q[160] = "";

				if (get(kv, n, "icmp_id")[0])
					snprintf(q, sizeof(q), " id=%s len=%s", get(kv, n, "icmp_id"), get(kv, n, "len"));
				else if (get(kv, n, "icmp_mtu")[0] && strcmp(qp, "icmp") == 0)
					snprintf(q, sizeof(q), " mtu=%s quote %s>%s icmp %s/%s id=%s", get(kv, n, "icmp_mtu"),
						 get(kv, n, "quote.src"), get(kv, n, "quote.dst"), get(kv, n, "quote.type"),
						 get(kv, n, "quote.code"), get(kv, n, "quote.id"));
				else if (get(kv, n, "icmp_mtu")[0])
					snprintf(q, sizeof(q), " mtu=%s quote %s>%s %s %s>%s", get(kv, n, "icmp_mtu"),
						 get(kv, n, "quote.src"), get(kv, n, "quote.dst"), qp, get(kv, n, "quote.sport"),
						 get(kv, n, "quote.dport"));
				else if (strcmp(qp, "icmp") == 0)
					snprintf(q, sizeof(q), " quote %s>%s icmp %s/%s id=%s", get(kv, n, "quote.src"),
						 get(kv, n, "quote.dst"), get(kv, n, "quote.type"),
						 get(kv, n, "quote.code"), get(kv, n, "quote.id"));
				else if (qp[0])
					snprintf(q, sizeof(q), " quote %s>%s %s %s>%s", get(kv, n, "quote.src"),
						 get(kv, n, "quote.dst"), qp, get(kv, n, "quote.sport"),
						 get(kv, n, "quote.dport"));
				snprintf(desc, sizeof(desc), "%s>%s ip %s>%s ttl=%s%s icmp %s/%s%s", sm, dm,
					 get(kv, n, "src"), get(kv, n, "dst"), get(kv, n, "ttl"), df, get(kv, n, "sport"),
					 get(kv, n, "dport"), q);
			} else {
				continue;
			}
			printf("pkt %s %s %s %s %s\n", get(kv, n, "seq"), host, ifn, dir, desc);
			/* where the frame goes next: if that is a bridge port, it comes in there
			 * (the runner keeps these for bridge ports only) */
			if (get(kv, n, "to_host")[0] && get(kv, n, "to_if")[0])
				printf("bin %s %s %s in %s\n", get(kv, n, "seq"), get(kv, n, "to_host"),
				       get(kv, n, "to_if"), desc);
		}
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "agent") == 0)
		return agent();
	if ((argc == 6 || argc == 7) && strcmp(argv[1], "pcap") == 0)
		return pcap_dump(argv[2], argv[3], argv[4], argv[5], argc == 7 ? argv[6] : "-");
	if (argc == 3 && strcmp(argv[1], "sim") == 0)
		return sim_dump(argv[2]);
	fprintf(stderr, "usage: sockhelper agent | pcap FILE HOST IF MAC [in|out|-] | sim TRACE.jsonl\n");
	return 2;
}
