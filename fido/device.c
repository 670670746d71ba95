/*
 * Opening keys through libfido2 (real ones by path or the first found,
 * or the software key), listing them, and the key report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "fido/device.h"

#define MAX_KEYS 64

int
aa_fido_device_list(struct aa_fido_keyinfo *keys, size_t max, size_t *n)
{
	fido_dev_info_t *di;
	size_t found = 0;

	*n = 0;
	if ((di = fido_dev_info_new(MAX_KEYS)) == NULL)
		return AA_ERR_NOMEM;
	if (fido_dev_info_manifest(di, MAX_KEYS, &found) != FIDO_OK) {
		fido_dev_info_free(&di, MAX_KEYS);
		return AA_ERR_DEVICE;
	}
	for (size_t i = 0; i < found && *n < max; i++) {
		const fido_dev_info_t *e = fido_dev_info_ptr(di, i);
		struct aa_fido_keyinfo *k = &keys[(*n)++];

		snprintf(k->path, sizeof(k->path), "%s", fido_dev_info_path(e));
		snprintf(k->manufacturer, sizeof(k->manufacturer), "%s",
		    fido_dev_info_manufacturer_string(e) ?
		    fido_dev_info_manufacturer_string(e) : "");
		snprintf(k->product, sizeof(k->product), "%s",
		    fido_dev_info_product_string(e) ?
		    fido_dev_info_product_string(e) : "");
		k->vendor = fido_dev_info_vendor(e);
		k->product_id = fido_dev_info_product(e);
	}
	fido_dev_info_free(&di, MAX_KEYS);
	return AA_OK;
}

void
aa_fido_device_free(struct aa_fido_device **dp)
{
	struct aa_fido_device *d;

	if (dp == NULL || (d = *dp) == NULL)
		return;
	if (d->dev != NULL) {
		fido_dev_close(d->dev);
		fido_dev_free(&d->dev);
	}
	aa_fido_softkey_free(&d->soft);
	free(d);
	*dp = NULL;
}

/* spec is `kind` or `kind:STATEFILE`. */
static int
soft_kind(const char *spec, const char *kind)
{
	size_t n = strlen(kind);

	return strncmp(spec, kind, n) == 0 && (spec[n] == '\0' || spec[n] == ':');
}

int
aa_fido_device_open(const char *spec, struct aa_fido_device **out)
{
	struct aa_fido_device *d;
	struct aa_fido_keyinfo keys[1];
	size_t n = 0;
	int r = AA_ERR_NOMEM;

	*out = NULL;
	if (spec == NULL || *spec == '\0')
		spec = "auto";
	if ((d = calloc(1, sizeof(*d))) == NULL)
		return AA_ERR_NOMEM;
	d->timeout_ms = -1;
	if (soft_kind(spec, "soft") || soft_kind(spec, "soft-u2f") ||
	    soft_kind(spec, "soft-notouch") ||
	    soft_kind(spec, "soft-u2f-notouch")) {
		/* soft-u2f: the same key without CBOR, a CTAP1-only key;
		 * soft-notouch: a key nobody touches; soft-u2f-notouch: both */
		int u2f = soft_kind(spec, "soft-u2f") ||
		    soft_kind(spec, "soft-u2f-notouch");
		int notouch = soft_kind(spec, "soft-notouch") ||
		    soft_kind(spec, "soft-u2f-notouch");
		const char *file = strchr(spec, ':') ? strchr(spec, ':') + 1 : NULL;
		struct aa_fido_softkey_ctl ctl;

		if (file != NULL && *file == '\0') {
			r = AA_ERR_ARG;
			goto out;
		}
		if ((r = aa_fido_softkey_new(file, &d->soft)) != AA_OK)
			goto out;
		aa_fido_softkey_get_ctl(d->soft, &ctl);
		ctl.u2f_only = u2f;
		ctl.no_touch = notouch;
		aa_fido_softkey_set_ctl(d->soft, &ctl);
		if ((r = aa_fido_softkey_open(d->soft, &d->dev)) != AA_OK)
			goto out;
		if (notouch)
			d->timeout_ms = AA_FIDO_SOFT_TOUCH_TIMEOUT_MS;
		snprintf(d->path, sizeof(d->path), "%s", spec);
		snprintf(d->product, sizeof(d->product), "auth-audit soft key");
	} else {
		if (strcmp(spec, "auto") == 0) {
			if ((r = aa_fido_device_list(keys, 1, &n)) != AA_OK)
				goto out;
			if (n == 0) {
				r = AA_ERR_NOTFOUND;
				goto out;
			}
			snprintf(d->path, sizeof(d->path), "%s", keys[0].path);
			snprintf(d->product, sizeof(d->product), "%s",
			    keys[0].product);
		} else
			snprintf(d->path, sizeof(d->path), "%s", spec);
		r = AA_ERR_DEVICE;
		if ((d->dev = fido_dev_new()) == NULL)
			goto out;
		if (fido_dev_open(d->dev, d->path) != FIDO_OK) {
			fido_dev_free(&d->dev);
			goto out;
		}
		d->timeout_ms = AA_FIDO_TOUCH_TIMEOUT_MS;
	}
	/* a touch that never comes must not hang the audit */
	if (d->timeout_ms > 0 &&
	    fido_dev_set_timeout(d->dev, d->timeout_ms) != FIDO_OK) {
		r = AA_ERR_DEVICE;
		goto out;
	}
	d->fido2 = fido_dev_is_fido2(d->dev);
	*out = d;
	d = NULL;
	r = AA_OK;
out:
	aa_fido_device_free(&d);
	return r;
}

