"""Complaints filed by consumers (投诉), their evidence, history and report parts (举报).

Only `complaints.services.filing` writes these rows; `status` changes only through the workflow
table in complaints/rules/workflow.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..rules import workflow


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    TV_PHONE_MAIL = "tv_phone_mail", _("TV, phone or mail order")
    IN_STORE = "in_store", _("In a store")


class Proof(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    WARRANTY_CARD = "warranty_card", _("Sanbao warranty card")
    OTHER = "other", _("Other proof (order record, receipt)")
    NONE = "none", _("No proof")


class Complaint(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = workflow.SUBMITTED, _("Submitted")
        WITH_BUSINESS = workflow.WITH_BUSINESS, _("With the business (ODR)")
        BUSINESS_PROPOSED = workflow.BUSINESS_PROPOSED, _("Business answered, awaiting the consumer")
        SETTLED = workflow.SETTLED, _("Settled with the business")
        WITH_REGULATOR = workflow.WITH_REGULATOR, _("With the regulator")
        IN_MEDIATION = workflow.IN_MEDIATION, _("In mediation")
        CLOSED = workflow.CLOSED, _("Closed")
        WITHDRAWN = workflow.WITHDRAWN, _("Withdrawn")

    class OdrOutcome(models.TextChoices):
        NONE = "", _("Not yet")
        SETTLED = "settled", _("Settled")
        NOT_SETTLED = "not_settled", _("Not settled")
        TIMED_OUT = "timed_out", _("Business did not settle in time")
        SKIPPED = "skipped", _("The consumer went straight to the regulator")
        NOT_ENROLLED = "not_enrolled", _("The business is not enrolled in ODR")

    class Outcome(models.TextChoices):
        NONE = "", _("Open")
        ODR_SETTLED = "odr_settled", _("Settled with the business")
        AGREEMENT = "agreement", _("Mediation agreement")
        MEDIATION_ENDED = "mediation_ended", _("Mediation ended without agreement")
        REFUSED = "refused", _("Not accepted by the regulator")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class JurisdictionSource(models.TextChoices):
        RESPONDENT_REGISTRY = "respondent_registry", _("The respondent's registered location")
        RESPONDENT_ADDRESS = "respondent_address", _("The respondent's address")
        CONSUMER_COUNTY = "consumer_county", _("The consumer's county (fallback)")

    tracking_number = models.CharField(_("tracking number"), max_length=12, unique=True)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices,
                              default=workflow.INITIAL)
    received_at = models.DateTimeField(_("received at"))
    status_changed_at = models.DateTimeField(_("status changed at"))
    # The complainant (投诉人): personal data, shown in full only to those entitled.
    consumer_name = models.CharField(_("complainant's name"), max_length=64)
    consumer_phone = models.CharField(_("complainant's phone"), max_length=20,
                                      help_text=_("normalized: one key per number"))
    consumer_address = models.CharField(_("complainant's address"), max_length=256)
    consumer_county = models.ForeignKey(
        "geo.Division", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("complainant's county"))
    # What was bought.
    brand = models.ForeignKey("service_net.Brand", null=True, blank=True,
                              on_delete=models.PROTECT, verbose_name=_("brand"))
    brand_text = models.CharField(_("brand (as typed)"), max_length=64, blank=True)
    category = models.ForeignKey("service_net.Category", null=True, blank=True,
                                 on_delete=models.PROTECT, verbose_name=_("appliance category"))
    product_model = models.CharField(_("model"), max_length=64, blank=True)
    channel = models.CharField(_("where bought"), max_length=16, choices=Channel.choices,
                               blank=True)
    purchase_date = models.DateField(_("purchase (invoice) date"), null=True, blank=True)
    received_date = models.DateField(_("date received (signed for)"), null=True, blank=True)
    installed_date = models.DateField(_("installation finished"), null=True, blank=True)
    proof = models.CharField(_("proof of purchase"), max_length=16, choices=Proof.choices,
                             blank=True)
    fault_date = models.DateField(_("fault date"), null=True, blank=True)
    fault_part = models.CharField(_("faulty part"), max_length=32, blank=True)
    # The respondent (被投诉人): a registry outlet or as typed.
    respondent_outlet = models.ForeignKey(
        "service_net.Outlet", null=True, blank=True, on_delete=models.PROTECT,
        related_name="complaints", verbose_name=_("respondent (registry outlet)"))
    respondent_name = models.CharField(_("respondent's name"), max_length=128, blank=True)
    respondent_address = models.CharField(_("respondent's address"), max_length=256, blank=True)
    respondent_phone = models.CharField(_("respondent's phone"), max_length=32, blank=True)
    # The repair outlet the consumer dealt with, exactly as given (checked by the fraud rules).
    repair_outlet_name = models.CharField(_("repair outlet name (as given)"), max_length=128,
                                          blank=True)
    repair_outlet_phone = models.CharField(_("repair outlet phone (as given)"), max_length=32,
                                           blank=True)
    repair_outlet_phone_key = models.CharField(_("repair outlet phone (normalized)"),
                                               max_length=20, blank=True, db_index=True)
    repair_outlet_address = models.CharField(_("repair outlet address (as given)"),
                                             max_length=256, blank=True)
    # What the repair outlet charged, as the consumer gave it: [{"item", "amount_yuan"}]
    # (checked against posted prices, 明码标价, by the fake-outlet rules).
    repair_charges = models.JSONField(_("charges by the repair outlet (as given)"), default=list,
                                      blank=True)
    repair_outlet_listing = models.CharField(_("repair outlet website or listing (as given)"),
                                             max_length=512, blank=True)
    # The dispute.
    facts = models.TextField(_("what happened"))
    request = models.TextField(_("what the consumer asks for"))
    # The entitlement assessment shown before submission, as it was then.
    assessment = models.JSONField(_("entitlement assessment"), null=True, blank=True)
    assessment_rule_set = models.CharField(_("assessment rule set"), max_length=32, blank=True)
    # Jurisdiction (管辖): the county-level regulator, and how it was found.
    jurisdiction = models.ForeignKey(
        "geo.Division", null=True, blank=True, on_delete=models.PROTECT,
        related_name="complaints", verbose_name=_("jurisdiction"))
    jurisdiction_source = models.CharField(_("jurisdiction from"), max_length=24,
                                           choices=JurisdictionSource.choices)
    jurisdiction_note = models.CharField(_("jurisdiction note"), max_length=256, blank=True)
    # Elderly (65+) or rural consumer: a triage signal for regulators.
    vulnerable = models.BooleanField(_("vulnerable consumer (elderly or rural)"), default=False)
    # Online dispute resolution (ODR): the business that answers first, and how that ended.
    respondent_manufacturer = models.ForeignKey(
        "service_net.Manufacturer", null=True, blank=True, on_delete=models.PROTECT,
        related_name="complaints", verbose_name=_("answering business (manufacturer)"))
    skip_business = models.BooleanField(_("consumer went straight to the regulator"),
                                        default=False)
    odr_started_at = models.DateTimeField(_("sent to the business at"), null=True, blank=True)
    odr_outcome = models.CharField(_("ODR outcome"), max_length=16, choices=OdrOutcome.choices,
                                   blank=True)
    # The regulator's part (暂行办法 art. 15–28).
    regulator_received_at = models.DateTimeField(_("received by the regulator at"), null=True,
                                                 blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="assigned_complaints",
                                    verbose_name=_("assigned to"))
    # The current statutory clock, set by complaints.services.deadlines from the state.
    due_clock = models.CharField(_("current deadline"), max_length=24, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    due_provisional = models.BooleanField(_("due date provisional"), default=False)
    clock_paused_since = models.DateField(_("clock paused since (testing, appraisal)"),
                                          null=True, blank=True)
    clock_paused_working_days = models.PositiveIntegerField(_("working days paused"), default=0)
    # How it ended.
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_reason = models.CharField(_("outcome reason"), max_length=32, blank=True)
    outcome_terms = models.TextField(_("agreed terms"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    termination_notified_at = models.DateTimeField(_("closure notified at"), null=True, blank=True)
    # Performance of what was agreed; 15 days late is deliberate delay (处罚办法 art. 9).
    performance_due_date = models.DateField(_("to be performed by"), null=True, blank=True)
    performed_at = models.DateTimeField(_("performed at"), null=True, blank=True)
    # Personal data erased on the consumer's request after closure and the retention period.
    personal_data_erased_at = models.DateTimeField(_("personal data erased at"), null=True,
                                                   blank=True)
    delay_flagged_at = models.DateTimeField(_("flagged as deliberate delay at"), null=True,
                                            blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=workflow.STATUSES),
                                   name="complaint_status_known"),
            models.CheckConstraint(condition=Q(tracking_number__regex=r"^WW[0-9A-HJKMNP-TV-Z]{10}$"),
                                   name="complaint_tracking_number_form"),
            models.CheckConstraint(condition=Q(respondent_outlet__isnull=False)
                                   | ~Q(respondent_name=""),
                                   name="complaint_has_respondent"),
        ]
        indexes = [models.Index(fields=["jurisdiction", "status", "received_at"]),
                   # The console's repeated-respondent signal and the disclosure figures read a
                   # window of received_at over every jurisdiction (300,000 rows, 90 days:
                   # 155 ms → 28 ms per subquery, measured).
                   models.Index(fields=["received_at"], name="complaint_received_idx"),
                   models.Index(fields=["due_date"], condition=Q(due_date__isnull=False),
                                name="complaint_due_idx"),
                   models.Index(fields=["respondent_manufacturer", "status"],
                                name="complaint_business_idx"),
                   models.Index(fields=["performance_due_date"],
                                condition=Q(performance_due_date__isnull=False,
                                            performed_at__isnull=True),
                                name="complaint_performance_idx")]

    def __str__(self) -> str:
        return self.tracking_number


class Evidence(models.Model):
    """An uploaded file: stored under EVIDENCE_ROOT by a random name, served only to the entitled."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        WARRANTY_CARD = "warranty_card", _("Sanbao warranty card")
        NAMEPLATE = "nameplate", _("Nameplate")
        WORK_ORDER = "work_order", _("Repair work order")
        PHOTO = "photo", _("Photo")
        OTHER = "other", _("Other")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    stored_name = models.CharField(max_length=64, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=32)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = models.CharField(_("uploaded by"), max_length=64)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [models.CheckConstraint(condition=Q(size_bytes__gt=0),
                                              name="evidence_not_empty")]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.get_kind_display()}"


