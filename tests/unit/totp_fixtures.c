/* Fixture generator for the TOTP scanner tests (see totp_fixtures.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "auth-audit/core/b64.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"
#include "tests/unit/totp_fixtures.h"
#include "totp/engine.h"
#include "totp/kdf.h"
#include "totp/backup/writer.h"

const struct totp_fx_entry totp_fx_entries[TOTP_FX_N] = {
	{ "Acme", "alice", "VPNE6IBOYLEKZ2OUBD357BQDVIXYC662", "SHA1", 6, 30 },
	{ "Globex", "bob", "MR377EM4KPWEV6ZFVLSXTV2GJDNXGKTR", "SHA256", 8, 60 },
	{ "Initech", "carol", "VKJAGQILXUDKXBRL", "SHA1", 6, 30 },  /* 80 bits */
	{ "Umbrella", "dave", "VPNE6IBOYLEKZ2OUBD357BQDVIXYC662", "SHA1", 6, 30 },
};
const char *const totp_fx_exposed[2] = {
	"AD7L5HIK7J676BWUBZ2O2UAQ5SPGE4JL", "CQS3NRKRFMERF4OUSDUUCC5OTE5BCUT6",
};
const char totp_fx_password[] = "correct horse 1";

const struct totp_fx_file totp_fx_files[TOTP_FX_FILES] = {
	{ "a1.json", "aegis", 0, TOTP_FX_N },
	{ "a2.json", "aegis", 1, TOTP_FX_N },
	{ "aegis_strong.json", "aegis", 1, TOTP_FX_N },
	{ "b1.2fas", "2fas", 0, TOTP_FX_N },
	{ "b2.2fas", "2fas", 1, TOTP_FX_N },
	{ "c1.json", "andotp", 0, TOTP_FX_N },
	{ "c2.bin", "andotp", 1, TOTP_FX_N },
	{ "c3.bin", "andotp", 1, TOTP_FX_N },
	{ "d1.json", "freeotp+", 0, TOTP_FX_N },
	{ "e1.json", "bitwarden", 0, TOTP_FX_N },
	{ "e2.csv", "bitwarden-csv", 0, TOTP_FX_N },
	{ "e3.json", "bitwarden", 1, TOTP_FX_N },
	{ "e4.json", "bitwarden", 1, TOTP_FX_N },
	{ "f1.csv", "keepassxc-csv", 0, TOTP_FX_N },
	{ "g1.txt", "otpauth-list", 0, TOTP_FX_N },
	{ "g2.txt", "google-migration", 0, TOTP_FX_N },
	{ "h1.log", "exposed", 0, 2 },
	{ "i1.json", "ente", 1, TOTP_FX_N },
};

static aa_secret_t *
password(void)
{
	return aa_secret_new_str(totp_fx_password);
}

static char *
dump(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(1));

	json_decref(j);
	return s;
}

static json_t *
aegis_db(void)
{
	json_t *arr = json_array();

	for (int i = 0; i < TOTP_FX_N; i++) {
		const struct totp_fx_entry *e = &totp_fx_entries[i];

		json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:{s:s,"
		    "s:s,s:i,s:i}}", "type", "totp", "uuid", "u", "name", e->name,
		    "issuer", e->issuer, "info", "secret", e->secret, "algo",
		    e->algo, "digits", e->digits, "period", e->period));
	}
	return json_pack("{s:i,s:o,s:[]}", "version", 2, "entries", arr,
	    "groups");
}

static json_t *
twofas_services(void)
{
	json_t *arr = json_array();

	for (int i = 0; i < TOTP_FX_N; i++) {
		const struct totp_fx_entry *e = &totp_fx_entries[i];

		json_array_append_new(arr, json_pack("{s:s,s:s,s:{s:s,s:s,s:i,"
		    "s:i,s:s,s:s}}", "name", e->issuer, "secret", e->secret, "otp",
		    "account", e->name, "issuer", e->issuer, "digits", e->digits,
		    "period", e->period, "algorithm", e->algo, "tokenType", "TOTP"));
	}
	return arr;
}

