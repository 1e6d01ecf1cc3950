/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cmd: line splitting, host prefixes and dispatch to the tool emulations (ip, sysctl).
 * Scene directives and traffic verbs plug in here as further words of the same table.
 */
#include "base/i18n.h"
#include "cmd.h"
#include "grammar.h"
#include "net/ct.h"
#include "net/fib.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cmd_out_init(struct cmd_out *o)
{
	strbuf_init(&o->out);
	strbuf_init(&o->err);
	o->rc = 0;
}

void cmd_out_release(struct cmd_out *o)
{
	strbuf_release(&o->out);
	strbuf_release(&o->err);
}

void cmd_out_reset(struct cmd_out *o)
{
	strbuf_reset(&o->out);
	strbuf_reset(&o->err);
	o->rc = 0;
}

int cmd_err(struct cmd_out *o, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vprintf(&o->err, fmt, ap);
	va_end(ap);
	strbuf_puts(&o->err, "\n");
	if (rc)
		o->rc = rc;
	return rc;
}

/* isspace() in every locale pktpath runs in, without a call per byte */
static inline bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* the bytes that end a run of plain word characters: NUL, the quotes and the spaces */
static const bool word_stop[256] = {
	[0] = true,    ['"'] = true,  ['\''] = true, [' '] = true,  ['\t'] = true,
	['\n'] = true, ['\v'] = true, ['\f'] = true, ['\r'] = true,
};

/* One word of cmd_split from *pp: its text into out, returning its length, or -1 on an
 * unterminated quote. *pp moves past the word. Plain runs are copied a byte at a time
 * as they are scanned, a table look per byte: every line run goes through here, and a
 * memcpy call per run cost more than the copy (`ip route get` batches). */
static long split_word(const char **pp, char *out)
{
	const char *p = *pp;
	long n = 0;

	for (;;) {
		if (!word_stop[(unsigned char)*p]) {
			do
				out[n++] = *p++;
			while (!word_stop[(unsigned char)*p]);
		} else if (*p == '"' || *p == '\'') {
			const char *e = strchr(p + 1, *p);

			if (!e)
				return -1;
			memcpy(out + n, p + 1, (size_t)(e - p - 1));
			n += e - p - 1;
			p = e + 1;
		} else { /* a space or the end */
			break;
		}
	}
	*pp = p;
	return n;
}

/* cmd_split into buf (size bytes, 8-aligned) when the line fits there, else into an
 * allocation. One pass over the line: the words' text is copied behind a pointer array
 * of cap slots, which holds offsets into the text until the end and doubles when a line
 * has more words. The text needs at most the line's length plus one (a word is never
 * longer than what it was written with, and it is followed by a space or the end). */
static int split_in(const char *line, char ***argvp, void *buf, size_t size)
{
	size_t len = strlen(line), cap = 16, argc = 0, used = 0;
	char **argv = cap * sizeof(*argv) + len + 1 <= size
			      ? buf
			      : xmalloc(cap * sizeof(*argv) + len + 1);
	const char *p = line;

	for (;;) {
		char *text = (char *)(argv + cap);
		long n;

		while (is_space(*p))
			p++;
		if (!*p || *p == '#')
			break;
		if (argc + 1 == cap) { /* room for this word and the final NULL */
			char **bigger = xmalloc(2 * cap * sizeof(*argv) + len + 1);

			memcpy(bigger, argv, argc * sizeof(*argv));
			memcpy(bigger + 2 * cap, text, used);
			if ((void *)argv != buf)
				free(argv);
			argv = bigger;
			cap *= 2;
			text = (char *)(argv + cap);
		}
		n = split_word(&p, text + used);
		if (n < 0) {
			if ((void *)argv != buf)
				free(argv);
			*argvp = NULL;
			return -1;
		}
		text[used + (size_t)n] = '\0';
		argv[argc++] = (char *)(uintptr_t)used;
		used += (size_t)n + 1;
	}
	for (size_t i = 0; i < argc; i++)
		argv[i] = (char *)(argv + cap) + (uintptr_t)argv[i];
	argv[argc] = NULL;
	*argvp = argv;
	return (int)argc;
}

