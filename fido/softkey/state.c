/*
 * The software key's state file: AAGUID, counter, test CA and every
 * credential as JSON, hex-encoded DER for keys and certificates. Loaded
 * only when it is 0600; written to a temporary 0600 file, fsynced and
 * renamed. Private keys are wiped from our buffers after use.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/x509.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"
#include "fido/softkey/softkey_int.h"

static char *
hex(const unsigned char *p, size_t n)
{
	static const char d[] = "0123456789abcdef";
	char *s = malloc(2 * n + 1);

	if (s == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		s[2 * i] = d[p[i] >> 4];
		s[2 * i + 1] = d[p[i] & 15];
	}
	s[2 * n] = '\0';
	return s;
}

static int
unhex(const char *s, unsigned char *out, size_t max, size_t *outlen)
{
	size_t n = s ? strlen(s) : 1;

	if (n % 2 || n / 2 > max)
		return AA_ERR_PARSE;
	for (size_t i = 0; i < n / 2; i++) {
		unsigned v = 0;

		for (int j = 0; j < 2; j++) {
			char ch = s[2 * i + (size_t)j];

			v <<= 4;
			if (ch >= '0' && ch <= '9')
				v |= (unsigned)(ch - '0');
			else if (ch >= 'a' && ch <= 'f')
				v |= (unsigned)(ch - 'a' + 10);
			else
				return AA_ERR_PARSE;
		}
		out[i] = (unsigned char)v;
	}
	*outlen = n / 2;
	return AA_OK;
}

/* der as a JSON hex string; the hex text is wiped (it may be a key). */
static json_t *
der_json(const unsigned char *der, size_t len)
{
	char *h = hex(der, len);
	json_t *j;

	if (h == NULL)
		return NULL;
	j = json_string(h);
	aa_freezero(h, strlen(h));
	return j;
}

/* Hex of a private key's DER; wiped by the caller. */
static json_t *
key_json(EVP_PKEY *key)
{
	unsigned char *der = NULL;
	size_t len = 0;
	json_t *j;

	if (aa_fido_sk_key_der(key, &der, &len) != AA_OK)
		return NULL;
	j = der_json(der, len);
	aa_freezero(der, len);
	return j;
}

static int
key_load(const json_t *j, EVP_PKEY **out)
{
	unsigned char der[4096];
	size_t len = 0;
	int r;

	if (!json_is_string(j))
		return AA_ERR_PARSE;
	r = unhex(json_string_value(j), der, sizeof(der), &len);
	if (r == AA_OK)
		r = aa_fido_sk_key_from_der(der, len, out);
	aa_wipe(der, sizeof(der));
	return r;
}

static json_t *
cert_json(X509 *c)
{
	unsigned char *der = NULL;
	size_t len = 0;
	json_t *j;

	if (aa_fido_sk_cert_der(c, &der, &len) != AA_OK)
		return NULL;
	j = der_json(der, len);
	OPENSSL_free(der);
	return j;
}

static int
cert_load(const json_t *j, X509 **out)
{
	unsigned char der[4096];
	const unsigned char *p = der;
	size_t len = 0;

	if (!json_is_string(j) ||
	    unhex(json_string_value(j), der, sizeof(der), &len) != AA_OK)
		return AA_ERR_PARSE;
	*out = d2i_X509(NULL, &p, (long)len);
	return *out ? AA_OK : AA_ERR_PARSE;
}

static json_t *
state_json(struct aa_fido_softkey *k)
{
	json_t *root = json_object(), *arr = json_array();
	char *h;

	if (root == NULL || arr == NULL)
		goto fail;
	h = hex(k->aaguid, sizeof(k->aaguid));
	json_object_set_new(root, "version", json_integer(1));
	json_object_set_new(root, "aaguid", h ? json_string(h) : json_null());
	free(h);
	json_object_set_new(root, "counter", json_integer(k->counter));
	if (k->pin_set) {
		h = hex(k->pin_hash, sizeof(k->pin_hash));
		json_object_set_new(root, "pin_hash", h ? json_string(h) :
		    json_null());
		free(h);
	}
	json_object_set_new(root, "pin_retries", json_integer(k->pin_retries));
	json_object_set_new(root, "ca_key", key_json(k->ca_key));
	json_object_set_new(root, "ca_cert", cert_json(k->ca_cert));
	json_object_set_new(root, "att_key", key_json(k->att_key));
	json_object_set_new(root, "att_cert", cert_json(k->att_cert));
	for (size_t i = 0; i < k->ncreds; i++) {
		struct aa_fido_skcred *c = &k->creds[i];
		char *id = hex(c->id, sizeof(c->id));
		char *uid = hex(c->user_id, c->user_id_len);
		char *rph = hex(c->rp_hash, sizeof(c->rp_hash));

		json_array_append_new(arr, json_pack("{s:s?,s:i,s:o,s:s,s:s?,s:s?,s:s,s:b}",
		    "id", id, "alg", c->alg, "key", key_json(c->key),
		    "rp", c->rp_id, "rph", rph, "user", uid,
		    "name", c->user_name, "rk", c->resident));
		free(id);
		free(uid);
		free(rph);
	}
	json_object_set_new(root, "creds", arr);
	return root;
fail:
	json_decref(root);
	json_decref(arr);
	return NULL;
}

