/*
 * ingest.h: walking a customer archive without unpacking it.
 *
 * ingest_walk() opens the input (a zip, a tar, a compressed tar, an
 * unpacked directory, or a lone bugtool archive: recognized by content with
 * libarchive, never by extension), and hands every member to a visitor as a
 * stream.  A member that is itself an archive (the cilium-bugtool-*.tar.gz
 * that older collectors leave in a sysdump) is opened in turn, streamed from
 * its parent, to a bounded depth.  Nothing is ever written to disk, and no
 * member name is ever used as a file system path.
 *
 * The walk never stops for a bad member: a truncated, corrupt, oversized or
 * oddly named member is reported to the visitor's `skip` callback with the
 * reason, and the walk goes on.  Only an input that cannot be opened at all
 * makes ingest_walk() fail.
 *
 * Paths: a member's path is its name in its archive ("./" and trailing "/"
 * removed); for a directory input, the path relative to that directory; for a
 * member of a nested archive, "<container path>/<name in the container>".
 */
#ifndef CTRIAGE_INGEST_H
#define CTRIAGE_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Hard caps on what one walk may read.  0 means "no limit" for each. */
struct ingest_limits {
	uint64_t	max_member_bytes;	/* uncompressed size of one member */
	uint64_t	max_total_bytes;	/* uncompressed bytes in the walk */
	uint64_t	max_members;		/* members, nested ones included */
	unsigned	max_depth;		/* archives inside archives */
	/*
	 * A member that expands to more than ratio_min_bytes and more than
	 * max_ratio times its compressed size is a decompression bomb.
	 */
	unsigned	max_ratio;
	uint64_t	ratio_min_bytes;
};

#define INGEST_DEFAULT_MAX_MEMBER_BYTES	(UINT64_C(4) << 30)	/* 4 GiB */
#define INGEST_DEFAULT_MAX_TOTAL_BYTES	(UINT64_C(32) << 30)	/* 32 GiB */
#define INGEST_DEFAULT_MAX_MEMBERS	200000
#define INGEST_DEFAULT_MAX_DEPTH	4
#define INGEST_DEFAULT_MAX_RATIO	500
#define INGEST_DEFAULT_RATIO_MIN_BYTES	(UINT64_C(8) << 20)	/* 8 MiB */

/* Fill *l with the defaults above. */
void ingest_limits_default(struct ingest_limits *l);

enum ingest_input_type {
	INGEST_INPUT_DIRECTORY,
	INGEST_INPUT_ARCHIVE,
};

/* What the walk found out about the input itself. */
struct ingest_input {
	enum ingest_input_type	 type;
	/* "directory", "zip", "tar", "tar.gz", "tar.bz2", "tar.xz", ... */
	char			*format;
	uint64_t		 members;	/* members handed to the visitor */
	uint64_t		 bytes;		/* uncompressed bytes read */
	uint64_t		 skipped;	/* members reported to skip */
};

/*
 * One member, as the visitor sees it.  All pointers are borrowed and valid
 * only during the callback.
 */
struct ingest_member {
	const char	*path;		/* printable, see above */
	const char	*name;		/* last path component */
	const char	*container;	/* path of the enclosing nested archive,
					   NULL at top level */
	int64_t		 size;		/* declared size, -1 when unknown */
	unsigned	 depth;		/* 0 for members of the input itself */
	bool		 is_archive;	/* a nested archive that will be walked
					   next; its bytes are not readable */
	/* The first bytes of the member (up to INGEST_HEAD_BYTES). */
	const unsigned char *head;
	size_t		 head_len;
	struct ingest_stream *stream;	/* private */
};

#define INGEST_HEAD_BYTES	4096

/*
 * Read up to n bytes of the member into dst.  Returns the number of bytes
 * read, 0 at the end of the member, or -1 when the member is broken (the
 * reason is then reported through the visitor's member_end).  A visitor may
 * read all, part or none of a member: the walk drains what is left.
 */
ssize_t ingest_member_read(struct ingest_member *m, void *dst, size_t n);

struct ingest_visitor {
	/*
	 * Called once per regular-file member before its data.  Returning
	 * non-zero stops the walk (ingest_walk then returns that value).
	 */
	int	(*member)(void *ctx, struct ingest_member *m);
	/*
	 * Called after the member's data has been read through.  `error` is
	 * NULL when the member was read whole, else the reason it is broken
	 * ("truncated member", "exceeds the member size limit ...").  `bytes`
	 * is the number of uncompressed bytes seen.  For a nested archive it
	 * is called after all of the archive's own members.
	 */
	void	(*member_end)(void *ctx, const struct ingest_member *m,
		    uint64_t bytes, const char *error);
	/*
	 * A member that is not handed to `member` at all (a bad name, a
	 * symlink, a limit reached), or a note about the walk itself
	 * ("archive truncated after ...").  path is printable.
	 */
	void	(*skip)(void *ctx, const char *path, const char *reason);
};

/*
 * Walk the input at `path` (a file or a directory), calling the visitor for
 * every member, in archive order (directories: sorted by name).
 *
 * Returns 0 when the walk ran (whatever was skipped), the visitor's value
 * when it stopped the walk, or -1 when the input cannot be opened at all, in
 * which case *errp is set to a one-line, malloc'd message naming the input.
 * info, when not NULL, is filled in (release with ingest_input_release).
 */
int ingest_walk(const char *path, const struct ingest_limits *limits,
    const struct ingest_visitor *v, void *ctx, struct ingest_input *info,
    char **errp);

void ingest_input_release(struct ingest_input *info);

/*
 * A member over bytes in memory, for tests and for text embedded in other
 * members (a YAML string inside a JSON file).  data is borrowed and must
 * outlive the member.  Free with ingest_member_memory_free.
 */
struct ingest_member *ingest_member_memory_new(const char *path,
    const void *data, size_t len);
void ingest_member_memory_free(struct ingest_member *m);

/*
 * A line reader over a member, for parsers that work line by line.
 * Lines longer than max_line are cut (the rest of the line is discarded and
 * `truncated` is set), so memory stays bounded on hostile input.
 */
struct ingest_lines {
	struct ingest_member	*m;
	char			*buf;
	size_t			 cap;
	size_t			 start;
	size_t			 end;
	size_t			 max_line;
	unsigned long		 lineno;	/* of the line last returned */
	bool			 eof;
	bool			 error;
	bool			 truncated;	/* the last line was cut */
	bool			 discard;	/* private: dropping a cut line's tail */
};

void ingest_lines_init(struct ingest_lines *r, struct ingest_member *m,
    size_t max_line);
/*
 * Return the next line without its newline (and without a trailing CR),
 * NUL-terminated, valid until the next call; *lenp gets its length.
 * Returns NULL at the end of the member or on a read error (r->error).
 */
char *ingest_lines_next(struct ingest_lines *r, size_t *lenp);
void ingest_lines_release(struct ingest_lines *r);

#endif
