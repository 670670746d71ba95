from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

urlpatterns = [
    path('', views.home, name='home'),
    path('accounts/login/', views.PasswordLoginView.as_view(
        extra_context={'text_me': 'SMS-ANON-TRIGGER' in settings.WEAK}), name='login'),
    path('accounts/verify/', views.VerifyView.as_view(), name='verify'),
    path('accounts/logout/', auth_views.LogoutView.as_view(), name='logout'),
    path('accounts/profile/', views.profile, name='profile'),
    path('accounts/two-factor/totp/', views.totp_setup, name='totp_setup'),
    path('accounts/two-factor/totp/confirm/', views.totp_confirm, name='totp_confirm'),
    path('accounts/two-factor/backup-codes/', views.backup_codes, name='backup_codes'),
    path('accounts/two-factor/sms/', views.sms_setup, name='sms_setup'),
    path('accounts/two-factor/sms/confirm/', views.sms_confirm, name='sms_confirm'),
    path('accounts/two-factor/remove/', views.remove, name='remove'),
]
