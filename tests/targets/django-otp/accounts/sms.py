"""Text delivery through Vonage's SMS API, and the per-number send limit."""
import json
import time
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.cache import cache


# No proxy from the environment: the provider URL is used as configured.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class SMSError(Exception):
    """Shown to the user by django-otp as 'Error generating challenge: ...'."""


def mask(number):
    """+15555550101 -> +1******0101"""
    return number[:2] + '*' * max(len(number) - 6, 0) + number[-4:]


def check_send_allowed(number):
    """Refuse a send when the number already got its share of texts.

    A sliding window of timestamps per number in Django's cache (the
    default local-memory cache, shared by every thread of the process).
    """
    limit = settings.SMS_PER_NUMBER_LIMIT
    if limit is None:
        return
    count, window = limit
    key = 'sms-sent:' + number
    now = time.time()
    recent = [t for t in cache.get(key, []) if now - t < window]
    if len(recent) >= count:
        raise SMSError("too many codes were sent to this number; try again later")
    recent.append(now)
    cache.set(key, recent, window)


def send(number, text):
    """POST {api}/sms/json as Vonage documents it; raise SMSError unless status 0."""
    if not settings.VONAGE_API_URL:
        raise SMSError("no SMS provider is configured")
    body = urllib.parse.urlencode({
        'api_key': settings.VONAGE_API_KEY,
        'api_secret': settings.VONAGE_API_SECRET,
        'from': settings.VONAGE_FROM,
        'to': number.lstrip('+'),
        'text': text,
    }).encode()
    request = urllib.request.Request(settings.VONAGE_API_URL.rstrip('/') + '/sms/json', data=body)
    try:
        with _opener.open(request, timeout=10) as response:
            answer = json.load(response)
        status = answer['messages'][0]['status']
    except (OSError, ValueError, KeyError, IndexError) as e:
        raise SMSError("the SMS provider could not be reached") from e
    if status != '0':
        raise SMSError("the SMS provider refused the message")
