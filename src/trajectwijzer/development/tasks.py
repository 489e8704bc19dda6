"""Home-page tasks of this part: (title, description, url name), used by web/queries.py.

The texts live here so they are translated in this app's own catalogue.
"""

from django.utils.translation import gettext_lazy as _

COMPETENCE_MATRICES = (
    _("Competence matrices"),
    _("Map your employees' competences, see the gaps and draft development plans."),
    "development:index",
)
MY_DEVELOPMENT = (
    _("My competences and development plan"),
    _("Your levels at work, the levels your job asks for, and your plan."),
    "development:index",
)
REORIENTATION = (
    _("Re-orientation"),
    _("Which qualifications and programmes fit the competences you already have?"),
    "development:reorientation",
)
