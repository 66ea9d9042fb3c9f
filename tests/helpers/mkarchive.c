/*
 * mkarchive.c: pack a directory tree into an archive, deterministically.
 *
 *	mkarchive -f FORMAT -o OUT [-t [-]N] DIR
 *
 * A test helper, not part of libctriage: the repository keeps its archive
 * fixtures as plain directory trees, and the tests pack them with this
 * program at run time, so git holds no binary files.  It therefore may print
 * and exit, and it dies on the first error with one line on stderr.
 *
 * What it writes, for every FORMAT (tar, tar.gz, tgz, tar.bz2, tar.xz, zip):
 *   - one entry per regular file under DIR, recursively, named relative to
 *     DIR's parent, so the archive has DIR's basename as its single top-level
 *     directory, as a real sysdump zip does;
 *   - no directory entries; symlinks and special files are skipped;
 *   - entries sorted by their full name in byte order (strcmp), which is not
 *     the same as a depth-first walk: "a-b" sorts before "a/x";
 *   - mode 0644, uid and gid 0, no user or group name, mtime fixed at
 *     2025-06-01T10:15:00Z, no gzip header timestamp, no padding after the
 *     last byte.  The same tree always gives byte-identical output.
 *
 * A directory whose name ends in .tar, .tar.gz, .tgz, .tar.bz2, .tar.xz or
 * .zip is not walked as plain files: it is packed, in memory and by the same
 * rules, into an archive of that format whose entry names are relative to the
 * directory itself, and that archive becomes one regular-file member named
 * like the directory.  This nests to any depth, which is how the fixtures
 * model a sysdump that carries a cilium-bugtool tar.gz.
 *
 * -t N truncates OUT to N bytes after writing it; -t -N cuts N bytes off its
 * end.  Both exist to make truncated-archive fixtures.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

/* 2025-06-01T10:15:00Z, the sysdump time used throughout the fixtures. */
#define MKA_MTIME	((time_t)1748772900)
#define MKA_MODE	0644
#define MKA_IOBUF	(64 * 1024)

/* The archive formats we can write, in the order suffixes are tried. */
enum mka_format {
	MKA_TAR,
	MKA_TAR_GZ,
	MKA_TGZ,
	MKA_TAR_BZ2,
	MKA_TAR_XZ,
	MKA_ZIP,
	MKA_NFORMATS
};

static const char *const mka_format_names[MKA_NFORMATS] = {
	[MKA_TAR] = "tar",
	[MKA_TAR_GZ] = "tar.gz",
	[MKA_TGZ] = "tgz",
	[MKA_TAR_BZ2] = "tar.bz2",
	[MKA_TAR_XZ] = "tar.xz",
	[MKA_ZIP] = "zip",
};

/* One member to write: a regular file, or a directory packed as an archive. */
struct mka_item {
	char	*name;		/* entry name inside the archive */
	char	*src;		/* path on disk */
	int	 nested;	/* 1: src is a directory to pack as `format` */
	enum mka_format format;
};

struct mka_list {
	struct mka_item	*v;
	size_t		 n;
	size_t		 cap;
};

/* A growable byte buffer that receives a nested archive. */
struct mka_mem {
	unsigned char	*ptr;
	size_t		 len;
	size_t		 cap;
};

/* The archive being written at top level, removed when we die. */
static const char *mka_out_path;

static void mka_die(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
static void mka_usage(void) __attribute__((noreturn));
static void mka_pack_dir(struct archive *a, const char *dir,
    const char *prefix);

/*
 * Print "mkarchive: <message>" on stderr, remove a partly written output
 * file, and exit 1.  Never returns.
 */
static void
mka_die(const char *fmt, ...)
{
	va_list ap;

	fputs("mkarchive: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (mka_out_path != NULL)
		(void)unlink(mka_out_path);
	exit(1);
}

/* malloc that dies instead of returning NULL. */
static void *
mka_malloc(size_t n)
{
	void *p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL)
		mka_die("out of memory");
	return p;
}

/*
 * Return a new string "a/b", or a copy of b when a is empty.  The caller
 * frees it.
 */
static char *
mka_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s;

	if (la == 0) {
		s = mka_malloc(lb + 1);
		memcpy(s, b, lb + 1);
		return s;
	}
	s = mka_malloc(la + 1 + lb + 1);
	memcpy(s, a, la);
	s[la] = '/';
	memcpy(s + la + 1, b, lb + 1);
	return s;
}

