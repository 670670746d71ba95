/*
 * For scripts and the shell tests: one line per result,
 * "ID<TAB>status<TAB>severity<TAB>summary", in catalog order; tabs and
 * newlines in the summary become spaces.
 */
#include <stdlib.h>

#include "auth-audit/core/err.h"
#include "auth-audit/report/format.h"

static int
render(const struct aa_report *rep, FILE *fp,
    const struct aa_render_opts *opts)
{
	size_t *order = aa_report_order(rep, 0);
	int r = AA_ERR_NOMEM;

	(void)opts;
	if (order == NULL && rep->nresults != 0)
		goto out;
	for (size_t i = 0; i < rep->nresults; i++) {
		const struct aa_result *res = &rep->results[order[i]];

		fprintf(fp, "%s\t%s\t%s\t", res->def->id,
		    aa_status_name(res->status),
		    aa_sev_name(res->def->severity));
		for (const char *p = res->summary ? res->summary : ""; *p; p++)
			fputc(*p == '\t' || *p == '\n' ? ' ' : *p, fp);
		fputc('\n', fp);
	}
	r = ferror(fp) ? AA_ERR_IO : AA_OK;
out:
	free(order);
	return r;
}

const struct aa_report_format aa_report_format_tsv = {
	.name = "tsv",
	.render = render,
};
