/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ip-link: `ip link` add (veth, bridge), set and show, as iproute2 6.1 (ip/iplink.c,
 * ip/ipaddress.c) prints and refuses them.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ip.h"

/* ---- links ---- */

static const struct nic *link_peer(const struct host *h, const struct nic *n,
				   const struct host **ph)
{
	if (n->peer_host < 0 || (size_t)n->peer_host >= h->sim->nhosts)
		return NULL;
	*ph = h->sim->hosts[n->peer_host];
	return host_nic_by_index_c(*ph, n->peer_ifindex);
}

bool link_other_netns(const struct host *h, const struct nic *n)
{
	const struct host *ph = NULL;

	return link_peer(h, n, &ph) ? ph != h : n->ext_peer_ifindex != 0;
}

/* A veth whose peer is in another namespace: ip names the namespace in text when it has
 * a name, and gives the id in JSON always (print_linkinfo). A simulated host is a named
 * namespace (its `ip link add … netns NAME` needed `ip netns add NAME`); an imported
 * veth's peer has the name its namespace has, if any (netlink-import.c). The ids of
 * simulated peers are not modelled: the kernel numbers a namespace's peers lazily (the
 * creating namespace at creation, the others at their first dump); JSON says 0. */
void fmt_peer_netns(const struct host *h, const struct nic *n, struct jw *w)
{
	const struct host *ph = NULL;

	if (link_peer(h, n, &ph) && ph != h) {
		if (w->json)
			jw_int(w, "link_netnsid", " link-netnsid %lld", 0ll);
		else
			jw_fp(w, " link-netns %s", ph->name);
	} else if (n->ext_peer_netns[0] && !w->json) {
		jw_fp(w, " link-netns %s", n->ext_peer_netns);
	} else {
		jw_int(w, "link_netnsid", " link-netnsid %lld", (long long)n->ext_peer_nsid);
	}
}

/* The name as ip prints it: NAME, NAME@PEER for a veth whose peer is here, NAME@ifN
 * when the peer is in another namespace; in JSON "link" or "link_index", then "ifname" */
static void link_name(const struct host *h, const struct nic *n, struct jw *w)
{
	const struct host *ph = NULL;
	const struct nic *peer = link_peer(h, n, &ph);
	int other = peer && ph != h ? peer->ifindex : !peer ? n->ext_peer_ifindex : 0;

	if (w->json) {
		if (peer && ph == h)
			jw_word_json(w, "link", peer->name);
		else if (other)
			jw_json_uint(w, "link_index", (unsigned long long)other);
		jw_word_json(w, "ifname", n->name);
		return;
	}
	strbuf_puts(w->sb, n->name);
	if (peer && ph == h)
		strbuf_printf(w->sb, "@%s", peer->name);
	else if (other)
		strbuf_printf(w->sb, "@if%d", other);
}

/* The flags between < and >, as ip prints them ("flags":[…] in JSON) */
static void link_flags(const struct host *h, const struct nic *n, struct jw *w)
{
	const struct host *ph = NULL;
	const struct nic *peer = link_peer(h, n, &ph);
	bool carrier = nic_carrier(h, n);
	const char *f[8];
	int k = 0;

	if (n->up && !carrier)
		f[k++] = "NO-CARRIER";
	f[k++] = n->kind == NIC_LOOPBACK ? "LOOPBACK" : "BROADCAST";
	if (n->kind != NIC_LOOPBACK)
		f[k++] = "MULTICAST";
	if (n->up)
		f[k++] = "UP";
	if (n->up && carrier)
		f[k++] = "LOWER_UP";
	if (peer && ph == h && !peer->up)
		f[k++] = "M-DOWN";
	if (!peer && n->ext_peer_ifindex) {
		/* iproute2 looks the peer's ifindex up in *this* namespace (ll_index_to_flags) */
		const struct nic *same = host_nic_by_index_c(h, n->ext_peer_ifindex);

		if (!same || !same->up)
			f[k++] = "M-DOWN";
	}
	jw_puts(w, "<");
	jw_arr(w, "flags");
	for (int i = 0; i < k; i++)
		jw_str(w, NULL, i + 1 < k ? "%s," : "%s", f[i]);
	jw_arr_end(w);
	jw_puts(w, ">");
}

