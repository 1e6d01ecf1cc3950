/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * grammar: the command language's words in one place. Every command word with its
 * usage line and its handler (cmd.c dispatches from gram_cmds, help prints the usage
 * lines), and the ip objects with their verbs and keywords and what each keyword's value
 * is, from which the console completes (gram_complete). A new command or keyword is a
 * row here; nothing else lists them.
 */
#ifndef PKTPATH_GRAMMAR_H
#define PKTPATH_GRAMMAR_H

#include <stdbool.h>
#include <stddef.h>

#include "cmd.h"

typedef int (*gram_run)(struct cmd_ctx *ctx, struct host *h, int argc, char **argv,
			struct cmd_out *o);

struct gram_cmd {
	const char *word;
	const char *usage; /* one line of help */
	gram_run run;
	bool traffic; /* a traffic verb: packets or sockets, not configuration */
};

extern const struct gram_cmd gram_cmds[];
extern const size_t gram_ncmds;

/* Whether a command only looks (ip … show|list|get, sysctl KEY, iptables -L|-S,
 * conntrack -L, why, ss, host [NAME]): the console runs it on the network as it is
 * and does not add it to the timeline. */
bool gram_read_only(int argc, char **argv);

/* The usage lines of a command (for ip, one per object with its verbs), newline-ended;
 * false when word is no command. */
bool gram_usage(const char *word, struct strbuf *sb);

/* The command a first word names, or NULL. */
const struct gram_cmd *gram_cmd_find(const char *word);

/* The words that may come next after argv[0..argc) (argv[0] is a command word), on the
 * network sim seen from host h (NULL: none chosen). add() gets each candidate, unfiltered
 * and possibly twice: the caller keeps the ones that start with what was typed. */
void gram_complete(const struct sim *sim, const struct host *h, int argc, char **argv,
		   void (*add)(void *arg, const char *w), void *arg);

#endif
