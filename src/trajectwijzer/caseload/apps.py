from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseloadConfig(AppConfig):
    name = "trajectwijzer.caseload"
    label = "caseload"
    verbose_name = _("Coach caseload")
