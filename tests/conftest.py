"""Project-wide test set-up."""

from django.conf import settings

pytest_plugins = ["tests.fixtures"]


def pytest_configure() -> None:
    # Hashing passwords with PBKDF2 would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
