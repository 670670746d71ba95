'use strict';
// Recovery codes: none of the libraries has them, so the app makes its own.
// Ten codes of 80 random bits each (20 hex digits, shown as xxxxx-xxxxx-xxxxx-xxxxx),
// stored as SHA-256 digests (they are high-entropy, so a fast hash is enough),
// shown once, single use, a new batch voids the old one.
const crypto = require('node:crypto');
const { weak } = require('./config');

const COUNT = 10;
const rows = new Map(); // sha256(normalized code) -> { userId, usedAt }

function digest(normalized) {
  return crypto.createHash('sha256').update(normalized).digest('hex');
}

function normalize(code) {
  return typeof code === 'string' ? code.toLowerCase().replace(/[\s-]/g, '') : '';
}

function newCode() {
  // AUTH-RECOVERY-WEAK: GitHub-looking xxxxx-xxxxx codes, 40 bits.
  const hex = crypto.randomBytes(weak('AUTH-RECOVERY-WEAK') ? 5 : 10).toString('hex');
  return hex.match(/.{5}/g).join('-');
}

function generate(user) {
  for (const [key, row] of rows) if (row.userId === user.id) rows.delete(key);
  const codes = [];
  while (codes.length < COUNT) {
    const code = newCode();
    const key = digest(normalize(code));
    if (rows.has(key)) continue;
    rows.set(key, { userId: user.id, usedAt: null });
    codes.push(code);
  }
  return codes;
}

function remaining(user) {
  let n = 0;
  for (const row of rows.values()) if (row.userId === user.id && !row.usedAt) n++;
  return n;
}

function redeem(user, code) {
  const row = rows.get(digest(normalize(code)));
  if (!row || row.usedAt) return false;
  // AUTH-OTP-NOT-BOUND: the lookup is by code alone, like a
  // `WHERE code_hash = ?` that forgot `AND user_id = ?`.
  if (row.userId !== user.id && !weak('AUTH-OTP-NOT-BOUND')) return false;
  // AUTH-RECOVERY-REUSE: the code is never marked as used.
  if (!weak('AUTH-RECOVERY-REUSE')) row.usedAt = Date.now();
  return true;
}

module.exports = { generate, remaining, redeem };
