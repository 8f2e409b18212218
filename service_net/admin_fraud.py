"""Back office for issue 6: every fraud row, read-only (decisions go through the pages, which
write the record); regulators act on /fraud/suspects/."""

from django.contrib import admin

from . import models
from .admin import ReadOnlyMixin


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = models.SuspectEvent
    fields = ("at", "action", "actor", "from_state", "to_state", "note")
    extra = 0


@admin.register(models.Suspect)
class SuspectAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("phone_key", "score", "state", "complaint_count", "lookup_count",
                    "last_seen_at")
    list_filter = ("state",)
    search_fields = ("phone_key",)
    inlines = [EventInline]


@admin.register(models.FraudObservation)
class FraudObservationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("at", "source", "ref", "phone_key", "name", "brand")
    list_filter = ("source",)
    search_fields = ("phone_key", "ref", "name")


@admin.register(models.ManufacturerConfirmation)
class ManufacturerConfirmationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("suspect", "brand", "requested_at", "answer", "answered_at")
    list_filter = ("answer",)


@admin.register(models.FraudWarning)
class FraudWarningAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("phone_key", "published_at", "withdrawn_at")
    search_fields = ("phone_key",)


@admin.register(models.WarningAppeal)
class WarningAppealAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("warning", "filed_at", "decision", "decided_at")
    list_filter = ("decision",)
    exclude = ("contact",)  # personal data: the regulator sees it on the suspect's page