/* One allocation, freed by cmd_free_words. */
int cmd_split(const char *line, char ***argvp)
{
	return split_in(line, argvp, NULL, 0);
}

void cmd_free_words(int argc, char **argv)
{
	(void)argc;
	free(argv);
}

/* ---- sysctl ---- */

/* The kernel's IPv4 sysctls (Linux 6.18: /proc/sys/net/ipv4 and its conf/DEV/), so that
 * one pktpath does not model is named as such rather than reported missing as sysctl
 * reports a key the kernel lacks. */
static const char *const kernel_ipv4_keys[] = {
	"cipso_cache_bucket_size",
	"cipso_cache_enable",
	"cipso_rbm_optfmt",
	"cipso_rbm_strictvalid",
	"fib_multipath_hash_fields",
	"fib_multipath_hash_policy",
	"fib_multipath_hash_seed",
	"fib_multipath_use_neigh",
	"fib_notify_on_flag_change",
	"fib_sync_mem",
	"fwmark_reflect",
	"icmp_echo_enable_probe",
	"icmp_echo_ignore_all",
	"icmp_echo_ignore_broadcasts",
	"icmp_errors_use_inbound_ifaddr",
	"icmp_ignore_bogus_error_responses",
	"icmp_msgs_burst",
	"icmp_msgs_per_sec",
	"icmp_ratelimit",
	"icmp_ratemask",
	"igmp_link_local_mcast_reports",
	"igmp_max_memberships",
	"igmp_max_msf",
	"igmp_qrv",
	"inet_peer_maxttl",
	"inet_peer_minttl",
	"inet_peer_threshold",
	"ip_autobind_reuse",
	"ip_default_ttl",
	"ip_dynaddr",
	"ip_early_demux",
	"ip_forward",
	"ip_forward_update_priority",
	"ip_local_port_range",
	"ip_local_reserved_ports",
	"ip_no_pmtu_disc",
	"ip_nonlocal_bind",
	"ip_unprivileged_port_start",
	"ipfrag_high_thresh",
	"ipfrag_low_thresh",
	"ipfrag_max_dist",
	"ipfrag_secret_interval",
	"nexthop_compat_mode",
	"ping_group_range",
	"raw_l3mdev_accept",
	"tcp_abort_on_overflow",
	"tcp_adv_win_scale",
	"tcp_allowed_congestion_control",
	"tcp_app_win",
	"tcp_autocorking",
	"tcp_available_congestion_control",
	"tcp_available_ulp",
	"tcp_backlog_ack_defer",
	"tcp_base_mss",
	"tcp_challenge_ack_limit",
	"tcp_child_ehash_entries",
	"tcp_comp_sack_delay_ns",
	"tcp_comp_sack_nr",
	"tcp_comp_sack_slack_ns",
	"tcp_congestion_control",
	"tcp_dsack",
	"tcp_early_demux",
	"tcp_early_retrans",
	"tcp_ecn",
	"tcp_ecn_fallback",
	"tcp_ecn_option",
	"tcp_ecn_option_beacon",
	"tcp_ehash_entries",
	"tcp_fack",
	"tcp_fastopen",
	"tcp_fastopen_blackhole_timeout_sec",
	"tcp_fastopen_key",
	"tcp_fin_timeout",
	"tcp_frto",
	"tcp_fwmark_accept",
	"tcp_invalid_ratelimit",
	"tcp_keepalive_intvl",
	"tcp_keepalive_probes",
	"tcp_keepalive_time",
	"tcp_l3mdev_accept",
	"tcp_limit_output_bytes",
	"tcp_low_latency",
	"tcp_max_orphans",
	"tcp_max_reordering",
	"tcp_max_syn_backlog",
	"tcp_max_tw_buckets",
	"tcp_mem",
	"tcp_migrate_req",
	"tcp_min_rtt_wlen",
	"tcp_min_snd_mss",
	"tcp_min_tso_segs",
	"tcp_moderate_rcvbuf",
	"tcp_mtu_probe_floor",
	"tcp_mtu_probing",
	"tcp_no_metrics_save",
	"tcp_no_ssthresh_metrics_save",
	"tcp_notsent_lowat",
	"tcp_orphan_retries",
	"tcp_pacing_ca_ratio",
	"tcp_pacing_ss_ratio",
	"tcp_pingpong_thresh",
	"tcp_plb_cong_thresh",
	"tcp_plb_enabled",
	"tcp_plb_idle_rehash_rounds",
	"tcp_plb_rehash_rounds",
	"tcp_plb_suspend_rto_sec",
	"tcp_probe_interval",
	"tcp_probe_threshold",
	"tcp_recovery",
	"tcp_reflect_tos",
	"tcp_reordering",
	"tcp_retrans_collapse",
	"tcp_retries1",
	"tcp_retries2",
	"tcp_rfc1337",
	"tcp_rmem",
	"tcp_rto_max_ms",
	"tcp_rto_min_us",
	"tcp_sack",
	"tcp_shrink_window",
	"tcp_slow_start_after_idle",
	"tcp_stdurg",
	"tcp_syn_linear_timeouts",
	"tcp_syn_retries",
	"tcp_synack_retries",
	"tcp_syncookies",
	"tcp_thin_linear_timeouts",
	"tcp_timestamps",
	"tcp_tso_rtt_log",
	"tcp_tso_win_divisor",
	"tcp_tw_reuse",
	"tcp_tw_reuse_delay",
	"tcp_window_scaling",
	"tcp_wmem",
	"tcp_workaround_signed_windows",
	"udp_child_hash_entries",
	"udp_early_demux",
	"udp_hash_entries",
	"udp_l3mdev_accept",
	"udp_mem",
	"udp_rmem_min",
	"udp_wmem_min",
	"xfrm4_gc_thresh",
	NULL,
};
static const char *const kernel_conf_keys[] = {
	"accept_local",
	"accept_redirects",
	"accept_source_route",
	"arp_accept",
	"arp_announce",
	"arp_evict_nocarrier",
	"arp_filter",
	"arp_ignore",
	"arp_notify",
	"bc_forwarding",
	"bootp_relay",
	"disable_policy",
	"disable_xfrm",
	"drop_gratuitous_arp",
	"drop_unicast_in_l2_multicast",
	"force_igmp_version",
	"forwarding",
	"igmpv2_unsolicited_report_interval",
	"igmpv3_unsolicited_report_interval",
	"ignore_routes_with_linkdown",
	"log_martians",
	"mc_forwarding",
	"medium_id",
	"promote_secondaries",
	"proxy_arp",
	"proxy_arp_pvlan",
	"route_localnet",
	"rp_filter",
	"secure_redirects",
	"send_redirects",
	"shared_media",
	"src_valid_mark",
	"tag",
	NULL,
};

