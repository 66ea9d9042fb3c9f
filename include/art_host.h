/*
 * art_host.h: the node's kernel and its loaded BPF programs.
 *
 * Bugtool host command outputs (sysdump-layout.md 2.5):
 *
 * - `uname -a` (cmd/uname--a.md): "Linux <node> <release> #<version...>
 *   <machine> [<processor> <platform>] <os>", and the debuginfo JSON's
 *   `kernel-version` string (a release such as "5.15.0-1034-azure", or a
 *   whole uname line).
 * - `bpftool net show` (cmd/bpftool-net-show.md): sections "xdp:", "tc:",
 *   "flow_dissector:", "netfilter:" with one attachment per line:
 *   `eth0(2) driver id 43` (xdp), `lxc1234(12) clsact/ingress
 *   bpf_lxc.o:[from-container] id 123` (tc filters, Cilium up to 1.14),
 *   `lxc1234(12) tcx/ingress cil_from_container prog_id 123 link_id 7`
 *   (tcx, Cilium 1.16 on kernels 6.6+), `eth0(2) netkit/peer ...`.
 * - `bpftool prog show` (cmd/bpftool-prog-show.md): `<id>: <type>  name
 *   <name>  tag <tag>  [gpl]  [run_time_ns N run_cnt N]` then indented
 *   lines `loaded_at <time>  uid <n>`, `xlated <n>B  jited <n>B  memlock
 *   <n>B  map_ids 1,2`, `btf_id <n>`, `pids <comm>(<pid>)`.
 */
#ifndef CTRIAGE_ART_HOST_H
#define CTRIAGE_ART_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

enum host_format {
	HOST_UNAME,
	HOST_BPFTOOL_NET,
	HOST_BPFTOOL_PROG,
};

struct host_uname {
	unsigned long	 line;
	const char	*kernel_name;	/* interned "Linux", or NULL */
	const char	*nodename;
	const char	*release;	/* "5.15.0-1034-azure" */
	const char	*version;	/* "#41-Ubuntu SMP Fri Feb 10 ..." */
	const char	*machine;	/* "x86_64", "aarch64", or NULL */
	const char	*os;		/* "GNU/Linux", or NULL */
	/* The release's leading numbers; has_numbers when major.minor read. */
	bool		 has_numbers;
	unsigned	 major, minor, patch;
};

struct host_attach {
	unsigned long	 line;
	const char	*section;	/* interned "xdp", "tc", ... */
	const char	*ifname;	/* interned "lxc1234", or NULL */
	bool		 has_ifindex;
	uint32_t	 ifindex;
	const char	*attach_type;	/* interned "tcx/ingress",
					   "clsact/egress", "driver", ... */
	const char	*direction;	/* interned "ingress"/"egress", or NULL */
	const char	*prog_name;	/* interned as shown, or NULL */
	bool		 has_prog_id;
	uint32_t	 prog_id;	/* "id N" or "prog_id N" */
	bool		 has_link_id;
	uint32_t	 link_id;
};

struct host_prog {
	unsigned long	 line;
	uint32_t	 id;
	const char	*type;		/* interned "sched_cls", "xdp", ... */
	const char	*name;		/* interned, or NULL (old kernels) */
	const char	*tag;		/* interned hex, or NULL */
	bool		 gpl;
	const char	*loaded_at;	/* interned, or NULL */
	bool		 has_uid;
	uint32_t	 uid;
	uint64_t	 xlated, jited, memlock;	/* bytes, 0 unknown */
	uint32_t	*map_ids;
	size_t		 nmap_ids;
	bool		 has_btf_id;
	uint32_t	 btf_id;
	const char	*pids;		/* interned "cilium-agent(1234)", or
					   NULL */
};

struct host_result {
	const char		*path;		/* interned member path */
	enum host_format	 format;
	bool			 has_uname;
	struct host_uname	 uname;
	struct host_attach	*attachments;
	size_t			 nattachments;
	struct host_prog	*progs;
	size_t			 nprogs;
};

/*
 * Parse a uname -a, bpftool net show or bpftool prog show output; the
 * form is recognized by content.  Returns 0 when the member parsed (an
 * empty bpftool listing included), -1 when nothing usable came out.
 */
int art_host_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct host_result *out);

/*
 * Parse a uname line or a bare release ("6.1.0-18-cloud-amd64", the
 * debuginfo kernel-version) into *out.  Returns false when no release can
 * be found.
 */
bool host_uname_parse(struct strtab *st, const char *s, size_t len,
    struct host_uname *out);

/* The attachments of an interface (in file order), via *out; the count. */
size_t host_attachments_of(const struct host_result *r, const char *ifname,
    const struct host_attach **out, size_t max);

/* The program with that id, or NULL. */
const struct host_prog *host_prog_find(const struct host_result *r,
    uint32_t id);

#endif
