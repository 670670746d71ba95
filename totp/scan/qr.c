/*
 * QR images (Google Authenticator transfer codes) through zbarimg when it
 * is installed: fork + execvp with a fixed argv, never a shell, stdout
 * captured up to the buffer's max, stderr discarded.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "totp/scan/scan.h"

#define EXIT_NOEXEC 127

int
aa_totp_qr_decode(const char *path, struct aa_buf *out)
{
	char *argv[5], *arg = NULL;
	char chunk[4096];
	int fds[2] = { -1, -1 }, status = 0, r = AA_ERR_IO;
	size_t n = strlen(path) + 3;
	pid_t pid;
	ssize_t got;

	/* A file name starting with '-' must not read as an option. */
	if ((arg = malloc(n)) == NULL)
		return AA_ERR_NOMEM;
	snprintf(arg, n, "%s%s", path[0] == '-' ? "./" : "", path);
	argv[0] = (char *)"zbarimg";
	argv[1] = (char *)"--quiet";
	argv[2] = (char *)"--raw";
	argv[3] = arg;
	argv[4] = NULL;
	if (pipe(fds) != 0)
		goto out;
	if ((pid = fork()) == -1)
		goto out;
	if (pid == 0) {
		int dn = open("/dev/null", O_RDWR);

		dup2(fds[1], STDOUT_FILENO);
		if (dn >= 0) {
			dup2(dn, STDERR_FILENO);
			dup2(dn, STDIN_FILENO);
		}
		close(fds[0]);
		close(fds[1]);
		execvp(argv[0], argv);
		_exit(EXIT_NOEXEC);
	}
	close(fds[1]);
	fds[1] = -1;
	r = AA_OK;
	while ((got = read(fds[0], chunk, sizeof(chunk))) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			r = AA_ERR_IO;
			break;
		}
		if (r == AA_OK && aa_buf_append(out, chunk, (size_t)got) != AA_OK)
			r = AA_ERR_TOOBIG; /* keep draining so the child ends */
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_NOEXEC)
		r = AA_ERR_UNSUPPORTED;
	else if (r == AA_OK && (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    out->len == 0))
		r = AA_ERR_NOTFOUND; /* no QR code in the image */
out:
	aa_wipe(chunk, sizeof(chunk));
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	free(arg);
	return r;
}
