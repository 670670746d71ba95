'use strict';
// Password login, logout, the protected profile and the factor overview.
const express = require('express');
const { weak } = require('../config');
const store = require('../store');
const tokens = require('../tokens');
const recoveryCodes = require('../recoveryCodes');
const phone = require('../phone');
const { ipLimiter } = require('../limits');

const router = express.Router();

router.post('/login', ipLimiter(), async (req, res) => {
  const { username, password } = req.body || {};
  const user = store.findUserByUsername(username);
  if (!(await store.checkPassword(user, password))) {
    return res.status(401).json({ error: 'invalid_credentials' });
  }
  const factors = store.secondFactors(user);
  const internal = weak('AUTH-TRUSTED-HEADER') && tokens.fromInternalNetwork(req);
  // 2FA only once a factor is enrolled.
  if (factors.length === 0 || internal) {
    return res.json({ ...tokens.issue(user, 'full'), mfa_required: false, user: tokens.publicUser(user) });
  }
  const methods = [...factors];
  if (recoveryCodes.remaining(user) > 0) methods.push('recovery_code');
  const body = { ...tokens.issue(user, 'mfa'), mfa_required: true, methods };
  if (user.sms.enabled) body.phone_hint = phone.hint(user.phone);
  return res.json(body);
});

router.post('/logout', tokens.requireAny, (req, res) => {
  // AUTH-LOGOUT: stateless logout, the client is trusted to drop the token.
  if (!weak('AUTH-LOGOUT')) tokens.revoke(req.claims);
  res.status(204).end();
});

function overview(user) {
  return {
    totp: { enabled: user.totp.enabled },
    sms: { enabled: user.sms.enabled, phone: user.sms.enabled ? user.phone : null },
    passkeys: { count: store.passkeysOf(user.id).length },
    recovery_codes: { remaining: recoveryCodes.remaining(user) },
  };
}

router.get('/me', tokens.requireFull, (req, res) => {
  const { user } = req;
  res.json({ id: user.id, username: user.username, email: user.email, phone: user.phone, mfa: overview(user) });
});

router.get('/2fa', tokens.requireFull, (req, res) => {
  res.json(overview(req.user));
});

module.exports = router;
