from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreatiesConfig(AppConfig):
    name = "hemis.treaties"
    label = "treaties"
    verbose_name = _("Treaty status")
