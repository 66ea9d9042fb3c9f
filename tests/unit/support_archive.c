/*
 * support_archive.c: test helpers that build archives with libarchive's
 * write API and manage temporary directories (see support_archive.h).
 */
#define _XOPEN_SOURCE 700
#include <sys/stat.h>

#include <errno.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "buf.h"
#include "support_archive.h"
#include "xalloc.h"

static void
sa_die(const char *what, struct archive *a)
{
	fprintf(stderr, "support_archive: %s: %s\n", what,
	    a != NULL && archive_error_string(a) != NULL ?
	    archive_error_string(a) : strerror(errno));
	abort();
}

static la_ssize_t
sa_write_cb(struct archive *a, void *ud, const void *data, size_t n)
{
	(void)a;
	buf_add(ud, data, n);
	return (la_ssize_t)n;
}

void *
sa_build(const char *format, const struct sa_entry *e, size_t n,
    size_t *lenp)
{
	struct archive *a = archive_write_new();
	struct archive_entry *ae;
	struct buf out = BUF_INIT;
	static const char zeros[65536];
	size_t i, len, done, k;
	bool raw = strcmp(format, "gz") == 0;

	if (a == NULL)
		sa_die("archive_write_new", NULL);
	if (strcmp(format, "zip") == 0)
		archive_write_set_format_zip(a);
	else if (raw)
		archive_write_set_format_raw(a);
	else
		archive_write_set_format_pax_restricted(a);
	if (strcmp(format, "tar.gz") == 0 || raw)
		archive_write_add_filter_gzip(a);
	else if (strcmp(format, "tar.bz2") == 0)
		archive_write_add_filter_bzip2(a);
	else if (strcmp(format, "tar.xz") == 0)
		archive_write_add_filter_xz(a);
	archive_write_set_bytes_in_last_block(a, 1);
	if (archive_write_open(a, &out, NULL, sa_write_cb, NULL) != ARCHIVE_OK)
		sa_die("archive_write_open", a);
	for (i = 0; i < n; i++) {
		ae = archive_entry_new();
		archive_entry_set_pathname(ae, e[i].name);
		archive_entry_set_mtime(ae, 1748772900, 0);
		len = e[i].len;
		if (e[i].data != NULL && len == 0 && e[i].type == SA_FILE)
			len = strlen(e[i].data);
		switch (e[i].type) {
		case SA_SYMLINK:
			archive_entry_set_filetype(ae, AE_IFLNK);
			archive_entry_set_perm(ae, 0777);
			archive_entry_set_symlink(ae, e[i].data);
			len = 0;
			break;
		case SA_DIR:
			archive_entry_set_filetype(ae, AE_IFDIR);
			archive_entry_set_perm(ae, 0755);
			len = 0;
			break;
		case SA_FILE:
			archive_entry_set_filetype(ae, AE_IFREG);
			archive_entry_set_perm(ae, 0644);
			archive_entry_set_size(ae, (la_int64_t)len);
			break;
		}
		if (archive_write_header(a, ae) != ARCHIVE_OK)
			sa_die("archive_write_header", a);
		for (done = 0; done < len; done += k) {
			k = len - done;
			if (e[i].data == NULL) {
				if (k > sizeof(zeros))
					k = sizeof(zeros);
				if (archive_write_data(a, zeros, k) < 0)
					sa_die("archive_write_data", a);
			} else if (archive_write_data(a,
			    (const char *)e[i].data + done, k) < 0)
				sa_die("archive_write_data", a);
		}
		archive_entry_free(ae);
		if (raw)
			break;
	}
	if (archive_write_close(a) != ARCHIVE_OK)
		sa_die("archive_write_close", a);
	archive_write_free(a);
	return buf_detach(&out, lenp);
}

char *
sa_tmpdir(void)
{
	char *t = xstrdup("/tmp/ctriage-test-XXXXXX");

	if (mkdtemp(t) == NULL)
		sa_die("mkdtemp", NULL);
	return t;
}

char *
sa_write(const char *dir, const char *name, const void *data, size_t len)
{
	char *path = xasprintf("%s/%s", dir, name), *p;
	FILE *f;

	for (p = path + strlen(dir) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			sa_die("mkdir", NULL);
		*p = '/';
	}
	if ((f = fopen(path, "wb")) == NULL)
		sa_die(path, NULL);
	if (len && fwrite(data, 1, len, f) != len)
		sa_die("fwrite", NULL);
	if (fclose(f) != 0)
		sa_die("fclose", NULL);
	return path;
}

static int
sa_rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void
sa_rmtree(const char *dir)
{
	nftw(dir, sa_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *sa_tmp;

int
sa_group_setup(void **state)
{
	(void)state;
	sa_tmp = sa_tmpdir();
	return 0;
}

int
sa_group_teardown(void **state)
{
	(void)state;
	sa_rmtree(sa_tmp);
	free(sa_tmp);
	sa_tmp = NULL;
	return 0;
}

char *
sa_write_archive(const char *name, const char *format,
    const struct sa_entry *e, size_t n)
{
	size_t len;
	void *data = sa_build(format, e, n, &len);
	char *path = sa_write(sa_tmp, name, data, len);

	free(data);
	return path;
}
