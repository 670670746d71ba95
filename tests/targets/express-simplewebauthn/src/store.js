'use strict';
// In-memory "database": users and passkeys. Lives as long as the process.
const crypto = require('node:crypto');
const bcrypt = require('bcryptjs');

const users = new Map(); // id -> user
const passkeys = new Map(); // row id -> passkey row (credential id in row.id)

const SEED = [
  { username: 'audit-a', password: 'quill-pass-a', phone: '+15555550141' },
  { username: 'audit-b', password: 'quill-pass-b', phone: '+15555550142' },
  { username: 'audit-c', password: 'quill-pass-c', phone: '+15555550143' },
];

function newUser({ username, passwordHash, phone }) {
  return {
    id: crypto.randomUUID(),
    username,
    email: `${username}@quill.test`,
    passwordHash,
    phone,
    totp: { enabled: false, secret: null, pendingSecret: null, lastStep: null },
    sms: { enabled: false },
    // Challenge of the registration ceremony in progress (SimpleWebAuthn docs:
    // "remember these options for the user").
    currentRegistration: null,
  };
}

async function seedAccounts() {
  // bcryptjs default cost (10), as its README's hash example.
  const hashes = await Promise.all(SEED.map((s) => bcrypt.hash(s.password, 10)));
  SEED.forEach((s, i) => {
    const user = newUser({ username: s.username, passwordHash: hashes[i], phone: s.phone });
    users.set(user.id, user);
  });
}

function findUserById(id) {
  return users.get(id) || null;
}

function findUserByUsername(username) {
  if (typeof username !== 'string') return null;
  for (const user of users.values()) if (user.username === username) return user;
  return null;
}

// Compare against a dummy hash when the user is unknown so both cases cost the same.
const DUMMY_HASH = bcrypt.hashSync('not-a-password', 10);
async function checkPassword(user, password) {
  if (typeof password !== 'string' || password === '') return false;
  const ok = await bcrypt.compare(password, user ? user.passwordHash : DUMMY_HASH);
  return Boolean(user) && ok;
}

function passkeysOf(userId) {
  return [...passkeys.values()].filter((p) => p.userId === userId);
}

// The docs' schema indexes the credential id; it is what the browser sends back.
function findPasskey(credentialId) {
  for (const p of passkeys.values()) if (p.id === credentialId) return p;
  return null;
}

// A second factor after the password: TOTP or SMS. Passkeys are a separate
// sign-in path; recovery codes only stand in for a second factor.
function secondFactors(user) {
  const kinds = [];
  if (user.totp.enabled) kinds.push('totp');
  if (user.sms.enabled) kinds.push('sms');
  return kinds;
}

module.exports = {
  users,
  passkeys,
  seedAccounts,
  findUserById,
  findUserByUsername,
  checkPassword,
  passkeysOf,
  findPasskey,
  secondFactors,
};
