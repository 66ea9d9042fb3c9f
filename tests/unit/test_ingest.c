/*
 * test_ingest.c: the archive walker against archives built at test time:
 * every input type, nested bugtool archives, truncation, decompression
 * bombs, deep nesting, hostile member names, limits and the line reader.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "ingest.h"
#include "support_archive.h"
#include "xalloc.h"

/* What a walk reported, as text lines, for easy assertions. */
struct rec {
	struct buf	 log;		/* one line per event */
	bool		 read_all;	/* read members through the API */
	size_t		 read_limit;	/* read at most this much (0: all) */
};

static int
rec_member(void *ctx, struct ingest_member *m)
{
	struct rec *r = ctx;
	char block[1000];
	ssize_t n;
	size_t total = 0;
	struct buf content = BUF_INIT;

	buf_addf(&r->log, "M %s d=%u%s", m->path, m->depth,
	    m->is_archive ? " archive" : "");
	if (!m->is_archive && r->read_all) {
		while ((n = ingest_member_read(m, block, sizeof(block))) > 0) {
			if (content.len < 64)
				buf_add(&content, block, (size_t)n);
			total += (size_t)n;
			if (r->read_limit && total >= r->read_limit)
				break;
		}
		buf_truncate(&content, content.len > 40 ? 40 : content.len);
		buf_addf(&r->log, " [%s]", content.ptr);
	}
	buf_addch(&r->log, '\n');
	buf_release(&content);
	return 0;
}

static void
rec_end(void *ctx, const struct ingest_member *m, uint64_t bytes,
    const char *error)
{
	struct rec *r = ctx;

	if (error != NULL)
		buf_addf(&r->log, "E %s %llu: %s\n", m->path,
		    (unsigned long long)bytes, error);
	else
		buf_addf(&r->log, "E %s %llu\n", m->path,
		    (unsigned long long)bytes);
}

static void
rec_skip(void *ctx, const char *path, const char *reason)
{
	struct rec *r = ctx;

	buf_addf(&r->log, "S %s: %s\n", path, reason);
}

static const struct ingest_visitor rec_visitor = {
	rec_member, rec_end, rec_skip,
};

/* Walk `path` with limits (or defaults), return the walk's result. */
static int
walk(const char *path, const struct ingest_limits *lim, struct rec *r,
    struct ingest_input *info, char **errp)
{
	struct ingest_limits def;

	if (lim == NULL) {
		ingest_limits_default(&def);
		lim = &def;
	}
	return ingest_walk(path, lim, &rec_visitor, r, info, errp);
}

static void
rec_init(struct rec *r)
{
	buf_init(&r->log);
	r->read_all = true;
	r->read_limit = 0;
}

static const struct sa_entry simple[] = {
	{ "cilium-sysdump-20250601-101500/k8s-pods-20250601-101500.yaml",
	    "apiVersion: v1\nitems: []\n", 0, SA_FILE },
	{ "cilium-sysdump-20250601-101500/cilium-sysdump.log",
	    "🔍 Collecting Kubernetes nodes\n", 0, SA_FILE },
	{ "cilium-sysdump-20250601-101500/", NULL, 0, SA_DIR },
};

static void
check_simple(const char *format, const char *label)
{
	struct rec r;
	struct ingest_input info;
	char *err = NULL;
	char *path = sa_write_archive("simple.bin", format, simple, 3);

	rec_init(&r);
	assert_int_equal(walk(path, NULL, &r, &info, &err), 0);
	assert_null(err);
	assert_string_equal(info.format, label);
	assert_int_equal(info.type, INGEST_INPUT_ARCHIVE);
	assert_int_equal(info.members, 2);
	assert_string_equal(r.log.ptr,
	    "M cilium-sysdump-20250601-101500/k8s-pods-20250601-101500.yaml"
	    " d=0 [apiVersion: v1\nitems: []\n]\n"
	    "E cilium-sysdump-20250601-101500/k8s-pods-20250601-101500.yaml"
	    " 25\n"
	    "M cilium-sysdump-20250601-101500/cilium-sysdump.log d=0 "
	    "[🔍 Collecting Kubernetes nodes\n]\n"
	    "E cilium-sysdump-20250601-101500/cilium-sysdump.log 33\n");
	ingest_input_release(&info);
	buf_release(&r.log);
	free(path);
}

