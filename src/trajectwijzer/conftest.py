import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """Start every test in the default language.

    A request activates its language in the thread that runs it and nothing switches
    back afterwards, so a test asking for English pages would otherwise leave English
    active for the tests after it.
    """
    yield
    translation.deactivate()


@pytest.fixture
def real_password_hashing(settings):
    """Hash passwords as production does (Argon2 first) instead of the fast test hasher."""
    settings.PASSWORD_HASHERS = settings.PRODUCTION_PASSWORD_HASHERS
