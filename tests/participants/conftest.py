import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Argon2 is right for production and slow for the many users these role matrices create."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
