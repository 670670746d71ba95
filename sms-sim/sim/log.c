/*
 * The JSONL log: one line per send request. The inbox exists to hand
 * codes to the auditor, but a log outlives the run and gets shared, so
 * every run of four or more digits in a body is replaced before writing.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sms-sim/sim/sim.h"

/* Copy of body with every run of 4+ digits replaced. */
static char *
redact_body(const char *body)
{
	static const char mark[] = "[redacted]";
	size_t n = strlen(body), j = 0;
	char *o = malloc(n * sizeof(mark) + 1);

	if (o == NULL)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t k = i;

		while (k < n && isdigit((unsigned char)body[k]))
			k++;
		if (k - i >= 4) {
			memcpy(o + j, mark, sizeof(mark) - 1);
			j += sizeof(mark) - 1;
			i = k;
		} else if (k > i) {
			memcpy(o + j, body + i, k - i);
			j += k - i;
			i = k;
		} else
			o[j++] = body[i++];
	}
	o[j] = '\0';
	return o;
}

void
aa_sms_log_line(struct aa_sms_sim *s, const char *api,
    const struct aa_sms_msg *m, const char *error)
{
	char ts[32], *red = NULL, *line = NULL;
	json_t *j = NULL;
	struct tm tm;
	time_t now = m != NULL ? m->at : time(NULL);

	if (s->log == NULL)
		return;
	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (m != NULL) {
		if ((red = redact_body(m->body)) == NULL)
			goto out;
		j = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:f,s:s}",
		    "ts", ts, "api", api, "result", "accepted", "id", m->id,
		    "to", m->to, "from", m->from, "country", m->iso,
		    "type", aa_sms_type_name(m->type),
		    "segments", m->segments, "cost_usd", m->cost,
		    "body", red);
	} else
		j = json_pack("{s:s,s:s,s:s,s:s}", "ts", ts, "api", api,
		    "result", "rejected", "error", error != NULL ? error : "");
	if (j == NULL || (line = json_dumps(j, JSON_COMPACT |
	    JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(10))) == NULL)
		goto out;
	pthread_mutex_lock(&s->log_mu);
	fprintf(s->log, "%s\n", line);
	fflush(s->log);
	pthread_mutex_unlock(&s->log_mu);
out:
	free(line);
	free(red);
	json_decref(j);
}
