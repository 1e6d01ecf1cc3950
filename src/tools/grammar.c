/* SPDX-License-Identifier: GPL-2.0-only */
#include "grammar.h"

#include <stdio.h>
#include <string.h>

#include "ip.h"
#include "net/ct.h"
#include "net/nf.h"
#include "net/sock.h"

/* ---- the commands ---- */

static int run_ip(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o)
{
	return ip_main(ctx, h, argc, argv, o);
}

static int run_sysctl(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o)
{
	(void)ctx;
	return sysctl_main(h, argc, argv, o);
}

static int run_iptables(struct cmd_ctx *ctx, struct host *h, int argc, char **argv,
			struct cmd_out *o)
{
	(void)ctx;
	return iptables_main(h, argc, argv, o);
}

static int run_iptables_save(struct cmd_ctx *ctx, struct host *h, int argc, char **argv,
			     struct cmd_out *o)
{
	(void)ctx;
	return iptables_save_main(h, argc, argv, o);
}

static int run_iptables_restore(struct cmd_ctx *ctx, struct host *h, int argc, char **argv,
				struct cmd_out *o)
{
	(void)ctx;
	return iptables_restore_main(h, argc, argv, o);
}

static int run_conntrack(struct cmd_ctx *ctx, struct host *h, int argc, char **argv,
			 struct cmd_out *o)
{
	/* a namespace's own conntrack table when there is one */
	if (h->netns[0] && ctx->kct_list)
		return conntrack_real(ctx, h, argc, argv, o);
	return conntrack_main(h, argc, argv, o);
}

static int run_ss(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o)
{
	if (h->netns[0] && ctx->ksock_list)
		return ss_real(ctx, h, argc, argv, o);
	return traffic_main(ctx, h, argc, argv, o);
}

static int run_host(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o)
{
	(void)h;
	if (argc == 3 && strcmp(argv[1], "add") == 0) {
		if (sim_host(ctx->sim, argv[2]))
			return cmd_err(o, CMD_EXIT_FAIL, "host \"%s\" exists", argv[2]);
		sim_host_add(ctx->sim, argv[2]);
		return 0;
	}
	if (argc == 2) {
		struct host *nh = sim_host(ctx->sim, argv[1]);

		if (!nh)
			return cmd_err(o, CMD_EXIT_FAIL, "no such host: %s", argv[1]);
		ctx->cur = nh;
		return 0;
	}
	if (argc == 1) {
		for (size_t i = 0; i < ctx->sim->nhosts; i++)
			strbuf_printf(&o->out, "%s%s\n", ctx->sim->hosts[i]->name,
				      ctx->sim->hosts[i] == ctx->cur ? " *" : "");
		return 0;
	}
	return cmd_err(o, CMD_EXIT_FAIL, "usage: host [NAME | add NAME]");
}

