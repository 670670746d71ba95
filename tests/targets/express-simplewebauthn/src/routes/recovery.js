'use strict';
// Recovery codes: issued from a full session with the password, redeemed at
// login in place of the second factor.
const express = require('express');
const tokens = require('../tokens');
const recoveryCodes = require('../recoveryCodes');
const { passwordAgain } = require('../reauth');
const { verifyWith } = require('../attempts');
const { ipLimiter } = require('../limits');

const router = express.Router();

router.post('/recovery-codes', tokens.requireFull, async (req, res) => {
  if (!(await passwordAgain(req, res))) return;
  res.json({ codes: recoveryCodes.generate(req.user) });
});

router.get('/recovery-codes', tokens.requireFull, (req, res) => {
  res.json({ remaining: recoveryCodes.remaining(req.user) });
});

router.post('/2fa/recovery', ipLimiter(), tokens.requirePending, async (req, res) => {
  const ok = await verifyWith(req, res, 'recovery', (code) => recoveryCodes.redeem(req.user, code));
  if (ok) tokens.completeLogin(req, res);
});

module.exports = router;
