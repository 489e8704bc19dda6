"""``trajectwijzer privacy export|erase``: JSON on stdout, a PDF, a dry run, exit codes."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from trajectwijzer.accounts.models import AccessLogEntry, User
from trajectwijzer.cli import main
from trajectwijzer.privacy.models import ErasureRecord

from .builders import PERSON_EMAIL, PERSON_NAME

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_export_prints_one_key_per_app_and_logs_the_operators_read(world, capsys):
    assert main(["privacy", "export", PERSON_EMAIL.upper()]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"accounts", "barometer", "caseload", "competences", "development"} <= set(data)
    assert {"incentives", "instruments", "privacy", "trajectories"} <= set(data)
    assert data["accounts"]["profile"]["full_name"] == PERSON_NAME
    assert AccessLogEntry.objects.filter(
        learner=world.person, actor=None, action="privacy.export"
    ).exists()


def test_export_writes_a_readable_pdf_in_the_persons_language(world, tmp_path, capsys):
    target = tmp_path / "export.pdf"
    assert main(["privacy", "export", PERSON_EMAIL, "--pdf", str(target)]) == 0
    text = pdf_text(target.read_bytes())
    assert PERSON_NAME in text
    assert "Motivatiebarometer" in text  # the app's heading, in Dutch (preferred language)
    assert "Gaat goed, Xavier" in text


def test_export_to_a_missing_folder_exits_2(world, tmp_path, capsys):
    assert main(["privacy", "export", PERSON_EMAIL, "--pdf", str(tmp_path / "no" / "x.pdf")]) == 2
    assert "--pdf: folder" in capsys.readouterr().err


@pytest.mark.parametrize("action", [["export"], ["erase"], ["erase", "--dry-run"]])
def test_an_unknown_address_exits_2_with_a_message(db, capsys, action):
    assert main(["privacy", action[0], "nobody@example.org", *action[1:]]) == 2
    captured = capsys.readouterr()
    assert "no user with e-mail address 'nobody@example.org'" in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_erase_dry_run_lists_per_model_and_changes_nothing(world, capsys):
    assert main(["privacy", "erase", PERSON_EMAIL, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "barometer.Entry" in out
    assert "accounts.User" in out
    assert "files: 1 would be deleted from storage" in out
    assert "dry run: nothing was changed" in out
    assert User.objects.filter(email=PERSON_EMAIL).exists()
    assert not ErasureRecord.objects.exists()


def test_erase_carries_out_the_erasure_and_reports_the_record(world, capsys):
    assert main(["privacy", "erase", PERSON_EMAIL]) == 0
    out = capsys.readouterr().out
    record = ErasureRecord.objects.get()
    assert f"erasure record #{record.pk}" in out
    assert record.channel == "cli"
    assert not User.objects.filter(email=PERSON_EMAIL).exists()
    # A second time the address is unknown: exit 2.
    assert main(["privacy", "erase", PERSON_EMAIL]) == 2


def test_erasure_for_real_needs_the_web_servers_secret_key(world, settings, capsys):
    """Without SECRET_KEY the command line runs on a key of its own, which cannot read the
    person's sessions: a real erasure then refuses (exit 2) and changes nothing, while
    the dry run still lists what would go and says the sessions were not counted."""
    settings.SECRET_KEY_IS_EPHEMERAL = True
    assert main(["privacy", "erase", PERSON_EMAIL]) == 2
    assert "needs SECRET_KEY" in capsys.readouterr().err
    assert User.objects.filter(email=PERSON_EMAIL, is_active=True).exists()
    assert not ErasureRecord.objects.exists()
    assert main(["privacy", "erase", PERSON_EMAIL, "--dry-run"]) == 0
    assert "sessions not counted" in capsys.readouterr().out
