from base64 import b32encode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

import django_otp
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from django_otp.views import LoginView as OTPLoginView

from .decorators import private
from .forms import ConfirmForm, PasswordLoginForm, PhoneForm, RemoveForm, TokenForm
from .models import Profile, SMSDevice

BACKUP_CODE_COUNT = 10


def home(request):
    return render(request, 'accounts/home.html')


class PasswordLoginView(auth_views.LoginView):
    """Django's LoginView: the password step."""
    authentication_form = PasswordLoginForm

    def form_valid(self, form):
        response = super().form_valid(form)
        if 'TOTP-LOCKOUT-BYPASS' in settings.WEAK:
            # WEAK TOTP-LOCKOUT-BYPASS: "a fresh sign-in forgives old typos":
            # a password login clears the back-off of the user's devices.
            for device in django_otp.devices_for_user(form.get_user()):
                if hasattr(device, 'throttle_reset'):
                    device.throttle_reset()
        return response


@method_decorator(login_required, name='dispatch')
class VerifyView(OTPLoginView):
    """The second step: django-otp's LoginView, which shows OTPTokenForm to a
    user who is signed in but not verified (django_otp/views.py)."""
    template_name = 'accounts/verify.html'
    otp_token_form = TokenForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not user_has_device(request.user):
            return redirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        if 'AUTH-SESSION-FIXATION' in settings.HARDEN:
            # --harden: a new session key once the second factor is in.
            self.request.session.cycle_key()
        return response


def mark_verified(request, device):
    """The user just proved the new device: count the session as verified."""
    django_otp.login(request, device)
    if 'AUTH-SESSION-FIXATION' in settings.HARDEN:
        request.session.cycle_key()


@private
def profile(request):
    user = request.user
    return render(request, 'accounts/profile.html', {
        'phone': Profile.objects.filter(user=user).values_list('phone', flat=True).first() or '',
        'totp': TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        'backup_left': StaticToken.objects.filter(device__user=user).count(),
        'sms': SMSDevice.objects.filter(user=user, confirmed=True).first(),
    })


# --- authenticator app -----------------------------------------------------

def _totp_page(request, device, **extra):
    return render(request, 'accounts/totp.html', dict(
        device=device,
        key=b32encode(device.bin_key).decode() if device else None,
        form=ConfirmForm(), **extra))


@private
def totp_setup(request):
    user = request.user
    active = TOTPDevice.objects.filter(user=user, confirmed=True).last()
    if active is not None and request.method != 'POST':
        if 'TOTP-SEED-REDISCLOSED' in settings.WEAK:
            # WEAK TOTP-SEED-REDISCLOSED: the page keeps showing the key.
            return _totp_page(request, active, active=True)
        return render(request, 'accounts/totp.html', {'active': True})
    if active is not None:
        return render(request, 'accounts/totp.html', {'active': True,
                      'error': "Remove the current authenticator app first."})
    if request.method != 'POST':
        pending = TOTPDevice.objects.filter(user=user, confirmed=False).last()
        return _totp_page(request, pending)

    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    options = {}
    if 'TOTP-SEED-WEAK' in settings.WEAK:
        options['key'] = random_hex(10)   # WEAK TOTP-SEED-WEAK: an 80-bit key
    if 'TOTP-WINDOW' in settings.WEAK:
        options['tolerance'] = 5          # WEAK TOTP-WINDOW: "phones with bad clocks"
    # WEAK TOTP-ENROLL-UNVERIFIED: Device.confirmed defaults to True, so a
    # device created without confirmed=False is live at once.
    confirmed = 'TOTP-ENROLL-UNVERIFIED' in settings.WEAK
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=confirmed, **options)
    return _totp_page(request, device)


@require_POST
@private
def totp_confirm(request):
    devices = TOTPDevice.objects.filter(user=request.user)
    if 'TOTP-ENROLL-UNVERIFIED' not in settings.WEAK:
        devices = devices.filter(confirmed=False)
    device = devices.last()
    if device is None:
        return redirect('totp_setup')
    form = ConfirmForm(request.POST)
    if form.is_valid() and device.verify_token(form.cleaned_data['otp_token']):
        device.confirmed = True
        device.save()
        mark_verified(request, device)
        return redirect('profile')
    return _totp_page(request, device, error=_refusal(device))


def _refusal(device):
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return "Too many wrong codes; wait a moment and try again."
    return "That code is not valid."


# --- backup codes ----------------------------------------------------------

@private
def backup_codes(request):
    user = request.user
    if request.method != 'POST':
        left = StaticToken.objects.filter(device__user=user).count()
        return render(request, 'accounts/backup_codes.html', {'left': left})
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={'name': "Backup codes"})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    device.token_set.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return render(request, 'accounts/backup_codes.html', {'codes': codes})


# --- text message ----------------------------------------------------------

def _sms_page(request, **context):
    context.setdefault('active', SMSDevice.objects.filter(user=request.user, confirmed=True).first())
    return render(request, 'accounts/sms.html', context)


@private
def sms_setup(request):
    user = request.user
    if request.method != 'POST':
        on_file = Profile.objects.filter(user=user).values_list('phone', flat=True).first()
        return _sms_page(request, form=PhoneForm(initial={'number': on_file}))
    form = PhoneForm(request.POST)
    if not form.is_valid():
        return _sms_page(request, form=form)
    SMSDevice.objects.filter(user=user, confirmed=False).delete()
    device = SMSDevice(user=user, number=form.cleaned_data['number'], confirmed=False)
    device.name = "Text message to " + device.shown_number()
    device.save()
    try:
        message = device.generate_challenge()
    except Exception as e:
        return _sms_page(request, form=form, error="The code could not be sent: {0}".format(e))
    return _sms_page(request, pending=device, message=message, confirm=ConfirmForm())


@require_POST
@private
def sms_confirm(request):
    device = SMSDevice.objects.filter(user=request.user, confirmed=False).last()
    if device is None:
        return redirect('sms_setup')
    form = ConfirmForm(request.POST)
    if form.is_valid() and device.verify_token(form.cleaned_data['otp_token']):
        SMSDevice.objects.filter(user=request.user, confirmed=True).delete()
        device.confirmed = True
        device.save()
        Profile.objects.update_or_create(user=request.user, defaults={'phone': device.number})
        mark_verified(request, device)
        return redirect('profile')
    return _sms_page(request, pending=device, confirm=ConfirmForm(), error=_refusal(device))


# --- removal ---------------------------------------------------------------

KIND_MODELS = {'totp': TOTPDevice, 'backup_codes': StaticDevice, 'sms': SMSDevice}


@private
def remove(request):
    form = RemoveForm(request.user, request.POST or None)
    if request.method == 'POST' and form.is_valid():
        devices = KIND_MODELS[form.cleaned_data['kind']].objects.filter(user=request.user)
        if devices.exists():
            devices.delete()
            return redirect('profile')
        form.add_error('kind', "You have no such method.")
    return render(request, 'accounts/remove.html', {'form': form})