static void
test_formats(void **state)
{
	(void)state;
	/* The name says nothing: the format is recognized by content. */
	check_simple("tar", "tar");
	check_simple("tar.gz", "tar.gz");
	check_simple("tar.bz2", "tar.bz2");
	check_simple("tar.xz", "tar.xz");
	check_simple("zip", "zip");
}

static void
test_directory(void **state)
{
	struct rec r;
	struct ingest_input info;
	char *err = NULL, *p, *dir, *link;

	(void)state;
	dir = xasprintf("%s/cilium-sysdump-20250601-101500", sa_tmp);
	free(sa_write(sa_tmp, "cilium-sysdump-20250601-101500/b.txt", "bee\n", 4));
	free(sa_write(sa_tmp, "cilium-sysdump-20250601-101500/a.txt", "ay\n", 3));
	free(sa_write(sa_tmp, "cilium-sysdump-20250601-101500/sub/c.txt", "", 0));
	link = xasprintf("%s/zz-link", dir);
	assert_int_equal(symlink("/etc/passwd", link), 0);

	rec_init(&r);
	assert_int_equal(walk(dir, NULL, &r, &info, &err), 0);
	assert_string_equal(info.format, "directory");
	assert_string_equal(r.log.ptr,
	    "M cilium-sysdump-20250601-101500/a.txt d=0 [ay\n]\n"
	    "E cilium-sysdump-20250601-101500/a.txt 3\n"
	    "M cilium-sysdump-20250601-101500/b.txt d=0 [bee\n]\n"
	    "E cilium-sysdump-20250601-101500/b.txt 4\n"
	    "M cilium-sysdump-20250601-101500/sub/c.txt d=0 []\n"
	    "E cilium-sysdump-20250601-101500/sub/c.txt 0\n"
	    "S cilium-sysdump-20250601-101500/zz-link: symbolic link not "
	    "followed\n");
	/* A trailing slash does not change the paths. */
	p = xasprintf("%s/", dir);
	buf_reset(&r.log);
	ingest_input_release(&info);
	assert_int_equal(walk(p, NULL, &r, &info, &err), 0);
	assert_non_null(strstr(r.log.ptr,
	    "M cilium-sysdump-20250601-101500/a.txt"));
	ingest_input_release(&info);
	buf_release(&r.log);
	free(p);
	free(link);
	free(dir);
}

/* Deterministic, poorly compressible text (hex of an LCG). */
static char *
noise(size_t n)
{
	char *p = xmalloc(n + 1);
	uint32_t x = 12345;
	size_t i;

	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = "0123456789abcdef"[(x >> 16) & 15];
	}
	p[n] = '\0';
	return p;
}

/*
 * A sysdump zip holding two bugtool tar.gz files (as older collectors
 * leave them), a node list and a gzip that is no tar.  cut: 0 keeps the
 * first bugtool whole, 1 cuts it before its first header can be read,
 * 2 cuts it after its first member.
 */
static char *
nested_sysdump(const char *name, int cut)
{
	char *big = noise(300000);
	struct sa_entry bugtool[] = {
		{ "cilium-bugtool-20250601-101502-4711/cmd/"
		    "cilium-dbg-status---verbose.md", "KVStore: Ok\n", 0,
		    SA_FILE },
		{ "cilium-bugtool-20250601-101502-4711/cmd/"
		    "cilium-dbg-endpoint-list.md", NULL, 200000, SA_FILE },
		{ "cilium-bugtool-20250601-101502-4711/cmd/"
		    "cilium-dbg-bpf-ipcache-list.md", big, 300000, SA_FILE },
	};
	struct sa_entry outer[4];
	size_t blen, blen2;
	void *b = sa_build("tar.gz", bugtool, 3, &blen);
	void *b2 = sa_build("tar.gz", bugtool, 1, &blen2);
	char *path;

	outer[0] = (struct sa_entry){ "cilium-sysdump-20250601-101500/"
	    "cilium-bugtool-cilium-aaaaa-20250601-101500.tar.gz", b,
	    cut == 1 ? 200 : cut == 2 ? blen - 1000 : blen, SA_FILE };
	outer[1] = (struct sa_entry){ "cilium-sysdump-20250601-101500/"
	    "cilium-bugtool-cilium-bbbbb-20250601-101500.tar.gz", b2, blen2,
	    SA_FILE };
	outer[2] = (struct sa_entry){ "cilium-sysdump-20250601-101500/"
	    "k8s-nodes-20250601-101500.yaml", "items: []\n", 0, SA_FILE };
	outer[3] = (struct sa_entry){ "cilium-sysdump-20250601-101500/"
	    "conf/kernel-config.gz", NULL, 0, SA_FILE };
	{
		/* A gzip that is not a tar must stay a plain member. */
		static const struct sa_entry kc[] = {
			{ "kernel-config", "CONFIG_BPF=y\n", 0, SA_FILE },
		};
		size_t gl;
		void *g = sa_build("gz", kc, 1, &gl);

		outer[3].data = g;
		outer[3].len = gl;
		path = sa_write_archive(name, "zip", outer, 4);
		free(g);
	}
	free(b);
	free(b2);
	free(big);
	return path;
}

