from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "iecommons.common"
    verbose_name = _("Common")

    def ready(self) -> None:
        # Registers the pinyin collation on every SQLite connection.
        from iecommons.common import collation  # noqa: F401
