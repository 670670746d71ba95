/*
 * Password-manager CSV exports with a TOTP column: KeePassXC ("Title",
 * "Username", ..., "TOTP") and Bitwarden ("login_totp"). RFC 4180 quoting,
 * bounded rows and fields. The TOTP cell is an otpauth URI, a bare base32
 * secret, steam://SECRET, or KeeOtp "key=SECRET&..." syntax.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth-audit/core/err.h"
#include "totp/backup/backup.h"

#define CELL_MAX (64u * 1024)
#define COLS_MAX 64

struct csv {
	const char *p, *end;
};

static void
cells_free(char *cells[COLS_MAX], int n)
{
	for (int i = 0; i < n; i++)
		aa_freezero(cells[i], strlen(cells[i]) + 1);
}

/*
 * Read one record into cells (malloc'd strings). Returns the number of
 * cells, 0 at the end, or a negative error.
 */
static int
record(struct csv *c, char *cells[COLS_MAX])
{
	int n = 0;

	if (c->p >= c->end)
		return 0;
	for (;;) {
		size_t cap = 64, len = 0;
		char *cell = malloc(cap);
		int quoted = 0;

		if (cell == NULL) {
			cells_free(cells, n);
			return AA_ERR_NOMEM;
		}
		if (c->p < c->end && *c->p == '"') {
			quoted = 1;
			c->p++;
		}
		while (c->p < c->end) {
			char ch = *c->p;

			if (quoted && ch == '"') {
				if (c->p + 1 < c->end && c->p[1] == '"') {
					c->p++;
				} else {
					quoted = 0;
					c->p++;
					continue;
				}
			} else if (!quoted && (ch == ',' || ch == '\n' || ch == '\r'))
				break;
			if (len + 2 > cap) {
				char *nc;

				if (cap >= CELL_MAX || (nc = realloc(cell, cap * 2)) == NULL) {
					aa_freezero(cell, cap);
					cells_free(cells, n);
					return cap >= CELL_MAX ? AA_ERR_TOOBIG : AA_ERR_NOMEM;
				}
				cell = nc;
				cap *= 2;
			}
			cell[len++] = ch;
			c->p++;
		}
		cell[len] = '\0';
		if (quoted || n >= COLS_MAX) {
			aa_freezero(cell, cap);
			cells_free(cells, n);
			return AA_ERR_PARSE;
		}
		cells[n++] = cell;
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == '\r')
			c->p++;
		if (c->p < c->end && *c->p == '\n')
			c->p++;
		return n;
	}
}

static int
find_col(char *cells[COLS_MAX], int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcasecmp(cells[i], name) == 0)
			return i;
	return -1;
}

static int
add_cell(struct aa_totp_backup *b, const char *issuer, const char *user,
    const char *v)
{
	if (strncasecmp(v, "otpauth://", 10) == 0)
		return aa_totp_backup_add_uri(b, v, strlen(v));
	if (strncasecmp(v, "steam://", 8) == 0)
		return aa_totp_backup_add(b, AA_OTP_STEAM, issuer, user, v + 8,
		    "SHA1", 5, 30, 0);
	if (strncasecmp(v, "key=", 4) == 0) {
		char *k = strndup(v + 4, strcspn(v + 4, "&"));
		int r;

		if (k == NULL)
			return AA_ERR_NOMEM;
		r = aa_totp_backup_add(b, AA_OTP_TOTP, issuer, user, k, "SHA1", 6,
		    30, 0);
		aa_freezero(k, strlen(k) + 1);
		return r;
	}
	return aa_totp_backup_add(b, AA_OTP_TOTP, issuer, user, v, "SHA1", 6,
	    30, 0);
}

static int
read_csv(const char *data, size_t len,
    const struct aa_totp_read_opts *o, struct aa_totp_backup *b,
    struct aa_diag *diag)
{
	struct csv c = { data, data + len };
	char *hdr[COLS_MAX], *row[COLS_MAX];
	int nh, nr, col, ci, cu, r = AA_ERR_UNSUPPORTED;

	(void)o;
	if (memchr(data, '\0', len) != NULL || (nh = record(&c, hdr)) <= 0)
		return AA_ERR_UNSUPPORTED;
	if (nh == 1) {
		cells_free(hdr, nh);
		return AA_ERR_UNSUPPORTED;
	}
	if ((col = find_col(hdr, nh, "login_totp")) >= 0) {
		b->format = "bitwarden-csv";
		ci = find_col(hdr, nh, "name");
		cu = find_col(hdr, nh, "login_username");
	} else if ((col = find_col(hdr, nh, "TOTP")) >= 0 ||
	    (col = find_col(hdr, nh, "otp")) >= 0) {
		b->format = find_col(hdr, nh, "Title") >= 0 ? "keepassxc-csv" :
		    "csv";
		ci = find_col(hdr, nh, "Title");
		cu = find_col(hdr, nh, "Username");
	} else
		goto out;
	aa_totp_backup_kdf(b, json_pack("{s:s}", "name", "none"));
	while ((nr = record(&c, row)) > 0) {
		if (col < nr && row[col][0] != '\0')
			r = add_cell(b, ci >= 0 && ci < nr ? row[ci] : NULL,
			    cu >= 0 && cu < nr ? row[cu] : NULL, row[col]);
		else
			r = AA_OK;
		cells_free(row, nr);
		if (r != AA_OK)
			goto out;
	}
	if (nr < 0) {
		r = aa_diag_set(diag, nr, "%s: malformed CSV row", b->format);
		goto out;
	}
	b->opened = 1;
	r = AA_OK;
out:
	cells_free(hdr, nh);
	return r;
}

const struct aa_totp_reader aa_totp_reader_csv = {
	.name = "csv",
	.bytes = read_csv,
};