static void
test_nested(void **state)
{
	struct rec r;
	struct ingest_input info;
	char *err = NULL, *path = nested_sysdump("nested.zip", 0);
	const char *bt = "cilium-sysdump-20250601-101500/"
	    "cilium-bugtool-cilium-aaaaa-20250601-101500.tar.gz";

	(void)state;
	rec_init(&r);
	assert_int_equal(walk(path, NULL, &r, &info, &err), 0);
	/* The container is announced, then its members at depth 1. */
	assert_non_null(strstr(r.log.ptr, "M cilium-sysdump-20250601-101500/"
	    "cilium-bugtool-cilium-aaaaa-20250601-101500.tar.gz d=0 archive\n"
	    "M cilium-sysdump-20250601-101500/cilium-bugtool-cilium-aaaaa-"
	    "20250601-101500.tar.gz/cilium-bugtool-20250601-101502-4711/cmd/"
	    "cilium-dbg-status---verbose.md d=1 [KVStore: Ok\n]\n"));
	assert_non_null(strstr(r.log.ptr, "/cmd/cilium-dbg-endpoint-list.md "
	    "200000\n"));
	assert_non_null(strstr(r.log.ptr, "/cmd/cilium-dbg-bpf-ipcache-list.md "
	    "300000\n"));
	/* The container ends cleanly after its members. */
	{
		char *want = xasprintf("E %s ", bt);
		char *at = strstr(r.log.ptr, want);

		assert_non_null(at);
		assert_null(strstr(at, "\nM cilium-sysdump-20250601-101500/"
		    "cilium-bugtool-cilium-aaaaa"));
		assert_null(strchr(at + strlen(want), ':') != NULL &&
		    strchr(at + strlen(want), ':') < strchr(at, '\n') ?
		    "error" : NULL);
		free(want);
	}
	assert_non_null(strstr(r.log.ptr, "M cilium-sysdump-20250601-101500/"
	    "conf/kernel-config.gz d=0 ["));
	assert_null(strstr(r.log.ptr, "kernel-config.gz d=0 archive"));
	/* 4 members in the zip + 4 nested members. */
	assert_int_equal(info.members, 8);
	assert_int_equal(info.skipped, 0);
	ingest_input_release(&info);
	buf_release(&r.log);
	free(path);
}

