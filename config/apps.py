from django.apps import AppConfig


class PlatformConfig(AppConfig):
    """Cross-cutting platform tables used by all three apps: the job outbox and staff logins."""

    name = "config"
    label = "platform"
    verbose_name = "Sanbao platform"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .log_filters import install

        install()  # request lines are logged without their query string (personal data)
