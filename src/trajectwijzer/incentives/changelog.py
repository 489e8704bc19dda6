"""The rule changelog: every change to a rule file has an entry in docs/incentives-changelog.md.

In the spirit of OpenFisca country-template's CONTRIBUTING: a change to a parameter, a
variable or a sector measure is written down (date, incentive, what changed, source,
the cases that prove it). ``data/rules_manifest.json`` keeps, per rule file, the SHA-256
of its content and the changelog entry that accounts for that content. A test compares
the manifest with the files (``problems()``), so a rule change without an entry fails
with a message that says what to do; ``trajectwijzer incentives record-change ENTRY``
records the new digests once the entry is written.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import yaml

APP = Path(__file__).resolve().parent
ROOT = APP.parents[2]
CHANGELOG = ROOT / "docs" / "incentives-changelog.md"
MANIFEST = APP / "data" / "rules_manifest.json"
RULE_GLOBS = ("parameters/**/*.yaml", "variables/*.py", "sector_measures/*.yaml")
FIELDS = ("Date", "Incentive", "Changed", "Source", "Cases")
BASELINE_SUFFIX = "-baseline"
HOW_TO = (
    "Write an entry in docs/incentives-changelog.md (### <id>, then the lines Date, "
    "Incentive, Changed, Source, Cases, see the top of that file), then run "
    "`trajectwijzer incentives record-change <id>` to record the new digests in "
    "src/trajectwijzer/incentives/data/rules_manifest.json."
)


class ChangelogError(ValueError):
    """The changelog or the manifest cannot account for the rule files."""


def rule_files() -> dict[str, str]:
    """Every rule file (path relative to the app) with the SHA-256 of its content."""
    files = sorted({path for pattern in RULE_GLOBS for path in APP.glob(pattern)})
    return {
        path.relative_to(APP).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in files
        if path.name != "__init__.py"
    }


def manifest() -> dict[str, dict[str, str]]:
    if not MANIFEST.exists():
        return {}
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def entries(text: str | None = None) -> dict[str, dict[str, str]]:
    """The changelog's entries: ``### id`` headings and their ``- **Field**: value`` lines."""
    if text is None:
        text = CHANGELOG.read_text(encoding="utf-8")
    found: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in text.splitlines():
        heading = re.match(r"^### (\S+)\s*$", line)
        if heading:
            current = found.setdefault(heading.group(1), {})
            continue
        field = re.match(r"^- \*\*(\w+)\*\*: (.+)$", line)
        if field and current is not None:
            current[field.group(1)] = field.group(2).strip()
    return found


def known_case_names() -> set[str]:
    """Names of the OpenFisca YAML cases and of the contract cases (file stems)."""
    names = {path.stem for path in (APP / "tests" / "contract_cases").glob("*.json")}
    for path in (APP / "tests" / "openfisca").glob("*.yaml"):
        names.update(case["name"] for case in yaml.safe_load(path.read_text(encoding="utf-8")))
    return names


def entry_problems(entry_id: str, entry: dict[str, str], cases: set[str]) -> list[str]:
    problems = [
        f"changelog entry {entry_id}: missing the line '- **{name}**: …'"
        for name in FIELDS
        if not entry.get(name)
    ]
    if entry.get("Source") and "https://" not in entry["Source"]:
        problems.append(f"changelog entry {entry_id}: Source names no https:// address")
    if entry.get("Date") and not re.match(r"^\d{4}-\d{2}-\d{2}$", entry["Date"]):
        problems.append(f"changelog entry {entry_id}: Date is not YYYY-MM-DD")
    named = re.findall(r"`([^`]+)`", entry.get("Cases", ""))
    if not entry_id.endswith(BASELINE_SUFFIX):
        if not named:
            problems.append(f"changelog entry {entry_id}: Cases names no `case_name`")
        problems += [
            f"changelog entry {entry_id}: case `{name}` is in no tests/openfisca file "
            "or contract case"
            for name in named
            if name not in cases
        ]
    return problems


def problems() -> list[str]:
    """What keeps the manifest from accounting for every rule file; empty when all is well."""
    files, recorded, written = rule_files(), manifest(), entries()
    found = []
    for path, digest in files.items():
        if path not in recorded:
            found.append(f"{path} is new and has no changelog entry. {HOW_TO}")
        elif recorded[path]["sha256"] != digest:
            found.append(f"{path} changed without a changelog entry. {HOW_TO}")
    found += [
        f"{path} is in the manifest but no longer exists: record its removal. {HOW_TO}"
        for path in recorded
        if path not in files
    ]
    cases = known_case_names()
    used = {item["entry"] for item in recorded.values()}
    for entry_id in sorted(used):
        if entry_id not in written:
            found.append(f"the manifest names entry {entry_id}, which the changelog lacks")
        else:
            found += entry_problems(entry_id, written[entry_id], cases)
    return found


def record_change(entry_id: str) -> list[str]:
    """Record every changed, new or removed rule file under ``entry_id``; return their paths."""
    written = entries()
    if entry_id not in written:
        raise ChangelogError(
            f"docs/incentives-changelog.md has no entry '### {entry_id}'; write it first"
        )
    issues = entry_problems(entry_id, written[entry_id], known_case_names())
    if issues:
        raise ChangelogError("; ".join(issues))
    files, recorded = rule_files(), manifest()
    changed = [
        path for path, digest in files.items() if recorded.get(path, {}).get("sha256") != digest
    ]
    removed = [path for path in recorded if path not in files]
    updated = {path: recorded[path] for path in recorded if path in files}
    for path in changed:
        updated[path] = {"sha256": files[path], "entry": entry_id}
    MANIFEST.write_text(
        json.dumps(dict(sorted(updated.items())), indent=2) + "\n", encoding="utf-8"
    )
    return changed + removed
