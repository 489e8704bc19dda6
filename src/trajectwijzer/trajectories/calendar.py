"""The learner's calendar as iCalendar (RFC 5545), built with the ``icalendar`` package.

Events:

- one event per planned module per term of the learner's current study plan (each open
  enrolment): the term's teaching days, Monday to Friday from the term's start to its end
  (the data has no class days per module yet), as a daily recurrence with the Belgian
  public holidays (``holidays.Belgium``) and the provider's closing days
  (:class:`~.models.ClosingDay`) left out as EXDATEs;
- one event per due date of a step of the learner's open recognition requests
  (``recognition.models.StepRecord.due_on``).

Workplace days and trialogues have no data yet and are not in the feed. Dates are whole
days in Europe/Brussels; the calendar carries that VTIMEZONE. UIDs are stable: the same
module in the same term of the same enrolment keeps its UID across plan versions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import holidays
import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

TZID = "Europe/Brussels"
UID_DOMAIN = "trajectwijzer"
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"]


@dataclass(frozen=True)
class ClassPeriod:
    uid: str
    title: str
    starts_on: dt.date
    ends_on: dt.date  # inclusive
    skipped: frozenset[dt.date]  # holidays and closing days in the period


@dataclass(frozen=True)
class Deadline:
    uid: str
    title: str
    on: dt.date


def public_holidays(years: Iterable[int]) -> dict[dt.date, str]:
    """Belgium's public holidays in ``years`` (date → name)."""
    return dict(holidays.Belgium(years=sorted(set(years))).items())


def teaching_days(starts_on: dt.date, ends_on: dt.date, skipped: frozenset[dt.date]):
    """The weekdays from ``starts_on`` to ``ends_on`` that are not ``skipped``."""
    day = starts_on
    while day <= ends_on:
        if day.weekday() < 5 and day not in skipped:
            yield day
        day += dt.timedelta(days=1)


def build(periods: list[ClassPeriod], deadlines: list[Deadline], *, name: str) -> bytes:
    """The calendar as bytes of ``text/calendar``."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Trajectwijzer//Calendar//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    days = [p.starts_on for p in periods] + [p.ends_on for p in periods]
    days += [d.on for d in deadlines]
    today = timezone.localdate()
    first = min(days, default=today)
    last = max(days, default=today)
    calendar.add_component(
        icalendar.Timezone.from_tzid(
            TZID,
            first_date=dt.date(first.year, 1, 1),
            last_date=dt.date(last.year + 1, 1, 1),
        )
    )
    stamp = timezone.now()
    for period in periods:
        days_taught = list(teaching_days(period.starts_on, period.ends_on, period.skipped))
        if not days_taught:
            continue
        event = icalendar.Event()
        event.add("uid", period.uid)
        event.add("dtstamp", stamp)
        event.add("summary", period.title)
        event.add("dtstart", days_taught[0])
        event.add("dtend", days_taught[0] + dt.timedelta(days=1))
        event.add("rrule", {"freq": "daily", "byday": WEEKDAYS, "until": period.ends_on})
        exdates = sorted(
            d for d in period.skipped if days_taught[0] < d <= period.ends_on and d.weekday() < 5
        )
        if exdates:
            event.add("exdate", exdates)
        event.add("transp", "TRANSPARENT")
        event.add("categories", [_("Classes")])
        calendar.add_component(event)
    for deadline in deadlines:
        event = icalendar.Event()
        event.add("uid", deadline.uid)
        event.add("dtstamp", stamp)
        event.add("summary", deadline.title)
        event.add("dtstart", deadline.on)
        event.add("dtend", deadline.on + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("categories", [_("Deadline")])
        calendar.add_component(event)
    return calendar.to_ical()
