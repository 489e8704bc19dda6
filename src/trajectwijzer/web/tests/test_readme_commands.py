"""The README's commands work as written for a newcomer who configured nothing.

Each line of the README's command block runs in bash with a clean environment: no
DEBUG, no SECRET_KEY, no DATABASE_URL, HOME and TRAJECTWIJZER_VAR in a fresh temporary
folder (so a fresh SQLite database), the checkout's ``docs`` and ``src`` beside it for
the example files. The block starts by migrating and loading the demo, as ``make demo``
does, so the later lines see the demo's data.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import trajectwijzer

CHECKOUT = Path(trajectwijzer.__file__).resolve().parents[2]
README = CHECKOUT / "README.md"


def readme_command_block() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Command line\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the README's command section has a ```sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def command_of(line: str) -> tuple[str, str]:
    """(domain, action) of a README line, e.g. ('catalogue', 'import')."""
    words = line.split("trajectwijzer ", 1)[1].split()
    return words[0], words[1]


def newcomer_environment(home: Path) -> dict[str, str]:
    """What a fresh shell has: a PATH with the venv's ``trajectwijzer``, nothing else set."""
    bin_dir = home / "bin"
    bin_dir.mkdir(exist_ok=True)
    venv_bin = Path(sys.executable).parent
    if not (venv_bin / "trajectwijzer").exists():
        # Installed without console scripts: the same entry point through the interpreter.
        wrapper = bin_dir / "trajectwijzer"
        wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m trajectwijzer.cli "$@"\n')
        wrapper.chmod(0o755)
    env = {
        "PATH": f"{bin_dir}:{venv_bin}:/usr/bin:/bin",
        "HOME": str(home),
        "TRAJECTWIJZER_VAR": str(home / "var"),
        "LANG": "C.UTF-8",
    }
    if os.environ.get("PYTHONPATH"):  # a worktree's sources over the venv's install
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


def run(line: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", line],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def newcomer(tmp_path):
    (tmp_path / "var").mkdir()
    (tmp_path / "docs").symlink_to(CHECKOUT / "docs")
    (tmp_path / "src").symlink_to(CHECKOUT / "src")
    return tmp_path, newcomer_environment(tmp_path)


def test_the_environment_is_clean(newcomer):
    _home, env = newcomer
    assert not {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"} & set(env)


def test_every_readme_command_runs_as_written_without_configuration(newcomer):
    home, env = newcomer
    lines = readme_command_block()
    assert lines[0].startswith("trajectwijzer manage migrate")  # as `make demo` starts
    failures = []
    for line in lines:
        result = run(line, home, env)
        if result.returncode != 0 or "Traceback" in result.stderr:
            failures.append(f"{line}\n  exit {result.returncode}: {result.stderr.strip()[-800:]}")
    assert failures == []


def test_every_command_the_readme_names_is_in_the_command_block():
    text = README.read_text(encoding="utf-8")
    named = {
        command_of(f"trajectwijzer {m}")
        for m in re.findall(r"`trajectwijzer (\w[\w-]* [\w-]+)", text)
    }
    in_block = {command_of(line) for line in readme_command_block()}
    assert named - in_block == set()


def test_a_command_without_its_argument_is_one_usage_error_not_a_traceback(newcomer):
    home, env = newcomer
    result = run("trajectwijzer catalogue import", home, env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert (
        result.stderr.strip().splitlines()[-1].startswith("trajectwijzer catalogue import: error:")
    )


def test_a_database_without_tables_is_a_one_line_hint(newcomer):
    home, env = newcomer
    result = run("trajectwijzer catalogue export", home, env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "trajectwijzer: error: the database has no tables yet (or is not up to date): "
        "run `make demo` or `trajectwijzer manage migrate` first"
    ]


def test_commands_that_need_no_database_run_before_migrating(newcomer):
    home, env = newcomer
    result = run("trajectwijzer instruments list", home, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("id,version,items,dimensions,audience,minutes")


@pytest.mark.parametrize(
    "line",
    [
        "trajectwijzer manage runserver",
        "trajectwijzer manage db_worker",
        "trajectwijzer manage check --deploy",
    ],
)
def test_commands_that_need_a_lasting_key_ask_for_secret_key(newcomer, line):
    home, env = newcomer
    result = run(line, home, env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [message] = result.stderr.strip().splitlines()
    assert message.endswith("needs SECRET_KEY: set SECRET_KEY (see docs/deployment.md)")


def test_the_web_application_still_refuses_to_start_without_secret_key(newcomer):
    home, env = newcomer
    result = subprocess.run(
        [sys.executable, "-c", "import trajectwijzer.wsgi"],
        cwd=home,
        env={**env, "DJANGO_SETTINGS_MODULE": "trajectwijzer.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_the_command_line_signs_with_a_key_of_its_own_when_none_is_set(newcomer):
    home, env = newcomer
    script = (
        "from trajectwijzer import cli; cli.setup_django(); from django.conf import settings; "
        "print(settings.SECRET_KEY_IS_EPHEMERAL, len(settings.SECRET_KEY) >= 50)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=home, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["True", "True"], result.stderr


def test_make_demo_serves_the_database_the_command_line_uses_by_default():
    from django.conf import settings

    # Not DATABASES' NAME: the test runner has renamed it to the test database by now.
    default_file = Path(settings.DEFAULT_DATABASE_URL.removeprefix("sqlite:///")).name
    makefile = (CHECKOUT / "Makefile").read_text(encoding="utf-8")
    demo_database = makefile.split("DEMO_ENV :=", 1)[1].splitlines()[0]
    assert "trajectwijzer.sqlite3" in demo_database
    assert default_file == "trajectwijzer.sqlite3"