/* true if key is a real kernel IPv4 sysctl (net.ipv4.X, net.ipv4.conf.DEV.X of one of h's
 * devices, all or default, net.ipv4.route.X, net.ipv4.neigh.DEV.X) */
static bool kernel_has_key(struct host *h, const char *key)
{
	static const char ipv4[] = "net.ipv4.", conf[] = "net.ipv4.conf.";
	const char *last = strrchr(key, '.');

	if (strncmp(key, "net.ipv4.route.", 15) == 0 || strncmp(key, "net.ipv4.neigh.", 15) == 0)
		return true;
	if (strncmp(key, conf, sizeof(conf) - 1) == 0) {
		char dev[64];
		const char *d = key + sizeof(conf) - 1;

		if (!last || last <= d || (size_t)(last - d) >= sizeof(dev))
			return false;
		snprintf(dev, sizeof(dev), "%.*s", (int)(last - d), d);
		if (strcmp(dev, "all") != 0 && strcmp(dev, "default") != 0 && !host_nic(h, dev))
			return false; /* no such device: no such directory */
		for (const char *const *k = kernel_conf_keys; *k; k++)
			if (strcmp(last + 1, *k) == 0)
				return true;
		return false;
	}
	if (strncmp(key, ipv4, sizeof(ipv4) - 1) != 0)
		return false;
	for (const char *const *k = kernel_ipv4_keys; *k; k++)
		if (strcmp(key + sizeof(ipv4) - 1, *k) == 0)
			return true;
	return false;
}

