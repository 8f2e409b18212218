"""Why a message could not be sent: worth another try later, or not."""

from __future__ import annotations

import re
import smtplib


class TransientSendError(Exception):
    """The channel failed for now (gateway busy, connection lost): the send job retries."""


class PermanentSendError(Exception):
    """The message cannot be sent (no address, recipient refused): recorded, never retried."""


# SMTP and network faults are worth a retry: a mail server that is down now may be up later.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (TransientSendError, smtplib.SMTPException,
                                                     OSError)


def error_summary(exc: BaseException) -> str:
    """What failed, without the message text: SMTP and gateway errors may quote addresses."""
    name = type(exc).__name__
    code = getattr(exc, "smtp_code", None)
    return f"{name} {code}" if code else name


_CODE = re.compile(r"[a-z][a-z0-9_]{0,47}")


def error_detail(exc: BaseException) -> str:
    """error_summary plus the exception's text when that text is a bare code (no_phone,
    no_email): a gateway's own words may quote the number or address, so they are dropped."""
    text = str(exc)
    return f"{error_summary(exc)}: {text}" if _CODE.fullmatch(text) else error_summary(exc)
