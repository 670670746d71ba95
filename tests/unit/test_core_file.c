/*
 * core/file.c: only regular files are read (a FIFO never blocks, a device
 * is refused); outputs appear whole, 0600 whatever the umask, and a
 * symlink at the name is replaced, its target left alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/file.h"
#include "auth-audit/core/secret.h"
#include "tests/unit/tap.h"

static char dir[64];

/* dir/name in one of two buffers, so two can be passed at once. */
static const char *
in_dir(const char *name)
{
	static char p[2][128];
	static int k;

	k ^= 1;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

static void
reading(void)
{
	struct aa_buf b;
	aa_secret_t *s = NULL;
	FILE *fp = NULL;
	char fifo[128];

	snprintf(fifo, sizeof(fifo), "%s", in_dir("fifo"));
	ok(mkfifo(fifo, 0600) == 0, "FIFO made");
	/* With no writer, a blocking open() would never return. */
	is_int(aa_file_open_read(fifo, &fp), AA_ERR_NOTREG, "FIFO refused");
	ok(fp == NULL, "  nothing opened");
	is_int(aa_file_open_read("/dev/zero", &fp), AA_ERR_NOTREG,
	    "/dev/zero refused");
	is_int(aa_file_open_read(dir, &fp), AA_ERR_NOTREG, "directory refused");
	is_int(aa_file_open_read(in_dir("none"), &fp), AA_ERR_IO,
	    "missing file: I/O error");
	aa_buf_init(&b, 1024);
	is_int(aa_buf_read_file(&b, fifo), AA_ERR_NOTREG,
	    "aa_buf_read_file refuses a FIFO");
	is_int(aa_secret_read(fifo, NULL, NULL, &s), AA_ERR_NOTREG,
	    "aa_secret_read refuses a FIFO (--password-file)");
	is_int(aa_file_write_atomic(in_dir("pw"), "hunter2\n", 8, 0600), AA_OK,
	    "a regular file");
	is_int(aa_secret_read(in_dir("pw"), NULL, NULL, &s), AA_OK,
	    "  is read");
	ok(s != NULL && s->len == 7, "  first line without its end");
	aa_secret_free(&s);
	aa_buf_release(&b);
}

static void
writing(void)
{
	struct aa_file_out f;
	struct stat st;
	char buf[64] = "";
	FILE *fp;
	mode_t old = umask(0);

	fp = fopen(in_dir("victim"), "w");
	fputs("keep", fp);
	fclose(fp);
	ok(symlink(in_dir("victim"), in_dir("link")) == 0, "symlink made");
	is_int(aa_file_out_open(&f, in_dir("link"), AA_FILE_MODE), AA_OK,
	    "output over a symlink opens");
	fputs("report", f.fp);
	ok(lstat(in_dir("link"), &st) == 0 && S_ISLNK(st.st_mode),
	    "  the name is untouched until commit");
	is_int(aa_file_out_commit(&f), AA_OK, "  commit");
	ok(lstat(in_dir("link"), &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 0777) == 0600, "  a regular 0600 file under umask 0");
	fp = fopen(in_dir("victim"), "r");
	ok(fp != NULL && fgets(buf, sizeof(buf), fp) != NULL &&
	    strcmp(buf, "keep") == 0, "  the link's target is untouched");
	if (fp != NULL)
		fclose(fp);
	is_int(aa_file_out_open(&f, in_dir("half"), AA_FILE_MODE), AA_OK,
	    "another output");
	fputs("half", f.fp);
	aa_file_out_abort(&f);
	ok(access(in_dir("half"), F_OK) != 0, "  aborted: no file at all");
	is_int(aa_file_out_check(in_dir("fifo")), AA_ERR_NOTREG,
	    "a FIFO cannot take a report");
	is_int(aa_file_out_check("/dev/null"), AA_ERR_NOTREG,
	    "nor a device");
	is_int(aa_file_out_check("-"), AA_OK, "'-' is standard output");
	is_int(aa_file_open_append(in_dir("link"), 0600, &fp), AA_OK,
	    "a log appends to a regular file");
	fclose(fp);
	ok(symlink(in_dir("victim"), in_dir("log")) == 0, "symlink made");
	is_int(aa_file_open_append(in_dir("log"), 0600, &fp), AA_ERR_NOTREG,
	    "a log never through a symlink");
	umask(old);
}

int
main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/aa-file.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	reading();
	writing();
	for (const char *const *n = (const char *const[]){ "fifo", "pw",
	    "victim", "link", "log", NULL }; *n != NULL; n++)
		unlink(in_dir(*n));
	rmdir(dir);
	return tap_done();
}
