"""Token authentication for API writes: ``Authorization: Bearer tw_…``."""

from ninja.security import HttpBearer

from trajectwijzer.accounts import services


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = services.user_for_api_key(token)
        if user is not None:
            request.user = user
        return user
