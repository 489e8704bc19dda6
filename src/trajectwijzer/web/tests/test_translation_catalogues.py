"""Dutch and French are complete: every catalogue, also those apps keep of their own."""

import re

import polib
import pytest

from trajectwijzer.i18n_compile import catalogue_files

COMPLETE_LANGUAGES = ("nl", "fr")
CATALOGUES = [p for p in catalogue_files() if p.parts[-3] in COMPLETE_LANGUAGES]


def test_there_is_a_catalogue_per_complete_language():
    assert {p.parts[-3] for p in CATALOGUES} == set(COMPLETE_LANGUAGES)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: "/".join(p.parts[-5:]))
def test_catalogue_has_no_untranslated_or_fuzzy_entries(path):
    catalogue = polib.pofile(str(path))
    missing = [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
    assert missing == []


# %(name)s, %s, %d, {name}: a translation that drops or renames one breaks at run time
# (KeyError or a wrong text), so every translation keeps the source's placeholders.
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{(\w*)\}")


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))


@pytest.mark.parametrize(
    "path", [p for p in catalogue_files()], ids=lambda p: "/".join(p.parts[-5:])
)
def test_translations_keep_the_placeholders_of_their_source(path):
    catalogue = polib.pofile(str(path))
    wrong = []
    for entry in catalogue.translated_entries():
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            expected = placeholders(entry.msgid_plural)
            forms = [placeholders(text) for text in entry.msgstr_plural.values() if text]
            # A singular form may leave out the count ("one day" for "%(n)s days").
            if any(not set(found) <= set(expected) for found in forms):
                wrong.append(entry.msgid)
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            wrong.append(entry.msgid)
    assert wrong == []
