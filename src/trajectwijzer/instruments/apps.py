from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "trajectwijzer.instruments"
    label = "instruments"
    verbose_name = _("Questionnaire instruments")

    def ready(self) -> None:
        from . import signals

        signals.register_texts()
