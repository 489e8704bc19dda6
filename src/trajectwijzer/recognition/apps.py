from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "trajectwijzer.recognition"
    label = "recognition"
    verbose_name = _("Recognition of prior learning")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (registers the caseload signal text)
