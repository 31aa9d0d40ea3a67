"""Project-wide test settings and fixtures.

- Static files use plain ``StaticFilesStorage``: ``live_server`` serves files from the
  finders, so hashed manifest names would 404.
- Passwords are hashed with MD5 (``settings_for_tests``): the real hasher costs a second per
  user created.
- ``browser_page``: a chromium page driven by playwright, in a fresh browser context per
  test (one chromium for the session); the test fails if the page's Content-Security-Policy
  had to block anything.
- ``CI`` set: a test that needs a missing browser or PostgreSQL fails instead of skipping.
- The language is pinned here, once, for every test: English outside requests (service
  refusals are asserted in English), reset afterwards, so no test leans on a language an
  earlier one left active. Pages still choose theirs per request (``Accept-Language``,
  Chinese by default).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytest_plugins = ["tests.fixtures"]

# Playwright's sync API runs an event loop in the test thread, and Django refuses database
# access from a thread with a running loop unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_or_fail(reason: str) -> None:
    """Skip on a developer machine; fail in CI, where nothing may be silently left out."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set: this must not be skipped)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _empty_page_cache() -> Iterator[None]:
    # Each test's database starts over, and so may the data version: cached pages must not
    # carry over from one test to the next.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def _survey_secret_file(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return tmp_path_factory.mktemp("secrets") / "survey_anonymity_key"


@pytest.fixture(autouse=True)
def _known_language() -> Iterator[None]:
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, _survey_secret_file: Any) -> None:
    # The suite writes nothing into the checkout's var/.
    settings.SURVEY_SECRET_FILE = _survey_secret_file
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _postgres_only(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("postgres_only") is None:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        skip_or_fail(f"needs PostgreSQL, the database is {connection.vendor}")


@pytest.fixture(scope="session")
def _chromium() -> Iterator[Browser]:
    """One chromium for the whole session; each test gets a fresh context of its own.

    Playwright's sync API marks its event loop as running in the test thread between its
    calls. Left so between tests, Django would see a running loop in the tests that follow
    (its database teardown raised SynchronousOnlyOperation when the browser was simply
    shared); so the loop is marked running only while a browser test holds a page
    (``_playwright_loop``) and stopped, as after a browser of its own, in between.
    """
    if not (os.path.isfile(CHROMIUM) or shutil.which(CHROMIUM)):
        skip_or_fail(f"chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        _park_the_loop()
        yield browser
        with _playwright_loop(browser):
            browser.close()
    finally:
        _resume_the_loop(playwright)
        playwright.stop()


def _park_the_loop() -> None:
    asyncio._set_running_loop(None)


def _resume_the_loop(playwright_object: Any) -> None:
    asyncio._set_running_loop(playwright_object._loop)


@contextlib.contextmanager
def _playwright_loop(browser: Browser) -> Iterator[None]:
    _resume_the_loop(browser)
    try:
        yield
    finally:
        _park_the_loop()


@pytest.fixture
def browser_page(live_server: Any, transactional_db: None, _chromium: Browser) -> Iterator[Page]:
    """A fresh chromium page in a fresh context (cookies, storage and cache of its own);
    navigate with ``page.goto(live_server.url + path)``.
    """
    with _playwright_loop(_chromium):
        context = _chromium.new_context(locale="zh-CN")
        try:
            page = context.new_page()
            page.set_default_timeout(10_000)
            # Whatever the test does, the Content-Security-Policy must never have to block
            # anything: a blocked script or style is a feature that silently broke.
            violations: list[str] = []
            page.on(
                "console",
                lambda message: (
                    violations.append(message.text)
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
            yield page
        finally:
            # Contexts a test opened itself (one without JavaScript, say) go with it.
            for opened in [*_chromium.contexts]:
                opened.close()
        assert not violations, f"the page broke its Content-Security-Policy: {violations}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Browser tests need the live server and a real transaction, whatever they ask for.
    for item in items:
        if "browser_page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