static bool sysctl_lookup(struct host *h, const char *key, int **val, enum devconf *which,
			  const char **devname)
{
	static const char pfx[] = "net.ipv4.conf.";
	char buf[256];
	char *dot;

	*devname = NULL;
	/* the host-wide keys */
	*val = strcmp(key, "net.ipv4.ip_default_ttl") == 0   ? &h->ip_default_ttl
	       : strcmp(key, "net.ipv4.icmp_ratelimit") == 0 ? &h->icmp_ratelimit
	       : strcmp(key, "net.ipv4.icmp_ratemask") == 0  ? &h->icmp_ratemask
	       : strcmp(key, "net.ipv4.icmp_errors_use_inbound_ifaddr") == 0
		       ? &h->icmp_errors_inbound
	       : strcmp(key, "net.ipv4.fib_multipath_hash_policy") == 0 ? &h->mp_hash_policy
	       : strcmp(key, "net.ipv4.fib_multipath_hash_seed") == 0	? &h->mp_hash_seed
	       : strcmp(key, "net.ipv4.fib_multipath_use_neigh") == 0	? &h->mp_use_neigh
	       : strcmp(key, "net.ipv4.route.min_pmtu") == 0		? &h->route_min_pmtu
	       : strcmp(key, "net.ipv4.route.mtu_expires") == 0		? &h->route_mtu_expires
	       : strcmp(key, "net.ipv4.ipfrag_time") == 0		? &h->ipfrag_time
	       : strcmp(key, "net.ipv4.ip_forward_use_pmtu") == 0	? &h->ip_fwd_use_pmtu
									: NULL;
	if (*val) {
		*which = DEVCONF__COUNT; /* not a per-device key */
		return true;
	}
	if (strcmp(key, "net.ipv4.ip_forward") == 0) {
		*val = &h->conf_all[DEVCONF_FORWARDING];
		*which = DEVCONF_FORWARDING;
		*devname = "all";
		return true;
	}
	if (strncmp(key, pfx, sizeof(pfx) - 1) != 0)
		return false;
	snprintf(buf, sizeof(buf), "%s", key + sizeof(pfx) - 1);
	dot = strrchr(buf, '.');
	if (!dot)
		return false;
	*dot = '\0';
	for (int c = 0; c < DEVCONF__COUNT; c++) {
		if (strcmp(dot + 1, devconf_name((enum devconf)c)) != 0)
			continue;
		*which = (enum devconf)c;
		if (strcmp(buf, "all") == 0) {
			*val = &h->conf_all[c];
			*devname = "all";
		} else if (strcmp(buf, "default") == 0) {
			*val = &h->conf_default[c];
			*devname = "default";
		} else {
			struct nic *n = host_nic(h, buf);

			if (!n)
				return false;
			*val = &n->conf[c];
			*devname = n->name;
		}
		return true;
	}
	return false;
}

/* proc_dointvec(), kernel/sysctl.c: leading blanks, an optional '-', a number in C
 * notation (strtoul base 0: 0x10, 010), trailing blanks; the value must fit an int
 * (do_proc_dointvec_conv()), else EINVAL and nothing changes. */
static bool proc_int_parse(const char *s, int *out)
{
	bool neg = false;
	unsigned long v;
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '-') {
		neg = true;
		s++;
	}
	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno == ERANGE)
		return false;
	while (isspace((unsigned char)*end))
		end++;
	if (*end)
		return false;
	if (neg ? v > (unsigned long)INT_MAX + 1 : v > (unsigned long)INT_MAX)
		return false;
	*out = neg ? (int)-(long)v : (int)v;
	return true;
}

/* proc_douintvec(): as proc_int_parse without a sign, up to UINT_MAX, kept in an int's
 * bits */
