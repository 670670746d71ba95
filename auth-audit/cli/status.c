/*
 * What a long command says on standard error while it runs: the core's
 * progress messages ("[3/11] TOTP-REPLAY", "waiting 12.0 s: ..."), the
 * request trace of --verbose, and nothing but errors with --quiet. On a
 * terminal the progress is one line redrawn in place, which warnings and
 * trace lines push up; elsewhere each message is a plain line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "auth-audit/cli/cmd.h"
#include "auth-audit/engine/http.h"

/* The status line on the screen now, for aa_cmd_warn to erase first. */
static struct aa_cmd_status *active;

void
aa_cmd_status_init(struct aa_cmd_status *st, int quiet, int verbose,
    int plain)
{
	const char *term = getenv("TERM");

	memset(st, 0, sizeof(*st));
	st->quiet = quiet;
	st->verbose = verbose;
	st->plain = plain;
	st->tty = isatty(STDERR_FILENO) && term != NULL && term[0] != '\0' &&
	    strcmp(term, "dumb") != 0;
	active = st;
}

/* Copy s into out (size n) with control bytes shown as '?': a target's
 * names must not move the cursor or recolour the terminal. */
static void
clean(char *out, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i + 1 < n && s[i] != '\0'; i++)
		out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	out[i] = '\0';
}

static size_t
columns(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10)
		return ws.ws_col;
	return 80;
}

static void
erase(struct aa_cmd_status *st)
{
	if (st->shown) {
		fputs("\r\033[K", stderr);
		st->shown = 0;
	}
}

static void
draw(struct aa_cmd_status *st)
{
	char line[sizeof(st->check) + sizeof(st->msg) + 8];
	size_t n, max = columns() - 1;

	snprintf(line, sizeof(line), "%s%s%s", st->check,
	    st->check[0] && st->msg[0] ? "  " : "", st->msg);
	/* One screen line, never wrapped; cut between UTF-8 characters. */
	if ((n = strlen(line)) > max) {
		n = max;
		while (n > 0 && ((unsigned char)line[n] & 0xc0) == 0x80)
			n--;
		line[n] = '\0';
	}
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
	st->shown = 1;
}

void
aa_cmd_status_progress(void *ctx, const char *msg)
{
	struct aa_cmd_status *st = ctx;

	if (st->quiet)
		return;
	if (!st->tty) {
		if (st->plain)
			fprintf(stderr, "auth-audit: %s\n", msg);
		return;
	}
	/* "[n/m] ID" starts a check and what follows belongs to it, until
	 * the baseline's clean-up after the last check. */
	if (msg[0] == '[') {
		clean(st->check, sizeof(st->check), msg);
		st->msg[0] = '\0';
	} else {
		if (strncmp(msg, "baseline", 8) == 0)
			st->check[0] = '\0';
		clean(st->msg, sizeof(st->msg), msg);
	}
	draw(st);
}

void
aa_cmd_status_trace(void *ctx, const struct aa_http_trace *t)
{
	struct aa_cmd_status *st = ctx;
	char m[16], u[1024], code[24];

	if (st->quiet || !st->verbose)
		return;
	clean(m, sizeof(m), t->method);
	clean(u, sizeof(u), t->url);
	if (t->status > 0)
		snprintf(code, sizeof(code), "%ld", t->status);
	else
		snprintf(code, sizeof(code), "no answer");
	erase(st);
	fprintf(stderr, "auth-audit: %s %s -> %s (%.1f ms)\n", m, u, code,
	    t->rtt_ms);
	if (st->tty && (st->check[0] || st->msg[0]))
		draw(st);
}

void
aa_cmd_status_clear(void)
{
	if (active != NULL) {
		erase(active);
		fflush(stderr);
	}
}

void
aa_cmd_status_done(struct aa_cmd_status *st)
{
	erase(st);
	fflush(stderr);
	if (active == st)
		active = NULL;
}
