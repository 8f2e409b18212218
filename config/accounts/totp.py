"""A staff member's authenticator (TOTP, RFC 6238): enrol, confirm with a code, check a code at
login (each 30-second step accepted once), disable with a code. config.rules.totp computes."""

from __future__ import annotations

import base64
import secrets
from datetime import datetime

from django.conf import settings
from django.db import transaction

from config.models import TotpDevice
from config.rules import totp

SECRET_BYTES = 20  # 160 bits, as RFC 4226 recommends; 32 base32 characters


def new_secret() -> str:
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode()


def confirmed_device(user) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


@transaction.atomic
def totp_device_start(*, user, at: datetime) -> TotpDevice:
    """A new unconfirmed authenticator with a fresh secret (replacing an unconfirmed one).
    A confirmed one is returned unchanged: it must be disabled first."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is not None and device.confirmed_at is not None:
        return device
    if device is None:
        return TotpDevice.objects.create(user=user, secret=new_secret(), created_at=at)
    device.secret, device.created_at, device.last_used_step = new_secret(), at, 0
    device.save(update_fields=["secret", "created_at", "last_used_step"])
    return device


def totp_code_accept(*, device: TotpDevice, code: str, at: datetime) -> bool:
    """True when `code` is the device's code for a step within ±1 of `at` not used before; that
    step is then used up (a conditional UPDATE, so two requests cannot both spend it)."""
    step = totp.code_matching_step(device.secret, code, unix_seconds=at.timestamp(),
                                   last_used_step=device.last_used_step)
    if step is None:
        return False
    spent = TotpDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(
        last_used_step=step)
    if spent:
        device.last_used_step = step
    return bool(spent)


@transaction.atomic
def totp_device_confirm(*, user, code: str, at: datetime) -> bool:
    device = TotpDevice.objects.select_for_update().filter(user=user,
                                                           confirmed_at__isnull=True).first()
    if device is None or not totp_code_accept(device=device, code=code, at=at):
        return False
    TotpDevice.objects.filter(pk=device.pk).update(confirmed_at=at)
    return True


@transaction.atomic
def totp_device_disable(*, user, code: str, at: datetime) -> bool:
    device = confirmed_device(user)
    if device is None or not totp_code_accept(device=device, code=code, at=at):
        return False
    device.delete()
    return True


def provisioning_uri(device: TotpDevice) -> str:
    return totp.provisioning_uri(device.secret, account=device.user.get_username(),
                                 issuer=settings.TOTP_ISSUER)


def qr_svg(uri: str) -> str:
    """The URI as an inline SVG QR code (segno, pure Python)."""
    import segno

    return segno.make(uri, error="m").svg_inline(scale=4, title="otpauth")
