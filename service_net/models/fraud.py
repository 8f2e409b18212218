"""Fake "authorized" outlets (假冒品牌授权售后服务网点, domain.md §6): what was seen, the suspects
it groups into, the regulator's decisions, manufacturers' answers, warnings and appeals.

Only `service_net.fraud.services` writes these rows; every decision leaves a SuspectEvent.
No consumer's personal data is stored here: an observation holds what the consumer typed about
the *outlet* (its name, phone, address, listing), the case reference and the victim's county.
The one exception is an appellant's contact, shown masked outside the regulator's view.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FraudObservation(models.Model):
    """One claim seen: a complaint's repair outlet, or a public verification that did not end
    `authorized` (service_net.rules.fraud.Observation as a row)."""

    class Source(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint")
        LOOKUP = "lookup", _("Public verification")

    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    ref = models.CharField(_("reference"), max_length=64,
                           help_text=_("tracking number or lookup id"))
    at = models.DateTimeField(_("seen at"))
    phone_key = models.CharField(_("phone (normalized)"), max_length=20, blank=True, db_index=True)
    phone_raw = models.CharField(_("phone (as given)"), max_length=32, blank=True)
    name = models.CharField(_("name (as given)"), max_length=128, blank=True)
    brand = models.ForeignKey("service_net.Brand", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("brand claimed"))
    brand_text = models.CharField(_("brand (as given)"), max_length=64, blank=True)
    category = models.CharField(_("appliance category"), max_length=32, blank=True)
    address = models.CharField(_("address (as given)"), max_length=256, blank=True)
    address_division = models.CharField(_("address resolves to"), max_length=12, blank=True)
    address_lat = models.FloatField(null=True, blank=True)
    address_lon = models.FloatField(null=True, blank=True)
    listing = models.CharField(_("website or listing"), max_length=512, blank=True)
    charges = models.JSONField(_("charges"), default=list, blank=True,
                               help_text=_("[{item, amount_yuan}] as the consumer reported"))
    consumer_county = models.CharField(_("victim's county"), max_length=12, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("fraud observation")
        verbose_name_plural = _("fraud observations")
        constraints = [
            models.UniqueConstraint(fields=["source", "ref"], name="fraud_observation_once"),
            models.CheckConstraint(condition=Q(source__in=["complaint", "lookup"]),
                                   name="fraud_observation_source_known"),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.ref}"


class Suspect(models.Model):
    """A suspected fake outlet, keyed by its normalized phone number."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CONFIRMATION_REQUESTED = "confirmation_requested", _("Confirmation requested")
        DISMISSED = "dismissed", _("Dismissed")
        WARNED = "warned", _("Warning published")

    phone_key = models.CharField(_("phone (normalized)"), max_length=20, unique=True)
    names = models.JSONField(_("names seen"), default=list)
    brands = models.JSONField(_("brands claimed"), default=list,
                              help_text=_("[{id, name}] resolved brands, then texts as given"))
    addresses = models.JSONField(_("addresses seen"), default=list)
    first_seen_at = models.DateTimeField(_("first seen"))
    last_seen_at = models.DateTimeField(_("last seen"))
    complaint_count = models.PositiveIntegerField(_("complaints"), default=0)
    lookup_count = models.PositiveIntegerField(_("verifications"), default=0)
    score = models.PositiveIntegerField(_("score"), default=0, db_index=True)
    reasons = models.JSONField(_("reasons"), default=list)
    state = models.CharField(_("state"), max_length=24, choices=State.choices,
                             default=State.OPEN)
    state_changed_at = models.DateTimeField(_("state changed at"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["-score", "-last_seen_at", "id"]
        verbose_name = _("suspect outlet")
        verbose_name_plural = _("suspect outlets")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["open", "confirmation_requested", "dismissed", "warned"]),
                name="suspect_state_known"),
        ]
        indexes = [models.Index(fields=["state", "-score"])]

    def __str__(self) -> str:
        return self.phone_key


class SuspectArea(models.Model):
    """A county whose regulator may see the suspect: where victims live, or where it claims to
    operate (its addresses). The queue is scoped by these, like complaints by jurisdiction."""

    suspect = models.ForeignKey(Suspect, on_delete=models.CASCADE, related_name="areas")
    county = models.ForeignKey("geo.Division", on_delete=models.PROTECT, related_name="+")
    why = models.CharField(max_length=16)  # "victim" | "claimed"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["suspect", "county", "why"],
                                               name="suspect_area_once")]

    def __str__(self) -> str:
        return f"{self.suspect_id} {self.county_id} ({self.why})"


