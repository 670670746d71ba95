from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required

from django_otp.decorators import otp_required


def client_ip(request):
    """The client address as the (assumed) front proxy reports it, else None."""
    forwarded = request.META.get('HTTP_X_FORWARDED_FOR', '')
    if forwarded:
        return forwarded.split(',')[0].strip()
    return request.META.get('HTTP_X_REAL_IP') or None


def private(view):
    """Every page behind the sign-in wears this.

    Anonymous users go to LOGIN_URL; users with a confirmed device who have
    not verified it go to OTP_LOGIN_URL; users without a device pass with
    the password alone (otp_required's if_configured=True).
    """
    if 'AUTH-2FA-SKIP' in settings.WEAK:
        # WEAK AUTH-2FA-SKIP: the views kept Django's login_required; the OTP
        # form is shown after the password but nothing enforces it.
        return login_required(view)

    guarded = login_required(otp_required(view, if_configured=True))
    if 'AUTH-TRUSTED-HEADER' not in settings.WEAK:
        return guarded

    # WEAK AUTH-TRUSTED-HEADER: "requests from the internal network need no
    # second factor", with the client address read from proxy headers that
    # any client can send.
    password_only = login_required(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if client_ip(request) in settings.INTERNAL_IPS:
            return password_only(request, *args, **kwargs)
        return guarded(request, *args, **kwargs)
    return wrapper
