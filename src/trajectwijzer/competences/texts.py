"""Texts other parts show for competence follow-up (the home page tasks), kept here so
they are translated in this app's own catalogue."""

from django.utils.translation import gettext_lazy as _

MY_COMPETENCES = _("My competences")
MY_COMPETENCES_HELP = _(
    "Where you started, where you are now, and what is left, by you, teacher and mentor."
)
FOLLOW_COMPETENCES = _("Competence follow-up")
FOLLOW_COMPETENCES_HELP = _("Score your learners' competences and see coverage and disagreement.")