int
aa_fido_sk_save(struct aa_fido_softkey *k)
{
	json_t *root = NULL;
	char *text = NULL, *tmp = NULL;
	size_t len = 0;
	int fd = -1, r = AA_ERR_IO;

	if (k->statefile == NULL)
		return AA_OK;
	if ((root = state_json(k)) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	if ((text = json_dumps(root, JSON_COMPACT)) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	len = strlen(text);
	if ((tmp = malloc(strlen(k->statefile) + 16)) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	sprintf(tmp, "%s.tmp%ld", k->statefile, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
		goto out;
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, text + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto out;
		off += (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		goto out;
	}
	fd = -1;
	if (rename(tmp, k->statefile) != 0)
		goto out;
	r = AA_OK;
out:
	if (fd >= 0)
		close(fd);
	if (r != AA_OK && tmp != NULL)
		unlink(tmp);
	free(tmp);
	aa_freezero(text, len);
	json_decref(root);
	return r;
}

static int
cred_load(const json_t *j, struct aa_fido_skcred *c)
{
	size_t n = 0;
	const char *rp = json_string_value(json_object_get(j, "rp"));
	const char *nm = json_string_value(json_object_get(j, "name"));
	const char *uid = json_string_value(json_object_get(j, "user"));

	memset(c, 0, sizeof(*c));
	if (unhex(json_string_value(json_object_get(j, "id")), c->id,
	    sizeof(c->id), &n) != AA_OK || n != sizeof(c->id))
		return AA_ERR_PARSE;
	if (rp == NULL || strlen(rp) > AA_FIDO_SK_RPID_MAX ||
	    (nm != NULL && strlen(nm) > AA_FIDO_SK_NAME_MAX))
		return AA_ERR_PARSE;
	if (uid != NULL && unhex(uid, c->user_id, sizeof(c->user_id),
	    &c->user_id_len) != AA_OK)
		return AA_ERR_PARSE;
	strcpy(c->rp_id, rp);
	if (nm != NULL)
		strcpy(c->user_name, nm);
	c->alg = (int)json_integer_value(json_object_get(j, "alg"));
	c->resident = json_is_true(json_object_get(j, "rk"));
	if (unhex(json_string_value(json_object_get(j, "rph")), c->rp_hash,
	    sizeof(c->rp_hash), &n) != AA_OK || n != sizeof(c->rp_hash))
		return AA_ERR_PARSE;
	return key_load(json_object_get(j, "key"), &c->key);
}

int
aa_fido_sk_load(struct aa_fido_softkey *k)
{
	struct aa_buf b;
	struct stat st;
	json_t *root = NULL, *arr, *it;
	size_t i, n = 0;
	struct aa_fido_skcred c;
	int r = AA_ERR_PARSE;

	aa_buf_init(&b, AA_FIDO_SK_STATE_MAX);
	memset(&c, 0, sizeof(c));
	if (stat(k->statefile, &st) != 0) {
		r = errno == ENOENT ? AA_ERR_NOTFOUND : AA_ERR_IO;
		goto out;
	}
	if (st.st_mode & 077) {
		r = AA_ERR_DENIED;
		goto out;
	}
	if ((r = aa_buf_read_file(&b, k->statefile)) != AA_OK)
		goto out;
	r = AA_ERR_PARSE;
	if ((root = json_loadb(b.ptr, b.len, 0, NULL)) == NULL ||
	    json_integer_value(json_object_get(root, "version")) != 1)
		goto out;
	if (unhex(json_string_value(json_object_get(root, "aaguid")), k->aaguid,
	    sizeof(k->aaguid), &n) != AA_OK || n != sizeof(k->aaguid))
		goto out;
	k->counter = (uint32_t)json_integer_value(json_object_get(root, "counter"));
	if (json_object_get(root, "pin_hash") != NULL) {
		if (unhex(json_string_value(json_object_get(root, "pin_hash")),
		    k->pin_hash, sizeof(k->pin_hash), &n) != AA_OK ||
		    n != sizeof(k->pin_hash))
			goto out;
		k->pin_set = 1;
	}
	if (json_is_integer(json_object_get(root, "pin_retries")))
		k->pin_retries = (unsigned)json_integer_value(json_object_get(root,
		    "pin_retries")) & 15;
	if (key_load(json_object_get(root, "ca_key"), &k->ca_key) ||
	    key_load(json_object_get(root, "att_key"), &k->att_key) ||
	    cert_load(json_object_get(root, "ca_cert"), &k->ca_cert) ||
	    cert_load(json_object_get(root, "att_cert"), &k->att_cert))
		goto out;
	arr = json_object_get(root, "creds");
	if (!json_is_array(arr) || json_array_size(arr) > AA_FIDO_SK_MAX_CREDS)
		goto out;
	json_array_foreach(arr, i, it) {
		if ((r = cred_load(it, &c)) != AA_OK ||
		    (r = aa_fido_sk_add(k, &c)) != AA_OK)
			goto out;
	}
	r = AA_OK;
out:
	if (c.key != NULL)
		aa_fido_sk_cred_release(&c);
	json_decref(root);
	aa_buf_release(&b);
	return r;
}

