'use strict';
// End-to-end smoke test: starts sms-sim and the service on free ports, drives
// password login, TOTP, recovery codes, SMS, passkeys and factor removal in the
// default configuration, then checks every weakness switch in an instance of
// its own, and exits non-zero on any failure.
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { SoftKey } = require('./softkey');
const {
  DIR, PASSWORD, check, counts, fail, findAuditAudit, start, startTarget, stopAll, api, totp, totpHeadroom, nextStepCode,
  inbox, lastCode, login,
} = require('./lib');
const { SWITCH_CHECKS, assertComplete } = require('./switches');
const { SWITCHES } = require('../src/config');

async function defaultConfiguration(sim) {
  const { base, origin } = await startTarget(sim);

  // Password login, no factor: a full token at once.
  let r = await login(base, 'audit-a');
  check(r.status === 200 && r.json.mfa_required === false && r.json.token, 'password login gives a full token', r.json);
  check(/^"100-in-15min"; r=\d+; t=\d+$/.test(r.headers.get('ratelimit') || ''), 'login carries the RateLimit header');
  check((r.headers.get('ratelimit-policy') || '').startsWith('"100-in-15min"; q=100; w=900'), 'login carries RateLimit-Policy');
  let fullA = r.json.token;
  r = await api(base, 'GET', '/api/me', { token: fullA });
  check(r.status === 200 && r.json.username === 'audit-a' && r.json.id, '/api/me answers with the identity', r.json);
  r = await api(base, 'POST', '/api/login', { body: { username: 'audit-a', password: 'wrong' } });
  check(r.status === 401 && r.json.error === 'invalid_credentials', 'wrong password refused', r.json);
  r = await api(base, 'GET', '/api/me');
  check(r.status === 401 && /Bearer/.test(r.headers.get('www-authenticate') || ''), 'no token: 401 with WWW-Authenticate');

  // TOTP enrolment.
  r = await api(base, 'POST', '/api/2fa/totp/setup', { token: fullA });
  const secret = r.json.secret;
  check(r.status === 200 && /^[A-Z2-7]{16}$/.test(secret || ''), 'TOTP setup returns an 80-bit base32 secret', r.json);
  check(r.json.otpauth_url === `otpauth://totp/Quill:audit-a?secret=${secret}&period=30&digits=6&algorithm=SHA1&issuer=Quill`,
    'otpauth URI as otplib keyuri() builds it', r.json.otpauth_url);
  r = await login(base, 'audit-a');
  check(r.json.mfa_required === false, 'unconfirmed TOTP does not gate login');
  r = await api(base, 'POST', '/api/2fa/totp/confirm', { token: fullA, body: { code: '000000' === totp(secret) ? '111111' : '000000' } });
  check(r.status === 401 && r.json.error === 'invalid_code', 'TOTP confirm refuses a wrong code', r.json);
  await totpHeadroom();
  const confirmCode = totp(secret);
  r = await api(base, 'POST', '/api/2fa/totp/confirm', { token: fullA, body: { code: confirmCode } });
  check(r.status === 200 && r.json.enabled === true, 'TOTP confirm enables the factor', r.json);
  r = await api(base, 'POST', '/api/2fa/totp/setup', { token: fullA });
  check(r.status === 409 && !r.json.secret, 'setup after enrolment does not show the secret again', r.json);

  // Login with TOTP pending.
  r = await login(base, 'audit-a');
  check(r.status === 200 && r.json.mfa_required === true && r.json.methods.includes('totp'), 'login asks for the second factor', r.json);
  let pending = r.json.token;
  r = await api(base, 'GET', '/api/me', { token: pending });
  check(r.status === 401, 'password-step token refused by /api/me', r.json);
  r = await api(base, 'POST', '/api/2fa/totp/verify', { token: pending, body: { code: confirmCode } });
  check(r.status === 401, 'the code used for confirmation is not accepted again', r.json);
  for (const bad of [{}, { code: '' }, { code: null }, { code: 123456 }, { code: ['123456'] }]) {
    r = await api(base, 'POST', '/api/2fa/totp/verify', { token: pending, body: bad });
    check(r.status === 400 && r.json.error === 'code_required', `malformed code refused: ${JSON.stringify(bad)}`, r.json);
  }

  // Meanwhile: recovery codes (need the password again).
  r = await api(base, 'POST', '/api/recovery-codes', { token: fullA, body: {} });
  check(r.status === 400 && r.json.error === 'password_required', 'recovery codes need the password', r.json);
  r = await api(base, 'POST', '/api/recovery-codes', { token: fullA, body: { password: 'wrong' } });
  check(r.status === 403, 'recovery codes refuse a wrong password', r.json);
  r = await api(base, 'POST', '/api/recovery-codes', { token: pending, body: { password: PASSWORD['audit-a'] } });
  check(r.status === 401, 'recovery codes refuse a password-step token', r.json);
  r = await api(base, 'POST', '/api/recovery-codes', { token: fullA, body: { password: PASSWORD['audit-a'] } });
  const codes = r.json.codes || [];
  check(r.status === 200 && codes.length === 10 && codes.every((c) => /^([0-9a-f]{5}-){3}[0-9a-f]{5}$/.test(c)), 'ten 80-bit recovery codes', r.json);

  const code = await nextStepCode(secret);
  r = await api(base, 'POST', '/api/2fa/totp/verify', { token: pending, body: { code } });
  check(r.status === 200 && r.json.token && r.json.token !== pending, 'TOTP completes login with a new token', r.json);
  fullA = r.json.token;
  r = await api(base, 'GET', '/api/me', { token: fullA });
  check(r.status === 200 && r.json.username === 'audit-a', 'new token works', r.json);
  r = await api(base, 'GET', '/api/me', { token: pending });
  check(r.status === 401, 'password-step token is dead after 2FA');
  r = await login(base, 'audit-a');
  pending = r.json.token;
  r = await api(base, 'POST', '/api/2fa/totp/verify', { token: pending, body: { code } });
  check(r.status === 401 && r.json.error === 'invalid_code', 'TOTP replay refused', r.json);
  for (let i = 0; i < 4; i++) await api(base, 'POST', '/api/2fa/totp/verify', { token: pending, body: { code: '000001' } });
  r = await api(base, 'POST', '/api/2fa/totp/verify', { token: pending, body: { code: totp(secret) } });
  check(r.status === 429 && r.json.error === 'too_many_attempts' && r.headers.get('retry-after'), 'TOTP locks after 5 wrong codes', r.json);
  r = await login(base, 'audit-a');
  r = await api(base, 'POST', '/api/2fa/totp/verify', { token: r.json.token, body: { code: totp(secret) } });
  check(r.status === 429, 'the lock survives a new login', r.json);

  // Recovery code at login, single use.
  r = await login(base, 'audit-a');
  check(r.json.methods.includes('recovery_code'), 'login offers recovery codes', r.json);
  r = await api(base, 'POST', '/api/2fa/recovery', { token: r.json.token, body: { code: codes[0].toUpperCase() } });
  check(r.status === 200 && r.json.token, 'recovery code completes login', r.json);
  const recoveryToken = r.json.token;
  r = await login(base, 'audit-a');
  r = await api(base, 'POST', '/api/2fa/recovery', { token: r.json.token, body: { code: codes[0] } });
  check(r.status === 401, 'recovery code is single use', r.json);
  r = await api(base, 'GET', '/api/recovery-codes', { token: recoveryToken });
  check(r.json.remaining === 9, 'nine recovery codes left', r.json);

  // Logout revokes the token.
  r = await api(base, 'POST', '/api/logout', { token: recoveryToken });
  check(r.status === 204, 'logout answers 204');
  r = await api(base, 'GET', '/api/me', { token: recoveryToken });
  check(r.status === 401, 'token dead after logout');

  // Removing TOTP needs the password.
  r = await api(base, 'DELETE', '/api/2fa/totp', { token: fullA, body: {} });
  check(r.status === 400, 'TOTP removal without password refused', r.json);
  r = await api(base, 'DELETE', '/api/2fa/totp', { token: fullA, body: { password: PASSWORD['audit-a'] } });
  check(r.status === 204, 'TOTP removed with the password');
  r = await login(base, 'audit-a');
  check(r.json.mfa_required === false, 'no factor left: password login is full again', r.json);

  // SMS enrolment and login (audit-b).
  r = await login(base, 'audit-b');
  const fullB = r.json.token;
  r = await api(base, 'POST', '/api/2fa/sms/setup', { token: fullB, body: { phone: '+998901234567' } });
  check(r.status === 400 && r.json.error === 'unsupported_destination', 'SMS to a country not served is refused', r.json);
  const newPhone = '+15555550152';
  r = await api(base, 'POST', '/api/2fa/sms/setup', { token: fullB, body: { phone: newPhone } });
  check(r.status === 200 && r.json.sent === true && r.json.code === undefined, 'SMS setup sends a code', r.json);
  const enrolCode = await lastCode(sim, newPhone);
  check(/^\d{6}$/.test(enrolCode || ''), 'a 6-digit code arrived in the inbox', enrolCode);
  r = await api(base, 'POST', '/api/2fa/sms/confirm', { token: fullB, body: { code: enrolCode } });
  check(r.status === 200 && r.json.enabled && r.json.phone === newPhone, 'SMS confirmed, number on file', r.json);
  r = await login(base, 'audit-b');
  check(r.json.mfa_required && r.json.methods.includes('sms') && r.json.phone_hint === '+1******0152', 'login offers SMS with a masked number', r.json);
  const pendingB = r.json.token;
  r = await api(base, 'POST', '/api/2fa/sms/send', { token: pendingB, body: { phone: '+15555550199' } });
  check(r.status === 200 && r.json.phone === '+1******0152', 'login SMS goes to the number on file', r.json);
  check((await inbox(sim, '+15555550199')).length === 0, 'nothing went to the number in the body');
  const loginCode = await lastCode(sim, newPhone);
  check(loginCode && loginCode !== enrolCode, 'a new code arrived for login');
  r = await api(base, 'POST', '/api/2fa/sms/verify', { token: pendingB, body: { code: enrolCode } });
  check(r.status === 401, 'the enrolment code does not complete a login', r.json);
  r = await api(base, 'POST', '/api/2fa/sms/verify', { token: pendingB, body: { code: loginCode } });
  check(r.status === 200 && r.json.token, 'SMS code completes login', r.json);
  const fullB2 = r.json.token;
  r = await login(base, 'audit-b');
  r = await api(base, 'POST', '/api/2fa/sms/verify', { token: r.json.token, body: { code: loginCode } });
  check(r.status === 401, 'SMS code is single use', r.json);
  r = await api(base, 'DELETE', '/api/2fa/sms', { token: fullB2, body: { password: 'nope' } });
  check(r.status === 403, 'SMS removal with a wrong password refused', r.json);
  r = await api(base, 'DELETE', '/api/2fa/sms', { token: fullB2, body: { password: PASSWORD['audit-b'] } });
  check(r.status === 204, 'SMS removed with the password');

  // Per-number limit: 3 texts per number per 10 minutes (audit-c).
  r = await login(base, 'audit-c');
  const fullC = r.json.token;
  const limited = '+15555550163';
  for (let i = 0; i < 3; i++) await api(base, 'POST', '/api/2fa/sms/setup', { token: fullC, body: { phone: limited } });
  r = await api(base, 'POST', '/api/2fa/sms/setup', { token: fullC, body: { phone: limited } });
  check(r.status === 429 && r.headers.get('retry-after') && (await inbox(sim, limited)).length === 3, 'fourth text to one number refused with 429', r.text);

  // Passkeys (audit-c): register, usernameless sign-in, manage.
  const key = new SoftKey(origin);
  r = await api(base, 'GET', '/api/passkeys/registration-options');
  check(r.status === 401, 'registration options need a session');
  r = await api(base, 'GET', '/api/passkeys/registration-options', { token: fullC });
  const regOptions = r.json;
  check(r.status === 200 && regOptions.rp.id === 'localhost' && regOptions.authenticatorSelection.residentKey === 'required'
    && regOptions.attestation === 'none' && Buffer.from(regOptions.user.id, 'base64url').length === 32, 'registration options', regOptions);
  r = await api(base, 'POST', '/api/passkeys/registration', { token: fullC, body: key.create(regOptions) });
  check(r.status === 200 && r.json.verified === true, 'passkey registered', r.json);
  const passkeyId = r.json.passkey && r.json.passkey.id;
  r = await api(base, 'GET', '/api/passkeys', { token: fullC });
  check(r.json.passkeys && r.json.passkeys.length === 1 && r.json.passkeys[0].id === passkeyId, 'passkey listed', r.json);
  r = await api(base, 'GET', '/api/passkeys/authentication-options');
  let authOptions = r.json;
  check(r.status === 200 && Array.isArray(authOptions.allowCredentials) && authOptions.allowCredentials.length === 0, 'usernameless authentication options', authOptions);
  const assertion = key.get(authOptions);
  r = await api(base, 'POST', '/api/passkeys/authentication', { body: assertion });
  check(r.status === 200 && r.json.verified && r.json.token, 'passkey sign-in gives a token', r.json);
  r = await api(base, 'GET', '/api/me', { token: r.json.token });
  check(r.json.username === 'audit-c', 'passkey token belongs to the owner', r.json);
  r = await api(base, 'POST', '/api/passkeys/authentication', { body: assertion });
  check(r.status === 400 && r.json.verified === false, 'assertion replay refused', r.json);
  r = await api(base, 'GET', '/api/passkeys/authentication-options');
  r = await api(base, 'POST', '/api/passkeys/authentication', { body: key.get(r.json, { counter: 1 }) });
  check(r.status === 400, 'non-increasing counter refused', r.json);
  r = await api(base, 'DELETE', `/api/passkeys/${passkeyId}`, { token: fullB2, body: { password: PASSWORD['audit-b'] } });
  check(r.status === 404, "another account cannot delete the passkey", r.json);
  r = await api(base, 'DELETE', `/api/passkeys/${passkeyId}`, { token: fullC, body: {} });
  check(r.status === 400, 'passkey removal needs the password', r.json);
  r = await api(base, 'DELETE', `/api/passkeys/${passkeyId}`, { token: fullC, body: { password: PASSWORD['audit-c'] } });
  check(r.status === 204, 'passkey removed');
  r = await api(base, 'GET', '/api/passkeys/authentication-options');
  r = await api(base, 'POST', '/api/passkeys/authentication', { body: key.get(r.json) });
  check(r.status === 400, 'removed passkey no longer signs in', r.json);
}

