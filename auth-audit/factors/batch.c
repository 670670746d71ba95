/*
 * `auth-audit factors --batch FILE`: many targets at once over the curl
 * multi interface. Politeness: one target per host in flight at a time
 * (its probes go one after the other over one connection), a gap of
 * host_delay_ms between two requests to a host, and at most max_total
 * transfers in flight overall. Output: one JSON object per target, in
 * input order, as soon as every earlier target is written.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth-audit/core/clock.h"
#include "auth-audit/core/version.h"
#include "auth-audit/factors/net.h"

#define BATCH_MAX_TARGETS 100000
#define BATCH_LINE_MAX 512

struct tgt {
	char *target;
	char host[256];
	char domain[AA_FACTORS_DOMAIN_MAX + 1];
	int has_domain;
	char err[160];           /* why this line is not a target */
	struct aa_factors_probe *p;
	struct aa_factors_xfer *x;  /* while its probes run */
	int started, in_flight, done, written;
	long long ready_at;      /* ms: politeness gap */
	struct aa_buf line;      /* its JSON line, once finished */
};

static void
tgt_release(struct tgt *t)
{
	free(t->target);
	aa_factors_probe_free(&t->p);
	aa_buf_release(&t->line);
}

/*
 * Easy handles of finished targets, kept for the next ones: at most
 * max_total are ever in use, and reusing one saves creating and setting
 * up a handle per target (curl's own advice for many transfers).
 */
struct pool {
	const struct aa_factors_net *net;
	struct aa_factors_xfer **idle;
	size_t nidle, cap;
};

static void
xfer_destroy(struct aa_factors_xfer *x)
{
	if (x != NULL) {
		aa_factors_xfer_release(x);
		free(x);
	}
}

static int
xfer_get(struct pool *pl, struct tgt *t)
{
	int r;

	if (pl->nidle > 0)
		t->x = pl->idle[--pl->nidle];
	else {
		if ((t->x = malloc(sizeof(*t->x))) == NULL)
			return AA_ERR_NOMEM;
		if ((r = aa_factors_xfer_init(t->x, pl->net,
		    AA_FACTORS_WK_MAX_BODY)) != AA_OK) {
			free(t->x);
			t->x = NULL;
			return r;
		}
	}
	curl_easy_setopt(t->x->easy, CURLOPT_PRIVATE, t);
	return AA_OK;
}

/* Back to the pool (t's transfer is no longer in the multi handle). */
static void
xfer_put(struct pool *pl, struct tgt *t)
{
	if (t->x == NULL)
		return;
	aa_buf_release(&t->x->body);
	if (pl->nidle < pl->cap)
		pl->idle[pl->nidle++] = t->x;
	else
		xfer_destroy(t->x);
	t->x = NULL;
}

/* Read the target list: one per line, '#' comments, blank lines skipped. */
static int
read_targets(FILE *in, const struct aa_factors_batch_opts *o,
    struct tgt **out, size_t *n, struct aa_diag *diag)
{
	char buf[BATCH_LINE_MAX + 2];
	struct tgt *v = NULL, *nv;
	size_t cap = 0, len = 0, lineno = 0;
	int r = AA_OK;

	while (fgets(buf, sizeof(buf), in) != NULL) {
		char *s = buf, *e, url[BATCH_LINE_MAX + 64], origin[600];
		struct tgt *t;

		lineno++;
		if (strchr(buf, '\n') == NULL && !feof(in)) {
			r = aa_diag_set(diag, AA_ERR_TOOBIG, "line %zu: longer "
			    "than %d characters", lineno, BATCH_LINE_MAX);
			goto out;
		}
		while (*s == ' ' || *s == '\t')
			s++;
		e = s + strcspn(s, "#\r\n");
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		*e = '\0';
		if (*s == '\0')
			continue;
		if (len >= BATCH_MAX_TARGETS) {
			r = aa_diag_set(diag, AA_ERR_TOOBIG, "more than %d "
			    "targets", BATCH_MAX_TARGETS);
			goto out;
		}
		if (len == cap) {
			cap = cap ? cap * 2 : 64;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
				r = AA_ERR_NOMEM;
				goto out;
			}
			v = nv;
		}
		t = &v[len++];
		memset(t, 0, sizeof(*t));
		aa_buf_init(&t->line, AA_FACTORS_LINE_MAX);
		if ((t->target = strdup(s)) == NULL) {
			r = AA_ERR_NOMEM;
			goto out;
		}
		/* Bare domains take the configured scheme and port. */
		if (strstr(s, "://") == NULL)
			snprintf(url, sizeof(url), "%s://%s%s%s",
			    o->scheme ? o->scheme : "https", s,
			    o->port ? ":" : "", o->port ? o->port : "");
		else
			snprintf(url, sizeof(url), "%s", s);
		if (aa_factors_origin(url, origin, sizeof(origin), t->host,
		    sizeof(t->host)) != AA_OK) {
			snprintf(t->err, sizeof(t->err), "not a domain or "
			    "http(s) URL");
			t->done = 1;
			continue;
		}
		t->has_domain = !aa_factors_host_is_local(t->host) &&
		    aa_factors_domain_norm(t->host, t->domain,
		    sizeof(t->domain)) == AA_OK;
		if (!o->no_probe &&
		    (r = aa_factors_probe_new(origin, &t->p)) != AA_OK)
			goto out;
		if (o->no_probe)
			t->done = 1;
	}
	if (ferror(in))
		r = aa_diag_set(diag, AA_ERR_IO, "cannot read the target list");