static json_t *
andotp_accounts(void)
{
	json_t *arr = json_array();

	for (int i = 0; i < TOTP_FX_N; i++) {
		const struct totp_fx_entry *e = &totp_fx_entries[i];

		json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:i,s:s,s:s,"
		    "s:i,s:[]}", "secret", e->secret, "issuer", e->issuer, "label",
		    e->name, "digits", e->digits, "type", "TOTP", "algorithm",
		    e->algo, "period", e->period, "tags"));
	}
	return arr;
}

static json_t *
freeotp(void)
{
	json_t *arr = json_array(), *order = json_array();

	for (int i = 0; i < TOTP_FX_N; i++) {
		const struct totp_fx_entry *e = &totp_fx_entries[i];
		aa_secret_t *s = NULL;
		json_t *bytes = json_array();

		aa_totp_b32_decode(e->secret, strlen(e->secret), &s, NULL);
		for (size_t k = 0; s != NULL && k < s->len; k++)
			json_array_append_new(bytes, json_integer(
			    s->ptr[k] > 127 ? (int)s->ptr[k] - 256 : s->ptr[k]));
		aa_secret_free(&s);
		json_array_append_new(arr, json_pack("{s:s,s:i,s:i,s:s,s:s,s:i,"
		    "s:o,s:s}", "algo", e->algo, "counter", 0, "digits", e->digits,
		    "issuerExt", e->issuer, "label", e->name, "period", e->period,
		    "secret", bytes, "type", "TOTP"));
		json_array_append_new(order, json_string(e->name));
	}
	return json_pack("{s:o,s:o}", "tokens", arr, "tokenOrder", order);
}

static char *
uri(const struct totp_fx_entry *e)
{
	char *s = malloc(512);

	snprintf(s, 512, "otpauth://totp/%s:%s?secret=%s&issuer=%s&algorithm=%s"
	    "&digits=%d&period=%d", e->issuer, e->name, e->secret, e->issuer,
	    e->algo, e->digits, e->period);
	return s;
}

static json_t *
bitwarden(void)
{
	json_t *arr = json_array();

	for (int i = 0; i < TOTP_FX_N; i++) {
		char *u = uri(&totp_fx_entries[i]);

		json_array_append_new(arr, json_pack("{s:i,s:s,s:{s:s,s:s}}", "type",
		    1, "name", totp_fx_entries[i].issuer, "login", "username",
		    totp_fx_entries[i].name, "totp", i % 2 ? totp_fx_entries[i].secret
		    : u));
		free(u);
	}
	return json_pack("{s:b,s:[],s:o}", "encrypted", 0, "folders", "items",
	    arr);
}

static void
cat(char **buf, size_t *len, const char *s)
{
	size_t n = strlen(s);

	*buf = realloc(*buf, *len + n + 1);
	memcpy(*buf + *len, s, n + 1);
	*len += n;
}

static char *
csv(int keepass)
{
	char *b = NULL, line[512];
	size_t len = 0;

	cat(&b, &len, keepass ? "\"Group\",\"Title\",\"Username\",\"Password\","
	    "\"URL\",\"Notes\",\"TOTP\"\n" : "folder,favorite,type,name,notes,"
	    "fields,reprompt,login_uri,login_username,login_password,login_totp\n");
	for (int i = 0; i < TOTP_FX_N; i++) {
		const struct totp_fx_entry *e = &totp_fx_entries[i];
		char *u = uri(e);

		if (keepass)
			snprintf(line, sizeof(line), "\"Root\",\"%s\",\"%s\",\"pw\","
			    "\"\",\"a \"\"quoted\"\"\nnote\",\"%s\"\n", e->issuer,
			    e->name, u);
		else
			snprintf(line, sizeof(line), ",,login,%s,,,0,https://x,%s,pw,%s\n",
			    e->issuer, e->name, i % 2 ? e->secret : u);
		cat(&b, &len, line);
		free(u);
	}
	return b;
}

