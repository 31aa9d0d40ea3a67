"""The settings of the test suite: the real settings, given a throwaway key and test hosts.

Tests run with DEBUG off, as production does, so the settings demand ``SECRET_KEY`` and
``ALLOWED_HOSTS``. This module supplies them before reading the real settings: a new random
key for each run (the processes a test starts inherit it through the environment) and the
test client's ``testserver`` beside the loopback names. One thing differs: passwords are
hashed with MD5, since the real hasher costs about a second per user created, and fixtures
that seed users once for a whole module or session (before any per-test setting applies)
would pay it for every account.
"""

from __future__ import annotations

import os
import secrets

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost,[::1]")

from iecommons.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