out:
	*out = v;
	*n = len;
	return r;
}

/* The members every line ends with: why the target could not be judged
 * (null when it could) and which tool wrote the line. */
static void
line_tail(struct aa_jw *w, const char *error)
{
	aa_jw_str(w, "error", error);
	aa_jw_obj_open(w, "tool");
	aa_jw_str(w, "name", "auth-audit");
	aa_jw_str(w, "version", AA_VERSION);
	aa_jw_obj_close(w);
	aa_jw_obj_close(w);
}

/* t's line as only the target and why it was not judged (t->err). */
static int
error_line(struct tgt *t)
{
	struct aa_jw w;

	t->line.len = 0;
	aa_jw_init(&w, &t->line);
	aa_jw_obj_open(&w, NULL);
	aa_jw_str(&w, "target", t->target);
	line_tail(&w, t->err);
	return aa_jw_end(&w);
}

/* Evaluate a finished target into its JSON line, written straight into
 * t->line: no jansson tree is built for text written once. */
static int
finish(struct tgt *t, const struct aa_factors_batch_opts *o,
    struct pool *pl)
{
	struct aa_factors_input in = {
		.target = t->target,
		.domain = t->has_domain ? t->domain : NULL,
		.tfa = o->tfa, .passkeys = o->passkeys,
		.probe = t->p,
		.no_probe_why = o->no_probe ? "probes disabled (--no-probe)" :
		    NULL,
		.now = time(NULL),
	};
	struct aa_factors_inv inv;
	struct aa_report *rep = NULL;
	struct aa_jw w;
	int r;

	/* One allocation for a typical line (2-3 KB) instead of doublings. */
	if ((r = aa_buf_reserve(&t->line, 4096)) != AA_OK)
		goto out;
	if (t->err[0] != '\0') {
		r = error_line(t);
		goto out;
	}
	aa_jw_init(&w, &t->line);
	aa_jw_obj_open(&w, NULL);
	if ((r = aa_factors_inv_init(&inv)) != AA_OK)
		goto out;
	if ((r = aa_report_new("factors", &rep)) == AA_OK)
		rep->lean = 1; /* the line lists results without evidence */
	if (r == AA_OK && (r = aa_factors_assess(&in, rep, &inv)) == AA_OK) {
		aa_factors_json_write(&in, rep, &inv, &w);
		line_tail(&w, t->p != NULL && !aa_factors_probe_reached(t->p) ?
		    "unreachable: no probe got an HTTP answer" : NULL);
		r = aa_jw_end(&w);
	}
	aa_report_free(&rep);
	aa_factors_inv_release(&inv);
	if (r == AA_ERR_TOOBIG) {
		/* Only a hostile target's notes and URLs get here. */
		snprintf(t->err, sizeof(t->err), "its line would exceed %u "
		    "bytes: not written", AA_FACTORS_LINE_MAX);
		r = error_line(t);
	}
out:
	if (r == AA_OK)
		r = aa_buf_append(&t->line, "\n", 1);
	xfer_put(pl, t);
	aa_factors_probe_free(&t->p); /* evidence is in the line now */
	return r;
}

/* Start t's next request; 0 if it has none (then it is done). */
static int
start_next(CURLM *m, struct tgt *t, struct pool *pl)
{
	const char *url;
	int r;

	while ((url = aa_factors_probe_next(t->p)) != NULL) {
		if (t->x == NULL && (r = xfer_get(pl, t)) != AA_OK)
			return r;
		if ((r = aa_factors_xfer_prepare(t->x, url)) != AA_OK) {
			aa_factors_probe_feed(t->p, r, 0, NULL, NULL, NULL);
			continue;
		}
		if (curl_multi_add_handle(m, t->x->easy) != CURLM_OK)
			return AA_ERR_NET;
		t->in_flight = 1;
		return 1;
	}
	t->done = 1;
	return 0;
}

static int
write_ready(struct tgt *v, size_t n, size_t *next_out, FILE *out)
{
	while (*next_out < n && v[*next_out].done && v[*next_out].in_flight == 0) {
		struct tgt *t = &v[*next_out];

		if (t->line.len == 0)
			return AA_ERR_INTERNAL;
		fwrite(t->line.ptr, 1, t->line.len, out);
		aa_buf_release(&t->line);
		t->written = 1;
		(*next_out)++;
	}
	return ferror(out) ? AA_ERR_IO : AA_OK;
}

/* A stop: every target not finished gets its line now, saying so, so the
 * output still has one line per target in input order. */
