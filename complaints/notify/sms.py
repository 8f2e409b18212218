"""SMS backends: the interface, a console backend (default) and an in-memory one for tests.

`settings.SMS_BACKEND` is the dotted path of the class, like Django's EMAIL_BACKEND. A real
gateway subclasses `SmsBackend` and raises `TransientSendError` for faults worth retrying
(busy, timeout) and `PermanentSendError` for the rest (number refused).
"""

from __future__ import annotations

import sys
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TextIO

from django.conf import settings
from django.utils.module_loading import import_string

from ..rules.privacy import mask_phone

DEFAULT_BACKEND = "complaints.notify.sms.ConsoleSmsBackend"


class SmsBackend(ABC):
    @abstractmethod
    def send(self, *, phone: str, text: str) -> None:
        """Send `text` to `phone` (a normalized number); raise a send error when it fails."""


class ConsoleSmsBackend(SmsBackend):
    """Prints the message with the phone masked (the demo; a console is a log)."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream

    def send(self, *, phone: str, text: str) -> None:
        stream = self.stream or sys.stdout
        stream.write(f"SMS to {mask_phone(phone)}: {text}\n")
        stream.flush()


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    text: str


# The in-memory outbox, like django.core.mail.outbox: tests read and clear it.
outbox: list[SmsMessage] = []


class LocmemSmsBackend(SmsBackend):
    """Keeps every message in `complaints.notify.sms.outbox` (tests)."""

    def send(self, *, phone: str, text: str) -> None:
        outbox.append(SmsMessage(phone=phone, text=text))


def sms_backend() -> SmsBackend:
    """A new instance of the configured backend."""
    return import_string(getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND))()