static json_t *
str_array(char **v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

json_t *
aa_fido_device_report(struct aa_fido_device *d)
{
	fido_cbor_info_t *ci = NULL;
	json_t *j, *opts, *algs;
	char aaguid[40] = "";
	int retries = -1;

	if ((j = json_object()) == NULL)
		return NULL;
	json_object_set_new(j, "path", json_string(d->path));
	json_object_set_new(j, "product", json_string(d->product));
	json_object_set_new(j, "software", json_boolean(d->soft != NULL));
	json_object_set_new(j, "ctap2", json_boolean(d->fido2));
	json_object_set_new(j, "firmware", json_sprintf("%u.%u.%u",
	    fido_dev_major(d->dev), fido_dev_minor(d->dev),
	    fido_dev_build(d->dev)));
	if (!d->fido2) {
		json_object_set_new(j, "versions", json_pack("[s]", "U2F_V2"));
		return j;
	}
	if ((ci = fido_cbor_info_new()) == NULL ||
	    fido_dev_get_cbor_info(d->dev, ci) != FIDO_OK) {
		json_object_set_new(j, "error", json_string("getInfo failed"));
		fido_cbor_info_free(&ci);
		return j;
	}
	if (fido_cbor_info_aaguid_len(ci) == 16) {
		const unsigned char *g = fido_cbor_info_aaguid_ptr(ci);

		snprintf(aaguid, sizeof(aaguid), "%02x%02x%02x%02x-%02x%02x-"
		    "%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", g[0], g[1],
		    g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10],
		    g[11], g[12], g[13], g[14], g[15]);
	}
	json_object_set_new(j, "versions", str_array(
	    fido_cbor_info_versions_ptr(ci), fido_cbor_info_versions_len(ci)));
	json_object_set_new(j, "aaguid", json_string(aaguid));
	json_object_set_new(j, "extensions", str_array(
	    fido_cbor_info_extensions_ptr(ci),
	    fido_cbor_info_extensions_len(ci)));
	opts = json_object();
	for (size_t i = 0; i < fido_cbor_info_options_len(ci); i++)
		json_object_set_new(opts, fido_cbor_info_options_name_ptr(ci)[i],
		    json_boolean(fido_cbor_info_options_value_ptr(ci)[i]));
	json_object_set_new(j, "options", opts);
	algs = json_array();
	for (size_t i = 0; i < fido_cbor_info_algorithm_count(ci); i++) {
		int a = fido_cbor_info_algorithm_cose(ci, i);

		json_array_append_new(algs, json_string(a == COSE_ES256 ? "ES256" :
		    a == COSE_EDDSA ? "EdDSA" : a == COSE_RS256 ? "RS256" :
		    a == COSE_ES384 ? "ES384" : "other"));
	}
	json_object_set_new(j, "algorithms", algs);
	json_object_set_new(j, "pin_set", json_boolean(fido_dev_has_pin(d->dev)));
	if (fido_dev_has_pin(d->dev) &&
	    fido_dev_get_retry_count(d->dev, &retries) == FIDO_OK)
		json_object_set_new(j, "pin_retries", json_integer(retries));
	json_object_set_new(j, "max_msg_size", json_integer(
	    (json_int_t)fido_cbor_info_maxmsgsiz(ci)));
	json_object_set_new(j, "firmware_version", json_integer(
	    (json_int_t)fido_cbor_info_fwversion(ci)));
	fido_cbor_info_free(&ci);
	return j;
}
