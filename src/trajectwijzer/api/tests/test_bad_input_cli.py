"""The command line refuses the same bad JSON with exit status 2 and a message, never a
traceback (issue #9, finding 3)."""

from __future__ import annotations

import json

import pytest

from trajectwijzer.cli import EXIT_INVALID_INPUT, main
from trajectwijzer.safe_input import MAX_JSON_DEPTH

pytestmark = pytest.mark.django_db

DEEP = '{"person":' + "[" * 10_000 + "]" * 10_000 + "}"


@pytest.mark.parametrize(
    ("command", "text", "expected"),
    [
        (["incentives", "evaluate"], DEEP, f"deeper than {MAX_JSON_DEPTH}"),
        (["incentives", "evaluate"], json.dumps({"person": {"sector": "a\ud800"}}), "surrogate"),
        (["incentives", "evaluate"], json.dumps({"person": {"sector": "a\x00"}}), "NUL"),
        (["catalogue", "import"], "[" * 10_000 + "]" * 10_000, f"deeper than {MAX_JSON_DEPTH}"),
        (["catalogue", "import"], json.dumps([{"title": "a\ud800"}]), "surrogate"),
        (["competences", "import"], "[" * 10_000 + "]" * 10_000, f"deeper than {MAX_JSON_DEPTH}"),
    ],
    ids=["evaluate-deep", "evaluate-surrogate", "evaluate-nul", "import-deep",
         "import-surrogate", "frameworks-deep"],
)  # fmt: skip
def test_bad_json_exits_2_with_a_message(tmp_path, capsys, command, text, expected):
    path = tmp_path / "input.json"
    path.write_text(text, encoding="utf-8")

    code = main([*command, str(path)])

    assert code == EXIT_INVALID_INPUT
    error = capsys.readouterr().err
    assert expected in error
    assert "Traceback" not in error
