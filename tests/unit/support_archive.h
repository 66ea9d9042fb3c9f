/*
 * support_archive.h: building test archives at test time.
 *
 * Tests must not keep binary archives in git, so every archive a test needs
 * is built here from text with libarchive's write API, deterministically
 * (fixed mtime, owner and mode).
 */
#ifndef CTRIAGE_TEST_SUPPORT_ARCHIVE_H
#define CTRIAGE_TEST_SUPPORT_ARCHIVE_H

#include <stddef.h>

enum sa_type {
	SA_FILE,
	SA_SYMLINK,
	SA_DIR,
};

struct sa_entry {
	const char	*name;
	const void	*data;	/* NULL with len > 0: len zero bytes */
	size_t		 len;	/* when data is a string, 0 means strlen */
	enum sa_type	 type;	/* SA_SYMLINK: data is the target */
};

/*
 * Build an archive in memory.  format: "tar", "tar.gz", "tar.bz2",
 * "tar.xz", "zip", "gz" (a raw gzip stream of the first entry's data).
 * Returns malloc'd bytes; aborts the test program on failure.
 */
void *sa_build(const char *format, const struct sa_entry *e, size_t n,
    size_t *lenp);

/* A fresh temporary directory; remove it with sa_rmtree. */
char *sa_tmpdir(void);
/* Write data to dir/name (creating parent dirs); returns the path. */
char *sa_write(const char *dir, const char *name, const void *data,
    size_t len);
void sa_rmtree(const char *dir);

/*
 * A temporary directory for a whole cmocka group: sa_group_setup creates
 * it in sa_tmp, sa_group_teardown removes it.
 */
extern char *sa_tmp;
int sa_group_setup(void **state);
int sa_group_teardown(void **state);

/* Build an archive (see sa_build) and write it to sa_tmp/name. */
char *sa_write_archive(const char *name, const char *format,
    const struct sa_entry *e, size_t n);

#endif
