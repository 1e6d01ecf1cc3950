/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pcap: frames and capture files from a trace (pcap.h says which events become records
 * and how the frames are built). Formats: pcap(5) / the tcpdump.org "LINKTYPE_" list
 * (LINKTYPE_LINUX_SLL2 = 276: protocol, reserved, ifindex, ARPHRD type, packet type,
 * address length, 8 address bytes; all big-endian), RFC 791/793/768/792/826, RFC 1071.
 */
#include "pcap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define ETH_P_IP 0x0800
#define ETH_P_ARP 0x0806
#define ARPHRD_ETHER 1
#define ARPHRD_LOOPBACK 772

static const uint8_t mac_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void put16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static void put32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

static void put32le(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

static void put16le(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
}

uint32_t pcap_csum_partial(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *d = data;
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		sum += (uint32_t)d[i] << 8 | d[i + 1];
		sum = (sum & 0xffff) + (sum >> 16);
	}
	if (i < len) {
		sum += (uint32_t)d[i] << 8; /* odd length: pad with a zero byte */
		sum = (sum & 0xffff) + (sum >> 16);
	}
	return sum;
}

uint16_t pcap_csum(const void *data, size_t len, uint32_t sum)
{
	sum = pcap_csum_partial(data, len, sum);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* The TCP options of p at o (pkt_tcp_optlen(p) bytes), in tcp_options_write()'s order.
 * The window scale is 7, what Linux's default buffers give (tcp_select_initial_window);
 * a D-SACK block reports the segment before the one acknowledged */
static void tcp_options(const struct pkt *p, const struct pcap_l3_info *info, uint8_t *o)
{
	bool syn = (p->tcp_flags & (TCPF_SYN | TCPF_ACK)) == TCPF_SYN;

	if (p->mss) {
		*o++ = 2, *o++ = 4;
		put16(o, p->mss);
		o += 2;
	}
	if (p->tcpo & TCPO_TS) {
		if (p->tcpo & TCPO_SACKOK)
			*o++ = 4, *o++ = 2;
		else
			*o++ = 1, *o++ = 1;
		*o++ = 8, *o++ = 10;
		put32(o, info->tsval);
		put32(o + 4, syn ? 0 : info->tsval);
		o += 8;
	} else if (p->tcpo & TCPO_SACKOK) {
		*o++ = 1, *o++ = 1, *o++ = 4, *o++ = 2;
	}
	if (p->tcpo & TCPO_WS)
		*o++ = 1, *o++ = 3, *o++ = 3, *o++ = 7;
	if (p->tcpo & TCPO_DSACK) {
		*o++ = 1, *o++ = 1, *o++ = 5, *o++ = 10;
		put32(o, p->ack - 1);
		put32(o + 4, p->ack);
	}
}

/* TCP/UDP checksum over the IPv4 pseudo-header and the segment at l4 (len bytes). */
static uint16_t l4_csum(const struct pkt *p, const uint8_t *l4, size_t len)
{
	uint8_t ph[12];

	put32(ph, p->src);
	put32(ph + 4, p->dst);
	ph[8] = 0;
	ph[9] = p->proto;
	put16(ph + 10, (uint16_t)len);
	return pcap_csum(l4, len, pcap_csum_partial(ph, sizeof(ph), 0));
}

static size_t build_arp(const struct pkt *p, uint8_t *b, size_t cap)
{
	static const uint8_t zero[6];

	if (cap < 28)
		return 0;
	put16(b, ARPHRD_ETHER);
	put16(b + 2, ETH_P_IP);
	b[4] = 6;
	b[5] = 4;
	put16(b + 6, p->arp_op ? p->arp_op : 1);
	memcpy(b + 8, p->src_mac, 6);
	put32(b + 14, p->arp_sip);
	/* a request does not know the target's MAC yet: zeros, as Linux sends it */
	memcpy(b + 18, p->arp_op == 2 ? p->dst_mac : zero, 6);
	put32(b + 24, p->arp_tip);
	return 28;
}

/* A fragment: its datagram's header with its own length and fragment field, and its
 * slice of the datagram's payload (ip_do_fragment) */
static size_t build_frag(const struct pkt *p, const struct pcap_l3_info *info, uint8_t *buf,
			 size_t cap, uint16_t *ethertype)
{
	static uint8_t whole[65536];
	struct pkt w = *p;
	size_t n;

	w.frag_off = w.frag_len = 0;
	w.mf = false;
	n = pcap_build_l3(&w, info, whole, sizeof(whole), ethertype);
	if (!n || (size_t)p->frag_off + p->frag_len > n - 20 || 20u + p->frag_len > cap)
		return 0;
	memcpy(buf, whole, 20);
	memcpy(buf + 20, whole + 20 + p->frag_off, p->frag_len);
	put16(buf + 2, (uint16_t)(20 + p->frag_len));
	put16(buf + 6, (uint16_t)((p->df ? 0x4000 : 0) | (p->mf ? 0x2000 : 0) | p->frag_off / 8));
	put16(buf + 10, 0);
	put16(buf + 10, pcap_csum(buf, 20, 0));
	return 20u + p->frag_len;
}

size_t pcap_build_l3(const struct pkt *p, const struct pcap_l3_info *info, uint8_t *buf, size_t cap,
		     uint16_t *ethertype)
{
	static const struct pcap_l3_info none;
	size_t text = strlen(pkt_payload(p)), plen = text + p->pad;
	size_t l4len, total;
	uint8_t *ip = buf, *l4 = buf + 20;

	if (!info)
		info = &none;
	if (!p->is_arp && pkt_is_frag(p))
		return build_frag(p, info, buf, cap, ethertype);
	if (p->is_arp) {
		*ethertype = ETH_P_ARP;
		return build_arp(p, buf, cap);
	}
	*ethertype = ETH_P_IP;
	switch (p->proto) {
	case PKT_PROTO_TCP:
		l4len = 20 + pkt_tcp_optlen(p) + plen;
		break;
	case PKT_PROTO_UDP:
		l4len = 8 + plen;
		break;
	case PKT_PROTO_ICMP:
		if (icmp_type_is_error((uint8_t)p->sport) && info->quote)
			l4len = 8 + info->quote_len; /* the quote replaces the text */
		else
			l4len = 8 + plen;
		break;
	default:
		return 0;
	}
	total = 20 + l4len;
	if (total > cap || total > 0xffff)
		return 0;
	memset(buf, 0, total);

	switch (p->proto) {
	case PKT_PROTO_TCP: {
		size_t hl = 20 + pkt_tcp_optlen(p);

		put16(l4, p->sport);
		put16(l4 + 2, p->dport);
		put32(l4 + 4, p->seq);
		put32(l4 + 8, p->ack);
		l4[12] = (uint8_t)((hl / 4) << 4); /* data offset in words */
		l4[13] = p->tcp_flags;		   /* TCPF_* are the header's bits */
		put16(l4 + 14, PCAP_TCP_WINDOW);
		tcp_options(p, info, l4 + 20);
		memcpy(l4 + hl, pkt_payload(p), text);
		put16(l4 + 16, l4_csum(p, l4, l4len));
		break;
	}
	case PKT_PROTO_UDP: {
		uint16_t c;

		put16(l4, p->sport);
		put16(l4 + 2, p->dport);
		put16(l4 + 4, (uint16_t)l4len);
		memcpy(l4 + 8, pkt_payload(p), text);
		c = l4_csum(p, l4, l4len);
		put16(l4 + 6, c ? c : 0xffff); /* 0 means "no checksum" in UDP (RFC 768) */
		break;
	}
	case PKT_PROTO_ICMP:
		l4[0] = (uint8_t)p->sport;
		l4[1] = (uint8_t)p->dport;
		if (l4[0] == 5)
			put32(l4 + 4, p->icmp_gw); /* a redirect's gateway (icmphdr.un.gateway) */
		if (l4[0] == 3 && l4[1] == 4)
			put16(l4 + 6, (uint16_t)p->icmp_mtu); /* icmphdr.un.frag.mtu */
		if (icmp_type_is_error(l4[0]) && info->quote) {
			memcpy(l4 + 8, info->quote, info->quote_len);
		} else {
			if (l4[0] == 8 || l4[0] == 0) {
				put16(l4 + 4, info->icmp_id);
				put16(l4 + 6, info->icmp_seq);
			}
			memcpy(l4 + 8, pkt_payload(p), text);
		}
		put16(l4 + 2, pcap_csum(l4, l4len, 0));
		break;
	}

	ip[0] = 0x45;
	ip[1] = 0;
	put16(ip + 2, (uint16_t)total);
	put16(ip + 4, info->ip_id);
	put16(ip + 6, p->df ? 0x4000 : 0);
	ip[8] = p->ttl ? p->ttl : 64;
	ip[9] = p->proto;
	put32(ip + 12, p->src);
	put32(ip + 16, p->dst);
	put16(ip + 10, pcap_csum(ip, 20, 0));
	return total;
}

void pcap_build_eth(const struct pkt *p, uint16_t ethertype, uint8_t *buf)
{
	memcpy(buf, p->dst_mac, 6);
	memcpy(buf + 6, p->src_mac, 6);
	put16(buf + 12, ethertype);
}

void pcap_build_sll2(uint16_t ethertype, uint32_t ifindex, uint16_t hatype, uint8_t pkttype,
		     const uint8_t src_mac[6], uint8_t *buf)
{
	memset(buf, 0, PCAP_SLL2_HDR_LEN);
	put16(buf, ethertype);
	/* buf[2..3]: reserved, zero */
	put32(buf + 4, ifindex);
	put16(buf + 8, hatype);
	buf[10] = pkttype;
	buf[11] = 6;
	memcpy(buf + 12, src_mac, 6);
}

static bool has_ip(const struct trace_event *e)
{
	return !e->pkt.is_arp && e->pkt.proto != 0;
}

/* The IP id pktpath gives a packet: its trace id, a fragment's datagram's */
static int ev_ipid(const struct trace_event *e)
{
	return pkt_is_frag(&e->pkt) ? e->pkt.frag_of : e->pkt_id;
}

void pcap_l3_info_for(const struct trace *t, size_t i, struct pcap_l3_info *info, uint8_t *qbuf,
		      size_t qcap)
{
	const struct trace_event *ev = &t->ev[i];
	const struct trace_event *first = ev;
	uint8_t type = (uint8_t)ev->pkt.sport;

	memset(info, 0, sizeof(*info));
	info->ip_id = (uint16_t)ev_ipid(ev);
	info->tsval = (uint32_t)ev_ipid(ev); /* the same on every NIC the packet crosses */
	if (!has_ip(ev) || ev->pkt.proto != PKT_PROTO_ICMP)
		return;
	if (type == 8) {
		info->icmp_id = ev->pkt.icmp_id;
		info->icmp_seq = (uint16_t)ev_ipid(ev);
		return;
	}
	if (type != 0 && !icmp_type_is_error(type))
		return;
	/* the packet's first event: the host that made it, right after what caused it */
	size_t f = i;

	for (size_t k = i; k-- > 0;)
		if (t->ev[k].pkt_id == ev->pkt_id)
			f = k;
	first = &t->ev[f];
	for (size_t k = f; k-- > 0;) {
		const struct trace_event *c = &t->ev[k];
		uint16_t et;

		if (c->pkt_id == ev->pkt_id || c->pkt_id == 0 || !has_ip(c) ||
		    c->host != first->host || c->pkt.src != first->pkt.dst)
			continue;
		if (type == 0) {
			if (c->pkt.proto != PKT_PROTO_ICMP || c->pkt.sport != 8)
				continue;
			info->icmp_id = ev->pkt.icmp_id;
			info->icmp_seq = (uint16_t)ev_ipid(c);
			return;
		}
		if (c->pkt.proto == PKT_PROTO_ICMP && icmp_type_is_error((uint8_t)c->pkt.sport))
			continue; /* no ICMP error about an ICMP error (RFC 1122 3.2.2) */
		/* the quoted packet as it was last seen on that host; a redirect quotes it
		 * as ip_forward() left it: ip_decrease_ttl() runs before
		 * ip_rt_send_redirect(), where every other error is sent before it */
		struct pcap_l3_info qi = { .ip_id = (uint16_t)ev_ipid(c),
					   .tsval = (uint32_t)ev_ipid(c) };
		struct pkt q = c->pkt;
		static uint8_t whole[65536];
		size_t n;

		if (type == 5 && q.ttl > 0)
			q.ttl--;
		if (q.proto == PKT_PROTO_ICMP && q.sport == 8) {
			qi.icmp_id = q.icmp_id;
			qi.icmp_seq = (uint16_t)ev_ipid(c);
		}
		/* icmp_send() quotes as much as fits in 576 bytes (pkt_quote's qlen) */
		n = pcap_build_l3(&q, &qi, whole, sizeof(whole), &et);
		if (ev->pkt.qlen && n > ev->pkt.qlen)
			n = ev->pkt.qlen;
		if (n > qcap)
			n = 0;
		memcpy(qbuf, whole, n);
		info->quote_len = n;
		info->quote = n ? qbuf : NULL;
		return;
	}
}

/* ---- which events are records ------------------------------------------------ */

static bool has_packet(const struct trace_event *e)
{
	return e->pkt.is_arp || e->pkt.proto != 0;
}

static bool is_bcast(const struct pkt *p)
{
	return memcmp(p->dst_mac, mac_bcast, 6) == 0;
}

/* A bridge forwarding decision (wire event i): is there an ingress record on its iif? Not
 * when the bridge device itself sent the frame (its nic-tx is the record), and only once
 * for all the egress ports of one decision (same packet, host, port and time). */
static bool wire_ingress(const struct trace *t, size_t i)
{
	const struct trace_event *w = &t->ev[i];

	for (size_t k = i; k-- > 0;) {
		const struct trace_event *c = &t->ev[k];

		if (c->pkt_id != w->pkt_id || c->host != w->host || c->time_us != w->time_us)
			continue;
		if (c->stage == TRACE_NIC_TX && strcmp(c->oif, w->iif) == 0)
			return false;
		if (c->stage == TRACE_WIRE && strcmp(c->iif, w->iif) == 0)
			return false;
	}
	return true;
}

int pcap_trace_walk(const struct trace *t, pcap_rec_fn fn, void *arg)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct trace_event *e = &t->ev[i];
		struct pcap_rec r = { .ev = i, .host = e->host_name, .ts_ns = e->time_us * 1000 };
		int rc;

		if (!has_packet(e))
			continue;
		switch (e->stage) {
		case TRACE_NIC_TX:
			if (!e->oif[0])
				continue;
			r.nic = e->oif;
			r.pkttype = PCAP_PKT_OUTGOING;
			break;
		case TRACE_NIC_RX:
			if (!e->iif[0])
				continue;
			r.nic = e->iif;
			r.pkttype = is_bcast(&e->pkt) ? PCAP_PKT_BROADCAST : PCAP_PKT_HOST;
			break;
		case TRACE_DROP:
			/* frame_rx() of path.c: a frame for another MAC reached this NIC (D1) */
			if (!e->iif[0] || e->oif[0] || !strstr(e->why, "PACKET_OTHERHOST"))
				continue;
			r.nic = e->iif;
			r.pkttype = PCAP_PKT_OTHERHOST;
			break;
		case TRACE_WIRE:
			if (e->iif[0] && wire_ingress(t, i)) {
				r.nic = e->iif;
				r.pkttype =
					is_bcast(&e->pkt) ? PCAP_PKT_BROADCAST : PCAP_PKT_OTHERHOST;
				rc = fn(&r, arg);
				if (rc)
					return rc;
			}
			if (!e->oif[0])
				continue;
			r.nic = e->oif;
			r.pkttype = PCAP_PKT_OUTGOING;
			break;
		default:
			continue;
		}
		rc = fn(&r, arg);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- interface numbering -------------------------------------------------------- */

uint32_t pcap_ifmap_find(const struct pcap_ifmap *m, const char *host, const char *nic)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->ifs[i].host, host) == 0 && strcmp(m->ifs[i].nic, nic) == 0)
			return m->ifs[i].ifindex;
	return 0;
}

