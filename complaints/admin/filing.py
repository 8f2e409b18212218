"""Complaints in the back office: read-only for now, lists masked, each regulator their division.

A county regulator sees its county's complaints, a city regulator every county of the city,
administrators all. The list shows personal data masked; a complaint's own page shows it in full,
since only staff with jurisdiction can open it (暂行办法 art. 12: the regulator keeps it
confidential).
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from config.errors import DomainError

from .. import selectors
from ..models import Complaint, ComplaintEvent, Evidence, ReportPart
from ..rules.privacy import mask_address, mask_name, mask_phone


def _is_staff_with_scope(user) -> bool:
    return user.is_active and (user.is_superuser or hasattr(user, "regulator"))


class ScopedReadOnly:
    """Nothing is written here; who may look is decided by the complaint's jurisdiction."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        if not _is_staff_with_scope(request.user):
            return False
        complaint = getattr(obj, "complaint", obj)
        return complaint is None or selectors.staff_may_see(request.user, complaint)


class EventInline(ScopedReadOnly, admin.TabularInline):
    model = ComplaintEvent
    fields = ("at", "action", "from_status", "to_status", "actor_kind", "actor_id", "note")
    readonly_fields = fields
    extra = 0


class EvidenceInline(ScopedReadOnly, admin.TabularInline):
    model = Evidence
    fields = ("download", "kind", "content_type", "size_bytes", "sha256", "uploaded_at",
              "uploaded_by")
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("file"))
    def download(self, obj):
        url = reverse("complaints:evidence", kwargs={
            "tracking": obj.complaint.tracking_number, "evidence_id": obj.id})
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


class ReportPartInline(ScopedReadOnly, admin.StackedInline):
    model = ReportPart
    fields = ("kind", "facts", "real_name", "created_at")
    readonly_fields = fields
    extra = 0


@admin.register(Complaint)
class ComplaintAdmin(ScopedReadOnly, admin.ModelAdmin):
    list_display = ("tracking_number", "status", "masked_consumer_name", "masked_consumer_phone",
                    "masked_consumer_address", "respondent_name", "jurisdiction", "received_at")
    list_filter = ("status", "jurisdiction_source", "category")
    search_fields = ("tracking_number", "respondent_name")
    date_hierarchy = "received_at"
    inlines = [ReportPartInline, EvidenceInline, EventInline]
    actions = ["erase_personal_data"]
    exclude = ("assessment",)
    readonly_fields = ("assessment_view",)

    def get_queryset(self, request):
        return selectors.complaints_visible_to(request.user).select_related("consumer_county")

    def has_module_permission(self, request):
        return _is_staff_with_scope(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = [f.name for f in self.model._meta.fields if f.name != "assessment"]
        return [*fields, "assessment_view"]

    @admin.display(description=_("complainant's name"))
    def masked_consumer_name(self, obj):
        return mask_name(obj.consumer_name)

    @admin.display(description=_("complainant's phone"))
    def masked_consumer_phone(self, obj):
        return mask_phone(obj.consumer_phone)

    @admin.display(description=_("complainant's address"))
    def masked_consumer_address(self, obj):
        county = obj.consumer_county
        return mask_address(obj.consumer_address, (county.name,) if county else ())

    @admin.action(description=_("Erase personal data (on the consumer's written request)"),
                  permissions=["erase"])
    def erase_personal_data(self, request, queryset):
        """Each selected complaint on its own: erased, or refused with the day it becomes
        possible (complaints.services.privacy); recorded with who did it."""
        from ..services.privacy import complaint_personal_data_erase, staff_actor

        actor, at = staff_actor(request.user), timezone.now()
        for complaint in queryset:
            try:
                complaint_personal_data_erase(complaint=complaint, actor=actor, at=at,
                                              note=str(_("on a written request")))
            except DomainError as exc:
                messages.error(request, f"{complaint.tracking_number}: {exc.message}")
            else:
                messages.success(request, _("%(tracking)s: personal data erased.")
                                 % {"tracking": complaint.tracking_number})

    def has_erase_permission(self, request):
        return _is_staff_with_scope(request.user)

    @admin.display(description=_("entitlement assessment"))
    def assessment_view(self, obj):
        if not obj.assessment:
            return "—"
        remedies = ", ".join(f"{r.get('remedy')} → {r.get('claim_by')}"
                             for r in obj.assessment.get("remedies", []))
        refusals = "; ".join(str(r.get("code")) for r in obj.assessment.get("refusals", []))
        return format_html("{} ({})<br>{}", remedies or "—", obj.assessment_rule_set, refusals)
