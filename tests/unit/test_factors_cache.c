/* Directory cache: location, staleness, integrity, download (file://). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth-audit/factors/factors.h"
#include "tests/unit/tap.h"

static int
write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

static void
staleness(void)
{
	time_t now = time(NULL);

	ok(!aa_factors_cache_is_stale(now - 3600, now, AA_FACTORS_CACHE_MAX_AGE),
	    "an hour old: fresh");
	ok(aa_factors_cache_is_stale(now - 8 * 86400, now,
	    AA_FACTORS_CACHE_MAX_AGE), "eight days old: stale");
	ok(aa_factors_cache_is_stale(now + 86400, now, AA_FACTORS_CACHE_MAX_AGE),
	    "dated in the future: stale");
	ok(aa_factors_cache_is_stale(0, now, AA_FACTORS_CACHE_MAX_AGE),
	    "no date: stale");
}

/* Where the cache lives; dir gets $XDG_CACHE_HOME/auth-audit of root. */
static void
location(const char *root, char *dir, size_t dirlen)
{
	char path[1200];

	setenv("XDG_CACHE_HOME", root, 1);
	is_int(aa_factors_cache_dir(dir, dirlen), AA_OK, "cache dir");
	snprintf(path, sizeof(path), "%s/auth-audit", root);
	is_str(dir, path, "  ... $XDG_CACHE_HOME/auth-audit");
	setenv("XDG_CACHE_HOME", "relative/dir", 1);
	setenv("HOME", "/home/someone", 1);
	aa_factors_cache_dir(path, sizeof(path));
	is_str(path, "/home/someone/.cache/auth-audit",
	    "relative XDG_CACHE_HOME ignored: ~/.cache/auth-audit");
}

/* Downloads into dir from root's all.json (good) and bad.json. */
static void
download(const char *root, const char *dir)
{
	char src[1100], bad[1100], url[1200];
	struct aa_factors_cache_info ci;
	struct aa_diag diag = { "" };
	time_t now = time(NULL);

	setenv("AA_FACTORS_KEYRING", "/nonexistent/keyring.gpg", 1);
	snprintf(src, sizeof(src), "%s/all.json", root);
	write_text(src, "{\"example.com\": {\"methods\": [\"totp\"]}}");
	snprintf(bad, sizeof(bad), "%s/bad.json", root);
	write_text(bad, "{\"example.com\": {\"methods\": [\"totp\"]");

	is_int(aa_factors_cache_read(dir, "2fa-all.json", now, &ci, &diag),
	    AA_ERR_NOTFOUND, "empty cache: not found");

	snprintf(url, sizeof(url), "file://%s", bad);
	is_int(aa_factors_cache_fetch(url, dir, "2fa-all.json",
	    AA_FACTORS_DIR_TFA, 5000, &ci, &diag), AA_ERR_PARSE,
	    "corrupt download refused");
	is_int(aa_factors_cache_read(dir, "2fa-all.json", now, &ci, &diag),
	    AA_ERR_NOTFOUND, "  ... and not cached");

	snprintf(url, sizeof(url), "file://%s", src);
	is_int(aa_factors_cache_fetch(url, dir, "2fa-all.json",
	    AA_FACTORS_DIR_TFA, 5000, &ci, &diag), AA_OK, "download (file://)");
	ok(strncmp(ci.signature, "not verified", 12) == 0,
	    "  ... signature not verified without a keyring");
	ok(strstr(ci.signature, "/nonexistent/keyring.gpg") != NULL,
	    "  ... saying where the keyring was looked for");
	is_int((int)strlen(ci.sha256), 64, "  ... SHA-256 recorded");
	is_int(aa_factors_cache_read(dir, "2fa-all.json", now, &ci, &diag),
	    AA_OK, "cached copy reads back");
	ok(!ci.stale, "  ... fresh");
	is_str(ci.source, url, "  ... source recorded");
	ok(ci.fetched_at >= now - 5 && ci.fetched_at <= time(NULL) + 5,
	    "  ... date recorded");
	ok(!aa_factors_cache_read(dir, "2fa-all.json",
	    now + 8 * 86400, &ci, &diag) && ci.stale, "eight days later: stale");
	unlink(src);
	unlink(bad);
}

/* The copy download() cached, tampered with. */
static void
integrity(const char *dir)
{
	char path[1200], meta[1200];
	struct aa_factors_cache_info ci;
	struct aa_diag diag = { "" };
	time_t now = time(NULL);
	FILE *fp;

	/* Edit the cached data: the recorded hash no longer matches. */
	snprintf(path, sizeof(path), "%s/2fa-all.json", dir);
	if ((fp = fopen(path, "a")) != NULL) {
		fputs(" ", fp);
		fclose(fp);
	}
	diag.msg[0] = '\0';
	is_int(aa_factors_cache_read(dir, "2fa-all.json", now, &ci, &diag),
	    AA_ERR_CRYPTO, "edited cache refused");
	ok(strstr(diag.msg, "SHA-256") != NULL, "  ... explained");

	/* A missing meta file means no cache, whatever the data file. */
	snprintf(meta, sizeof(meta), "%s/2fa-all.json.meta", dir);
	unlink(meta);
	is_int(aa_factors_cache_read(dir, "2fa-all.json", now, &ci, &diag),
	    AA_ERR_NOTFOUND, "no metadata: no cache");
	unlink(path);
}

static void
unreachable(const char *dir)
{
	struct aa_factors_cache_info ci;
	struct aa_diag diag = { "" };

	is_int(aa_factors_cache_fetch("file:///nonexistent/all.json", dir,
	    "x.json", AA_FACTORS_DIR_TFA, 5000, &ci, &diag), AA_ERR_NET,
	    "unreachable source: network error");
	ok(strstr(diag.msg, "download failed") != NULL, "  ... explained");
}

int
main(void)
{
	char tmpl[] = "/tmp/aa-factors-cache.XXXXXX", *root;
	char dir[1024];

	staleness();
	if ((root = mkdtemp(tmpl)) == NULL) {
		ok(0, "mkdtemp");
		return tap_done();
	}
	location(root, dir, sizeof(dir));
	download(root, dir);
	integrity(dir);
	unreachable(dir);
	rmdir(dir);
	rmdir(root);
	return tap_done();
}