const struct gram_cmd gram_cmds[] = {
	{ "ip", "ip [-4] [-s] [-j [-p]] link|address|route|rule|neigh …", run_ip, false },
	{ "sysctl", "sysctl [-w] [-q] KEY[=VALUE]…", run_sysctl, false },
	{ "iptables", "iptables [-t filter|nat|mangle|raw] -A|-I|-D|-C|-R|-F|-N|-X|-P|-S|-L|-Z …",
	  run_iptables, false },
	{ "iptables-save", "iptables-save [-c] [-t filter|nat|mangle|raw]", run_iptables_save,
	  false },
	{ "iptables-restore", "iptables-restore [-c] [-n] [-t] [-T TABLE] FILE",
	  run_iptables_restore, false },
	{ "conntrack", "conntrack -L|-D|-F …", run_conntrack, false },
	{ "host", "host [NAME | add NAME]", run_host, false },
	{ "why",
	  "why DST [from SRC] [iif DEV] [oif DEV] [mark N] [tos T] [ipproto P] [sport N] [dport N] "
	  "[uid N]",
	  why_main, false },
	{ "listen",
	  "listen tcp ADDR:PORT [from ADDR[:PORT]] [dev IF] [uid N] [gid N] [groups N[,N]] "
	  "[pmtudisc want|dont|do] [as NAME]",
	  traffic_main, true },
	{ "connect",
	  "connect tcp|udp ADDR:PORT [from ADDR[:PORT]] [dev IF] [uid N] [gid N] [groups N[,N]] "
	  "[pmtudisc MODE] [as NAME]",
	  traffic_main, true },
	{ "accept", "accept LISTENER [uid N] [gid N] [groups N[,N]] [as NAME]", traffic_main,
	  true },
	{ "send", "send NAME TEXT [size N]", traffic_main, true },
	{ "sendto", "sendto NAME ADDR:PORT TEXT [size N]", traffic_main, true },
	{ "close", "close NAME", traffic_main, true },
	{ "udp",
	  "udp bind ADDR:PORT [dev IF] [uid N] [gid N] [groups N[,N]] [pmtudisc MODE] [as NAME]",
	  traffic_main, true },
	{ "ping",
	  "ping ADDR [from ADDR] [dev IF] [uid N] [gid N] [groups N[,N]] [id N] [size N] [pmtudisc "
	  "do|want|dont|probe]",
	  traffic_main, true },
	{ "inject", "inject tcp|udp src ADDR:PORT dst ADDR:PORT [flags SAFRP] [mss N] [data TEXT]",
	  traffic_main, true },
	{ "sleep", "sleep SECONDS (simulated; 0.5, 200ms)", traffic_main, true },
	{ "ss", "ss", run_ss, true },
};
const size_t gram_ncmds = sizeof(gram_cmds) / sizeof(gram_cmds[0]);

const struct gram_cmd *gram_cmd_find(const char *word)
{
	for (size_t i = 0; i < gram_ncmds; i++) {
		const char *a = word, *b = gram_cmds[i].word;

		/* inline: every line run looks its command up, most of them "ip" */
		while (*a && *a == *b)
			a++, b++;
		if (*a == *b)
			return &gram_cmds[i];
	}
	return NULL;
}

/* ---- commands that only look ---- */

static bool ro_sysctl(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strchr(argv[i], '=') || (argv[i][0] == '-' && strchr(argv[i], 'w')))
			return false;
	return true;
}

/* listing only: -L/-S/-n/-v/-x/--line-numbers/-t T [chain] */
static bool ro_iptables(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] != '-')
			continue;
		if (strcmp(a, "-t") == 0 || strcmp(a, "--table") == 0) {
			i++;
			continue;
		}
		if (a[1] == '-') {
			if (strcmp(a, "--list") != 0 && strcmp(a, "--list-rules") != 0 &&
			    strcmp(a, "--numeric") != 0 && strcmp(a, "--verbose") != 0 &&
			    strcmp(a, "--line-numbers") != 0)
				return false;
			continue;
		}
		for (const char *f = a + 1; *f; f++)
			if (!strchr("LSnvx", *f))
				return false;
	}
	return true;
}

static bool ro_ip(int argc, char **argv)
{
	int i = 1;

	while (i < argc && argv[i][0] == '-')
		i++;
	if (i >= argc)
		return true; /* usage */
	i++;		     /* the object */
	if (i >= argc)
		return true; /* ip route = ip route show */
	/* two letters at least: `ip link s` is set, not show */
	return strlen(argv[i]) >= 2 &&
	       (matches(argv[i], "show") || matches(argv[i], "list") || matches(argv[i], "lst") ||
		matches(argv[i], "get") || strcmp(argv[i], "help") == 0);
}

bool gram_read_only(int argc, char **argv)
{
	const char *w = argc > 0 ? argv[0] : "";

	if (argc < 1 || !strcmp(w, "why") || !strcmp(w, "ss") || !strcmp(w, "iptables-save"))
		return true;
	if (!strcmp(w, "host"))
		return argc < 3;
	if (!strcmp(w, "sysctl"))
		return ro_sysctl(argc, argv);
	if (!strcmp(w, "iptables"))
		return ro_iptables(argc, argv);
	if (!strcmp(w, "conntrack"))
		return argc >= 2 && (strcmp(argv[1], "-L") == 0 || strcmp(argv[1], "--dump") == 0);
	return !strcmp(w, "ip") && ro_ip(argc, argv);
}

