import pytest
from django.utils import translation

from .builders import make_world


@pytest.fixture(autouse=True)
def english_interface(settings, client):
    """These tests read texts in English, the source language; Dutch is checked where
    the PDF's translated headings are."""
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(db, media):
    return make_world()
