from django.conf import settings
from django.db import models

from django_otp.models import SideChannelDevice, ThrottlingMixin

from . import sms


class Profile(models.Model):
    """What the site knows about a user beyond django.contrib.auth: the phone."""
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    phone = models.CharField(max_length=16, blank=True)


class SMSDevice(ThrottlingMixin, SideChannelDevice):
    """A django-otp device that texts its token, written like otp_email's EmailDevice.

    SideChannelDevice generates, stores, expires and consumes the token; this
    class only delivers it (generate_challenge) and adds the same throttling
    the built-in devices have.
    """
    number = models.CharField(max_length=16, help_text="E.164 number the codes go to.")

    class Meta:
        verbose_name = "SMS device"

    def get_throttle_factor(self):
        return settings.OTP_SMS_THROTTLE_FACTOR

    def generate_challenge(self):
        sms.check_send_allowed(self.number)
        self.generate_token(length=settings.SMS_TOKEN_DIGITS,
                            valid_secs=settings.SMS_TOKEN_VALIDITY)
        sms.send(self.number, "Your OTP Demo code is {0}".format(self.token))
        if 'SMS-CODE-LEAK' in settings.WEAK:
            # WEAK SMS-CODE-LEAK: a staging convenience left in the message.
            return "sent by SMS to {0} (code {1})".format(self.shown_number(), self.token)
        return "sent by SMS to {0}".format(self.shown_number())

    def verify_token(self, token):
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        verified = super().verify_token(token)
        if verified:
            self.throttle_reset()
        else:
            self.throttle_increment()
        return verified

    def shown_number(self):
        if 'AUTH-PHONE-DISCLOSED' in settings.WEAK:
            # WEAK AUTH-PHONE-DISCLOSED: the whole number on pre-2FA pages.
            return self.number
        return sms.mask(self.number)
