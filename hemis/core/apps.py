from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hemis.core"
    label = "core"
    verbose_name = _("Reference data")

    def ready(self) -> None:
        from hemis.core import checks, signals  # noqa: F401  (registers checks and receivers)
