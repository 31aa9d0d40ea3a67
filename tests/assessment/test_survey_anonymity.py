"""Survey anonymity rests on the platform's own survey secret, never on SECRET_KEY.

Before: a respondent token was HMAC(SECRET_KEY, survey, community, user), so anyone knowing
the (public development) key could recompute it for each invited person.
"""

from __future__ import annotations

import hashlib
import hmac
import stat
from pathlib import Path
from typing import Any

from iecommons.assessment.services.surveys import respondent_token
from iecommons.common import platform_secrets
from iecommons.common.env import DEVELOPMENT_SECRET_KEY


def token() -> str:
    return respondent_token(survey_id=1, community_id=2, user_id=3)


def test_the_token_does_not_follow_the_secret_key(settings: Any) -> None:
    first = token()
    settings.SECRET_KEY = "another-key-" + "x" * 60
    assert token() == first
    message = b"survey:1:community:2:user:3"
    for key in (settings.SECRET_KEY, DEVELOPMENT_SECRET_KEY):
        assert first != hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def test_the_survey_secret_is_made_once_readable_by_its_owner_only(
    settings: Any, tmp_path: Path
) -> None:
    settings.SURVEY_SECRET_FILE = tmp_path / "secrets" / "survey_anonymity_key"
    first = token()
    assert stat.S_IMODE(settings.SURVEY_SECRET_FILE.stat().st_mode) == 0o600
    platform_secrets._secret_at.cache_clear()
    assert token() == first  # read back, not made again

    settings.SURVEY_SECRET_FILE = tmp_path / "elsewhere" / "survey_anonymity_key"
    assert token() != first
