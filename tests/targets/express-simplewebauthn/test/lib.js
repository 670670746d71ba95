'use strict';
// Helpers shared by the smoke test and the switch checks.
const fs = require('node:fs');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');

const DIR = path.resolve(__dirname, '..');
const PASSWORD = { 'audit-a': 'quill-pass-a', 'audit-b': 'quill-pass-b', 'audit-c': 'quill-pass-c' };

let passed = 0;
let failed = 0;
function check(cond, name, detail) {
  if (cond) {
    passed++;
  } else {
    failed++;
    process.stdout.write(`not ok - ${name}${detail === undefined ? '' : ` (${JSON.stringify(detail)})`}\n`);
  }
  return cond;
}

function findAuditAudit() {
  const candidates = [
    process.env.AUTH_AUDIT,
    process.env.AA_BUILD && path.join(process.env.AA_BUILD, 'auth-audit'),
    path.resolve(DIR, '../../../build/auth-audit'),
    '/work/snap/build/auth-audit',
  ].filter(Boolean);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`no auth-audit binary for sms-sim (tried ${candidates.join(', ')})`);
  return found;
}

const children = [];
function start(cmd, args) {
  return new Promise((resolve, reject) => {
    const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(proc);
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start`)), 10000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+):(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, base: `http://127.0.0.1:${m[2]}`, port: Number(m[2]) });
      }
    });
    proc.on('exit', (code) => reject(new Error(`${cmd} exited with ${code}`)));
  });
}

function stopAll() {
  for (const p of children) if (p.exitCode === null) p.kill('SIGTERM');
}

async function api(base, method, url, { token, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const res = await fetch(base + url, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, json: json || {}, text };
}

function totp(secret, when = Date.now()) {
  return execFileSync('oathtool', ['--totp', '-b', '-N', `@${Math.floor(when / 1000)}`, secret]).toString().trim();
}

// Makes sure at least `ms` are left in the current 30-second step, so that a
// code read now is still current a few requests later.
async function totpHeadroom(ms = 5000) {
  const left = 30000 - (Date.now() % 30000);
  if (left < ms) await new Promise((r) => setTimeout(r, left + 200));
}

// Waits until the next 30-second step has begun, then returns its code.
async function nextStepCode(secret) {
  const wait = 30000 - (Date.now() % 30000) + 200;
  await new Promise((r) => setTimeout(r, wait));
  return totp(secret);
}

async function inbox(sim, to) {
  const res = await fetch(`${sim}/inbox?to=${encodeURIComponent(to)}`);
  return res.json();
}
async function lastCode(sim, to) {
  const texts = await inbox(sim, to);
  return texts.length ? texts[texts.length - 1].code : null;
}

// The service on a free port, optionally with weakness switches.
async function startTarget(sim, weak) {
  const args = ['--listen', '127.0.0.1:0', '--sms-api', sim];
  if (weak) args.push('--weak', weak);
  const t = await start(path.join(DIR, 'run'), args);
  return { ...t, origin: `http://localhost:${t.port}` };
}

const login = (base, user) => api(base, 'POST', '/api/login', { body: { username: user, password: PASSWORD[user] } });

module.exports = {
  DIR, PASSWORD, check, counts: () => ({ passed, failed }), fail: () => { failed++; },
  findAuditAudit, start, startTarget, stopAll, api, totp, totpHeadroom, nextStepCode, inbox, lastCode, login,
};
