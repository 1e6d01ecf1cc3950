/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: iptables-restore (src/tools/ipt-restore.c) on any file, and the
 * iptables parsers and printers behind it. The input is the file, restored on a fresh
 * host with -c. Properties: no sanitizer report; and when the restore succeeds, what
 * iptables-save -c prints is a file that restores to itself: restored with -c on another
 * fresh host, that host's iptables-save -c is the same (its dated comment lines aside).
 * A rule that prints in a form its parser reads differently, or a counter, policy or
 * chain lost on the way, shows up as a difference. Not for a file that made iptables
 * warn of an interface name with a blank or a slash, that names a -m recent list with a
 * blank, a quote or a newline, or whose comment or interface name holds a newline (an
 * unclosed quote keeps the line's own): the real tool saves such a name as it is, and
 * cannot read it back either.
 * `make fuzz` runs it with the seed
 * corpus in tests/fuzz/corpus-restore and the oracle's rules files; `make test` replays
 * them and a bounded number of new inputs (tests/fuzz/run.sh).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "net/model.h"
#include "net/nf.h"
#include "tools/cmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the text as a file only this process sees; its path, or -1 */
static int as_file(const char *text, size_t len, char *path, size_t pathlen)
{
	int fd = memfd_create("pktpath-fuzz-restore", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (write(fd, text, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	snprintf(path, pathlen, "/proc/self/fd/%d", fd);
	return fd;
}

/* Does a rule name a -m recent list with a blank, a quote or a newline, or have a
 * comment or an interface name with a newline (a restore line's quote left open takes
 * the newline in)? iptables saves them as they are, so such a rule does not read back on
 * the real tool either. */
static bool rule_unsaveable(struct sim *sim)
{
	struct host *h = sim_host(sim, "h");
	struct nf_state *nf = h ? nf_get(h) : NULL;

	for (int t = 0; nf && t < NF_TABLE__COUNT; t++)
		for (size_t c = 0; c < nf->t[t].n; c++)
			for (size_t k = 0; k < nf->t[t].chains[c].n; k++) {
				const struct nf_rule *r = &nf->t[t].chains[c].r[k];

				if (r->has_recent && r->recent_name &&
				    strpbrk(r->recent_name, " \t\n\"'\\"))
					return true;
				for (int i = 0; i < r->ncomment; i++)
					if (strchr(r->comment[i], '\n'))
						return true;
				if (strchr(r->iif, '\n') || strchr(r->oif, '\n'))
					return true;
			}
	return false;
}

/* iptables-save -c of a fresh host after `iptables-restore -c` of text; NULL when the
 * restore failed (or the file could not be made) */
static char *restore_save(const char *text, size_t len)
{
	struct sim *sim = sim_new();
	struct cmd_ctx ctx = { 0 };
	struct cmd_out o;
	char path[64], line[96], *out = NULL;
	int fd = as_file(text, len, path, sizeof(path));

	ctx.sim = sim;
	ctx.default_host = "h";
	cmd_out_init(&o);
	if (fd >= 0) {
		snprintf(line, sizeof(line), "h iptables-restore -c %s", path);
		cmd_exec(&ctx, line, &o);
		close(fd);
		/* an interface name with a blank or a slash is taken with a warning and saved
		 * as it is, so the real tool's own save does not read back either */
		if (o.rc == 0 && o.err.buf && strstr(o.err.buf, "Warning: weird character"))
			o.rc = -1;
		if (o.rc == 0 && rule_unsaveable(sim))
			o.rc = -1;
		if (o.rc == 0) {
			struct strbuf sb;
			const char *p;

			cmd_out_reset(&o);
			cmd_exec(&ctx, "h iptables-save -c", &o);
			/* the dated comments apart */
			strbuf_init(&sb);
			for (p = o.out.buf ? o.out.buf : ""; *p;) {
				size_t n = strcspn(p, "\n");

				if (p[0] != '#')
					strbuf_printf(&sb, "%.*s\n", (int)n, p);
				p += n + (p[n] == '\n');
			}
			out = xstrdup(sb.buf ? sb.buf : "");
			strbuf_release(&sb);
		}
	}
	cmd_out_release(&o);
	sim_free(sim);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *first = restore_save((const char *)data, size), *second;

	if (!first)
		return 0;
	second = restore_save(first, strlen(first));
	if (!second || strcmp(first, second) != 0) {
		fprintf(stderr,
			"iptables-save's output does not restore to itself\n--- saved\n%s--- "
			"restored and saved again\n%s",
			first, second ? second : "(the restore failed)\n");
		abort();
	}
	free(first);
	free(second);
	return 0;
}