class SuspectEvent(models.Model):
    """One line of a suspect's record: who did what, when, and why."""

    suspect = models.ForeignKey(Suspect, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=64)  # dotted: service_net.suspect.dismiss
    actor = models.CharField(max_length=128)  # user:<id> <username> | manufacturer:<id> | system | public
    at = models.DateTimeField()
    from_state = models.CharField(max_length=24, blank=True)
    to_state = models.CharField(max_length=24, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("suspect event")
        verbose_name_plural = _("suspect events")
        indexes = [models.Index(fields=["suspect", "at"])]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor}"


class ManufacturerConfirmation(models.Model):
    """The regulator asks a claimed brand's manufacturer: is this number yours?"""

    class Answer(models.TextChoices):
        PENDING = "", _("Not answered yet")
        NOT_OURS = "not_ours", _("Not ours")
        OURS_STALE = "ours_stale", _("Ours — our listing is stale")

    suspect = models.ForeignKey(Suspect, on_delete=models.CASCADE, related_name="confirmations")
    manufacturer = models.ForeignKey("service_net.Manufacturer", on_delete=models.CASCADE,
                                     related_name="fraud_confirmations")
    brand = models.ForeignKey("service_net.Brand", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField(_("requested at"))
    question = models.TextField(_("question"), blank=True)
    answer = models.CharField(_("answer"), max_length=16, choices=Answer.choices, blank=True,
                              default="")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.CharField(_("answered by"), max_length=128, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("manufacturer confirmation")
        verbose_name_plural = _("manufacturer confirmations")
        constraints = [
            models.UniqueConstraint(fields=["suspect", "brand"], condition=Q(answer=""),
                                    name="confirmation_one_pending_per_brand"),
            models.CheckConstraint(condition=Q(answer__in=["", "not_ours", "ours_stale"]),
                                   name="confirmation_answer_known"),
            models.CheckConstraint(condition=Q(answer="") | Q(answered_at__isnull=False),
                                   name="confirmation_answer_has_time"),
        ]

    def __str__(self) -> str:
        return f"{self.suspect_id} → {self.manufacturer} ({self.answer or '…'})"


class FraudWarning(models.Model):
    """A warning the regulator published about a number: verify answers `warned` while it stands."""

    suspect = models.ForeignKey(Suspect, on_delete=models.PROTECT, related_name="warnings")
    phone_key = models.CharField(_("phone (normalized)"), max_length=20, db_index=True)
    text_zh = models.TextField(_("warning (Chinese)"))
    text_en = models.TextField(_("warning (English)"), blank=True)
    area_code = models.CharField(_("area it claims to serve"), max_length=12, blank=True)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("why withdrawn"), blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("fraud warning")
        verbose_name_plural = _("fraud warnings")
        constraints = [
            models.UniqueConstraint(fields=["phone_key"], condition=Q(withdrawn_at__isnull=True),
                                    name="fraud_warning_one_standing_per_phone"),
            models.CheckConstraint(condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawn_reason=""),
                                   name="fraud_warning_withdrawal_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.phone_key} ({self.published_at:%Y-%m-%d})"


class WarningAppeal(models.Model):
    """The warned party's appeal; the regulator decides (warning upheld or withdrawn)."""

    class Decision(models.TextChoices):
        PENDING = "", _("Not decided yet")
        UPHELD = "upheld", _("Warning upheld")
        WITHDRAWN = "withdrawn", _("Warning withdrawn")

    warning = models.ForeignKey(FraudWarning, on_delete=models.CASCADE, related_name="appeals")
    appellant = models.CharField(_("appellant (business name)"), max_length=128)
    contact = models.CharField(_("contact phone"), max_length=32,
                               help_text=_("personal data: masked outside the regulator's view"))
    grounds = models.TextField(_("grounds"))
    filed_at = models.DateTimeField(_("filed at"))
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices,
                                blank=True, default="")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = _("warning appeal")
        verbose_name_plural = _("warning appeals")
        constraints = [
            models.CheckConstraint(condition=Q(decision__in=["", "upheld", "withdrawn"]),
                                   name="appeal_decision_known"),
            models.CheckConstraint(condition=Q(decision="") | (Q(decided_at__isnull=False)
                                                               & ~Q(reason="")),
                                   name="appeal_decision_has_time_and_reason"),
        ]

    def __str__(self) -> str:
        return f"appeal {self.pk} on warning {self.warning_id}"
