/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of src/out/pcap.c: the Internet checksum, the IPv4/TCP/UDP/ICMP/ARP, Ethernet
 * and LINUX_SLL2 builders, the pcap headers, and which trace events become records.
 * Known answers come from RFC 1071 and the classic IPv4 header example (checksum 0xb861).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/pcap.h"
#include "out/trace.h"

#define IP4(a, b, c, d) \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

static uint16_t get16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

static uint32_t get32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* checksum over a TCP/UDP segment with its pseudo-header: 0 when it is right */
static uint16_t verify_l4(const uint8_t *ip)
{
	size_t total = get16(ip + 2), len = total - 20;
	uint8_t ph[12];

	memcpy(ph, ip + 12, 8);
	ph[8] = 0;
	ph[9] = ip[9];
	ph[10] = (uint8_t)(len >> 8);
	ph[11] = (uint8_t)len;
	return pcap_csum(ip + 20, len, pcap_csum_partial(ph, sizeof(ph), 0));
}

static void test_csum_rfc1071(void **state)
{
	/* RFC 1071 section 3: the sum of these words is 0xddf2, so the checksum is 0x220d */
	static const uint8_t d[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	static const uint8_t odd[] = { 0x01, 0x02, 0x03 }; /* 0x0102 + 0x0300 = 0x0402 */

	(void)state;
	assert_int_equal(pcap_csum(d, sizeof(d), 0), 0x220d);
	assert_int_equal(pcap_csum_partial(d, sizeof(d), 0), 0xddf2);
	assert_int_equal(pcap_csum(odd, sizeof(odd), 0), (uint16_t)~0x0402);
	assert_int_equal(pcap_csum(NULL, 0, 0), 0xffff);
	/* chaining two halves gives the same as one pass */
	assert_int_equal(pcap_csum(d + 4, 4, pcap_csum_partial(d, 4, 0)), 0x220d);
}

static void test_ipv4_known_header(void **state)
{
	/* 4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7: a UDP datagram of 0x73 bytes */
	static const uint8_t want[20] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40,
					  0x00, 0x40, 0x11, 0xb8, 0x61, 0xc0, 0xa8,
					  0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7 };
	struct pkt p = { .df = true, /* a socket's datagram */
			 .src = IP4(192, 168, 0, 1),
			 .dst = IP4(192, 168, 0, 199),
			 .proto = PKT_PROTO_UDP,
			 .sport = 5353,
			 .dport = 53,
			 .ttl = 64 };
	struct pcap_l3_info info = { .ip_id = 0 };
	uint8_t buf[256];
	uint16_t et = 0;
	size_t n;
	char text[0x73 - 28 + 1];

	(void)state;
	memset(text, 'x', sizeof(text) - 1); /* 87 bytes of text */
	text[sizeof(text) - 1] = '\0';
	pkt_set_payload(&p, text);
	n = pcap_build_l3(&p, &info, buf, sizeof(buf), &et);
	assert_int_equal(n, 0x73);
	assert_int_equal(et, 0x0800);
	assert_memory_equal(buf, want, 20);
	assert_int_equal(pcap_csum(buf, 20, 0), 0);
	/* UDP: ports, length, and a checksum that verifies */
	assert_int_equal(get16(buf + 20), 5353);
	assert_int_equal(get16(buf + 22), 53);
	assert_int_equal(get16(buf + 24), 0x73 - 20);
	assert_int_not_equal(get16(buf + 26), 0);
	assert_int_equal(verify_l4(buf), 0);
	assert_memory_equal(buf + 28, pkt_payload(&p), 87);
	/* too small a buffer: nothing */
	assert_int_equal(pcap_build_l3(&p, &info, buf, 0x72, &et), 0);
}