/* Return 1 when s ends with suffix, else 0. */
static int
mka_has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls > lx && strcmp(s + ls - lx, suffix) == 0;
}

/*
 * Look a format up by its exact name (for -f).  Returns 0 and sets *fmt, or
 * -1 when the name is unknown.
 */
static int
mka_format_by_name(const char *name, enum mka_format *fmt)
{
	int i;

	for (i = 0; i < MKA_NFORMATS; i++) {
		if (strcmp(name, mka_format_names[i]) == 0) {
			*fmt = (enum mka_format)i;
			return 0;
		}
	}
	return -1;
}

/*
 * Decide whether a directory named `name` is packed as a nested archive.
 * Returns 0 and sets *fmt when the name ends in ".<format>", else -1.  The
 * bare name "x.tar" is nested, ".tar" alone (nothing before the dot) is not.
 */
static int
mka_format_by_suffix(const char *name, enum mka_format *fmt)
{
	char suffix[16];
	int i;

	for (i = 0; i < MKA_NFORMATS; i++) {
		(void)snprintf(suffix, sizeof(suffix), ".%s",
		    mka_format_names[i]);
		if (mka_has_suffix(name, suffix)) {
			*fmt = (enum mka_format)i;
			return 0;
		}
	}
	return -1;
}

/* Append one item to the list; the list takes ownership of name and src. */
static void
mka_list_add_take(struct mka_list *l, char *name, char *src, int nested,
    enum mka_format fmt)
{
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 64;

		if (ncap > SIZE_MAX / sizeof(*l->v))
			mka_die("out of memory");
		l->v = realloc(l->v, ncap * sizeof(*l->v));
		if (l->v == NULL)
			mka_die("out of memory");
		l->cap = ncap;
	}
	l->v[l->n].name = name;
	l->v[l->n].src = src;
	l->v[l->n].nested = nested;
	l->v[l->n].format = fmt;
	l->n++;
}

/* Free every item and the list's storage; the list is empty afterwards. */
static void
mka_list_release(struct mka_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].src);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* qsort comparator: items by entry name, in byte order. */
static int
mka_item_cmp(const void *a, const void *b)
{
	const struct mka_item *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/*
 * Collect the members found under directory `dir` into l, naming each one
 * `prefix/<path below dir>` (or just the path when prefix is empty).
 * Directories with an archive suffix become nested items and are not
 * descended into; symlinks and anything but regular files and directories
 * are skipped.  Dies on any I/O error.
 */
static void
mka_walk(struct mka_list *l, const char *dir, const char *prefix)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	enum mka_format fmt;
	char *src, *name;

	if ((d = opendir(dir)) == NULL)
		mka_die("cannot open directory '%s': %s", dir,
		    strerror(errno));
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL) {
			if (errno != 0)
				mka_die("cannot read directory '%s': %s", dir,
				    strerror(errno));
			break;
		}
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		src = mka_join(dir, de->d_name);
		if (lstat(src, &st) != 0)
			mka_die("cannot stat '%s': %s", src, strerror(errno));
		name = mka_join(prefix, de->d_name);
		if (S_ISREG(st.st_mode)) {
			mka_list_add_take(l, name, src, 0, MKA_TAR);
		} else if (S_ISDIR(st.st_mode) &&
		    mka_format_by_suffix(de->d_name, &fmt) == 0) {
			mka_list_add_take(l, name, src, 1, fmt);
		} else if (S_ISDIR(st.st_mode)) {
			mka_walk(l, src, name);
			free(src);
			free(name);
		} else {
			/* Symlinks, FIFOs, devices: not fixture material. */
			free(src);
			free(name);
		}
	}
	(void)closedir(d);
}

/*
 * Create a write handle for `fmt` with every knob that affects the output
 * bytes pinned down.  Dies when libarchive lacks the format or filter.
 */