static char *
urilist(void)
{
	char *b = NULL;
	size_t len = 0;

	cat(&b, &len, "# exported keys\n");
	for (int i = 0; i < TOTP_FX_N; i++) {
		char *u = uri(&totp_fx_entries[i]);

		cat(&b, &len, u);
		cat(&b, &len, "\r\n");
		free(u);
	}
	return b;
}

static void
pb_bytes(unsigned char *pb, size_t *n, int field, const void *p, size_t len)
{
	pb[(*n)++] = (unsigned char)(field << 3 | 2);
	pb[(*n)++] = (unsigned char)len;
	memcpy(pb + *n, p, len);
	*n += len;
}

static char *
migration(void)
{
	unsigned char pb[2048], inner[256];
	char *b64 = NULL, *out;
	size_t n = 0;

	for (int i = 0; i < TOTP_FX_N; i++) {
		const struct totp_fx_entry *e = &totp_fx_entries[i];
		aa_secret_t *s = NULL;
		size_t m = 0;
		char name[128];

		aa_totp_b32_decode(e->secret, strlen(e->secret), &s, NULL);
		snprintf(name, sizeof(name), "%s:%s", e->issuer, e->name);
		pb_bytes(inner, &m, 1, s->ptr, s->len);
		pb_bytes(inner, &m, 2, name, strlen(name));
		pb_bytes(inner, &m, 3, e->issuer, strlen(e->issuer));
		inner[m++] = 4 << 3;
		inner[m++] = strcmp(e->algo, "SHA256") == 0 ? 2 : 1;
		inner[m++] = 5 << 3;
		inner[m++] = e->digits == 8 ? 2 : 1;
		inner[m++] = 6 << 3;
		inner[m++] = 2;
		pb_bytes(pb, &n, 1, inner, m);
		aa_secret_free(&s);
	}
	memcpy(pb + n, "\x10\x01\x18\x01\x20\x00", 6);  /* version, batch */
	n += 6;
	/* batch_id as a negative int32: 10-byte varint */
	memcpy(pb + n, "\x28\xeb\xe0\x92\x8a\xfb\xff\xff\xff\xff\x01", 11);
	n += 11;
	b64 = aa_b64_encode(AA_B64_STD, pb, n);
	out = malloc(strlen(b64) * 3 + 64);
	strcpy(out, "otpauth-migration://offline?data=");
	for (char *p = b64; *p; p++) {
		char esc[4];

		if (*p == '+' || *p == '/' || *p == '=') {
			snprintf(esc, sizeof(esc), "%%%02X", *p);
			strcat(out, esc);
		} else
			strncat(out, p, 1);
	}
	strcat(out, "\n");
	free(b64);
	return out;
}

static char *
exposed_log(void)
{
	char *b = NULL, line[512];
	size_t len = 0;

	cat(&b, &len, "2026-11-21 INFO start TOTP_SECRET_KEY=unset\n"
	    "2026-11-21 DEBUG hash=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b\n"
	    "2026-11-21 INFO HELLO WORLD ABCDEFGHIJKLMNOPQRSTUVWXYZ\n");
	snprintf(line, sizeof(line), "2026-11-21 DEBUG user=alice "
	    "totp_secret=%s enrolled\n", totp_fx_exposed[0]);
	cat(&b, &len, line);
	snprintf(line, sizeof(line), "INSERT INTO mfa (user, seed) VALUES "
	    "('bob', '%s');\n", totp_fx_exposed[1]);
	cat(&b, &len, line);
	return b;
}