static void test_tcp_segment(void **state)
{
	struct pkt p = { .df = true,
			 .src = IP4(172, 16, 70, 16),
			 .dst = IP4(172, 16, 70, 15),
			 .proto = PKT_PROTO_TCP,
			 .sport = 40000,
			 .dport = 80,
			 .tcp_flags = TCPF_PSH | TCPF_ACK,
			 .seq = 1001,
			 .ack = 2001,
			 .ttl = 63 };
	struct pcap_l3_info info = { .ip_id = 0x1234 };
	uint8_t buf[256];
	uint16_t et;
	size_t n;

	(void)state;
	pkt_set_payload(&p, "GET / HTTP/1.0 ёж"); /* UTF-8 bytes as they are */
	n = pcap_build_l3(&p, &info, buf, sizeof(buf), &et);
	assert_int_equal(n, 40 + strlen(pkt_payload(&p)));
	assert_int_equal(get16(buf + 2), n);
	assert_int_equal(get16(buf + 4), 0x1234);
	assert_int_equal(get16(buf + 6), 0x4000); /* DF */
	assert_int_equal(buf[8], 63);
	assert_int_equal(buf[9], 6);
	assert_int_equal(get32(buf + 12), p.src);
	assert_int_equal(get32(buf + 16), p.dst);
	assert_int_equal(pcap_csum(buf, 20, 0), 0);
	assert_int_equal(get16(buf + 20), 40000);
	assert_int_equal(get16(buf + 22), 80);
	assert_int_equal(get32(buf + 24), 1001);
	assert_int_equal(get32(buf + 28), 2001);
	assert_int_equal(buf[32], 0x50);
	assert_int_equal(buf[33], 0x18); /* PSH|ACK as on the wire */
	assert_int_equal(get16(buf + 34), PCAP_TCP_WINDOW);
	assert_int_equal(verify_l4(buf), 0);
	assert_memory_equal(buf + 40, pkt_payload(&p), strlen(pkt_payload(&p)));
	/* one flipped payload bit breaks the checksum */
	buf[41] ^= 1;
	assert_int_not_equal(verify_l4(buf), 0);
}

static void test_icmp_echo_and_error(void **state)
{
	struct pkt echo = { .df = true, /* ping's raw socket */
			    .src = IP4(10, 0, 0, 1),
			    .dst = IP4(10, 0, 0, 2),
			    .proto = PKT_PROTO_ICMP,
			    .sport = 8,
			    .dport = 0,
			    .ttl = 64 };
	struct pkt udp = { .df = true,
			   .src = IP4(10, 0, 0, 1),
			   .dst = IP4(10, 0, 0, 2),
			   .proto = PKT_PROTO_UDP,
			   .sport = 40000,
			   .dport = 9,
			   .ttl = 64 };
	struct pkt err = { .src = IP4(10, 0, 0, 2),
			   .dst = IP4(10, 0, 0, 1),
			   .proto = PKT_PROTO_ICMP,
			   .sport = 3,
			   .dport = 3,
			   .ttl = 64 };
	struct pcap_l3_info info = { .ip_id = 7, .icmp_id = 1, .icmp_seq = 42 };
	uint8_t buf[256], q[128];
	uint16_t et;
	size_t n, qn;

	(void)state;
	n = pcap_build_l3(&echo, &info, buf, sizeof(buf), &et);
	assert_int_equal(n, 28);
	assert_int_equal(get16(buf + 6), 0x4000);
	assert_int_equal(buf[20], 8);
	assert_int_equal(get16(buf + 24), 1);
	assert_int_equal(get16(buf + 26), 42);
	assert_int_equal(pcap_csum(buf + 20, 8, 0), 0);

	pkt_set_payload(&udp, "hello");
	qn = pcap_build_l3(&udp, NULL, q, sizeof(q), &et);
	assert_int_equal(qn, 33);
	info = (struct pcap_l3_info){ .ip_id = 9, .quote = q, .quote_len = qn };
	n = pcap_build_l3(&err, &info, buf, sizeof(buf), &et);
	assert_int_equal(n, 20 + 8 + qn);
	assert_int_equal(get16(buf + 6), 0); /* the kernel's ICMP socket: no DF */
	assert_int_equal(buf[20], 3);
	assert_int_equal(buf[21], 3);
	assert_int_equal(get32(buf + 24), 0); /* unused */
	assert_memory_equal(buf + 28, q, qn);
	assert_int_equal(pcap_csum(buf + 20, n - 20, 0), 0);
	assert_int_equal(pcap_csum(buf, 20, 0), 0);
}

