/*
 * clientDataJSON forgeries, all signed by the key (K): FIDO-ORIGIN,
 * FIDO-TYPE, FIDO-CHALLENGE and FIDO-REPLAY. The auditor builds
 * clientDataJSON itself, so a real key signs whatever it is given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "auth-audit/core/b64.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/url.h"
#include "auth-audit/engine/flow.h"
#include "fido/audit_int.h"

#define ST_ORIGIN "WebAuthn L2 §7.2 step 13 / §7.1 step 9 (verify origin, " \
	"L3 §13.5.9)"
#define ST_CROSS "WebAuthn L3 §7.2 step 10 (crossOrigin, topOrigin)"
#define ST_TYPE "WebAuthn L2 §7.1 step 7 / §7.2 step 11 (verify type)"
#define ST_CHALLENGE "WebAuthn L2 §7.1 step 8 / §7.2 step 12 (verify challenge)"
#define ST_REPLAY "WebAuthn L2 §7.2 step 12 (challenge used once) and " \
	"step 21 (signature counter)"

struct origin_parts {
	char scheme[16];
	char host[200];
	long port;       /* -1 when the origin names none */
};

static void
split_origin(const char *o, struct origin_parts *p)
{
	struct aa_url u;

	memset(p, 0, sizeof(*p));
	p->port = -1;
	if (aa_url_parse(o, 0, &u) != AA_OK) {
		snprintf(p->scheme, sizeof(p->scheme), "http");
		snprintf(p->host, sizeof(p->host), "%s", o);
		return;
	}
	snprintf(p->scheme, sizeof(p->scheme), "%s", u.scheme);
	if (aa_url_host(&u, p->host, sizeof(p->host)) != AA_OK)
		p->host[0] = '\0';
	p->port = u.port;
}

static void
fmt_origin(char *out, size_t outlen, const char *scheme, const char *host,
    long port)
{
	if (port >= 0)
		snprintf(out, outlen, "%s://%s:%ld", scheme, host, port);
	else
		snprintf(out, outlen, "%s://%s", scheme, host);
}

void
aa_fido_origin(struct aa_fido_ctx *c)
{
	struct origin_parts op;
	struct aa_fido_pset ps;
	struct aa_fido_forge f;
	struct aa_fido_probe p;
	struct aa_fido_reg reg;
	char o[7][300], host2[260], name[360];
	const char *what[7] = { "other host", "suffix trick (host.evil)",
	    "lookalike host (evil-host)", "other scheme", "other port",
	    "crossOrigin true", "unlisted subdomain" };
	int r;

	if (!aa_audit_selected(c->a, AA_CK_FIDO_ORIGIN))
		return;
	split_origin(c->origin, &op);
	fmt_origin(o[0], sizeof(o[0]), op.scheme, "evil.example", op.port);
	snprintf(host2, sizeof(host2), "%s.evil.example", op.host);
	fmt_origin(o[1], sizeof(o[1]), op.scheme, host2, op.port);
	snprintf(host2, sizeof(host2), "evil-%s", op.host);
	fmt_origin(o[2], sizeof(o[2]), op.scheme, host2, op.port);
	fmt_origin(o[3], sizeof(o[3]), strcmp(op.scheme, "https") == 0 ?
	    "http" : "https", op.host, op.port);
	fmt_origin(o[4], sizeof(o[4]), op.scheme, op.host,
	    op.port >= 0 ? (op.port == 65535 ? 1 : op.port + 1) : 8443);
	snprintf(o[5], sizeof(o[5]), "%s", c->origin);
	snprintf(host2, sizeof(host2), "attacker.%s", op.host);
	fmt_origin(o[6], sizeof(o[6]), op.scheme, host2, op.port);
	aa_fido_pset_init(&ps);
	for (int i = 0; i < 7; i++) {
		/* crossOrigin with the right origin is FIDO-CROSS-ORIGIN's;
		 * a real key: one probe per kind (suffix, port) keeps the
		 * touches near one per check */
		if (i == 5 || (!c->soft && i != 1 && i != 4))
			continue;
		memset(&f, 0, sizeof(f));
		f.origin = o[i];
		f.cross_origin = i == 5;
		snprintf(name, sizeof(name), "%.40s: %.300s", what[i], o[i]);
		aa_fido_pset_login(c, &ps, name, &f);
	}
	if (c->soft) { /* the registration ceremony checks the origin too */
		memset(&f, 0, sizeof(f));
		memset(&p, 0, sizeof(p));
		f.origin = o[1];
		snprintf(name, sizeof(name), "registration from %.300s", o[1]);
		r = aa_fido_register_probe(c, 0, &f, NULL, name, &p, &reg);
		aa_fido_pset_add(&ps, name, r, &p);
	}
	aa_fido_pset_finish(c, AA_CK_FIDO_ORIGIN, &ps, ST_ORIGIN, NULL);
}

