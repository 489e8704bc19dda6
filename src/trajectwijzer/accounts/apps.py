from importlib import import_module

from django.apps import AppConfig, apps
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "trajectwijzer.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401  (registers the system checks)
            policy,  # noqa: F401  (registers the accounts actions first)
            signals,  # noqa: F401  (connects the receivers)
        )

        discover_rules()


# Only the platform's own apps declare policy rules; a third-party app's ``rules``
# module (django-rules and the like) is none of the policy's business.
RULES_PACKAGE = __name__.split(".")[0]


def discover_rules() -> None:
    """Import ``<app>.rules`` of every installed app of the platform that has one: each
    registers its actions with ``policy.register_rules``. A new app adds a rules.py and
    nothing here. Importing twice is harmless (Python imports a module once)."""
    for config in apps.get_app_configs():
        if config.name.split(".")[0] != RULES_PACKAGE:
            continue
        if module_has_submodule(config.module, "rules"):
            import_module(f"{config.name}.rules")
