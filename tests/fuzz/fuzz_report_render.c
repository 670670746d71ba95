/*
 * libFuzzer harness for the report renderers fed random results: the
 * input is a list of records {check (1 byte), status (1 byte), summary,
 * evidence JSON} separated by NUL bytes, plus factors and a target name
 * from the first record. Every format renders; with a secret in the
 * summaries and evidence, no format holds it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/jalloc.h"
#include "auth-audit/core/redact.h"
#include "auth-audit/report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SECRET "s3cr\"t p@ss/%"

static const char *const formats[] = { "text", "json", "sarif", "md", "html",
	"tsv" };

static int
has(const void *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (memcmp((const char *)hay + i, needle, k) == 0)
			return 1;
	return 0;
}

/* Next NUL-terminated field of the input (a copy), or NULL at the end. */
static char *
field(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *z;
	char *s;

	if (*p >= end)
		return NULL;
	z = memchr(*p, '\0', (size_t)(end - *p));
	if (z == NULL)
		z = end;
	s = strndup((const char *)*p, (size_t)(z - *p));
	*p = z < end ? z + 1 : end;
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	struct aa_report *rep = NULL;
	struct aa_redact *red = NULL;
	char *name, *summary, *ev, *out = NULL;
	size_t outlen = 0;
	FILE *fp;

	aa_json_secure_init();
	if (size < 2 || aa_report_new("audit", &rep) != AA_OK ||
	    aa_redact_new(&red) != AA_OK)
		goto done;
	aa_redact_add(red, SECRET, strlen(SECRET));
	rep->redact = red;
	rep->no_grade = data[0] & 1;
	rep->duration_ms = data[1];
	for (int f = 0; f < AA_FACTOR_COUNT; f++)
		if (data[0] >> 1 & (1u << (f % 7)))
			aa_report_factor(rep, (enum aa_factor)f, f & 1, SECRET);
	p += 2;
	if ((name = field(&p, end)) != NULL) {
		rep->target_name = name;
		if ((rep->base_url = strdup(name)) == NULL)
			goto done;
	}
	while (p + 2 <= end) {
		unsigned id = p[0] % AA_CK_COUNT, st = p[1] % 5;
		json_t *j = NULL;

		p += 2;
		summary = field(&p, end);
		ev = field(&p, end);
		if (ev != NULL)
			j = json_loads(ev, JSON_DECODE_ANY, NULL);
		if (j != NULL && !json_is_object(j)) {
			j = json_pack("{s:o, s:s}", "v", j, "pw", SECRET);
		}
		aa_report_add(rep, (enum aa_check_id)id, (enum aa_status)st, j,
		    "%s %s", summary ? summary : "", SECRET);
		free(summary);
		free(ev);
	}
	aa_rating_compute(rep);
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if ((fp = open_memstream(&out, &outlen)) == NULL)
			break;
		if (aa_report_render(rep, formats[i], fp) != AA_OK &&
		    strcmp(formats[i], "json") == 0) {
			fclose(fp);
			free(out);
			continue;
		}
		fclose(fp);
		/* Parts of the secret in the output can only come from it
		 * when the input has none. */
		if (out != NULL && !has(data, size, "s3cr") &&
		    !has(data, size, "p@ss") && (has(out, outlen, "s3cr") ||
		    has(out, outlen, "p@ss")))
			__builtin_trap();
		free(out);
		out = NULL;
	}
done:
	aa_report_free(&rep);
	aa_redact_free(&red);
	return 0;
}
