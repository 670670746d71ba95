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
 *         slow     a valid answer ({"ok": true}), 9 s after the request
 *         bighdr   a response header line of 1 MiB
 *         cookies  2,500 Set-Cookie headers
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
put(int c, const char *s)
{
	size_t n = strlen(s);

	while (n > 0) {
		ssize_t w = write(c, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* Well-formed answers that break a limit or arrive late. */
static void
serve_valid(int c, const char *mode)
{
	static char line[1100000];
	const char *ok = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	    "Connection: close\r\n";

	if (strcmp(mode, "slow") == 0)
		sleep(9);
	put(c, ok);
	if (strcmp(mode, "bighdr") == 0) {
		memset(line, 'a', sizeof(line));
		memcpy(line, "X-Big: ", 7);
		memcpy(line + 1024 * 1024, "\r\n", 3);
		put(c, line);
	} else if (strcmp(mode, "cookies") == 0) {
		for (int i = 0; i < 2500; i++) {
			snprintf(line, 256, "Set-Cookie: c%d=%0150d; "
			    "Path=/\r\n", i, i);
			put(c, line);
		}
	}
	put(c, "Content-Length: 12\r\n\r\n{\"ok\": true}");
}

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
	if (strcmp(mode, "slow") == 0 || strcmp(mode, "bighdr") == 0 ||
	    strcmp(mode, "cookies") == 0) {
		serve_valid(c, mode);
		return;
	}
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
		fprintf(stderr, "usage: badserver garbage|hang|huge|close|slow|"
		    "bighdr|cookies PORTFILE\n");
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