/* ---- what a value can be ---- */

enum gram_value {
	GV_NONE,	 /* a number or a name of the user's: nothing to offer */
	GV_NICS,	 /* the host's NICs */
	GV_ADDRS,	 /* the host's addresses */
	GV_OTHER_ADDRS,	 /* the other hosts' addresses */
	GV_ENDPOINTS,	 /* addresses of anyone, and prefixes */
	GV_PREFIXES,	 /* routes and subnets of the host */
	GV_OWN_PREFIXES, /* the host's addresses with their lengths (ip address del) */
	GV_TABLES,
	GV_SCOPES,
	GV_PROTOS,
	GV_ROUTE_TYPES, /* route types, with "default" */
	GV_TYPES,	/* route types (ip route … type) */
	GV_LINK_TYPES,
	GV_HOSTS,
	GV_SOCKS,
	GV_L4,
	GV_ALL, /* the word "all" */
	GV_DEV, /* the word "dev" */
	GV_KEYS /* the verb's keywords */
};

struct sink {
	const struct sim *sim;
	const struct host *h;
	void (*add)(void *arg, const char *w);
	void *arg;
};

static void words(const struct sink *s, const char *const *ws)
{
	for (; ws && *ws; ws++)
		s->add(s->arg, *ws);
}

static void host_addrs(const struct sink *s, const struct host *h)
{
	char b[16];

	for (size_t i = 0; h && i < h->nnic; i++)
		for (size_t a = 0; a < h->nics[i].naddr; a++)
			s->add(s->arg, ip_fmt(h->nics[i].addrs[a].local, b));
}

/* routes in the host's tables (not local) and the subnets of its addresses */
static void prefixes(const struct sink *s, const struct host *h)
{
	char b[16], buf[32];

	for (size_t t = 0; h && t < h->ntables; t++) {
		if (h->tables[t].id == RT_TABLE_LOCAL)
			continue;
		table_for_each(&h->tables[t], rt)
		{
			if (rt->plen == 0)
				continue;
			snprintf(buf, sizeof(buf), "%s/%u", ip_fmt(rt->dst, b), rt->plen);
			s->add(s->arg, buf);
		}
	}
	for (size_t i = 0; h && i < h->nnic; i++)
		for (size_t a = 0; a < h->nics[i].naddr; a++) {
			const struct addr *ad = &h->nics[i].addrs[a];
			uint32_t mask = ad->plen ? ~0u << (32 - ad->plen) : 0;

			if (ad->plen == 32 || h->nics[i].kind == NIC_LOOPBACK)
				continue;
			snprintf(buf, sizeof(buf), "%s/%u", ip_fmt(ad->local & mask, b), ad->plen);
			s->add(s->arg, buf);
		}
}

static void tables(const struct sink *s, const struct host *h)
{
	static const char *const names[] = { "main", "local", "default", NULL };
	char buf[16];

	words(s, names);
	for (size_t t = 0; h && t < h->ntables; t++) {
		uint32_t id = h->tables[t].id;

		if (id == RT_TABLE_MAIN || id == RT_TABLE_LOCAL || id == RT_TABLE_DEFAULT)
			continue;
		snprintf(buf, sizeof(buf), "%u", id);
		s->add(s->arg, buf);
	}
}

static const char *const w_route_types[] = { "default",	  "unicast",   "local",
					     "broadcast", "blackhole", "unreachable",
					     "prohibit",  "throw",     NULL };