static struct archive *
mka_writer_new(enum mka_format fmt)
{
	struct archive *a;
	int r = ARCHIVE_OK;

	if ((a = archive_write_new()) == NULL)
		mka_die("out of memory");
	switch (fmt) {
	case MKA_TAR:
	case MKA_TAR_GZ:
	case MKA_TGZ:
	case MKA_TAR_BZ2:
	case MKA_TAR_XZ:
		/* pax only where ustar cannot say it (long names, big files). */
		r = archive_write_set_format_pax_restricted(a);
		break;
	case MKA_ZIP:
		if ((r = archive_write_set_format_zip(a)) == ARCHIVE_OK)
			r = archive_write_set_format_option(a, "zip",
			    "compression", "deflate");
		break;
	case MKA_NFORMATS:
		break;
	}
	if (r != ARCHIVE_OK)
		goto fail;
	switch (fmt) {
	case MKA_TAR_GZ:
	case MKA_TGZ:
		/* Without this the gzip header carries the current time. */
		if ((r = archive_write_add_filter_gzip(a)) == ARCHIVE_OK)
			r = archive_write_set_filter_option(a, "gzip",
			    "timestamp", NULL);
		break;
	case MKA_TAR_BZ2:
		r = archive_write_add_filter_bzip2(a);
		break;
	case MKA_TAR_XZ:
		r = archive_write_add_filter_xz(a);
		break;
	case MKA_TAR:
	case MKA_ZIP:
	case MKA_NFORMATS:
		break;
	}
	if (r != ARCHIVE_OK)
		goto fail;
	/*
	 * Do not pad the last block: libarchive pads to 10240 bytes unless
	 * it writes to a regular file, and nested archives go to memory.
	 */
	if (archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK)
		goto fail;
	return a;
fail:
	mka_die("cannot set up %s writer: %s", mka_format_names[fmt],
	    archive_error_string(a) ? archive_error_string(a) : "unsupported");
}

/* libarchive write callback for mka_mem: append the bytes. */
static la_ssize_t
mka_mem_write(struct archive *a, void *cookie, const void *p, size_t n)
{
	struct mka_mem *m = cookie;

	(void)a;
	if (n > SIZE_MAX - m->len)
		mka_die("nested archive too large");
	if (m->len + n > m->cap) {
		size_t ncap = m->cap ? m->cap : 64 * 1024;

		while (ncap < m->len + n) {
			if (ncap > SIZE_MAX / 2)
				mka_die("nested archive too large");
			ncap *= 2;
		}
		if ((m->ptr = realloc(m->ptr, ncap)) == NULL)
			mka_die("out of memory");
		m->cap = ncap;
	}
	memcpy(m->ptr + m->len, p, n);
	m->len += n;
	return (la_ssize_t)n;
}

/* Fill in the fixed metadata every entry carries. */
static void
mka_entry_fill(struct archive_entry *e, const char *name, int64_t size)
{
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, MKA_MODE);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_mtime(e, MKA_MTIME, 0);
	archive_entry_set_size(e, size);
}

/* Write an entry header; dies with the member name on failure. */
static void
mka_header_write(struct archive *a, struct archive_entry *e, const char *name)
{
	int r;

	/* Even a warning would mean the fixture is not what the tree says. */
	r = archive_write_header(a, e);
	if (r != ARCHIVE_OK)
		mka_die("cannot write '%s': %s", name, archive_error_string(a));
}

/* Write n bytes of member data; dies with the member name on failure. */
static void
mka_data_write(struct archive *a, const void *p, size_t n, const char *name)
{
	la_ssize_t w;

	while (n > 0) {
		w = archive_write_data(a, p, n);
		if (w <= 0)
			mka_die("cannot write '%s': %s", name,
			    archive_error_string(a) ? archive_error_string(a) :
			    "short write");
		p = (const unsigned char *)p + w;
		n -= (size_t)w;
	}
}

/*
 * Add the regular file at src as member `name`, streaming it in MKA_IOBUF
 * pieces so that a multi-gigabyte file costs no memory.  Dies if the file
 * cannot be read or changes size while we copy it.
 */
