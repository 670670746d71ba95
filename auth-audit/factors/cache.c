/*
 * The directory cache: $XDG_CACHE_HOME/auth-audit (or ~/.cache/auth-audit)
 * holds each downloaded directory with a NAME.meta recording its source,
 * download date and SHA-256. Reading checks the data against the recorded
 * hash (a truncated or edited cache is refused, not half-used), and the
 * date gives staleness. 2fa.directory signs its API files (URL + ".sig",
 * an OpenPGP signed message); when gpgv and a keyring holding the
 * directory's key are present the download is verified against it,
 * otherwise the metadata says why it was not.
 */
/* This file implements test-only exports of its header. */
#define AA_TEST_INTERNAL

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "auth-audit/factors/net.h"

extern char **environ;

int
aa_factors_cache_dir(char *out, size_t outlen)
{
	const char *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
	int n;

	if (x != NULL && x[0] == '/')
		n = snprintf(out, outlen, "%s/auth-audit", x);
	else if (h != NULL && h[0] == '/')
		n = snprintf(out, outlen, "%s/.cache/auth-audit", h);
	else
		return AA_ERR_NOTFOUND;
	return n < 0 || (size_t)n >= outlen ? AA_ERR_TOOBIG : AA_OK;
}

int
aa_factors_cache_is_stale(time_t fetched_at, time_t now, long max_age)
{
	/* A date in the future is as untrustworthy as an old one. */
	return fetched_at <= 0 || now - fetched_at > max_age ||
	    fetched_at - now > 3600;
}

static void
sha256_hex(const void *p, size_t n, char out[65])
{
	unsigned char md[32];
	unsigned int len = 0;

	out[0] = '\0';
	if (EVP_Digest(p, n, md, &len, EVP_sha256(), NULL) != 1 || len != 32)
		return;
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static int
path_join(char *out, size_t outlen, const char *dir, const char *name,
    const char *ext)
{
	int n = snprintf(out, outlen, "%s/%s%s", dir, name, ext);

	return n < 0 || (size_t)n >= outlen ? AA_ERR_TOOBIG : AA_OK;
}

int
aa_factors_cache_read(const char *dir, const char *name, time_t now,
    struct aa_factors_cache_info *info, struct aa_diag *diag)
{
	char meta[1100];
	struct aa_buf b, mb;
	json_t *m = NULL;
	const char *hash;
	char got[65];
	int r = AA_ERR_INTERNAL;

	memset(info, 0, sizeof(*info));
	aa_buf_init(&b, AA_FACTORS_DIR_MAX_BYTES);
	aa_buf_init(&mb, 64 * 1024); /* .meta */
	if (path_join(meta, sizeof(meta), dir, name, ".meta") != AA_OK ||
	    path_join(info->data_path, sizeof(info->data_path), dir, name,
	    "") != AA_OK) {
		r = aa_diag_set(diag, AA_ERR_TOOBIG, "cache path too long");
		goto out;
	}
	/* Bounded, and a regular file only (core/file.h). */
	if (aa_buf_read_file(&mb, meta) != AA_OK ||
	    (m = json_loadb(mb.ptr, mb.len, 0, NULL)) == NULL) {
		r = aa_diag_set(diag, AA_ERR_NOTFOUND, "%s: no cached copy",
		    info->data_path);
		goto out;
	}
	hash = json_string_value(json_object_get(m, "sha256"));
	info->fetched_at = (time_t)json_integer_value(json_object_get(m,
	    "fetched_at"));
	snprintf(info->source, sizeof(info->source), "%s",
	    json_string_value(json_object_get(m, "source")) ?
	    json_string_value(json_object_get(m, "source")) : "?");
	snprintf(info->signature, sizeof(info->signature), "%s",
	    json_string_value(json_object_get(m, "signature")) ?
	    json_string_value(json_object_get(m, "signature")) : "unknown");
	if (aa_buf_read_file(&b, info->data_path) != AA_OK) {
		r = aa_diag_set(diag, AA_ERR_NOTFOUND, "%s: cannot read the "
		    "cached copy", info->data_path);
		goto out;
	}
	sha256_hex(b.ptr, b.len, got);
	if (hash == NULL || strcmp(hash, got) != 0) {
		r = aa_diag_set(diag, AA_ERR_CRYPTO, "%s: does not match the "
		    "SHA-256 recorded when it was downloaded (corrupt or "
		    "edited cache)", info->data_path);
		goto out;
	}
	snprintf(info->sha256, sizeof(info->sha256), "%s", got);
	info->stale = aa_factors_cache_is_stale(info->fetched_at, now,
	    AA_FACTORS_CACHE_MAX_AGE);
	r = AA_OK;
out:
	json_decref(m);
	aa_buf_release(&b);
	aa_buf_release(&mb);
	return r;
}

static int
mkdir_p(const char *dir)
{
	char tmp[1024];

	if (snprintf(tmp, sizeof(tmp), "%s", dir) >= (int)sizeof(tmp))
		return AA_ERR_TOOBIG;
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0700) == -1 && errno != EEXIST)
			return AA_ERR_IO;
		*p = '/';
	}
	if (mkdir(tmp, 0700) == -1 && errno != EEXIST)
		return AA_ERR_IO;
	return AA_OK;
}

