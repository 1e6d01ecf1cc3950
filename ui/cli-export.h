/* SPDX-License-Identifier: GPL-2.0-only */
/* cli-export: `pktpath export [SCENE|-] --pcap FILE [--per-nic DIR]` (argv after "export"). */
#ifndef PKTPATH_UI_CLI_EXPORT_H
#define PKTPATH_UI_CLI_EXPORT_H

int cli_export(int argc, char **argv);

#endif