static void value(const struct sink *s, enum gram_value v, const char *const *keys)
{
	static const char *const scopes[] = { "global", "site", "link", "host", "nowhere", NULL };
	static const char *const protos[] = { "kernel", "boot", "static", "redirect", NULL };
	static const char *const link_types[] = { "veth", "bridge", NULL };
	static const char *const l4[] = { "tcp", "udp", NULL };
	const struct host *h = s->h;
	char b[16], buf[32];

	switch (v) {
	case GV_NICS:
		for (size_t i = 0; h && i < h->nnic; i++)
			s->add(s->arg, h->nics[i].name);
		break;
	case GV_ADDRS:
		host_addrs(s, h);
		break;
	case GV_OTHER_ADDRS:
		for (size_t i = 0; i < s->sim->nhosts; i++)
			if (s->sim->hosts[i] != h)
				host_addrs(s, s->sim->hosts[i]);
		break;
	case GV_ENDPOINTS:
		value(s, GV_ADDRS, keys);
		value(s, GV_OTHER_ADDRS, keys);
		prefixes(s, h);
		break;
	case GV_PREFIXES:
		prefixes(s, h);
		break;
	case GV_OWN_PREFIXES:
		for (size_t n = 0; h && n < h->nnic; n++)
			for (size_t a = 0; a < h->nics[n].naddr; a++) {
				snprintf(buf, sizeof(buf), "%s/%u",
					 ip_fmt(h->nics[n].addrs[a].local, b),
					 h->nics[n].addrs[a].plen);
				s->add(s->arg, buf);
			}
		break;
	case GV_TABLES:
		tables(s, h);
		break;
	case GV_SCOPES:
		words(s, scopes);
		break;
	case GV_PROTOS:
		words(s, protos);
		break;
	case GV_ROUTE_TYPES:
		words(s, w_route_types);
		break;
	case GV_TYPES:
		words(s, w_route_types + 1);
		break;
	case GV_LINK_TYPES:
		words(s, link_types);
		break;
	case GV_HOSTS:
		for (size_t i = 0; i < s->sim->nhosts; i++)
			s->add(s->arg, s->sim->hosts[i]->name);
		break;
	case GV_SOCKS:
		for (size_t i = 0; h && i < h->nsock; i++)
			s->add(s->arg, h->socks[i]->name);
		break;
	case GV_L4:
		words(s, l4);
		break;
	case GV_ALL:
		s->add(s->arg, "all");
		break;
	case GV_DEV:
		s->add(s->arg, "dev");
		break;
	case GV_KEYS:
		words(s, keys);
		break;
	case GV_NONE:
		break;
	}
}

/* ---- ip ---- */

/* A keyword and what its value is */
struct gram_key {
	const char *word;
	enum gram_value v1, v2;
};

/* What follows a verb: the first argument's kinds, then the keywords */
struct gram_verb {
	const char *verb; /* matched as iproute2 does (a prefix); NULL: any other verb */
	enum gram_value first[3];
	const char *const *keys;
};

struct gram_object {
	const char *name, *alias;
	const char *const *verbs;      /* offered after the object */
	const struct gram_verb *args;  /* the first that matches the verb */
	const struct gram_key *values; /* before the ones of every object */
};

/* The values of keywords, whatever the object */
static const struct gram_key ip_values[] = {
	{ "dev", GV_NICS, GV_NONE },	   { "oif", GV_NICS, GV_NONE },
	{ "iif", GV_NICS, GV_NONE },	   { "master", GV_NICS, GV_NONE },
	{ "src", GV_ADDRS, GV_NONE },	   { "via", GV_OTHER_ADDRS, GV_NONE },
	{ "table", GV_TABLES, GV_NONE },   { "lookup", GV_TABLES, GV_NONE },
	{ "scope", GV_SCOPES, GV_NONE },   { "proto", GV_PROTOS, GV_NONE },
	{ "type", GV_TYPES, GV_NONE },	   { "netns", GV_HOSTS, GV_NONE },
	{ "from", GV_ENDPOINTS, GV_NONE }, { "to", GV_ENDPOINTS, GV_NONE },
	{ "metric", GV_NONE, GV_NONE },	   { "priority", GV_NONE, GV_NONE },
	{ "pref", GV_NONE, GV_NONE },	   { "mtu", GV_NONE, GV_NONE },
	{ "label", GV_NONE, GV_NONE },	   { "lladdr", GV_NONE, GV_NONE },
	{ "fwmark", GV_NONE, GV_NONE },	   { "mark", GV_NONE, GV_NONE },
	{ "tos", GV_NONE, GV_NONE },	   { "weight", GV_NONE, GV_NONE },
	{ "advmss", GV_NONE, GV_NONE },	   { NULL, GV_NONE, GV_NONE },
};

