"""Telling the parties of a complaint what concerns them: channels, backends and message texts.

- `sms`: the SMS backend interface (`SmsBackend`) with a console backend (the default; prints a
  masked phone) and an in-memory one for tests (`settings.SMS_BACKEND` names the class).
- `channels`: sending one message through e-mail (any Django e-mail backend) or SMS.
- `messages`: the texts, Chinese first; e-mails carry the English below the Chinese.

What to send and when is decided in complaints.services.notifications; the send job is in
complaints.tasks_notify.
"""

from .errors import PermanentSendError, TransientSendError  # noqa: F401
