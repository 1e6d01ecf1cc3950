/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netlink-diag: a namespace's real sockets and conntrack entries (docs/architecture.md
 * "Real kernel mode": shown when available), as plain values (ksock.h).
 * - Sockets: libnl-idiag. idiagnl_send_simple() only speaks the old TCP-only request
 *   (TCPDIAG_GETSOCK), so the dump is a SOCK_DIAG_BY_FAMILY request (inet_diag_req_v2)
 *   for TCP and for UDP, sent on an idiagnl_connect()ed socket; each answer is parsed
 *   with idiagnl_msg_parse(), plus INET_DIAG_MARK (which libnl does not parse; the
 *   kernel sends it to CAP_NET_ADMIN only). Dump order = the kernel's (ss's).
 * - Conntrack: libnl-nf. nfnl_ct_dump_request() and nfnlmsg_ct_parse() per message, in
 *   dump order (a libnl cache would reorder and merge), IPv4 entries only.
 */
#include "net/ksock.h"
#include "netlink-priv.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wcast-qual"
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#include <netlink/addr.h>
#include <netlink/attr.h>
#include <netlink/handlers.h>
#include <netlink/idiag/idiagnl.h>
#include <netlink/idiag/msg.h>
#include <netlink/msg.h>
#include <netlink/netfilter/ct.h>
#include <netlink/netfilter/nfnl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#pragma GCC diagnostic pop

/* Room for one more element of size elem in *v (n used, *cap allocated): doubles, from
 * 64. False when out of memory, *v untouched (a dump callback must not abort). */
static bool room(void **v, size_t *cap, size_t n, size_t elem)
{
	size_t c = *cap ? *cap * 2 : 64;
	void *p;

	if (n < *cap)
		return true;
	p = realloc(*v, c * elem);
	if (!p)
		return false;
	*v = p;
	*cap = c;
	return true;
}

/* IPv4 address of an nl_addr; libnl-idiag builds its addresses from the 16-byte
 * inet_diag_sockid fields, the IPv4 address in the first 4 bytes */
static uint32_t addr4(const struct nl_addr *a)
{
	uint32_t v;

	if (!a || nl_addr_get_len(a) < 4 || nl_addr_get_family(a) != AF_INET)
		return 0;
	memcpy(&v, nl_addr_get_binary_addr(a), 4);
	return ntohl(v);
}

/* ---- sockets ---- */

struct sock_ctx {
	struct ksock *v;
	size_t n, cap;
	uint8_t proto;
	bool nomem;
};

static int sock_cb(struct nl_msg *m, void *arg)
{
	struct sock_ctx *c = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(m);
	struct idiagnl_msg *im = NULL;
	struct nlattr *tb[INET_DIAG_MAX + 1];
	struct ksock k;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY || idiagnl_msg_parse(nlh, &im) < 0 || !im)
		return NL_OK;
	memset(&k, 0, sizeof(k));
	k.proto = c->proto;
	k.state = idiagnl_msg_get_state(im);
	k.src = addr4(idiagnl_msg_get_src(im));
	k.dst = addr4(idiagnl_msg_get_dst(im));
	/* libnl-idiag 3.7 keeps the ports in network byte order */
	k.sport = ntohs(idiagnl_msg_get_sport(im));
	k.dport = ntohs(idiagnl_msg_get_dport(im));
	k.rqueue = idiagnl_msg_get_rqueue(im);
	k.wqueue = idiagnl_msg_get_wqueue(im);
	k.bound_if = (int)idiagnl_msg_get_ifindex(im);
	k.uid = idiagnl_msg_get_uid(im);
	k.inode = idiagnl_msg_get_inode(im);
	if (k.bound_if > 0 && !if_indextoname((unsigned)k.bound_if, k.bound_dev))
		snprintf(k.bound_dev, sizeof(k.bound_dev), "if%d", k.bound_if);
	idiagnl_msg_put(im);
	if (nlmsg_parse(nlh, sizeof(struct inet_diag_msg), tb, INET_DIAG_MAX, NULL) == 0 &&
	    tb[INET_DIAG_MARK]) {
		k.has_mark = true;
		k.mark = nla_get_u32(tb[INET_DIAG_MARK]);
	}
	if (!room((void **)&c->v, &c->cap, c->n, sizeof(*c->v))) {
		c->nomem = true;
		return NL_STOP;
	}
	c->v[c->n++] = k;
	return NL_OK;
}