static const char *const route_verbs[] = { "add",    "del",    "delete",  "replace",
					   "change", "append", "prepend", "show",
					   "list",   "get",    "flush",	  NULL };
static const char *const route_keys[] = { "via",    "dev",     "src",	 "metric", "table",
					  "scope",  "proto",   "onlink", "tos",	   "mtu",
					  "advmss", "nexthop", "weight", "nhid",   NULL };
static const char *const route_show_keys[] = { "table", "dev",	"via",	 "src",	  "proto", "scope",
					       "type",	"root", "match", "exact", NULL };
static const char *const route_get_keys[] = { "from",  "iif",	   "oif",	"mark",
					      "tos",   "fibmatch", "ipproto",	"sport",
					      "dport", "uid",	   "connected", NULL };
static const struct gram_verb route_args[] = {
	{ "get", { GV_OTHER_ADDRS, GV_ADDRS, GV_NONE }, route_get_keys },
	{ "show", { GV_KEYS, GV_PREFIXES, GV_NONE }, route_show_keys },
	{ "list", { GV_KEYS, GV_PREFIXES, GV_NONE }, route_show_keys },
	{ "flush", { GV_KEYS, GV_PREFIXES, GV_NONE }, route_show_keys },
	{ NULL, { GV_ROUTE_TYPES, GV_PREFIXES, GV_NONE }, route_keys },
};

static const char *const addr_verbs[] = { "add", "del", "show", "flush", NULL };
static const char *const addr_keys[] = { "dev",	   "scope", "noprefixroute", "label", "broadcast",
					 "metric", NULL };
static const struct gram_verb addr_args[] = {
	{ "show", { GV_NICS, GV_KEYS, GV_NONE }, addr_keys },
	{ "flush", { GV_NICS, GV_KEYS, GV_NONE }, addr_keys },
	{ "del", { GV_OWN_PREFIXES, GV_NONE, GV_NONE }, addr_keys },
	{ NULL, { GV_NONE, GV_NONE, GV_NONE }, addr_keys },
};

static const char *const link_verbs[] = { "add", "set", "del", "show", NULL };
static const char *const link_set_keys[] = { "up",  "down",  "master", "nomaster",
					     "mtu", "netns", NULL };
static const char *const link_add_keys[] = { "type", "peer", "name", "netns", NULL };
static const struct gram_verb link_args[] = {
	{ "add", { GV_NONE, GV_NONE, GV_NONE }, link_add_keys },
	{ "set", { GV_NICS, GV_DEV, GV_NONE }, link_set_keys },
	{ NULL, { GV_NICS, GV_DEV, GV_NONE }, NULL },
};
static const struct gram_key link_values[] = { { "type", GV_LINK_TYPES, GV_NONE },
					       { NULL, GV_NONE, GV_NONE } };

static const char *const rule_verbs[] = { "add", "del", "show", "list", NULL };
static const char *const rule_keys[] = {
	"from",	  "to",	       "table",	      "lookup",	  "iif",  "oif",
	"fwmark", "priority",  "pref",	      "tos",	  "goto", "suppress_prefixlength",
	"not",	  "blackhole", "unreachable", "prohibit", "nop",  "ipproto",
	"sport",  "dport",     "uidrange",    NULL
};
static const struct gram_verb rule_args[] = {
	{ NULL, { GV_KEYS, GV_NONE, GV_NONE }, rule_keys },
};
static const struct gram_key rule_values[] = { { "from", GV_ENDPOINTS, GV_ALL },
					       { "to", GV_ENDPOINTS, GV_ALL },
					       { NULL, GV_NONE, GV_NONE } };

static const char *const neigh_verbs[] = { "show", "add", "del", "flush", NULL };
static const char *const neigh_keys[] = { "dev", "lladdr", "nud", "to", NULL };
static const struct gram_verb neigh_args[] = {
	{ "show", { GV_KEYS, GV_NONE, GV_NONE }, neigh_keys },
	{ NULL, { GV_KEYS, GV_OTHER_ADDRS, GV_NONE }, neigh_keys },
};