/* Write atomically: temp file in the same directory, then rename. */
static int
write_file(const char *path, const void *p, size_t n)
{
	char tmp[1100];
	FILE *fp;
	int fd, r = AA_ERR_IO;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
		return AA_ERR_TOOBIG;
	if ((fd = mkstemp(tmp)) == -1)
		return AA_ERR_IO;
	if ((fp = fdopen(fd, "wb")) == NULL) {
		close(fd);
		unlink(tmp);
		return AA_ERR_IO;
	}
	if (fwrite(p, 1, n, fp) == n && fflush(fp) == 0 && fsync(fd) == 0)
		r = AA_OK;
	if (fclose(fp) != 0)
		r = AA_ERR_IO;
	if (r == AA_OK && rename(tmp, path) == -1)
		r = AA_ERR_IO;
	if (r != AA_OK)
		unlink(tmp);
	return r;
}

static int
download(const char *url, long timeout_ms, size_t max, struct aa_buf *out)
{
	struct aa_factors_net net = { .timeout_ms = timeout_ms };
	struct aa_factors_xfer x;
	long status = 0;
	CURLcode rc;
	int r;

	if ((r = aa_factors_xfer_init(&x, &net, max)) != AA_OK)
		return r;
	/* file:// lets a user (and the tests) point at a local mirror. */
	curl_easy_setopt(x.easy, CURLOPT_PROTOCOLS_STR, "http,https,file");
	curl_easy_setopt(x.easy, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(x.easy, CURLOPT_MAXREDIRS, 3L);
	curl_easy_setopt(x.easy, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	if ((r = aa_factors_xfer_prepare(&x, url)) != AA_OK)
		goto out;
	rc = curl_easy_perform(x.easy);
	curl_easy_getinfo(x.easy, CURLINFO_RESPONSE_CODE, &status);
	if ((r = aa_factors_curl_err(rc)) != AA_OK)
		goto out;
	if (strncmp(url, "file:", 5) != 0 && status != 200) {
		r = AA_ERR_HTTP;
		goto out;
	}
	aa_buf_release(out);
	r = aa_buf_append(out, x.body.ptr ? x.body.ptr : "", x.body.len);
out:
	aa_factors_xfer_release(&x);
	return r;
}

static int
run_gpgv(const char *keyring, const char *sig, const char *outp)
{
	char *argv[] = { (char *)"gpgv", (char *)"--quiet", (char *)"--keyring",
		(char *)keyring, (char *)"--output", (char *)outp, (char *)sig,
		NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st = 0, rc;

	if (posix_spawn_file_actions_init(&fa) != 0)
		return -1;
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&pid, "gpgv", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return -2;
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Verify data against url.sig with gpgv; the outcome goes into `why`. */
static void
verify_sig(const char *url, const char *dir, const char *name,
    const struct aa_buf *data, long timeout_ms, char *why, size_t whylen)
{
	char keyring[1100], sigp[1100], outp[1100], sigurl[600];
	const char *k = getenv("AA_FACTORS_KEYRING");
	struct aa_buf sig, got;
	int rc;

	aa_buf_init(&sig, AA_FACTORS_DIR_MAX_BYTES + 65536);
	aa_buf_init(&got, AA_FACTORS_DIR_MAX_BYTES);
	snprintf(keyring, sizeof(keyring), "%s", k ? k : "");
	if (k == NULL)
		path_join(keyring, sizeof(keyring), dir, "2fa-directory.gpg", "");
	if (access(keyring, R_OK) != 0) {
		snprintf(why, whylen, "not verified: no keyring with the "
		    "directory's signing key at %.150s (see FACTORS.md)", keyring);
		goto out;
	}
	snprintf(sigurl, sizeof(sigurl), "%s.sig", url);
	if (download(sigurl, timeout_ms, sig.max, &sig) != AA_OK) {
		snprintf(why, whylen, "not verified: could not fetch %.200s",
		    sigurl);
		goto out;
	}
	path_join(sigp, sizeof(sigp), dir, name, ".sig");
	path_join(outp, sizeof(outp), dir, name, ".verified");
	unlink(outp);
	if (write_file(sigp, sig.ptr, sig.len) != AA_OK) {
		snprintf(why, whylen, "not verified: cannot write %.200s", sigp);
		goto out;
	}
	rc = run_gpgv(keyring, sigp, outp);
	if (rc == -2)
		snprintf(why, whylen, "not verified: gpgv is not installed");
	else if (rc != 0)
		snprintf(why, whylen, "SIGNATURE INVALID (gpgv exit %d)", rc);
	else if (aa_buf_read_file(&got, outp) != AA_OK ||
	    got.len != data->len || memcmp(got.ptr, data->ptr, got.len) != 0)
		snprintf(why, whylen, "SIGNATURE INVALID: signed content "
		    "differs from the download");
	else
		snprintf(why, whylen, "verified (gpgv, %.200s)", keyring);
	unlink(outp);
out:
	aa_buf_release(&sig);
	aa_buf_release(&got);
}

int
aa_factors_cache_fetch(const char *url, const char *dir,
    const char *name, enum aa_factors_dir_kind kind, long timeout_ms,
    struct aa_factors_cache_info *info, struct aa_diag *diag)
{
	struct aa_factors_dir *d = NULL;
	struct aa_buf b;
	char meta[1100];
	json_t *m = NULL;
	char *text = NULL;
	int r = AA_ERR_INTERNAL;

	memset(info, 0, sizeof(*info));
	aa_buf_init(&b, AA_FACTORS_DIR_MAX_BYTES);
	if (mkdir_p(dir) != AA_OK) {
		r = aa_diag_set(diag, AA_ERR_IO, "%s: cannot create the cache "
		    "directory", dir);
		goto out;
	}
	if (path_join(meta, sizeof(meta), dir, name, ".meta") != AA_OK ||
	    path_join(info->data_path, sizeof(info->data_path), dir, name,
	    "") != AA_OK) {
		r = aa_diag_set(diag, AA_ERR_TOOBIG, "cache path too long");
		goto out;
	}
	if ((r = download(url, timeout_ms, b.max, &b)) != AA_OK) {
		r = aa_diag_set(diag, r, "%s: download failed: %s", url,
		    aa_strerr(r));
		goto out;
	}
	/* Never cache what we could not use. */
	if ((r = aa_factors_dir_parse(b.ptr, b.len, kind, url, &d, diag)) !=
	    AA_OK)
		goto out;
	if (kind == AA_FACTORS_DIR_TFA)
		verify_sig(url, dir, name, &b, timeout_ms, info->signature,
		    sizeof(info->signature));
	else
		snprintf(info->signature, sizeof(info->signature),
		    "not verified: the passkeys API publishes no signature");
	if (strncmp(info->signature, "SIGNATURE INVALID", 17) == 0) {
		r = aa_diag_set(diag, AA_ERR_CRYPTO, "%s: %s", url,
		    info->signature);
		goto out;
	}
	sha256_hex(b.ptr, b.len, info->sha256);
	info->fetched_at = time(NULL);
	snprintf(info->source, sizeof(info->source), "%s", url);
	m = json_pack("{s:s, s:I, s:s, s:s}", "source", url, "fetched_at",
	    (json_int_t)info->fetched_at, "sha256", info->sha256,
	    "signature", info->signature);
	if (m == NULL || (text = json_dumps(m, JSON_INDENT(1))) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	if ((r = write_file(info->data_path, b.ptr, b.len)) != AA_OK ||
	    (r = write_file(meta, text, strlen(text))) != AA_OK) {
		r = aa_diag_set(diag, r, "%s: cannot write the cache", dir);
		goto out;
	}
	r = AA_OK;
out:
	free(text);
	json_decref(m);
	aa_factors_dir_free(&d);
	aa_buf_release(&b);
	return r;
}
