"""Back office for manufacturers' API keys (issue 8): administrators create a key with chosen
scopes and an optional expiry (the raw key is shown once, on the page that answers the form) and
revoke keys; both are on the audit trail (change records, entity "api_key"). The hash is never
shown."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import models
from .admin import ReadOnlyMixin, history_html
from .services.keys import KEY_ENTITY, SCOPES, api_key_create, api_key_revoke

SCOPE_LABELS = {
    "outlets:read": _("outlets:read — list own outlets and their history"),
    "outlets:write": _("outlets:write — upsert and import outlets; suspend, revoke, reinstate"),
    "complaints": _("complaints — answer complaints (online dispute resolution)"),
    "confirmations": _("confirmations — answer the regulator's confirmation requests"),
}


class ApiKeyCreateForm(forms.Form):
    manufacturer = forms.ModelChoiceField(models.Manufacturer.objects.order_by("name"),
                                          label=_("Manufacturer"))
    label = forms.CharField(label=_("Label"), max_length=64, required=False,
                            help_text=_("What the key is for, e.g. the system that uses it."))
    scopes = forms.MultipleChoiceField(label=_("Scopes"), widget=forms.CheckboxSelectMultiple,
                                       choices=[(s, SCOPE_LABELS[s]) for s in SCOPES])
    expires_at = forms.DateTimeField(label=_("Expires at"), required=False,
                                     help_text=_("Optional, e.g. 2027-06-30 18:00 (Beijing time)."))

    def clean_expires_at(self):
        value = self.cleaned_data["expires_at"]
        if value is not None and value <= timezone.now():
            raise forms.ValidationError(_("The expiry must be in the future."))
        return value


@admin.register(models.ApiKey)
class ApiKeyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("manufacturer", "prefix", "label", "scopes", "created_at", "expires_at",
                    "last_used_at", "revoked_at")
    list_filter = ("manufacturer",)
    fields = ("manufacturer", "prefix", "label", "scopes", "created_at", "expires_at",
              "last_used_at", "revoked_at", "change_history")
    readonly_fields = ("change_history",)
    actions = ["revoke_keys"]

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_revoke_permission(self, request):
        return request.user.is_superuser

    @admin.display(description=_("change history"))
    def change_history(self, obj):
        return history_html(KEY_ENTITY, obj.pk)

    @admin.action(description=_("Revoke selected keys"), permissions=["revoke"])
    def revoke_keys(self, request, queryset):
        at, actor = timezone.now(), f"user:{request.user.pk}"
        revoked = sum(api_key_revoke(key=key, actor=actor, at=at) for key in queryset)
        self.message_user(request, gettext("Keys revoked: %(n)d.") % {"n": revoked},
                          messages.SUCCESS)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ApiKeyCreateForm(request.POST or None)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                   "title": _("New API key"), "form": form}
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            key, raw = api_key_create(manufacturer=data["manufacturer"], label=data["label"],
                                      scopes=data["scopes"], expires_at=data["expires_at"],
                                      actor=f"user:{request.user.pk}", at=timezone.now())
            response = TemplateResponse(request, "admin/service_net/apikey/created.html",
                                        {**context, "title": _("API key created"), "key": key,
                                         "raw": raw})
            response["Cache-Control"] = "no-store"  # the raw key must not stay in any cache
            return response
        return TemplateResponse(request, "admin/service_net/apikey/add.html", context)
