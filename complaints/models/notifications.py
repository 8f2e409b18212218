"""Notifications to the parties: one row per event, recipient and channel (an outbox).

`key` is unique, so an event is never queued twice; a job claims a row with a conditional
update before sending, so it is never sent twice. No personal data is stored here: the
recipient's address is looked up when sending.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")

    key = models.CharField(max_length=160, unique=True)
    event = models.CharField(_("event"), max_length=32)
    complaint = models.ForeignKey("complaints.Complaint", null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="notifications")
    recipient_kind = models.CharField(_("recipient"), max_length=16)
    recipient_ref = models.CharField(_("recipient reference"), max_length=64, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    template = models.CharField(max_length=32)
    data = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # When a job claimed it (pending → sending): a row still sending long after lost its worker.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    last_error = models.CharField(max_length=256, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.key
