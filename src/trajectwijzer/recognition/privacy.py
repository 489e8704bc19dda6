"""Personal data of recognition: the person's requests with their history, steps,
evidence (files too), mappings, judgements, decisions, competence certificates,
recognised competences and earlier qualifications; and what the person recorded about
others as a starter, assessor, decider or provider admin."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trajectwijzer.privacy.registry import (
    Erasure,
    ErasureLine,
    Outcome,
    PersonalData,
    Provider,
    Section,
    register,
    rows,
)

from .models import (
    AssessorAssignment,
    CompetenceCertificate,
    Decision,
    Evidence,
    EvidenceMapping,
    Judgement,
    PriorQualification,
    RecognisedCompetence,
    Request,
    RequestEvent,
    StepRecord,
)

KEPT_FOR_OTHERS = _(
    "Recorded by the person about another learner's request, which relies on it; the "
    "person is anonymised."
)


class RecognitionProvider(Provider):
    app_label = "recognition"
    # Before trajectories and accounts; decisions protect their request, so this app
    # removes them itself, newest first.
    erase_order = 45
    personal_data = (
        PersonalData(
            "recognition.Request",
            ("learner", "started_by", "motivation", "not_admissible_reason"),
            _(
                "Your recognition requests (procedure, target modules, grounds, motivation, "
                "status), and the requests you started for a learner."
            ),
        ),
        PersonalData(
            "recognition.RequestEvent",
            ("actor", "note"),
            _("The history of your requests: who did what and when, and what you did on others'."),
        ),
        PersonalData(
            "recognition.AssessorAssignment",
            ("assessor", "assigned_by"),
            _("The assessors of your requests, and the requests you assess or assigned."),
        ),
        PersonalData(
            "recognition.StepRecord",
            ("note",),
            _("Where your requests stand in each step of the procedure."),
        ),
        PersonalData(
            "recognition.Judgement",
            ("assessor", "value", "criteria", "comment"),
            _("The assessors' judgements of your competences, and the judgements you recorded."),
        ),
        PersonalData(
            "recognition.Evidence",
            ("uploaded_by", "title", "description", "file", "url", "snapshot"),
            _("Your portfolio evidence: files, links and MICOON scores with their descriptions."),
        ),
        PersonalData(
            "recognition.EvidenceMapping",
            ("judged_by", "comment"),
            _("How your evidence maps to learning outcomes and how it was judged."),
        ),
        PersonalData(
            "recognition.Decision",
            ("learner", "decided_by", "reasoning", "remaining_part"),
            _("The decisions on your modules (exemptions), and the decisions you signed off."),
        ),
        PersonalData(
            "recognition.CompetenceCertificate",
            ("learner", "issued_by"),
            _("Your competence certificates (competentiebewijs), and those you issued."),
        ),
        PersonalData(
            "recognition.RecognisedCompetence",
            ("learner",),
            _("The competences recognised for you."),
        ),
        PersonalData(
            "recognition.PriorQualification",
            ("learner", "recorded_by", "title", "issuer"),
            _("Your earlier qualifications, and those you recorded for a learner."),
        ),
    )
    sections = {
        "requests": Section(_("Recognition requests"), "recognition.Request"),
        "events": Section(_("History of your requests"), "recognition.RequestEvent"),
        "steps": Section(_("Steps of your requests"), "recognition.StepRecord"),
        "evidence": Section(_("Portfolio evidence"), "recognition.Evidence"),
        "mappings": Section(
            _("Evidence mapped to learning outcomes"), "recognition.EvidenceMapping"
        ),
        "judgements": Section(_("Judgements of your competences"), "recognition.Judgement"),
        "decisions": Section(_("Decisions on your modules"), "recognition.Decision"),
        "certificates": Section(_("Competence certificates"), "recognition.CompetenceCertificate"),
        "recognised_competences": Section(
            _("Recognised competences"), "recognition.RecognisedCompetence"
        ),
        "prior_qualifications": Section(
            _("Earlier qualifications"), "recognition.PriorQualification"
        ),
        "assessed_by_you": Section(
            _("Requests you were assigned to assess"), "recognition.AssessorAssignment"
        ),
        "judgements_by_you": Section(_("Judgements you recorded"), "recognition.Judgement"),
        "decisions_by_you": Section(_("Decisions you signed off"), "recognition.Decision"),
        "started_by_you": Section(_("Requests you started for a learner"), "recognition.Request"),
    }

    def export(self, person) -> dict:
        own = Request.objects.filter(learner=person)
        return {
            "requests": rows(
                own.order_by("created_at", "pk"),
                "public_id",
                "procedure_version__procedure",
                "procedure_version__version",
                "provider__name",
                "programme__title",
                "grounds",
                "motivation",
                "started_as",
                "started_by__full_name",
                "employer__name",
                "status",
                "created_at",
                "submitted_at",
                "admissibility_decided_at",
                "not_admissible_reason",
                "decided_at",
                "closed_at",
            ),
            "events": rows(
                RequestEvent.objects.filter(request__in=own).order_by("at", "pk"),
                "request__public_id",
                "at",
                "actor__full_name",
                "action",
                "from_status",
                "to_status",
                "step_key",
                "note",
            ),
            "steps": rows(
                StepRecord.objects.filter(request__in=own),
                "request__public_id",
                "step_key",
                "status",
                "started_at",
                "due_on",
                "completed_at",
                "note",
            ),
            "evidence": rows(
                Evidence.objects.filter(request__in=own).order_by("uploaded_at", "pk"),
                "request__public_id",
                "kind",
                "title",
                "description",
                "dated_on",
                "file",
                "original_name",
                "content_type",
                "size",
                "sha256",
                "url",
                "snapshot",
                "uploaded_at",
            ),
            "mappings": rows(
                EvidenceMapping.objects.filter(request__in=own),
                "evidence__title",
                "competence__code",
                "indicator__code",
                "judgement",
                "comment",
                "judged_by__full_name",
                "judged_at",
            ),
            "judgements": rows(
                Judgement.objects.filter(request__in=own).order_by("recorded_at", "pk"),
                "request__public_id",
                "step_key",
                "competence__code",
                "assessor__full_name",
                "value",
                "criteria",
                "comment",
                "recorded_at",
            ),
            "decisions": rows(
                Decision.objects.filter(learner=person).order_by("decided_at", "pk"),
                "request__public_id",
                "provider__name",
                "module__code",
                "module__title",
                "outcome",
                "hours_exempted",
                "credits_exempted",
                "internship_weeks_reduced",
                "remaining_part",
                "reasoning",
                "source",
                "matrix_rule__code",
                "decided_by__full_name",
                "decided_at",
                "communicated_at",
                "valid_from",
                "valid_until",
                "supersedes_id",
            ),
            "certificates": rows(
                CompetenceCertificate.objects.filter(learner=person),
                "number",
                "provider__name",
                "issued_at",
                "valid_from",
                "valid_until",
            ),
            "recognised_competences": rows(
                RecognisedCompetence.objects.filter(learner=person),
                "competence__code",
                "competence__title",
                "certificate__number",
                "decision_id",
                "recognised_on",
            ),
            "prior_qualifications": rows(
                PriorQualification.objects.filter(learner=person),
                "kind",
                "title",
                "issuer",
                "obtained_on",
                "qualification__code",
                "module__code",
                "credential_type",
                "credits",
                "recorded_at",
            ),
            # About others: the person's own acts, not the other learner's data.
            "assessed_by_you": rows(
                AssessorAssignment.objects.filter(assessor=person).exclude(request__learner=person),
                "request__procedure_version__procedure",
                "role",
                "assigned_at",
                "ended_at",
            ),
            "judgements_by_you": rows(
                Judgement.objects.filter(assessor=person).exclude(request__learner=person),
                "step_key",
                "competence__code",
                "value",
                "comment",
                "recorded_at",
            ),
            "decisions_by_you": rows(
                Decision.objects.filter(decided_by=person).exclude(learner=person),
                "module__code",
                "outcome",
                "reasoning",
                "decided_at",
            ),
            "started_by_you": rows(
                Request.objects.filter(started_by=person).exclude(learner=person),
                "procedure_version__procedure",
                "started_as",
                "created_at",
            ),
        }

    def files(self, person) -> list[str]:
        return list(
            Evidence.objects.filter(request__learner=person)
            .exclude(file="")
            .values_list("file", flat=True)
        )

    def erase(self, person, *, dry_run: bool) -> list[ErasureLine]:
        erasure = Erasure(dry_run)
        about = _("About the person.")
        own = Request.objects.filter(learner=person)
        decisions = Decision.objects.filter(learner=person)
        erasure.delete(
            "recognition.RecognisedCompetence",
            RecognisedCompetence.objects.filter(learner=person),
            about,
        )
        erasure.delete(
            "recognition.CompetenceCertificate",
            CompetenceCertificate.objects.filter(learner=person),
            about,
        )
        # A decision protects the one it supersedes: unlink the chain, then delete.
        erasure.run(
            "recognition.Decision",
            decisions.count(),
            Outcome.DELETED,
            about,
            lambda: (decisions.update(supersedes=None), decisions.delete()),
        )
        for model, queryset in (
            ("recognition.EvidenceMapping", EvidenceMapping.objects.filter(request__in=own)),
            ("recognition.Evidence", Evidence.objects.filter(request__in=own)),
            ("recognition.Judgement", Judgement.objects.filter(request__in=own)),
            ("recognition.StepRecord", StepRecord.objects.filter(request__in=own)),
            ("recognition.AssessorAssignment", AssessorAssignment.objects.filter(request__in=own)),
            ("recognition.RequestEvent", RequestEvent.objects.filter(request__in=own)),
        ):
            erasure.delete(model, queryset, about)
        erasure.delete("recognition.Request", own, about)
        erasure.delete(
            "recognition.PriorQualification",
            PriorQualification.objects.filter(learner=person),
            about,
        )
        others = ~Q(request__learner=person)
        erasure.keep(
            "recognition.Judgement",
            Judgement.objects.filter(others, assessor=person),
            KEPT_FOR_OTHERS,
        )
        erasure.keep(
            "recognition.AssessorAssignment",
            AssessorAssignment.objects.filter(others, assessor=person),
            KEPT_FOR_OTHERS,
        )
        erasure.keep(
            "recognition.Decision",
            Decision.objects.filter(decided_by=person).exclude(learner=person),
            KEPT_FOR_OTHERS,
        )
        erasure.keep(
            "recognition.Request",
            Request.objects.filter(started_by=person).exclude(learner=person),
            KEPT_FOR_OTHERS,
        )
        erasure.keep(
            "recognition.Evidence",
            Evidence.objects.filter(others, uploaded_by=person),
            KEPT_FOR_OTHERS,
        )
        erasure.keep(
            "recognition.PriorQualification",
            PriorQualification.objects.filter(recorded_by=person).exclude(learner=person),
            KEPT_FOR_OTHERS,
        )
        return erasure.lines


register(RecognitionProvider())