// Each probe on a default instance (weak behaviour must not show) and on an
// instance with its switch (it must). `smoke ID...` runs only those probes.
async function probe(sim, id, weak) {
  const target = await startTarget(sim, weak ? id : undefined);
  try {
    return await SWITCH_CHECKS[id]({ ...target, sim, key: new SoftKey(target.origin) });
  } catch (err) {
    return `error: ${err.message}`;
  } finally {
    target.proc.kill('SIGTERM');
  }
}

async function lane(sim, ids) {
  for (const id of ids) {
    const hardened = await probe(sim, id, false);
    check(hardened === false, `${id}: default configuration resists the probe`, hardened);
    const weak = await probe(sim, id, true);
    check(weak === true, `${id}: --weak ${id} shows the weakness`, weak);
  }
}

// Two lanes: the probes that read audit-b's SMS inbox run one after another,
// the rest beside them.
async function switches(sim) {
  assertComplete(SWITCHES);
  const only = process.argv.slice(2);
  const ids = SWITCHES.filter((id) => !only.length || only.includes(id));
  const texting = (id) => id.startsWith('SMS-') || id === 'AUTH-PHONE-DISCLOSED';
  await Promise.all([lane(sim, ids.filter(texting)), lane(sim, ids.filter((id) => !texting(id)))]);
}

