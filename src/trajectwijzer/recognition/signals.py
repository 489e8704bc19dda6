"""The sentence a coach reads for recognition's signal (see caseload.services)."""

from django.utils.translation import gettext_lazy as _

from trajectwijzer.caseload.services import register_signal_text

STEP_WAITS_ON_LEARNER = "recognition.step_waits_on_learner"

register_signal_text(
    STEP_WAITS_ON_LEARNER,
    _(
        "A step of a recognition request ({procedure}: {step}) has been waiting on the "
        "learner since before {due_on}, longer than the procedure allows."
    ),
)
