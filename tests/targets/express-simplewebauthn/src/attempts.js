'use strict';
// What the app adds around every code check, since otplib is stateless and
// leaves throttling to the application (otplib docs, "Rate Limiting"):
// reading the submitted code, and a per-account failure counter that locks a
// factor for 15 minutes after 5 consecutive wrong codes. A correct code resets
// it; a new login does not.
const { weak } = require('./config');

const MAX_FAILURES = 5;
const LOCK_MS = 15 * 60 * 1000;
const counters = new Map(); // key -> { count, lockedUntil }

function counterKey(req, factor) {
  // TOTP-LOCKOUT-BYPASS: the count is kept per login (token), not per account.
  if (factor === 'totp' && weak('TOTP-LOCKOUT-BYPASS')) return `${factor}:jti:${req.claims.jti}`;
  return `${factor}:user:${req.user.id}`;
}

// Returns a guard for this request's factor, or null when the app has none
// (the *-BRUTEFORCE switches).
function guardFor(req, factor) {
  if (factor === 'totp' && weak('TOTP-BRUTEFORCE')) return null;
  if (factor === 'sms' && weak('SMS-BRUTEFORCE')) return null;
  const key = counterKey(req, factor);
  const state = () => counters.get(key) || { count: 0, lockedUntil: 0 };
  return {
    retryAfter() {
      const left = state().lockedUntil - Date.now();
      return left > 0 ? Math.ceil(left / 1000) : 0;
    },
    fail() {
      const s = state();
      s.count += 1;
      if (s.count >= MAX_FAILURES) {
        s.lockedUntil = Date.now() + LOCK_MS;
        s.count = 0;
      }
      counters.set(key, s);
    },
    succeed() {
      counters.delete(key);
    },
  };
}

function clearFactor(user, factor) {
  counters.delete(`${factor}:user:${user.id}`);
}

function resetOnResend(user) {
  counters.delete(`sms:user:${user.id}`);
}

// The code a verification request carries. Hardened: a non-empty string or
// 400. AUTH-OTP-EMPTY: the handler reads `if (code && !valid(code))`, so a
// missing, null, empty, 0 or false code skips the check altogether.
function readCode(req, res) {
  const code = (req.body || {}).code;
  if (weak('AUTH-OTP-EMPTY')) {
    if (!code) return { skip: true };
    return { code: typeof code === 'string' ? code.trim() : code };
  }
  if (typeof code !== 'string' || code.trim() === '') {
    res.status(400).json({ error: 'code_required' });
    return null;
  }
  return { code: code.trim() };
}

// Runs one verification: lock check, code, failure counting. `check(code)`
// returns true for a good code. Resolves to true when the caller may go on.
async function verifyWith(req, res, factor, check) {
  const guard = guardFor(req, factor);
  const wait = guard ? guard.retryAfter() : 0;
  if (wait > 0) {
    res.set('Retry-After', String(wait));
    res.status(429).json({ error: 'too_many_attempts', retry_after: wait });
    return false;
  }
  const got = readCode(req, res);
  if (!got) return false;
  if (!got.skip && !(await check(got.code))) {
    if (guard) guard.fail();
    res.status(401).json({ error: 'invalid_code' });
    return false;
  }
  if (guard) guard.succeed();
  return true;
}

module.exports = { verifyWith, clearFactor, resetOnResend };
