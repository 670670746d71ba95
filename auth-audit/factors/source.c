/*
 * Which copy of a directory a run uses: the file the user named, else the
 * cached copy, downloaded or refreshed when the user allowed it (no
 * --offline, no local copy) and it is missing, stale or asked for. Every
 * fallback is explained in src->warn rather than failing the run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth-audit/factors/factors.h"

static void
fmt_date(time_t t, char *out, size_t n)
{
	struct tm tm;

	if (t <= 0 || gmtime_r(&t, &tm) == NULL)
		snprintf(out, n, "unknown date");
	else
		strftime(out, n, "%Y-%m-%d %H:%M UTC", &tm);
}

int
aa_factors_source_get(const struct aa_factors_want *w,
    struct aa_factors_source *src, struct aa_diag *diag)
{
	struct aa_factors_cache_info ci;
	struct aa_diag cd = { "" };
	char dir[1024], date[64];
	const char *url = getenv(w->url_env);
	int r, have_cache;

	memset(src, 0, sizeof(*src));
	if (url == NULL || *url == '\0')
		url = w->url;
	if (w->file != NULL) {
		if ((r = aa_factors_dir_load(w->file, w->kind, &src->d,
		    diag)) != AA_OK)
			return r;
		snprintf(src->label, sizeof(src->label), "%.1000s (local file)",
		    w->file);
		return AA_OK;
	}
	if (aa_factors_cache_dir(dir, sizeof(dir)) != AA_OK) {
		snprintf(src->warn, sizeof(src->warn), "no cache directory "
		    "(set XDG_CACHE_HOME or HOME); no directory data");
		return AA_OK;
	}
	r = aa_factors_cache_read(dir, w->cache_name, time(NULL), &ci, &cd);
	have_cache = r == AA_OK;
	if (r != AA_OK && r != AA_ERR_NOTFOUND)
		snprintf(src->warn, sizeof(src->warn), "cache refused: %.500s",
		    cd.msg);
	if (w->may_fetch && (!have_cache || ci.stale || w->refresh)) {
		struct aa_factors_cache_info fi;
		struct aa_diag fd = { "" };

		if (aa_factors_cache_fetch(url, dir, w->cache_name, w->kind,
		    w->timeout_ms, &fi, &fd) == AA_OK) {
			ci = fi;
			have_cache = 1;
			src->warn[0] = '\0';
		} else
			snprintf(src->warn, sizeof(src->warn), "download failed "
			    "(%.400s)%s", fd.msg, have_cache ?
			    "; using the older cached copy" : "");
	}
	if (!have_cache) {
		if (src->warn[0] == '\0')
			snprintf(src->warn, sizeof(src->warn), "no cached copy "
			    "in %.400s%s", dir, w->may_fetch ? "" :
			    " and no download (--offline/--directory)");
		return AA_OK;
	}
	if (aa_factors_dir_load(ci.data_path, w->kind, &src->d, &cd) != AA_OK) {
		snprintf(src->warn, sizeof(src->warn), "cached copy unusable: "
		    "%.500s", cd.msg);
		return AA_OK;
	}
	fmt_date(ci.fetched_at, date, sizeof(date));
	snprintf(src->label, sizeof(src->label), "%.400s, downloaded %s "
	    "(cache %.500s; signature: %.200s)", ci.source, date,
	    ci.data_path, ci.signature);
	if (ci.stale && src->warn[0] == '\0')
		snprintf(src->warn, sizeof(src->warn), "cached copy is stale "
		    "(downloaded %s, more than %ld days ago)%s", date,
		    AA_FACTORS_CACHE_MAX_AGE / 86400, w->may_fetch ? "" :
		    "; run without --offline to refresh");
	return AA_OK;
}
