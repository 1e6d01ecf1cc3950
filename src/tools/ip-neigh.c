/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ip-neigh: `ip neigh show|add|replace|change|del|flush` (iproute2 6.1 ip/ipneigh.c)
 * over the per-device neighbour tables that the packet path fills (path.c, D7).
 * Entries print in creation order; the kernel prints in hash order, which is why the
 * oracle cases never show two entries at once.
 */
#include <stdio.h>
#include <string.h>

#include "ip.h"
#include "net/path.h"

static const struct {
	const char *name;
	uint8_t state;
} nud_names[] = {
	{ "permanent", NUD_PERMANENT }, { "reachable", NUD_REACHABLE },
	{ "noarp", NUD_NOARP },		{ "none", 0 },
	{ "stale", NUD_STALE },		{ "incomplete", NUD_INCOMPLETE },
	{ "delay", NUD_DELAY },		{ "probe", NUD_PROBE },
	{ "failed", NUD_FAILED },
};

static bool nud_parse(const char *s, uint8_t *st)
{
	for (size_t i = 0; i < sizeof(nud_names) / sizeof(nud_names[0]); i++)
		if (strcmp(s, nud_names[i].name) == 0) {
			*st = nud_names[i].state;
			return true;
		}
	return false;
}

static int neigh_modify(struct host *h, const char *verb, int argc, char **argv, struct cmd_out *o)
{
	const char *dev = NULL;
	uint32_t dst = 0;
	bool has_dst = false, has_mac = false;
	uint8_t mac[6], state = NUD_PERMANENT;
	struct nic *n;
	struct neigh *ne;
	bool del = strcmp(verb, "del") == 0;

	for (; argc > 0; argc--, argv++) {
		if (strcmp(*argv, "lladdr") == 0) {
			if (argc < 2)
				return cmd_err(o, IP_EXIT_SYNTAX,
					       "Command line is not complete. Try option \"help\"");
			argc--, argv++;
			if (has_mac)
				return duparg(o, "lladdr", *argv);
			if (!mac_parse(*argv, mac))
				return cmd_err(o, IP_EXIT_SYNTAX, "\"%s\" is invalid lladdr.",
					       *argv);
			has_mac = true;
		} else if (strcmp(*argv, "nud") == 0) {
			if (argc < 2)
				return cmd_err(o, IP_EXIT_SYNTAX,
					       "Command line is not complete. Try option \"help\"");
			argc--, argv++;
			if (!nud_parse(*argv, &state))
				return cmd_err(o, IP_EXIT_SYNTAX,
					       "Error: argument \"%s\" is wrong: nud state is bad",
					       *argv);
		} else if (strcmp(*argv, "dev") == 0) {
			if (argc < 2)
				return cmd_err(o, IP_EXIT_SYNTAX,
					       "Command line is not complete. Try option \"help\"");
			argc--, argv++;
			dev = *argv;
		} else if (strcmp(*argv, "to") == 0 || !has_dst) {
			if (strcmp(*argv, "to") == 0) {
				argc--, argv++;
				if (argc < 1)
					return cmd_err(o, IP_EXIT_SYNTAX,
						       "Command line is not complete. Try option "
						       "\"help\"");
			}
			if (!ip_parse(*argv, &dst))
				return cmd_err(
					o, IP_EXIT_FAIL,
					"Error: inet address is expected rather than \"%s\".",
					*argv);
			has_dst = true;
		} else {
			return cmd_err(o, IP_EXIT_SYNTAX,
				       "Error: either \"to\" is duplicate, or \"%s\" is a garbage.",
				       *argv);
		}
	}
	if (!dev || !has_dst)
		return cmd_err(o, IP_EXIT_SYNTAX, "Device and destination are required arguments.");
	n = host_nic(h, dev);
	if (!n)
		return cmd_err(o, IP_EXIT_FAIL, "Cannot find device \"%s\"", dev);
	ne = neigh_lookup(h, n->ifindex, dst);
	if (del) {
		if (!ne)
			return cmd_err(o, IP_EXIT_KERNEL,
				       "RTNETLINK answers: No such file or directory");
		neigh_admin_delete(h, (size_t)(ne - h->neigh));
		path_run(h->sim);
		return 0;
	}
	if (!has_mac && (state & (NUD_PERMANENT | NUD_NOARP)))
		return cmd_err(o, IP_EXIT_KERNEL, "Error: No link layer address given.");
	if (strcmp(verb, "add") == 0 && ne)
		return cmd_err(o, IP_EXIT_KERNEL, "RTNETLINK answers: File exists");
	if (strcmp(verb, "change") == 0 && !ne)
		return cmd_err(o, IP_EXIT_KERNEL, "RTNETLINK answers: No such file or directory");
	if (!ne)
		ne = neigh_create(h, n->ifindex, dst);
	if (has_mac)
		memcpy(ne->mac, mac, 6);
	ne->state = state;
	ne->updated_us = ne->confirmed_us = h->sim->now_us;
	if (state & NUD_VALID) {
		neigh_admin_update(h, ne); /* packets waiting for resolution go out */
		path_run(h->sim);
	}
	return 0;
}

