/*
 * test_art_host.c: uname -a lines (GNU, busybox-like, aarch64), the
 * debuginfo kernel-version string, bpftool net show with clsact filters
 * (Cilium <= 1.14), tcx links (1.16+ on 6.6+ kernels), xdp and
 * flow_dissector sections, bpftool prog show with its indented lines, and
 * markdown, prompts, errors and malformed lines.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "art_host.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "support_member.h"

/* What the last parse() gave. */
static struct host_result r;

static int
parse(struct sm_fx *f, const char *path, const char *text)
{
	return art_host_parse(sm_member(f, path, text), f->a, f->st,
	    &f->d, &r);
}

static void
test_uname(void **state)
{
	struct sm_fx *f = *state;
	const struct host_uname *u = &r.uname;

	assert_int_equal(parse(f, "cmd/uname--a.md", "Linux kind-worker "
	    "5.15.0-1034-azure #41-Ubuntu SMP Fri Feb 10 19:59:45 UTC 2023 "
	    "x86_64 x86_64 x86_64 GNU/Linux\n"), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.format, HOST_UNAME);
	assert_true(r.has_uname);
	assert_int_equal(u->line, 1);
	assert_string_equal(u->kernel_name, "Linux");
	assert_string_equal(u->nodename, "kind-worker");
	assert_string_equal(u->release, "5.15.0-1034-azure");
	assert_string_equal(u->version,
	    "#41-Ubuntu SMP Fri Feb 10 19:59:45 UTC 2023");
	assert_string_equal(u->machine, "x86_64");
	assert_string_equal(u->os, "GNU/Linux");
	assert_true(u->has_numbers);
	assert_int_equal(u->major, 5);
	assert_int_equal(u->minor, 15);
	assert_int_equal(u->patch, 0);

	/* Markdown, and a Debian arm64 kernel without processor fields. */
	assert_int_equal(parse(f, "u.md", "# uname -a\n\n```\nLinux "
	    "node-b 6.1.0-18-arm64 #1 SMP Debian 6.1.76-1 (2024-02-01) "
	    "aarch64 GNU/Linux\n```\n"), 0);
	assert_int_equal(u->line, 4);
	assert_string_equal(u->version,
	    "#1 SMP Debian 6.1.76-1 (2024-02-01)");
	assert_string_equal(u->machine, "aarch64");
	assert_int_equal(u->major, 6);
	assert_int_equal(u->minor, 1);

	/* No machine at all (uname -srv style). */
	assert_int_equal(parse(f, "u2.md", "Linux n 4.19.112 #1 SMP\n"), 0);
	assert_null(u->machine);
	assert_null(u->os);
	assert_string_equal(u->version, "#1 SMP");
	assert_int_equal(u->patch, 112);
	assert_int_equal(f->d.n, 0);
}

static void
test_kernel_version_string(void **state)
{
	struct sm_fx *f = *state;
	struct host_uname u;

	assert_true(host_uname_parse(f->st, "5.15.0", 6, &u));
	assert_string_equal(u.release, "5.15.0");
	assert_null(u.kernel_name);
	assert_int_equal(u.minor, 15);
	assert_true(host_uname_parse(f->st, " 6.8.0-1015-gcp #17~22.04.1 ",
	    28, &u));
	assert_string_equal(u.release, "6.8.0-1015-gcp");
	assert_string_equal(u.version, "#17~22.04.1");
	assert_true(host_uname_parse(f->st, "4.9", 3, &u));
	assert_int_equal(u.major, 4);
	assert_int_equal(u.patch, 0);
	assert_true(u.has_numbers);
	assert_true(host_uname_parse(f->st, "5", 1, &u));
	assert_false(u.has_numbers);
	assert_false(host_uname_parse(f->st, "", 0, &u));
	assert_false(host_uname_parse(f->st, "Linux host", 10, &u));
}

/* Cilium up to 1.14: tc clsact filters named after the ELF section. */
static void
test_net_clsact(void **state)
{
	static const char text[] =
	    "xdp:\n"
	    "eth0(2) driver id 43\n"
	    "\n"
	    "tc:\n"
	    "eth0(2) clsact/ingress bpf_netdev_eth0.o:[from-netdev] direct-action not_in_hw id 1234\n"
	    "eth0(2) clsact/egress bpf_netdev_eth0.o:[to-netdev] id 1240\n"
	    "lxc8a1f(12) clsact/ingress bpf_lxc.o:[from-container] id 1300\n"
	    "cilium_host(4) clsact/egress bpf_host.o:[to-host] id 1301\n"
	    "\n"
	    "flow_dissector:\n"
	    "\n";
	struct sm_fx *f = *state;
	const struct host_attach *a, *v[4];

	assert_int_equal(parse(f, "cmd/bpftool-net-show.md", text), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.format, HOST_BPFTOOL_NET);
	assert_int_equal(r.nattachments, 5);
	a = &r.attachments[0];
	assert_string_equal(a->section, "xdp");
	assert_string_equal(a->ifname, "eth0");
	assert_int_equal(a->ifindex, 2);
	assert_string_equal(a->attach_type, "driver");
	assert_null(a->direction);
	assert_int_equal(a->prog_id, 43);
	assert_null(a->prog_name);
	a = &r.attachments[1];
	assert_int_equal(a->line, 5);
	assert_string_equal(a->section, "tc");
	assert_string_equal(a->attach_type, "clsact/ingress");
	assert_string_equal(a->direction, "ingress");
	assert_string_equal(a->prog_name, "bpf_netdev_eth0.o:[from-netdev]");
	assert_true(a->has_prog_id);
	assert_int_equal(a->prog_id, 1234);
	assert_false(a->has_link_id);

	assert_int_equal(host_attachments_of(&r, "eth0", v, 4), 3);
	assert_string_equal(v[2]->direction, "egress");
	assert_int_equal(host_attachments_of(&r, "lxc8a1f", v, 4), 1);
	assert_string_equal(v[0]->prog_name, "bpf_lxc.o:[from-container]");
	assert_int_equal(v[0]->ifindex, 12);
	assert_int_equal(host_attachments_of(&r, "lxc0", v, 4), 0);
}

