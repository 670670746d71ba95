'use strict';
// TOTP with otplib's `authenticator`, options untouched: SHA-1, 6 digits,
// 30-second steps, window 0, generateSecret() = 10 random bytes (80 bits).
// otplib keeps no state, so the app remembers the last accepted time step per
// account and refuses that step and older ones (otplib docs, "Replay
// Protection (TOTP)").
const express = require('express');
const { authenticator } = require('otplib');
const { config, weak } = require('../config');
const tokens = require('../tokens');
const { verifyWith, clearFactor } = require('../attempts');
const { confirmRemoval } = require('../reauth');
const { ipLimiter, noLimiter } = require('../limits');

const router = express.Router();

// TOTP-WINDOW: five steps either way "for phones with a drifting clock".
const otp = weak('TOTP-WINDOW') ? authenticator.clone({ window: 5 }) : authenticator;

function check(user, secret, code) {
  const delta = otp.checkDelta(code, secret);
  if (delta === null) return false;
  const step = Math.floor(Date.now() / 30000) + delta;
  // TOTP-REPLAY: no memory of used steps.
  if (!weak('TOTP-REPLAY') && user.totp.lastStep !== null && step <= user.totp.lastStep) return false;
  user.totp.lastStep = step;
  return true;
}

function enrolment(user, secret) {
  // TOTP-URI-NONSTANDARD: the issuer comes from a TOTP_ISSUER setting that
  // this deployment lacks, so keyuri() gets none.
  const issuer = weak('TOTP-URI-NONSTANDARD') ? undefined : config.appName;
  return { secret, otpauth_url: authenticator.keyuri(user.username, issuer, secret) };
}

router.post('/setup', tokens.requireFull, (req, res) => {
  const { user } = req;
  const { totp } = user;
  // TOTP-SEED-REDISCLOSED: setup is "idempotent" and hands back the stored secret.
  if (weak('TOTP-SEED-REDISCLOSED') && (totp.secret || totp.pendingSecret)) {
    return res.json(enrolment(user, totp.secret || totp.pendingSecret));
  }
  if (totp.enabled) return res.status(409).json({ error: 'totp_already_enabled' });
  const secret = authenticator.generateSecret();
  if (weak('TOTP-ENROLL-UNVERIFIED')) {
    // Enabled at once; the confirmation step became optional.
    Object.assign(totp, { enabled: true, secret, pendingSecret: null, lastStep: null });
  } else {
    totp.pendingSecret = secret;
  }
  return res.json(enrolment(user, secret));
});

router.post('/confirm', ipLimiter(), tokens.requireFull, async (req, res) => {
  const { user } = req;
  const { totp } = user;
  const secret = totp.pendingSecret || (weak('TOTP-ENROLL-UNVERIFIED') ? totp.secret : null);
  if (!secret) return res.status(409).json({ error: 'totp_setup_required' });
  if (!(await verifyWith(req, res, 'totp-setup', (code) => check(user, secret, code)))) return;
  Object.assign(totp, { enabled: true, secret, pendingSecret: null });
  return res.json({ enabled: true });
});

// TOTP-BRUTEFORCE: this route was left without its limiter (and attempts.js
// keeps no failure count for it).
router.post('/verify', weak('TOTP-BRUTEFORCE') ? noLimiter : ipLimiter(), tokens.requirePending, async (req, res) => {
  const { user } = req;
  if (!user.totp.enabled) return res.status(400).json({ error: 'factor_not_enabled' });
  if (await verifyWith(req, res, 'totp', (code) => check(user, user.totp.secret, code))) {
    tokens.completeLogin(req, res);
  }
});

router.delete('/', tokens.requireFull, async (req, res) => {
  const { user } = req;
  if (!user.totp.enabled && !user.totp.pendingSecret) return res.status(404).json({ error: 'totp_not_enabled' });
  if (!(await confirmRemoval(req, res))) return;
  user.totp = { enabled: false, secret: null, pendingSecret: null, lastStep: null };
  clearFactor(user, 'totp');
  return res.status(204).end();
});

module.exports = router;
