/*
 * checks_datapath.h: the built-in checks of the datapath rules (BPF maps
 * and programs, IPAM, kube-proxy replacement, datapath drops), as a list
 * (see checks.h).  X(name) registers check_<name>, defined in
 * src/check_datapath.c.
 */
#ifndef CTRIAGE_CHECKS_DATAPATH_H
#define CTRIAGE_CHECKS_DATAPATH_H

#define EVAL_CHECKS_DATAPATH(X)			\
	X(policymap_full)			\
	X(bpf_map_pressure)			\
	X(bpf_prog_missing)			\
	X(ipam_exhausted)			\
	X(kpr_kubeproxy_coexist)		\
	X(kpr_service_missing)			\
	X(drop_datapath)

#endif