int nl_sock_list(const char *netns, struct ksock **out, size_t *n, char *msg, size_t msglen)
{
	static const uint8_t protos[] = { IPPROTO_TCP, IPPROTO_UDP };
	struct sock_ctx c = { 0 };
	struct nl_sock *sk;
	int saved, err;

	*out = NULL;
	*n = 0;
	err = nlx_ns_enter(netns, &saved, msg, msglen);
	if (err)
		return err;
	sk = nl_socket_alloc();
	err = sk ? idiagnl_connect(sk) : -NLE_NOMEM;
	if (err < 0) {
		nlx_ns_leave(saved);
		snprintf(msg, msglen, "inet_diag: %s", nl_geterror(err));
		if (sk)
			nl_socket_free(sk);
		return -EIO;
	}
	/* still inside: sock_cb's if_indextoname() must name the namespace's devices */
	nl_socket_set_msg_buf_size(sk, 1u << 16);
	for (size_t i = 0; i < sizeof(protos) && err >= 0; i++) {
		struct inet_diag_req_v2 req = { .sdiag_family = AF_INET,
						.sdiag_protocol = protos[i],
						.idiag_states = ~0u };

		c.proto = protos[i];
		nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, sock_cb, &c);
		err = nl_send_simple(sk, SOCK_DIAG_BY_FAMILY, NLM_F_DUMP, &req, sizeof(req));
		if (err >= 0)
			err = nl_recvmsgs_default(sk);
		/* no UDP diag module: ENOENT; list what there is */
		if (err == -NLE_OBJ_NOTFOUND && protos[i] == IPPROTO_UDP)
			err = 0;
	}
	nl_socket_free(sk);
	nlx_ns_leave(saved);
	if (c.nomem) {
		free(c.v);
		snprintf(msg, msglen, "out of memory");
		return -ENOMEM;
	}
	if (err < 0) {
		free(c.v);
		snprintf(msg, msglen, "inet_diag dump: %s", nl_geterror(err));
		return -EIO;
	}
	*out = c.v;
	*n = c.n;
	return 0;
}

/* ---- conntrack ---- */

struct ct_ctx {
	struct kct *v;
	size_t n, cap;
	bool nomem;
};

static int ct_cb(struct nl_msg *m, void *arg)
{
	struct ct_ctx *c = arg;
	struct nfnl_ct *ct = NULL;
	struct kct k;

	if (nfnlmsg_ct_parse(nlmsg_hdr(m), &ct) < 0 || !ct)
		return NL_OK;
	if (nfnl_ct_get_family(ct) != AF_INET) {
		nfnl_ct_put(ct);
		return NL_OK;
	}
	memset(&k, 0, sizeof(k));
	k.proto = nfnl_ct_get_proto(ct);
	k.has_tcp_state = nfnl_ct_test_tcp_state(ct);
	k.tcp_state = k.has_tcp_state ? nfnl_ct_get_tcp_state(ct) : 0;
	k.timeout = nfnl_ct_get_timeout(ct);
	k.status = nfnl_ct_get_status(ct);
	k.mark = nfnl_ct_test_mark(ct) ? nfnl_ct_get_mark(ct) : 0;
	k.use = nfnl_ct_test_use(ct) ? nfnl_ct_get_use(ct) : 1;
	k.zone = nfnl_ct_test_zone(ct) ? nfnl_ct_get_zone(ct) : 0;
	k.id = nfnl_ct_test_id(ct) ? nfnl_ct_get_id(ct) : 0;
	for (int d = 0; d < 2; d++) {
		struct kct_tuple *t = &k.t[d];

		t->src = addr4(nfnl_ct_get_src(ct, d));
		t->dst = addr4(nfnl_ct_get_dst(ct, d));
		t->sport = nfnl_ct_get_src_port(ct, d);
		t->dport = nfnl_ct_get_dst_port(ct, d);
		t->icmp_type = nfnl_ct_get_icmp_type(ct, d);
		t->icmp_code = nfnl_ct_get_icmp_code(ct, d);
		t->icmp_id = nfnl_ct_get_icmp_id(ct, d);
	}
	nfnl_ct_put(ct);
	if (!room((void **)&c->v, &c->cap, c->n, sizeof(*c->v))) {
		c->nomem = true;
		return NL_STOP;
	}
	c->v[c->n++] = k;
	return NL_OK;
}

int nl_ct_list(const char *netns, struct kct **out, size_t *n, char *msg, size_t msglen)
{
	struct ct_ctx c = { 0 };
	struct nl_sock *sk;
	int saved, err;

	*out = NULL;
	*n = 0;
	err = nlx_ns_enter(netns, &saved, msg, msglen);
	if (err)
		return err;
	sk = nl_socket_alloc();
	err = sk ? nl_connect(sk, NETLINK_NETFILTER) : -NLE_NOMEM;
	nlx_ns_leave(saved);
	if (err < 0) {
		snprintf(msg, msglen, "ctnetlink: %s", nl_geterror(err));
		if (sk)
			nl_socket_free(sk);
		return -EIO;
	}
	nl_socket_set_msg_buf_size(sk, 1u << 16);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, ct_cb, &c);
	err = nfnl_ct_dump_request(sk);
	if (err >= 0)
		err = nl_recvmsgs_default(sk);
	nl_socket_free(sk);
	if (c.nomem) {
		free(c.v);
		snprintf(msg, msglen, "out of memory");
		return -ENOMEM;
	}
	if (err < 0) {
		free(c.v);
		snprintf(msg, msglen, "ctnetlink dump: %s%s", nl_geterror(err),
			 err == -NLE_PERM ? " (needs CAP_NET_ADMIN)" : "");
		return -EIO;
	}
	*out = c.v;
	*n = c.n;
	return 0;
}
