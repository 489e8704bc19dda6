from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BarometerConfig(AppConfig):
    name = "trajectwijzer.barometer"
    label = "barometer"
    verbose_name = _("Motivation barometer")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (registers the caseload signal texts)