static void test_arp_eth_sll2(void **state)
{
	struct pkt p = { .is_arp = true,
			 .arp_op = 1,
			 .arp_sip = IP4(172, 16, 70, 16),
			 .arp_tip = IP4(172, 16, 70, 15),
			 .src_mac = { 2, 0, 1, 0, 0, 3 },
			 .dst_mac = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	static const uint8_t zero[6];
	uint8_t buf[64], h[20];
	uint16_t et;

	(void)state;
	assert_int_equal(pcap_build_l3(&p, NULL, buf, sizeof(buf), &et), 28);
	assert_int_equal(et, 0x0806);
	assert_int_equal(get16(buf), 1);
	assert_int_equal(get16(buf + 2), 0x0800);
	assert_int_equal(buf[4], 6);
	assert_int_equal(buf[5], 4);
	assert_int_equal(get16(buf + 6), 1);
	assert_memory_equal(buf + 8, p.src_mac, 6);
	assert_int_equal(get32(buf + 14), p.arp_sip);
	assert_memory_equal(buf + 18, zero, 6); /* a request does not know the target's MAC */
	assert_int_equal(get32(buf + 24), p.arp_tip);
	p.arp_op = 2;
	memcpy(p.dst_mac, (uint8_t[6]){ 2, 0, 2, 0, 0, 2 }, 6);
	pcap_build_l3(&p, NULL, buf, sizeof(buf), &et);
	assert_int_equal(get16(buf + 6), 2);
	assert_memory_equal(buf + 18, p.dst_mac, 6);

	pcap_build_eth(&p, 0x0806, h);
	assert_memory_equal(h, p.dst_mac, 6);
	assert_memory_equal(h + 6, p.src_mac, 6);
	assert_int_equal(get16(h + 12), 0x0806);

	pcap_build_sll2(0x0800, 0x01020304, 1, PCAP_PKT_OUTGOING, p.src_mac, h);
	assert_int_equal(get16(h), 0x0800);
	assert_int_equal(get16(h + 2), 0);
	assert_int_equal(get32(h + 4), 0x01020304);
	assert_int_equal(get16(h + 8), 1);
	assert_int_equal(h[10], 4);
	assert_int_equal(h[11], 6);
	assert_memory_equal(h + 12, p.src_mac, 6);
	assert_int_equal(get16(h + 18), 0);
}

static void test_file_headers(void **state)
{
	static const uint8_t want[24] = { 0x4d, 0x3c, 0xb2, 0xa1, 2, 0, 4, 0, 0,    0, 0, 0,
					  0,	0,    0,    0,	  0, 0, 4, 0, 0x14, 1, 0, 0 };
	static const uint8_t rec[16] = {
		3, 0, 0, 0, 0x40, 0x42, 0x0f, 0, 60, 0, 0, 0, 60, 0, 0, 0
	};
	uint8_t b[24];

	(void)state;
	pcap_file_header(PCAP_LINKTYPE_LINUX_SLL2, b); /* snaplen 262144 = 0x40000 */
	assert_memory_equal(b, want, 24);
	pcap_record_header(3001000000ull, 60, 60, b); /* 3 s + 1 000 000 ns */
	assert_memory_equal(b, rec, 16);
}

static void add_ev(struct trace *t, enum trace_stage st, int pkt_id, int host, const char *hn,
		   const char *iif, const char *oif, const struct pkt *p, uint64_t us,
		   const char *why)
{
	struct trace_draft ev;

	memset(&ev, 0, sizeof(ev));
	ev.stage = st;
	ev.pkt_id = pkt_id;
	ev.host = host;
	snprintf(ev.host_name, sizeof(ev.host_name), "%s", hn);
	snprintf(ev.iif, sizeof(ev.iif), "%s", iif);
	snprintf(ev.oif, sizeof(ev.oif), "%s", oif);
	ev.pkt = *p;
	ev.time_us = us;
	snprintf(ev.why, sizeof(ev.why), "%s", why ? why : "");
	trace_add(t, &ev);
}

struct seen {
	char line[16][64];
	int n;
};

static int collect(const struct pcap_rec *r, void *arg)
{
	struct seen *s = arg;

	if (s->n < 16)
		snprintf(s->line[s->n++], 64, "%zu %s:%s %d %llu", r->ev, r->host, r->nic,
			 (int)r->pkttype, (unsigned long long)r->ts_ns);
	return 0;
}

static void test_walk_and_ifmap(void **state)
{
	struct pkt bc = { .is_arp = true,
			  .arp_op = 1,
			  .src_mac = { 2, 0, 0, 0, 0, 1 },
			  .dst_mac = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	struct pkt uc = { .src = IP4(10, 0, 0, 1),
			  .dst = IP4(10, 0, 0, 2),
			  .proto = PKT_PROTO_UDP,
			  .sport = 1,
			  .dport = 2,
			  .src_mac = { 2, 0, 0, 0, 0, 1 },
			  .dst_mac = { 2, 0, 0, 0, 0, 2 } };
	struct trace t;
	struct seen s = { .n = 0 };
	struct pcap_ifmap m;

	(void)state;
	trace_init(&t);
	add_ev(&t, TRACE_NIC_TX, 1, 0, "a", "", "eth0", &bc, 0, NULL);	/* 0 */
	add_ev(&t, TRACE_WIRE, 1, 2, "sw", "pa", "pb", &bc, 10, NULL);	/* 1: flood, ingress once */
	add_ev(&t, TRACE_WIRE, 1, 2, "sw", "pa", "pc", &bc, 10, NULL);	/* 2 */
	add_ev(&t, TRACE_NIC_RX, 1, 1, "b", "eth0", "", &bc, 20, NULL); /* 3 */
	add_ev(&t, TRACE_NIC_TX, 2, 0, "a", "", "eth0", &uc, 30, NULL); /* 4 */
	add_ev(&t, TRACE_ROUTE_IN, 2, 1, "b", "eth0", "", &uc, 40, NULL); /* 5: not a frame */
	add_ev(&t, TRACE_DROP, 2, 3, "c", "eth0", "", &uc, 40,
	       "frame for another MAC (PACKET_OTHERHOST): not for eth0 (D1)"); /* 6 */
	add_ev(&t, TRACE_DROP, 2, 1, "b", "eth0", "", &uc, 40, NULL); /* 7: some other drop */
	add_ev(&t, TRACE_NIC_TX, 3, 2, "sw", "", "br0", &uc, 50,
	       NULL); /* 8: the bridge sends itself */
	add_ev(&t, TRACE_WIRE, 3, 2, "sw", "br0", "pa", &uc, 50, NULL); /* 9: no ingress record */

	pcap_trace_walk(&t, collect, &s);
	assert_int_equal(s.n, 9);
	assert_string_equal(s.line[0], "0 a:eth0 4 0");
	assert_string_equal(s.line[1], "1 sw:pa 1 10000");
	assert_string_equal(s.line[2], "1 sw:pb 4 10000");
	assert_string_equal(s.line[3], "2 sw:pc 4 10000");
	assert_string_equal(s.line[4], "3 b:eth0 1 20000");
	assert_string_equal(s.line[5], "4 a:eth0 4 30000");
	assert_string_equal(s.line[6], "6 c:eth0 3 40000");
	assert_string_equal(s.line[7], "8 sw:br0 4 50000");
	assert_string_equal(s.line[8], "9 sw:pa 4 50000");

	pcap_ifmap_build(&t, &m);
	assert_int_equal(m.n, 7);
	assert_int_equal(pcap_ifmap_find(&m, "a", "eth0"), 1);
	assert_int_equal(pcap_ifmap_find(&m, "sw", "pa"), 2);
	assert_int_equal(pcap_ifmap_find(&m, "c", "eth0"), 6);
	assert_int_equal(pcap_ifmap_find(&m, "sw", "br0"), 7);
	assert_int_equal(pcap_ifmap_find(&m, "x", "eth0"), 0);
	assert_int_equal(m.ifs[0].nrec, 2);
	pcap_ifmap_release(&m);
	trace_release(&t);
}

static void test_icmp_links(void **state)
{
	struct pkt req = { .src = IP4(10, 0, 0, 1),
			   .dst = IP4(10, 0, 0, 2),
			   .proto = PKT_PROTO_ICMP,
			   .sport = 8,
			   .icmp_id = 77 };
	struct pkt rep = { .src = IP4(10, 0, 0, 2),
			   .dst = IP4(10, 0, 0, 1),
			   .proto = PKT_PROTO_ICMP,
			   .sport = 0,
			   .icmp_id = 77 };
	struct pkt udp = { .df = true,
			   .src = IP4(10, 0, 0, 1),
			   .dst = IP4(10, 0, 0, 2),
			   .proto = PKT_PROTO_UDP,
			   .sport = 40000,
			   .dport = 9,
			   .ttl = 64 };
	struct pkt err = { .src = IP4(10, 0, 0, 2),
			   .dst = IP4(10, 0, 0, 1),
			   .proto = PKT_PROTO_ICMP,
			   .sport = 3,
			   .dport = 3 };
	struct pcap_l3_info info;
	struct trace t;
	uint8_t q[256], want[256];
	uint16_t et;
	size_t wn;

	(void)state;
	trace_init(&t);
	add_ev(&t, TRACE_NIC_RX, 5, 1, "b", "eth0", "", &req, 0, NULL);	 /* 0 */
	add_ev(&t, TRACE_REPLY, 6, 1, "b", "", "", &rep, 0, NULL);	 /* 1 */
	add_ev(&t, TRACE_NIC_TX, 6, 1, "b", "", "eth0", &rep, 0, NULL);	 /* 2 */
	add_ev(&t, TRACE_NIC_RX, 7, 1, "b", "eth0", "", &udp, 10, NULL); /* 3 */
	add_ev(&t, TRACE_REPLY, 8, 1, "b", "", "", &err, 10, NULL);	 /* 4 */
	add_ev(&t, TRACE_NIC_TX, 8, 1, "b", "", "eth0", &err, 10, NULL); /* 5 */

	pcap_l3_info_for(&t, 0, &info, q, sizeof(q));
	assert_int_equal(info.ip_id, 5);
	assert_int_equal(info.icmp_id, 77); /* the echo's own identifier */
	assert_int_equal(info.icmp_seq, 5);
	pcap_l3_info_for(&t, 2, &info, q, sizeof(q));
	assert_int_equal(info.ip_id, 6);
	assert_int_equal(info.icmp_id, 77);
	assert_int_equal(info.icmp_seq, 5); /* the reply answers request 5 */
	assert_null(info.quote);
	pcap_l3_info_for(&t, 5, &info, q, sizeof(q));
	assert_non_null(info.quote);
	wn = pcap_build_l3(&udp, &(struct pcap_l3_info){ .ip_id = 7 }, want, sizeof(want), &et);
	assert_int_equal(info.quote_len, wn);
	assert_memory_equal(info.quote, want, wn);
	trace_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csum_rfc1071),   cmocka_unit_test(test_ipv4_known_header),
		cmocka_unit_test(test_tcp_segment),    cmocka_unit_test(test_icmp_echo_and_error),
		cmocka_unit_test(test_arp_eth_sll2),   cmocka_unit_test(test_file_headers),
		cmocka_unit_test(test_walk_and_ifmap), cmocka_unit_test(test_icmp_links),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
