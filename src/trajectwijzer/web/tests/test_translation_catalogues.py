"""Dutch and French are complete: every catalogue, also those apps keep of their own."""

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
