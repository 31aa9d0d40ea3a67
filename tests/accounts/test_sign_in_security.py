"""Sign-in security: lockout after repeated failures, password reset by e-mail, and API
tokens that expire.

Before this: 30 wrong passwords got 30 × 200 and then the right one signed in; there was no
reset; a token worked forever.
"""

from __future__ import annotations

import base64
import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from iecommons.accounts import services
from iecommons.accounts.models import ApiToken
from tests.factories import UserFactory
from tests.fixtures import PASSWORD


@pytest.fixture
def person(db: None) -> Any:
    return UserFactory(username="wang", email="wang@example.cn")


def sign_in(client: Any, username: str, password: str, *, language: str = "en") -> Any:
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_after_too_many_wrong_passwords_even_the_right_one_is_refused(
    client: Any, person: Any, settings: Any
) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wang", "wrong password").status_code == 200
    locked = sign_in(client, "wang", "wrong password")
    assert locked.status_code == 429

    refused = sign_in(client, "wang", PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Too many failed sign-ins" in refused.content.decode()
    assert refused["Retry-After"] == str(15 * 60)


def test_the_lockout_message_is_in_chinese_too(client: Any, person: Any, settings: Any) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wang", "wrong password", language="zh-hans")
    refused = sign_in(client, "wang", PASSWORD, language="zh-hans")
    assert refused.status_code == 429
    assert "登录失败次数过多" in refused.content.decode()


def test_a_lockout_per_address_holds_whichever_username_is_tried(
    client: Any, person: Any, settings: Any
) -> None:
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{attempt}", "wrong password")
    assert sign_in(client, "wang", PASSWORD).status_code == 429


def test_a_lockout_per_account_holds_from_another_address(
    client: Any, person: Any, settings: Any
) -> None:
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"),
            {"username": "wang", "password": "wrong"},
            REMOTE_ADDR=f"10.0.0.{attempt + 1}",
        )
    response = client.post(
        reverse("accounts:login"),
        {"username": "wang", "password": PASSWORD},
        REMOTE_ADDR="10.9.9.9",
    )
    assert response.status_code == 429


def test_a_success_before_the_limit_clears_the_count(
    client: Any, person: Any, settings: Any
) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wang", "wrong password")
    assert sign_in(client, "wang", PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wang", "wrong password")
    assert sign_in(client, "wang", PASSWORD).status_code == 302


def test_the_token_endpoint_takes_a_password_and_locks_out_the_same_way(
    client: Any, person: Any, settings: Any
) -> None:
    url = "/api/tokens"
    created = client.post(
        url, {"name": "sync"}, content_type="application/json",
        HTTP_AUTHORIZATION=basic("wang", PASSWORD),
    )  # fmt: skip
    assert created.status_code == 201
    assert created.json()["key"].startswith("iec_")

    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        wrong = client.post(
            url, {"name": "sync"}, content_type="application/json",
            HTTP_AUTHORIZATION=basic("wang", "wrong"), HTTP_ACCEPT_LANGUAGE="en",
        )  # fmt: skip
        assert wrong.status_code in (401, 429)
    refused = client.post(
        url, {"name": "sync"}, content_type="application/json",
        HTTP_AUTHORIZATION=basic("wang", PASSWORD), HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert refused.status_code == 429
    assert "Too many failed sign-ins" in refused.json()["detail"]
    assert ApiToken.objects.filter(user=person).count() == 1


def test_a_wrong_password_on_the_token_endpoint_is_a_clear_401(client: Any, person: Any) -> None:
    response = client.post(
        "/api/tokens", {"name": "sync"}, content_type="application/json",
        HTTP_AUTHORIZATION=basic("wang", "wrong"), HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 401
    assert response.json()["detail"] == "The username or password is not right."


def test_a_password_reset_by_e_mail_sets_a_new_password(
    client: Any, person: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://iec.example.cn"
    settings.ALLOWED_HOSTS = ["*"]  # as `iecommons run --host 0.0.0.0` has it
    with translation.override("en"):
        login_page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en")
        assert reverse("accounts:password_reset") in login_page.content.decode()

        sent = client.post(
            reverse("accounts:password_reset"), {"email": "wang@example.cn"},
            HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST="evil.example.com",
        )  # fmt: skip
        assert sent.status_code == 302
        done_page = client.get(sent["Location"], HTTP_ACCEPT_LANGUAGE="en")
        assert "Check your e-mail" in done_page.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["wang@example.cn"]
    assert "Reset your IE Commons password" in message.subject
    match = re.search(r"https://iec\.example\.cn(/accounts/password-reset/\S+/\S+/)", message.body)
    assert match, message.body  # from SITE_URL, never from the Host header
    assert "evil.example.com" not in message.body

    form_page = client.get(match.group(1), follow=True)
    assert form_page.status_code == 200
    new_password = "a new long passphrase 42"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")
    person.refresh_from_db()
    assert person.check_password(new_password)

    # The link works once.
    again = client.get(match.group(1), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "not valid" in again.content.decode()


def test_a_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    client: Any, person: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sent = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.cn"})
    assert sent.status_code == 302
    assert sent["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_the_reset_pages_are_in_chinese(client: Any, db: None) -> None:
    page = client.get(reverse("accounts:password_reset"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "重置密码" in page.content.decode()


def test_a_completed_reset_lifts_the_lockout(client: Any, person: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"),
            {"username": "wang", "password": "wrong"},
            REMOTE_ADDR=f"10.0.0.{attempt + 1}",
        )
    client.post(reverse("accounts:password_reset"), {"email": "wang@example.cn"})
    path = re.search(r"(/accounts/password-reset/\S+/\S+/)", mail.outbox[0].body).group(1)  # type: ignore[union-attr]
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(
        form_url, {"new_password1": "fresh pass 123456", "new_password2": "fresh pass 123456"}
    )
    assert sign_in(client, "wang", "fresh pass 123456").status_code == 302


def test_a_token_works_until_its_expiry_date_and_then_gets_a_clear_401(
    client: Any, person: Any
) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    token, key = services.api_token_create(actor=person, name="short", expires_on=tomorrow)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_ACCEPT_LANGUAGE": "en"}
    assert client.get("/api/me", **headers).status_code == 200

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    response = client.get("/api/me", **headers)
    assert response.status_code == 401
    assert response.json()["detail"].startswith("The API token expired on ")


def test_a_token_lasts_a_year_by_default_and_at_most_three(client: Any, person: Any) -> None:
    today = timezone.localdate()
    token, _key = services.api_token_create(actor=person, name="default")
    assert timezone.localtime(token.expires_at).date() == today + datetime.timedelta(days=366)

    client.force_login(person)
    too_far = client.post(
        "/api/tokens",
        {"name": "forever", "expires_on": (today + datetime.timedelta(days=4 * 365)).isoformat()},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert too_far.status_code == 422
    assert "expires_on" in too_far.json()["errors"]
    past = client.post(
        reverse("accounts:tokens"), {"name": "old", "expires_on": today.isoformat()},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert "Choose an expiry date" in past.content.decode()
    assert ApiToken.objects.filter(user=person).count() == 1


def test_the_tokens_page_shows_expiry_and_last_use(client: Any, person: Any) -> None:
    _token, key = services.api_token_create(actor=person, name="nightly")
    client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    client.force_login(person)
    page = client.get(reverse("accounts:tokens"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Works until" in page
    assert "Last used" in page
    used = timezone.localtime(ApiToken.objects.get().last_used_at).strftime("%Y-%m-%d %H:%M")
    assert used in page
