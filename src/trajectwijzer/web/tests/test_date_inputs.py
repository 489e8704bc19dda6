"""Every date field of every form sends and receives ISO dates (issue #15, defect 1).

A browser's ``<input type="date">`` accepts only ``YYYY-MM-DD``; a value in the
reader's locale (``03-12-2026``) leaves the field empty and the form unsubmittable.
The forms are found by introspection, so a new form with a date field is covered
without editing this test.
"""

from __future__ import annotations

import datetime
import importlib
import re
from pathlib import Path

import pytest
from django import forms
from django.utils import translation

import trajectwijzer
from trajectwijzer.web.forms import IsoDateInput

ROOT = Path(trajectwijzer.__file__).parent
FORM_CLASS = re.compile(r"^class \w+\([^)]*Form[^)]*\):", re.M)
DAY = datetime.date(2026, 12, 3)


def _modules_defining_forms() -> list[str]:
    names = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts or path.name.startswith("settings"):
            continue
        if FORM_CLASS.search(path.read_text(encoding="utf-8")):
            names.append(".".join(("trajectwijzer", *parts))[: -len(".py")])
    return names


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _date_fields() -> list[tuple[str, str, forms.Field]]:
    for name in _modules_defining_forms():
        importlib.import_module(name)
    found = {}
    for cls in _subclasses(forms.BaseForm):
        if not cls.__module__.startswith("trajectwijzer.") or ".tests" in cls.__module__:
            continue
        for field_name, field in getattr(cls, "base_fields", {}).items():
            if isinstance(field, forms.DateField):
                found[f"{cls.__module__}.{cls.__qualname__}.{field_name}"] = field
    return sorted((key, key.rsplit(".", 1)[1], field) for key, field in found.items())


DATE_FIELDS = _date_fields()


def test_the_introspection_finds_the_date_fields_of_every_app():
    keys = {key for key, _, _ in DATE_FIELDS}
    assert "trajectwijzer.development.forms.ObservationForm.observed_on" in keys
    apps = {key.split(".")[1] for key in keys}
    assert {"barometer", "caseload", "development", "recognition"} <= apps


@pytest.mark.parametrize(("key", "name", "field"), DATE_FIELDS, ids=[k for k, _, _ in DATE_FIELDS])
@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_a_date_field_renders_and_accepts_an_iso_date(key, name, field, language):
    with translation.override(language):
        html = field.widget.render(name, field.prepare_value(DAY))
        assert isinstance(field.widget, IsoDateInput), key
        assert 'type="date"' in html
        assert 'value="2026-12-03"' in html, html
        assert field.clean("2026-12-03") == DAY