/* Cilium 1.16+ with tcx links, and netfilter/flow_dissector entries. */
static void
test_net_tcx(void **state)
{
	static const char text[] =
	    "xdp:\n"
	    "\n"
	    "tc:\n"
	    "eth0(2) tcx/ingress cil_from_netdev prog_id 1234 link_id 5 \n"
	    "eth0(2) tcx/egress cil_to_netdev prog_id 1240 link_id 6 \n"
	    "lxc1234(12) tcx/ingress cil_from_container prog_id 1300 link_id 7 \n"
	    "lxc1234(12) broken\n"
	    "\n"
	    "flow_dissector:\n"
	    "id 23\n"
	    "\n"
	    "netfilter:\n"
	    "\n";
	struct sm_fx *f = *state;
	const struct host_attach *a;

	assert_int_equal(parse(f, "net.md", text), 0);
	assert_int_equal(r.nattachments, 4);
	a = &r.attachments[2];
	assert_string_equal(a->attach_type, "tcx/ingress");
	assert_string_equal(a->prog_name, "cil_from_container");
	assert_int_equal(a->prog_id, 1300);
	assert_true(a->has_link_id);
	assert_int_equal(a->link_id, 7);
	/* "lxc1234(12) broken" names no program: skipped. */
	a = &r.attachments[3];
	assert_string_equal(a->section, "flow_dissector");
	assert_null(a->attach_type);
	assert_null(a->ifname);
	assert_int_equal(a->prog_id, 23);
	assert_int_equal(f->d.n, 1);
	assert_int_equal(f->d.v[0].line, 7);
	assert_string_equal(f->d.v[0].text, "cannot parse bpftool net entry: "
	    "no program in 'lxc1234(12) broken'");
}

static void
test_prog_show(void **state)
{
	static const char text[] =
	    "3: cgroup_device  tag 531db05b114e9af3\n"
	    "\tloaded_at 2024-06-01T10:00:00+0000  uid 0\n"
	    "\txlated 512B  jited 325B  memlock 4096B\n"
	    "1234: sched_cls  name cil_from_netdev  tag 0c7e9d6e8a7f1234  gpl  run_time_ns 991 run_cnt 7\n"
	    "\tloaded_at 2024-06-01T10:01:02+0000  uid 0\n"
	    "\txlated 9448B  jited 5527B  memlock 12288B  map_ids 45,46,47\n"
	    "\tbtf_id 123\n"
	    "\tpids cilium-agent(4242)\n"
	    "garbage line\n"
	    "1300: sched_cls  name cil_from_container  tag 3a3cfe3dd1d7e41e  gpl\n";
	struct sm_fx *f = *state;
	const struct host_prog *p;

	assert_int_equal(parse(f, "cmd/bpftool-prog-show.md", text), 0);
	assert_int_equal(r.format, HOST_BPFTOOL_PROG);
	assert_int_equal(r.nprogs, 3);
	p = &r.progs[0];
	assert_int_equal(p->id, 3);
	assert_string_equal(p->type, "cgroup_device");
	assert_null(p->name);
	assert_string_equal(p->tag, "531db05b114e9af3");
	assert_false(p->gpl);
	assert_int_equal(p->xlated, 512);
	assert_int_equal(p->nmap_ids, 0);
	p = host_prog_find(&r, 1234);
	assert_non_null(p);
	assert_int_equal(p->line, 4);
	assert_string_equal(p->name, "cil_from_netdev");
	assert_true(p->gpl);
	assert_string_equal(p->loaded_at, "2024-06-01T10:01:02+0000");
	assert_true(p->has_uid);
	assert_int_equal(p->jited, 5527);
	assert_int_equal(p->memlock, 12288);
	assert_int_equal(p->nmap_ids, 3);
	assert_int_equal(p->map_ids[2], 47);
	assert_true(p->has_btf_id);
	assert_int_equal(p->btf_id, 123);
	assert_string_equal(p->pids, "cilium-agent(4242)");
	assert_string_equal(r.progs[2].name, "cil_from_container");
	assert_null(host_prog_find(&r, 9));
	assert_int_equal(f->d.n, 1);
	assert_int_equal(f->d.v[0].line, 9);
}

static void
test_bad(void **state)
{
	struct sm_fx *f = *state;

	assert_int_equal(parse(f, "p.md", "$ kubectl exec cilium-x -- "
	    "bpftool net show\nError: failed\n> Error while running "
	    "'bpftool net show':  exit status 255\n"), -1);
	assert_int_equal(f->d.n, 1);
	assert_int_equal(f->d.v[0].line, 3);
	assert_string_equal(f->d.v[0].text, "command failed: exit status 255");
	assert_int_equal(parse(f, "j.md", "what is this\n"), -1);
	assert_int_equal(f->d.n, 2);
	assert_int_equal(f->d.v[1].line, 1);
	assert_string_equal(f->d.v[1].text, "cannot parse host output: "
	    "no uname line or bpftool listing");
	assert_int_equal(parse(f, "e.md", ""), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_uname, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_kernel_version_string,
		    sm_setup, sm_teardown),
		cmocka_unit_test_setup_teardown(test_net_clsact, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_net_tcx, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_prog_show, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_bad, sm_setup,
		    sm_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
