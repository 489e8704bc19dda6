from django.apps import AppConfig


class WebConfig(AppConfig):
    """Shared pages: home per role, health check, error pages, base layout."""

    name = "trajectwijzer.web"
    label = "web"
