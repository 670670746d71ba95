'use strict';
// One probe per weakness switch. A probe drives a fresh instance and returns
// true when it observed the weak behaviour; the smoke test runs each probe on
// a default instance (must be false) and on one with the switch (must be true).
const crypto = require('node:crypto');
const { PASSWORD, api, totp, totpHeadroom, inbox, lastCode, login } = require('./lib');
const { FLAG_UP, FLAG_UV } = require('./softkey');

async function full(base, user) {
  return (await login(base, user)).json.token;
}

// TOTP enrolled and confirmed with the current code; returns the secret.
async function withTotp(base, user = 'audit-a') {
  await totpHeadroom();
  const token = await full(base, user);
  const secret = (await api(base, 'POST', '/api/2fa/totp/setup', { token })).json.secret;
  await api(base, 'POST', '/api/2fa/totp/confirm', { token, body: { code: totp(secret) } });
  return { token, secret };
}

async function pending(base, user = 'audit-a') {
  return (await login(base, user)).json.token;
}

async function recoveryCodes(base, token, user) {
  return (await api(base, 'POST', '/api/recovery-codes', { token, body: { password: PASSWORD[user] } })).json.codes;
}

// SMS enrolled for audit-b with its number on file.
async function withSms(ctx) {
  const token = await full(ctx.base, 'audit-b');
  await api(ctx.base, 'POST', '/api/2fa/sms/setup', { token, body: {} });
  const code = await lastCode(ctx.sim, '+15555550142');
  await api(ctx.base, 'POST', '/api/2fa/sms/confirm', { token, body: { code } });
  return token;
}

async function registerPasskey(ctx, user, opts = {}) {
  const token = await full(ctx.base, user);
  const options = (await api(ctx.base, 'GET', '/api/passkeys/registration-options', { token })).json;
  const r = await api(ctx.base, 'POST', '/api/passkeys/registration', { token, body: ctx.key.create(options, opts) });
  return { token, options, r, cred: ctx.key.creds[ctx.key.creds.length - 1] };
}

async function signIn(ctx, opts = {}) {
  const options = (await api(ctx.base, 'GET', '/api/passkeys/authentication-options')).json;
  return api(ctx.base, 'POST', '/api/passkeys/authentication', { body: ctx.key.get(options, opts) });
}

