from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import RegexValidator
from django.db import transaction

from django_otp import device_classes, devices_for_user
from django_otp.forms import OTPTokenForm
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import SMSDevice


class TokenForm(OTPTokenForm):
    """django-otp's OTPTokenForm. The overrides only act under --weak switches."""

    def clean_otp(self, user):
        if ('AUTH-OTP-EMPTY' in settings.WEAK and not self.cleaned_data.get('otp_token')
                and not self.cleaned_data.get('otp_challenge')):
            # WEAK AUTH-OTP-EMPTY: the token is only checked when one was
            # typed; with none, the chosen device is taken at its word.
            with transaction.atomic():
                user.otp_device = self._chosen_device(user)
            if user.otp_device is not None:
                return
        super().clean_otp(user)

    def _verify_token(self, user, token, device=None):
        if 'AUTH-OTP-NOT-BOUND' in settings.WEAK and device is not None:
            # WEAK AUTH-OTP-NOT-BOUND: the code is looked up on every device
            # of every user (own devices first); any match completes the
            # login with the device the user picked.
            for candidate in _all_devices(user):
                if candidate.verify_token(token):
                    return device
            raise forms.ValidationError(self.otp_error_messages['invalid_token'], code='invalid_token')
        if 'AUTH-RECOVERY-REUSE' in settings.WEAK and isinstance(device, StaticDevice):
            return self._check_static(device, token)
        if 'TOTP-REPLAY' in settings.WEAK and isinstance(device, TOTPDevice):
            return self._check_totp(device, token)
        return super()._verify_token(user, token, device)

    def _check_static(self, device, token):
        # WEAK AUTH-RECOVERY-REUSE: the recovery code is looked up with a
        # query instead of StaticDevice.verify_token(), so it is never deleted.
        if device.verify_is_allowed()[0] and device.token_set.filter(token=token).exists():
            device.throttle_reset()
            return device
        device.throttle_increment()
        raise forms.ValidationError(self.otp_error_messages['invalid_token'], code='invalid_token')

    def _check_totp(self, device, token):
        # WEAK TOTP-REPLAY: the code is checked with django_otp.oath's TOTP
        # helper without min_t, so TOTPDevice.last_t is never consulted.
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        try:
            ok = device.verify_is_allowed()[0] and totp.verify(int(token), device.tolerance)
        except ValueError:
            ok = False
        if ok:
            device.throttle_reset()
            return device
        device.throttle_increment()
        raise forms.ValidationError(self.otp_error_messages['invalid_token'], code='invalid_token')


def _all_devices(user):
    yield from devices_for_user(user, for_verify=True)
    for model in device_classes():
        yield from model.objects.filter(confirmed=True).exclude(user=user)


class PasswordLoginForm(AuthenticationForm):
    """Django's AuthenticationForm; under SMS-ANON-TRIGGER it also has a
    "text me a code" button that works before the password is checked."""
    otp_challenge = forms.CharField(required=False)

    def clean(self):
        if 'SMS-ANON-TRIGGER' in settings.WEAK and self.cleaned_data.get('otp_challenge'):
            # WEAK SMS-ANON-TRIGGER: the code is sent to the username's phone
            # so that it arrives while the password is being typed.
            device = SMSDevice.objects.filter(
                user__username=self.cleaned_data.get('username'), confirmed=True).first()
            if device is not None:
                try:
                    message = device.generate_challenge()
                except Exception as e:
                    raise forms.ValidationError("Error generating challenge: {0}".format(e))
                raise forms.ValidationError("OTP Challenge: {0}".format(message))
        return super().clean()


class ConfirmForm(forms.Form):
    otp_token = forms.CharField(label="Code", widget=forms.TextInput(attrs={'autocomplete': 'one-time-code'}))


class PhoneForm(forms.Form):
    number = forms.CharField(
        label="Mobile number", max_length=16,
        validators=[RegexValidator(r'^\+[1-9][0-9]{6,14}$', "Use the international format, e.g. +15555550123.")])


class RemoveForm(forms.Form):
    KINDS = [('totp', 'Authenticator app'), ('backup_codes', 'Backup codes'), ('sms', 'Text message')]
    kind = forms.ChoiceField(choices=KINDS, label="Method")
    password = forms.CharField(widget=forms.PasswordInput, required=False, label="Your password")

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data.get('password')
        if 'AUTH-DISABLE-NO-REAUTH' in settings.WEAK:
            # WEAK AUTH-DISABLE-NO-REAUTH: the field is shown but not checked.
            return password
        if not password or not self.user.check_password(password):
            raise forms.ValidationError("Your password was entered incorrectly.")
        return password
