"""Compile the translation catalogues (**/locale/*/LC_MESSAGES/*.po → .mo).

Run by ``make`` before the server or the tests start. It uses polib instead of
GNU gettext's msgfmt so that a machine with only Python can build the project.
Fuzzy and empty translations are left out, as msgfmt does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

PACKAGE_DIR = Path(__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "locale"


def catalogue_files(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """The project catalogue and those of apps that keep their own ``locale`` folder."""
    return sorted(package_dir.glob("**/locale/*/LC_MESSAGES/*.po"))


def compile_catalogues(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    compiled = []
    for po_path in catalogue_files(package_dir):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalogue = polib.pofile(str(po_path))
        for entry in catalogue:
            if entry.fuzzy:
                entry.msgstr = ""
                entry.msgstr_plural = {k: "" for k in entry.msgstr_plural}
        catalogue.save_as_mofile(str(mo_path))
        compiled.append(mo_path)
    return compiled


def main() -> int:
    for path in compile_catalogues():
        print(f"compiled {path.relative_to(PACKAGE_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
