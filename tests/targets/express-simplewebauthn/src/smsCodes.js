'use strict';
// One-time codes sent by SMS: 6 digits, valid 5 minutes, single use, and a
// new send replaces the previous code (one valid code per account).
const crypto = require('node:crypto');
const { weak } = require('./config');

const pending = new Map(); // userId -> [{ code, purpose, phone, expiresAt, usedAt }]

// SMS-OTP-WEAK: 4 digits, 30 minutes, earlier codes stay valid.
function policy() {
  return weak('SMS-OTP-WEAK') ? { digits: 4, minutes: 30 } : { digits: 6, minutes: 5 };
}

function create(user, purpose, phone) {
  const { digits, minutes } = policy();
  const code = String(crypto.randomInt(0, 10 ** digits)).padStart(digits, '0');
  const entry = { code, purpose, phone, expiresAt: Date.now() + minutes * 60000, usedAt: null };
  const kept = weak('SMS-OTP-WEAK') ? pending.get(user.id) || [] : [];
  pending.set(user.id, [...kept, entry]);
  return { code, minutes };
}

function same(a, b) {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

// Returns the matching entry (its phone is what enrolment puts on file) or null.
function redeem(user, purpose, code) {
  const now = Date.now();
  // AUTH-OTP-NOT-BOUND: the code is looked up among every account's codes.
  const pool = weak('AUTH-OTP-NOT-BOUND') ? [...pending.values()].flat() : pending.get(user.id) || [];
  const hit = pool.find((e) => e.purpose === purpose && !e.usedAt && e.expiresAt > now && same(e.code, code));
  if (!hit) return null;
  // SMS-REPLAY: the code is not marked as used.
  if (!weak('SMS-REPLAY')) hit.usedAt = now;
  return hit;
}

function forget(user) {
  pending.delete(user.id);
}

module.exports = { create, redeem, forget, policy };
