/*
 * The totp CLI end to end on generated fixtures: every report format and
 * stderr are searched for every fixture seed and the password (none may
 * appear), exit statuses, `totp code` and `totp check`.
 * Needs the built CLI at $AA_BUILD/auth-audit (set by make test).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "tests/unit/tap.h"
#include "tests/unit/totp_fixtures.h"
#include "totp/engine.h"

static char cli[4096], dir[64];

/* Run argv with stdin/stdout/stderr redirected; returns the exit status. */
static int
run(char *const argv[], const char *in, const char *out, const char *err)
{
	int st = 0;
	pid_t pid = fork();

	if (pid == 0) {
		int fi = open(in ? in : "/dev/null", O_RDONLY);
		int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *
slurp(const char *path)
{
	struct aa_buf b;

	aa_buf_init(&b, 64 * 1024 * 1024);
	if (aa_buf_read_file(&b, path) != AA_OK)
		aa_buf_puts(&b, "");
	return aa_buf_steal(&b);
}

static int
ci_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/* No fixture seed (upper or lower case) and no password in text. */
static int
leaks(const char *text, const char *what)
{
	const char *seeds[TOTP_FX_N + 2];
	int n = 0;

	for (int i = 0; i < TOTP_FX_N; i++)
		seeds[n++] = totp_fx_entries[i].secret;
	seeds[n++] = totp_fx_exposed[0];
	seeds[n++] = totp_fx_exposed[1];
	for (int i = 0; i < n; i++) {
		/* Any 12-character window of a seed counts as a leak. */
		for (size_t off = 4; off + 12 <= strlen(seeds[i]); off += 4) {
			char win[13];

			memcpy(win, seeds[i] + off, 12);
			win[12] = '\0';
			if (ci_contains(text, win)) {
				tap_diag("%s leaks seed %d", what, i);
				return 1;
			}
		}
	}
	if (strstr(text, totp_fx_password) != NULL) {
		tap_diag("%s leaks the password", what);
		return 1;
	}
	return 0;
}

static void
scan_formats(void)
{
	static const char *const fmts[] = { "text", "json", "sarif", "md",
		"html", "tsv" };
	char fx[128], pwf[128], out[128], err[128], so[128];

	snprintf(fx, sizeof(fx), "%s/fx", dir);
	snprintf(pwf, sizeof(pwf), "%s/pw", dir);
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		char *argv[] = { cli, (char *)"totp", (char *)"scan", fx,
			(char *)"--password-file", pwf, (char *)"--format",
			(char *)fmts[i], (char *)"--out", out, NULL };
		char *o, *e, *s;
		int rc;

		snprintf(out, sizeof(out), "%s/report.%s", dir, fmts[i]);
		snprintf(err, sizeof(err), "%s/stderr.%s", dir, fmts[i]);
		snprintf(so, sizeof(so), "%s/stdout.%s", dir, fmts[i]);
		rc = run(argv, NULL, so, err);
		is_int(rc, 1, "scan exits 1 on findings");
		o = slurp(out);
		e = slurp(err);
		s = slurp(so);
		ok(strlen(o) > 100, "%s report written", fmts[i]);
		ok(!leaks(o, fmts[i]), "%s report holds no seed or password",
		    fmts[i]);
		ok(!leaks(e, "stderr") && !leaks(s, "stdout"),
		    "%s run: stderr/stdout hold no seed", fmts[i]);
		if (strcmp(fmts[i], "tsv") == 0) {
			ok(strstr(o, "TOTP-BACKUP-PLAINTEXT\tfail") != NULL,
			    "plaintext backups found");
			ok(strstr(o, "TOTP-BACKUP-WEAK-KDF\tfail") != NULL,
			    "weak KDFs found");
			ok(strstr(o, "TOTP-BACKUP-SEED-WEAK\tfail") != NULL,
			    "80-bit seed found");
			ok(strstr(o, "TOTP-BACKUP-DUPLICATE\tfail") != NULL,
			    "shared seed found");
			ok(strstr(o, "TOTP-SEED-EXPOSED\tfail") != NULL,
			    "seeds in the log found");
		}
		if (strcmp(fmts[i], "json") == 0)
			ok(strstr(o, "pbkdf2-sha256") && strstr(o, "\"iterations\": 10000")
			    && strstr(o, "scrypt"), "KDF parameters in the evidence");
		free(o);
		free(e);
		free(s);
	}
}

static void
wrong_password(void)
{
	char fx[128], pwf[128], out[128], err[128];
	char *argv[] = { cli, (char *)"totp", (char *)"scan", fx,
		(char *)"--password-env", (char *)"AA_TEST_TOTP_PW",
		(char *)"--fail-on", (char *)"none", NULL };
	char *e, *o;
	int rc;

	snprintf(fx, sizeof(fx), "%s/fx/a2.json", dir);
	snprintf(pwf, sizeof(pwf), "%s/pw", dir);
	snprintf(out, sizeof(out), "%s/wrong.out", dir);
	snprintf(err, sizeof(err), "%s/wrong.err", dir);
	setenv("AA_TEST_TOTP_PW", "not the password", 1);
	rc = run(argv, NULL, out, err);
	is_int(rc, 3, "wrong password: exit 3 (backup not audited)");
	e = slurp(err);
	o = slurp(out);
	ok(strstr(e, "password") != NULL, "wrong password explained");
	ok(!leaks(e, "stderr") && !leaks(o, "stdout"), "no seed on a wrong password");
	free(e);
	free(o);
	unsetenv("AA_TEST_TOTP_PW");
}

static void
code_and_check(void)
{
	char uf[128], out[128], err[128], code[AA_TOTP_CODE_MAX];
	char c1[AA_TOTP_CODE_MAX], c2[AA_TOTP_CODE_MAX];
	char *argv[] = { cli, (char *)"totp", (char *)"code", (char *)"--uri-file",
		uf, NULL };
	char *argv2[] = { cli, (char *)"totp", (char *)"check", uf, (char *)"--format",
		(char *)"tsv", NULL };
	char *argv3[] = { cli, (char *)"totp", (char *)"code", uf, NULL };
	char *o;
	FILE *fp;
	aa_secret_t *k = NULL;
	struct aa_totp_params p = { AA_TOTP_SHA256, 8, 60 };

	snprintf(uf, sizeof(uf), "%s/uri", dir);
	snprintf(out, sizeof(out), "%s/code.out", dir);
	snprintf(err, sizeof(err), "%s/code.err", dir);
	fp = fopen(uf, "w");
	fprintf(fp, "otpauth://totp/Globex:bob?secret=%s&issuer=Globex&algorithm="
	    "SHA256&digits=8&period=60\n", totp_fx_entries[1].secret);
	fclose(fp);
	aa_totp_b32_decode(totp_fx_entries[1].secret,
	    strlen(totp_fx_entries[1].secret), &k, NULL);
	aa_totp_code(k, &p, time(NULL), c1);
	is_int(run(argv, NULL, out, err), 0, "totp code exits 0");
	aa_totp_code(k, &p, time(NULL), c2);
	o = slurp(out);
	snprintf(code, sizeof(code), "%.8s", o);
	ok(strlen(o) == 9 && (strcmp(code, c1) == 0 || strcmp(code, c2) == 0),
	    "totp code prints the SHA256/8/60 code");
	free(o);
	is_int(run(argv3, NULL, out, err), 2, "a URI operand is refused (secret)");
	is_int(run(argv2, NULL, out, err), 1, "totp check: nonstandard URI exits 1");
	o = slurp(out);
	ok(strstr(o, "TOTP-URI-NONSTANDARD\tfail") && strstr(o,
	    "TOTP-SEED-WEAK\tpass"), "check: nonstandard, seed fine");
	free(o);
	fp = fopen(uf, "w");
	fprintf(fp, "otpauth://totp/x?secret=%s\n", totp_fx_entries[2].secret);
	fclose(fp);
	char *argv4[] = { cli, (char *)"totp", (char *)"check", (char *)"-",
		(char *)"--format", (char *)"json", NULL };
	is_int(run(argv4, uf, out, err), 1, "totp check reads stdin");
	o = slurp(out);
	ok(strstr(o, "\"TOTP-SEED-WEAK\"") && strstr(o, "80 bits") &&
	    !leaks(o, "check json"), "80-bit seed reported, redacted");
	free(o);
	aa_secret_free(&k);
}

static void
usage(void)
{
	char out[128], err[128], nope[160];
	char *a1[] = { cli, (char *)"totp", NULL };
	char *a2[] = { cli, (char *)"totp", (char *)"scan", NULL };
	char *a3[] = { cli, (char *)"totp", (char *)"scan", nope, NULL };
	char *a4[] = { cli, (char *)"totp", (char *)"scan", dir, (char *)"--format",
		(char *)"xml", NULL };
	char *a5[] = { cli, (char *)"totp", (char *)"--help", NULL };
	char *a6[] = { cli, (char *)"totp", (char *)"frobnicate", NULL };
	char *a7[] = { cli, (char *)"totp", (char *)"scan", dir, (char *)"--password-env",
		(char *)"AA_TEST_TOTP_UNSET_VAR", NULL };
	char *o;

	snprintf(out, sizeof(out), "%s/u.out", dir);
	snprintf(err, sizeof(err), "%s/u.err", dir);
	snprintf(nope, sizeof(nope), "%s/does-not-exist", dir);
	is_int(run(a1, NULL, out, err), 2, "totp without a subcommand: usage, exit 2");
	is_int(run(a2, NULL, out, err), 2, "scan without PATH: exit 2");
	is_int(run(a3, NULL, out, err), 2, "scan of a missing path: exit 2");
	is_int(run(a4, NULL, out, err), 2, "unknown format: exit 2");
	is_int(run(a6, NULL, out, err), 2, "unknown subcommand: exit 2");
	unsetenv("AA_TEST_TOTP_UNSET_VAR");
	is_int(run(a7, NULL, out, err), 2, "--password-env naming an unset variable: exit 2");
	is_int(run(a5, NULL, out, err), 0, "totp --help: exit 0");
	o = slurp(out);
	ok(strstr(o, "auth-audit totp scan PATH...") != NULL, "--help prints the synopsis");
	free(o);
}

/*
 * A QR image of a transfer export (made by qrencode(1)) is read in-process
 * (libpng + libzbar) into its seeds; a truncated image and a GIF are
 * per-file errors (the limits: test_totp_qr.c).
 */
static void
qr(void)
{
	static const char gif[] = "GIF89a\x01\x00\x01\x00 not really";
	char png[160], big[160], gf[160], out[128], err[128];
	char *argv[] = { cli, (char *)"totp", (char *)"scan", png, (char *)"--format",
		(char *)"tsv", NULL };
	size_t len, plen;
	unsigned char *mig = totp_fx_build("g2.txt", &len), *img;
	char *o, *e;

	mig[len - 1] = '\0';  /* the URI without its newline */
	if ((img = totp_fx_qr_png((char *)mig, &plen)) == NULL) {
		tap_skip("qrencode(1) is not installed (Debian package "
		    "qrencode; .ci/run installs it)");
		free(mig);
		return;
	}
	snprintf(png, sizeof(png), "%s/transfer.png", dir);
	snprintf(big, sizeof(big), "%s/half.png", dir);
	snprintf(gf, sizeof(gf), "%s/transfer.gif", dir);
	snprintf(out, sizeof(out), "%s/qr.out", dir);
	snprintf(err, sizeof(err), "%s/qr.err", dir);
	totp_fx_write(dir, "transfer.png", img, plen);
	is_int(run(argv, NULL, out, err), 1, "QR image: findings");
	o = slurp(out);
	ok(strstr(o, "TOTP-BACKUP-PLAINTEXT\tfail") != NULL,
	    "QR image read in-process into a transfer export");
	ok(!leaks(o, "qr report"), "QR report holds no seed");
	free(o);
	totp_fx_write(dir, "half.png", img, plen / 2);
	argv[3] = big;
	is_int(run(argv, NULL, out, err), 3, "truncated image: not audited "
	    "(exit 3)");
	e = slurp(err);
	ok(strstr(e, "broken or truncated image") != NULL, "truncated image: "
	    "said so");
	free(e);
	totp_fx_write(dir, "transfer.gif", gif, sizeof(gif) - 1);
	argv[3] = gf;
	is_int(run(argv, NULL, out, err), 3, "GIF: not audited (exit 3)");
	e = slurp(err);
	ok(strstr(e, "only PNG and JPEG") != NULL, "GIF: said so");
	free(e);
	free(img);
	free(mig);
}

int
main(void)
{
	const char *b = getenv("AA_BUILD");
	struct stat st;
	char fx[128];

	if (b == NULL) {
		tap_skip("AA_BUILD not set (run through make test)");
		return tap_done();
	}
	snprintf(cli, sizeof(cli), "%s/auth-audit", b);
	if (stat(cli, &st) != 0 || !S_ISREG(st.st_mode)) {
		ok(0, "CLI binary at %s", cli);
		return tap_done();
	}
	strcpy(dir, "/tmp/aa-totp-cli-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(fx, sizeof(fx), "%s/fx", dir);
	mkdir(fx, 0700);
	ok(totp_fx_write_all(fx) == 0, "fixtures written");
	ok(totp_fx_write(dir, "pw", totp_fx_password,
	    strlen(totp_fx_password)) == 0, "password file written");
	usage();
	qr();
	scan_formats();
	wrong_password();
	code_and_check();
	{
		char cmd[256];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			tap_diag("could not remove %s", dir);
	}
	return tap_done();
}
