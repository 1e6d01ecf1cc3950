/* SPDX-License-Identifier: GPL-2.0-only */
/* cli-check: `pktpath check SCENE…` (argv after "check"). */
#ifndef PKTPATH_UI_CLI_CHECK_H
#define PKTPATH_UI_CLI_CHECK_H

int cli_check(int argc, char **argv);

#endif
