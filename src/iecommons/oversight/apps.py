from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "iecommons.oversight"
    verbose_name = _("oversight")
