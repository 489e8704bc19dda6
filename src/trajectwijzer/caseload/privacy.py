"""Personal data of the caseload: signals, coach notes, follow-ups, referrals and
questions about a learner, and what the person wrote about others."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from trajectwijzer.privacy.registry import (
    Erasure,
    ErasureLine,
    PersonalData,
    Provider,
    Section,
    register,
    rows,
)

from .models import CoachNote, FollowUp, Question, Referral, Signal

KEPT_FOR_OTHERS = _(
    "Written by the person about someone else: it is that person's record and stays, "
    "pointing to the anonymised author."
)


class CaseloadProvider(Provider):
    app_label = "caseload"
    personal_data = (
        PersonalData(
            "caseload.Signal",
            ("learner", "acknowledged_by", "details"),
            _("Signals that asked your coach's attention, and those you acknowledged."),
        ),
        PersonalData(
            "caseload.CoachNote",
            ("learner", "author", "text"),
            _("Your coach's notes about you, and the notes you wrote as a coach."),
        ),
        PersonalData(
            "caseload.FollowUp",
            ("learner", "coach", "what"),
            _("What your coach planned to do for you."),
        ),
        PersonalData(
            "caseload.Referral",
            ("learner", "coach", "service", "reason"),
            _("Services your coach referred you to, and why."),
        ),
        PersonalData(
            "caseload.Question",
            ("learner", "recipient", "subject", "body", "answer"),
            _("Questions you asked your teacher or coach, and questions asked to you."),
        ),
    )
    sections = {
        "signals": Section(_("Signals about you"), "caseload.Signal"),
        "coach_notes": Section(_("Coach notes about you"), "caseload.CoachNote"),
        "follow_ups": Section(_("Follow-ups"), "caseload.FollowUp"),
        "referrals": Section(_("Referrals"), "caseload.Referral"),
        "questions_asked": Section(_("Questions you asked"), "caseload.Question"),
        "questions_received": Section(_("Questions asked to you"), "caseload.Question"),
        "notes_written": Section(_("Notes you wrote as a coach"), "caseload.CoachNote"),
    }

    def export(self, person) -> dict:
        return {
            "signals": rows(
                Signal.objects.filter(learner=person),
                "source",
                "code",
                "details",
                "raised_at",
                "acknowledged_at",
            ),
            "coach_notes": rows(
                CoachNote.objects.filter(learner=person), "written_on", "author__full_name", "text"
            ),
            "follow_ups": rows(
                FollowUp.objects.filter(learner=person),
                "due_on",
                "what",
                "coach__full_name",
                "done_at",
            ),
            "referrals": rows(
                Referral.objects.filter(learner=person),
                "referred_on",
                "service",
                "reason",
                "status",
                "coach__full_name",
            ),
            "questions_asked": rows(
                Question.objects.filter(learner=person),
                "asked_at",
                "kind",
                "recipient__full_name",
                "subject",
                "body",
                "answer",
                "answered_at",
            ),
            # What the person wrote; the other learner's identity is theirs, not exported.
            "questions_received": rows(
                Question.objects.filter(recipient=person), "asked_at", "subject", "answer"
            ),
            "notes_written": rows(CoachNote.objects.filter(author=person), "written_on", "text"),
        }

    def erase(self, person, *, dry_run: bool) -> list[ErasureLine]:
        erasure = Erasure(dry_run)
        about = _("About the person.")
        erasure.delete("caseload.Signal", Signal.objects.filter(learner=person), about)
        erasure.delete("caseload.CoachNote", CoachNote.objects.filter(learner=person), about)
        erasure.delete("caseload.FollowUp", FollowUp.objects.filter(learner=person), about)
        erasure.delete("caseload.Referral", Referral.objects.filter(learner=person), about)
        erasure.delete("caseload.Question", Question.objects.filter(learner=person), about)
        erasure.keep("caseload.CoachNote", CoachNote.objects.filter(author=person), KEPT_FOR_OTHERS)
        erasure.keep("caseload.FollowUp", FollowUp.objects.filter(coach=person), KEPT_FOR_OTHERS)
        erasure.keep("caseload.Referral", Referral.objects.filter(coach=person), KEPT_FOR_OTHERS)
        erasure.keep(
            "caseload.Question", Question.objects.filter(recipient=person), KEPT_FOR_OTHERS
        )
        erasure.keep(
            "caseload.Signal", Signal.objects.filter(acknowledged_by=person), KEPT_FOR_OTHERS
        )
        return erasure.lines


register(CaseloadProvider())
