"""Recording, the signals it gives, reminders, missed moments and the cohort rule."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from trajectwijzer.barometer import queries, services, signals
from trajectwijzer.barometer.models import Entry, Moment, MomentKind, Reminder
from trajectwijzer.caseload.models import Signal
from trajectwijzer.caseload.services import acknowledge_signal, signal_text
from trajectwijzer.cli import main
from trajectwijzer.testing_tasks import REFUSING_EMAIL_BACKEND

from .builders import build_world

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def world():
    return build_world()


def codes(learner) -> list[str]:
    return sorted(Signal.objects.filter(learner=learner).values_list("code", flat=True))


# Recording and its signals ---------------------------------------------------------


def test_a_low_score_raises_a_low_score_signal_with_its_text(world):
    entry = services.record_entry(world.learner, services.LOW_SCORE_THRESHOLD, "Zwaar")
    assert entry.score == 2 and entry.note == "Zwaar"
    (signal,) = Signal.objects.filter(learner=world.learner)
    assert signal.code == signals.LOW_SCORE and signal.source == "barometer"
    assert "2" in signal_text(signal) and "5" in signal_text(signal)


def test_a_score_above_the_threshold_raises_nothing(world):
    services.record_entry(world.learner, services.LOW_SCORE_THRESHOLD + 1)
    assert codes(world.learner) == []


def test_a_drop_of_two_points_raises_a_drop_signal_and_one_point_does_not(world):
    today = timezone.localdate()
    services.record_entry(world.learner, 5, at=at(today - datetime.timedelta(days=3)))
    services.record_entry(world.learner, 4, at=at(today - datetime.timedelta(days=2)))
    assert codes(world.learner) == []
    services.record_entry(world.learner, 3, at=at(today - datetime.timedelta(days=1)))
    assert codes(world.learner) == []  # 4 → 3 is one point
    services.record_entry(world.learner, 5, at=at(today, 9))
    services.record_entry(world.learner, 3, at=at(today, 10))
    (signal,) = Signal.objects.filter(learner=world.learner)
    assert signal.code == signals.DROP
    assert signal.details["previous"] == 5 and signal.details["score"] == 3


def test_a_drop_to_a_low_score_raises_both_signals(world):
    services.record_entry(world.learner, 4, at=at(timezone.localdate(), 8))
    services.record_entry(world.learner, 1, at=at(timezone.localdate(), 9))
    assert codes(world.learner) == [signals.DROP, signals.LOW_SCORE]


@pytest.mark.parametrize("score", [0, 6, -1, "", "abc", "3.5", None, True])
def test_a_score_outside_1_to_5_is_refused_naming_the_field_and_nothing_is_saved(world, score):
    with pytest.raises(ValidationError) as error:
        services.record_entry(world.learner, score)
    assert "score" in error.value.message_dict
    assert "1" in error.value.message_dict["score"][0]
    assert Entry.objects.count() == 0 and Signal.objects.count() == 0


def test_a_note_too_long_is_refused_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as error:
        services.record_entry(world.learner, 1, "x" * 501)
    assert list(error.value.message_dict) == ["note"]
    assert Entry.objects.count() == 0 and Signal.objects.count() == 0


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.integers(), st.text(max_size=5)))
def test_validation_accepts_exactly_the_whole_numbers_1_to_5(score):
    try:
        value, _ = services.validate_entry(score, "")
    except ValidationError:
        assert str(score).strip() not in {"1", "2", "3", "4", "5"}
    else:
        assert value in {1, 2, 3, 4, 5} and int(str(score).strip()) == value


def test_only_learners_record_motivation(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.record_entry(world.person("coach"), 3)


# Moments ---------------------------------------------------------------------------


def test_default_moments_follow_the_seed_and_lie_in_the_academic_year(world):
    moments = services.add_default_moments(None, world.group)
    kinds = [m.kind for m in moments]
    assert kinds.count(MomentKind.SEMESTER_START) == 2
    assert kinds.count(MomentKind.AFTER_PARTIAL_EXAMS) == 2
    assert kinds.count(MomentKind.AFTER_EXAMS) == 2
    services.add_default_moments(None, world.group)  # idempotent
    assert Moment.objects.filter(group=world.group).count() == 6
    first = int(world.group.academic_year[:4])
    for m in moments:
        assert datetime.date(first, 9, 1) <= m.date <= datetime.date(first + 1, 8, 31)


def test_a_moment_outside_the_academic_year_is_refused_naming_the_date(world):
    first = int(world.group.academic_year[:4])
    with pytest.raises(ValidationError) as error:
        services.add_moment(
            None, world.group, kind=MomentKind.OTHER, date=datetime.date(first + 1, 9, 1)
        )
    assert list(error.value.message_dict) == ["date"]
    assert world.group.academic_year in error.value.message_dict["date"][0]
    with pytest.raises(ValidationError) as error:
        services.add_moment(None, world.group, kind="party", date="not a date")
    assert set(error.value.message_dict) == {"kind", "date"}
    assert Moment.objects.count() == 0


# Reminders and missed moments ----------------------------------------------------------


@pytest.fixture
def moment(world):
    return Moment.objects.create(
        group=world.group, kind=MomentKind.AFTER_EXAMS, date=timezone.localdate()
    )


def test_reminders_go_once_per_learner_and_moment_by_email(
    world, moment, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.send_reminders(today, site_url="https://tw.example")
    assert result.reminders == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.learner.email]
    assert "https://tw.example/barometer/" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        again = services.send_reminders(today + datetime.timedelta(days=1))
    assert again.reminders == 0 and len(mail.outbox) == 1
    assert Reminder.objects.filter(learner=world.learner, moment=moment).count() == 1


def test_no_reminder_for_a_learner_who_already_answered(
    world, moment, django_capture_on_commit_callbacks
):
    services.record_entry(world.learner, 4)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(timezone.localdate()).reminders == 0
    assert mail.outbox == []


def test_the_due_moment_shows_until_the_learner_answers(world, moment):
    assert services.due_moments(world.learner) == [moment]
    services.record_entry(world.learner, 4)
    assert services.due_moments(world.learner) == []


def test_a_missed_moment_raises_one_signal_after_the_window_even_after_acknowledgement(world):
    day = timezone.localdate() - datetime.timedelta(days=services.ANSWER_WINDOW_DAYS + 1)
    Moment.objects.create(group=world.group, kind=MomentKind.OTHER, date=day)
    enrolment = world.learner.enrolments.get()
    enrolment.started_on = day - datetime.timedelta(days=5)
    enrolment.save()
    # Still inside the window the day before: nothing yet.
    assert (
        services.check_missed_moments(timezone.localdate() - datetime.timedelta(days=1)).signals
        == 0
    )
    assert services.check_missed_moments().signals == 1
    (signal,) = Signal.objects.filter(learner=world.learner)
    assert signal.code == signals.MISSED_MOMENT
    assert str(services.ANSWER_WINDOW_DAYS) in signal_text(signal)
    acknowledge_signal(signal, world.person("coach"))
    assert services.check_missed_moments().signals == 0
    assert Signal.objects.filter(learner=world.learner).count() == 1


def test_the_missed_moment_check_can_be_left_to_the_task_worker(world, capsys):
    """A bulk recalculation as a background task: ``signals --queue`` stores the check
    and returns; the signal is raised once the worker has run it."""
    from trajectwijzer.testing_tasks import database_tasks, run_worker_once, task_log

    day = timezone.localdate() - datetime.timedelta(days=services.ANSWER_WINDOW_DAYS + 1)
    Moment.objects.create(group=world.group, kind=MomentKind.OTHER, date=day)
    enrolment = world.learner.enrolments.get()
    enrolment.started_on = day - datetime.timedelta(days=5)
    enrolment.save()
    with database_tasks():
        assert main(["barometer", "signals", "--queue"]) == 0
        assert "queued" in capsys.readouterr().out
        assert not Signal.objects.filter(learner=world.learner).exists()
        assert run_worker_once() == 1
        assert task_log() == [("check_missed_moments", "SUCCESSFUL", 1)]
    assert Signal.objects.filter(learner=world.learner, code=signals.MISSED_MOMENT).count() == 1


def test_an_entry_within_the_window_means_the_moment_is_not_missed(world):
    day = timezone.localdate() - datetime.timedelta(days=services.ANSWER_WINDOW_DAYS + 2)
    Moment.objects.create(group=world.group, kind=MomentKind.OTHER, date=day)
    enrolment = world.learner.enrolments.get()
    enrolment.started_on = day - datetime.timedelta(days=5)
    enrolment.save()
    services.record_entry(world.learner, 4, at=at(day + datetime.timedelta(days=2)))
    assert services.check_missed_moments().signals == 0


# The command line --------------------------------------------------------------------


def test_cli_remind_is_idempotent_and_bad_dates_exit_2(
    world, moment, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert main(["barometer", "remind", "--date", timezone.localdate().isoformat()]) == 0
    assert "reminders queued: 1" in capsys.readouterr().out
    with django_capture_on_commit_callbacks(execute=True):
        assert main(["barometer", "remind", "--date", timezone.localdate().isoformat()]) == 0
    assert "reminders queued: 0" in capsys.readouterr().out
    assert len(mail.outbox) == 1
    with pytest.raises(SystemExit) as exit_:
        main(["barometer", "remind", "--date", "31-12-2026"])
    assert exit_.value.code == 2
    assert "--date" in capsys.readouterr().err


def test_cli_moments_refuses_a_date_outside_the_year_with_exit_2(world, capsys):
    first = int(world.group.academic_year[:4])
    code = main(
        ["barometer", "moments", "--group", str(world.group.pk), "--add", "other",
         "--date", f"{first + 2}-01-10"]
    )  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "--date" in err and world.group.academic_year in err
    assert Moment.objects.count() == 0
    assert main(["barometer", "moments", "--group", "999999"]) == 2
    assert main(["barometer", "moments", "--group", str(world.group.pk), "--defaults"]) == 0
    assert Moment.objects.count() == 6
    assert main(["barometer", "signals"]) == 0


# Cohort pattern ------------------------------------------------------------------------


def _cohort(size: int):
    world = build_world(classmates=size - 1)
    learners = [e.learner for e in world.group.enrolments.all()]
    day = timezone.localdate()
    moment = Moment.objects.create(group=world.group, kind=MomentKind.AFTER_EXAMS, date=day)
    for index, learner in enumerate(learners):
        services.record_entry(learner, 1 + index % 5, at=at(day, 8))
    return world, moment


def test_the_cohort_pattern_is_withheld_for_a_group_of_four():
    world, _moment = _cohort(queries.MIN_GROUP_SIZE - 1)
    pattern = queries.cohort_pattern(world.group)
    assert pattern.size == 4 and not pattern.available
    assert pattern.moments == [] and pattern.months == []


def test_the_cohort_pattern_is_shown_for_a_group_of_five_with_mean_and_distribution():
    world, _moment = _cohort(queries.MIN_GROUP_SIZE)
    pattern = queries.cohort_pattern(world.group)
    assert pattern.available and pattern.size == 5
    (bucket,) = pattern.moments
    assert bucket.shown and bucket.count == 5
    assert bucket.mean == 3.0  # scores 1, 2, 3, 4, 5
    assert bucket.distribution == [1, 1, 1, 1, 1]
    # the entries lie in the moment's answer window: they count there, not in their month
    assert not any(m.count for m in pattern.months)


def test_a_moment_answered_by_four_of_a_group_of_five_is_not_shown():
    world = build_world(classmates=4)
    learners = [e.learner for e in world.group.enrolments.all()]
    day = timezone.localdate()
    Moment.objects.create(group=world.group, kind=MomentKind.AFTER_EXAMS, date=day)
    for learner in learners[:4]:
        services.record_entry(learner, 3, at=at(day, 8))
    (bucket,) = queries.cohort_pattern(world.group).moments
    assert bucket.count == 4 and not bucket.shown and bucket.mean is None


def test_each_learner_counts_once_per_moment_with_their_latest_score():
    world, moment = _cohort(5)
    learner = world.group.enrolments.first().learner
    services.record_entry(learner, 5, at=at(moment.date, 9))
    (bucket,) = queries.cohort_pattern(world.group).moments
    assert bucket.count == 5


def test_charts_use_dots_for_decimals_in_every_language(client):
    """SVG coordinates are numbers, never localised with a decimal comma (nl, fr)."""
    import re

    world, _moment = _cohort(5)
    client.force_login(world.person("coach"))
    for language in ("nl", "fr", "en"):
        client.cookies["django_language"] = language
        html = client.get(f"/barometer/groups/{world.group.pk}/").content.decode()
        svg = html[html.index("<svg") : html.rindex("</svg>")]
        assert "<rect" in svg
        assert not re.search(r'(x|y|width|height|cx|cy)="-?\d+,\d', svg), language
        learner = world.group.enrolments.first().learner
        client.force_login(learner)
        html = client.get("/barometer/").content.decode()
        assert "<circle" in html and not re.search(r'c[xy]="\d+,\d', html), language
        client.force_login(world.person("coach"))


def test_a_reminder_that_fails_every_attempt_is_queued_again_next_run(
    world, moment, settings, django_capture_on_commit_callbacks
):
    """The mail server is down: the task tries MAX_ATTEMPTS times, then forgets the
    reminder, so the next daily run queues it again and it reaches the learner."""
    settings.EMAIL_BACKEND = REFUSING_EMAIL_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        result = services.send_reminders(timezone.localdate())
    assert result.reminders == 1 and result.failed == 0
    assert not Reminder.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(timezone.localdate()).reminders == 1
    assert [message.to for message in mail.outbox] == [[world.learner.email]]
    assert Reminder.objects.filter(learner=world.learner, moment=moment).count() == 1


def test_the_missed_moment_signal_names_the_moment_in_the_readers_language(world):
    from django.utils import translation

    day = timezone.localdate() - datetime.timedelta(days=services.ANSWER_WINDOW_DAYS + 1)
    moment = Moment.objects.create(group=world.group, kind=MomentKind.AFTER_EXAMS, date=day)
    with translation.override("en"):
        signal = services.signal_missed_moment(world.learner, moment)
    with translation.override("nl"):
        assert "Na de examens" in signal_text(signal)
    with translation.override("fr"):
        assert "Après les examens" in signal_text(signal)