/* The operational state (IF_OPER_*) as ip names it */
static const char *link_state(const struct host *h, const struct nic *n)
{
	if (!n->up)
		return "DOWN";
	if (n->kind == NIC_LOOPBACK)
		return "UNKNOWN";
	if (!nic_carrier(h, n)) {
		/* default_operstate(): no carrier is LOWERLAYERDOWN on a device with a lower
		 * link (its iflink, a veth's peer's ifindex) unless that ifindex is its own,
		 * which a veth whose peer is in another namespace can happen to have (2 and 2:
		 * DOWN) */
		int iflink = n->peer_ifindex ? n->peer_ifindex : n->ext_peer_ifindex;

		return n->kind == NIC_VETH && iflink != n->ifindex ? "LOWERLAYERDOWN" : "DOWN";
	}
	return "UP";
}

void fmt_link_header(const struct host *h, const struct nic *n, bool addr_mode, struct jw *w)
{
	jw_uint(w, "ifindex", "%llu: ", (unsigned long long)n->ifindex);
	link_name(h, n, w);
	jw_puts(w, ": ");
	link_flags(h, n, w);
	jw_uint(w, "mtu", " mtu %llu ", (unsigned long long)n->mtu);
	jw_str(w, "qdisc", "qdisc %s ", n->ever_up ? "noqueue" : "noop");
	if (n->master) {
		const struct nic *m = host_nic_by_index_c(h, n->master);

		if (m)
			jw_str(w, "master", "master %s ", m->name);
	}
	jw_str(w, "operstate", "state %s ", link_state(h, n));
	if (!addr_mode)
		jw_str(w, "linkmode", "mode %s ", "DEFAULT");
	jw_str(w, "group", "group %s ", "default");
	jw_uint(w, "txqlen", "qlen %llu", 1000ull);
	jw_puts(w, "\n");
}

/* ip -br link | addr [show] [[dev] NAME]: a line a device, its name and state in columns
 * of 16 and 14, then its MAC and flags (link) or its addresses (addr) */
int ip_brief(struct host *h, bool link, bool inet_only, int argc, char **argv, struct cmd_out *o)
{
	const char *dev = NULL;

	if (argc > 0 && (matches(*argv, "show") || matches(*argv, "list") || matches(*argv, "lst")))
		argc--, argv++;
	while (argc > 0) {
		if (strcmp(*argv, "dev") == 0) {
			NEXT_ARG();
			dev = *argv;
		} else if (!dev) {
			dev = *argv;
		} else {
			return cmd_err(o, IP_EXIT_FAIL,
				       "Error: pktpath does not filter \"ip -br\" by \"%s\".",
				       *argv);
		}
		argc--, argv++;
	}
	if (dev && !host_nic(h, dev))
		return cmd_err(o, IP_EXIT_FAIL, "Device \"%s\" does not exist.", dev);
	for (size_t i = 0; i < h->nnic; i++) {
		const struct nic *n = &h->nics[i];
		struct strbuf name;
		struct jw nw = jw_text(&name), ow = jw_text(&o->out);

		if ((dev && strcmp(n->name, dev) != 0) || (inet_only && n->naddr == 0))
			continue;
		strbuf_init(&name);
		link_name(h, n, &nw);
		strbuf_printf(&o->out, "%-16s %-14s ", name.buf, link_state(h, n));
		strbuf_release(&name);
		if (link) {
			char mb[18];

			strbuf_printf(&o->out, "%s ", mac_fmt(n->mac, mb));
			link_flags(h, n, &ow);
			strbuf_puts(&o->out, " ");
		}
		for (size_t j = 0; !link && j < n->naddr; j++)
			strbuf_printf(&o->out, "%s/%u ", ip_str(n->addrs[j].local),
				      n->addrs[j].plen);
		strbuf_puts(&o->out, "\n");
	}
	return 0;
}

void fmt_link_l2(const struct host *h, const struct nic *n, bool netns, struct jw *w)
{
	char mb[18];

	if (n->kind == NIC_LOOPBACK) {
		jw_str(w, "link_type", "    link/%s ", "loopback");
		jw_str(w, "address", "%s ", "00:00:00:00:00:00");
		jw_str(w, "broadcast", "brd %s", "00:00:00:00:00:00");
	} else {
		jw_str(w, "link_type", "    link/%s ", "ether");
		jw_str(w, "address", "%s ", mac_fmt(n->mac, mb));
		jw_str(w, "broadcast", "brd %s", "ff:ff:ff:ff:ff:ff");
		if (netns && link_other_netns(h, n))
			fmt_peer_netns(h, n, w);
	}
	jw_puts(w, "\n");
}