static void
mka_add_file(struct archive *a, const char *src, const char *name)
{
	struct archive_entry *e;
	struct stat st;
	unsigned char *iobuf;
	int64_t done = 0;
	ssize_t n;
	int fd;

	if ((fd = open(src, O_RDONLY)) < 0)
		mka_die("cannot open '%s': %s", src, strerror(errno));
	if (fstat(fd, &st) != 0)
		mka_die("cannot stat '%s': %s", src, strerror(errno));
	if ((e = archive_entry_new()) == NULL)
		mka_die("out of memory");
	mka_entry_fill(e, name, (int64_t)st.st_size);
	mka_header_write(a, e, name);
	archive_entry_free(e);
	iobuf = mka_malloc(MKA_IOBUF);
	for (;;) {
		n = read(fd, iobuf, MKA_IOBUF);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			mka_die("cannot read '%s': %s", src, strerror(errno));
		if (n == 0)
			break;
		if ((int64_t)n > (int64_t)st.st_size - done)
			mka_die("'%s' grew while being packed", src);
		mka_data_write(a, iobuf, (size_t)n, name);
		done += n;
	}
	if (done != (int64_t)st.st_size)
		mka_die("'%s' shrank while being packed", src);
	free(iobuf);
	(void)close(fd);
	if (archive_write_finish_entry(a) != ARCHIVE_OK)
		mka_die("cannot write '%s': %s", name, archive_error_string(a));
}

/*
 * Pack directory `dir` into an in-memory archive of format fmt, with entry
 * names relative to dir itself, and add it to a as the regular file `name`.
 */
static void
mka_add_nested(struct archive *a, const char *dir, const char *name,
    enum mka_format fmt)
{
	struct archive *inner;
	struct archive_entry *e;
	struct mka_mem m = { NULL, 0, 0 };

	inner = mka_writer_new(fmt);
	if (archive_write_open2(inner, &m, NULL, mka_mem_write, NULL,
	    NULL) != ARCHIVE_OK)
		mka_die("cannot start nested archive '%s': %s", name,
		    archive_error_string(inner));
	mka_pack_dir(inner, dir, "");
	if (archive_write_close(inner) != ARCHIVE_OK)
		mka_die("cannot finish nested archive '%s': %s", name,
		    archive_error_string(inner));
	archive_write_free(inner);

	if ((e = archive_entry_new()) == NULL)
		mka_die("out of memory");
	mka_entry_fill(e, name, (int64_t)m.len);
	mka_header_write(a, e, name);
	archive_entry_free(e);
	mka_data_write(a, m.ptr, m.len, name);
	if (archive_write_finish_entry(a) != ARCHIVE_OK)
		mka_die("cannot write '%s': %s", name, archive_error_string(a));
	free(m.ptr);
}

/*
 * Write every member under `dir` to the open archive a, sorted by name, each
 * named `prefix/<path below dir>` (no prefix when it is empty).
 */
static void
mka_pack_dir(struct archive *a, const char *dir, const char *prefix)
{
	struct mka_list l = { NULL, 0, 0 };
	size_t i;

	mka_walk(&l, dir, prefix);
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), mka_item_cmp);
	for (i = 0; i < l.n; i++) {
		if (l.v[i].nested)
			mka_add_nested(a, l.v[i].src, l.v[i].name,
			    l.v[i].format);
		else
			mka_add_file(a, l.v[i].src, l.v[i].name);
	}
	mka_list_release(&l);
}

/*
 * Return DIR's basename, the archive's top-level directory, as a new string.
 * Trailing slashes are ignored; ".", ".." and the like are resolved with
 * realpath so the archive never starts with a dot component.
 */
static char *
mka_top_name(const char *dir)
{
	size_t len = strlen(dir), start;
	char *name, *real;
	const char *slash;

	while (len > 1 && dir[len - 1] == '/')
		len--;
	start = len;
	while (start > 0 && dir[start - 1] != '/')
		start--;
	name = mka_malloc(len - start + 1);
	memcpy(name, dir + start, len - start);
	name[len - start] = '\0';
	if (name[0] != '\0' && strcmp(name, ".") != 0 &&
	    strcmp(name, "..") != 0)
		return name;
	free(name);
	if ((real = realpath(dir, NULL)) == NULL)
		mka_die("cannot resolve '%s': %s", dir, strerror(errno));
	slash = strrchr(real, '/');
	if (slash == NULL || slash[1] == '\0')
		mka_die("cannot pack '%s': it has no name to use as the "
		    "top-level directory", dir);
	name = mka_join("", slash + 1);
	free(real);
	return name;
}

