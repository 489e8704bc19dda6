"""French puts a no-break space before a colon; Dutch and English do not."""

import pytest
from django.template import Context, Template
from django.utils import translation


@pytest.mark.parametrize(
    ("language", "expected"), [("fr", "Statut\u00a0:"), ("nl", "Status:"), ("en", "Status:")]
)
def test_a_label_and_its_colon_follow_the_language(language, expected):
    template = Template('{% load i18n %}{% translate "Status" %}{% colon %}')
    with translation.override(language):
        assert template.render(Context()) == expected
