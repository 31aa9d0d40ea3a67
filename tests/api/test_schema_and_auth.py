"""The OpenAPI schema, and the three ways of calling: token, session, anonymous."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from iecommons.accounts.models import ApiToken
from tests.api.conftest import Api, snapshot
from tests.fixtures import World


def test_the_schema_is_served_as_json_and_lists_every_endpoint(api: Api, db: None) -> None:
    response = api.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "IE Commons API"
    paths = schema["paths"]
    for path in (
        "/api/communities",
        "/api/communities/{community_id}",
        "/api/communities/{community_id}/members",
        "/api/communities/{community_id}/history",
        "/api/communities/{community_id}/suspend",
        "/api/communities/{community_id}/reinstate",
        "/api/communities/{community_id}/dissolve",
        "/api/communities/{community_id}/secretariat",
        "/api/communities/{community_id}/council-seats",
        "/api/communities/{community_id}/import",
        "/api/memberships/{membership_id}",
        "/api/memberships/{membership_id}/end",
        "/api/council-seats/{seat_id}/end",
        "/api/organizations",
        "/api/organizations/{organization_id}",
        "/api/regions",
        "/api/fields",
        "/api/me",
        "/api/tokens",
        "/api/tokens/{token_id}",
    ):
        assert path in paths, path
    assert set(paths["/api/communities"]) == {"get", "post"}


def test_the_schema_documents_the_allowed_values_of_choice_fields(api: Api, db: None) -> None:
    components = api.get("/api/openapi.json").json()["components"]["schemas"]
    assert components["CommunityOut"]["properties"]["kind"]["enum"] == ["industry", "municipal"]
    assert components["CommunityOut"]["properties"]["level"]["enum"] == [
        "national",
        "provincial",
        "municipal",
    ]
    assert components["RegionOut"]["properties"]["level"]["enum"] == ["province", "city"]
    assert "lead_unit" in components["MembershipOut"]["properties"]["role"]["enum"]
    assert "expert" in components["RoleOut"]["properties"]["role"]["enum"]


def test_the_docs_page_is_served(api: Api, db: None) -> None:
    assert api.get("/api/docs").status_code == 200


def test_a_token_made_through_the_api_authenticates_a_client_without_a_session(
    api: Api, world: World
) -> None:
    created = api.as_(world.secretary).post("/api/tokens", {"name": "同步脚本"})
    assert created.status_code == 201
    key = created.json()["key"]
    assert key.startswith("iec_")
    listed = api.get("/api/tokens").json()
    assert [token["name"] for token in listed] == ["同步脚本"]
    assert "key" not in listed[0]

    script = Api(Client())
    response = script.get("/api/me", Authorization=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["username"] == "secretary"
    assert response.json()["roles"][0]["scope"] == {
        "type": "community",
        "id": world.community_a.pk,
        "code": None,
        "name": "甲共同体",
    }
    written = script.patch(
        f"/api/communities/{world.community_a.pk}",
        {"summary": "脚本写入"},
        Authorization=f"Bearer {key}",
    )
    assert written.status_code == 200
    assert written.json()["summary"] == "脚本写入"


def test_a_revoked_token_is_refused_with_401(api: Api, world: World) -> None:
    key = api.as_(world.secretary).post("/api/tokens", {"name": "旧脚本"}).json()["key"]
    token = ApiToken.objects.get()
    assert api.call("delete", f"/api/tokens/{token.pk}").status_code == 204

    response = Api(Client()).get("/api/me", Authorization=f"Bearer {key}")
    assert response.status_code == 401
    assert response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_bad_token_is_refused_even_on_a_public_read(api: Api, world: World) -> None:
    response = api.get("/api/communities", Authorization="Bearer iec_not-a-real-key")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_anonymous_callers_read_the_public_registry_but_cannot_write(
    api: Api, world: World
) -> None:
    assert api.get("/api/communities").status_code == 200
    before = snapshot()
    response = api.patch(f"/api/communities/{world.community_a.pk}", {"summary": "x"})
    assert response.status_code == 401
    assert snapshot() == before


def test_a_session_write_needs_the_csrf_token(world: World) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.secretary)
    url = f"/api/communities/{world.community_a.pk}"
    refused = browser.patch(url, '{"summary": "x"}', content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    browser.get("/api/communities")  # any page would do; this sets no cookie by itself
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    secret = _get_new_csrf_string()
    browser.cookies["csrftoken"] = secret
    accepted = browser.patch(
        url,
        '{"summary": "x"}',
        content_type="application/json",
        headers={"X-CSRFToken": _mask_cipher_secret(secret)},
    )
    assert accepted.status_code == 200


def test_a_session_read_needs_no_csrf_token(world: World) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.secretary)
    assert browser.get(f"/api/communities/{world.community_a.pk}/history").status_code == 200


def test_me_lists_the_roles_with_their_scopes(api: Api, world: World) -> None:
    roles = api.as_(world.provincial_supervisor).get("/api/me").json()["roles"]
    assert roles[0]["role"] == "supervisor"
    assert roles[0]["scope"]["type"] == "region"
    assert roles[0]["scope"]["code"] == "320000"


def test_the_schema_says_public_reads_need_no_credentials(api: Api, db: None) -> None:
    paths = api.get("/api/openapi.json").json()["paths"]
    assert {} in paths["/api/communities"]["get"]["security"]
    assert {} not in paths["/api/communities"]["post"]["security"]
    assert {} not in paths["/api/communities/{community_id}/history"]["get"]["security"]


def test_a_body_that_is_not_json_is_refused_with_a_json_message(api: Api, world: World) -> None:
    api.as_(world.secretary)
    response = api.client.patch(
        f"/api/communities/{world.community_a.pk}", "not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"]


def test_an_unexpected_error_is_json_without_a_stack_trace_even_in_debug(
    api: Api, db: None, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from iecommons.registry import selectors

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database on fire")

    settings.DEBUG = True
    monkeypatch.setattr(selectors, "community_search", broken)
    response = api.get("/api/communities")
    assert response.status_code == 500
    assert set(response.json()) == {"detail"}
    assert "database on fire" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_no_two_api_schemas_share_a_name() -> None:
    """The OpenAPI document names each schema by its class: two classes of one name would
    be documented as one, and one of the operations would be described wrongly."""
    from collections import defaultdict

    from ninja import Schema

    from iecommons.config.api import api

    api.get_openapi_schema()
    classes: dict[str, set[str]] = defaultdict(set)

    def walk(cls: type) -> None:
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("iecommons."):
                classes[sub.__name__].add(f"{sub.__module__}.{sub.__qualname__}")
            walk(sub)

    walk(Schema)
    assert {name: where for name, where in classes.items() if len(where) > 1} == {}
