/*
 * Turning a scan into the five offline results: plaintext backups, weak
 * KDFs (with their parameters), weak seeds, secrets shared by different
 * accounts, and seeds exposed in ordinary files. A check with nothing to
 * look at is not_applicable (or not_tested when encrypted backups stayed
 * closed), never pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "totp/scan/scan_int.h"

static int
cmp_seed(const void *a, const void *b)
{
	return memcmp(((const struct aa_totp_seedref *)a)->h,
	    ((const struct aa_totp_seedref *)b)->h, 32);
}

static int
report_duplicates(struct aa_totp_scan_run *s, struct aa_report *rep)
{
	json_t *groups = json_array();
	unsigned long ndup = 0;
	size_t i = 0;

	if (groups == NULL)
		return AA_ERR_NOMEM;
	if (s->nseeds > 1)
		qsort(s->seeds, s->nseeds, sizeof(*s->seeds), cmp_seed);
	while (i < s->nseeds) {
		size_t j = i + 1;

		while (j < s->nseeds && memcmp(s->seeds[i].h, s->seeds[j].h, 32) == 0)
			j++;
		int accounts = 0;

		/* The same account in several backups is not reuse. */
		for (size_t k = i + 1; k < j; k++)
			if (strcmp(s->seeds[k].acct, s->seeds[i].acct) != 0)
				accounts = 1;
		if (accounts) {
			json_t *g = json_array();

			ndup++;
			for (size_t k = i; k < j && k - i < 10; k++)
				json_array_append_new(g, json_string(s->seeds[k].where));
			aa_totp_scan_push(groups, json_pack("{s:I,s:o}", "uses",
			    (json_int_t)(j - i), "where", g));
		}
		i = j;
	}
	if (ndup > 0)
		return aa_report_add(rep, AA_CK_TOTP_BACKUP_DUPLICATE, AA_FAIL,
		    json_pack("{s:I,s:o}", "duplicated_secrets", (json_int_t)ndup,
		    "groups", groups), "%lu secret(s) shared by different "
		    "accounts", ndup);
	json_decref(groups);
	if (s->nseeds > 0)
		return aa_report_add(rep, AA_CK_TOTP_BACKUP_DUPLICATE, AA_PASS, NULL,
		    "%zu entries, every secret distinct", s->nseeds);
	return AA_ERR_NOTFOUND;
}

static void
no_entries(struct aa_totp_scan_run *s, struct aa_report *rep, enum aa_check_id id)
{
	if (s->nlocked > 0)
		aa_report_add(rep, id, AA_NOT_TESTED, NULL, "%lu encrypted "
		    "backup(s) not opened (no or wrong password)", s->nlocked);
	else
		aa_report_add(rep, id, AA_NOT_APPLICABLE, NULL,
		    "no backup entries found");
}

/* "; first: FILE (what)" from the first evidence item, for summaries. */
static const char *
first(const json_t *arr, const char *what_key, char *buf, size_t len)
{
	const json_t *it = json_array_get(arr, 0);
	const char *file = json_string_value(json_object_get(it, "file"));
	const char *what = what_key != NULL ?
	    json_string_value(json_object_get(it, what_key)) : NULL;

	if (file == NULL)
		return "";
	snprintf(buf, len, "; first: %s%s%s%s", file, what ? " (" : "",
	    what ? what : "", what ? ")" : "");
	return buf;
}

int
aa_totp_scan_results(struct aa_totp_scan_run *s, struct aa_report *rep)
{
	char eg[384];
	int r;

	if (s->nplain > 0)
		aa_report_add(rep, AA_CK_TOTP_BACKUP_PLAINTEXT, AA_FAIL,
		    json_pack("{s:I,s:O}", "plaintext_backups",
		    (json_int_t)s->nplain, "files", s->plain),
		    "%lu backup(s) hold seeds unencrypted%s", s->nplain,
		    first(s->plain, "format", eg, sizeof(eg)));
	else if (s->st->backups > 0)
		aa_report_add(rep, AA_CK_TOTP_BACKUP_PLAINTEXT, AA_PASS, NULL,
		    "all %lu backup(s) encrypted", s->st->backups);
	else
		aa_report_add(rep, AA_CK_TOTP_BACKUP_PLAINTEXT, AA_NOT_APPLICABLE,
		    NULL, "no authenticator backup found");
	if (s->nweakkdf > 0)
		aa_report_add(rep, AA_CK_TOTP_BACKUP_WEAK_KDF, AA_FAIL,
		    json_pack("{s:I,s:O}", "weak_backups", (json_int_t)s->nweakkdf,
		    "files", s->weakkdf), "%lu encrypted backup(s) with a weak "
		    "KDF%s", s->nweakkdf, first(s->weakkdf, "why", eg, sizeof(eg)));
	else if (s->st->encrypted > 0)
		aa_report_add(rep, AA_CK_TOTP_BACKUP_WEAK_KDF, AA_PASS, NULL,
		    "%lu encrypted backup(s), KDFs at or above the bar",
		    s->st->encrypted);
	else
		aa_report_add(rep, AA_CK_TOTP_BACKUP_WEAK_KDF, AA_NOT_APPLICABLE, NULL,
		    "no encrypted backup found");
	if (s->nweakseed > 0)
		aa_report_add(rep, AA_CK_TOTP_BACKUP_SEED_WEAK, AA_FAIL,
		    json_pack("{s:I,s:O}", "weak_entries", (json_int_t)s->nweakseed,
		    "entries", s->weakseed), "%lu entr%s with a weak secret%s",
		    s->nweakseed, s->nweakseed == 1 ? "y" : "ies",
		    first(s->weakseed, "why", eg, sizeof(eg)));
	else if (s->nseeds > 0)
		aa_report_add(rep, AA_CK_TOTP_BACKUP_SEED_WEAK, AA_PASS, NULL,
		    "%zu entries, all secrets 128 bits or more", s->nseeds);
	else
		no_entries(s, rep, AA_CK_TOTP_BACKUP_SEED_WEAK);
	if ((r = report_duplicates(s, rep)) == AA_ERR_NOTFOUND)
		no_entries(s, rep, AA_CK_TOTP_BACKUP_DUPLICATE);
	else if (r != AA_OK)
		return r;
	if (s->nexposed > 0)
		aa_report_add(rep, AA_CK_TOTP_SEED_EXPOSED, AA_FAIL,
		    json_pack("{s:I,s:O}", "seeds", (json_int_t)s->nexposed,
		    "files", s->exposed), "%lu seed(s) in %lu ordinary file(s)%s",
		    s->nexposed, s->st->exposed, first(s->exposed, NULL, eg,
		    sizeof(eg)));
	else if (s->ntext > 0)
		aa_report_add(rep, AA_CK_TOTP_SEED_EXPOSED, AA_PASS, NULL,
		    "no seeds in %lu other text file(s)", s->ntext);
	else
		aa_report_add(rep, AA_CK_TOTP_SEED_EXPOSED, AA_NOT_APPLICABLE, NULL,
		    "no text files besides backups");
	return AA_OK;
}

