#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/file.h"

int
aa_file_open_read(const char *path, FILE **out)
{
	struct stat st;
	int fd = -1, fl;

	*out = NULL;
	if (path == NULL)
		return AA_ERR_ARG;
	if (strcmp(path, "-") == 0) {
		*out = stdin;
		return AA_OK;
	}
	if (stat(path, &st) != 0)
		return AA_ERR_IO;
	if (!S_ISREG(st.st_mode))
		return AA_ERR_NOTREG;
	/* Non-blocking: had a FIFO taken the file's place since stat(),
	 * open() would wait for a writer. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) <
	    0)
		return AA_ERR_IO;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return AA_ERR_NOTREG;
	}
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1 ||
	    (*out = fdopen(fd, "rb")) == NULL) {
		close(fd);
		return AA_ERR_IO;
	}
	return AA_OK;
}

void
aa_file_close_read(FILE *fp)
{
	if (fp != NULL && fp != stdin)
		fclose(fp);
}

/* An existing name that is neither a regular file nor a symlink to one
 * (a dangling link is fine: it is replaced) cannot take a report. */
static int
out_target_ok(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? AA_OK : AA_ERR_IO;
	if (S_ISREG(st.st_mode))
		return AA_OK;
	if (!S_ISLNK(st.st_mode))
		return AA_ERR_NOTREG;
	if (stat(path, &st) != 0)
		return AA_OK;
	return S_ISREG(st.st_mode) ? AA_OK : AA_ERR_NOTREG;
}

int
aa_file_out_check(const char *path)
{
	if (path == NULL || strcmp(path, "-") == 0)
		return AA_OK;
	return out_target_ok(path);
}

int
aa_file_out_open(struct aa_file_out *f, const char *path, mode_t mode)
{
	size_t n;
	int fd = -1, r;

	memset(f, 0, sizeof(*f));
	if (path == NULL || strcmp(path, "-") == 0) {
		f->fp = stdout;
		return AA_OK;
	}
	if ((r = out_target_ok(path)) != AA_OK)
		return r;
	n = strlen(path) + sizeof(".XXXXXX");
	if ((f->path = strdup(path)) == NULL || (f->tmp = malloc(n)) == NULL) {
		r = AA_ERR_NOMEM;
		goto fail;
	}
	snprintf(f->tmp, n, "%s.XXXXXX", path);
	/* mkstemp creates with O_EXCL: a symlink planted at the temporary
	 * name makes it fail, never write through. */
	r = AA_ERR_IO;
	if ((fd = mkstemp(f->tmp)) < 0) {
		free(f->tmp);
		f->tmp = NULL;
		goto fail;
	}
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) == -1 || fchmod(fd, mode) != 0 ||
	    (f->fp = fdopen(fd, "wb")) == NULL) {
		close(fd);
		goto fail;
	}
	return AA_OK;
fail:
	aa_file_out_abort(f);
	return r;
}

int
aa_file_out_commit(struct aa_file_out *f)
{
	int r = AA_ERR_IO;

	if (f->fp == NULL)
		return AA_ERR_ARG;
	if (f->path == NULL) {
		r = fflush(f->fp) == 0 ? AA_OK : AA_ERR_IO;
		f->fp = NULL;
		return r;
	}
	if (fflush(f->fp) == 0 && fsync(fileno(f->fp)) == 0)
		r = AA_OK;
	if (fclose(f->fp) != 0)
		r = AA_ERR_IO;
	f->fp = NULL;
	/* rename() replaces a symlink at path, it does not follow it. */
	if (r == AA_OK && rename(f->tmp, f->path) != 0)
		r = AA_ERR_IO;
	if (r == AA_OK) {
		free(f->tmp);
		f->tmp = NULL;
	}
	aa_file_out_abort(f);
	return r;
}

void
aa_file_out_abort(struct aa_file_out *f)
{
	if (f->fp != NULL && f->fp != stdout)
		fclose(f->fp);
	f->fp = NULL;
	if (f->tmp != NULL)
		unlink(f->tmp);
	free(f->tmp);
	free(f->path);
	f->tmp = NULL;
	f->path = NULL;
}

int
aa_file_write_atomic(const char *path, const void *p, size_t n, mode_t mode)
{
	struct aa_file_out f;
	int r;

	if (path == NULL || strcmp(path, "-") == 0)
		return AA_ERR_ARG;
	if ((r = aa_file_out_open(&f, path, mode)) != AA_OK)
		return r;
	if (fwrite(p, 1, n, f.fp) != n) {
		aa_file_out_abort(&f);
		return AA_ERR_IO;
	}
	return aa_file_out_commit(&f);
}

int
aa_file_open_append(const char *path, mode_t mode, FILE **out)
{
	const int fl = O_WRONLY | O_APPEND | O_NOFOLLOW | O_NOCTTY |
	    O_NONBLOCK | O_CLOEXEC;
	struct stat st;
	int fd, created = 1;

	*out = NULL;
	memset(&st, 0, sizeof(st));
	if ((fd = open(path, fl | O_CREAT | O_EXCL, mode)) < 0) {
		created = 0;
		if (errno != EEXIST || (fd = open(path, fl)) < 0)
			return errno == ELOOP ? AA_ERR_NOTREG : AA_ERR_IO;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (created && fchmod(fd, mode) != 0) ||
	    fcntl(fd, F_SETFL, O_APPEND) == -1 ||
	    (*out = fdopen(fd, "a")) == NULL) {
		close(fd);
		return S_ISREG(st.st_mode) ? AA_ERR_IO : AA_ERR_NOTREG;
	}
	return AA_OK;
}