void neigh_fmt(const struct host *h, const struct neigh *ne, bool dev, struct jw *w)
{
	jw_obj(w, NULL);
	jw_word(w, "dst", "", ip_str(ne->ip));
	if (dev)
		jw_word(w, "dev", "dev ", path_dev_name(h, ne->ifindex));
	if (ne->state & NUD_VALID) {
		char mb[18];

		jw_word(w, "lladdr", "lladdr ", mac_fmt(ne->mac, mb));
	}
	/* print_neigh(): the state is an array of names in JSON */
	jw_arr(w, "state");
	jw_str(w, NULL, "%s ", neigh_state_name(h->sim, ne));
	jw_arr_end(w);
	jw_obj_end(w);
}

static int neigh_show(struct host *h, const struct ip_print *pr, bool flush, int argc, char **argv,
		      struct cmd_out *o)
{
	struct jw w;
	int ifindex = 0;
	uint8_t want = flush ? (uint8_t) ~(NUD_PERMANENT | NUD_NOARP) : NEIGH_SHOW_DEFAULT;
	uint32_t pfx = 0;
	int plen = 0;
	bool any_filter = false;

	for (; argc > 0; argc--, argv++) {
		if (strcmp(*argv, "dev") == 0) {
			struct nic *n;

			if (argc < 2)
				return cmd_err(o, IP_EXIT_SYNTAX,
					       "Command line is not complete. Try option \"help\"");
			argc--, argv++;
			n = host_nic(h, *argv);
			if (!n)
				return cmd_err(o, IP_EXIT_FAIL, "Cannot find device \"%s\"", *argv);
			ifindex = n->ifindex;
			any_filter = true;
		} else if (strcmp(*argv, "nud") == 0) {
			uint8_t st;

			if (argc < 2)
				return cmd_err(o, IP_EXIT_SYNTAX,
					       "Command line is not complete. Try option \"help\"");
			argc--, argv++;
			if (strcmp(*argv, "all") == 0) {
				want = 0xff;
			} else {
				if (!nud_parse(*argv, &st))
					return cmd_err(
						o, IP_EXIT_SYNTAX,
						"Error: argument \"%s\" is wrong: nud state is bad",
						*argv);
				want = st;
			}
			any_filter = true;
		} else if (strcmp(*argv, "all") == 0) {
			any_filter = true;
		} else {
			int l;

			if (!prefix_parse(*argv, &pfx, &l))
				return cmd_err(o, IP_EXIT_FAIL,
					       "Error: inet prefix is expected rather than \"%s\".",
					       *argv);
			plen = l < 0 ? 32 : l;
			any_filter = true;
		}
	}
	if (flush && !any_filter)
		return cmd_err(o, IP_EXIT_SYNTAX, "Flush requires arguments.");
	jw_start(&w, &o->out, pr->json && !flush, pr->pretty);
	for (size_t i = 0; i < h->nneigh;) {
		struct neigh *ne = &h->neigh[i];

		if ((ifindex && ne->ifindex != ifindex) || !ip_in_prefix(ne->ip, pfx, plen) ||
		    !(ne->state & want || (want == 0xff))) {
			i++;
			continue;
		}
		if (flush) {
			neigh_admin_delete(h, i);
			continue;
		}
		neigh_fmt(h, ne, !ifindex, &w);
		jw_puts(&w, "\n");
		i++;
	}
	jw_finish(&w);
	if (flush)
		path_run(h->sim); /* the ICMP errors about dropped queued packets */
	return 0;
}

int ip_neigh(struct host *h, const struct ip_print *pr, int argc, char **argv, struct cmd_out *o)
{
	const char *verb = argc > 0 ? argv[0] : "show";

	if (argc > 0)
		argc--, argv++;
	if (strcmp(verb, "show") == 0 || strcmp(verb, "list") == 0 || strcmp(verb, "lst") == 0)
		return neigh_show(h, pr, false, argc, argv, o);
	if (strcmp(verb, "flush") == 0)
		return neigh_show(h, pr, true, argc, argv, o);
	if (strcmp(verb, "add") == 0 || strcmp(verb, "replace") == 0 ||
	    strcmp(verb, "change") == 0 || strcmp(verb, "del") == 0 || strcmp(verb, "delete") == 0)
		return neigh_modify(h, strncmp(verb, "del", 3) == 0 ? "del" : verb, argc, argv, o);
	return cmd_err(o, IP_EXIT_SYNTAX, "Command \"%s\" is unknown, try \"ip neigh help\".",
		       verb);
}