unsigned char *
totp_fx_build(const char *name, size_t *len)
{
	aa_secret_t *pw = password();
	unsigned char *bin = NULL;
	char *s = NULL, *inner = NULL;

	*len = 0;
	if (strcmp(name, "a1.json") == 0)
		s = dump(json_pack("{s:i,s:{s:n,s:n},s:o}", "version", 1, "header",
		    "slots", "params", "db", aegis_db()));
	else if (strcmp(name, "a2.json") == 0 ||
	    strcmp(name, "aegis_strong.json") == 0) {
		inner = dump(aegis_db());
		aa_totp_seal_aegis(inner, pw, name[0] == 'a' && name[1] == '2' ?
		    1024 : 32768, 8, 1, &s);
	} else if (strcmp(name, "b1.2fas") == 0)
		s = dump(json_pack("{s:o,s:[],s:i,s:i}", "services",
		    twofas_services(), "groups", "schemaVersion", 4,
		    "appVersionCode", 1));
	else if (strcmp(name, "b2.2fas") == 0) {
		inner = dump(twofas_services());
		aa_totp_seal_2fas(inner, pw, &s);
	} else if (strcmp(name, "c1.json") == 0)
		s = dump(andotp_accounts());
	else if (strcmp(name, "c2.bin") == 0 || strcmp(name, "c3.bin") == 0) {
		inner = dump(andotp_accounts());
		aa_totp_seal_andotp(inner, pw, name[1] == '2' ? 1000 : 0, &bin, len);
	} else if (strcmp(name, "d1.json") == 0)
		s = dump(freeotp());
	else if (strcmp(name, "e1.json") == 0)
		s = dump(bitwarden());
	else if (strcmp(name, "e3.json") == 0) {
		inner = dump(bitwarden());
		aa_totp_seal_bitwarden(inner, pw, 5000, 0, 0, &s);
	} else if (strcmp(name, "e4.json") == 0) {
		/* Argon2id, 8 MiB, 2 lanes: small so the tests stay fast. */
		inner = dump(bitwarden());
		aa_totp_seal_bitwarden(inner, pw, 1, 8, 2, &s);
	} else if (strcmp(name, "i1.json") == 0) {
		inner = urilist();
		aa_totp_seal_ente(inner, pw, 8u << 20, 1, &s);
	} else if (strcmp(name, "e2.csv") == 0)
		s = csv(0);
	else if (strcmp(name, "f1.csv") == 0)
		s = csv(1);
	else if (strcmp(name, "g1.txt") == 0)
		s = urilist();
	else if (strcmp(name, "g2.txt") == 0)
		s = migration();
	else if (strcmp(name, "h1.log") == 0)
		s = exposed_log();
	if (s != NULL) {
		*len = strlen(s);
		bin = (unsigned char *)s;
	}
	free(inner);
	aa_secret_free(&pw);
	return bin;
}

unsigned char *
totp_fx_qr_png(const char *text, size_t *len)
{
	char *argv[] = { (char *)"qrencode", (char *)"-o", (char *)"-",
		(char *)"-s", (char *)"4", (char *)"-m", (char *)"4",
		(char *)"-l", (char *)"M", (char *)"--", (char *)text, NULL };
	unsigned char *b = NULL, *nb;
	size_t cap = 0;
	ssize_t got;
	int fds[2], st = 0;
	pid_t pid;

	*len = 0;
	if (pipe(fds) != 0)
		return NULL;
	if ((pid = fork()) == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		if (*len == cap) {
			cap = cap ? 2 * cap : 4096;
			if ((nb = realloc(b, cap)) == NULL)
				break;
			b = nb;
		}
		if ((got = read(fds[0], b + *len, cap - *len)) <= 0)
			break;
		*len += (size_t)got;
	}
	close(fds[0]);
	if (pid > 0)
		waitpid(pid, &st, 0);
	if (pid <= 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0 || *len == 0) {
		free(b);
		*len = 0;
		return NULL;
	}
	return b;
}

int
totp_fx_write(const char *dir, const char *name, const void *p, size_t len)
{
	char path[4096];
	FILE *fp;
	int r = -1;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "wb")) == NULL)
		return -1;
	if (fwrite(p, 1, len, fp) == len)
		r = 0;
	if (fclose(fp) != 0)
		r = -1;
	return r;
}

int
totp_fx_write_all(const char *dir)
{
	for (size_t i = 0; i < TOTP_FX_FILES; i++) {
		size_t len;
		unsigned char *b = totp_fx_build(totp_fx_files[i].name, &len);
		int r;

		if (b == NULL)
			return -1;
		r = totp_fx_write(dir, totp_fx_files[i].name, b, len);
		free(b);
		if (r != 0)
			return -1;
	}
	return totp_fx_write(dir, "pw.txt", totp_fx_password,
	    strlen(totp_fx_password));
}
