/*
 * ingest.c: the first pipeline stage, walking an input without unpacking it.
 *
 * The input is a file that libarchive recognizes by content (zip, tar, any
 * compressed tar), or a directory (an unpacked sysdump), which is walked
 * with openat() in sorted order.  Each regular-file member is wrapped in a
 * stream: its first INGEST_HEAD_BYTES are read ahead so that the visitor and
 * the nested-archive check can look at them, and the rest is pulled from the
 * source on demand, so a 2 GB log costs a 64 KiB buffer, not 2 GB.
 *
 * A member whose head says "archive" is opened with archive_read_open2()
 * whose read callback pulls from the member's own stream: nested bugtool
 * archives are read straight out of their parent, at any depth up to the
 * limit, without ever being held whole in memory or written to disk.
 *
 * The read loop follows bsdtar's (tar/read.c): a warning is noted and the
 * walk goes on, a failed member is skipped with its reason, a fatal error
 * ends that archive (noted as "truncated or corrupt") but not the walk of
 * its parent.  Limits (member size, total size, member count, depth and
 * compression ratio) turn hostile input into skipped members.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "buf.h"
#include "escape.h"
#include "ingest.h"
#include "xalloc.h"

/* Longest member name we accept; longer ones are hostile or broken. */
#define INGEST_MAX_NAME	4096
/* Directory nesting of an unpacked input (no symlinks are followed). */
#define INGEST_MAX_DIR_DEPTH	64
/* Read-block size for draining and for feeding nested archives. */
#define INGEST_BLOCK	(64 * 1024)
/* How often libarchive may ask us to retry a header before we give up. */
#define INGEST_MAX_RETRIES	8

struct walk {
	const struct ingest_limits	*lim;
	const struct ingest_visitor	*v;
	void				*ctx;
	struct ingest_input		*info;
	uint64_t			 members;
	uint64_t			 total;
	bool				 stop;		/* a walk-wide limit hit */
	char				*stop_reason;
	int				 vrc;		/* visitor asked to stop */
	const char			*input_name;	/* for notes on the input */
};

enum stream_src {
	SRC_FD,
	SRC_ARCHIVE,
	SRC_MEMORY,
};

struct ingest_stream {
	struct walk	*w;
	enum stream_src	 src;
	int		 fd;
	struct archive	*a;
	const unsigned char *mem;	/* SRC_MEMORY */
	size_t		 mem_len;
	size_t		 mem_pos;
	int64_t		 raw_start;	/* archive raw bytes at member start */
	/*
	 * Bytes read ahead of the visitor: the head, and while a nested
	 * archive is being probed, everything the probe consumed, so that
	 * a member that turns out to be no archive can still be replayed.
	 */
	unsigned char	*head;
	size_t		 head_len;
	size_t		 head_cap;
	size_t		 head_pos;
	bool		 recording;	/* probing: keep what is pulled */
	bool		 overflow;	/* the probe pulled more than we keep */
	uint64_t	 bytes;		/* bytes pulled from the source */
	bool		 eof;
	bool		 failed;
	char		*error;		/* why the member is broken */
};

static char *walk_archive(struct walk *, struct archive *, const char *,
    unsigned, struct archive_entry *, int);
static void walk_member(struct walk *, struct ingest_stream *, const char *,
    const char *, int64_t, unsigned);

void
ingest_limits_default(struct ingest_limits *l)
{
	l->max_member_bytes = INGEST_DEFAULT_MAX_MEMBER_BYTES;
	l->max_total_bytes = INGEST_DEFAULT_MAX_TOTAL_BYTES;
	l->max_members = INGEST_DEFAULT_MAX_MEMBERS;
	l->max_depth = INGEST_DEFAULT_MAX_DEPTH;
	l->max_ratio = INGEST_DEFAULT_MAX_RATIO;
	l->ratio_min_bytes = INGEST_DEFAULT_RATIO_MIN_BYTES;
}

void
ingest_input_release(struct ingest_input *info)
{
	free(info->format);
	info->format = NULL;
}

/* Report a member (or note) that the visitor never sees as a member. */
static void
walk_skip(struct walk *w, const char *path, const char *reason)
{
	char *safe = escape_printable_dup(path);

	w->info->skipped++;
	if (w->v->skip != NULL)
		w->v->skip(w->ctx, safe, reason);
	free(safe);
}

/* Stop the whole walk, once, for the given reason. */
static void
walk_stop(struct walk *w, const char *reason)
{
	if (w->stop)
		return;
	w->stop = true;
	w->stop_reason = xstrdup(reason);
}

