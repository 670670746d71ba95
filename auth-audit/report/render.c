/*
 * Format dispatch. With a redactor, the model is redacted first (strings,
 * keys and numbers, before any format escapes them), then the format is
 * rendered into memory and, for the text formats, the whole output is
 * redacted again before a byte reaches the output, so a secret that
 * slipped into evidence or a summary never leaves.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/redact.h"
#include "auth-audit/report/format.h"

/* Colour only for a terminal, and never when NO_COLOR is set (no-color.org). */
static int
want_colour(FILE *fp)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(fileno(fp)) && (nc == NULL || nc[0] == '\0');
}

int
aa_report_render(const struct aa_report *rep, const char *fmt, FILE *fp)
{
	int r = AA_ERR_ARG;
	const struct aa_report_format *f = aa_report_format_find(fmt);
	struct aa_render_opts ro;
	struct aa_report *copy = NULL, tmp;
	char *text = NULL, *clean = NULL;
	size_t len = 0, rawlen = 0;
	FILE *mem = NULL;
	const char *outp;

	if (rep == NULL || f == NULL || fp == NULL)
		goto out;
	ro.colour = want_colour(fp);
	rep = aa_report_rated(rep, &tmp);
	if (rep->redact != NULL &&
	    (r = aa_report_redacted_copy(rep, &copy)) != AA_OK)
		goto out;
	r = AA_ERR_NOMEM;
	mem = open_memstream(&text, &len);
	if (mem == NULL)
		goto out;
	r = f->render(copy != NULL ? copy : rep, mem, &ro);
	if (fclose(mem) != 0 && r == AA_OK)
		r = AA_ERR_NOMEM;
	mem = NULL;
	rawlen = len;
	if (r != AA_OK)
		goto out;
	outp = text;
	/*
	 * JSON and SARIF: the model pass already covered every string, key and
	 * number taken from the report, and a textual pass could cut into a
	 * number ("0.07000000000000007" holds "000000") and break the syntax.
	 */
	if (rep->redact != NULL && !f->structured) {
		r = AA_ERR_NOMEM;
		clean = aa_redact_apply(rep->redact, text);
		if (clean == NULL)
			goto out;
		outp = clean;
		len = strlen(clean);
	}
	r = AA_ERR_IO;
	if (fwrite(outp, 1, len, fp) != len || fflush(fp) != 0)
		goto out;
	r = AA_OK;
out:
	if (mem != NULL) {
		fclose(mem);
		rawlen = len;
	}
	/* The unredacted rendering may hold secrets the redactor knows. */
	if (text != NULL)
		aa_freezero(text, rawlen);
	free(clean);
	aa_report_free(&copy);
	return r;
}
