/*
 * Files named on the command line, and the files the programs write.
 *
 * Reading: only regular files. A FIFO, a device, a directory or a socket
 * is refused (AA_ERR_NOTREG) before anything can block on it: a FIFO
 * nobody writes to would hang open() and read() forever, /dev/zero never
 * ends.
 *
 * Writing: reports, port files and state are written to a temporary file
 * in the same directory (created exclusively, so never through a symlink,
 * with exactly the requested mode whatever the umask) and renamed over
 * the name when complete: a reader never sees half a file, and an
 * existing symlink at the name is replaced, its target left alone. Logs
 * are appended to, never through a symlink.
 */
#ifndef AA_FILE_H
#define AA_FILE_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* Mode of every file the programs create (docs/auth-audit.1, FILES). */
#define AA_FILE_MODE 0600

/* Open path to read ("-": stdin). AA_ERR_NOTREG for anything but a
 * regular file, AA_ERR_IO when it cannot be opened. */
int aa_file_open_read(const char *path, FILE **out);
/* Close what aa_file_open_read opened (stdin stays open). */
void aa_file_close_read(FILE *fp);

struct aa_file_out {
	FILE *fp;       /* write here */
	char *path;     /* NULL: fp is stdout */
	char *tmp;
};

/*
 * Start writing path (NULL or "-": stdout). AA_ERR_NOTREG when path names
 * an existing FIFO, device, socket or directory, or a symlink to one
 * (say "use '-' for standard output"); AA_ERR_IO when the temporary file
 * cannot be created.
 */
int aa_file_out_open(struct aa_file_out *f, const char *path, mode_t mode);
/* The check aa_file_out_open makes, alone: a command learns before a long
 * run that its output cannot be written (AA_ERR_NOTREG). */
int aa_file_out_check(const char *path);
/* Flush, sync and rename the temporary file over path; on any failure the
 * temporary file is removed and path is unchanged. */
int aa_file_out_commit(struct aa_file_out *f);
/* Give up: close and remove the temporary file. */
void aa_file_out_abort(struct aa_file_out *f);
/* The whole of a small file at once (port files). */
int aa_file_write_atomic(const char *path, const void *p, size_t n,
    mode_t mode);
/* Open a log to append to (created with mode when missing). AA_ERR_NOTREG
 * for a symlink or anything but a regular file. */
int aa_file_open_append(const char *path, mode_t mode, FILE **out);

#endif
