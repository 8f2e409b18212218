"""The registry of brand-authorized repair outlets (授权维修网点)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Manufacturer(models.Model):
    name = models.CharField(_("name"), max_length=128, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Enrolled in online dispute resolution (ODR, 在线消费纠纷解决): complaints against it go to it
    # first, with 10 working days to settle (domain.md §4).
    odr_enrolled = models.BooleanField(_("enrolled in ODR"), default=False)
    odr_enrolled_at = models.DateTimeField(_("ODR enrolment since"), null=True, blank=True)

    class Meta:
        verbose_name = _("manufacturer")
        verbose_name_plural = _("manufacturers")

    def __str__(self) -> str:
        return self.name


class ManufacturerStaff(models.Model):
    """A manufacturer's web console account: answers complaints and confirmation requests."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="manufacturer_staff")
    manufacturer = models.ForeignKey(Manufacturer, on_delete=models.CASCADE, related_name="staff")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("manufacturer staff")
        verbose_name_plural = _("manufacturer staff")

    def __str__(self) -> str:
        return f"{self.user.get_username()} @ {self.manufacturer}"


class ApiKey(models.Model):
    """A manufacturer's API key. Only a SHA-256 hash is stored; the key is shown once."""

    manufacturer = models.ForeignKey(Manufacturer, on_delete=models.CASCADE, related_name="keys")
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=64, blank=True)
    # What the key may do (service_net.services.keys.SCOPES); a key created before scopes has all.
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.manufacturer} {self.prefix}…"


class Brand(models.Model):
    manufacturer = models.ForeignKey(Manufacturer, on_delete=models.PROTECT, related_name="brands")
    name = models.CharField(_("name"), max_length=64, unique=True)
    name_en = models.CharField(_("English name"), max_length=64, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_brands",
        verbose_name=_("parent brand"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")

    def __str__(self) -> str:
        return self.name


class BrandAlias(models.Model):
    """Another name a consumer may type for a brand: 'Haier', 'haier', '海尔电器'."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=64, unique=True, help_text=_("stored case-folded"))

    class Meta:
        verbose_name = _("brand alias")
        verbose_name_plural = _("brand aliases")

    def __str__(self) -> str:
        return self.alias


class Category(models.Model):
    code = models.SlugField(max_length=32, primary_key=True)
    name_zh = models.CharField(_("Chinese name"), max_length=32)
    name_en = models.CharField(_("English name"), max_length=64)
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("appliance category")
        verbose_name_plural = _("appliance categories")

    def __str__(self) -> str:
        return f"{self.name_zh} ({self.code})"


class Outlet(models.Model):
    class Kind(models.TextChoices):
        REPAIR = "repair", _("Repair outlet")
        COMMUNITY = "community", _("Community service point")
        IN_STORE = "in_store", _("In-store service point")

    name = models.CharField(_("name"), max_length=128, db_index=True)
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, null=True, blank=True, unique=True
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.REPAIR)
    address = models.CharField(_("address"), max_length=256)
    division = models.ForeignKey(
        "geo.Division", null=True, blank=True, on_delete=models.PROTECT, related_name="outlets",
        verbose_name=_("division"),
    )
    lat = models.FloatField(_("latitude (WGS-84)"))
    lon = models.FloatField(_("longitude (WGS-84)"))
    opening_hours = models.CharField(_("opening hours"), max_length=128, blank=True)
    # Service modes (服务方式)
    in_store = models.BooleanField(_("in-store repair"), default=True)
    home_visit_radius_km = models.DecimalField(
        _("home visits within (km)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    remote_diagnosis = models.BooleanField(_("remote diagnosis"), default=False)
    is_demo = models.BooleanField(_("synthetic demo data"), default=False)
    # The public view of the outlet (phones, service modes, price lists, authorizations) as one
    # document, rebuilt from the tables by every write service: verify and nearest read one row.
    card = models.JSONField(default=dict, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("service outlet")
        verbose_name_plural = _("service outlets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lat__gte=-90, lat__lte=90, lon__gte=-180, lon__lte=180),
                name="outlet_lat_lon_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(home_visit_radius_km__isnull=True)
                | models.Q(home_visit_radius_km__gt=0),
                name="outlet_home_visit_radius_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OutletPhone(models.Model):
    class Kind(models.TextChoices):
        MOBILE = "mobile", _("Mobile")
        LANDLINE = "landline", _("Landline")
        SERVICE = "service", _("400/800 service number")

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("normalized number"), max_length=20, db_index=True)
    display = models.CharField(_("as published"), max_length=32)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("outlet phone")
        verbose_name_plural = _("outlet phones")
        constraints = [
            models.UniqueConstraint(fields=["outlet", "number"], name="outlet_phone_unique")
        ]

    def __str__(self) -> str:
        return self.display


class TouringStop(models.Model):
    """A township an outlet visits on a schedule (巡回服务)."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="touring_stops")
    division = models.ForeignKey("geo.Division", on_delete=models.PROTECT,
                                 verbose_name=_("township"))
    schedule = models.CharField(_("schedule"), max_length=128, blank=True)
    visits_per_month = models.DecimalField(_("visits per month"), max_digits=4, decimal_places=1,
                                           default=1)

    class Meta:
        verbose_name = _("touring stop")
        verbose_name_plural = _("touring stops")
        constraints = [
            models.UniqueConstraint(fields=["outlet", "division"], name="touring_stop_unique")
        ]

    def __str__(self) -> str:
        return f"{self.outlet_id} → {self.division_id}"


class ExternalRef(models.Model):
    """A manufacturer's own id for an outlet (its `external_id`)."""

    manufacturer = models.ForeignKey(Manufacturer, on_delete=models.CASCADE)
    external_id = models.CharField(max_length=64)
    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="external_refs")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["manufacturer", "external_id"], name="external_ref_unique"
            ),
            models.UniqueConstraint(
                fields=["manufacturer", "outlet"], name="external_ref_one_per_outlet"
            ),
        ]

    def __str__(self) -> str:
        return self.external_id


