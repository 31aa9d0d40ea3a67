"""The embedded default's key and host names, put in place before Django reads settings.

With ``DEBUG`` off the settings refuse to start without a real ``SECRET_KEY`` and an explicit
``ALLOWED_HOSTS``. ``iecommons run`` (``make run``) serves one machine with nothing configured,
so when those variables are not given it supplies them: the key is generated once into
``var/secrets/secret_key`` (random, readable by its owner only) and read back on every later
start, and the hosts are the loopback names plus the address it listens on. The other
commands (``iecommons manage ...``, ``manage.py``) use that file only if ``iecommons run``
has already made it, so a production machine without ``SECRET_KEY`` still refuses to start.
"""

from __future__ import annotations

import os
from pathlib import Path

from iecommons.common.secret_files import read_or_create_secret

BASE_DIR = Path(__file__).resolve().parent.parent.parent.parent
LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
_WILDCARD_ADDRESSES = {"0.0.0.0", "::", ""}  # noqa: S104 - names, not a bind


def var_dir() -> Path:
    """Where the SQLite file, uploads, collected static files and local secrets live."""
    return Path(os.environ.get("IECOMMONS_VAR_DIR", str(BASE_DIR / "var")))


def local_secret_key_path() -> Path:
    return var_dir() / "secrets" / "secret_key"


def use_embedded_defaults(*, host: str | None = None, create: bool) -> None:
    """Set ``SECRET_KEY`` and ``ALLOWED_HOSTS`` for the embedded default, where not given.

    ``create`` (``iecommons run``): make the local key if there is none yet, and fill in the
    hosts even when the key was given. Otherwise only an existing local key is used, with
    the local hosts, and nothing is added when ``SECRET_KEY`` was given.
    """
    key_file = local_secret_key_path()
    if not create and ("SECRET_KEY" in os.environ or not key_file.exists()):
        return  # configured by hand, or not an embedded install: the settings decide
    if "SECRET_KEY" not in os.environ:
        os.environ["SECRET_KEY"] = read_or_create_secret(key_file)
    if "ALLOWED_HOSTS" not in os.environ:
        hosts = list(LOCAL_HOSTS)
        if host in _WILDCARD_ADDRESSES:
            # Listening on every interface: people arrive by names this machine cannot know.
            hosts = ["*"]
        elif host and host not in hosts:
            hosts.append(f"[{host}]" if ":" in host else host)
        os.environ["ALLOWED_HOSTS"] = ",".join(hosts)