/* Mark the member broken; the first reason wins. */
static void
stream_fail(struct ingest_stream *st, const char *reason)
{
	if (!st->failed) {
		st->failed = true;
		st->error = xstrdup(reason);
	}
}

static void
stream_release(struct ingest_stream *st)
{
	free(st->error);
	st->error = NULL;
	free(st->head);
	st->head = NULL;
}

static void
size_human(char *dst, size_t n, uint64_t v)
{
	static const char units[] = "KMGTPE";
	int u = -1;

	while (v >= 1024 && v % 1024 == 0 && u < 5) {
		v /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(dst, n, "%" PRIu64 " bytes", v);
	else
		snprintf(dst, n, "%" PRIu64 " %ciB", v, units[u]);
}

/*
 * Enforce the size, total and ratio limits after `got` more bytes.  Returns
 * false (with the member marked broken) when a limit is exceeded.
 */
static bool
stream_account(struct ingest_stream *st, size_t got)
{
	const struct ingest_limits *lim = st->w->lim;
	char lbuf[64], msg[256];

	st->bytes += got;
	st->w->total += got;
	st->w->info->bytes += got;
	if (lim->max_member_bytes && st->bytes > lim->max_member_bytes) {
		size_human(lbuf, sizeof(lbuf), lim->max_member_bytes);
		snprintf(msg, sizeof(msg), "member exceeds the size limit "
		    "of %s (raise it with --max-member-size)", lbuf);
		stream_fail(st, msg);
		return false;
	}
	if (lim->max_total_bytes && st->w->total > lim->max_total_bytes) {
		size_human(lbuf, sizeof(lbuf), lim->max_total_bytes);
		snprintf(msg, sizeof(msg), "input exceeds the total size "
		    "limit of %s (raise it with --max-total-size)", lbuf);
		stream_fail(st, msg);
		walk_stop(st->w, msg);
		return false;
	}
	if (st->src == SRC_ARCHIVE && lim->max_ratio &&
	    st->bytes > lim->ratio_min_bytes) {
		int64_t raw = archive_filter_bytes(st->a, -1) - st->raw_start;

		if (raw <= 0)
			raw = 1;
		if (st->bytes / (uint64_t)raw > lim->max_ratio) {
			snprintf(msg, sizeof(msg), "decompression bomb: expands "
			    "more than %u times (raise the limit with "
			    "--max-ratio)", lim->max_ratio);
			stream_fail(st, msg);
			return false;
		}
	}
	return true;
}

/* Pull up to n bytes from the member's source, with no head logic. */
static ssize_t
stream_pull(struct ingest_stream *st, void *dst, size_t n)
{
	ssize_t r;

	if (st->failed)
		return -1;
	if (st->eof || n == 0)
		return 0;
	if (st->src == SRC_MEMORY) {
		r = (ssize_t)(st->mem_len - st->mem_pos < n ?
		    st->mem_len - st->mem_pos : n);
		memcpy(dst, st->mem + st->mem_pos, (size_t)r);
		st->mem_pos += (size_t)r;
	} else if (st->src == SRC_FD) {
		do
			r = read(st->fd, dst, n);
		while (r < 0 && errno == EINTR);
		if (r < 0) {
			stream_fail(st, strerror(errno));
			return -1;
		}
	} else {
		la_ssize_t ar = archive_read_data(st->a, dst, n);

		if (ar < 0) {
			const char *e = archive_error_string(st->a);

			stream_fail(st, e != NULL ? e : "unreadable member data");
			return -1;
		}
		r = (ssize_t)ar;
	}
	if (r == 0) {
		st->eof = true;
		return 0;
	}
	if (!stream_account(st, (size_t)r))
		return -1;
	return r;
}

/* Read the head of the member (up to INGEST_HEAD_BYTES). */
static void
stream_fill_head(struct ingest_stream *st)
{
	ssize_t r;

	st->head = xmalloc(INGEST_HEAD_BYTES);
	st->head_cap = INGEST_HEAD_BYTES;
	while (st->head_len < INGEST_HEAD_BYTES) {
		r = stream_pull(st, st->head + st->head_len,
		    INGEST_HEAD_BYTES - st->head_len);
		if (r <= 0)
			break;
		st->head_len += (size_t)r;
	}
}

ssize_t
ingest_member_read(struct ingest_member *m, void *dst, size_t n)
{
	struct ingest_stream *st = m->stream;
	size_t k;

	if (m->is_archive)
		return -1;
	if (st->head_pos < st->head_len) {
		k = st->head_len - st->head_pos;
		if (k > n)
			k = n;
		memcpy(dst, st->head + st->head_pos, k);
		st->head_pos += k;
		return (ssize_t)k;
	}
	return stream_pull(st, dst, n);
}

/* Read and drop whatever the visitor left of the member. */
static void
stream_drain(struct ingest_stream *st)
{
	unsigned char *scratch = xmalloc(INGEST_BLOCK);

	st->head_pos = st->head_len;
	while (stream_pull(st, scratch, INGEST_BLOCK) > 0)
		;
	free(scratch);
}

/*
 * Does the head look like a compressed stream or an archive?  Compressed
 * data could be an archive or just one compressed file (a kernel-config.gz,
 * a pprof profile), so for those we let libarchive try to read the first
 * header out of the head bytes alone.
 */
static bool
head_is_compressed(const unsigned char *h, size_t n)
{
	return (n >= 2 && h[0] == 0x1f && h[1] == 0x8b) ||
	    (n >= 3 && memcmp(h, "BZh", 3) == 0) ||
	    (n >= 6 && memcmp(h, "\xfd" "7zXZ\0", 6) == 0) ||
	    (n >= 4 && memcmp(h, "\x28\xb5\x2f\xfd", 4) == 0) ||
	    (n >= 4 && memcmp(h, "\x04\x22\x4d\x18", 4) == 0);
}

static bool
head_is_plain_archive(const unsigned char *h, size_t n)
{
	return (n >= 4 && memcmp(h, "PK\003\004", 4) == 0) ||
	    (n >= 262 && memcmp(h + 257, "ustar", 5) == 0);
}

static void
archive_support(struct archive *a)
{
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_zip(a);
}

/*
 * Could the member be an archive?  Tar or zip magic in the head, or a
 * compressed stream (which may hold a tar, or just one compressed file such
 * as a kernel-config.gz or a pprof profile: only reading it tells).
 */
static bool
member_may_be_archive(const struct ingest_stream *st)
{
	return head_is_plain_archive(st->head, st->head_len) ||
	    head_is_compressed(st->head, st->head_len);
}

/* Most bytes a probe may consume and still replay them to the visitor. */
#define INGEST_PROBE_MAX	(4u << 20)

/* The client side of a nested archive: it reads from its parent member. */
struct nested_src {
	struct ingest_stream	*st;
	unsigned char		*block;
};

static la_ssize_t
nested_read(struct archive *a, void *ud, const void **out)
{
	struct nested_src *ns = ud;
	struct ingest_stream *st = ns->st;
	ssize_t r;
	size_t k;

	/* What was read ahead (the head, a failed probe) comes first. */
	if (st->head_pos < st->head_len) {
		k = st->head_len - st->head_pos;
		*out = st->head + st->head_pos;
		st->head_pos = st->head_len;
		return (la_ssize_t)k;
	}
	r = stream_pull(st, ns->block, INGEST_BLOCK);
	if (r < 0) {
		archive_set_error(a, EIO, "%s", st->error != NULL ?
		    st->error : "read error");
		return -1;
	}
	if (st->recording && r > 0) {
		if (st->head_len + (size_t)r > INGEST_PROBE_MAX) {
			st->recording = false;
			st->overflow = true;
		} else {
			st->head = xgrow(st->head, &st->head_cap,
			    st->head_len + (size_t)r, 1);
			memcpy(st->head + st->head_len, ns->block, (size_t)r);
			st->head_len += (size_t)r;
			st->head_pos = st->head_len;
			*out = st->head + st->head_len - (size_t)r;
			return (la_ssize_t)r;
		}
	}
	*out = ns->block;
	return (la_ssize_t)r;
}

enum probe_result {
	PROBE_ARCHIVE,	/* an archive: walk it */
	PROBE_PLAIN,	/* no archive: hand it to the visitor */
	PROBE_BROKEN,	/* compressed data that cannot be read */
};

/*
 * Probe the member as an archive: open it with libarchive, reading from
 * the member itself, and read the first header.  On PROBE_ARCHIVE *ap is
 * the open archive with that first header in *ep (the walk goes on from
 * there).  Otherwise everything the probe consumed is kept in the stream's
 * head, to be replayed; libarchive tells "not an archive format" (EILSEQ,
 * its ARCHIVE_ERRNO_FILE_FORMAT) from damaged data, whose reason goes to
 * *whyp (malloc'd).
 */
static enum probe_result
nested_probe(struct ingest_stream *st, struct nested_src *ns,
    struct archive **ap, struct archive_entry **ep, int *rp, char **whyp)
{
	struct archive *a;
	enum probe_result res = PROBE_PLAIN;
	int r;

	if ((a = archive_read_new()) == NULL)
		return PROBE_PLAIN;
	archive_support(a);
	st->head_pos = 0;
	st->recording = true;
	r = archive_read_open2(a, ns, NULL, nested_read, NULL, NULL);
	if (r == ARCHIVE_OK) {
		r = archive_read_next_header(a, ep);
		if (r == ARCHIVE_OK || r == ARCHIVE_WARN) {
			st->recording = false;
			*ap = a;
			*rp = r;
			return PROBE_ARCHIVE;
		}
	}
	if (st->failed) {
		res = PROBE_BROKEN;
		*whyp = xstrdup(st->error);
	} else if (archive_errno(a) != EILSEQ) {
		const char *es = archive_error_string(a);

		res = PROBE_BROKEN;
		*whyp = xasprintf("cannot read compressed data: %s",
		    es != NULL ? es : "unknown error");
	}
	st->recording = false;
	archive_read_free(a);
	/* Replay everything from the start. */
	st->head_pos = 0;
	return res;
}

/* Last path component of a member path. */
static const char *
path_base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

/*
 * Handle one regular-file member, whatever its source: read its head, walk
 * into it if it is an archive, else hand it to the visitor, then drain it
 * and report how it ended.
 */
static void
walk_member(struct walk *w, struct ingest_stream *st, const char *path,
    const char *container, int64_t size, unsigned depth)
{
	struct ingest_member m;
	char *why = NULL;
	int rc;

	if (w->lim->max_members && w->members >= w->lim->max_members) {
		char msg[128];

		snprintf(msg, sizeof(msg), "member limit of %" PRIu64
		    " reached; the rest of the input was not read "
		    "(raise it with --max-members)", w->lim->max_members);
		walk_stop(w, msg);
		return;
	}
	w->members++;
	if (w->lim->max_member_bytes && size > 0 &&
	    (uint64_t)size > w->lim->max_member_bytes) {
		char lbuf[64], msg[256];

		size_human(lbuf, sizeof(lbuf), w->lim->max_member_bytes);
		snprintf(msg, sizeof(msg), "member exceeds the size limit of "
		    "%s (raise it with --max-member-size)", lbuf);
		walk_skip(w, path, msg);
		return;
	}
	stream_fill_head(st);

	memset(&m, 0, sizeof(m));
	m.path = path;
	m.name = path_base(path);
	m.container = container;
	m.size = size;
	m.depth = depth;
	m.head = st->head;
	m.head_len = st->head_len;
	m.stream = st;

	if (!st->failed && member_may_be_archive(st)) {
		struct nested_src ns = { st, xmalloc(INGEST_BLOCK) };
		struct archive *a = NULL;
		struct archive_entry *first = NULL;
		enum probe_result pr;
		char *broken = NULL;
		int first_r = 0;

		if (depth + 1 > w->lim->max_depth) {
			char msg[128];

			free(ns.block);
			snprintf(msg, sizeof(msg), "nested archive not read: "
			    "nesting deeper than %u (raise it with "
			    "--max-depth)", w->lim->max_depth);
			walk_skip(w, path, msg);
			stream_drain(st);
			return;
		}
		pr = nested_probe(st, &ns, &a, &first, &first_r, &broken);
		if (pr == PROBE_ARCHIVE) {
			m.is_archive = true;
			w->info->members++;
			if (w->v->member != NULL &&
			    (rc = w->v->member(w->ctx, &m)) != 0 &&
			    w->vrc == 0) {
				w->vrc = rc;
				walk_stop(w, "stopped by the caller");
			}
			if (w->vrc == 0)
				why = walk_archive(w, a, path, depth + 1,
				    first, first_r);
			if (why != NULL && st->failed) {
				free(why);
				why = xstrdup(st->error);
			}
			archive_read_free(a);
			free(ns.block);
			stream_drain(st);
			if (why == NULL && st->failed)
				why = xstrdup(st->error);
			if (w->v->member_end != NULL)
				w->v->member_end(w->ctx, &m, st->bytes, why);
			free(why);
			return;
		}
		free(ns.block);
		if (pr == PROBE_BROKEN) {
			walk_skip(w, path, broken);
			free(broken);
			stream_drain(st);
			return;
		}
		if (st->overflow) {
			walk_skip(w, path, "compressed member not recognized "
			    "within its first 4 MiB; not read");
			stream_drain(st);
			return;
		}
		/* No archive: the visitor gets it whole, probe bytes first. */
		m.head = st->head;
		m.head_len = st->head_len < INGEST_HEAD_BYTES ?
		    st->head_len : INGEST_HEAD_BYTES;
	}

	w->info->members++;
	if (w->v->member != NULL && (rc = w->v->member(w->ctx, &m)) != 0 &&
	    w->vrc == 0) {
		w->vrc = rc;
		walk_stop(w, "stopped by the caller");
	}
	stream_drain(st);
	if (w->v->member_end != NULL)
		w->v->member_end(w->ctx, &m, st->bytes,
		    st->failed ? st->error : NULL);
}

/*
 * Check a member name from an archive and normalize it in place ("./"
 * prefixes and trailing "/" removed).  Returns NULL when the name is usable,
 * else why it is not.
 */
static const char *
name_check(char *name)
{
	char *p, *q;
	size_t n;

	while (name[0] == '.' && name[1] == '/') {
		for (p = name + 2; *p == '/'; p++)
			;
		memmove(name, p, strlen(p) + 1);
	}
	n = strlen(name);
	while (n > 0 && name[n - 1] == '/')
		name[--n] = '\0';
	if (n == 0)
		return "member has an empty name";
	if (n > INGEST_MAX_NAME)
		return "member name is too long";
	if (!escape_is_printable(name, n))
		return "member name has control characters or is not UTF-8; "
		    "not used";
	if (name[0] == '/')
		return "member has an absolute path; not used";
	for (p = name; p != NULL; p = q) {
		q = strchr(p, '/');
		if ((q != NULL ? (size_t)(q - p) : strlen(p)) == 2 &&
		    p[0] == '.' && p[1] == '.')
			return "member path contains '..'; not used";
		if (q != NULL)
			q++;
	}
	return NULL;
}

static char *
path_join(const char *dir, const char *name)
{
	if (dir == NULL || *dir == '\0')
		return xstrdup(name);
	return xasprintf("%s/%s", dir, name);
}

/*
 * Walk every entry of an opened archive.  `container` is the path of the
 * member this archive came from (NULL for the input itself), `depth` the
 * depth of its members.  A fatal error ends this archive with a note.
 * `first`, when not NULL, is the first entry, already read (with result
 * first_r) by whoever opened the archive to see what it is.
 * Returns NULL when the archive was read to its end (or the walk stopped),
 * else why it was not (malloc'd): it was truncated or corrupt.
 */
static char *
walk_archive(struct walk *w, struct archive *a, const char *container,
    unsigned depth, struct archive_entry *first, int first_r)
{
	struct archive_entry *e;
	struct ingest_stream st;
	const char *raw, *bad;
	char *name, *path;
	int r, retries = 0;
	uint64_t seen = 0;

	while (!w->stop) {
		if (first != NULL) {
			e = first;
			r = first_r;
			first = NULL;
		} else
			r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_RETRY && ++retries < INGEST_MAX_RETRIES)
			continue;
		if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY) {
			const char *es = archive_error_string(a);
			char *msg;

			msg = xasprintf("archive is truncated or corrupt after "
			    "%" PRIu64 " member%s: %s", seen,
			    seen == 1 ? "" : "s",
			    es != NULL ? es : "unknown error");
			return msg;
		}
		retries = 0;
		seen++;
		raw = archive_entry_pathname(e);
		if (raw == NULL)
			raw = archive_entry_pathname_utf8(e);
		if (r == ARCHIVE_FAILED) {
			const char *es = archive_error_string(a);
			char *msg = xasprintf("unreadable member header: %s",
			    es != NULL ? es : "unknown error");

			path = path_join(container, raw != NULL ? raw : "?");
			walk_skip(w, path, msg);
			free(path);
			free(msg);
			continue;
		}
		if (raw == NULL) {
			path = path_join(container, "?");
			walk_skip(w, path, "member has no readable name");
			free(path);
			continue;
		}
		name = xstrdup(raw);
		bad = name_check(name);
		path = path_join(container, bad != NULL ? raw : name);
		free(name);
		if (bad != NULL) {
			walk_skip(w, path, bad);
			free(path);
			continue;
		}
		if (archive_entry_filetype(e) == AE_IFDIR) {
			free(path);
			continue;
		}
		if (archive_entry_hardlink(e) != NULL) {
			walk_skip(w, path, "hard link not followed");
			free(path);
			continue;
		}
		if (archive_entry_filetype(e) == AE_IFLNK) {
			walk_skip(w, path, "symbolic link not followed");
			free(path);
			continue;
		}
		if (archive_entry_filetype(e) != AE_IFREG) {
			walk_skip(w, path, "not a regular file");
			free(path);
			continue;
		}
		if (archive_entry_is_encrypted(e)) {
			walk_skip(w, path, "encrypted member not read");
			free(path);
			continue;
		}
		memset(&st, 0, sizeof(st));
		st.w = w;
		st.src = SRC_ARCHIVE;
		st.fd = -1;
		st.a = a;
		st.raw_start = archive_filter_bytes(a, -1);
		walk_member(w, &st, path, container,
		    archive_entry_size_is_set(e) ? archive_entry_size(e) : -1,
		    depth);
		stream_release(&st);
		free(path);
	}
	return NULL;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Walk a directory opened as dfd, whose members get paths under `prefix`.
 * Entries are visited in strcmp order; symlinks are never followed.
 */