static void
test_nested_truncated(void **state)
{
	struct rec r;
	struct ingest_input info;
	char *err = NULL, *path;
	const char *after, *at;

	(void)state;
	/* Cut before the bugtool's first header: the member is skipped. */
	path = nested_sysdump("trunc1.zip", 1);
	rec_init(&r);
	assert_int_equal(walk(path, NULL, &r, &info, &err), 0);
	assert_non_null(strstr(r.log.ptr, "S cilium-sysdump-20250601-101500/"
	    "cilium-bugtool-cilium-aaaaa-20250601-101500.tar.gz: cannot read "
	    "compressed data: "));
	assert_null(strstr(r.log.ptr, "M cilium-sysdump-20250601-101500/"
	    "cilium-bugtool-cilium-aaaaa"));
	after = "M cilium-sysdump-20250601-101500/cilium-bugtool-cilium-bbbbb-"
	    "20250601-101500.tar.gz/cilium-bugtool-20250601-101502-4711/cmd/"
	    "cilium-dbg-status---verbose.md d=1 [KVStore: Ok\n]";
	assert_non_null(strstr(r.log.ptr, after));
	assert_non_null(strstr(r.log.ptr, "M cilium-sysdump-20250601-101500/"
	    "k8s-nodes-20250601-101500.yaml d=0 [items: []\n]"));
	ingest_input_release(&info);
	free(path);

	/* Cut after its first members: those stand, the archive is broken. */
	path = nested_sysdump("trunc2.zip", 2);
	buf_reset(&r.log);
	assert_int_equal(walk(path, NULL, &r, &info, &err), 0);
	assert_non_null(strstr(r.log.ptr, "/cmd/cilium-dbg-status---verbose.md "
	    "d=1 [KVStore: Ok\n]"));
	assert_non_null(strstr(r.log.ptr, "/cmd/cilium-dbg-endpoint-list.md "
	    "200000\n"));
	at = strstr(r.log.ptr, "E cilium-sysdump-20250601-101500/"
	    "cilium-bugtool-cilium-aaaaa-20250601-101500.tar.gz ");
	assert_non_null(at);
	assert_true(strchr(at, ':') < strchr(at, '\n'));	/* an error */
	assert_non_null(strstr(r.log.ptr, after));
	ingest_input_release(&info);
	buf_release(&r.log);
	free(path);
}

static void
test_truncated_input(void **state)
{
	static const struct sa_entry e[] = {
		{ "a.txt", "first member\n", 0, SA_FILE },
		{ "b.log", NULL, 300000, SA_FILE },
		{ "c.txt", "never reached\n", 0, SA_FILE },
	};
	struct rec r;
	struct ingest_input info;
	char *err = NULL, *path;
	size_t len;
	void *data = sa_build("tar.gz", e, 3, &len);

	(void)state;
	/* Cut inside b.log's data. */
	path = sa_write(sa_tmp, "cut.tar.gz", data, 200);
	free(data);
	rec_init(&r);
	assert_int_equal(walk(path, NULL, &r, &info, &err), 0);
	assert_non_null(strstr(r.log.ptr, "M a.txt d=0 [first member\n]\n"
	    "E a.txt 13\n"));
	assert_non_null(strstr(r.log.ptr, "E b.log "));
	assert_non_null(strstr(strstr(r.log.ptr, "E b.log "), ": "));
	assert_null(strstr(r.log.ptr, "c.txt"));
	assert_true(info.skipped >= 1);
	ingest_input_release(&info);
	buf_release(&r.log);
	free(path);
}

static void
test_bomb(void **state)
{
	static const struct sa_entry e[] = {
		{ "small.txt", "hello\n", 0, SA_FILE },
		{ "bomb.log", NULL, 64u << 20, SA_FILE },
		{ "after.txt", "still here\n", 0, SA_FILE },
	};
	struct rec r;
	struct ingest_input info;
	char *err = NULL, *path = sa_write_archive("bomb.bin", "tar.gz", e, 3);
	struct stat sb;

	(void)state;
	assert_int_equal(stat(path, &sb), 0);
	assert_true(sb.st_size < 200000);	/* tiny compressed ... */
	rec_init(&r);
	assert_int_equal(walk(path, NULL, &r, &info, &err), 0);
	/* ... huge expanded: stopped shortly past the ratio threshold. */
	assert_non_null(strstr(r.log.ptr, "E bomb.log "));
	assert_non_null(strstr(r.log.ptr, "decompression bomb"));
	assert_true(info.bytes < (16u << 20));
	assert_non_null(strstr(r.log.ptr, "M after.txt d=0 [still here\n]"));
	ingest_input_release(&info);
	buf_release(&r.log);
	free(path);
}

