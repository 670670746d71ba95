/*
 * TOTP scanner benchmarks (ratios and rates measured in this run):
 *  1. Aegis vault decrypt through the reader vs raw scrypt + GCM of the
 *     same parameters and sizes (target: ratio <= 1.1);
 *  2. scanning a 10,000-entry plain export (MB/s);
 *  3. scanning a generated directory tree, 1 GiB by default (the size the
 *     issue asks for); AA_BENCH_TOTP_TREE_MB=N for another size (MB/s).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "auth-audit/core/err.h"
#include "auth-audit/report/report.h"
#include "totp/backup/backup.h"
#include "totp/kdf.h"
#include "totp/scan/scan.h"
#include "totp/backup/writer.h"

#define ROUNDS 9

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A plain Aegis db JSON (vault when `vault`) with n random entries. */
static char *
aegis_json(size_t n, int vault)
{
	json_t *arr = json_array(), *db;
	char *s;

	for (size_t i = 0; i < n; i++) {
		unsigned char raw[20];
		aa_secret_t *b32 = NULL;
		char name[32];

		RAND_bytes(raw, sizeof(raw));
		aa_totp_b32_encode(raw, sizeof(raw), &b32);
		snprintf(name, sizeof(name), "user%zu", i);
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:{s:s,s:s,"
		    "s:i,s:i}}", "type", "totp", "uuid", "u", "name", name, "issuer",
		    "Bench", "info", "secret", aa_secret_str(b32), "algo", "SHA1",
		    "digits", 6, "period", 30));
		aa_secret_free(&b32);
	}
	db = json_pack("{s:i,s:o}", "version", 2, "entries", arr);
	if (vault)
		db = json_pack("{s:i,s:{s:n,s:n},s:o}", "version", 1, "header",
		    "slots", "params", "db", db);
	s = json_dumps(db, JSON_INDENT(1));
	json_decref(db);
	return s;
}

