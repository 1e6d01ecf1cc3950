/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sysctl: the IPv4 sysctls pktpath models, written and shown as the kernel's proc
 * handlers do (net/ipv4/sysctl_net_ipv4.c, devinet.c, route.c): ranges, units (jiffies
 * kept, milliseconds or seconds shown), and what a write changes beyond its own slot.
 */
#include "model.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

long long host_sysctl_shown(const struct host *h, const int *val)
{
	if (val == &h->icmp_ratelimit) /* jiffies_to_msecs(), unsigned */
		return (long long)(unsigned)*val * (1000 / KERNEL_HZ);
	if (val == &h->mp_hash_seed) /* a u32 */
		return (long long)(uint32_t)*val;
	if (val == &h->route_mtu_expires || val == &h->ipfrag_time) /* jiffies_to_clock_t/HZ */
		return *val / KERNEL_HZ;
	return *val;
}

int host_sysctl_write(struct host *h, enum devconf which, const char *devname, int *val, int v)
{
	if (which == DEVCONF__COUNT && val == &h->icmp_ratelimit) {
		/* proc_dointvec_ms_jiffies(): milliseconds in, jiffies kept (rounded up) */
		if (v < 0)
			return -EINVAL;
		*val = (int)(((long long)v * KERNEL_HZ + 999) / 1000);
	} else if (which == DEVCONF__COUNT && val == &h->icmp_ratemask) {
		*val = v; /* proc_dointvec */
	} else if (which == DEVCONF__COUNT && val == &h->mp_hash_policy) {
		/* proc_fib_multipath_hash_policy: 0..3; 3 (the fields of
		 * fib_multipath_hash_fields) is not modelled */
		if (v < 0 || v > 3)
			return -EINVAL;
		if (v == 3)
			return -EOPNOTSUPP;
		*val = v;
	} else if (which == DEVCONF__COUNT && val == &h->route_min_pmtu) {
		if (v < 68) /* proc_dointvec_minmax, at least IPV4_MIN_MTU */
			return -EINVAL;
		*val = v;
	} else if (which == DEVCONF__COUNT &&
		   (val == &h->route_mtu_expires || val == &h->ipfrag_time)) {
		/* proc_dointvec_jiffies(): seconds in, jiffies kept; a sign is allowed */
		if (v > INT_MAX / KERNEL_HZ || v < -(INT_MAX / KERNEL_HZ))
			return -EINVAL;
		*val = v * KERNEL_HZ;
	} else if (which == DEVCONF__COUNT && val == &h->mp_hash_seed) {
		*val = v; /* any u32; the caller parsed it as one */
	} else if (which == DEVCONF__COUNT && val == &h->ip_fwd_use_pmtu) {
		if (v < 0 || v > 255) /* proc_dou8vec_minmax with no bounds: any u8 */
			return -EINVAL;
		*val = v;
	} else if (which == DEVCONF__COUNT &&
		   (val == &h->icmp_errors_inbound || val == &h->mp_use_neigh)) {
		if (v < 0 || v > 1) /* proc_dou8vec_minmax, 0..1 */
			return -EINVAL;
		*val = v;
	} else if (which == DEVCONF__COUNT) {
		/* ip_default_ttl: proc_dou8vec_minmax, 1..255 (ip_ttl_min, ip_ttl_max) */
		if (v < 1 || v > 255)
			return -EINVAL;
		*val = v;
	} else if (which == DEVCONF_FORWARDING) {
		/* devinet_sysctl_forward(): no state bit; all/forwarding, when it changes, is
		 * copied to default and every device (inet_forward_change) */
		if (strcmp(devname, "all") == 0 && *val != v) {
			h->conf_default[which] = v;
			for (size_t i = 0; i < h->nnic; i++) {
				h->nics[i].conf[which] = v;
				h->nics[i].conf_set |= 1u << which;
			}
			host_rt_cache_flush(h);
		} else if (strcmp(devname, "default") != 0 && *val != v) {
			host_rt_cache_flush(h);
		}
		*val = v;
	} else {
		/* devinet_conf_proc(): mark the key as set; a write to default is copied to
		 * every device that never had it set */
		*val = v;
		if (strcmp(devname, "default") == 0) {
			h->conf_default_set |= 1u << which;
			for (size_t i = 0; i < h->nnic; i++)
				if (!(h->nics[i].conf_set & (1u << which)))
					h->nics[i].conf[which] = v;
		} else if (strcmp(devname, "all") != 0) {
			struct nic *n = host_nic(h, devname);

			if (n)
				n->conf_set |= 1u << which;
		}
		if (which == DEVCONF_ACCEPT_LOCAL || which == DEVCONF_ROUTE_LOCALNET ||
		    which == DEVCONF_PROMOTE_SECONDARIES)
			host_rt_cache_flush(h);
	}
	return 0;
}
