import pytest
from django.urls import reverse

from trajectwijzer.catalogue.models import Programme
from trajectwijzer.demo import catalogue_data, loader

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["ressources humaines", "human resources", "HR-support"])
def test_search_finds_the_hr_graduaat_in_each_language(client, query):
    loader.load_demo()
    graduaat = Programme.objects.get(external_id=catalogue_data.HR_SUPPORT)
    response = client.get(reverse("catalogue:search"), {"q": query})
    assert response.status_code == 200
    assert graduaat.get_absolute_url() in response.content.decode()


def test_search_for_woodworking_does_not_show_the_hr_graduaat(client):
    loader.load_demo()
    woodworker = Programme.objects.get(external_id=catalogue_data.WOODWORKER)
    graduaat = Programme.objects.get(external_id=catalogue_data.HR_SUPPORT)
    html = client.get(reverse("catalogue:search"), {"q": "houtbewerker"}).content.decode()
    assert woodworker.get_absolute_url() in html
    assert graduaat.get_absolute_url() not in html
