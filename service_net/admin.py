"""Back office for the registry. Authorization state changes go through the service, so they
are audited like API changes; every change record is visible here, read-only."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from config.errors import DomainError

from . import models
from .services import authorization_change_state

admin.site.site_header = _("Sanbao back office")
admin.site.site_title = _("Sanbao back office")
admin.site.index_title = _("Registry and complaints")


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PhoneInline(ReadOnlyMixin, admin.TabularInline):
    model = models.OutletPhone
    fields = ("display", "number", "kind")
    extra = 0


class PriceInline(ReadOnlyMixin, admin.TabularInline):
    model = models.PriceItem
    fields = ("manufacturer", "item", "covers", "price_yuan", "pricing_method", "is_visit_fee")
    extra = 0


class TouringInline(ReadOnlyMixin, admin.TabularInline):
    model = models.TouringStop
    fields = ("division", "schedule", "visits_per_month")
    extra = 0


class AuthorizationInline(ReadOnlyMixin, admin.TabularInline):
    model = models.Authorization
    fields = ("brand", "certificate_no", "valid_from", "valid_to", "state", "state_reason")
    extra = 0
    show_change_link = True


def history_html(entity: str, entity_id):
    records = models.ChangeRecord.objects.filter(entity=entity, entity_id=entity_id)
    return format_html_join(
        "", "<div>{} · {} · {} {}</div>",
        ((r.at.strftime("%Y-%m-%d %H:%M"), r.actor, r.action, r.reason)
         for r in records.order_by("at", "id"))) or "—"


@admin.register(models.Outlet)
class OutletAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Outlets are written by manufacturers through the API; the back office reads them."""

    list_display = ("name", "division", "kind", "home_visit_radius_km", "is_demo", "updated_at")
    list_filter = ("kind", "is_demo", "in_store", "remote_diagnosis")
    search_fields = ("name", "uscc", "address", "phones__number")
    inlines = [PhoneInline, AuthorizationInline, TouringInline, PriceInline]
    readonly_fields = ("change_history",)

    @admin.display(description=_("change history"))
    def change_history(self, obj):
        return history_html("outlet", obj.pk)


def _state_action(action: str, label):
    @admin.action(description=label, permissions=["state"])
    def run(modeladmin, request, queryset):
        for auth in queryset.select_related("brand"):
            try:
                authorization_change_state(
                    authorization_id=auth.id, manufacturer=auth.brand.manufacturer,
                    action=action, reason=f"back office: {request.user.get_username()}",
                    actor=f"user:{request.user.pk}", at=timezone.now())
            except DomainError as exc:
                modeladmin.message_user(request, f"{auth}: {exc.message}", messages.WARNING)
    run.__name__ = f"{action}_selected"
    return run


@admin.register(models.Authorization)
class AuthorizationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("outlet", "brand", "certificate_no", "valid_from", "valid_to", "state")
    list_filter = ("state", "brand")
    search_fields = ("certificate_no", "outlet__name")
    readonly_fields = ("change_history",)
    actions = [_state_action("suspend", _("Suspend")), _state_action("revoke", _("Revoke")),
               _state_action("reinstate", _("Reinstate"))]

    def has_state_permission(self, request):
        """Suspending or revoking is the brand's act; in the back office only admins may."""
        return request.user.is_superuser

    @admin.display(description=_("change history"))
    def change_history(self, obj):
        return history_html("authorization", obj.pk)


@admin.register(models.ChangeRecord)
class ChangeRecordAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("at", "actor", "action", "entity", "entity_id", "reason")
    list_filter = ("entity", "action")
    search_fields = ("actor", "entity_id")
    readonly_fields = ("entity", "entity_id", "action", "actor", "at", "reason", "before", "after")


class ManufacturerStaffInline(admin.TabularInline):
    model = models.ManufacturerStaff
    extra = 0
    raw_id_fields = ("user",)
    readonly_fields = ("created_at",)


@admin.register(models.Manufacturer)
class ManufacturerAdmin(admin.ModelAdmin):
    list_display = ("name", "odr_enrolled", "odr_enrolled_at", "created_at")
    list_filter = ("odr_enrolled",)
    fields = ("name", "odr_enrolled", "odr_enrolled_at")
    inlines = [ManufacturerStaffInline]

    def save_model(self, request, obj, form, change):
        # Enrolment in ODR (在线消费纠纷解决) is dated: new complaints go to it first from then on.
        if obj.odr_enrolled and obj.odr_enrolled_at is None:
            obj.odr_enrolled_at = timezone.now()
        elif not obj.odr_enrolled:
            obj.odr_enrolled_at = None
        super().save_model(request, obj, form, change)


@admin.register(models.ManufacturerStaff)
class ManufacturerStaffAdmin(admin.ModelAdmin):
    """Console accounts of manufacturers (/business/): answer complaints against their brands."""

    list_display = ("user", "manufacturer", "created_at")
    list_filter = ("manufacturer",)
    search_fields = ("user__username", "manufacturer__name")
    raw_id_fields = ("user",)


class AliasInline(admin.TabularInline):
    model = models.BrandAlias
    extra = 1


@admin.register(models.Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "manufacturer", "parent")
    inlines = [AliasInline]


@admin.register(models.Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "sort_order")


# issue 6: fraud rows, read-only; issue 8: API keys, created and revoked here
from . import admin_fraud, admin_keys  # noqa: E402,F401
