from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "iecommons.talent"
    verbose_name = _("Talent and internships")

    def ready(self) -> None:
        # The assessment's derived indicators that talent's records feed (see indicators.py).
        from iecommons.talent.indicators import register

        register()
