"""The business's answer in online dispute resolution (ODR, 在线消费纠纷解决) and the consumer's decision."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BusinessResponse(models.Model):
    class Kind(models.TextChoices):
        ACCEPT = "accept", _("Accepts the consumer's request")
        OFFER = "offer", _("Offers something else")
        REJECT = "reject", _("Rejects the complaint")

    class Remedy(models.TextChoices):
        NONE = "", _("None")
        REPAIR = "repair", _("Repair")
        EXCHANGE = "exchange", _("Exchange")
        RETURN = "return", _("Return")
        REFUND = "refund", _("Refund")
        OTHER = "other", _("Other")

    class Decision(models.TextChoices):
        PENDING = "", _("Awaiting the consumer")
        ACCEPTED = "accepted", _("Accepted by the consumer")
        DECLINED = "declined", _("Declined by the consumer")

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE,
                                  related_name="business_responses")
    kind = models.CharField(_("answer"), max_length=8, choices=Kind.choices)
    remedy = models.CharField(_("remedy"), max_length=8, choices=Remedy.choices, blank=True)
    terms = models.TextField(_("terms"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    perform_by = models.DateField(_("to be performed by"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered at"))
    responded_by = models.CharField(_("answered by"), max_length=64)
    consumer_decision = models.CharField(_("consumer's decision"), max_length=8,
                                         choices=Decision.choices, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["responded_at", "id"]
        verbose_name = _("business response")
        verbose_name_plural = _("business responses")
        constraints = [
            models.CheckConstraint(condition=~models.Q(kind="reject") | ~models.Q(reason=""),
                                   name="business_reject_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.kind}"