const SWITCH_CHECKS = {
  async 'AUTH-2FA-SKIP'({ base }) {
    await withTotp(base);
    return (await api(base, 'GET', '/api/me', { token: await pending(base) })).status === 200;
  },
  async 'AUTH-OTP-EMPTY'({ base }) {
    await withTotp(base);
    const r = await api(base, 'POST', '/api/2fa/totp/verify', { token: await pending(base), body: {} });
    return r.status === 200;
  },
  async 'AUTH-OTP-NOT-BOUND'({ base }) {
    await withTotp(base, 'audit-a');
    const codesB = await recoveryCodes(base, await full(base, 'audit-b'), 'audit-b');
    const r = await api(base, 'POST', '/api/2fa/recovery', { token: await pending(base), body: { code: codesB[0] } });
    return r.status === 200;
  },
  async 'AUTH-TRUSTED-HEADER'({ base }) {
    await withTotp(base);
    const r = await api(base, 'POST', '/api/login', {
      body: { username: 'audit-a', password: PASSWORD['audit-a'] }, headers: { 'X-Forwarded-For': '127.0.0.1' },
    });
    return r.json.mfa_required === false;
  },
  async 'AUTH-DISABLE-NO-REAUTH'({ base }) {
    const { token } = await withTotp(base);
    return (await api(base, 'DELETE', '/api/2fa/totp', { token, body: {} })).status === 204;
  },
  async 'AUTH-FACTOR-IDOR'(ctx) {
    const { r } = await registerPasskey(ctx, 'audit-c');
    const tokenB = await full(ctx.base, 'audit-b');
    const del = await api(ctx.base, 'DELETE', `/api/passkeys/${r.json.passkey.id}`, {
      token: tokenB, body: { password: PASSWORD['audit-b'] },
    });
    return del.status === 204;
  },
  async 'AUTH-SESSION-FIXATION'({ base }) {
    const { token } = await withTotp(base);
    const codes = await recoveryCodes(base, token, 'audit-a');
    const before = await pending(base);
    const r = await api(base, 'POST', '/api/2fa/recovery', { token: before, body: { code: codes[0] } });
    return r.status === 200 && r.json.token === before;
  },
  async 'AUTH-LOGOUT'({ base }) {
    const token = await full(base, 'audit-a');
    await api(base, 'POST', '/api/logout', { token });
    return (await api(base, 'GET', '/api/me', { token })).status === 200;
  },
  async 'AUTH-RECOVERY-REUSE'({ base }) {
    const { token } = await withTotp(base);
    const [code] = await recoveryCodes(base, token, 'audit-a');
    await api(base, 'POST', '/api/2fa/recovery', { token: await pending(base), body: { code } });
    return (await api(base, 'POST', '/api/2fa/recovery', { token: await pending(base), body: { code } })).status === 200;
  },
  async 'AUTH-RECOVERY-WEAK'({ base }) {
    const [code] = await recoveryCodes(base, await full(base, 'audit-a'), 'audit-a');
    return code.replace(/-/g, '').length * 4 < 64;
  },
  async 'AUTH-PHONE-DISCLOSED'(ctx) {
    await withSms(ctx);
    return (await login(ctx.base, 'audit-b')).json.phone_hint === '+15555550142';
  },
  async 'TOTP-REPLAY'({ base }) {
    const { secret } = await withTotp(base);
    const r = await api(base, 'POST', '/api/2fa/totp/verify', { token: await pending(base), body: { code: totp(secret) } });
    return r.status === 200;
  },
  async 'TOTP-WINDOW'({ base }) {
    const token = await full(base, 'audit-a');
    const { secret } = (await api(base, 'POST', '/api/2fa/totp/setup', { token })).json;
    const old = totp(secret, Date.now() - 4 * 30000);
    return (await api(base, 'POST', '/api/2fa/totp/confirm', { token, body: { code: old } })).status === 200;
  },
  async 'TOTP-BRUTEFORCE'({ base }) {
    await withTotp(base);
    const token = await pending(base);
    let r;
    for (let i = 0; i < 8; i++) r = await api(base, 'POST', '/api/2fa/totp/verify', { token, body: { code: '000001' } });
    return r.status === 401 && !r.headers.get('ratelimit');
  },
  async 'TOTP-LOCKOUT-BYPASS'({ base }) {
    await withTotp(base);
    const first = await pending(base);
    for (let i = 0; i < 5; i++) await api(base, 'POST', '/api/2fa/totp/verify', { token: first, body: { code: '000001' } });
    const r = await api(base, 'POST', '/api/2fa/totp/verify', { token: await pending(base), body: { code: '000001' } });
    return r.status === 401;
  },
  async 'TOTP-SEED-REDISCLOSED'({ base }) {
    const { token, secret } = await withTotp(base);
    return (await api(base, 'POST', '/api/2fa/totp/setup', { token })).json.secret === secret;
  },
  async 'TOTP-ENROLL-UNVERIFIED'({ base }) {
    const token = await full(base, 'audit-a');
    await api(base, 'POST', '/api/2fa/totp/setup', { token });
    return (await login(base, 'audit-a')).json.mfa_required === true;
  },
  async 'TOTP-URI-NONSTANDARD'({ base }) {
    const r = await api(base, 'POST', '/api/2fa/totp/setup', { token: await full(base, 'audit-a') });
    return !/[?&]issuer=/.test(r.json.otpauth_url);
  },
  async 'FIDO-REGISTER-UNAUTH'(ctx) {
    const o = await api(ctx.base, 'GET', '/api/passkeys/registration-options?username=audit-a');
    if (o.status !== 200) return false;
    const r = await api(ctx.base, 'POST', '/api/passkeys/registration?username=audit-a', { body: ctx.key.create(o.json) });
    return r.json.verified === true;
  },
  async 'FIDO-ORIGIN'(ctx) {
    const { r } = await registerPasskey(ctx, 'audit-c', { origin: `http://evillocalhost:${ctx.port}` });
    return r.json.verified === true;
  },
  async 'FIDO-RPID'(ctx) {
    const { r } = await registerPasskey(ctx, 'audit-c', { rpId: 'evil.example' });
    return r.json.verified === true;
  },
  async 'FIDO-CHALLENGE'(ctx) {
    await registerPasskey(ctx, 'audit-c');
    const r = await signIn(ctx, { challenge: crypto.randomBytes(32).toString('base64url') });
    return r.status === 200;
  },
  async 'FIDO-REPLAY'(ctx) {
    await registerPasskey(ctx, 'audit-c');
    const options = (await api(ctx.base, 'GET', '/api/passkeys/authentication-options')).json;
    await api(ctx.base, 'POST', '/api/passkeys/authentication', { body: ctx.key.get(options) });
    const again = await api(ctx.base, 'POST', '/api/passkeys/authentication', { body: ctx.key.get(options) });
    return again.status === 200;
  },
  async 'FIDO-SIGNATURE'(ctx) {
    await registerPasskey(ctx, 'audit-c');
    return (await signIn(ctx, { badSignature: true })).status === 200;
  },
  async 'FIDO-UP'(ctx) {
    await registerPasskey(ctx, 'audit-c');
    return (await signIn(ctx, { flags: FLAG_UV })).status === 200;
  },
  async 'FIDO-UV'(ctx) {
    await registerPasskey(ctx, 'audit-c');
    const options = (await api(ctx.base, 'GET', '/api/passkeys/authentication-options')).json;
    if (options.userVerification !== 'required') return false;
    const r = await api(ctx.base, 'POST', '/api/passkeys/authentication', { body: ctx.key.get(options, { flags: FLAG_UP }) });
    return r.status === 200;
  },
  async 'FIDO-COUNTER'(ctx) {
    await registerPasskey(ctx, 'audit-c');
    await signIn(ctx, { counter: 5 });
    return (await signIn(ctx, { counter: 5 })).status === 200;
  },
  async 'FIDO-CRED-NOT-BOUND'(ctx) {
    const a = await registerPasskey(ctx, 'audit-a');
    const b = await registerPasskey(ctx, 'audit-b');
    const r = await signIn(ctx, { cred: b.cred, userHandle: a.options.user.id });
    if (r.status !== 200) return false;
    return (await api(ctx.base, 'GET', '/api/me', { token: r.json.token })).json.username === 'audit-a';
  },
  async 'FIDO-CRED-SUBSTITUTION'(ctx) {
    const a = await registerPasskey(ctx, 'audit-a');
    const { r } = await registerPasskey(ctx, 'audit-b', { reuse: a.cred });
    return r.json.verified === true;
  },
  async 'FIDO-CHALLENGE-WEAK'({ base }) {
    const one = (await api(base, 'GET', '/api/passkeys/authentication-options')).json.challenge;
    const two = (await api(base, 'GET', '/api/passkeys/authentication-options')).json.challenge;
    return one === two || Buffer.from(one, 'base64url').length < 16;
  },
  async 'FIDO-USER-HANDLE-PII'({ base }) {
    const token = await full(base, 'audit-a');
    const o = (await api(base, 'GET', '/api/passkeys/registration-options', { token })).json;
    return /audit-a/.test(Buffer.from(o.user.id, 'base64url').toString('utf8'));
  },
  async 'SMS-CODE-LEAK'(ctx) {
    const r = await api(ctx.base, 'POST', '/api/2fa/sms/setup', { token: await full(ctx.base, 'audit-b'), body: {} });
    return Boolean(r.json.code) && r.json.code === (await lastCode(ctx.sim, '+15555550142'));
  },
  async 'SMS-BRUTEFORCE'(ctx) {
    await withSms(ctx);
    const token = await pending(ctx.base, 'audit-b');
    await api(ctx.base, 'POST', '/api/2fa/sms/send', { token, body: {} });
    const code = await lastCode(ctx.sim, '+15555550142');
    for (let i = 0; i < 6; i++) {
      await api(ctx.base, 'POST', '/api/2fa/sms/verify', { token, body: { code: code === '000001' ? '000002' : '000001' } });
    }
    return (await api(ctx.base, 'POST', '/api/2fa/sms/verify', { token, body: { code } })).status === 200;
  },
  async 'SMS-REPLAY'(ctx) {
    await withSms(ctx);
    let token = await pending(ctx.base, 'audit-b');
    await api(ctx.base, 'POST', '/api/2fa/sms/send', { token, body: {} });
    const code = await lastCode(ctx.sim, '+15555550142');
    await api(ctx.base, 'POST', '/api/2fa/sms/verify', { token, body: { code } });
    token = await pending(ctx.base, 'audit-b');
    return (await api(ctx.base, 'POST', '/api/2fa/sms/verify', { token, body: { code } })).status === 200;
  },
  async 'SMS-OTP-WEAK'(ctx) {
    await api(ctx.base, 'POST', '/api/2fa/sms/setup', { token: await full(ctx.base, 'audit-b'), body: {} });
    return (await lastCode(ctx.sim, '+15555550142')).length < 6;
  },
  async 'SMS-RATE-NUMBER'(ctx) {
    const token = await full(ctx.base, 'audit-c');
    let r;
    for (let i = 0; i < 4; i++) r = await api(ctx.base, 'POST', '/api/2fa/sms/setup', { token, body: { phone: '+15555550170' } });
    return r.status === 200;
  },
  async 'SMS-RATE-CLIENT'(ctx) {
    const token = await full(ctx.base, 'audit-c');
    let r;
    for (let i = 0; i < 6; i++) {
      r = await api(ctx.base, 'POST', '/api/2fa/sms/setup', { token, body: { phone: `+1555555017${i}` } });
    }
    return r.status === 200;
  },
  async 'SMS-GEO'(ctx) {
    const r = await api(ctx.base, 'POST', '/api/2fa/sms/setup', { token: await full(ctx.base, 'audit-c'), body: { phone: '+998901234567' } });
    return r.status === 200;
  },
  async 'SMS-ANON-TRIGGER'(ctx) {
    await withSms(ctx);
    const before = (await inbox(ctx.sim, '+15555550142')).length;
    await api(ctx.base, 'POST', '/api/2fa/sms/send', { body: { username: 'audit-b' } });
    return (await inbox(ctx.sim, '+15555550142')).length > before;
  },
};

// Every switch of the service has a probe.
function assertComplete(switches) {
  const missing = switches.filter((id) => !SWITCH_CHECKS[id]);
  if (missing.length) throw new Error(`no probe for ${missing.join(', ')}`);
}

module.exports = { SWITCH_CHECKS, assertComplete };