static int
stop_all(CURLM *m, struct tgt *v, size_t n, unsigned *active,
    const struct aa_factors_batch_opts *o, struct pool *pl)
{
	int r;

	for (size_t i = 0; i < n; i++) {
		struct tgt *t = &v[i];

		if (t->done)
			continue;
		if (t->in_flight) {
			curl_multi_remove_handle(m, t->x->easy);
			t->in_flight = 0;
			(*active)--;
		}
		snprintf(t->err, sizeof(t->err), "interrupted: %s",
		    t->started ? "its probes did not finish" : "not probed");
		t->done = 1;
		if ((r = finish(t, o, pl)) != AA_OK)
			return r;
	}
	return AA_OK;
}

int
aa_factors_batch_run(FILE *in, FILE *out,
    const struct aa_factors_batch_opts *o, struct aa_diag *diag)
{
	struct tgt *v = NULL;
	size_t n = 0, next_out = 0, first_open = 0;
	unsigned max_total = o->max_total ? o->max_total : 32, active = 0;
	/* host -> true while one of its targets runs, then the time (ms)
	 * its next target may start: the politeness gap spans targets. */
	json_t *busy = NULL;
	CURLM *m = NULL;
	struct pool pl = { &o->net, NULL, 0, 0 };
	int r, stopped = 0;

	if ((r = read_targets(in, o, &v, &n, diag)) != AA_OK)
		goto out;
	if ((busy = json_object()) == NULL || (m = curl_multi_init()) == NULL ||
	    (pl.idle = calloc(max_total, sizeof(*pl.idle))) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	pl.cap = max_total;
	curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, 1L);
	curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)max_total);
	for (size_t i = 0; i < n; i++)
		if (v[i].done && (r = finish(&v[i], o, &pl)) != AA_OK)
			goto out;
	for (;;) {
		long long now = (long long)aa_clock_ms(), wait = 200;
		int running = 0, left;
		CURLMsg *msg;

		if (o->stop != NULL && *o->stop && !stopped) {
			stopped = 1;
			if ((r = stop_all(m, v, n, &active, o, &pl)) != AA_OK)
				goto out;
		}
		/* Targets are taken in input order; a host runs one at a time. */
		while (first_open < n && v[first_open].done)
			first_open++;
		for (size_t i = first_open; i < n && active < max_total; i++) {
			struct tgt *t = &v[i];

			if (t->done || t->in_flight)
				continue;
			if (!t->started) {
				const json_t *h = json_object_get(busy, t->host);

				if (json_is_true(h))
					continue;
				if (json_is_integer(h) &&
				    json_integer_value(h) > now) {
					if (json_integer_value(h) - now < wait)
						wait = json_integer_value(h) - now;
					continue;
				}
			}
			if (t->ready_at > now) {
				if (t->ready_at - now < wait)
					wait = t->ready_at - now;
				continue;
			}
			if (!t->started) {
				t->started = 1;
				json_object_set_new(busy, t->host, json_true());
			}
			if ((r = start_next(m, t, &pl)) < 0)
				goto out;
			if (r == 1)
				active++;
			else {
				json_object_set_new(busy, t->host, json_integer(
				    (long long)aa_clock_ms() + o->host_delay_ms));
				if ((r = finish(t, o, &pl)) != AA_OK)
					goto out;
			}
		}
		if ((r = write_ready(v, n, &next_out, out)) != AA_OK)
			goto out;
		if (next_out == n)
			break;
		if (stopped) { /* cannot happen: every line was written */
			r = AA_ERR_INTERNAL;
			goto out;
		}
		if (curl_multi_perform(m, &running) != CURLM_OK) {
			r = AA_ERR_NET;
			goto out;
		}
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			struct tgt *t = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&t);
			curl_multi_remove_handle(m, msg->easy_handle);
			active--;
			t->in_flight = 0;
			if ((r = aa_factors_xfer_feed(t->x, msg->data.result,
			    t->p)) != AA_OK)
				goto out;
			t->ready_at = (long long)aa_clock_ms() + o->host_delay_ms;
			/* Its next request may be due at once: no waiting. */
			if (o->host_delay_ms < wait)
				wait = o->host_delay_ms;
		}
		if (wait <= 0)
			continue;
		if (active > 0)
			curl_multi_poll(m, NULL, 0, (int)(wait > 0 ? wait : 1),
			    NULL);
		else {
			struct timespec ts = { 0, (long)wait * 1000000L };

			nanosleep(&ts, NULL);
		}
	}
	r = stopped ? AA_ERR_INTERRUPTED : AA_OK;
out:
	for (size_t i = 0; i < n; i++) {
		if (v[i].in_flight && m != NULL)
			curl_multi_remove_handle(m, v[i].x->easy);
		xfer_destroy(v[i].x);
		tgt_release(&v[i]);
	}
	free(v);
	while (pl.nidle > 0)
		xfer_destroy(pl.idle[--pl.nidle]);
	free(pl.idle);
	if (m != NULL)
		curl_multi_cleanup(m);
	json_decref(busy);
	return r;
}
