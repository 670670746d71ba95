/*
 * The offline scanner: walk, read (bounded), recognise by content, and
 * turn what was found into the five offline results. Evidence lists are
 * capped at AA_TOTP_EVIDENCE_MAX items (with a total count) so a scan of
 * a large tree still gives a readable report; seeds appear only redacted.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "totp/scan/scan.h"
#include "totp/seed.h"

#include "totp/scan/scan_int.h"

void
aa_totp_scan_opts_default(struct aa_totp_scan_opts *o)
{
	memset(o, 0, sizeof(*o));
	aa_totp_read_opts_default(&o->read);
	o->max_files = AA_TOTP_SCAN_FILES_MAX;
	o->use_zbar = 1;
}

void
aa_totp_scan_push(json_t *arr, json_t *item)
{
	if (item == NULL)
		return;
	if (json_array_size(arr) < AA_TOTP_EVIDENCE_MAX)
		json_array_append_new(arr, item);
	else
		json_decref(item);
}

static void
file_error(struct aa_totp_scan_run *s, const char *path, int r, const char *msg)
{
	s->st->errors++;
	if (s->errors != NULL && json_array_size(s->errors) < 1000)
		json_array_append_new(s->errors, json_pack("{s:s,s:s,s:s}",
		    "file", path, "error", aa_errname(r), "message",
		    msg != NULL && msg[0] ? msg : aa_strerr(r)));
}

/* Register a seed with the redactor and remember it for duplicates. */
static int
note_seed(struct aa_totp_scan_run *s, const char *path, const struct aa_totp_entry *e)
{
	aa_secret_t *txt = NULL;
	struct aa_totp_seedref *sr;
	unsigned int hl = 0;
	char where[512];

	if (aa_totp_b32_encode(e->secret->ptr, e->secret->len, &txt) == AA_OK &&
	    s->red != NULL)
		aa_redact_add_secret(s->red, txt);
	aa_secret_free(&txt);
	if (s->nseeds == s->capseeds) {
		size_t nc = s->capseeds ? s->capseeds * 2 : 64;
		void *p = realloc(s->seeds, nc * sizeof(*s->seeds));

		if (p == NULL)
			return AA_ERR_NOMEM;
		s->seeds = p;
		s->capseeds = nc;
	}
	sr = &s->seeds[s->nseeds];
	if (EVP_Digest(e->secret->ptr, e->secret->len, sr->h, &hl, EVP_sha256(),
	    NULL) != 1)
		return AA_ERR_CRYPTO;
	snprintf(where, sizeof(where), "%s: %s/%s", path,
	    e->issuer ? e->issuer : "-", e->name ? e->name : "-");
	if ((sr->where = strdup(where)) == NULL)
		return AA_ERR_NOMEM;
	{
		const char *nm = e->name != NULL ? e->name : "";
		const char *colon = strrchr(nm, ':');

		nm = colon != NULL ? colon + 1 : nm;
		while (*nm == ' ')
			nm++;
		if ((sr->acct = strdup(nm)) == NULL) {
			free(sr->where);
			return AA_ERR_NOMEM;
		}
		for (char *p = sr->acct; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	s->nseeds++;
	return AA_OK;
}

static int
take_backup(struct aa_totp_scan_run *s, const char *path, struct aa_totp_backup *b)
{
	int r;

	s->st->backups++;
	if (b->encrypted) {
		s->st->encrypted++;
		if (b->weak_kdf) {
			s->nweakkdf++;
			aa_totp_scan_push(s->weakkdf, json_pack("{s:s,s:s,s:O,s:s}", "file", path,
			    "format", b->format, "kdf", b->kdf ? b->kdf : json_null(),
			    "why", b->kdf_why));
		}
		if (!b->opened)
			s->nlocked++;
	} else if (b->opened) {
		s->nplain++;
		aa_totp_scan_push(s->plain, json_pack("{s:s,s:s,s:I}", "file", path, "format",
		    b->format, "entries", (json_int_t)b->n));
	}
	if (b->opened)
		s->st->opened++;
	for (size_t i = 0; i < b->n; i++) {
		struct aa_totp_seed_quality q;
		char red[64];

		s->st->entries++;
		if ((r = note_seed(s, path, &b->entries[i])) != AA_OK)
			return r;
		aa_totp_seed_assess(b->entries[i].secret, &q);
		if (q.too_short || q.nonrandom) {
			s->nweakseed++;
			aa_totp_scan_push(s->weakseed, json_pack("{s:s,s:s,s:s?,s:s?,s:s,s:i,s:s}",
			    "file", path, "format", b->format, "issuer",
			    b->entries[i].issuer, "name", b->entries[i].name, "secret",
			    aa_totp_seed_redact(b->entries[i].secret, red, sizeof(red)),
			    "bits", (int)q.bits, "why", q.why));
		}
	}
	return AA_OK;
}

static int
take_exposed(struct aa_totp_scan_run *s, const char *path, const char *data, size_t len)
{
	struct aa_totp_backup b;
	json_t *hits = json_array();
	int r;

	if (hits == NULL)
		return AA_ERR_NOMEM;
	aa_totp_backup_init(&b, s->o->read.max_entries);
	s->ntext++;
	r = aa_totp_exposed_scan(data, len, &b, hits, AA_TOTP_EVIDENCE_MAX);
	for (size_t i = 0; r == AA_OK && i < b.n; i++) {
		aa_secret_t *txt = NULL;

		if (aa_totp_b32_encode(b.entries[i].secret->ptr,
		    b.entries[i].secret->len, &txt) == AA_OK && s->red != NULL)
			aa_redact_add_secret(s->red, txt);
		aa_secret_free(&txt);
	}
	if (r == AA_OK && b.n > 0) {
		s->st->exposed++;
		s->nexposed += b.n;
		aa_totp_scan_push(s->exposed, json_pack("{s:s,s:I,s:O}", "file", path, "seeds",
		    (json_int_t)b.n, "hits", hits));
	}
	json_decref(hits);
	aa_totp_backup_release(&b);
	return r == AA_ERR_TOOBIG ? AA_OK : r;
}

static int
is_image(const char *d, size_t len)
{
	return (len >= 4 && memcmp(d, "\x89PNG", 4) == 0) ||
	    (len >= 3 && memcmp(d, "\xff\xd8\xff", 3) == 0) ||
	    (len >= 4 && memcmp(d, "GIF8", 4) == 0);
}

static const char *
qr_why(int r)
{
	switch (r) {
	case AA_ERR_UNSUPPORTED:
		return "image: only PNG and JPEG images are read for QR codes";
	case AA_ERR_TOOBIG:
		return "image: over the size limits (32 MiB, 16384 pixels a "
		    "side, 64 megapixels), QR not read";
	case AA_ERR_PARSE:
		return "image: broken or truncated image";
	default:
		return "image: no QR code could be read";
	}
}

static int
scan_file(struct aa_totp_scan_run *s, const char *path, int explicit_file)
{
	struct aa_totp_read_opts ro = s->o->read;
	struct aa_totp_backup b;
	struct aa_diag diag = { "" };
	struct aa_buf buf, qr;
	int r;

	aa_buf_init(&buf, AA_TOTP_FILE_MAX);
	aa_buf_init(&qr, 1024 * 1024);
	aa_totp_backup_init(&b, ro.max_entries);
	ro.explicit_file = explicit_file;
	/* The KDF budgets: this file's starts empty, the scan's carries on. */
	s->work.file = 0;
	ro.kdf.work = &s->work;
	s->st->files++;
	if (s->o->progress != NULL) {
		char line[512];

		snprintf(line, sizeof(line), "file %lu: %s", s->st->files, path);
		s->o->progress(s->o->progress_ctx, line);
	}
	if ((r = aa_buf_read_file(&buf, path)) != AA_OK) {
		file_error(s, path, r, r == AA_ERR_TOOBIG ? "file over the size "
		    "limit, skipped" : r == AA_ERR_IO ? strerror(errno) :
		    "cannot read");
		r = AA_OK;
		goto out;
	}
	s->st->bytes += buf.len;
	if (is_image(buf.ptr, buf.len)) {
		if (!s->o->use_zbar)
			goto skip;
		if ((r = aa_totp_qr_decode(buf.ptr, buf.len, NULL, &qr)) !=
		    AA_OK) {
			if (explicit_file)
				file_error(s, path, r, qr_why(r));
			r = AA_OK;
			goto skip;
		}
		aa_buf_release(&buf);
		buf = qr;
		aa_buf_init(&qr, 0);
	}
	r = aa_totp_backup_read(buf.ptr, buf.len, &ro, &b, &diag);
	if (r == AA_ERR_UNSUPPORTED && b.format == NULL) {
		r = memchr(buf.ptr, '\0', buf.len) == NULL ?
		    take_exposed(s, path, buf.ptr, buf.len) : AA_OK;
		goto out;
	}
	if (r != AA_OK) /* recognised but not opened: say why, keep the KDF */
		file_error(s, path, r, diag.msg);
	else if (b.encrypted && !b.opened && b.closed_why[0] != '\0')
		file_error(s, path, AA_ERR_UNSUPPORTED, b.closed_why);
	else if (b.encrypted && !b.opened && ro.password == NULL &&
	    explicit_file)
		file_error(s, path, AA_ERR_PASSWORD, "encrypted backup: no "
		    "password given (--password-file / --password-env), KDF "
		    "judged, entries not audited");
	if (b.format != NULL && (r = take_backup(s, path, &b)) != AA_OK)
		goto out;
	r = AA_OK;
	goto out;
skip:
	s->st->skipped++;
out:
	if (r != AA_OK && r != AA_ERR_NOMEM) {
		file_error(s, path, r, diag.msg);
		r = AA_OK;
	}
	aa_totp_backup_release(&b);
	aa_buf_release(&buf);
	aa_buf_release(&qr);
	return r;
}

static int
walk(struct aa_totp_scan_run *s, const char *path, int depth, int explicit_path)
{
	struct stat st;
	DIR *d = NULL;
	struct dirent *de;
	char *child = NULL;
	int r = AA_OK;

	if (s->st->files >= s->o->max_files)
		return AA_OK;
	if (s->o->stop != NULL && *s->o->stop) {
		s->st->interrupted = 1;
		return AA_OK;
	}
	if ((explicit_path ? stat(path, &st) : lstat(path, &st)) != 0) {
		if (explicit_path)
			return AA_ERR_NOTFOUND;
		return AA_OK;
	}
	if (S_ISREG(st.st_mode)) {
		if ((uint64_t)st.st_size > AA_TOTP_FILE_MAX) {
			s->st->skipped++;
			if (explicit_path)
				file_error(s, path, AA_ERR_TOOBIG,
				    "file over the size limit, skipped");
			return AA_OK;
		}
		return scan_file(s, path, explicit_path);
	}
	if (!S_ISDIR(st.st_mode)) {
		/* Symlinks in a walk, devices, sockets: never read. */
		if (explicit_path)
			file_error(s, path, AA_ERR_NOTREG, "not a regular file "
			    "or directory: not scanned");
		return AA_OK;
	}
	if (depth >= AA_TOTP_SCAN_DEPTH_MAX) {
		s->st->skipped++;
		file_error(s, path, AA_ERR_TOOBIG, "directory deeper than "
		    "64 levels: not scanned");
		return AA_OK;
	}
	if ((d = opendir(path)) == NULL) {
		file_error(s, path, AA_ERR_IO, strerror(errno));
		return AA_OK;
	}
	while ((de = readdir(d)) != NULL && r == AA_OK) {
		size_t n;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		n = strlen(path) + strlen(de->d_name) + 2;
		if ((child = malloc(n)) == NULL) {
			r = AA_ERR_NOMEM;
			break;
		}
		snprintf(child, n, "%s/%s", path, de->d_name);
		r = walk(s, child, depth + 1, 0);
		free(child);
	}
	closedir(d);
	return r;
}

/* A walk cut short proves nothing about the files it did not reach:
 * only its findings stand. */
static int
interrupted(struct aa_report *rep, size_t from,
    const struct aa_totp_scan_stats *st)
{
	char line[160];

	snprintf(line, sizeof(line), "interrupted after %lu file(s): the rest "
	    "was not scanned", st->files);
	for (size_t i = from; i < rep->nresults; i++) {
		struct aa_result *x = &rep->results[i];
		char *s;

		if (x->status != AA_PASS && x->status != AA_NOT_APPLICABLE)
			continue;
		if ((s = strdup(line)) == NULL)
			return AA_ERR_NOMEM;
		free(x->summary);
		x->summary = s;
		x->status = AA_NOT_TESTED;
	}
	return AA_OK;
}

int
aa_totp_scan(const char *const *paths, size_t npaths,
    const struct aa_totp_scan_opts *o, struct aa_report *rep,
    struct aa_redact *red, json_t *errors, struct aa_totp_scan_stats *st)
{
	struct aa_totp_scan_run s;
	size_t n0;
	int r = AA_ERR_NOMEM;

	memset(&s, 0, sizeof(s));
	memset(st, 0, sizeof(*st));
	s.o = o;
	s.red = red;
	s.errors = errors;
	s.st = st;
	s.plain = json_array();
	s.weakkdf = json_array();
	s.weakseed = json_array();
	s.exposed = json_array();
	if (!s.plain || !s.weakkdf || !s.weakseed || !s.exposed)
		goto out;
	for (size_t i = 0; i < npaths; i++)
		if ((r = walk(&s, paths[i], 0, 1)) != AA_OK) {
			if (r != AA_ERR_NOTFOUND)
				goto out;
			file_error(&s, paths[i], r, "no such file or directory");
		}
	n0 = rep->nresults;
	if ((r = aa_totp_scan_results(&s, rep)) == AA_OK && st->interrupted)
		r = interrupted(rep, n0, st);
out:
	for (size_t i = 0; i < s.nseeds; i++)
		free(s.seeds[i].where), free(s.seeds[i].acct);
	free(s.seeds);
	json_decref(s.plain);
	json_decref(s.weakkdf);
	json_decref(s.weakseed);
	json_decref(s.exposed);
	return r;
}
