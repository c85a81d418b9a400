"""Two-factor authentication with django-otp: a TOTP app on the phone plus one-time recovery codes.

Who must use it: every superuser (they see all organizations), and the programme staff of an
organization that set `require_staff_two_factor`. Anyone else may turn it on from "Безопасность".
What the login does is kept in the session (`SESSION_STATE`), decided once at login, so that ordinary
requests cost no query: "verify" — a device exists, ask the code; "enrol" — a superuser without a
device, send to enrolment. The organization's requirement is checked by `get_organization`, which has
the organization loaded anyway.
"""

from __future__ import annotations

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

SESSION_STATE = "two_factor"
SESSION_NEXT = "two_factor_next"
VERIFY = "verify"
ENROL = "enrol"
DEVICE_NAME = "Приложение-аутентификатор"
RECOVERY_NAME = "Коды восстановления"


class TwoFactorRequired(Exception):
    """Raised where a page needs a verified second factor the user has not set up (caught by middleware)."""


def has_device(user: Any) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def is_verified(user: Any) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def state_at_login(user: Any) -> str | None:
    if has_device(user):
        return VERIFY
    if user.is_superuser:
        return ENROL
    return None


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed device being enrolled (a new secret each time enrolment starts over)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG (paths only: no script, no style attribute; CSP-friendly)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return str(image.to_string(encoding="unicode"))


@transaction.atomic
def confirm_device(request: HttpRequest, device: TOTPDevice, token: str) -> list[str] | None:
    """Check the first code from the app; on success confirm the device, replace the recovery codes and
    mark this session verified. Returns the recovery codes (to be shown once) or None."""
    if not device.verify_token(normalize(token)):
        return None
    user = request.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = new_recovery_codes(user)
    otp_login(request, device)
    request.session.pop(SESSION_STATE, None)
    return codes


def new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.OTP_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def next_url(request: HttpRequest, fallback: str) -> str:
    """Where the user was going when the second factor was asked (a path of this site, set by the
    middleware), once."""
    return str(request.session.pop(SESSION_NEXT, "") or fallback)


def normalize(token: str) -> str:
    return "".join((token or "").split()).replace("-", "").lower()[:16]


def verify(request: HttpRequest, token: str) -> bool:
    """A code from the app or a recovery code (which is deleted once used); marks the session verified."""
    device = match_token(request.user, normalize(token))
    if device is None:
        return False
    otp_login(request, device)
    request.session.pop(SESSION_STATE, None)
    return True


@transaction.atomic
def disable(request: HttpRequest) -> None:
    """Remove the app and the recovery codes. A superuser is sent straight back to enrolment."""
    user = request.user
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    if user.is_superuser:
        request.session[SESSION_STATE] = ENROL


def recovery_codes_left(user: Any) -> int:
    return int(StaticToken.objects.filter(device__user=user).count())