static bool proc_uint_parse(const char *s, int *out)
{
	unsigned long v;
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno == ERANGE || v > UINT32_MAX)
		return false;
	while (isspace((unsigned char)*end))
		end++;
	if (*end)
		return false;
	*out = (int)(uint32_t)v;
	return true;
}

int sysctl_main(struct host *h, int argc, char **argv, struct cmd_out *o)
{
	bool write = false, quiet = false;
	int rc = 0;

	argc--, argv++;
	while (argc > 0 && argv[0][0] == '-') {
		for (const char *f = argv[0] + 1; *f; f++) {
			if (*f == 'w')
				write = true;
			else if (*f == 'q')
				quiet = true;
			else
				return cmd_err(o, CMD_EXIT_FAIL,
					       _("sysctl: pktpath supports only -w and -q"));
		}
		argc--, argv++;
	}
	for (; argc > 0; argc--, argv++) {
		char key[256];
		char *eq = strchr(*argv, '=');
		int *val;
		enum devconf which;
		const char *devname;

		snprintf(key, sizeof(key), "%.*s", eq ? (int)(eq - *argv) : (int)strlen(*argv),
			 *argv);
		for (char *p = key; *p; p++)
			if (*p == '/')
				*p = '.';
		if (!sysctl_lookup(h, key, &val, &which, &devname)) {
			char path[300];

			if (kernel_has_key(h, key)) {
				rc = cmd_err(
					o, CMD_EXIT_FAIL,
					_("sysctl: pktpath does not model %s (the kernel has it)"),
					key);
				continue;
			}
			snprintf(path, sizeof(path), "%s", key);
			for (char *p = path; *p; p++)
				if (*p == '.')
					*p = '/';
			rc = cmd_err(o, CMD_EXIT_FAIL,
				     "sysctl: cannot stat /proc/sys/%s: No such file or directory",
				     path);
			continue;
		}
		if (eq) {
			int v, wrc;
			const char *shown = eq + 1;
			size_t shown_len;

			/* procps 4: KEY=VALUE writes with or without -w; the multipath seed is
			 * a u32 (proc_douintvec_minmax) */
			if (val == &h->mp_hash_seed ? !proc_uint_parse(eq + 1, &v)
						    : !proc_int_parse(eq + 1, &v)) {
				rc = cmd_err(o, CMD_EXIT_FAIL,
					     "sysctl: setting key \"%s\": Invalid argument", key);
				continue;
			}
			while (isspace((unsigned char)*shown))
				shown++;
			shown_len = strlen(shown);
			while (shown_len && isspace((unsigned char)shown[shown_len - 1]))
				shown_len--;
			wrc = host_sysctl_write(h, which, devname, val, v);
			if (wrc == -EOPNOTSUPP) {
				rc = cmd_err(o, CMD_EXIT_FAIL,
					     _("sysctl: pktpath does not model %s = %d (the kernel "
					       "takes it; pktpath hashes by policy 0, 1 or 2)"),
					     key, v);
				continue;
			}
			if (wrc < 0) {
				rc = cmd_err(o, CMD_EXIT_FAIL,
					     "sysctl: setting key \"%s\": Invalid argument", key);
				continue;
			}
			if (!quiet) /* sysctl echoes the value as written (0x10 stays 0x10) */
				strbuf_printf(&o->out, "%s = %.*s\n", key, (int)shown_len, shown);
		} else {
			if (write) { /* procps 4 sysctl's words for `-w KEY` */
				rc = cmd_err(
					o, CMD_EXIT_FAIL,
					"sysctl: command line(0): invalid syntax, continuing...");
				continue;
			}
			strbuf_printf(&o->out, "%s = %lld\n", key, host_sysctl_shown(h, val));
		}
	}
	return rc;
}

/* ---- real kernel mode ---- */

bool cmd_applying(const struct cmd_ctx *ctx, const struct host *h)
{
	return ctx && ctx->kedit && h && h->netns[0];
}

int cmd_apply_refuse(const struct cmd_ctx *ctx, const struct host *h, struct cmd_out *o,
		     const char *what)
{
	if (!cmd_applying(ctx, h))
		return 0;
	return cmd_err(
		o, CMD_EXIT_FAIL,
		_("pktpath: --apply sends ip route/rule/addr edits and ip link set up|down to "
		  "the kernel, not \"%s\"; nothing changed"),
		what);
}

