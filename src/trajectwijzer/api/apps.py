from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "trajectwijzer.api"
    label = "api"