/*
 * FIDO-CROSS-ORIGIN: the right origin with crossOrigin true. RP libraries
 * commonly ignore the flag, so accepting it is hardening advice (low),
 * never FIDO-ORIGIN.
 */
void
aa_fido_cross_origin(struct aa_fido_ctx *c)
{
	struct aa_fido_pset ps;
	struct aa_fido_forge f;

	aa_fido_pset_init(&ps);
	memset(&f, 0, sizeof(f));
	f.origin = c->origin;
	f.cross_origin = 1;
	aa_fido_pset_login(c, &ps, "crossOrigin true with the right origin", &f);
	aa_fido_pset_finish(c, AA_CK_FIDO_CROSS_ORIGIN, &ps, ST_CROSS, NULL);
}

void
aa_fido_type(struct aa_fido_ctx *c)
{
	struct aa_fido_pset ps;
	struct aa_fido_forge f;

	if (!aa_audit_selected(c->a, AA_CK_FIDO_TYPE))
		return;
	aa_fido_pset_init(&ps);
	memset(&f, 0, sizeof(f));
	f.type = "webauthn.create";
	aa_fido_pset_login(c, &ps, "login with type webauthn.create", &f);
	if (c->soft) {
		memset(&f, 0, sizeof(f));
		f.type = "webauthn.get";
		aa_fido_pset_register(c, &ps,
		    "registration with type webauthn.get", &f);
	}
	aa_fido_pset_finish(c, AA_CK_FIDO_TYPE, &ps, ST_TYPE, c->soft ? NULL :
	    "registration half skipped with a real key (one touch per check)");
}

/*
 * A usernameless sign-in whose options leave the client nothing to hold
 * (no cookie, no token) cannot bind a challenge to the client that asked
 * for it: every challenge issued and not yet used is as good as another.
 * "The challenge of an earlier ceremony" then tests nothing the service
 * could do; never-issued and used challenges still are probed.
 */
static int
challenge_unbound(struct aa_fido_ctx *c)
{
	struct aa_fido_options o;
	struct aa_fido_probe p;
	struct aa_session *s;
	const char *var;
	json_t *ck;
	int unbound = 0;

	if (!c->passkey || aa_fido_session(c, 0, 0, &s) != AA_OK)
		return 0;
	memset(&p, 0, sizeof(p));
	var = json_string_value(json_object_get(json_object_get(json_object_get(
	    c->a->profile->root, "session"), "token"), "var"));
	if (aa_fido_rp_options(c, s, 0, NULL, NULL, NULL, &o, &p) == AA_OK &&
	    p.accepted && (ck = aa_session_cookies(s)) != NULL) {
		unbound = json_array_size(ck) == 0 &&
		    (var == NULL || aa_session_var(s, var) == NULL);
		json_decref(ck);
	}
	aa_fido_probe_release(&p);
	return unbound;
}

void
aa_fido_challenge(struct aa_fido_ctx *c)
{
	struct aa_fido_pset ps;
	struct aa_fido_forge f;
	unsigned char rnd[32];
	char *wrong;
	int unbound;

	if (!aa_audit_selected(c->a, AA_CK_FIDO_CHALLENGE))
		return;
	(void)RAND_bytes(rnd, sizeof(rnd));
	if ((wrong = aa_b64_encode(AA_B64_URL, rnd, sizeof(rnd))) == NULL)
		return;
	aa_fido_pset_init(&ps);
	memset(&f, 0, sizeof(f));
	f.challenge = wrong;
	aa_fido_pset_login(c, &ps, "wrong challenge", &f);
	if (c->soft) {
		memset(&f, 0, sizeof(f));
		f.drop_challenge = 1;
		aa_fido_pset_login(c, &ps, "no challenge member", &f);
	}
	if (!(unbound = challenge_unbound(c))) {
		memset(&f, 0, sizeof(f));
		f.stale_challenge = 1;
		aa_fido_pset_login(c, &ps, "challenge of an earlier ceremony",
		    &f);
	}
	if (c->soft) {
		memset(&f, 0, sizeof(f));
		f.challenge = wrong;
		aa_fido_pset_register(c, &ps,
		    "registration with a wrong challenge", &f);
	}
	aa_fido_pset_finish(c, AA_CK_FIDO_CHALLENGE, &ps, ST_CHALLENGE,
	    unbound ? "the sign-in options leave no cookie or token: the "
	    "service cannot bind a challenge to the client that asked for it, "
	    "so an earlier ceremony's unused challenge was not probed" : NULL);
	free(wrong);
}

