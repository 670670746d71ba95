'use strict';
// Phone numbers: E.164 only, NANP (+1) the only region the product serves.
const { weak } = require('./config');

function normalize(value) {
  if (typeof value !== 'string') return null;
  const compact = value.replace(/[\s().-]/g, '');
  return /^\+[1-9]\d{7,14}$/.test(compact) ? compact : null;
}

// US numbers (NANP format). SMS-GEO: any destination is texted.
function servedDestination(e164) {
  if (weak('SMS-GEO')) return true;
  return /^\+1[2-9]\d{2}[2-9]\d{6}$/.test(e164);
}

function mask(e164) {
  return `${e164.slice(0, 2)}${'*'.repeat(Math.max(0, e164.length - 6))}${e164.slice(-4)}`;
}

// How the number is shown before the second factor is done.
// AUTH-PHONE-DISCLOSED: in full.
function hint(e164) {
  return weak('AUTH-PHONE-DISCLOSED') ? e164 : mask(e164);
}

module.exports = { normalize, servedDestination, mask, hint };
