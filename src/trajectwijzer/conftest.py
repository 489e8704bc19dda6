import pytest


@pytest.fixture
def real_password_hashing(settings):
    """Hash passwords as production does (Argon2 first) instead of the fast test hasher."""
    settings.PASSWORD_HASHERS = settings.PRODUCTION_PASSWORD_HASHERS
