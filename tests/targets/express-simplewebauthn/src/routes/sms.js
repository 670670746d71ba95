'use strict';
// SMS as a second factor. Enrolment (full session): submit a number, confirm
// the code texted to it; the number goes on file. Login (password-step
// token): a code is texted to the number on file, whatever the body says.
const express = require('express');
const { config, weak } = require('../config');
const store = require('../store');
const tokens = require('../tokens');
const phone = require('../phone');
const smsCodes = require('../smsCodes');
const { sendSms, SmsUnavailable } = require('../twilio');
const { verifyWith, clearFactor, resetOnResend } = require('../attempts');
const { confirmRemoval } = require('../reauth');
const { ipLimiter, noLimiter, smsPerNumber, smsPerAccount } = require('../limits');

const router = express.Router();

const perNumber = weak('SMS-RATE-NUMBER') ? noLimiter : smsPerNumber;
const perAccount = weak('SMS-RATE-CLIENT') ? noLimiter : smsPerAccount;

function text(code, minutes) {
  return `Your ${config.appName} verification code is ${code}. It expires in ${minutes} minutes.`;
}

// Texts a fresh code to req.smsTo and answers with where it went.
async function deliver(req, res, purpose, shownPhone) {
  const { user } = req;
  const { code, minutes } = smsCodes.create(user, purpose, req.smsTo);
  try {
    await sendSms(req.smsTo, text(code, minutes));
  } catch (err) {
    smsCodes.forget(user);
    if (err instanceof SmsUnavailable) return res.status(503).json({ error: 'sms_unavailable' });
    return res.status(502).json({ error: 'sms_failed' });
  }
  // SMS-OTP-WEAK: a resend starts the failure count afresh.
  if (weak('SMS-OTP-WEAK')) resetOnResend(user);
  const body = { sent: true, phone: shownPhone, expires_in: minutes * 60 };
  // SMS-CODE-LEAK: a debugging aid that shipped.
  if (weak('SMS-CODE-LEAK')) body.code = code;
  return res.json(body);
}

function destination(req, res, next) {
  const { user } = req;
  if (req.smsPurpose === 'login') {
    req.smsTo = user.phone;
    return next();
  }
  const given = (req.body || {}).phone;
  const to = given === undefined || given === null || given === '' ? user.phone : phone.normalize(given);
  if (!to) return res.status(400).json({ error: 'invalid_phone' });
  if (!phone.servedDestination(to)) return res.status(400).json({ error: 'unsupported_destination' });
  req.smsTo = to;
  return next();
}

function purpose(name) {
  return (req, res, next) => {
    req.smsPurpose = name;
    next();
  };
}

// SMS-ANON-TRIGGER: "text me a code" also works from the username alone, before
// any password.
function pendingOrUsername(req, res, next) {
  if (!weak('SMS-ANON-TRIGGER') || req.get('authorization')) return tokens.requirePending(req, res, next);
  const user = store.findUserByUsername((req.body || {}).username);
  if (!user) return res.status(400).json({ error: 'factor_not_enabled' });
  req.user = user;
  return next();
}

router.post('/setup', tokens.requireFull, purpose('enroll'), (req, res, next) => {
  if (req.user.sms.enabled) return res.status(409).json({ error: 'sms_already_enabled' });
  return next();
}, destination, perAccount, perNumber, (req, res) => deliver(req, res, 'enroll', req.smsTo));

router.post('/confirm', ipLimiter(), tokens.requireFull, async (req, res) => {
  const { user } = req;
  let hit = null;
  const ok = await verifyWith(req, res, 'sms-setup', (code) => {
    hit = smsCodes.redeem(user, 'enroll', code);
    return Boolean(hit);
  });
  if (!ok) return;
  if (hit) user.phone = hit.phone;
  user.sms.enabled = true;
  res.json({ enabled: true, phone: user.phone });
});

router.post('/send', pendingOrUsername, purpose('login'), (req, res, next) => {
  if (!req.user.sms.enabled) return res.status(400).json({ error: 'factor_not_enabled' });
  return next();
}, destination, perAccount, perNumber, (req, res) => deliver(req, res, 'login', phone.hint(req.user.phone)));

// SMS-BRUTEFORCE: this route was left without its limiter (and attempts.js
// keeps no failure count for it).
router.post('/verify', weak('SMS-BRUTEFORCE') ? noLimiter : ipLimiter(), tokens.requirePending, async (req, res) => {
  const { user } = req;
  if (!user.sms.enabled) return res.status(400).json({ error: 'factor_not_enabled' });
  if (await verifyWith(req, res, 'sms', (code) => Boolean(smsCodes.redeem(user, 'login', code)))) {
    tokens.completeLogin(req, res);
  }
});

router.delete('/', tokens.requireFull, async (req, res) => {
  const { user } = req;
  if (!user.sms.enabled) return res.status(404).json({ error: 'sms_not_enabled' });
  if (!(await confirmRemoval(req, res))) return;
  user.sms.enabled = false;
  smsCodes.forget(user);
  clearFactor(user, 'sms');
  return res.status(204).end();
});

module.exports = router;
