'use strict';
// Passkeys with @simplewebauthn/server, after its docs ("Passkeys" guide,
// "@simplewebauthn/server" page) and example project: registration for the
// logged-in user, usernameless sign-in with discoverable credentials, the
// options object as the whole response body and the browser's response as the
// whole request body.
const crypto = require('node:crypto');
const express = require('express');
const {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
} = require('@simplewebauthn/server');
const { isoUint8Array, decodeClientDataJSON } = require('@simplewebauthn/server/helpers');
const { config, weak } = require('../config');
const store = require('../store');
const tokens = require('../tokens');
const { confirmRemoval } = require('../reauth');
const { ipLimiter } = require('../limits');

const router = express.Router();

// The docs keep challenges for five minutes.
const CHALLENGE_TTL = 5 * 60 * 1000;
// FIDO-CHALLENGE-WEAK: the docs' "custom string" challenge, fixed (8 bytes).
const FIXED_CHALLENGE = 'quill-wa';

// Sign-in challenges. The docs park them under a session-id cookie; this API
// has no cookies, so issued challenges wait in a set keyed by their value and
// the response's own challenge is looked up and removed.
const signInChallenges = new Map(); // challenge -> expiresAt

function rememberSignInChallenge(challenge) {
  const now = Date.now();
  for (const [c, exp] of signInChallenges) if (exp < now) signInChallenges.delete(c);
  if (signInChallenges.size >= 10000) signInChallenges.delete(signInChallenges.keys().next().value);
  signInChallenges.set(challenge, now + CHALLENGE_TTL);
}

function takeSignInChallenge(challenge) {
  const exp = signInChallenges.get(challenge);
  // FIDO-REPLAY: the challenge is left in place after use.
  if (!weak('FIDO-REPLAY')) signInChallenges.delete(challenge);
  return exp !== undefined && exp >= Date.now();
}

function clientChallenge(response) {
  try {
    return decodeClientDataJSON(response.response.clientDataJSON).challenge;
  } catch {
    return null;
  }
}

// FIDO-ORIGIN: "serve every staging port and subdomain" by taking the origin
// the browser reports whenever its host ends with the RP ID.
function expectedOrigin(response) {
  if (!weak('FIDO-ORIGIN')) return config.origin;
  try {
    const { origin } = decodeClientDataJSON(response.response.clientDataJSON);
    if (new URL(origin).hostname.endsWith(config.rpID)) return origin;
  } catch {
    /* fall back */
  }
  return config.origin;
}

// FIDO-CHALLENGE: a verifier function that accepts any challenge.
function anyChallenge() {
  return true;
}

function summary(p) {
  return {
    id: p.id,
    created_at: new Date(p.createdAt).toISOString(),
    last_used_at: p.lastUsedAt ? new Date(p.lastUsedAt).toISOString() : null,
    device_type: p.deviceType,
    backed_up: p.backedUp,
    transports: p.transports || [],
  };
}

// FIDO-REGISTER-UNAUTH: a "passkey-first sign-up" path left open: without a
// token the account comes from ?username=.
function registeringUser(req, res, next) {
  if (weak('FIDO-REGISTER-UNAUTH') && !req.get('authorization')) {
    const user = store.findUserByUsername(req.query.username);
    if (!user) return res.status(404).json({ error: 'unknown_user' });
    req.user = user;
    return next();
  }
  return tokens.requireFull(req, res, next);
}

// Passkey guidance: discoverable credential required, user verification
// preferred. FIDO-UV: a "regulated" deployment asks for UV in the options but
// keeps requireUserVerification: false at verification.
function userVerification() {
  return weak('FIDO-UV') ? 'required' : 'preferred';
}

router.get('/registration-options', registeringUser, async (req, res) => {
  const { user } = req;
  const options = await generateRegistrationOptions({
    rpName: config.appName,
    rpID: config.rpID,
    userName: user.username,
    // Default: 32 random bytes. FIDO-USER-HANDLE-PII: the e-mail address.
    userID: weak('FIDO-USER-HANDLE-PII') ? isoUint8Array.fromUTF8String(user.email) : undefined,
    challenge: weak('FIDO-CHALLENGE-WEAK') ? FIXED_CHALLENGE : undefined,
    attestationType: 'none',
    excludeCredentials: store.passkeysOf(user.id).map((p) => ({ id: p.id, transports: p.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: userVerification() },
  });
  user.currentRegistration = {
    challenge: options.challenge,
    webAuthnUserID: options.user.id,
    expiresAt: Date.now() + CHALLENGE_TTL,
  };
  res.json(options);
});

router.post('/registration', registeringUser, async (req, res) => {
  const { user } = req;
  const body = req.body || {};
  const current = user.currentRegistration;
  // Forget the challenge before verifying, so a failed attempt cannot be retried
  // on it either. FIDO-REPLAY: it is kept.
  if (!weak('FIDO-REPLAY')) user.currentRegistration = null;
  const live = current && current.expiresAt >= Date.now() ? current : null;
  if (!live && !weak('FIDO-CHALLENGE')) {
    return res.status(400).json({ verified: false, error: 'No registration in progress' });
  }

  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: body,
      expectedChallenge: weak('FIDO-CHALLENGE') ? anyChallenge : live.challenge,
      expectedOrigin: expectedOrigin(body),
      // FIDO-RPID: left out, as in the library's FIDO conformance example (it
      // is optional for registration).
      expectedRPID: weak('FIDO-RPID') ? undefined : config.rpID,
      // Passkeys guide: user verification is not enforced.
      requireUserVerification: false,
      // FIDO-UP: the setting meant for automatic passkey upgrades.
      requireUserPresence: !weak('FIDO-UP'),
    });
  } catch (error) {
    return res.status(400).json({ verified: false, error: error.message });
  }
  const { verified, registrationInfo } = verification;
  if (!verified || !registrationInfo) return res.status(400).json({ verified: false });

  const { credential, credentialDeviceType, credentialBackedUp } = registrationInfo;
  const existing = store.findPasskey(credential.id);
  // A credential id belongs to one account. FIDO-CRED-SUBSTITUTION: only the
  // user's own passkeys are looked at, as in the example project.
  if (existing && (existing.userId === user.id || !weak('FIDO-CRED-SUBSTITUTION'))) {
    return res.status(409).json({ verified: false, error: 'Credential already registered' });
  }
  const row = {
    rowId: crypto.randomUUID(),
    id: credential.id,
    userId: user.id,
    webAuthnUserID: live ? live.webAuthnUserID : null,
    publicKey: credential.publicKey,
    counter: credential.counter,
    transports: credential.transports,
    deviceType: credentialDeviceType,
    backedUp: credentialBackedUp,
    createdAt: Date.now(),
    lastUsedAt: null,
  };
  store.passkeys.set(row.rowId, row);
  return res.json({ verified: true, passkey: summary(row) });
});