static int link_add(struct host *h, struct cmd_ctx *ctx, int argc, char **argv, struct cmd_out *o)
{
	const char *name = NULL, *type = NULL, *peer_name = NULL, *peer_ns = NULL;
	uint8_t mac[6], peer_mac[6];
	bool has_mac = false, has_peer_mac = false;
	struct host *ph = h;
	bool in_peer = false;

	/* a type pktpath does not model is named as such, whatever its own arguments */
	for (int i = 0; i + 1 < argc; i++)
		if (strcmp(argv[i], "type") == 0 && strcmp(argv[i + 1], "veth") != 0 &&
		    strcmp(argv[i + 1], "bridge") != 0)
			return cmd_err(
				o, IP_EXIT_FAIL,
				"Error: pktpath models link types veth and bridge, not \"%s\".",
				argv[i + 1]);
	while (argc > 0) {
		if (strcmp(*argv, "type") == 0) {
			NEXT_ARG();
			type = *argv;
		} else if (in_peer && strcmp(*argv, "name") == 0) {
			NEXT_ARG();
			peer_name = *argv;
		} else if (strcmp(*argv, "name") == 0) {
			NEXT_ARG();
			name = *argv;
		} else if (strcmp(*argv, "peer") == 0) {
			in_peer = true;
		} else if (strcmp(*argv, "address") == 0) {
			NEXT_ARG();
			if (!mac_parse(*argv, in_peer ? peer_mac : mac))
				return cmd_err(o, IP_EXIT_FAIL, "\"%s\" is invalid lladdr.", *argv);
			if (in_peer)
				has_peer_mac = true;
			else
				has_mac = true;
		} else if (strcmp(*argv, "netns") == 0) {
			NEXT_ARG();
			if (!in_peer)
				return cmd_err(o, IP_EXIT_FAIL,
					       "Error: pktpath creates links in their own host; "
					       "use \"peer name X netns HOST\".");
			peer_ns = *argv;
		} else if (in_peer) {
			peer_name = *argv;
		} else if (!name) {
			name = *argv;
		} else {
			return cmd_err(
				o, IP_EXIT_SYNTAX,
				"Error: either \"dev\" is duplicate, or \"%s\" is a garbage.",
				*argv);
		}
		argc--, argv++;
	}
	if (!name)
		return cmd_err(o, IP_EXIT_SYNTAX,
			       "Not enough information: \"dev\" argument is required.");
	if (!type)
		return cmd_err(o, IP_EXIT_KERNEL, "RTNETLINK answers: Operation not supported");
	if (strlen(name) >= IFNAMSIZ)
		return cmd_err(o, IP_EXIT_SYNTAX,
			       "Error: argument \"%s\" is wrong: \"name\" not a valid ifname",
			       name);
	if (host_nic(h, name))
		return cmd_err(o, IP_EXIT_KERNEL, "RTNETLINK answers: File exists");
	if (strcmp(type, "bridge") == 0) {
		struct nic *n = host_nic_add(h, name, NIC_BRIDGE);

		if (has_mac)
			memcpy(n->mac, mac, 6);
		return 0;
	}
	if (strcmp(type, "veth") != 0)
		return cmd_err(o, IP_EXIT_FAIL,
			       "Error: pktpath models link types veth and bridge, not \"%s\".",
			       type);
	if (peer_ns) {
		ph = sim_host(ctx->sim, peer_ns);
		if (!ph)
			ph = sim_host_add(ctx->sim, peer_ns);
	}
	{
		char auto_name[IFNAMSIZ];
		struct nic *p, *n;
		int pidx, nidx;

		if (!peer_name) {
			for (int i = 0;; i++) {
				snprintf(auto_name, sizeof(auto_name), "veth%d", i);
				if (!host_nic(ph, auto_name) &&
				    (ph != h || strcmp(auto_name, name) != 0))
					break;
			}
			peer_name = auto_name;
		}
		if (host_nic(ph, peer_name) || (ph == h && strcmp(peer_name, name) == 0))
			return cmd_err(o, IP_EXIT_KERNEL, "RTNETLINK answers: File exists");
		/* §12.6: the peer is created first and gets the lower ifindex */
		p = host_nic_add(ph, peer_name, NIC_VETH);
		if (has_peer_mac)
			memcpy(p->mac, peer_mac, 6);
		pidx = p->ifindex;
		n = host_nic_add(h, name, NIC_VETH);
		if (has_mac)
			memcpy(n->mac, mac, 6);
		nidx = n->ifindex;
		n->peer_host = ph->index;
		n->peer_ifindex = pidx;
		p = host_nic_by_index(ph, pidx);
		p->peer_host = h->index;
		p->peer_ifindex = nidx;
	}
	return 0;
}