static int ifmap_add(const struct pcap_rec *r, void *arg)
{
	struct pcap_ifmap *m = arg;
	uint32_t idx = pcap_ifmap_find(m, r->host, r->nic);
	struct pcap_if *f;

	if (idx) {
		m->ifs[idx - 1].nrec++;
		return 0;
	}
	vec_reserve((void **)&m->ifs, &m->cap, m->n + 1, sizeof(*m->ifs));
	f = &m->ifs[m->n];
	memset(f, 0, sizeof(*f));
	snprintf(f->host, sizeof(f->host), "%s", r->host);
	snprintf(f->nic, sizeof(f->nic), "%s", r->nic);
	f->ifindex = (uint32_t)++m->n;
	f->nrec = 1;
	return 0;
}

void pcap_ifmap_build(const struct trace *t, struct pcap_ifmap *m)
{
	memset(m, 0, sizeof(*m));
	pcap_trace_walk(t, ifmap_add, m);
}

void pcap_ifmap_release(struct pcap_ifmap *m)
{
	free(m->ifs);
	memset(m, 0, sizeof(*m));
}

/* ---- files ----------------------------------------------------------------------- */

void pcap_file_header(uint32_t linktype, uint8_t out[24])
{
	put32le(out, PCAP_MAGIC_NSEC);
	put16le(out + 4, 2); /* version 2.4 */
	put16le(out + 6, 4);
	put32le(out + 8, 0);  /* thiszone */
	put32le(out + 12, 0); /* sigfigs */
	put32le(out + 16, PCAP_SNAPLEN);
	put32le(out + 20, linktype);
}

