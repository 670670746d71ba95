'use strict';
// Bearer sessions with jsonwebtoken. Two kinds of token, told apart by their
// audience: "quill-mfa" (password done, second factor outstanding, 5 minutes)
// and "quill-api" (full session, 1 hour). Logout and 2FA completion put the
// token's jti on a denylist kept until the token would expire anyway.
const crypto = require('node:crypto');
const jwt = require('jsonwebtoken');
const { weak } = require('./config');
const { findUserById } = require('./store');

// A per-process key unless the deployment sets one; sessions die with the
// process, like the rest of the state.
const SECRET = process.env.JWT_SECRET || crypto.randomBytes(32).toString('hex');
const ISSUER = 'quill';
const AUD_FULL = 'quill-api';
const AUD_MFA = 'quill-mfa';
const TTL = { full: 3600, mfa: 300 };

const denylist = new Map(); // jti -> exp (seconds)
const upgradedInPlace = new Set(); // AUTH-SESSION-FIXATION only

function publicUser(user) {
  return { id: user.id, username: user.username };
}

function issue(user, kind) {
  const token = jwt.sign({ username: user.username }, SECRET, {
    algorithm: 'HS256',
    subject: user.id,
    issuer: ISSUER,
    audience: kind === 'full' ? AUD_FULL : AUD_MFA,
    expiresIn: TTL[kind],
    jwtid: crypto.randomUUID(),
  });
  return { token, token_type: 'Bearer', expires_in: TTL[kind] };
}

function revoke(claims) {
  const now = Math.floor(Date.now() / 1000);
  for (const [jti, exp] of denylist) if (exp < now) denylist.delete(jti);
  denylist.set(claims.jti, claims.exp);
}

function bearer(req) {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') || '');
  return m ? m[1] : null;
}

function verify(token, audience) {
  const claims = jwt.verify(token, SECRET, { algorithms: ['HS256'], issuer: ISSUER, audience });
  if (denylist.has(claims.jti)) throw new Error('revoked');
  return claims;
}

// AUTH-TRUSTED-HEADER: "requests from our own network (monitoring, support
// tools) don't need 2FA", with the client address read from the proxy headers.
function fromInternalNetwork(req) {
  const hop = (req.get('x-real-ip') || (req.get('x-forwarded-for') || '').split(',')[0]).trim();
  return /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|localhost$)/.test(hop);
}

function unauthorized(res, error) {
  res.set('WWW-Authenticate', `Bearer error="${error === 'missing_token' ? 'invalid_request' : 'invalid_token'}"`);
  return res.status(401).json({ error });
}

function attach(req, claims, token) {
  const user = findUserById(claims.sub);
  if (!user) return false;
  req.user = user;
  req.claims = claims;
  req.token = token;
  return true;
}

// Full session required.
function requireFull(req, res, next) {
  const token = bearer(req);
  if (!token) return unauthorized(res, 'missing_token');
  let claims = null;
  try {
    // AUTH-2FA-SKIP: the audience is not checked, so the password-step token
    // passes for a session.
    claims = verify(token, weak('AUTH-2FA-SKIP') ? undefined : AUD_FULL);
  } catch {
    try {
      const pending = verify(token, AUD_MFA);
      if (weak('AUTH-SESSION-FIXATION') && upgradedInPlace.has(pending.jti)) claims = pending;
      if (weak('AUTH-TRUSTED-HEADER') && fromInternalNetwork(req)) claims = pending;
    } catch {
      /* not a token of ours */
    }
  }
  if (!claims || !attach(req, claims, token)) return unauthorized(res, 'invalid_token');
  return next();
}

// Password step done, second factor outstanding.
function requirePending(req, res, next) {
  const token = bearer(req);
  if (!token) return unauthorized(res, 'missing_token');
  try {
    if (attach(req, verify(token, AUD_MFA), token)) return next();
  } catch {
    /* fall through */
  }
  return unauthorized(res, 'invalid_token');
}

// Either kind (logout).
function requireAny(req, res, next) {
  const token = bearer(req);
  if (!token) return unauthorized(res, 'missing_token');
  try {
    if (attach(req, verify(token, [AUD_FULL, AUD_MFA]), token)) return next();
  } catch {
    /* fall through */
  }
  return unauthorized(res, 'invalid_token');
}

// Answer of a password step that needs no second factor, or of a completed
// second factor: a NEW full token; the password-step token is revoked.
function completeLogin(req, res) {
  if (weak('AUTH-SESSION-FIXATION')) {
    // The password-step token is marked as verified and handed back as is.
    upgradedInPlace.add(req.claims.jti);
    const expiresIn = req.claims.exp - Math.floor(Date.now() / 1000);
    return res.json({ token: req.token, token_type: 'Bearer', expires_in: expiresIn, user: publicUser(req.user) });
  }
  revoke(req.claims);
  return res.json({ ...issue(req.user, 'full'), user: publicUser(req.user) });
}

module.exports = {
  issue,
  revoke,
  requireFull,
  requirePending,
  requireAny,
  completeLogin,
  fromInternalNetwork,
  publicUser,
};
