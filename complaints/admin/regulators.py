from django.contrib import admin

from ..models import RegulatorProfile


@admin.register(RegulatorProfile)
class RegulatorProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "division", "created_at")
    raw_id_fields = ("user", "division")