/* Under --apply, the words of a command that would change only the model. */
static const char *apply_unsupported(int argc, char **argv)
{
	if (strcmp(argv[0], "sysctl") == 0) {
		for (int i = 1; i < argc; i++)
			if (strchr(argv[i], '='))
				return "sysctl -w";
		return NULL;
	}
	if (strcmp(argv[0], "iptables") == 0) {
		for (int i = 1; i < argc; i++)
			if (argv[i][0] == '-' && argv[i][1] != '-' &&
			    strchr("AIDRFNXPZE", argv[i][1]))
				return "iptables (changes)";
		return NULL;
	}
	if (strcmp(argv[0], "iptables-restore") == 0)
		return "iptables-restore";
	if (strcmp(argv[0], "conntrack") == 0) {
		for (int i = 1; i < argc; i++)
			if (strcmp(argv[i], "-D") == 0 || strcmp(argv[i], "-F") == 0 ||
			    strcmp(argv[i], "--delete") == 0 || strcmp(argv[i], "--flush") == 0)
				return "conntrack -D|-F";
	}
	return NULL;
}

/* ---- dispatch ---- */

bool cmd_is_command_word(const char *w)
{
	return gram_cmd_find(w) != NULL;
}

static struct host *current_host(struct cmd_ctx *ctx)
{
	if (!ctx->cur) {
		const char *name = ctx->default_host ? ctx->default_host : "h";

		ctx->cur = sim_host(ctx->sim, name);
		if (!ctx->cur)
			ctx->cur = sim_host_add(ctx->sim, name);
	}
	return ctx->cur;
}

/* is the word w (len bytes) the literal lit? */
#define WORD_IS(w, len, lit) ((len) == sizeof(lit) - 1 && memcmp(w, lit, sizeof(lit) - 1) == 0)

/* The destination of a line `[HOST] ip route get A.B.C.D …`, and its host; false for
 * any other line */
static bool route_get_dest(struct cmd_ctx *ctx, const char *line, const char *end, struct host **h,
			   uint32_t *dst)
{
	const char *w[5];
	size_t len[5];
	int n = 0, k = 0;

	/* words as cmd_split reads them; *end is the line's '\n', which ends a run too */
	for (const char *p = line; n < 5;) {
		while (p < end && is_space(*p))
			p++;
		if (p == end)
			break;
		w[n] = p;
		while (!word_stop[(unsigned char)*p])
			p++;
		if (p == w[n])
			return false; /* a quote: no hint for this line */
		len[n] = (size_t)(p - w[n]);
		n++;
	}
	if (n >= 4 && !WORD_IS(w[0], len[0], "ip")) {
		char name[64];

		if (len[0] >= sizeof(name))
			return false;
		memcpy(name, w[0], len[0]);
		name[len[0]] = '\0';
		*h = sim_host(ctx->sim, name);
		k = 1;
	} else {
		*h = ctx->cur ? ctx->cur
			      : sim_host(ctx->sim, ctx->default_host ? ctx->default_host : "h");
	}
	return *h && n >= k + 4 && WORD_IS(w[k], len[k], "ip") &&
	       (WORD_IS(w[k + 1], len[k + 1], "route") || WORD_IS(w[k + 1], len[k + 1], "r") ||
		WORD_IS(w[k + 1], len[k + 1], "ro")) &&
	       (WORD_IS(w[k + 2], len[k + 2], "get") || WORD_IS(w[k + 2], len[k + 2], "g")) &&
	       ip_parse_n(w[k + 3], len[k + 3], dst);
}

