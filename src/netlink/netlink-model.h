/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netlink-model: model-side helpers shared by netlink-import.c (full import) and
 * netlink-live.c (incremental following). Includes model.h, so never netlink.c's.
 */
#ifndef PKTPATH_NETLINK_MODEL_H
#define PKTPATH_NETLINK_MODEL_H

#include <stdint.h>

#include "net/model.h"
#include "netlink-priv.h"

/* A dumped or notified route as the model holds it (nh_scope of a gateway route still
 * RT_SCOPE_NOWHERE: see nlm_gw_nh_scope). */
void nlm_route_from_nlx(struct host *h, const struct nlx_route *x, struct route *r);
/* nh_scope of gateway route r (not onlink), looked up in h's current state (A7.3) */
uint8_t nlm_gw_nh_scope(struct host *h, const struct route *r);

/* h was just re-imported outside the follower (nl_resync after --apply): the
 * notifications queued for it are in it already and must not be replayed; the
 * follower of h, if any, re-reads at its next call instead (netlink-live.c). */
void nlm_live_host_reread(const struct host *h);
/* Applies a batch's route notifications to h in place: 0, or -1 when a resync is needed
 * (h may be half changed then). netlink-live.c. */
int nlm_apply_batch(struct host *h, const struct nlx_batch *b, size_t *applied);

#endif
