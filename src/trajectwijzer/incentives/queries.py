"""Where a person's incentives answers are: saved on their profile, or in the session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .models import SavedSituation

SESSION_KEY = "incentives_situation"


def situation_for(request: HttpRequest) -> dict[str, Any] | None:
    """The answers of this visitor: the logged-in person's saved ones, else the session's.

    Only the person themselves ever reads their saved situation, so no policy check on
    another person is involved here.
    """
    user = request.user
    if getattr(user, "is_authenticated", False):
        saved = SavedSituation.objects.filter(user=user).values_list("answers", flat=True).first()
        if saved:
            return saved
    return request.session.get(SESSION_KEY) or None


def remember_situation(request: HttpRequest, answers: dict[str, Any]) -> None:
    """Keep validated answers in the session and, for a logged-in person, on the profile."""
    request.session[SESSION_KEY] = answers
    if getattr(request.user, "is_authenticated", False):
        SavedSituation.objects.update_or_create(user=request.user, defaults={"answers": answers})
