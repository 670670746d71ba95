'use strict';
// Runtime configuration: command line (the target contract) plus the
// environment a staging deployment would set. Filled in once by server.js.

// Check IDs of shared/spec/checks.md this service can be switched to get wrong.
// Each one names a misuse a developer makes with these libraries; see README.md.
const SWITCHES = [
  'AUTH-2FA-SKIP',
  'AUTH-OTP-EMPTY',
  'AUTH-OTP-NOT-BOUND',
  'AUTH-TRUSTED-HEADER',
  'AUTH-DISABLE-NO-REAUTH',
  'AUTH-FACTOR-IDOR',
  'AUTH-SESSION-FIXATION',
  'AUTH-LOGOUT',
  'AUTH-RECOVERY-REUSE',
  'AUTH-RECOVERY-WEAK',
  'AUTH-PHONE-DISCLOSED',
  'TOTP-REPLAY',
  'TOTP-WINDOW',
  'TOTP-BRUTEFORCE',
  'TOTP-LOCKOUT-BYPASS',
  'TOTP-SEED-REDISCLOSED',
  'TOTP-ENROLL-UNVERIFIED',
  'TOTP-URI-NONSTANDARD',
  'FIDO-REGISTER-UNAUTH',
  'FIDO-ORIGIN',
  'FIDO-RPID',
  'FIDO-CHALLENGE',
  'FIDO-REPLAY',
  'FIDO-SIGNATURE',
  'FIDO-UP',
  'FIDO-UV',
  'FIDO-COUNTER',
  'FIDO-CRED-NOT-BOUND',
  'FIDO-CRED-SUBSTITUTION',
  'FIDO-CHALLENGE-WEAK',
  'FIDO-USER-HANDLE-PII',
  'SMS-CODE-LEAK',
  'SMS-BRUTEFORCE',
  'SMS-REPLAY',
  'SMS-OTP-WEAK',
  'SMS-RATE-NUMBER',
  'SMS-RATE-CLIENT',
  'SMS-GEO',
  'SMS-ANON-TRIGGER',
];

const env = process.env;

const config = {
  host: '127.0.0.1',
  port: 0,
  weak: new Set(),
  smsApi: null,
  appName: 'Quill',
  // WebAuthn relying party. An IP address cannot be an RP ID, so the RP is
  // "localhost" and the expected origin http://localhost:<port> (set once the
  // port is known), as in SimpleWebAuthn's example project.
  rpID: env.RP_ID || 'localhost',
  origin: env.ORIGIN || null,
  // Placeholder staging credentials, the way a staging .env ships them.
  twilio: {
    accountSid: env.TWILIO_ACCOUNT_SID || 'ACdeadbeefdeadbeefdeadbeefdeadbeef',
    authToken: env.TWILIO_AUTH_TOKEN || 'staging-auth-token-not-a-secret',
    from: env.TWILIO_FROM || '+15005550006',
  },
};

function weak(id) {
  return config.weak.has(id);
}

module.exports = { config, weak, SWITCHES };