/*
 * Parse the -t argument: "N" (keep N bytes) or "-N" (drop N bytes).  Sets
 * *n and *from_end; dies on anything that is not a non-negative integer.
 */
static void
mka_parse_trunc(const char *s, long long *n, int *from_end)
{
	const char *digits = s;
	char *end;

	*from_end = s[0] == '-';
	if (*from_end)
		digits++;
	if (digits[0] < '0' || digits[0] > '9')
		mka_die("invalid -t value '%s'", s);
	errno = 0;
	*n = strtoll(digits, &end, 10);
	if (errno != 0 || *end != '\0' || *n < 0)
		mka_die("invalid -t value '%s'", s);
}

/* Truncate path as -t asked; dies on failure or when -N exceeds its size. */
static void
mka_truncate(const char *path, long long n, int from_end)
{
	struct stat st;
	off_t len = (off_t)n;

	if (from_end) {
		if (stat(path, &st) != 0)
			mka_die("cannot stat '%s': %s", path, strerror(errno));
		if ((long long)st.st_size < n)
			mka_die("cannot cut %lld bytes from '%s': it has %lld",
			    n, path, (long long)st.st_size);
		len = st.st_size - (off_t)n;
	}
	if (truncate(path, len) != 0)
		mka_die("cannot truncate '%s': %s", path, strerror(errno));
}

/* Print the one-line usage message and exit 1. */
static void
mka_usage(void)
{
	mka_die("usage: mkarchive -f tar|tar.gz|tgz|tar.bz2|tar.xz|zip "
	    "-o OUT [-t [-]N] DIR");
}

/* Parse the command line, pack DIR into OUT, then apply -t. */
int
main(int argc, char **argv)
{
	struct archive *a;
	struct stat st;
	enum mka_format fmt = MKA_TAR;
	const char *fmt_arg = NULL, *out = NULL, *dir;
	char *top;
	long long trunc_n = 0;
	int ch, trunc_set = 0, trunc_from_end = 0;

	/*
	 * Zip stores local DOS times; pin the zone so that the output does
	 * not depend on the caller's TZ.
	 */
	if (setenv("TZ", "UTC", 1) != 0)
		mka_die("cannot set TZ: %s", strerror(errno));
	tzset();

	while ((ch = getopt(argc, argv, "f:o:t:")) != -1) {
		switch (ch) {
		case 'f':
			fmt_arg = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 't':
			/* "-t -5": getopt hands us "-5" as the argument. */
			mka_parse_trunc(optarg, &trunc_n, &trunc_from_end);
			trunc_set = 1;
			break;
		default:
			mka_usage();
		}
	}
	if (fmt_arg == NULL || out == NULL || argc - optind != 1)
		mka_usage();
	if (mka_format_by_name(fmt_arg, &fmt) != 0)
		mka_die("unknown format '%s' (tar, tar.gz, tgz, tar.bz2, "
		    "tar.xz, zip)", fmt_arg);
	dir = argv[optind];
	if (stat(dir, &st) != 0)
		mka_die("cannot stat '%s': %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		mka_die("'%s' is not a directory", dir);
	top = mka_top_name(dir);

	a = mka_writer_new(fmt);
	if (archive_write_open_filename(a, out) != ARCHIVE_OK)
		mka_die("cannot create '%s': %s", out,
		    archive_errno(a) > 0 ? strerror(archive_errno(a)) :
		    archive_error_string(a));
	mka_out_path = out;
	mka_pack_dir(a, dir, top);
	if (archive_write_close(a) != ARCHIVE_OK)
		mka_die("cannot finish '%s': %s", out, archive_error_string(a));
	archive_write_free(a);
	free(top);

	if (trunc_set)
		mka_truncate(out, trunc_n, trunc_from_end);
	return 0;
}
