"""The coach's caseload and a learner's contact points (central contact point, seed 000).

A coach sees their learners with open signals first, acknowledges signals, writes
notes, plans follow-ups and refers to services. A learner sees who their coach,
teacher and mentor are and asks a question that reaches the right person.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.access import access_learner, access_learner_record, log_access
from trajectwijzer.accounts.models import ConsentScope
from trajectwijzer.barometer import rules as barometer_rules
from trajectwijzer.competences import rules as competences_rules
from trajectwijzer.development import queries as development_queries

from . import queries, rules, services
from .forms import (
    AnswerForm,
    FollowUpForm,
    NoteForm,
    QuestionForm,
    ReferralForm,
    ReferralStatusForm,
)
from .models import FollowUp, Question, Referral, Signal


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _copy_errors(form, error: ValidationError) -> None:
    for name, problems in error.message_dict.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, rules.VIEW_CASELOAD)
    rows = queries.caseload_for(request.user)
    # The list shows each learner's open signals: a read of each learner's file.
    log_access(request.user, [row.learner for row in rows], rules.VIEW_CASELOAD)
    return render(request, "caseload/caseload.html", {"rows": rows})


def _render_learner(request, learner_id, *, forms=None, status=200):
    """The learner's file for one of their coaches (else 404); the read is logged."""
    learner, learner_file = queries.learner_file(request.user, learner_id)
    forms = forms or {}
    context = {
        "learner": learner,
        "note_form": forms.get("note") or NoteForm(),
        "follow_up_form": forms.get("follow_up") or FollowUpForm(),
        "referral_form": forms.get("referral") or ReferralForm(),
        "status_form": ReferralStatusForm(),
        "teachers": services.teachers_of(learner),
        "mentors": services.mentors_of(learner),
        "can_see_barometer": policy.can(
            request.user, barometer_rules.VIEW_BAROMETER_ENTRIES, learner
        ),
        # The same learner in the other parts, when the policy lets this coach see them.
        "can_see_instruments": policy.can(
            request.user,
            policy.VIEW_PERSONAL_DATA,
            policy.PersonalData(learner, ConsentScope.INSTRUMENTS),
        ),
        "can_see_competences": policy.can(
            request.user, competences_rules.VIEW_ASSESSMENTS, learner
        ),
        "development_plans": development_queries.plans_of_employee_visible_to(
            request.user, learner
        ),
        **learner_file,
    }
    context["open_signals"] = [(s, services.signal_text(s)) for s in context["open_signals"]]
    context["acknowledged_signals"] = [
        (s, services.signal_text(s)) for s in context["acknowledged_signals"]
    ]
    return render(request, "caseload/learner.html", context, status=status)


@login_required
def learner(request: HttpRequest, learner_id: int) -> HttpResponse:
    return _render_learner(request, learner_id)


@login_required
@require_POST
def acknowledge(request: HttpRequest, signal_id: int) -> HttpResponse:
    signal = Signal.objects.select_related("learner").filter(pk=signal_id).first()
    if signal is None or not policy.can(request.user, rules.ACKNOWLEDGE_SIGNAL, signal):
        raise Http404
    services.acknowledge(request.user, signal)
    messages.success(request, _("Signal acknowledged."))
    target = request.POST.get("next")
    if target == "caseload":
        return redirect("caseload:caseload")
    return redirect("caseload:learner", signal.learner_id)


def _write(request, learner_id, form_class, key, use_case, success):
    # A write checks without logging; a refused form shows the learner's file again,
    # which is a read and logs itself.
    learner = access_learner(request.user, learner_id, rules.COACH_LEARNER, log=False)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            use_case(request.user, learner, **form.cleaned_data)
        except ValidationError as error:
            _copy_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("caseload:learner", learner.pk)
    return _render_learner(request, learner.pk, forms={key: form}, status=400)


@login_required
@require_POST
def add_note(request: HttpRequest, learner_id: int) -> HttpResponse:
    return _write(request, learner_id, NoteForm, "note", services.add_note, _("Note saved."))


@login_required
@require_POST
def add_follow_up(request: HttpRequest, learner_id: int) -> HttpResponse:
    return _write(
        request,
        learner_id,
        FollowUpForm,
        "follow_up",
        services.plan_follow_up,
        _("Follow-up planned."),
    )


@login_required
@require_POST
def add_referral(request: HttpRequest, learner_id: int) -> HttpResponse:
    return _write(
        request, learner_id, ReferralForm, "referral", services.refer, _("Referral recorded.")
    )


@login_required
@require_POST
def complete_follow_up(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    follow_up = get_object_or_404(FollowUp.objects.select_related("learner"), pk=follow_up_id)
    if not policy.can(request.user, rules.COACH_LEARNER, follow_up.learner):
        raise Http404
    services.complete_follow_up(request.user, follow_up)
    messages.success(request, _("Follow-up marked as done."))
    return redirect("caseload:learner", follow_up.learner_id)


@login_required
@require_POST
def referral_status(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = get_object_or_404(Referral.objects.select_related("learner"), pk=referral_id)
    if not policy.can(request.user, rules.COACH_LEARNER, referral.learner):
        raise Http404
    try:
        services.set_referral_status(request.user, referral, request.POST.get("status", ""))
    except ValidationError as error:
        for problems in error.message_dict.values():
            for problem in problems:
                messages.error(request, _("Status: %(problem)s") % {"problem": problem})
    else:
        messages.success(request, _("Referral status updated."))
    return redirect("caseload:learner", referral.learner_id)


@login_required
def contact(request: HttpRequest) -> HttpResponse:
    """The learner's contact points and their questions; asking a new question."""
    policy.require(request.user, rules.ASK_QUESTION)
    learner = request.user
    form = QuestionForm()
    status = 200
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                question = services.ask_question(
                    learner, **form.cleaned_data, site_url=_site_url(request)
                )
            except ValidationError as error:
                _copy_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your question was sent to %(name)s.")
                    % {"name": question.recipient.full_name},
                )
                return redirect("caseload:contact")
        status = 400
    return render(
        request,
        "caseload/contact.html",
        {
            "form": form,
            "coaches": services.coaches_of(learner),
            "teachers": services.teachers_of(learner),
            "mentors": services.mentors_of(learner),
            "questions": list(queries.questions_of(learner)),
        },
        status=status,
    )


@login_required
def questions(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, rules.LIST_RECEIVED_QUESTIONS)
    questions = queries.readable_questions(request.user, queries.questions_to(request.user))
    return render(request, "caseload/questions.html", {"questions": questions})


@login_required
def question(request: HttpRequest, question_id: int) -> HttpResponse:
    question = (
        Question.objects.select_related("learner", "recipient").filter(pk=question_id).first()
    )
    access_learner_record(
        request.user,
        question,
        rules.VIEW_QUESTION,
        learner=question.learner if question is not None else None,
        log=request.method == "GET",  # a POST renders the page again: one read, one entry
    )
    can_answer = policy.can(request.user, rules.ANSWER_QUESTION, question)
    form = AnswerForm(initial={"answer": question.answer})
    status = 200
    if request.method == "POST":
        if not can_answer:
            raise Http404
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.answer_question(
                    request.user, question, **form.cleaned_data, site_url=_site_url(request)
                )
            except ValidationError as error:
                _copy_errors(form, error)
            else:
                messages.success(request, _("Your answer was sent."))
                return redirect("caseload:question", question.pk)
        status = 400
    return render(
        request,
        "caseload/question.html",
        {"question": question, "form": form, "can_answer": can_answer},
        status=status,
    )
