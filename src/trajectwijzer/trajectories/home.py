"""What trajectories adds to the start page (texts here, in this app's catalogue;
``web.queries`` turns them into its ``Task`` objects)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MY_PLAN = {
    "title": _("My study plan"),
    "description": _(
        "Your modules per term and your completion date; try other hours a week or start."
    ),
    "url_name": "trajectories:my_plans",
}