static void
test_limits(void **state)
{
	static const struct sa_entry e[] = {
		{ "one.txt", "0123456789", 0, SA_FILE },
		{ "two.txt", "01234567890123456789", 0, SA_FILE },
		{ "three.txt", "x", 0, SA_FILE },
		{ "four.txt", "y", 0, SA_FILE },
	};
	struct ingest_limits lim;
	struct rec r;
	struct ingest_input info;
	char *err = NULL, *path = sa_write_archive("lim.tar", "tar", e, 4);

	(void)state;
	/* Member size: declared sizes are checked before reading. */
	ingest_limits_default(&lim);
	lim.max_member_bytes = 15;
	rec_init(&r);
	assert_int_equal(walk(path, &lim, &r, &info, &err), 0);
	assert_non_null(strstr(r.log.ptr, "S two.txt: member exceeds the size "
	    "limit of 15 bytes (raise it with --max-member-size)\n"));
	assert_non_null(strstr(r.log.ptr, "M three.txt"));
	ingest_input_release(&info);

	/* Member count: the walk stops with one note. */
	ingest_limits_default(&lim);
	lim.max_members = 2;
	buf_reset(&r.log);
	assert_int_equal(walk(path, &lim, &r, &info, &err), 0);
	assert_null(strstr(r.log.ptr, "three.txt"));
	assert_non_null(strstr(r.log.ptr, "member limit of 2 reached"));
	ingest_input_release(&info);

	/* Total size: the member that crosses it is broken, then stop. */
	ingest_limits_default(&lim);
	lim.max_total_bytes = 25;
	buf_reset(&r.log);
	assert_int_equal(walk(path, &lim, &r, &info, &err), 0);
	assert_non_null(strstr(r.log.ptr, "E two.txt 20: input exceeds the "
	    "total size limit"));
	assert_null(strstr(r.log.ptr, "three.txt"));
	ingest_input_release(&info);
	buf_release(&r.log);
	free(path);
}

static void
test_deep_nesting(void **state)
{
	struct sa_entry e[1];
	struct rec r;
	struct ingest_limits lim;
	struct ingest_input info;
	char *err = NULL, *path, name[32];
	void *data = xstrdup("innermost\n"), *next;
	size_t len = strlen(data);
	int i;

	(void)state;
	/* deep.tar.gz holds level8.tar.gz, which holds level7 ... level0.txt */
	e[0] = (struct sa_entry){ "level0.txt", data, len, SA_FILE };
	for (i = 1; i <= 9; i++) {
		snprintf(name, sizeof(name), "level%d.tar.gz", i - 1);
		if (i > 1)
			e[0].name = name;
		next = sa_build("tar.gz", e, 1, &len);
		free(data);
		data = next;
		e[0] = (struct sa_entry){ NULL, data, len, SA_FILE };
	}
	path = sa_write(sa_tmp, "deep.tar.gz", data, len);
	free(data);
	ingest_limits_default(&lim);
	lim.max_depth = 3;
	rec_init(&r);
	assert_int_equal(walk(path, &lim, &r, &info, &err), 0);
	/* Members of depth 0..3 are read; an archive at depth 3 is not. */
	assert_non_null(strstr(r.log.ptr, "M level8.tar.gz d=0 archive\n"));
	assert_non_null(strstr(r.log.ptr, "M level8.tar.gz/level7.tar.gz/"
	    "level6.tar.gz d=2 archive\n"));
	assert_non_null(strstr(r.log.ptr, "S level8.tar.gz/level7.tar.gz/"
	    "level6.tar.gz/level5.tar.gz: nested archive not read: nesting "
	    "deeper than 3"));
	/* The outer archive itself ends cleanly (no error after its size). */
	assert_null(strchr(strstr(r.log.ptr, "E level8.tar.gz "), ':'));
	assert_null(strstr(r.log.ptr, "level0.txt"));
	ingest_input_release(&info);
	buf_release(&r.log);
	free(path);
}

static void
test_hostile_names(void **state)
{
	static const struct sa_entry e[] = {
		{ "../../etc/passwd", "root\n", 0, SA_FILE },
		{ "/etc/shadow", "x\n", 0, SA_FILE },
		{ "a/../../b", "x\n", 0, SA_FILE },
		{ "esc\033[31mred", "x\n", 0, SA_FILE },
		{ "./ok/./fine.txt", "fine\n", 0, SA_FILE },
		{ "link", "/etc/passwd", 0, SA_SYMLINK },
		{ "dots..are.fine", "ok\n", 0, SA_FILE },
	};
	struct rec r;
	struct ingest_input info;
	char *err = NULL, *path = sa_write_archive("hostile.tar", "tar", e, 7);

	(void)state;
	rec_init(&r);
	assert_int_equal(walk(path, NULL, &r, &info, &err), 0);
	assert_non_null(strstr(r.log.ptr, "S ../../etc/passwd: member path "
	    "contains '..'; not used\n"));
	/* libarchive strips the leading "/" of tar names it writes. */
	assert_null(strstr(r.log.ptr, "M /etc/shadow"));
	assert_non_null(strstr(r.log.ptr, "S a/../../b: member path contains"));
	assert_non_null(strstr(r.log.ptr, "S esc\\x1b[31mred: member name has "
	    "control characters"));
	assert_non_null(strstr(r.log.ptr, "M ok/./fine.txt d=0 [fine\n]"));
	assert_non_null(strstr(r.log.ptr, "S link: symbolic link not "
	    "followed\n"));
	assert_non_null(strstr(r.log.ptr, "M dots..are.fine"));
	assert_null(strchr(r.log.ptr, '\033'));
	ingest_input_release(&info);
	buf_release(&r.log);
	free(path);
}

