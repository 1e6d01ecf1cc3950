/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cli-export: `pktpath export [SCENE|-] --pcap FILE [--per-nic DIR]`: play a scene
 * headless (as `pktpath trace` does) and write its frames as capture files (src/out/pcap.h
 * says which events are frames and how they are built).
 *
 *   --pcap FILE     one LINKTYPE_LINUX_SLL2 file with every NIC of every host, like
 *                   `tcpdump -i any` run on each host; each record carries the interface
 *                   index and the packet type (outgoing, to us, broadcast, other host).
 *                   Interface indexes are numbered 1, 2, … across all hosts in order of
 *                   first appearance; the table is printed ("-" writes the file to
 *                   stdout and the table to stderr).
 *   --per-nic DIR   one Ethernet (DLT_EN10MB) file per NIC: DIR/HOST-NIC.pcap (DIR is
 *                   created if missing).
 *
 * Exit status: 0; 1 if a line of the scene failed (printed as file:line:col: message;
 * like `pktpath trace`, the files still hold what played) or a file cannot be written;
 * 2 on a usage error or an unreadable scene file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tools/cmd.h"
#include "base/i18n.h"
#include "net/model.h"
#include "out/pcap.h"
#include "out/trace.h"
#include "cli-export.h"
#include "cli-render.h"
#include "cli-trace.h"

static const char *export_usage(void)
{
	return _("usage: pktpath export [SCENE|-] --pcap FILE [--per-nic DIR]\n"
		 "       pktpath export [SCENE] --slides DIR [--size WxH] [--beat B] [--theme T] "
		 "[--lang L]\n");
}

/* Writes one file: the merged one (nic NULL) or nic's. Returns 0 or 1 (message printed). */
static int write_one(const char *path, const struct trace *t, const struct pcap_ifmap *m,
		     const struct pcap_if *nic, long *nrec)
{
	bool to_stdout = strcmp(path, "-") == 0;
	FILE *f = to_stdout ? stdout : fopen(path, "wb");
	long n;

	if (!f) {
		fprintf(stderr, "pktpath export: %s: %s\n", path, strerror(errno));
		return 1;
	}
	errno = 0;
	n = nic ? pcap_write_nic(t, nic->host, nic->nic, f) : pcap_write_merged(t, m, f);
	if (n < 0) {
		int e = errno ? errno : EIO;

		if (!to_stdout)
			fclose(f);
		fprintf(stderr, "pktpath export: %s: %s\n", path, strerror(e));
		return 1;
	}
	if ((to_stdout ? fflush(f) : fclose(f)) != 0) {
		fprintf(stderr, "pktpath export: %s: %s\n", path, strerror(errno ? errno : EIO));
		return 1;
	}
	*nrec = n;
	return 0;
}

static void safe_name(char *dst, size_t cap, const char *host, const char *nic)
{
	snprintf(dst, cap, "%s-%s", host, nic);
	for (char *p = dst; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
}

static int export_files(const struct trace *t, const char *pcap, const char *dir)
{
	struct pcap_ifmap m;
	FILE *info = pcap && strcmp(pcap, "-") == 0 ? stderr : stdout;
	int rc = 0;
	long n;

	pcap_ifmap_build(t, &m);
	if (pcap) {
		rc = write_one(pcap, t, &m, NULL, &n);
		if (rc == 0) {
			fprintf(info, _("%s: %ld frames, LINUX_SLL2\n"),
				strcmp(pcap, "-") == 0 ? "<stdout>" : pcap, n);
			for (size_t i = 0; i < m.n; i++)
				fprintf(info, _("  ifindex %u = %s:%s (%zu frames)\n"),
					m.ifs[i].ifindex, m.ifs[i].host, m.ifs[i].nic,
					m.ifs[i].nrec);
		}
	}
	if (dir && rc == 0) {
		if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
			fprintf(stderr, "pktpath export: %s: %s\n", dir, strerror(errno));
			rc = 1;
		}
		for (size_t i = 0; i < m.n && rc == 0; i++) {
			char name[128];
			char *path;
			size_t len;

			safe_name(name, sizeof(name), m.ifs[i].host, m.ifs[i].nic);
			len = strlen(dir) + strlen(name) + 8;
			path = xmalloc(len);
			snprintf(path, len, "%s/%s.pcap", dir, name);
			rc = write_one(path, t, &m, &m.ifs[i], &n);
			if (rc == 0)
				fprintf(info, _("%s: %ld frames, EN10MB\n"), path, n);
			free(path);
		}
	}
	pcap_ifmap_release(&m);
	return rc;
}

int cli_export(int argc, char **argv)
{
	const char *file = NULL, *pcap = NULL, *dir = NULL;
	struct sim *sim;
	struct trace t;
	struct cmd_out o;
	int rc;

	for (int i = 0; i < argc; i++) {
		int r;

		if ((r = cli_opt("export", argc, argv, &i, "--pcap", &pcap)) != 0 ||
		    (r = cli_opt("export", argc, argv, &i, "--per-nic", &dir)) != 0) {
			if (r < 0)
				return 2;
		} else if ((argv[i][0] != '-' || strcmp(argv[i], "-") == 0) && !file) {
			file = argv[i];
		} else {
			fprintf(stderr, _("pktpath export: unexpected argument: %s\n%s"), argv[i],
				export_usage());
			return 2;
		}
	}
	if ((!pcap || !pcap[0]) && (!dir || !dir[0])) {
		fprintf(stderr,
			_("pktpath export: say where to write: --pcap FILE and/or --per-nic "
			  "DIR\n%s"),
			export_usage());
		return 2;
	}
	if (pcap && !pcap[0])
		pcap = NULL;
	if (dir && !dir[0])
		dir = NULL;
	rc = cli_scene_play(file, &sim, &t, &o);
	if (rc == 2)
		return 2;
	fwrite(o.err.buf ? o.err.buf : "", 1, o.err.len, stderr);
	if (export_files(&t, pcap, dir) != 0)
		rc = 1;
	else if (rc != 0)
		fprintf(stderr,
			_("pktpath export: a line of the scene failed (above): the files hold what "
			  "played\n"));
	cmd_out_release(&o);
	sim->trace = NULL;
	trace_release(&t);
	sim_free(sim);
	return rc ? 1 : 0;
}
