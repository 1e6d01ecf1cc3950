/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cmd-conntrack: conntrack(8) as conntrack-tools 1.4.7 prints it: -L|--dump, -D|--delete,
 * -F|--flush, with the filters -p PROTO, -s/--orig-src, -d/--orig-dst, --sport/--orig-port-src,
 * --dport/--orig-port-dst. Entries are listed in creation order (the kernel's hash order
 * is not modelled); timeouts count down in simulated time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "net/ct.h"

#define CT_V "conntrack v1.4.7 (conntrack-tools): "

struct ct_filter {
	uint8_t proto;
	uint32_t src, dst;
	bool has_src, has_dst;
	int sport, dport; /* -1 = any */
};

static bool ct_filter_match(const struct ct_filter *f, const struct ct_entry *e)
{
	if (f->proto && e->t[0].proto != f->proto)
		return false;
	if (f->has_src && e->t[0].src != f->src)
		return false;
	if (f->has_dst && e->t[0].dst != f->dst)
		return false;
	if (f->sport >= 0 && e->t[0].sport != f->sport)
		return false;
	if (f->dport >= 0 && e->t[0].dport != f->dport)
		return false;
	return true;
}

int conntrack_main(struct host *h, int argc, char **argv, struct cmd_out *o)
{
	struct ct_filter f = { 0, 0, 0, false, false, -1, -1 };
	char cmd = 0;
	struct ct_table *t;
	int n = 0;

	for (int i = 1; i < argc; i++) {
		const char *w = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(w, "-L") || !strcmp(w, "--dump"))
			cmd = 'L';
		else if (!strcmp(w, "-D") || !strcmp(w, "--delete"))
			cmd = 'D';
		else if (!strcmp(w, "-F") || !strcmp(w, "--flush"))
			cmd = 'F';
		else if ((!strcmp(w, "-p") || !strcmp(w, "--proto")) && val) {
			i++;
			f.proto = !strcmp(val, "tcp")	 ? 6
				  : !strcmp(val, "udp")	 ? 17
				  : !strcmp(val, "icmp") ? 1
							 : (uint8_t)atoi(val);
		} else if ((!strcmp(w, "-s") || !strcmp(w, "--orig-src") || !strcmp(w, "--src")) &&
			   val) {
			i++;
			if (!ip_parse(val, &f.src))
				return cmd_err(o, CMD_EXIT_USAGE, CT_V "Bad parameter `%s'", val);
			f.has_src = true;
		} else if ((!strcmp(w, "-d") || !strcmp(w, "--orig-dst") || !strcmp(w, "--dst")) &&
			   val) {
			i++;
			if (!ip_parse(val, &f.dst))
				return cmd_err(o, CMD_EXIT_USAGE, CT_V "Bad parameter `%s'", val);
			f.has_dst = true;
		} else if ((!strcmp(w, "--sport") || !strcmp(w, "--orig-port-src")) && val) {
			i++;
			f.sport = atoi(val);
		} else if ((!strcmp(w, "--dport") || !strcmp(w, "--orig-port-dst")) && val) {
			i++;
			f.dport = atoi(val);
		} else {
			return cmd_err(o, CMD_EXIT_USAGE,
				       CT_V "Bad parameter `%s'\nTry `conntrack -h' or 'conntrack "
					    "--help' for more information.",
				       w);
		}
	}
	if (!cmd)
		cmd = 'L';
	t = nf_get(h)->ct;
	ct_gc(h);
	if (cmd == 'F') {
		t->n = 0;
		strbuf_puts(&o->err, CT_V "connection tracking table has been emptied.\n");
		return 0;
	}
	for (size_t i = 0; i < t->n;) {
		const struct ct_entry *e = &t->e[i];

		if (!ct_filter_match(&f, e)) {
			i++;
			continue;
		}
		n++;
		if (cmd == 'L') {
			ct_entry_fmt(h, e, &o->out);
			strbuf_puts(&o->out, "\n");
			i++;
		} else {
			ct_delete_at(h, i);
		}
	}
	strbuf_printf(&o->err, CT_V "%d flow entries have been %s.\n", n,
		      cmd == 'L' ? "shown" : "deleted");
	if (cmd == 'D' && n == 0)
		o->rc = CMD_EXIT_FAIL;
	return o->rc;
}
