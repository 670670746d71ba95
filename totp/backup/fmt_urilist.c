/*
 * Plain URI lists: files whose every non-empty line is an otpauth:// or
 * otpauth-migration:// URI (FreeOTP+ "key URI" export, Aegis/Ente plain
 * text exports, saved Google Authenticator transfer QR contents). A text
 * file that merely contains such URIs among other lines is not a backup;
 * the seed-exposure heuristics (exposed.c) report it.
 */
#include <string.h>
#include <strings.h>

#include "auth-audit/core/err.h"
#include "totp/backup/backup.h"

#define LINE_MAX_BYTES (4u * 1024 * 1024)

static int
is_otpauth(const char *p, size_t n)
{
	return n >= 10 && strncasecmp(p, "otpauth://", 10) == 0;
}

static int
is_migration(const char *p, size_t n)
{
	return n >= 20 && strncasecmp(p, "otpauth-migration://", 20) == 0;
}

/* Call fn on each trimmed non-empty line; stop on its error. */
static int
each_line(const char *data, size_t len, int (*fn)(const char *, size_t,
    void *), void *arg)
{
	size_t i = 0;
	int r;

	while (i < len) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t e = nl != NULL ? (size_t)(nl - data) : len, s = i;

		i = e + 1;
		while (s < e && (data[s] == ' ' || data[s] == '\t'))
			s++;
		while (e > s && (data[e - 1] == '\r' || data[e - 1] == ' ' ||
		    data[e - 1] == '\t'))
			e--;
		if (e == s)
			continue;
		if ((r = fn(data + s, e - s, arg)) != AA_OK)
			return r;
	}
	return AA_OK;
}

struct sniff {
	size_t uris, migrations;
};

static int
sniff_line(const char *p, size_t n, void *arg)
{
	struct sniff *s = arg;

	if (n > LINE_MAX_BYTES)
		return AA_ERR_UNSUPPORTED;
	if (p[0] == '#')
		return AA_OK; /* comment lines, as in saved transfer exports */
	if (is_migration(p, n))
		s->migrations++;
	else if (is_otpauth(p, n))
		s->uris++;
	else
		return AA_ERR_UNSUPPORTED;
	return AA_OK;
}

struct take {
	struct aa_totp_backup *b;
	struct aa_diag *diag;
};

static int
take_line(const char *p, size_t n, void *arg)
{
	struct take *t = arg;

	if (p[0] == '#')
		return AA_OK;
	if (is_migration(p, n))
		return aa_totp_migration_uri(p, n, t->b, t->diag);
	return aa_totp_backup_add_uri(t->b, p, n);
}

int
aa_totp_urilist_take(const char *data, size_t len, struct aa_totp_backup *b,
    struct aa_diag *diag)
{
	struct take t = { b, diag };

	return each_line(data, len, take_line, &t);
}

static int
read_urilist(const char *data, size_t len,
    const struct aa_totp_read_opts *o, struct aa_totp_backup *b,
    struct aa_diag *diag)
{
	struct sniff s = { 0, 0 };
	int r;

	(void)o;
	if (memchr(data, '\0', len) != NULL ||
	    each_line(data, len, sniff_line, &s) != AA_OK ||
	    s.uris + s.migrations == 0)
		return AA_ERR_UNSUPPORTED;
	b->format = s.migrations > 0 && s.uris == 0 ? "google-migration" :
	    "otpauth-list";
	aa_totp_backup_kdf(b, json_pack("{s:s}", "name", "none"));
	if ((r = aa_totp_urilist_take(data, len, b, diag)) != AA_OK)
		return r;
	b->opened = 1;
	return AA_OK;
}

const struct aa_totp_reader aa_totp_reader_urilist = {
	.name = "urilist",
	.bytes = read_urilist,
};
