from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "hemis.directory"
    label = "directory"
    verbose_name = _("Directory of national points of contact")
