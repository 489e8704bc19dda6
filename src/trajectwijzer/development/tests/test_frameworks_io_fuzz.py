"""Any framework record, however malformed, is imported whole or refused with row-numbered
field errors: never a crash, nothing half imported."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trajectwijzer.catalogue import frameworks_io
from trajectwijzer.catalogue.models import Competence, CompetenceFramework, MasteryLevel

pytestmark = pytest.mark.django_db

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.text(max_size=10),
    st.sampled_from(["kb", "1", "http://data.europa.eu/esco/skill/x", "P#M", "\x00", "x" * 300]),
)


def objects(keys):
    return st.dictionaries(st.sampled_from(keys), scalars, max_size=len(keys))


levels = st.lists(
    st.one_of(objects(["rank", "title", "title_fr", "description"]), scalars), max_size=3
)
indicators = st.lists(
    st.one_of(objects(["code", "title", "title_en", "extra"]), scalars), max_size=2
)
competences = st.lists(
    st.one_of(
        st.tuples(
            objects(["code", "title", "esco_uri", "description", "modules"]),
            st.one_of(indicators, scalars),
        ).map(lambda pair: {**pair[0], "indicators": pair[1]}),
        scalars,
    ),
    max_size=3,
)
records = st.one_of(
    scalars,
    st.tuples(
        objects(["code", "title", "title_fr", "qualification", "description", "colour"]),
        st.one_of(levels, scalars),
        st.one_of(competences, scalars),
    ).map(lambda parts: {**parts[0], "levels": parts[1], "competences": parts[2]}),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=st.lists(records, min_size=1, max_size=3))
def test_a_framework_file_is_imported_whole_or_refused(batch):
    CompetenceFramework.objects.all().delete()
    result = frameworks_io.import_frameworks(list(enumerate(batch, start=1)))
    if result.errors:
        assert all(1 <= error.row <= len(batch) and error.message for error in result.errors)
        assert not CompetenceFramework.objects.exists() and not MasteryLevel.objects.exists()
        assert not Competence.objects.exists()
    else:
        assert len(result.created) == len(batch) == CompetenceFramework.objects.count()
        exported = [frameworks_io.export_framework(f) for f in CompetenceFramework.objects.all()]
        again = frameworks_io.import_frameworks(list(enumerate(exported, start=1)))
        assert (again.created, again.updated, again.errors) == ([], [], [])