static void
walk_dir(struct walk *w, int dfd, const char *prefix, unsigned level)
{
	DIR *d;
	struct dirent *de;
	struct stat sb;
	char **names = NULL, *path;
	size_t n = 0, cap = 0, i;
	int fd;

	if ((d = fdopendir(dfd)) == NULL) {
		walk_skip(w, prefix, strerror(errno));
		close(dfd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		names = xgrow(names, &cap, n + 1, sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);

	for (i = 0; i < n && !w->stop; i++) {
		path = path_join(prefix, names[i]);
		if (!escape_is_printable(names[i], strlen(names[i]))) {
			walk_skip(w, path, "file name has control characters "
			    "or is not UTF-8; not used");
			goto next;
		}
		if (fstatat(dirfd(d), names[i], &sb, AT_SYMLINK_NOFOLLOW) != 0) {
			walk_skip(w, path, strerror(errno));
			goto next;
		}
		if (S_ISLNK(sb.st_mode)) {
			walk_skip(w, path, "symbolic link not followed");
			goto next;
		}
		if (S_ISDIR(sb.st_mode)) {
			if (level + 1 > INGEST_MAX_DIR_DEPTH) {
				walk_skip(w, path, "directory nesting too deep");
				goto next;
			}
			fd = openat(dirfd(d), names[i],
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (fd < 0)
				walk_skip(w, path, strerror(errno));
			else
				walk_dir(w, fd, path, level + 1);
			goto next;
		}
		if (!S_ISREG(sb.st_mode)) {
			walk_skip(w, path, "not a regular file");
			goto next;
		}
		fd = openat(dirfd(d), names[i], O_RDONLY | O_NOFOLLOW |
		    O_CLOEXEC);
		if (fd < 0) {
			walk_skip(w, path, strerror(errno));
			goto next;
		} else {
			struct ingest_stream st;

			memset(&st, 0, sizeof(st));
			st.w = w;
			st.src = SRC_FD;
			st.fd = fd;
			walk_member(w, &st, path, NULL, (int64_t)sb.st_size, 0);
			stream_release(&st);
			close(fd);
		}
next:
		free(path);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
}

/* "zip", "tar", "tar.gz", ... from an opened archive's format and filters. */
static char *
archive_format_label(struct archive *a)
{
	struct buf b = BUF_INIT;
	int i, nf = archive_filter_count(a);

	switch (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) {
	case ARCHIVE_FORMAT_ZIP:
		buf_addstr(&b, "zip");
		break;
	case ARCHIVE_FORMAT_TAR:
		buf_addstr(&b, "tar");
		break;
	default:
		buf_addstr(&b, "archive");
		break;
	}
	/* Filter 0 is the one nearest the format; the last one is the file. */
	for (i = nf - 2; i >= 0; i--) {
		switch (archive_filter_code(a, i)) {
		case ARCHIVE_FILTER_GZIP:
			buf_addstr(&b, ".gz");
			break;
		case ARCHIVE_FILTER_BZIP2:
			buf_addstr(&b, ".bz2");
			break;
		case ARCHIVE_FILTER_XZ:
			buf_addstr(&b, ".xz");
			break;
		case ARCHIVE_FILTER_LZMA:
			buf_addstr(&b, ".lzma");
			break;
		case ARCHIVE_FILTER_ZSTD:
			buf_addstr(&b, ".zst");
			break;
		case ARCHIVE_FILTER_LZ4:
			buf_addstr(&b, ".lz4");
			break;
		case ARCHIVE_FILTER_COMPRESS:
			buf_addstr(&b, ".Z");
			break;
		case ARCHIVE_FILTER_NONE:
			break;
		default:
			buf_addstr(&b, ".compressed");
			break;
		}
	}
	return buf_detach(&b, NULL);
}

/* The name a directory input's members are put under: its base name. */
static char *
dir_prefix(const char *path)
{
	char *copy = xstrdup(path), *base, *real;
	size_t n = strlen(copy);

	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	base = strrchr(copy, '/');
	base = base != NULL ? base + 1 : copy;
	if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
	    *base == '\0') {
		free(copy);
		if ((real = realpath(path, NULL)) == NULL)
			return xstrdup("");
		copy = real;
		base = strrchr(copy, '/');
		base = base != NULL ? base + 1 : copy;
	}
	base = xstrdup(base);
	free(copy);
	return base;
}

/*
 * Open an archive file and walk it.  The first header is read here, so
 * that an input that is no archive at all fails the whole walk (exit 3)
 * rather than being reported as one truncated archive.  An empty archive
 * (EOF at once) is fine: it has no members.
 */
static int
walk_archive_file(struct walk *w, const char *path, char **errp)
{
	struct archive *a;
	struct archive_entry *e;
	char *why;
	int r, rc = -1;

	if ((a = archive_read_new()) == NULL) {
		*errp = xstrdup("cannot allocate an archive reader");
		return -1;
	}
	archive_support(a);
	if (archive_read_open_filename(a, path, INGEST_BLOCK) != ARCHIVE_OK) {
		const char *es = archive_error_string(a);

		/*
		 * EILSEQ is libarchive's ARCHIVE_ERRNO_FILE_FORMAT: no reader
		 * knew the format.  Anything else (a truncated gzip stream,
		 * a permission problem) is best said in libarchive's words.
		 */
		if (archive_errno(a) == EILSEQ)
			*errp = xasprintf("cannot read '%s': not a zip or tar "
			    "archive (plain or compressed) nor a directory",
			    path);
		else
			*errp = xasprintf("cannot open '%s': %s", path,
			    es != NULL ? es : "unknown error");
		goto out;
	}
	r = archive_read_next_header(a, &e);
	if (r == ARCHIVE_FATAL && archive_format(a) == 0) {
		*errp = xasprintf("cannot read '%s': not a zip or tar archive "
		    "(plain or compressed) nor a directory", path);
		goto out;
	}
	w->info->format = archive_format_label(a);
	if (r == ARCHIVE_FATAL) {
		const char *es = archive_error_string(a);

		*errp = xasprintf("cannot read '%s': %s", path,
		    es != NULL ? es : "unknown error");
		goto out;
	}
	/* The walk goes on from the header just read. */
	if ((why = walk_archive(w, a, NULL, 0, e, r)) != NULL) {
		walk_skip(w, path, why);
		free(why);
	}
	rc = 0;
out:
	archive_read_free(a);
	return rc;
}

int
ingest_walk(const char *path, const struct ingest_limits *limits,
    const struct ingest_visitor *v, void *ctx, struct ingest_input *info,
    char **errp)
{
	struct ingest_input local;
	struct walk w;
	struct stat sb;
	char *prefix;
	int fd, rc = -1;

	*errp = NULL;
	if (info == NULL)
		info = &local;
	memset(info, 0, sizeof(*info));
	memset(&w, 0, sizeof(w));
	w.lim = limits;
	w.v = v;
	w.ctx = ctx;
	w.info = info;
	w.input_name = path;

	if (stat(path, &sb) != 0) {
		*errp = xasprintf("cannot open '%s': %s", path,
		    strerror(errno));
		goto out;
	}
	if (S_ISDIR(sb.st_mode)) {
		info->type = INGEST_INPUT_DIRECTORY;
		info->format = xstrdup("directory");
		fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			*errp = xasprintf("cannot open '%s': %s", path,
			    strerror(errno));
			goto out;
		}
		prefix = dir_prefix(path);
		walk_dir(&w, fd, prefix, 0);
		free(prefix);
		rc = 0;
	} else {
		info->type = INGEST_INPUT_ARCHIVE;
		if (!S_ISREG(sb.st_mode)) {
			*errp = xasprintf("cannot read '%s': not a regular "
			    "file or directory", path);
			goto out;
		}
		rc = walk_archive_file(&w, path, errp);
	}
	if (rc == 0 && w.stop && w.stop_reason != NULL && w.vrc == 0)
		walk_skip(&w, path, w.stop_reason);
	if (rc == 0 && w.vrc != 0)
		rc = w.vrc;
out:
	free(w.stop_reason);
	if (info == &local)
		ingest_input_release(&local);
	return rc;
}

/* A memory member: the member, its stream and a walk for the limits. */
struct memory_member {
	struct ingest_member	m;
	struct ingest_stream	st;
	struct walk		w;
	struct ingest_limits	lim;
	struct ingest_input	info;
};

struct ingest_member *
ingest_member_memory_new(const char *path, const void *data, size_t len)
{
	struct memory_member *mm = xcalloc(1, sizeof(*mm));

	ingest_limits_default(&mm->lim);
	mm->lim.max_member_bytes = 0;
	mm->w.lim = &mm->lim;
	mm->w.info = &mm->info;
	mm->st.w = &mm->w;
	mm->st.src = SRC_MEMORY;
	mm->st.fd = -1;
	mm->st.mem = data;
	mm->st.mem_len = len;
	mm->m.path = xstrdup(path);
	mm->m.name = path_base(mm->m.path);
	mm->m.size = (int64_t)len;
	mm->m.stream = &mm->st;
	stream_fill_head(&mm->st);
	mm->m.head = mm->st.head;
	mm->m.head_len = mm->st.head_len;
	return &mm->m;
}

void
ingest_member_memory_free(struct ingest_member *m)
{
	struct memory_member *mm = (struct memory_member *)(void *)m;

	if (m == NULL)
		return;
	stream_release(&mm->st);
	free((char *)(uintptr_t)mm->m.path);
	free(mm);
}

void
ingest_lines_init(struct ingest_lines *r, struct ingest_member *m,
    size_t max_line)
{
	memset(r, 0, sizeof(*r));
	r->m = m;
	r->max_line = max_line ? max_line : (1u << 20);
	r->cap = INGEST_BLOCK;
	if (r->cap < r->max_line + 1)
		r->cap = r->max_line + 1;
	r->buf = xmalloc(r->cap);
}

void
ingest_lines_release(struct ingest_lines *r)
{
	free(r->buf);
	r->buf = NULL;
}

/* Refill the buffer after compacting; returns bytes read, 0, or -1. */
static ssize_t
lines_fill(struct ingest_lines *r)
{
	ssize_t n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->end >= r->cap - 1)
		return 0;
	n = ingest_member_read(r->m, r->buf + r->end, r->cap - 1 - r->end);
	if (n < 0) {
		r->error = true;
		return -1;
	}
	if (n == 0)
		r->eof = true;
	r->end += (size_t)n;
	return n;
}

char *
ingest_lines_next(struct ingest_lines *r, size_t *lenp)
{
	char *nl, *line;
	size_t len, scanned = 0;

	r->truncated = false;
	/* Finish discarding the tail of a line that was cut last time. */
	while (r->discard) {
		nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		if (nl != NULL) {
			r->start = (size_t)(nl - r->buf) + 1;
			r->discard = false;
			break;
		}
		r->start = r->end;
		if (r->eof || r->error || lines_fill(r) <= 0)
			return NULL;
	}
	for (;;) {
		nl = memchr(r->buf + r->start + scanned, '\n',
		    r->end - r->start - scanned);
		if (nl != NULL) {
			line = r->buf + r->start;
			len = (size_t)(nl - line);
			r->start = (size_t)(nl - r->buf) + 1;
			if (len > r->max_line) {
				len = r->max_line;
				r->truncated = true;
			}
			break;
		}
		scanned = r->end - r->start;
		if (scanned >= r->max_line) {
			/* Keep max_line bytes; drop the rest of the line. */
			line = r->buf + r->start;
			len = r->max_line;
			r->start = r->end;
			r->discard = true;
			r->truncated = true;
			break;
		}
		if (r->eof || r->error) {
			if (r->end == r->start)
				return NULL;
			line = r->buf + r->start;
			len = r->end - r->start;
			r->start = r->end;
			break;
		}
		/* lines_fill compacts: rescan relative to the new start. */
		if (lines_fill(r) < 0)
			return NULL;
	}
	line[len] = '\0';
	if (len > 0 && line[len - 1] == '\r')
		line[--len] = '\0';
	r->lineno++;
	*lenp = len;
	return line;
}
