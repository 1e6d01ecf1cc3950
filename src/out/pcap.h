/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pcap: the trace's frames as a capture file that Wireshark/tshark open (docs/architecture.md
 * `pktpath export`). No libpcap: the classic pcap format is a
 * 24-byte file header and a 16-byte header per record; we write it ourselves, always
 * little-endian with the nanosecond magic 0xa1b23c4d, so the bytes are the same on every
 * machine.
 *
 * Which events become records ("like tcpdump -i any on every host"):
 *   nic-tx                      outgoing on oif
 *   nic-rx                      incoming on iif (to us, or broadcast)
 *   drop for PACKET_OTHERHOST   incoming on iif, packet type "other host" (the frame did
 *                               reach the NIC; tcpdump sees it, the stack drops it)
 *   wire (a bridge forwards)    incoming on the ingress port once per forwarding decision
 *                               (unless the bridge device itself sent it: that is its
 *                               nic-tx), and outgoing on each egress port
 * Timestamps are the simulated time (time_us), so exporting twice gives the same bytes.
 *
 * Frames are built from struct pkt: Ethernet II, ARP (42 bytes, no padding: veths do not
 * pad) or IPv4 (20-byte header, TTL from the packet, IP ID = pkt id, DF for TCP, UDP and
 * echo requests as Linux sets it) with TCP (20-byte header, window 64240, no options),
 * UDP or ICMP; all checksums are real. ICMP errors quote the whole packet that caused
 * them (found in the trace); echo requests carry id 1 and sequence = their pkt id, and an
 * echo reply copies the request's. Nothing here does I/O beyond the FILE* it is given.
 */
#ifndef PKTPATH_PCAP_H
#define PKTPATH_PCAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "trace.h"

#define PCAP_MAGIC_NSEC 0xa1b23c4du
#define PCAP_LINKTYPE_ETHERNET 1u /* DLT_EN10MB */
#define PCAP_LINKTYPE_LINUX_SLL2 276u
#define PCAP_SNAPLEN 262144u
#define PCAP_SLL2_HDR_LEN 20u
#define PCAP_TCP_WINDOW 64240u
#define PCAP_FRAME_MAX (65535u + 64u) /* an IPv4 datagram at most, with its L2 header */

/* Linux packet types (linux/if_packet.h) as SLL2 carries them. */
enum pcap_pkttype {
	PCAP_PKT_HOST = 0, /* to us */
	PCAP_PKT_BROADCAST = 1,
	PCAP_PKT_OTHERHOST = 3,
	PCAP_PKT_OUTGOING = 4,
};

/* The Internet checksum (RFC 1071) of len bytes, starting from the partial sum sum
 * (0 for a fresh one). Returns the value to store in the header (already complemented). */
uint16_t pcap_csum(const void *data, size_t len, uint32_t sum);
/* Partial (uncomplemented, unfolded) sum of len bytes, to chain with pcap_csum. */
uint32_t pcap_csum_partial(const void *data, size_t len, uint32_t sum);

/* Extra facts a struct pkt does not hold, that the frame needs. */
struct pcap_l3_info {
	uint16_t ip_id;
	uint16_t icmp_id, icmp_seq; /* echo request/reply */
	const uint8_t *quote; /* ICMP error: the packet that caused it (IPv4 bytes), or NULL */
	size_t quote_len;
	uint32_t tsval; /* TCP timestamps: not modelled, the packet's id (TSecr too) */
};

/* The network-layer packet (IPv4 with its TCP/UDP/ICMP header and payload, or ARP) into
 * buf; *ethertype is set to 0x0800 or 0x0806. Returns its length, 0 if p holds no packet
 * or cap is too small. */
size_t pcap_build_l3(const struct pkt *p, const struct pcap_l3_info *info, uint8_t *buf, size_t cap,
		     uint16_t *ethertype);
/* Ethernet II header (dst MAC, src MAC, ethertype): 14 bytes into buf. */
void pcap_build_eth(const struct pkt *p, uint16_t ethertype, uint8_t *buf);
/* LINUX_SLL2 header: 20 bytes into buf. hatype 1 (ARPHRD_ETHER) or 772 (loopback). */
void pcap_build_sll2(uint16_t ethertype, uint32_t ifindex, uint16_t hatype, uint8_t pkttype,
		     const uint8_t src_mac[6], uint8_t *buf);

/* The facts for the event at index i of t: IP ID, ICMP id/seq, and for an ICMP error the
 * packet it quotes, built into qbuf (qcap bytes). */
void pcap_l3_info_for(const struct trace *t, size_t i, struct pcap_l3_info *info, uint8_t *qbuf,
		      size_t qcap);

/* One capture record: the event ev seen on host:nic with this packet type. */
struct pcap_rec {
	size_t ev; /* index into t->ev */
	const char *host, *nic;
	enum pcap_pkttype pkttype;
	uint64_t ts_ns;
};
typedef int (*pcap_rec_fn)(const struct pcap_rec *r, void *arg);
/* Calls fn for every record of t in trace order (see the rules above); stops and returns
 * fn's value when it is non-zero, else returns 0. */
int pcap_trace_walk(const struct trace *t, pcap_rec_fn fn, void *arg);

/* The interfaces that appear in t's records, numbered 1, 2, … in order of first
 * appearance: the ifindex of the merged (SLL2) file. */
struct pcap_if {
	char host[64];
	char nic[16];
	uint32_t ifindex;
	size_t nrec; /* records on it */
};
struct pcap_ifmap {
	struct pcap_if *ifs;
	size_t n, cap;
};
void pcap_ifmap_build(const struct trace *t, struct pcap_ifmap *m);
void pcap_ifmap_release(struct pcap_ifmap *m);
/* Its ifindex, 0 if host:nic has no record. */
uint32_t pcap_ifmap_find(const struct pcap_ifmap *m, const char *host, const char *nic);

/* 24-byte file header, 16-byte record header (both little-endian). */
void pcap_file_header(uint32_t linktype, uint8_t out[24]);
void pcap_record_header(uint64_t ts_ns, uint32_t caplen, uint32_t len, uint8_t out[16]);

/* Writes t as one LINUX_SLL2 file (every record, ifindex from m) to f. Returns the number
 * of records, or -1 if a write failed (errno set). */
long pcap_write_merged(const struct trace *t, const struct pcap_ifmap *m, FILE *f);
/* Writes the records of host:nic as one Ethernet (DLT_EN10MB) file to f. Same return. */
long pcap_write_nic(const struct trace *t, const char *host, const char *nic, FILE *f);

#endif