static void
test_unreadable_input(void **state)
{
	struct rec r;
	char *err = NULL, *path, *missing;

	(void)state;
	rec_init(&r);
	path = sa_write(sa_tmp, "notes.txt", "just text, no archive\n", 22);
	assert_int_equal(walk(path, NULL, &r, NULL, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, path));
	assert_null(strchr(err, '\n'));
	free(err);
	missing = xasprintf("%s/does-not-exist.zip", sa_tmp);
	assert_int_equal(walk(missing, NULL, &r, NULL, &err), -1);
	assert_non_null(strstr(err, "No such file"));
	free(err);
	assert_string_equal(r.log.ptr, "");
	buf_release(&r.log);
	free(missing);
	free(path);
}

static void
test_partial_reads(void **state)
{
	static const struct sa_entry e[] = {
		{ "big.log", NULL, 500000, SA_FILE },
		{ "next.txt", "next\n", 0, SA_FILE },
	};
	struct rec r;
	struct ingest_input info;
	char *err = NULL, *path = sa_write_archive("partial.zip", "zip", e, 2);

	(void)state;
	/* The visitor reads 1000 bytes only: the walk drains the rest. */
	rec_init(&r);
	r.read_limit = 1000;
	assert_int_equal(walk(path, NULL, &r, &info, &err), 0);
	assert_non_null(strstr(r.log.ptr, "E big.log 500000\n"));
	assert_non_null(strstr(r.log.ptr, "M next.txt d=0 [next\n]"));
	assert_int_equal(info.bytes, 500005);
	ingest_input_release(&info);
	buf_release(&r.log);
	free(path);
}

/* A visitor that collects lines through ingest_lines. */
static int
lines_member(void *ctx, struct ingest_member *m)
{
	struct buf *out = ctx;
	struct ingest_lines lr;
	char *line;
	size_t len;

	ingest_lines_init(&lr, m, 16);
	while ((line = ingest_lines_next(&lr, &len)) != NULL)
		buf_addf(out, "%lu:%zu%s:%s|", lr.lineno, len,
		    lr.truncated ? "+" : "", line);
	ingest_lines_release(&lr);
	return 0;
}

static void
test_lines(void **state)
{
	static const struct ingest_visitor v = { lines_member, NULL, NULL };
	static const char text[] = "one\r\n\ntwo\n"
	    "this line is much longer than sixteen bytes\nafter\nlast";
	struct sa_entry e[] = { { "l.txt", text, 0, SA_FILE } };
	struct ingest_limits lim;
	struct buf out = BUF_INIT;
	char *err = NULL, *path = sa_write_archive("lines.tar", "tar", e, 1);

	(void)state;
	ingest_limits_default(&lim);
	assert_int_equal(ingest_walk(path, &lim, &v, &out, NULL, &err), 0);
	assert_string_equal(out.ptr, "1:3:one|2:0:|3:3:two|"
	    "4:16+:this line is muc|5:5:after|6:4:last|");
	buf_release(&out);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_directory),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_nested_truncated),
		cmocka_unit_test(test_truncated_input),
		cmocka_unit_test(test_bomb),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_hostile_names),
		cmocka_unit_test(test_unreadable_input),
		cmocka_unit_test(test_partial_reads),
		cmocka_unit_test(test_lines),
	};

	return cmocka_run_group_tests_name("ingest", tests, sa_group_setup,
	    sa_group_teardown);
}
