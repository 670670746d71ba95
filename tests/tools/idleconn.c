/*
 * Idle, half-open HTTP connections for the server tests: open N TCP
 * connections to 127.0.0.1:PORT from the loopback address SRC, send the
 * first line of a request and nothing more, and hold them.
 *
 *   idleconn PORT SRC N SECONDS
 *
 * Prints "held K" (K connections that connected) once all attempts are
 * made, then waits SECONDS and exits. Loopback only; it exits after
 * SECONDS + 10 whatever happens.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct sockaddr_in to, from;
	struct rlimit rl;
	long port, n, secs, held = 0;
	const char *line = "GET /stats HTTP/1.1\r\n";

	if (argc != 5 || (port = strtol(argv[1], NULL, 10)) <= 0 ||
	    port > 65535 || (n = strtol(argv[3], NULL, 10)) <= 0 ||
	    n > 100000 || (secs = strtol(argv[4], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: idleconn PORT SRC N SECONDS\n");
		return 2;
	}
	alarm((unsigned)secs + 10);
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_port = htons((unsigned short)port);
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	memset(&from, 0, sizeof(from));
	from.sin_family = AF_INET;
	if (inet_pton(AF_INET, argv[2], &from.sin_addr) != 1 ||
	    (ntohl(from.sin_addr.s_addr) >> 24) != 127) {
		fprintf(stderr, "idleconn: SRC must be a loopback address\n");
		return 2;
	}
	/* One descriptor per connection. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	for (long i = 0; i < n; i++) {
		int s = socket(AF_INET, SOCK_STREAM, 0);

		if (s < 0)
			break;
		if (bind(s, (struct sockaddr *)&from, sizeof(from)) != 0 ||
		    connect(s, (struct sockaddr *)&to, sizeof(to)) != 0) {
			close(s);
			continue;
		}
		(void)write(s, line, strlen(line));
		held++;
	}
	printf("held %ld\n", held);
	fflush(stdout);
	sleep((unsigned)secs);
	return 0;
}