void pcap_record_header(uint64_t ts_ns, uint32_t caplen, uint32_t len, uint8_t out[16])
{
	put32le(out, (uint32_t)(ts_ns / 1000000000u));
	put32le(out + 4, (uint32_t)(ts_ns % 1000000000u));
	put32le(out + 8, caplen);
	put32le(out + 12, len);
}

struct writer {
	const struct trace *t;
	const struct pcap_ifmap *map; /* merged file; NULL: one NIC, Ethernet */
	const char *host, *nic;
	FILE *f;
	long n;
};

static int write_rec(const struct pcap_rec *r, void *arg)
{
	struct writer *w = arg;
	const struct trace_event *e = &w->t->ev[r->ev];
	uint8_t frame[PCAP_FRAME_MAX], quote[PCAP_FRAME_MAX / 2], hdr[16];
	struct pcap_l3_info info;
	size_t l2 = w->map ? PCAP_SLL2_HDR_LEN : 14, l3;
	uint16_t et;

	if (!w->map && (strcmp(r->host, w->host) != 0 || strcmp(r->nic, w->nic) != 0))
		return 0;
	pcap_l3_info_for(w->t, r->ev, &info, quote, sizeof(quote));
	l3 = pcap_build_l3(&e->pkt, &info, frame + l2, sizeof(frame) - l2, &et);
	if (!l3)
		return 0;
	if (w->map)
		pcap_build_sll2(et, pcap_ifmap_find(w->map, r->host, r->nic),
				strcmp(r->nic, "lo") == 0 ? ARPHRD_LOOPBACK : ARPHRD_ETHER,
				(uint8_t)r->pkttype, e->pkt.src_mac, frame);
	else
		pcap_build_eth(&e->pkt, et, frame);
	pcap_record_header(r->ts_ns, (uint32_t)(l2 + l3), (uint32_t)(l2 + l3), hdr);
	if (fwrite(hdr, 1, sizeof(hdr), w->f) != sizeof(hdr) ||
	    fwrite(frame, 1, l2 + l3, w->f) != l2 + l3)
		return -1;
	w->n++;
	return 0;
}

static long write_file(struct writer *w, uint32_t linktype)
{
	uint8_t fh[24];

	pcap_file_header(linktype, fh);
	if (fwrite(fh, 1, sizeof(fh), w->f) != sizeof(fh))
		return -1;
	if (pcap_trace_walk(w->t, write_rec, w) != 0 || ferror(w->f)) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return w->n;
}

long pcap_write_merged(const struct trace *t, const struct pcap_ifmap *m, FILE *f)
{
	struct writer w = { .t = t, .map = m, .f = f };

	return write_file(&w, PCAP_LINKTYPE_LINUX_SLL2);
}

long pcap_write_nic(const struct trace *t, const char *host, const char *nic, FILE *f)
{
	struct writer w = { .t = t, .host = host, .nic = nic, .f = f };

	return write_file(&w, PCAP_LINKTYPE_ETHERNET);
}
