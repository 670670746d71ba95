'use strict';
// Sends a text through Twilio's REST API ("Create a Message resource"):
// POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json, form To/From/Body,
// HTTP basic auth AccountSid:AuthToken. The base is --sms-api (sms-sim in
// staging); without it there is no provider.
const { config } = require('./config');

class SmsUnavailable extends Error {}

async function sendSms(to, body) {
  if (!config.smsApi) throw new SmsUnavailable('no SMS provider configured');
  const { accountSid, authToken, from } = config.twilio;
  const url = `${config.smsApi}/2010-04-01/Accounts/${accountSid}/Messages.json`;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ To: to, From: from, Body: body }),
    signal: AbortSignal.timeout(5000),
  });
  if (res.status !== 201) throw new Error(`provider answered ${res.status}`);
  return res.json();
}

module.exports = { sendSms, SmsUnavailable };
