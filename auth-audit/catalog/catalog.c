/*
 * The check catalog: the single table holding every check ID of the
 * contract (checks.md) with its metadata. Order is the order of the spec
 * tables; renderers list results in this order so reports are stable.
 */
#include <stddef.h>
#include <string.h>

#include "auth-audit/catalog/check.h"

#define M4 AA_OWASP_M4
#define M6 AA_OWASP_M6
#define CRIT AA_SEV_CRITICAL
#define HIGH AA_SEV_HIGH
#define MED AA_SEV_MEDIUM
#define LOW AA_SEV_LOW
#define INFO AA_SEV_INFO
#define PRIV AA_CHECK_PRIVACY
#define SOFT AA_CHECK_SOFTKEY
#define OFFL AA_CHECK_OFFLINE

static const struct aa_check_def catalog[] = {
/* ---- factors and discovery (passive) ---- */
{ "FACTOR-NONE", "factors", CRIT, M4, 308, 0,
  "No second factor is offered",
  "Offer at least one second factor at login, preferably WebAuthn/passkeys "
  "plus TOTP, and let every user enrol it." },
{ "FACTOR-PHONE-ONLY", "factors", MED, M4, 1390, 0,
  "Only SMS, voice or e-mail second factors",
  "Add an app-based (TOTP) or phishing-resistant (WebAuthn) factor; keep "
  "phone and e-mail codes only as a fallback users can switch off." },
{ "FACTOR-NO-PHISHING-RESISTANT", "factors", MED, M4, 1390, 0,
  "No phishing-resistant factor (WebAuthn, U2F, passkey)",
  "Support WebAuthn security keys and passkeys so users can pick a factor "
  "bound to the site's origin." },
{ "FACTOR-SMS-FALLBACK", "factors", LOW, M4, 1390, 0,
  "SMS offered next to stronger factors",
  "Let users who enrolled TOTP or WebAuthn disable SMS, and never fall "
  "back to SMS silently when a stronger factor is registered." },
{ "DISCOVERY-ROPC", "factors", HIGH, M4, 308, 0,
  "OIDC metadata advertises the password grant",
  "Remove the resource-owner password grant from the authorization server "
  "(and from grant_types_supported); use authorization code with PKCE." },
{ "DISCOVERY-PASSKEYS", "factors", INFO, 0, 1059, AA_CHECK_INFO,
  "Passkey and security well-known endpoints",
  "Publish /.well-known/passkey-endpoints, /.well-known/change-password "
  "and a security.txt so tools and users find enrolment pages." },

/* ---- login and session (active) ---- */
{ "AUTH-2FA-SKIP", "auth", CRIT, M4, 288, 0,
  "Protected resources reachable after the password step alone",
  "Keep the session in a 'password verified' state that no protected "
  "endpoint accepts; mark it authenticated only after the second factor." },
{ "AUTH-OTP-EMPTY", "auth", CRIT, M4, 287, 0,
  "Empty, null or wrong-type code accepted",
  "Validate the code as a string of the exact expected length and digits "
  "before comparing; reject missing, null, array and number values." },
{ "AUTH-OTP-NOT-BOUND", "auth", CRIT, M4 | M6, 287, 0,
  "One account's code completes another account's login",
  "Verify the code against the factor of the user whose password step "
  "started this session, never against any user's valid codes." },
{ "AUTH-TRUSTED-HEADER", "auth", HIGH, M4, 290, 0,
  "Client-supplied headers skip or weaken 2FA",
  "Ignore X-Forwarded-For and similar headers for authentication decisions "
  "unless set by your own proxy; never exempt 'internal' addresses from 2FA." },
{ "AUTH-DISABLE-NO-REAUTH", "auth", HIGH, M6, 620, 0,
  "Factor removable without re-authentication",
  "Require the password and a current second factor (or a fresh login) "
  "before a factor is removed, replaced or 2FA is turned off." },
{ "AUTH-FACTOR-IDOR", "auth", CRIT, M6, 639, 0,
  "Another account's factors can be listed or removed",
  "Derive the account from the session on factor endpoints and check that "
  "each factor ID belongs to it; never trust a user ID from the request." },
{ "AUTH-SESSION-FIXATION", "auth", MED, M4, 384, 0,
  "Session ID not renewed when 2FA completes",
  "Issue a new session identifier (and invalidate the old one) at every "
  "privilege change, including completion of the second factor." },
{ "AUTH-LOGOUT", "auth", MED, M4, 613, 0,
  "Session still valid after logout",
  "Invalidate the session on the server at logout instead of only "
  "clearing the client cookie or token." },
{ "AUTH-RECOVERY-REUSE", "auth", HIGH, M4, 294, 0,
  "Recovery code accepted twice",
  "Mark a recovery code as used atomically when it is accepted, so each "
  "code works exactly once." },
{ "AUTH-RECOVERY-WEAK", "auth", MED, M4, 640, 0,
  "Recovery codes weak or not rate limited",
  "Generate recovery codes with at least 64 random bits each and apply "
  "the same attempt limits as for one-time codes." },
{ "AUTH-COOKIE-FLAGS", "auth", LOW, M4, 614, 0,
  "Session cookie lacks Secure, HttpOnly or SameSite",
  "Set the session cookie with HttpOnly, SameSite=Lax or Strict, and "
  "Secure whenever the site is served over HTTPS." },
{ "AUTH-PHONE-DISCLOSED", "auth", LOW, M4, 359, PRIV,
  "Full phone number or e-mail shown before 2FA",
  "Show only a masked hint (e.g. last two digits) of the phone number or "
  "address until the second factor is complete." },

/* ---- TOTP, live ---- */
{ "TOTP-REPLAY", "totp", HIGH, M4, 294, 0,
  "Same TOTP code accepted twice",
  "Store the last accepted time step per user and reject any code for "
  "that step or an earlier one (RFC 6238 section 5.2)." },
{ "TOTP-WINDOW", "totp", MED, M4, 1390, 0,
  "TOTP codes accepted beyond one time step of drift",
  "Accept at most the current step plus one step on either side; resync "
  "larger drift explicitly instead of widening the window." },
{ "TOTP-BRUTEFORCE", "totp", CRIT, M4, 307, 0,
  "No lockout or throttling of wrong TOTP codes",
  "Limit failed code attempts per account (e.g. lock or slow down after "
  "5-10 failures) and reset the counter only on success." },
{ "TOTP-LOCKOUT-BYPASS", "totp", HIGH, M4, 307, 0,
  "TOTP lockout can be bypassed",
  "Keep the failure counter on the account, not the session or IP, and "
  "refuse even correct codes while the account is locked." },
{ "TOTP-SEED-WEAK", "totp", HIGH, M4, 331, 0,
  "Enrolled TOTP secret too short or not random",
  "Generate each TOTP secret with a CSPRNG and at least 160 bits (never "
  "below 128)." },
{ "TOTP-SEED-REDISCLOSED", "totp", MED, M4, 200, 0,
  "TOTP secret retrievable after enrolment",
  "Return the secret only during enrolment and never again; re-enrolment "
  "must create a new secret." },
{ "TOTP-ENROLL-UNVERIFIED", "totp", MED, M4, 287, 0,
  "TOTP active before a valid code confirms enrolment",
  "Keep a new TOTP factor pending until the user submits a valid code "
  "generated from it." },
{ "TOTP-URI-NONSTANDARD", "totp", LOW, M4, 684, 0,
  "otpauth URI lacks issuer or uses non-portable parameters",
  "Emit otpauth://totp/Issuer:account?secret=..&issuer=Issuer with SHA1, "
  "6 digits and 30 s period, which every authenticator app supports." },

/* ---- TOTP backup and seed storage, offline ---- */
{ "TOTP-BACKUP-PLAINTEXT", "totp-backup", HIGH, M4, 312, OFFL,
  "Backup or export holds seeds unencrypted",
  "Export authenticator backups only with encryption enabled and delete "
  "plaintext exports once restored." },
{ "TOTP-BACKUP-WEAK-KDF", "totp-backup", MED, M4, 916, OFFL,
  "Backup encryption uses a weak key derivation",
  "Re-encrypt the backup with an app using scrypt (N >= 2^15) or "
  "PBKDF2-SHA256 with at least 600,000 iterations, or Argon2id." },
{ "TOTP-BACKUP-SEED-WEAK", "totp-backup", MED, M4, 331, OFFL,
  "Backed-up secret shorter than 128 bits",
  "Re-enrol the affected account so the service issues a longer secret; "
  "ask the provider to generate at least 160-bit secrets." },
{ "TOTP-BACKUP-DUPLICATE", "totp-backup", LOW, M4, 323, OFFL,
  "Same secret used for several accounts",
  "Re-enrol the accounts sharing a secret so each gets its own." },
{ "TOTP-SEED-EXPOSED", "totp-backup", CRIT, M4, 532, OFFL,
  "TOTP seeds found in logs, configs or dumps",
  "Remove the files or lines, rotate every exposed secret by re-enrolling, "
  "and stop logging or dumping secrets in clear." },

/* ---- FIDO2 / U2F ---- */
{ "FIDO-NOT-OFFERED", "fido", MED, M4, 1390, 0,
  "No WebAuthn or U2F registration",
  "Add WebAuthn registration and login so users can use security keys and "
  "passkeys." },
{ "FIDO-REGISTER-UNAUTH", "fido", CRIT, M6, 306, 0,
  "Credential registration without an authenticated session",
  "Require a fully authenticated (and recently verified) session to start "
  "and finish credential registration." },
{ "FIDO-ORIGIN", "fido", CRIT, M4, 346, 0,
  "Wrong origin in clientDataJSON accepted",
  "Compare clientData.origin exactly against the list of your own HTTPS "
  "origins and reject crossOrigin unless you intend it." },
{ "FIDO-RPID", "fido", CRIT, M4, 346, 0,
  "Authenticator data for another RP ID accepted",
  "Check that rpIdHash in authenticator data equals SHA-256 of your RP ID "
  "at registration and at every login." },
{ "FIDO-TYPE", "fido", HIGH, M4, 345, 0,
  "Wrong clientData type accepted",
  "Require type webauthn.create at registration and webauthn.get at "
  "login." },
{ "FIDO-CHALLENGE", "fido", CRIT, M4, 294, 0,
  "Wrong, missing or foreign challenge accepted",
  "Store the challenge server-side with the session that requested it and "
  "require an exact match; delete it after one use." },
{ "FIDO-REPLAY", "fido", CRIT, M4, 294, 0,
  "Assertion or registration accepted again",
  "Consume each challenge on first use so a replayed response can never "
  "match an open ceremony." },
{ "FIDO-SIGNATURE", "fido", CRIT, M4, 347, 0,
  "Corrupted or foreign signature accepted",
  "Verify the assertion signature over authenticatorData || "
  "SHA-256(clientDataJSON) with the stored credential public key." },
{ "FIDO-UP", "fido", HIGH, M4, 287, 0,
  "Assertion without user presence accepted",
  "Reject authenticator data whose UP flag is clear." },
{ "FIDO-UV", "fido", HIGH, M4, 308, 0,
  "Missing user verification accepted when required",
  "When userVerification is required, reject authenticator data whose UV "
  "flag is clear." },
{ "FIDO-COUNTER", "fido", MED, M4, 294, SOFT,
  "Non-increasing signature counter accepted",
  "Store the signature counter and reject (or flag for review) an "
  "assertion whose non-zero counter does not exceed the stored value." },
{ "FIDO-CRED-NOT-BOUND", "fido", CRIT, M6, 639, 0,
  "Another account's credential completes login",
  "Look the credential up under the account being logged in (or resolve "
  "the account from the user handle) and reject any mismatch." },
{ "FIDO-CRED-UNKNOWN", "fido", CRIT, M4, 287, 0,
  "Unregistered credential ID accepted",
  "Accept only assertions whose credential ID is registered, and verify "
  "them with that credential's stored key." },
{ "FIDO-CRED-SUBSTITUTION", "fido", HIGH, M6, 863, 0,
  "Credential of one account registrable to another",
  "Reject registration of a credential ID that is already registered to "
  "any account." },
{ "FIDO-ATTESTATION", "fido", MED, M4, 295, SOFT,
  "Bad or self-signed attestation accepted when requested",
  "When you request attestation, verify the statement and chain against "
  "trusted roots (FIDO MDS) or do not request it at all." },
{ "FIDO-ALG", "fido", MED, M4, 757, SOFT,
  "COSE algorithm not offered was accepted",
  "Reject credentials whose public key algorithm is not one listed in "
  "pubKeyCredParams." },
{ "FIDO-CHALLENGE-WEAK", "fido", MED, M4, 330, 0,
  "Challenge short or repeated",
  "Generate every challenge with a CSPRNG, at least 16 bytes, new for "
  "every ceremony." },
{ "FIDO-USER-HANDLE-PII", "fido", LOW, M4, 359, PRIV,
  "user.id carries the username or e-mail",
  "Use a random opaque user handle (e.g. 32 random bytes) instead of "
  "names or addresses." },
{ "FIDO-ENUMERATION", "fido", LOW, M4, 204, PRIV,
  "Login options reveal whether an account exists",
  "Answer login options for unknown users with the same shape as for "
  "known ones (e.g. deterministic fake credential IDs) or use "
  "discoverable credentials." },

/* ---- SMS OTP and pumping ---- */
{ "SMS-CODE-LEAK", "sms", CRIT, M4, 200, 0,
  "SMS code disclosed in the send response",
  "Never echo the code in responses, headers or cookies; send it only "
  "through the SMS provider." },
{ "SMS-BRUTEFORCE", "sms", CRIT, M4, 307, 0,
  "No lockout or throttling of wrong SMS codes",
  "Limit failed code attempts per account and per code, and invalidate "
  "the code after a few failures." },
{ "SMS-REPLAY", "sms", HIGH, M4, 294, 0,
  "SMS code accepted twice",
  "Invalidate an SMS code as soon as it is accepted." },
{ "SMS-OTP-WEAK", "sms", MED, M4, 1390, 0,
  "SMS codes short, long-lived or resettable",
  "Use codes of at least 6 random digits, valid for at most 10 minutes, "
  "one valid code at a time, and keep failures counted across resends." },
{ "SMS-RATE-NUMBER", "sms", HIGH, M4, 799, 0,
  "No per-number SMS send limit",
  "Limit sends to one number (e.g. 3-5 per 10 minutes with backoff)." },
{ "SMS-RATE-CLIENT", "sms", HIGH, M4, 799, 0,
  "No per-client SMS send limit",
  "Limit sends per session, client and IP across all numbers, and alert on "
  "bursts." },
{ "SMS-SEQUENTIAL", "sms", HIGH, M4, 770, 0,
  "Consecutive phone numbers served (pumping pattern)",
  "Detect and block sends to runs of adjacent numbers and to ranges "
  "associated with premium or test blocks." },
{ "SMS-GEO", "sms", HIGH, M4, 770, 0,
  "Sends to high-cost destinations outside served countries",
  "Allow SMS only to the country codes you serve and block known "
  "high-cost ranges." },
{ "SMS-ANON-TRIGGER", "sms", HIGH, M4, 306, 0,
  "SMS send possible before the password step",
  "Send SMS codes only after the password step succeeded, or require a "
  "CAPTCHA or proof of work for anonymous sends." },
{ "SMS-PUMPING-EXPOSURE", "sms", HIGH, M4, 400, 0,
  "Estimated SMS pumping loss above budget",
  "Tighten the binding control named in the evidence (per-number, "
  "per-client or geographic limits) until the estimate is under budget." },
};

#define NCHECKS (sizeof(catalog) / sizeof(catalog[0]))

size_t
aa_check_count(void)
{
	return NCHECKS;
}

const struct aa_check_def *
aa_check_at(size_t i)
{
	return i < NCHECKS ? &catalog[i] : NULL;
}

/* ~60 entries: a linear scan is cheaper than keeping an index in sync. */
const struct aa_check_def *
aa_check_find(const char *id)
{
	if (id == NULL)
		return NULL;
	for (size_t i = 0; i < NCHECKS; i++)
		if (strcmp(catalog[i].id, id) == 0)
			return &catalog[i];
	return NULL;
}