class PriceItem(models.Model):
    """One line of a posted price list (明码标价), as a manufacturer published it for the outlet."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="price_items")
    manufacturer = models.ForeignKey(Manufacturer, on_delete=models.CASCADE,
                                     verbose_name=_("posted by"))
    item = models.CharField(_("service item"), max_length=128)
    covers = models.CharField(_("what it covers"), max_length=256, blank=True)
    price_yuan = models.DecimalField(
        _("price (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    pricing_method = models.CharField(_("pricing method"), max_length=256, blank=True)
    is_visit_fee = models.BooleanField(_("home-visit fee"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["manufacturer_id", "position"]
        verbose_name = _("price list item")
        verbose_name_plural = _("price list items")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price_yuan__isnull=False) | ~models.Q(pricing_method=""),
                name="price_item_has_price_or_method",
            ),
        ]

    def __str__(self) -> str:
        return self.item


class Authorization(models.Model):
    """A brand's authorization of an outlet for some appliance categories."""

    class State(models.TextChoices):
        ACTIVE = "ACTIVE", _("Active")
        SUSPENDED = "SUSPENDED", _("Suspended")
        REVOKED = "REVOKED", _("Revoked")

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="authorizations")
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="authorizations",
                              verbose_name=_("brand"))
    categories = models.ManyToManyField(Category, related_name="authorizations",
                                        verbose_name=_("appliance categories"))
    certificate_no = models.CharField(_("certificate number"), max_length=64, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.ACTIVE)
    state_reason = models.CharField(_("reason"), max_length=256, blank=True)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("authorization")
        verbose_name_plural = _("authorizations")
        constraints = [
            models.UniqueConstraint(fields=["outlet", "brand"], name="authorization_outlet_brand"),
            models.CheckConstraint(
                condition=models.Q(valid_to__gte=models.F("valid_from")),
                name="authorization_valid_range",
            ),
        ]
        indexes = [models.Index(fields=["certificate_no"])]

    def __str__(self) -> str:
        return f"{self.brand} @ {self.outlet}"


class ChangeRecord(models.Model):
    """Who changed what, when: every write to outlets and authorizations (audit trail)."""

    entity = models.CharField(max_length=32)  # "outlet" | "authorization"
    entity_id = models.BigIntegerField()
    action = models.CharField(max_length=64)  # dotted: service_net.authorization.revoke
    actor = models.CharField(max_length=128)
    at = models.DateTimeField()
    reason = models.CharField(max_length=256, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        indexes = [models.Index(fields=["entity", "entity_id", "at"])]

    def __str__(self) -> str:
        return f"{self.action} #{self.entity_id} by {self.actor}"


class RegistryState(models.Model):
    """One row whose version every registry write replaces, so in-memory indexes know to reload.

    A random token rather than a counter: equal means unchanged, even across a database restore
    or a rolled-back transaction that had counted up.
    """

    version = models.CharField(max_length=32, default="")

    def __str__(self) -> str:
        return f"registry v{self.version}"
