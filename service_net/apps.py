from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceNetConfig(AppConfig):
    name = "service_net"
    verbose_name = _("Authorized service network")
