/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * live: `pktpath --live [--netns NAME] [--apply[=host]]`, the TUI on a real namespace
 * (docs/architecture.md "Real kernel mode", "The TUI"): see live.c.
 */
#ifndef PKTPATH_LIVE_H
#define PKTPATH_LIVE_H

int live_main(int argc, char **argv);

#endif
