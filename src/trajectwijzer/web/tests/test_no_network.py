"""Pages load nothing from other hosts: no CDN, no fonts or scripts from the internet."""

import re

import pytest

pytestmark = pytest.mark.django_db

EXTERNAL_RESOURCE = re.compile(
    r"<(?:script|img|iframe)[^>]+src=[\"']?(?:https?:)?//|<link[^>]+href=[\"']?(?:https?:)?//",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    "path", ["/", "/catalogue/", "/accounts/login/", "/accounts/register/", "/api/v1/docs"]
)
def test_page_loads_no_resource_from_another_host(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert EXTERNAL_RESOURCE.findall(html) == []
    assert "<script" in html or "<link" in html  # the check looked at a real page
