"""Sending one message through a channel: e-mail (any Django e-mail backend) or SMS."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage

from .messages import Message
from .sms import sms_backend


def email_send(*, to: str, message: Message) -> None:
    """One e-mail to one address; SMTP faults propagate (the job decides on a retry)."""
    EmailMessage(subject=message.subject, body=message.body,
                 from_email=settings.DEFAULT_FROM_EMAIL, to=[to]).send(fail_silently=False)


def sms_send(*, phone: str, text: str) -> None:
    """One SMS through settings.SMS_BACKEND."""
    sms_backend().send(phone=phone, text=text)