static int link_set(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o)
{
	const char *dev = NULL;
	int up = -1;
	const char *master = NULL;
	bool nomaster = false;
	uint8_t mac[6];
	bool has_mac = false;
	int mtu = -1;
	bool has_mtu = false;
	struct nic *n;

	while (argc > 0) {
		if (strcmp(*argv, "up") == 0) {
			up = 1;
		} else if (strcmp(*argv, "down") == 0) {
			up = 0;
		} else if (strcmp(*argv, "master") == 0) {
			NEXT_ARG();
			master = *argv;
		} else if (strcmp(*argv, "nomaster") == 0) {
			nomaster = true;
		} else if (strcmp(*argv, "address") == 0) {
			NEXT_ARG();
			if (!mac_parse(*argv, mac))
				return cmd_err(o, IP_EXIT_FAIL, "\"%s\" is invalid lladdr.", *argv);
			has_mac = true;
		} else if (strcmp(*argv, "mtu") == 0) {
			char *end;
			long v;

			NEXT_ARG();
			if (mtu != -1)
				return duparg(o, "mtu", *argv);
			/* iproute2's get_integer(): strtol base 0, the whole word, an int */
			errno = 0;
			v = strtol(*argv, &end, 0);
			if (!**argv || *end || errno == ERANGE || v < INT_MIN || v > INT_MAX)
				return invarg(o, "Invalid \"mtu\" value\n", *argv);
			mtu = (int)v;
			has_mtu = true;
		} else if (strcmp(*argv, "dev") == 0) {
			NEXT_ARG();
			dev = *argv;
		} else if (!dev) {
			dev = *argv;
		} else {
			return cmd_err(
				o, IP_EXIT_SYNTAX,
				"Error: either \"dev\" is duplicate, or \"%s\" is a garbage.",
				*argv);
		}
		argc--, argv++;
	}
	if (!dev)
		return cmd_err(o, IP_EXIT_SYNTAX,
			       "Not enough of information: \"dev\" argument is required.");
	n = host_nic(h, dev);
	if (!n)
		return no_dev(o, dev);
	if (cmd_applying(ctx, h)) {
		struct kedit e;

		if (master || nomaster || has_mac || has_mtu)
			return cmd_apply_refuse(ctx, h, o,
						"ip link set master|nomaster|address|mtu");
		if (up < 0)
			return 0;
		memset(&e, 0, sizeof(e));
		e.op = KEDIT_LINK_UPDOWN;
		e.ifindex = n->ifindex;
		e.up = up == 1;
		return ctx->kedit(ctx, h, &e, o);
	}
	/* dev_validate_mtu(), net/core/dev.c: below min_mtu (or negative) / above max_mtu
	 * (0 = none). veth and bridges take 68..65535 (ETH_MIN_MTU, ETH_MAX_MTU); lo has no
	 * limits but a negative value. Checked before anything changes: the kernel would
	 * already have set a new address given on the same line. */
	if (has_mtu) {
		int min = n->kind == NIC_LOOPBACK ? 0 : 68,
		    max = n->kind == NIC_LOOPBACK ? 0 : 65535;

		if (mtu < 0 || mtu < min)
			return cmd_err(o, IP_EXIT_KERNEL, "Error: mtu less than device minimum.");
		if (max > 0 && mtu > max)
			return cmd_err(o, IP_EXIT_KERNEL,
				       "Error: mtu greater than device maximum.");
	}
	if (master) {
		struct nic *m = host_nic(h, master);

		if (!m)
			return cmd_err(o, IP_EXIT_SYNTAX,
				       "Error: argument \"%s\" is wrong: Device does not exist\n",
				       master);
		if (m->kind != NIC_BRIDGE)
			return cmd_err(o, IP_EXIT_KERNEL,
				       "RTNETLINK answers: Operation not supported");
		host_master_set(h, n, m->ifindex);
		n->master_seq = ++h->port_seq;
	}
	if (nomaster)
		host_master_set(h, n, 0);
	if (has_mac) {
		memcpy(n->mac, mac, 6);
		host_rt_cache_flush(h); /* arp_netdev_event(NETDEV_CHANGEADDR) (C4) */
	}
	if (has_mtu) {
		n->mtu = mtu;
		host_rt_cache_flush(h);
	}
	if (up >= 0) {
		int idx = n->ifindex;

		host_link_set_up(h, n, up == 1);
		(void)idx;
	}
	return 0;
}

/* size_columns(): a column is as wide as its header or its widest number */
static void widen(unsigned cols[6], const uint64_t v[6])
{
	for (int i = 0; i < 6; i++) {
		unsigned len = 1;

		for (uint64_t x = v[i]; x > 9; x /= 10)
			len++;
		if (len > cols[i])
			cols[i] = len;
	}
}

