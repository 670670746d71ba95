'use strict';
// Entry point: the target contract's command line, then listen on loopback.
const net = require('node:net');
const { config, SWITCHES } = require('./config');

function usage(message) {
  process.stderr.write(
    `${message}\nusage: run --listen 127.0.0.1:PORT [--weak ID[,ID...]] [--sms-api URL]\n` +
      `supported --weak IDs: ${SWITCHES.join(', ')}\n`,
  );
  process.exit(2);
}

function isLoopback(host) {
  if (host === 'localhost') return true;
  if (net.isIPv4(host)) return host.startsWith('127.');
  return host === '::1';
}

function parseListen(value) {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(value || '');
  if (!m) usage(`bad --listen value: ${value}`);
  let host = m[1].replace(/^\[|\]$/g, '');
  const port = Number(m[2]);
  if (!isLoopback(host)) usage(`--listen must be a loopback address, got ${host}`);
  if (port > 65535) usage(`bad port: ${port}`);
  if (host === 'localhost') host = '127.0.0.1';
  return { host, port };
}

function parseSmsApi(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    usage(`bad --sms-api URL: ${value}`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol !== 'http:' || !isLoopback(host)) {
    usage('--sms-api must be an http:// URL on loopback');
  }
  return url.href.replace(/\/+$/, '');
}

function parseArgs(argv) {
  let listen = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const next = () => {
      if (eq > 0) return arg.slice(eq + 1);
      if (i + 1 >= argv.length) usage(`${name} needs a value`);
      return argv[++i];
    };
    if (name === '--listen') listen = parseListen(next());
    else if (name === '--sms-api') config.smsApi = parseSmsApi(next());
    else if (name === '--weak') {
      for (const id of next().split(',').map((s) => s.trim()).filter(Boolean)) {
        if (!SWITCHES.includes(id)) usage(`no weakness switch for ${id}`);
        config.weak.add(id);
      }
    } else if (name === '-h' || name === '--help') usage('help');
    else usage(`unknown argument: ${arg}`);
  }
  if (!listen) usage('--listen is required');
  config.host = listen.host;
  config.port = listen.port;
}

async function main() {
  parseArgs(process.argv.slice(2));
  // Exit at once on a signal: all state is in memory.
  process.on('SIGTERM', () => process.exit(0));
  process.on('SIGINT', () => process.exit(0));

  const { seedAccounts } = require('./store');
  await seedAccounts();
  const { createApp } = require('./app');
  const app = createApp();
  const server = app.listen(config.port, config.host, () => {
    const { port } = server.address();
    if (!config.origin) config.origin = `http://${config.rpID}:${port}`;
    const shown = config.host.includes(':') ? `[${config.host}]` : config.host;
    process.stdout.write(`listening on ${shown}:${port}\n`);
  });
  server.on('error', (err) => {
    process.stderr.write(`cannot listen: ${err.code || err.message}\n`);
    process.exit(1);
  });
}

main();