class ComplaintEvent(models.Model):
    """One line of the complaint's history: who did what, when, from which status to which."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=64)  # dotted: complaints.complaint.withdraw
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24)
    actor_kind = models.CharField(max_length=16)  # consumer | regulator | business | admin | system
    actor_id = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField()
    note = models.TextField(blank=True)
    reason_code = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")
        indexes = [models.Index(fields=["complaint", "at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.from_status}→{self.to_status}"


class ReportPart(models.Model):
    """A report (举报) held in a complaint: a lead for enforcement, handled apart (domain.md §4)."""

    class Kind(models.TextChoices):
        FAKE_OUTLET = "fake_outlet", _("Fake authorized outlet")
        PRICE_FRAUD = "price_fraud", _("Price fraud")
        OTHER = "other", _("Other violation")

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE,
                                     related_name="report_part")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    facts = models.TextField(_("facts reported"))
    real_name = models.BooleanField(_("reporter gives their real name"), default=False)
    created_at = models.DateTimeField(_("received at"))
    # Its own clock (暂行办法 art. 31–32): decide within 15 working days (+15 approved).
    status = models.CharField(_("status"), max_length=16, default=workflow.REPORT_RECEIVED,
                              choices=[(s, s) for s in workflow.REPORT_STATUSES])
    due_clock = models.CharField(_("current deadline"), max_length=24, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    due_provisional = models.BooleanField(_("due date provisional"), default=False)
    extended_at = models.DateTimeField(_("extended at"), null=True, blank=True)
    extension_approved_by = models.CharField(_("extension approved by"), max_length=64,
                                             blank=True)
    extension_reason = models.CharField(_("extension reason"), max_length=256, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=64, blank=True)
    decision_reason = models.TextField(_("decision reason"), blank=True)
    reporter_notified_at = models.DateTimeField(_("reporter told at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report part")
        verbose_name_plural = _("report parts")
        # The deadline sweep's query (complaints.tasks), like complaint_due_idx.
        indexes = [models.Index(fields=["due_date"], condition=Q(due_date__isnull=False),
                                name="report_due_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.kind}"