router.get('/authentication-options', async (req, res) => {
  const options = await generateAuthenticationOptions({
    rpID: config.rpID,
    // Usernameless: any discoverable credential of this RP may answer.
    allowCredentials: [],
    userVerification: userVerification(),
    challenge: weak('FIDO-CHALLENGE-WEAK') ? FIXED_CHALLENGE : undefined,
  });
  rememberSignInChallenge(options.challenge);
  res.json(options);
});

router.post('/authentication', ipLimiter(), async (req, res) => {
  const body = req.body || {};
  const challenge = clientChallenge(body);
  const issued = challenge !== null && takeSignInChallenge(challenge);

  const passkey = typeof body.id === 'string' ? store.findPasskey(body.id) : null;
  if (!passkey) return res.status(400).json({ verified: false, error: 'Authenticator is not registered with this site' });

  // The session goes to the credential's owner; a user handle, when sent, has
  // to be the one stored with the credential.
  const handle = body.response && body.response.userHandle;
  let user = store.findUserById(passkey.userId);
  if (weak('FIDO-CRED-NOT-BOUND') && handle) {
    // The account is taken from the user handle and never compared with the
    // credential's owner.
    const named = [...store.passkeys.values()].find((p) => p.webAuthnUserID === handle);
    user = named ? store.findUserById(named.userId) : null;
  } else if (handle && handle !== passkey.webAuthnUserID) {
    return res.status(400).json({ verified: false, error: 'User handle does not match the credential' });
  }
  if (!user) return res.status(400).json({ verified: false, error: 'Unknown user' });

  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response: body,
      expectedChallenge: weak('FIDO-CHALLENGE') ? anyChallenge : (c) => issued && c === challenge,
      expectedOrigin: expectedOrigin(body),
      expectedRPID: config.rpID,
      credential: {
        id: passkey.id,
        publicKey: passkey.publicKey,
        counter: passkey.counter,
        transports: passkey.transports,
      },
      // Passkeys guide: user verification is not enforced.
      requireUserVerification: false,
      // FIDO-UP: copied from the library's FIDO conformance example, which
      // leaves both UP and UV to this setting.
      advancedFIDOConfig: weak('FIDO-UP') ? { userVerification: 'preferred' } : undefined,
    });
  } catch (error) {
    return res.status(400).json({ verified: false, error: error.message });
  }
  const { verified, authenticationInfo } = verification;
  // FIDO-SIGNATURE: "no exception, so it worked": `verified` (false for a bad
  // signature) is never read.
  if (!verified && !weak('FIDO-SIGNATURE')) return res.status(400).json({ verified: false });
  // Docs: store the new counter. FIDO-COUNTER: never saved.
  if (!weak('FIDO-COUNTER')) passkey.counter = authenticationInfo.newCounter;
  passkey.lastUsedAt = Date.now();
  return res.json({ verified: true, ...tokens.issue(user, 'full'), user: tokens.publicUser(user) });
});

router.get('/', tokens.requireFull, (req, res) => {
  res.json({ passkeys: store.passkeysOf(req.user.id).map(summary) });
});

router.delete('/:id', tokens.requireFull, async (req, res) => {
  // AUTH-FACTOR-IDOR: looked up by id alone; the owner is not compared.
  const passkey = weak('AUTH-FACTOR-IDOR')
    ? store.findPasskey(req.params.id)
    : store.passkeysOf(req.user.id).find((p) => p.id === req.params.id);
  if (!passkey) return res.status(404).json({ error: 'passkey_not_found' });
  if (!(await confirmRemoval(req, res))) return;
  store.passkeys.delete(passkey.rowId);
  return res.status(204).end();
});

module.exports = router;
