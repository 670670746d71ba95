'use strict';
// Request rate limits with express-rate-limit. Login and every code check get
// the README's limiter (100 requests per IP per 15 minutes, IETF draft-8
// `RateLimit`/`RateLimit-Policy` headers, `Retry-After` and its default 429
// text on refusal); each route has its own instance, hence its own counter.
// SMS sends have per-number and per-account limits keyed on what they protect.
const { rateLimit, ipKeyGenerator } = require('express-rate-limit');

const README_OPTIONS = {
  windowMs: 15 * 60 * 1000,
  limit: 100,
  standardHeaders: 'draft-8',
  legacyHeaders: false,
  ipv6Subnet: 56,
};

function ipLimiter() {
  return rateLimit(README_OPTIONS);
}

// A route that is missing its limiter (the misuse some switches stand for).
function noLimiter(req, res, next) {
  next();
}

const TEN_MINUTES = 10 * 60 * 1000;
// Same headers; the key is what each limit protects, not the IP.
const { ipv6Subnet, ...HEADERS } = README_OPTIONS;

// At most 3 texts to one number per 10 minutes, whoever asks.
const smsPerNumber = rateLimit({
  ...HEADERS,
  windowMs: TEN_MINUTES,
  limit: 3,
  identifier: 'sms-number',
  keyGenerator: (req) => `number:${req.smsTo}`,
});

// At most 5 texts per account per 10 minutes, across all numbers.
const smsPerAccount = rateLimit({
  ...HEADERS,
  windowMs: TEN_MINUTES,
  limit: 5,
  identifier: 'sms-account',
  keyGenerator: (req) => (req.user ? `user:${req.user.id}` : ipKeyGenerator(req.ip, ipv6Subnet)),
});

module.exports = { ipLimiter, noLimiter, smsPerNumber, smsPerAccount };
