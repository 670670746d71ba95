'use strict';
// A minimal software authenticator for the smoke test: P-256 (ES256), "none"
// attestation, discoverable credentials with a signature counter. It builds
// what a browser would post (RegistrationResponseJSON / AuthenticationResponseJSON).
const crypto = require('node:crypto');

const b64url = (buf) => Buffer.from(buf).toString('base64url');
const sha256 = (data) => crypto.createHash('sha256').update(data).digest();

// Just enough CBOR: unsigned/negative integers, byte and text strings, maps.
function cborHead(major, n) {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}
function cbor(value) {
  if (typeof value === 'number') return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  if (Buffer.isBuffer(value)) return Buffer.concat([cborHead(2, value.length), value]);
  if (typeof value === 'string') {
    const s = Buffer.from(value, 'utf8');
    return Buffer.concat([cborHead(3, s.length), s]);
  }
  if (value instanceof Map) {
    const parts = [cborHead(5, value.size)];
    for (const [k, v] of value) parts.push(cbor(k), cbor(v));
    return Buffer.concat(parts);
  }
  throw new Error('cbor: unsupported value');
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

class SoftKey {
  constructor(origin) {
    this.origin = origin;
    this.creds = []; // { id, privateKey, cose, rpId, userHandle, counter }
  }

  // Options for probing the RP: `up` (user presence flag), `rpId` (hash of
  // another RP), `origin`, `reuse` (register an existing credential again).
  create(options, { up = true, rpId = options.rp.id, origin = this.origin, reuse } = {}) {
    let cred = reuse;
    if (!cred) {
      const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const jwk = publicKey.export({ format: 'jwk' });
      const cose = cbor(new Map([
        [1, 2], [3, -7], [-1, 1],
        [-2, Buffer.from(jwk.x, 'base64url')],
        [-3, Buffer.from(jwk.y, 'base64url')],
      ]));
      cred = { id: crypto.randomBytes(16), privateKey, cose, rpId: options.rp.id, userHandle: options.user.id, counter: 0 };
      this.creds.push(cred);
    }
    const { id, cose } = cred;
    const clientDataJSON = Buffer.from(JSON.stringify({
      type: 'webauthn.create', challenge: options.challenge, origin, crossOrigin: false,
    }));
    const counter = Buffer.alloc(4);
    const idLen = Buffer.alloc(2);
    idLen.writeUInt16BE(id.length);
    const authData = Buffer.concat([
      sha256(rpId), Buffer.from([(up ? FLAG_UP : 0) | FLAG_UV | FLAG_AT]), counter,
      Buffer.alloc(16), idLen, id, cose,
    ]);
    const attestationObject = cbor(new Map([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
    return {
      id: b64url(id), rawId: b64url(id), type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {}, authenticatorAttachment: 'platform',
    };
  }

  // Sign an assertion with credential `cred` (default: the last one created).
  // Probes: `counter` (next counter value), `userHandle`, `flags`, `challenge`,
  // `origin`, `badSignature`.
  get(options, {
    cred = this.creds[this.creds.length - 1], counter, userHandle, flags = FLAG_UP | FLAG_UV,
    challenge = options.challenge, origin = this.origin, badSignature = false,
  } = {}) {
    cred.counter = counter === undefined ? cred.counter + 1 : counter;
    const clientDataJSON = Buffer.from(JSON.stringify({
      type: 'webauthn.get', challenge, origin, crossOrigin: false,
    }));
    const count = Buffer.alloc(4);
    count.writeUInt32BE(cred.counter);
    const authData = Buffer.concat([sha256(options.rpId || cred.rpId), Buffer.from([flags]), count]);
    // A bad signature is a valid signature over other data.
    const signed = badSignature ? Buffer.concat([authData, sha256('other')]) : Buffer.concat([authData, sha256(clientDataJSON)]);
    const signature = crypto.sign('sha256', signed, cred.privateKey);
    return {
      id: b64url(cred.id), rawId: b64url(cred.id), type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authData),
        signature: b64url(signature), userHandle: userHandle === undefined ? cred.userHandle : userHandle,
      },
      clientExtensionResults: {}, authenticatorAttachment: 'platform',
    };
  }
}

module.exports = { SoftKey, FLAG_UP, FLAG_UV };
