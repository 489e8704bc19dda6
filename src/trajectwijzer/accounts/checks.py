"""Deployment checks for accounts (run by ``trajectwijzer manage check --deploy``)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def trusted_proxy_count_behind_a_proxy(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Behind a proxy, REMOTE_ADDR is the proxy: every client would share one address.

    Login throttling would then lock an account for everyone after five wrong guesses
    by anyone, which is what counting per (account, address) is meant to prevent.
    """
    if settings.BEHIND_TLS_PROXY and settings.TRUSTED_PROXY_COUNT <= 0:
        return [
            checks.Warning(
                "BEHIND_TLS_PROXY is on but TRUSTED_PROXY_COUNT is 0: every client seems to "
                "come from the proxy's address, so login throttling counts them as one.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies in front of the "
                "application that append to X-Forwarded-For (1 for one nginx).",
                id="accounts.W001",
            )
        ]
    return []
