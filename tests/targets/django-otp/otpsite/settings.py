"""Settings of the demo site: Django 3.2 + django-otp 1.1.3, defaults kept.

server.py fills the OTPSITE_* environment variables before Django loads
this module: the per-run database path, secret key, host, SMS provider URL
and the --weak / --harden switches. Every switch that is a setting is set
here; the ones that are app code live next to the code they change.
"""
import os

WEAK = frozenset(filter(None, os.environ.get('OTPSITE_WEAK', '').split(',')))
HARDEN = frozenset(filter(None, os.environ.get('OTPSITE_HARDEN', '').split(',')))

# A fresh random key per run: sessions live as long as the process does.
SECRET_KEY = os.environ['OTPSITE_SECRET_KEY']
DEBUG = False
ALLOWED_HOSTS = os.environ.get('OTPSITE_HOSTS', '127.0.0.1,localhost').split(',')

INSTALLED_APPS = [
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'django.contrib.sessions',
    'django_otp',
    'django_otp.plugins.otp_totp',
    'django_otp.plugins.otp_static',
    'accounts',
]

MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
    # django-otp: must come after AuthenticationMiddleware (django_otp/middleware.py).
    'django_otp.middleware.OTPMiddleware',
    'django.middleware.clickjacking.XFrameOptionsMiddleware',
]

ROOT_URLCONF = 'otpsite.urls'

TEMPLATES = [{
    'BACKEND': 'django.template.backends.django.DjangoTemplates',
    'DIRS': [],
    'APP_DIRS': True,
    'OPTIONS': {'context_processors': [
        'django.template.context_processors.request',
        'django.contrib.auth.context_processors.auth',
    ]},
}]

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': os.environ['OTPSITE_DB'],
    },
}
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'

# Django's own default LOGIN_URL (/accounts/login/) and LOGIN_REDIRECT_URL
# (/accounts/profile/) are kept. otp_required() sends users who have a device
# but have not verified it here (django_otp/conf.py: defaults to LOGIN_URL).
OTP_LOGIN_URL = '/accounts/verify/'

# Without an issuer django-otp's config_url has none (otp_totp/models.py).
if 'TOTP-URI-NONSTANDARD' not in WEAK:
    OTP_TOTP_ISSUER = 'OTP Demo'

# Exponential back-off factors; django-otp's default is 1 second
# (ThrottlingMixin in django_otp/models.py). 0 turns throttling off.
if 'TOTP-BRUTEFORCE' in WEAK:
    OTP_TOTP_THROTTLE_FACTOR = 0
OTP_SMS_THROTTLE_FACTOR = 0 if 'SMS-BRUTEFORCE' in WEAK else 1

# The SMS device (accounts/models.py) sends through Vonage's SMS API.
# Staging configuration: the base URL points at the provider simulator and
# the credentials are placeholders.
VONAGE_API_URL = os.environ.get('OTPSITE_SMS_API', '')
VONAGE_API_KEY = 'staging-api-key'
VONAGE_API_SECRET = 'staging-api-secret'
VONAGE_FROM = 'OTPDemo'
SMS_TOKEN_DIGITS = 4 if 'SMS-OTP-WEAK' in WEAK else 6
SMS_TOKEN_VALIDITY = 1800 if 'SMS-OTP-WEAK' in WEAK else 300
# Per-number send limit: texts per window (seconds); None = no limit.
SMS_PER_NUMBER_LIMIT = None if 'SMS-RATE-NUMBER' in WEAK else (3, 600)

# Session cookie: Django's defaults (sessionid, HttpOnly, SameSite=Lax, not
# Secure, database-backed) unless a switch says otherwise.
if 'AUTH-COOKIE-FLAGS' in WEAK:
    SESSION_COOKIE_HTTPONLY = False
    SESSION_COOKIE_SAMESITE = None
if 'AUTH-LOGOUT' in WEAK:
    # Django's docs warn that signed-cookie sessions survive logout.
    SESSION_ENGINE = 'django.contrib.sessions.backends.signed_cookies'

# Addresses that "need no second factor" under AUTH-TRUSTED-HEADER.
INTERNAL_IPS = ['127.0.0.1', '::1']

USE_TZ = True
TIME_ZONE = 'UTC'
LANGUAGE_CODE = 'en-us'
USE_I18N = False

# The default LOGGING sends nothing to the console with DEBUG off; requests
# are not logged by server.py either, so no code or password is ever printed.
