'use strict';
// The Express application: JSON in, JSON out, bearer tokens, no cookies.
const express = require('express');

function createApp() {
  const app = express();
  // Not behind a proxy in this deployment: req.ip is the socket address, so
  // the per-IP limits cannot be dodged with X-Forwarded-For.
  app.set('trust proxy', false);
  app.disable('x-powered-by');
  app.use(express.json());

  app.use('/api', require('./routes/session'));
  app.use('/api/2fa/totp', require('./routes/totp'));
  app.use('/api/2fa/sms', require('./routes/sms'));
  app.use('/api', require('./routes/recovery'));
  app.use('/api/passkeys', require('./routes/passkeys'));

  app.use((req, res) => res.status(404).json({ error: 'not_found' }));
  // Body-parser errors (bad JSON, too large) and anything unexpected. Nothing
  // is logged: request bodies carry passwords and codes.
  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, next) => {
    const status = err.status || err.statusCode || 500;
    if (status === 400) return res.status(400).json({ error: 'invalid_json' });
    if (status === 413) return res.status(413).json({ error: 'payload_too_large' });
    if (status < 500) return res.status(status).json({ error: 'bad_request' });
    return res.status(500).json({ error: 'internal_error' });
  });
  return app;
}

module.exports = { createApp };