function usageErrors() {
  const run = path.join(DIR, 'run');
  let r = spawnSync(run, ['--listen', '127.0.0.1:0', '--weak', 'NO-SUCH-CHECK'], { encoding: 'utf8' });
  check(r.status === 2 && /AUTH-2FA-SKIP/.test(r.stderr), 'unknown --weak ID is a usage error listing the switches', r.status);
  r = spawnSync(run, ['--listen', '0.0.0.0:0'], { encoding: 'utf8' });
  check(r.status === 2, 'non-loopback --listen refused', r.status);
}

async function main() {
  const t0 = Date.now();
  const sim = (await start(findAuditAudit(), ['sms-sim', 'serve', '--listen', '127.0.0.1:0'])).base;
  usageErrors();
  // The default flow texts numbers no probe uses, so it runs beside them.
  await Promise.all([process.argv.length <= 2 ? defaultConfiguration(sim) : null, switches(sim)]);
  const { passed, failed } = counts();
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.stdout.write(`smoke took ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

main()
  .catch((err) => {
    fail();
    process.stdout.write(`not ok - smoke aborted: ${err.stack || err}\n`);
    const { passed, failed } = counts();
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
  })
  .finally(() => {
    stopAll();
    process.exit(counts().failed ? 1 : 0);
  });
