from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "iecommons.policy"
    label = "policy"
    verbose_name = _("Policy and incentives")
    default_auto_field = "django.db.models.BigAutoField"