static const char *const nh_verbs[] = { "add",	"replace", "del",   "show",
					"list", "get",	   "flush", NULL };
static const char *const nh_keys[] = { "id",	 "via",	     "dev",  "group", "blackhole",
				       "onlink", "protocol", "type", NULL };
static const char *const nh_show_keys[] = { "id", "dev", "groups", "protocol", NULL };
static const struct gram_verb nh_args[] = {
	{ "show", { GV_KEYS, GV_NONE, GV_NONE }, nh_show_keys },
	{ "list", { GV_KEYS, GV_NONE, GV_NONE }, nh_show_keys },
	{ "flush", { GV_KEYS, GV_NONE, GV_NONE }, nh_show_keys },
	{ NULL, { GV_KEYS, GV_NONE, GV_NONE }, nh_keys },
};

/* In the order iproute2 tries them (`ip r` is route) */
static const struct gram_object ip_objects[] = {
	{ "link", NULL, link_verbs, link_args, link_values },
	{ "address", "addr", addr_verbs, addr_args, NULL },
	{ "route", NULL, route_verbs, route_args, NULL },
	{ "rule", NULL, rule_verbs, rule_args, rule_values },
	{ "neighbour", "neigh", neigh_verbs, neigh_args, NULL },
	{ "nexthop", NULL, nh_verbs, nh_args, NULL },
};

static const struct gram_object *ip_object(const char *w)
{
	/* the console's own order: route before rule for `r`, address before… */
	static const int order[] = { 2, 1, 0, 3, 4, 5 };

	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		const struct gram_object *ob = &ip_objects[order[k]];

		if (matches(w, ob->name) || (order[k] == 4 && matches(w, "neighbor")))
			return ob;
	}
	return NULL;
}

static const struct gram_key *key_value(const struct gram_key *ks, const char *w)
{
	for (; ks && ks->word; ks++)
		if (strcmp(ks->word, w) == 0)
			return ks;
	return NULL;
}

/* ip [OPTIONS] OBJECT VERB ARGS…: the word after the last one */
static void complete_ip(const struct sink *s, int argc, char **argv)
{
	const struct gram_object *ob;
	const struct gram_verb *gv;
	const struct gram_key *k;
	int i = 1, nargs;

	while (i < argc && argv[i][0] == '-')
		i++;
	if (i >= argc) {
		for (size_t o = 0; o < sizeof(ip_objects) / sizeof(ip_objects[0]); o++) {
			s->add(s->arg, ip_objects[o].name);
			if (ip_objects[o].alias)
				s->add(s->arg, ip_objects[o].alias);
		}
		return;
	}
	ob = ip_object(argv[i++]);
	if (!ob)
		return;
	if (i >= argc) {
		words(s, ob->verbs);
		return;
	}
	for (gv = ob->args; gv->verb && !matches(argv[i], gv->verb); gv++)
		;
	i++;
	nargs = argc - i;
	if (nargs > 0 && ((k = key_value(ob->values, argv[argc - 1])) != NULL ||
			  (k = key_value(ip_values, argv[argc - 1])) != NULL)) {
		value(s, k->v1, NULL);
		value(s, k->v2, NULL);
		return;
	}
	if (nargs > 0) {
		words(s, gv->keys);
		return;
	}
	for (int f = 0; f < 3; f++)
		value(s, gv->first[f], gv->keys);
}

/* ---- the other commands ---- */

static void complete_sysctl(const struct sink *s)
{
	static const char *const flags[] = { "-w", "-q", NULL };
	const struct host *h = s->h;
	char buf[128];

	words(s, flags);
	s->add(s->arg, "net.ipv4.ip_forward");
	for (int who = -2; h && who < (int)h->nnic; who++) {
		const char *dev = who == -2 ? "all" : who == -1 ? "default" : h->nics[who].name;

		for (int k = 0; k < DEVCONF__COUNT; k++) {
			snprintf(buf, sizeof(buf), "net.ipv4.conf.%s.%s", dev,
				 devconf_name((enum devconf)k));
			s->add(s->arg, buf);
		}
	}
}

