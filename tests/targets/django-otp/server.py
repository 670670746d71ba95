"""Start the demo site: parse the command line, build a fresh database in a
private temporary directory, create the audit accounts and serve the Django
WSGI application with the standard library's wsgiref, one thread per request.
"""
import argparse
import ipaddress
import os
import secrets
import shutil
import signal
import socket
import socketserver
import sys
import tempfile
import urllib.parse
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

HERE = os.path.dirname(os.path.abspath(__file__))

# --weak IDs this site has a switch for (README.md says what each one does).
SWITCHES = [
    'AUTH-2FA-SKIP', 'AUTH-OTP-EMPTY', 'AUTH-OTP-NOT-BOUND', 'AUTH-TRUSTED-HEADER',
    'AUTH-DISABLE-NO-REAUTH', 'AUTH-LOGOUT', 'AUTH-RECOVERY-REUSE', 'AUTH-COOKIE-FLAGS',
    'AUTH-PHONE-DISCLOSED',
    'TOTP-REPLAY', 'TOTP-WINDOW', 'TOTP-BRUTEFORCE', 'TOTP-LOCKOUT-BYPASS', 'TOTP-SEED-WEAK',
    'TOTP-SEED-REDISCLOSED', 'TOTP-ENROLL-UNVERIFIED', 'TOTP-URI-NONSTANDARD',
    'SMS-CODE-LEAK', 'SMS-BRUTEFORCE', 'SMS-OTP-WEAK', 'SMS-RATE-NUMBER', 'SMS-ANON-TRIGGER',
]
# --harden IDs: app-level steps that the default configuration leaves out.
HARDENINGS = ['AUTH-SESSION-FIXATION']

ACCOUNTS = [
    ('audit-a', 'audit-a-password', '+15555550101'),
    ('audit-b', 'audit-b-password', '+15555550102'),
    ('audit-c', 'audit-c-password', '+15555550103'),
]


def usage_error(parser, message):
    parser.print_usage(sys.stderr)
    print('run: ' + message, file=sys.stderr)
    sys.exit(2)


def id_list(parser, values, allowed, option):
    ids = [v.strip() for value in values for v in value.split(',') if v.strip()]
    unknown = [i for i in ids if i not in allowed]
    if unknown:
        usage_error(parser, '{0}: no switch for {1}; supported: {2}'.format(
            option, ', '.join(unknown), ', '.join(allowed)))
    return ids


def is_loopback(host):
    if host == 'localhost':
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_args():
    parser = argparse.ArgumentParser(prog='run', description='django-otp demo site (loopback only)')
    parser.add_argument('--listen', required=True, metavar='127.0.0.1:PORT')
    parser.add_argument('--weak', action='append', default=[], metavar='ID[,ID...]')
    parser.add_argument('--harden', action='append', default=[], metavar='ID[,ID...]')
    parser.add_argument('--sms-api', default='', metavar='URL')
    args = parser.parse_args()

    host, sep, port = args.listen.rpartition(':')
    host = host[1:-1] if host.startswith('[') and host.endswith(']') else host
    if not sep or not port.isdigit() or int(port) > 65535 or not is_loopback(host):
        usage_error(parser, '--listen must be a loopback HOST:PORT')
    args.host, args.port = ('127.0.0.1' if host == 'localhost' else host), int(port)

    args.weak = id_list(parser, args.weak, SWITCHES, '--weak')
    args.harden = id_list(parser, args.harden, HARDENINGS, '--harden')
    if args.sms_api:
        url = urllib.parse.urlsplit(args.sms_api)
        if url.scheme not in ('http', 'https') or not is_loopback(url.hostname or ''):
            usage_error(parser, '--sms-api must be an http(s) URL on loopback')
    return args


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass   # no request log: paths and forms never reach stdout/stderr


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass   # a client that hangs up is not worth a traceback


class ThreadingWSGIServer6(ThreadingWSGIServer):
    address_family = socket.AF_INET6


def setup_django(args, workdir):
    os.environ.update({
        'DJANGO_SETTINGS_MODULE': 'otpsite.settings',
        'OTPSITE_DB': os.path.join(workdir, 'db.sqlite3'),
        'OTPSITE_SECRET_KEY': secrets.token_urlsafe(50),
        'OTPSITE_HOSTS': ','.join({args.host, '[{0}]'.format(args.host), '127.0.0.1', 'localhost'}),
        'OTPSITE_WEAK': ','.join(args.weak),
        'OTPSITE_HARDEN': ','.join(args.harden),
        'OTPSITE_SMS_API': args.sms_api,
    })
    sys.path.insert(0, HERE)
    import django
    django.setup()

    from django.core.management import call_command
    call_command('migrate', verbosity=0, interactive=False)

    from django.contrib.auth.models import User
    from accounts.models import Profile
    for username, password, phone in ACCOUNTS:
        user = User.objects.create_user(username, username + '@example.test', password)
        Profile.objects.create(user=user, phone=phone)


def main():
    args = parse_args()
    workdir = tempfile.mkdtemp(prefix='django-otp-target.')

    def stop(signum, frame):
        shutil.rmtree(workdir, ignore_errors=True)
        os._exit(0)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    try:
        setup_django(args, workdir)
        from django.core.wsgi import get_wsgi_application
        server_class = ThreadingWSGIServer6 if ':' in args.host else ThreadingWSGIServer
        httpd = make_server(args.host, args.port, get_wsgi_application(),
                            server_class=server_class, handler_class=QuietHandler)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    host, port = httpd.server_address[:2]
    print('listening on {0}:{1}'.format('[' + host + ']' if ':' in host else host, port), flush=True)
    try:
        httpd.serve_forever()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    main()
