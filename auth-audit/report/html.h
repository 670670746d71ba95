/*
 * Internal to the HTML renderer (html*.c). Every string from the model
 * reaches the page through aa_html_text(), which escapes the five HTML
 * metacharacters, so target data can never become markup.
 */
#ifndef AA_REPORT_HTML_H
#define AA_REPORT_HTML_H

#include <stdio.h>

#include <jansson.h>

#include "auth-audit/report/report.h"

/* Most request/response exchanges shown for one finding. */
#define AA_HTML_MAX_EXCHANGES 6

void aa_html_text(FILE *fp, const char *s);
/* Grade, caps in one sentence, findings by severity, the charts. */
void aa_html_summary(const struct aa_report *rep, FILE *fp);
/* What the audit established per account, before the findings. */
void aa_html_baseline(const struct aa_report *rep, FILE *fp);
/*
 * The HTTP exchanges in evidence (objects with a request, depth first) as
 * transcripts, each with a curl command that replays it; how many.
 */
size_t aa_html_exchanges(FILE *fp, const json_t *evidence);
/* When evidence holds a loss estimate with "no_controls" (SMS-PUMPING-
 * EXPOSURE), its chart; 1 if drawn. */
int aa_html_loss_chart(FILE *fp, const json_t *evidence);

#endif
