/*
 * A misbehaving HTTP "server" on 127.0.0.1 for the CLI tests: it answers
 * every connection in one bad way, so the auditor's timeouts, caps and
 * error paths can be tested against a real socket.
 *
 *   badserver MODE PORTFILE
 *   MODE: garbage  non-HTTP bytes, then close
 *         hang     accept and never answer
 *         huge     a 100 MB body, streamed
 *         close    accept and close at once
 * It exits after 60 s whatever happens, so a test can never leave it behind.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void
serve(int c, const char *mode)
{
	static char zeros[65536];
	char req[4096];
	const char *hdr = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	    "Content-Length: 104857600\r\n\r\n";

	if (strcmp(mode, "close") == 0)
		return;
	if (strcmp(mode, "hang") == 0) {
		pause();
		return;
	}
	(void)read(c, req, sizeof(req));
	if (strcmp(mode, "garbage") == 0) {
		const char *junk = "\x16\x03\x01 this is not HTTP \x00\xff\r\n\r\n";

		(void)write(c, junk, strlen(junk) + 4);
		return;
	}
	if (write(c, hdr, strlen(hdr)) < 0)
		return;
	for (int i = 0; i < 1600; i++)
		if (write(c, zeros, sizeof(zeros)) < 0)
			return;
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	FILE *fp;
	int s, c;

	if (argc != 3) {
		fprintf(stderr, "usage: badserver garbage|hang|huge|close PORTFILE\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	alarm(60);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(s, 16) < 0 ||
	    getsockname(s, (struct sockaddr *)&sa, &len) < 0) {
		perror("badserver");
		return 1;
	}
	if ((fp = fopen(argv[2], "w")) == NULL)
		return 1;
	fprintf(fp, "%u\n", ntohs(sa.sin_port));
	fclose(fp);
	for (;;) {
		if ((c = accept(s, NULL, NULL)) < 0)
			continue;
		if (fork() == 0) {
			/* alarms are not inherited: bound the child too */
			alarm(30);
			close(s);
			serve(c, argv[1]);
			_exit(0);
		}
		close(c);
	}
}
