/*
 * A small forward HTTP proxy on 127.0.0.1 for the --proxy tests. It logs
 * the request line of every request it relays ("GET http://...",
 * "CONNECT 127.0.0.1:PORT") to LOGFILE and forwards to loopback hosts
 * only; anything else is answered 403.
 *
 *   proxy PORTFILE LOGFILE
 *
 * One request per client connection (the upstream request says
 * "Connection: close"); CONNECT tunnels until either side closes. It exits
 * after 120 s whatever happens, so a test can never leave it behind.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define HEAD_MAX 16384

static int logfd = -1;

static void
log_line(const char *method, const char *target)
{
	char line[HEAD_MAX];
	int n = snprintf(line, sizeof(line), "%s %s\n", method, target);

	if (n > 0 && (size_t)n < sizeof(line))
		(void)write(logfd, line, (size_t)n);
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* host:port of a loopback address, connected; -1 otherwise. */
static int
dial(const char *host, const char *port)
{
	struct sockaddr_in sa;
	char *end;
	long p = strtol(port, &end, 10);
	int s;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	if (strcmp(host, "localhost") == 0)
		host = "127.0.0.1";
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1 ||
	    (ntohl(sa.sin_addr.s_addr) >> 24) != 127 || *end != '\0' ||
	    p <= 0 || p > 65535)
		return -1;
	sa.sin_port = htons((unsigned short)p);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return -1;
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(s);
		return -1;
	}
	return s;
}

/* Copy bytes both ways until the upstream side closes. */
static void
relay(int c, int up)
{
	struct pollfd pf[2] = { { c, POLLIN, 0 }, { up, POLLIN, 0 } };
	char buf[65536];
	ssize_t n;

	for (;;) {
		if (poll(pf, 2, 30000) <= 0)
			return;
		if (pf[0].revents & (POLLIN | POLLHUP)) {
			if ((n = read(c, buf, sizeof(buf))) <= 0) {
				shutdown(up, SHUT_WR);
				pf[0].fd = -1;
			} else if (write_all(up, buf, (size_t)n) != 0)
				return;
		}
		if (pf[1].revents & (POLLIN | POLLHUP)) {
			if ((n = read(up, buf, sizeof(buf))) <= 0 ||
			    write_all(c, buf, (size_t)n) != 0)
				return;
		}
	}
}

static void
refuse(int c)
{
	const char *r = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n"
	    "Connection: close\r\n\r\n";

	(void)write_all(c, r, strlen(r));
}

/* Split "host:port" (no IPv6) in place. */
static int
split_hostport(char *hp, char **host, char **port)
{
	char *colon = strrchr(hp, ':');

	if (colon == NULL)
		return -1;
	*colon = '\0';
	*host = hp;
	*port = colon + 1;
	return 0;
}

static void
serve(int c)
{
	static char head[HEAD_MAX + 1];
	char out[HEAD_MAX + 256], method[16], target[4096], version[16];
	char hostport[300], *host, *port, *path, *line, *end, *body;
	const char *ok = "HTTP/1.1 200 Connection established\r\n\r\n";
	size_t len = 0, olen;
	ssize_t n;
	int up;

	while ((end = strstr(head, "\r\n\r\n")) == NULL) {
		if (len == HEAD_MAX || (n = read(c, head + len,
		    HEAD_MAX - len)) <= 0)
			return;
		len += (size_t)n;
		head[len] = '\0';
	}
	body = end + 4;
	if (sscanf(head, "%15s %4095s %15s", method, target, version) != 3)
		return;
	log_line(method, target);
	if (strcmp(method, "CONNECT") == 0) {
		if (strlen(target) >= sizeof(hostport)) {
			refuse(c);
			return;
		}
		memcpy(hostport, target, strlen(target) + 1);
		if (split_hostport(hostport, &host, &port) != 0 ||
		    (up = dial(host, port)) < 0) {
			refuse(c);
			return;
		}
		if (write_all(c, ok, strlen(ok)) == 0)
			relay(c, up);
		close(up);
		return;
	}
	/* Absolute form: http://host:port/path */
	if (strncmp(target, "http://", 7) != 0 ||
	    (path = strchr(target + 7, '/')) == NULL ||
	    (size_t)(path - target - 7) >= sizeof(hostport)) {
		refuse(c);
		return;
	}
	snprintf(hostport, sizeof(hostport), "%.*s", (int)(path - target - 7),
	    target + 7);
	if (split_hostport(hostport, &host, &port) != 0 ||
	    (up = dial(host, port)) < 0) {
		refuse(c);
		return;
	}
	olen = (size_t)snprintf(out, sizeof(out), "%s %s %s\r\n", method, path,
	    version);
	/* The headers, less the hop-by-hop ones, then Connection: close. */
	end[2] = '\0'; /* keep the request line's CRLF when there are no headers */
	for (line = strstr(head, "\r\n") + 2; *line != '\0';) {
		char *next = strstr(line, "\r\n");
		size_t l = next ? (size_t)(next - line) : strlen(line);

		if (strncasecmp(line, "proxy-connection:", 17) != 0 &&
		    strncasecmp(line, "connection:", 11) != 0 &&
		    strncasecmp(line, "keep-alive:", 11) != 0 &&
		    olen + l + 2 < sizeof(out) - 32) {
			memcpy(out + olen, line, l);
			memcpy(out + olen + l, "\r\n", 2);
			olen += l + 2;
		}
		line = next ? next + 2 : NULL;
	}
	olen += (size_t)snprintf(out + olen, sizeof(out) - olen,
	    "Connection: close\r\n\r\n");
	if (write_all(up, out, olen) == 0 &&
	    write_all(up, body, len - (size_t)(body - head)) == 0)
		relay(c, up);
	close(up);
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sa;
	socklen_t slen = sizeof(sa);
	FILE *fp;
	int s, c;

	if (argc != 3) {
		fprintf(stderr, "usage: proxy PORTFILE LOGFILE\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_IGN); /* no zombies */
	alarm(120);
	if ((logfd = open(argv[2], O_WRONLY | O_CREAT | O_APPEND, 0600)) < 0) {
		perror(argv[2]);
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(s, 16) < 0 ||
	    getsockname(s, (struct sockaddr *)&sa, &slen) < 0) {
		perror("proxy");
		return 1;
	}
	if ((fp = fopen(argv[1], "w")) == NULL)
		return 1;
	fprintf(fp, "%u\n", ntohs(sa.sin_port));
	fclose(fp);
	for (;;) {
		if ((c = accept(s, NULL, NULL)) < 0)
			continue;
		if (fork() == 0) {
			close(s);
			alarm(60);
			serve(c);
			close(c);
			_exit(0);
		}
		close(c);
	}
}
