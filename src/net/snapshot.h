/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * snapshot: a deep copy of a whole simulation, for the front ends' checkpoints (seeking
 * in a long lesson restores the nearest copy and plays forward from it).
 */
#ifndef PKTPATH_SNAPSHOT_H
#define PKTPATH_SNAPSHOT_H

#include "model.h"

/* A deep copy of the simulation (hosts with their NICs, routes, rules, neighbours,
 * bridges' FDBs, sockets, iptables rules and counters, conntrack; frames in flight,
 * timers, packets waiting for ARP; the clock and every counter): playing the same
 * commands on from the copy gives what playing them on from src gives. The copy
 * records no trace (its trace pointer is NULL). */
struct sim *sim_clone(const struct sim *src);
/* About how many bytes sim_clone(sim) copies (and keeps). */
size_t sim_footprint(const struct sim *sim);

#endif