/*
 * A new login in s, as it is (no new client): the password step again;
 * for a passkey sign-in, which starts from nothing, the logout step (a
 * client that signed out), else a client with nothing at all.
 */
static int
relogin(struct aa_fido_ctx *c, struct aa_session *s, struct aa_fido_probe *p)
{
	struct aa_step_result res;
	const char *step = c->passkey ? "logout" : "login";
	int r;

	memset(&res, 0, sizeof(res));
	if (c->passkey && aa_profile_step(c->a->profile, step) == NULL) {
		aa_session_reset(s);
		return AA_OK;
	}
	if ((r = aa_flow_step(s, step, NULL, &res)) != AA_OK)
		snprintf(p->why, sizeof(p->why), "the %s step again: %s",
		    step, aa_strerr(r));
	else if (!res.accepted) {
		snprintf(p->why, sizeof(p->why), "the %s step again was "
		    "refused (HTTP %ld)", step, res.resp.status);
		r = AA_ERR_HTTP;
	}
	aa_step_result_release(&res);
	return r;
}

/*
 * A ceremony's challenge must serve once, whatever its outcome. Three
 * probes, each a new assertion step in the same client session with no
 * new options asked for: a correct assertion over the challenge of a
 * refused one; after a correct sign-in and a new login (relogin), the
 * same assertion sent again, and a fresh one (new signature, higher
 * counter) over the used challenge, so challenge reuse shows even where
 * the counter check refuses the identical replay. Each probe's negative
 * control is `protected` closed before it (aa_fido_login_in).
 */
void
aa_fido_replay(struct aa_fido_ctx *c)
{
	enum aa_check_id id = AA_CK_FIDO_REPLAY;
	struct aa_fido_options o;
	struct aa_fido_forge f;
	struct aa_fido_pset ps;
	struct aa_fido_probe p;
	struct aa_session *s;
	json_t *cred = NULL;
	const char *name;
	int r;

	if (!aa_audit_selected(c->a, id))
		return;
	aa_fido_pset_init(&ps);
	memset(&p, 0, sizeof(p));
	memset(&f, 0, sizeof(f));
	f.flip_sig = 1;
	name = "a correct assertion over a refused ceremony's challenge";
	if ((r = aa_fido_ensure_reg(c, 0)) != AA_OK ||
	    (r = aa_fido_session(c, 0, 0, &s)) != AA_OK)
		snprintf(p.why, sizeof(p.why), "%.190s", c->baseline_err);
	else if ((r = aa_fido_login_in(c, s, 0, &f, NULL,
	    "an assertion the service must refuse", NULL, NULL, &p, NULL,
	    &o)) == AA_OK && p.accepted) {
		snprintf(p.why, sizeof(p.why), "the service took an assertion "
		    "with a broken signature (%s)",
		    aa_check_name(AA_CK_FIDO_SIGNATURE));
		r = AA_ERR_STEP;
	} else if (r == AA_OK) {
		aa_fido_probe_release(&p);
		r = aa_fido_login_in(c, s, 0, NULL, NULL, name, &o, NULL, &p,
		    NULL, NULL);
	}
	ps.logins++;
	aa_fido_pset_add(&ps, name, r, &p);

	/* a correct sign-in, then a new login in the same session */
	name = "the same successful assertion sent again";
	if ((r = aa_fido_session(c, 0, 0, &s)) != AA_OK)
		snprintf(p.why, sizeof(p.why), "%.190s", c->baseline_err);
	else if ((r = aa_fido_login_in(c, s, 0, NULL, NULL, "log in (to "
	    "replay)", NULL, NULL, &p, &cred, &o)) == AA_OK && !p.accepted) {
		aa_fido_refused_why(&p, p.why, sizeof(p.why));
		r = AA_ERR_HTTP;
	}
	if (r == AA_OK) {
		aa_fido_probe_release(&p);
		if ((r = relogin(c, s, &p)) == AA_OK)
			r = aa_fido_login_in(c, s, 0, NULL, NULL, name, &o, cred,
			    &p, NULL, NULL);
	}
	ps.logins++;
	aa_fido_pset_add(&ps, name, r, &p);
	if (cred != NULL) {
		name = "a fresh assertion over the used challenge";
		r = aa_fido_login_in(c, s, 0, NULL, NULL, name, &o, NULL, &p,
		    NULL, NULL);
		ps.logins++;
		aa_fido_pset_add(&ps, name, r, &p);
	}
	aa_fido_pset_finish(c, id, &ps, ST_REPLAY, NULL);
	json_decref(cred);
}