static double
min_of(const double *v, int n)
{
	double m = v[0];

	for (int i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

/* 0 when the reader costs at most 1.1x the raw primitives. */
static int
bench_aegis(void)
{
	aa_secret_t *pw = aa_secret_new_str("bench password");
	char *db = aegis_json(20, 0), *vault = NULL;
	size_t dblen = strlen(db);
	struct aa_totp_read_opts o;
	struct aa_totp_kdf_limits lim;
	unsigned char salt[32], key[32], iv[12], tag[16], *buf = malloc(dblen + 32);
	double tr[ROUNDS], tb[ROUNDS], ratio;

	aa_totp_seal_aegis(db, pw, 32768, 8, 1, &vault);
	aa_totp_read_opts_default(&o);
	o.password = pw;
	aa_totp_kdf_limits_default(&lim);
	RAND_bytes(salt, sizeof(salt));
	RAND_bytes(iv, sizeof(iv));
	for (int i = 0; i < ROUNDS; i++) {
		struct aa_totp_backup b;
		double t0;

		aa_totp_backup_init(&b, 0);
		t0 = now_s();
		if (aa_totp_backup_read(vault, strlen(vault), &o, &b, NULL) != AA_OK ||
		    b.n != 20)
			fprintf(stderr, "bench_totp: aegis vault did not open\n");
		tr[i] = now_s() - t0;
		aa_totp_backup_release(&b);
		/* Baseline: the same KDF and two GCM operations of the same sizes. */
		t0 = now_s();
		aa_totp_scrypt(pw, salt, 32, 32768, 8, 1, &lim, key, NULL);
		aa_totp_gcm_seal(key, iv, 12, (const unsigned char *)db, 32, buf, tag);
		aa_totp_gcm_seal(key, iv, 12, (const unsigned char *)db, dblen, buf,
		    tag);
		tb[i] = now_s() - t0;
	}
	ratio = min_of(tr, ROUNDS) / min_of(tb, ROUNDS);
	printf("bench_totp: aegis decrypt %.1f ms, raw scrypt+GCM %.1f ms, "
	    "ratio %.3f (target <= 1.10: %s)\n", min_of(tr, ROUNDS) * 1e3,
	    min_of(tb, ROUNDS) * 1e3, ratio, ratio <= 1.10 ? "met" : "NOT met");
	free(buf);
	free(db);
	free(vault);
	aa_secret_free(&pw);
	return ratio <= 1.10 ? 0 : 1;
}

static int
write_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	int r = -1;

	if (fp == NULL)
		return -1;
	if (fwrite(data, 1, len, fp) == len)
		r = 0;
	if (fclose(fp) != 0)
		r = -1;
	return r;
}

static double
scan_rate(const char *path, const char *what, unsigned long bytes)
{
	struct aa_totp_scan_opts so;
	struct aa_totp_scan_stats st;
	struct aa_report *rep = NULL;
	const char *paths[1] = { path };
	double t0, t;

	aa_totp_scan_opts_default(&so);
	so.use_zbar = 0;
	aa_report_new("totp-scan", &rep);
	t0 = now_s();
	aa_totp_scan(paths, 1, &so, rep, NULL, NULL, &st);
	t = now_s() - t0;
	printf("bench_totp: %s: %lu files, %.1f MB, %lu entries, %lu exposed "
	    "files in %.2f s = %.1f MB/s\n", what, st.files,
	    (double)(bytes ? bytes : st.bytes) / 1e6, st.entries, st.exposed, t,
	    (double)st.bytes / 1e6 / (t > 0 ? t : 1e-9));
	aa_report_free(&rep);
	return t;
}

/* A log chunk: ordinary lines, now and then a seed after a keyword. */
static void
log_chunk(char *buf, size_t len, unsigned seed)
{
	size_t n = 0;
	unsigned line = 0;

	while (n + 160 < len) {
		line++;
		if ((line + seed) % 997 == 0)
			n += (size_t)snprintf(buf + n, len - n, "2026-11-21T10:00:%02u "
			    "DEBUG mfa enrolled totp_secret=JBSWY3DPEHPK3PXPJBSWY3DPEH"
			    "PK3PXP user=%u\n", line % 60, line);
		else
			n += (size_t)snprintf(buf + n, len - n, "2026-11-21T10:00:%02u "
			    "INFO GET /api/items/%u status=200 bytes=%u ms=%u "
			    "UA=Mozilla/5.0 REQID=A%07uZ\n", line % 60, line * 7u,
			    line * 13u % 9000, line % 300, line * 31u);
	}
	memset(buf + n, '\n', len - n);
}

static void
bench_tree(const char *base)
{
	const char *env = getenv("AA_BENCH_TOTP_TREE_MB");
	unsigned long mb = env != NULL ? strtoul(env, NULL, 10) : 1024;
	size_t chunk = 1024 * 1024;
	char *buf = malloc(chunk), dir[512], path[600];
	char *db = aegis_json(50, 1);
	unsigned long total = 0;

	if (mb == 0)
		mb = 1024;
	snprintf(dir, sizeof(dir), "%s/tree", base);
	mkdir(dir, 0700);
	for (unsigned long i = 0; total < mb * chunk; i++) {
		char sub[560];

		snprintf(sub, sizeof(sub), "%s/d%lu", dir, i / 32);
		mkdir(sub, 0700);
		if (i % 16 == 15) {
			snprintf(path, sizeof(path), "%s/export%lu.json", sub, i);
			write_file(path, db, strlen(db));
			total += strlen(db);
			continue;
		}
		log_chunk(buf, chunk, (unsigned)i);
		snprintf(path, sizeof(path), "%s/app%lu.log", sub, i);
		write_file(path, buf, chunk);
		total += chunk;
	}
	scan_rate(dir, env != NULL ? "directory tree (AA_BENCH_TOTP_TREE_MB)" :
	    "directory tree (1 GB; AA_BENCH_TOTP_TREE_MB=N for another size)",
	    total);
	free(buf);
	free(db);
}

int
main(void)
{
	char base[] = "/tmp/aa-bench-totp-XXXXXX", path[128], cmd[160];
	char *db;
	int rc;

	if (mkdtemp(base) == NULL)
		return 1;
	rc = bench_aegis();
	db = aegis_json(10000, 1);
	snprintf(path, sizeof(path), "%s/export10k.json", base);
	write_file(path, db, strlen(db));
	scan_rate(path, "10,000-entry Aegis export", strlen(db));
	free(db);
	bench_tree(base);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
