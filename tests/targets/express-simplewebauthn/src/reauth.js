'use strict';
// Sensitive changes ask for the current password again (`password` in the body).
const { weak } = require('./config');
const { checkPassword } = require('./store');

async function passwordAgain(req, res) {
  const { password } = req.body || {};
  if (typeof password !== 'string' || password === '') {
    res.status(400).json({ error: 'password_required' });
    return false;
  }
  if (!(await checkPassword(req.user, password))) {
    res.status(403).json({ error: 'invalid_password' });
    return false;
  }
  return true;
}

// Removing a factor. AUTH-DISABLE-NO-REAUTH: the session alone is enough.
async function confirmRemoval(req, res) {
  if (weak('AUTH-DISABLE-NO-REAUTH')) return true;
  return passwordAgain(req, res);
}

module.exports = { passwordAgain, confirmRemoval };
