"""What recognition adds to the start page: a task per role (title, description, url
name, the policy action the person must be allowed), turned into ``web.queries.Task``s.

The texts live here, so they are translated in this app's own catalogue.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from . import rules

MY_REQUESTS = {
    "title": _("My recognition requests"),
    "description": _(
        "Shorten your programme with what you already master: exemptions, proposals and "
        "your requests."
    ),
    "url_name": "recognition:index",
    "requires": None,
}
TO_ASSESS = {
    "title": _("Requests to assess"),
    "description": _("Recognition requests assigned to you: evidence, judgements, decisions."),
    "url_name": "recognition:index",
    "requires": rules.LIST_ASSIGNED_REQUESTS,
}
PROVIDER_REQUESTS = {
    "title": _("Recognition requests"),
    "description": _("Your provider's recognition requests: admissibility and assessors."),
    "url_name": "recognition:index",
    "requires": rules.LIST_PROVIDER_REQUESTS,
}
OVERVIEW = {
    "title": _("Recognition overview"),
    "description": _(
        "Requests by status, time to decision, outcomes and what the assessments cost."
    ),
    "url_name": "recognition_overview:index",
    "requires": rules.VIEW_OVERVIEW,
}
EXEMPTION_MATRIX = {
    "title": _("Exemption matrix"),
    "description": _(
        "The rules by which a qualification, module, credential or competentiebewijs "
        "exempts from your modules: export and import."
    ),
    "url_name": "recognition_overview:matrix",
    "requires": rules.MANAGE_EXEMPTION_RULES,
}
LEARNERS_REQUESTS = {
    "title": _("Recognition of my learners"),
    "description": _("Where your learners' recognition requests stand, and their decisions."),
    "url_name": "recognition:index",
    "requires": None,
}

# The start page's section for the assessor role (a role this app brought).
ASSESSOR_SECTION = _("As an assessor")