static void complete_why(const struct sink *s, int argc, char **argv)
{
	static const char *const keys[] = { "from",    "iif",	"oif",	 "mark", "tos",
					    "ipproto", "sport", "dport", "uid",	 NULL };
	const char *prev = argv[argc - 1];

	if (!strcmp(prev, "iif") || !strcmp(prev, "oif")) {
		value(s, GV_NICS, NULL);
	} else if (!strcmp(prev, "from") || argc == 1) {
		value(s, GV_ADDRS, NULL);
		value(s, GV_OTHER_ADDRS, NULL);
	} else {
		words(s, keys);
	}
}

static void complete_traffic(const struct sink *s, int argc, char **argv)
{
	static const char *const keys[] = { "dev",    "from", "uid",	  "gid",
					    "groups", "as",   "pmtudisc", NULL };
	static const char *const ping_keys[] = { "dev", "from", "uid",	    "gid", "groups",
						 "id",	"size", "pmtudisc", NULL };
	static const char *const modes[] = { "want",	  "dont", "do", "probe",
					     "interface", "omit", NULL };
	static const char *const ping_modes[] = { "want", "dont", "do", "probe", NULL };
	const char *w0 = argv[0], *prev = argv[argc - 1];

	if (!strcmp(prev, "pmtudisc"))
		words(s, !strcmp(w0, "ping") ? ping_modes : modes);
	else if (!strcmp(prev, "dev"))
		value(s, GV_NICS, NULL);
	else if (!strcmp(prev, "from"))
		value(s, GV_ADDRS, NULL);
	else if (argc == 1 &&
		 (!strcmp(w0, "connect") || !strcmp(w0, "listen") || !strcmp(w0, "inject")))
		value(s, GV_L4, NULL);
	else if (argc == 1 && (!strcmp(w0, "send") || !strcmp(w0, "sendto") ||
			       !strcmp(w0, "close") || !strcmp(w0, "accept")))
		value(s, GV_SOCKS, NULL);
	else if (argc == 1 && !strcmp(w0, "ping"))
		value(s, GV_OTHER_ADDRS, NULL);
	else if (argc >= 2 && !strcmp(w0, "ping"))
		words(s, ping_keys);
	else if (argc >= 2 && (!strcmp(w0, "connect") || !strcmp(w0, "listen")))
		words(s, keys);
}

void gram_complete(const struct sim *sim, const struct host *h, int argc, char **argv,
		   void (*add)(void *arg, const char *w), void *arg)
{
	const struct sink s = { sim, h, add, arg };
	const struct gram_cmd *c;

	if (argc < 1 || !(c = gram_cmd_find(argv[0])))
		return;
	if (!strcmp(c->word, "ip"))
		complete_ip(&s, argc, argv);
	else if (!strcmp(c->word, "sysctl"))
		complete_sysctl(&s);
	else if (!strcmp(c->word, "host") && argc == 1) {
		value(&s, GV_HOSTS, NULL);
		add(arg, "add");
	} else if (!strcmp(c->word, "why"))
		complete_why(&s, argc, argv);
	else if (c->traffic)
		complete_traffic(&s, argc, argv);
}

bool gram_usage(const char *word, struct strbuf *sb)
{
	const struct gram_cmd *c = gram_cmd_find(word);

	if (!c)
		return false;
	strbuf_printf(sb, "%s\n", c->usage);
	if (strcmp(c->word, "ip") != 0)
		return true;
	for (size_t o = 0; o < sizeof(ip_objects) / sizeof(ip_objects[0]); o++) {
		strbuf_printf(sb, "  ip %s ", ip_objects[o].name);
		for (const char *const *v = ip_objects[o].verbs; *v; v++)
			strbuf_printf(sb, "%s%s", v == ip_objects[o].verbs ? "" : "|", *v);
		strbuf_puts(sb, " …\n");
	}
	return true;
}
