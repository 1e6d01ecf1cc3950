/*
 * cmd: the one command language of the console, scene files and key bindings.
 * A line is split into words; it may start with a host name ("comp1 ip route add …");
 * without one it runs on the current host. Network commands use the real tools'
 * syntax and print what the real tools print (stdout and stderr kept apart).
 *
 * cmd_exec() never exits and never touches a terminal: all output goes to the
 * caller-owned struct cmd_out.
 */
#ifndef PKTPATH_CMD_H
#define PKTPATH_CMD_H

#include "kroute.h"
#include "model.h"
#include "util.h"

struct cmd_out {
	struct strbuf out;
	struct strbuf err;
	int rc; /* exit status the real tool would have returned */
};
void cmd_out_init(struct cmd_out *o);
void cmd_out_release(struct cmd_out *o);
void cmd_out_reset(struct cmd_out *o);
/* Appends a line to err and sets rc. Returns rc. */
int cmd_err(struct cmd_out *o, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

struct cmd_ctx {
	struct sim *sim;
	struct host *cur; /* current host, may be NULL until the first command */
	const char *default_host; /* name used when a host is needed and none is current */
	/* Asks the real kernel (netlink.c's nl_route_get) for `why` on hosts imported from a
	 * namespace; set by the front end that links the libnl adapter, NULL otherwise. */
	kroute_get_fn kroute_get;
};

/* Splits a line into words (whitespace; "double" and 'single' quotes group).
 * Returns the number of words, fills argv (caller frees with cmd_free_words), -1 on
 * an unterminated quote. A '#' at the start of a word starts a comment. */
int cmd_split(const char *line, char ***argv);
void cmd_free_words(int argc, char **argv);

int cmd_exec(struct cmd_ctx *ctx, const char *line, struct cmd_out *o);

/* ip(8) and sysctl(8) on one host */
int ip_main(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o);
int sysctl_main(struct host *h, int argc, char **argv, struct cmd_out *o);
int ip_neigh(struct host *h, int argc, char **argv, struct cmd_out *o); /* ipneigh.c */
/* traffic verbs (cmd-traffic.c): listen, connect, send, … */
bool traffic_is_verb(const char *w);
int traffic_main(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o);
/* why DST [from SRC] [iif DEV] [oif DEV] [mark N] (cmd-why.c) */
int why_main(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o);

/* Formatting shared with other front ends */
void fmt_route(const struct host *h, const struct route *r, bool show_table, struct strbuf *sb);
const char *rt_type_name(int type, char *buf, size_t len);
const char *rt_table_name(uint32_t id, char *buf, size_t len);
const char *rt_scope_name(int scope, char *buf, size_t len);
const char *rt_proto_name(int proto, char *buf, size_t len);

#endif