void fmt_link_stats(const struct nic *n, struct strbuf *sb)
{
	/* "*X errors:", packets, errors, dropped, heartbt, overrun; the compressed column
	 * stays empty (10) */
	unsigned cols[6] = { 10, 7, 6, 7, 7, 7 };
	const uint64_t rx[6] = { n->rx_bytes, n->rx_packets, 0, 0, 0, 0 };
	const uint64_t tx[6] = { n->tx_bytes, n->tx_packets, 0, 0, 0, 0 };
	const uint64_t *v[2] = { rx, tx };

	widen(cols, rx);
	widen(cols, tx);
	for (int k = 0; k < 2; k++) {
		strbuf_printf(sb, "    %s: %*s %*s %*s %*s %*s %*s %*s\n", k ? "TX" : "RX",
			      (int)cols[0] - 4, "bytes", (int)cols[1], "packets", (int)cols[2],
			      "errors", (int)cols[3], "dropped", (int)cols[4],
			      k ? "carrier" : "missed", (int)cols[5], k ? "collsns" : "mcast", 10,
			      "");
		strbuf_puts(sb, "    ");
		for (int i = 0; i < 6; i++)
			strbuf_printf(sb, "%*llu ", (int)cols[i], (unsigned long long)v[k][i]);
		strbuf_puts(sb, "\n");
	}
}

static int link_show(struct host *h, const struct ip_print *pr, int argc, char **argv,
		     struct cmd_out *o)
{
	const char *dev = NULL;
	struct jw w;

	while (argc > 0) {
		if (strcmp(*argv, "dev") == 0) {
			NEXT_ARG();
			dev = *argv;
		} else if (!dev) {
			dev = *argv;
		}
		argc--, argv++;
	}
	if (dev && !host_nic(h, dev))
		return cmd_err(o, IP_EXIT_FAIL, "Device \"%s\" does not exist.", dev);
	jw_start(&w, &o->out, pr->json, pr->pretty);
	for (size_t i = 0; i < h->nnic; i++) {
		const struct nic *n = &h->nics[i];

		if (dev && strcmp(n->name, dev) != 0)
			continue;
		jw_obj(&w, NULL);
		fmt_link_header(h, n, false, &w);
		fmt_link_l2(h, n, true, &w);
		if (pr->stats)
			fmt_link_stats(n, &o->out);
		jw_obj_end(&w);
	}
	jw_finish(&w);
	return 0;
}

int ip_link_cmd(struct host *h, struct cmd_ctx *ctx, const struct ip_print *pr, int argc,
		char **argv, struct cmd_out *o)
{
	if (argc < 1)
		return link_show(h, pr, 0, argv, o);
	if (matches(*argv, "add")) {
		if (cmd_apply_refuse(ctx, h, o, "ip link add"))
			return o->rc;
		return link_add(h, ctx, argc - 1, argv + 1, o);
	}
	if (matches(*argv, "set") || matches(*argv, "change"))
		return link_set(ctx, h, argc - 1, argv + 1, o);
	if (matches(*argv, "delete")) {
		struct nic *n;
		const char *dev;

		if (cmd_apply_refuse(ctx, h, o, "ip link delete"))
			return o->rc;
		argc--, argv++;
		if (argc > 0 && strcmp(*argv, "dev") == 0)
			argc--, argv++;
		if (argc < 1)
			return cmd_err(o, IP_EXIT_SYNTAX,
				       "Not enough information: \"dev\" argument is required.");
		dev = *argv;
		n = host_nic(h, dev);
		if (!n)
			return no_dev(o, dev);
		if (n->kind == NIC_LOOPBACK)
			return cmd_err(o, IP_EXIT_KERNEL,
				       "RTNETLINK answers: Operation not supported");
		if (n->peer_host >= 0) {
			struct host *ph = ctx->sim->hosts[n->peer_host];
			int pif = n->peer_ifindex;

			host_nic_del(h, n->ifindex);
			host_nic_del(ph, pif);
		} else {
			int idx = n->ifindex;

			for (size_t i = 0; i < h->nnic; i++)
				if (h->nics[i].master == idx)
					h->nics[i].master = 0;
			host_nic_del(h, idx);
		}
		return 0;
	}
	if (matches(*argv, "show") || matches(*argv, "lst") || matches(*argv, "list"))
		return link_show(h, pr, argc - 1, argv + 1, o);
	return cmd_err(o, IP_EXIT_SYNTAX, "Command \"%s\" is unknown, try \"ip link help\".",
		       *argv);
}
