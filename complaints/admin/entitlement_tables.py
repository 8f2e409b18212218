"""Back office for the 三包 catalogue: regulators edit periods, parts and rule sets.

Every save and delete goes through the audited services (who, when, before/after, kept in
EntitlementTableChange and shown on each row); Django's LogEntry records the admin action too.
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from ..models import EntitlementCategory, EntitlementPart, EntitlementRuleSet, EntitlementTableChange
from ..services.entitlements import TABLE_NAMES, entitlement_table_delete, entitlement_table_save


def _history(row) -> str:
    changes = EntitlementTableChange.objects.filter(table=TABLE_NAMES[type(row)],
                                                    object_id=str(row.pk)).order_by("at", "id")
    return format_html_join("", "<div>{} · {} · {}</div>", (
        (change.at.strftime("%Y-%m-%d %H:%M"), change.actor_name, change.action)
        for change in changes)) or "—"


class AuditedAdmin(admin.ModelAdmin):
    """Saves and deletes through the audited services, inline rows included."""

    def save_model(self, request, obj, form, change):
        entitlement_table_save(row=obj, actor=request.user, at=timezone.now())

    def delete_model(self, request, obj):
        entitlement_table_delete(row=obj, actor=request.user, at=timezone.now())

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        at = timezone.now()
        for obj in formset.save(commit=False):
            entitlement_table_save(row=obj, actor=request.user, at=at)
        for obj in formset.deleted_objects:
            entitlement_table_delete(row=obj, actor=request.user, at=at)

    @admin.display(description=_("change history"))
    def change_history(self, obj):
        return _history(obj) if obj and obj.pk else "—"


class PartInline(admin.TabularInline):
    model = EntitlementPart
    fields = ("code", "name_zh", "name_en", "kind", "period_months", "verified", "source",
              "sort_order")
    extra = 0


@admin.register(EntitlementCategory)
class EntitlementCategoryAdmin(AuditedAdmin):
    list_display = ("category", "rule_set", "whole_unit_months", "depreciation_percent_per_day",
                    "verified", "grade", "updated_at")
    list_filter = ("rule_set", "verified", "grade")
    inlines = [PartInline]
    readonly_fields = ("change_history",)


@admin.register(EntitlementRuleSet)
class EntitlementRuleSetAdmin(AuditedAdmin):
    list_display = ("code", "name_zh", "base", "grade", "updated_at")
    readonly_fields = ("change_history",)

    def get_readonly_fields(self, request, obj=None):
        # The code is the key other rows and API clients use: fixed once created.
        return ("code", "change_history") if obj else ("change_history",)


@admin.register(EntitlementTableChange)
class EntitlementTableChangeAdmin(admin.ModelAdmin):
    """The catalogue's audit trail: read-only."""

    list_display = ("at", "actor_name", "action", "object_id")
    list_filter = ("table",)
    readonly_fields = ("table", "object_id", "action", "actor", "actor_name", "at", "before",
                       "after")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