size_t cmd_prefetch(struct cmd_ctx *ctx, const char *buf, size_t len)
{
	uint32_t dst[TABLE_PREFETCH_MAX];
	struct host *h = NULL;
	size_t n = 0, used = 0;
	bool big = false;

	for (size_t i = 0; i < ctx->sim->nhosts && !big; i++)
		for (size_t k = 0; k < ctx->sim->hosts[i]->ntables && !big; k++)
			big = table_big(&ctx->sim->hosts[i]->tables[k]);
	if (!big) { /* small tables stay in the cache: every whole line is read */
		const char *nl = memrchr(buf, '\n', len);

		return nl ? (size_t)(nl - buf) + 1 : 0;
	}

	while (n < TABLE_PREFETCH_MAX) {
		const char *nl = memchr(buf + used, '\n', len - used);
		struct host *lh;
		uint32_t d;

		if (!nl)
			break;
		if (route_get_dest(ctx, buf + used, nl, &lh, &d)) {
			if (h && lh != h)
				break; /* another host's: the next batch */
			h = lh;
			dst[n++] = d;
		}
		used = (size_t)(nl - buf) + 1;
	}
	if (n)
		fib_prefetch(h, dst, n);
	return used;
}

/* Tools a real host has that pktpath does not model, and what it has instead: they are
 * not mistakes, so a "command not found" would mislead. */
static const struct {
	const char *tool, *instead;
} unmodelled_tools[] = {
	{ "iptables-legacy", N_("iptables") },
	{ "iptables-nft", N_("iptables") },
	{ "ip6tables", N_("IPv4 only: iptables") },
	{ "nft", N_("iptables (the iptables-nft tables)") },
	{ "ifconfig", N_("ip addr and ip link") },
	{ "route", N_("ip route") },
	{ "arp", N_("ip neigh") },
	{ "netstat", N_("ss") },
	{ "traceroute", N_("ping, and why") },
	{ "nc", N_("listen, connect, send, udp") },
	{ "tcpdump", N_("the trace: pktpath trace SCENE") },
};

/* c: argv[0]'s command, or NULL */
static int run_words(struct cmd_ctx *ctx, struct host *h, const struct gram_cmd *c, int argc,
		     char **argv, struct cmd_out *o)
{
	if (cmd_applying(ctx, h)) {
		const char *what = apply_unsupported(argc, argv);

		if (what)
			return cmd_apply_refuse(ctx, h, o, what);
	}
	if (c)
		return c->run(ctx, h, argc, argv, o);
	for (size_t i = 0; i < sizeof(unmodelled_tools) / sizeof(unmodelled_tools[0]); i++)
		if (!strcmp(argv[0], unmodelled_tools[i].tool))
			return cmd_err(o, CMD_EXIT_NOT_FOUND,
				       _("pktpath: %s is not modelled; instead: %s"), argv[0],
				       _(unmodelled_tools[i].instead));
	return cmd_err(o, CMD_EXIT_NOT_FOUND, "%s: command not found", argv[0]);
}

int cmd_exec(struct cmd_ctx *ctx, const char *line, struct cmd_out *o)
{
	/* a usual line's words fit here: no allocation a line (`pktpath run` batches) */
	char *words[64], **argv;
	int argc = split_in(line, &argv, words, sizeof(words));
	const struct gram_cmd *c, *c1;
	int rc;

	if (argc < 0)
		return cmd_err(o, CMD_EXIT_FAIL, _("unterminated quote"));
	if (argc == 0) {
		if (argv != words)
			free(argv);
		return 0;
	}
	c = gram_cmd_find(argv[0]);
	if (!c && argc > 1 && (c1 = gram_cmd_find(argv[1])) != NULL) {
		struct host *h = sim_host(ctx->sim, argv[0]);

		if (!h)
			h = sim_host_add(ctx->sim, argv[0]);
		rc = run_words(ctx, h, c1, argc - 1, argv + 1, o);
	} else if (argv[0][0] == 's' && strcmp(argv[0], "sleep") == 0 && !ctx->cur &&
		   ctx->sim->nhosts > 0) {
		/* the whole network sleeps: no host of its own (`sleep` used to add an empty
		 * default host "h" to a scene whose lines all name their hosts) */
		rc = run_words(ctx, ctx->sim->hosts[0], c, argc, argv, o);
	} else {
		rc = run_words(ctx, current_host(ctx), c, argc, argv, o);
	}
	if (argv != words)
		free(argv);
	return rc;
}
