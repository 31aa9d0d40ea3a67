"""The named people of the permission tests, and the two communities they act in.

- ``operator``: a superuser (the Django admin);
- ``supervisor``: national supervisor; ``provincial_supervisor``: Jiangsu (province of
  community A); ``guangdong_supervisor``: another province;
- ``secretary``: secretariat of community A; ``outsider``: secretariat of community B;
- ``representative``: member representative of an organisation in A (not in B);
- ``expert``: expert of community A;
- ``stranger``: signed in, no role at all.
Community A is seated in Changzhou (Jiangsu), B in Shenzhen (Guangdong).

``world`` is built once per test module where that cannot be told apart from building it
per test, and each test gets its own copy of the objects (as Django's ``setUpTestData``
does): the rows live in a transaction around the module, each test runs in a savepoint
inside it and is rolled back to the world as built. A module qualifies when every test in
it that touches the database asks for ``world`` and none needs real transactions
(``transactional_db``, ``live_server``, ``django_db(transaction=True)``) or another
module-wide database fixture; elsewhere each test builds its own world, as before.
"""

from __future__ import annotations

import copy
import unittest
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from iecommons.accounts.models import Role, User
from iecommons.registry.models import Community, Membership, Organization
from tests.factories import (
    CommunityFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    grant,
    shenzhen,
)

PASSWORD = "correct horse battery"


@dataclass
class World:
    community_a: Community
    community_b: Community
    member_a: Organization  # active member of A, represented by ``representative``
    member_b: Organization  # active member of B only
    membership_a: Membership
    operator: User
    supervisor: User
    provincial_supervisor: User
    guangdong_supervisor: User
    secretary: User
    outsider: User
    representative: User
    expert: User
    stranger: User


def _build_world() -> World:
    community_a = CommunityFactory(name="甲共同体", name_en="Community A")
    community_b = CommunityFactory(name="乙共同体", name_en="Community B", region=shenzhen())
    membership_a = MembershipFactory(community=community_a)
    member_b = MembershipFactory(community=community_b).organization
    operator = UserFactory(username="operator", is_superuser=True, is_staff=True)
    supervisor = UserFactory(username="supervisor")
    grant(supervisor, Role.SUPERVISOR)
    provincial = UserFactory(username="jiangsu")
    grant(provincial, Role.SUPERVISOR, region=community_a.province)
    guangdong = UserFactory(username="guangdong")
    grant(guangdong, Role.SUPERVISOR, region=community_b.province)
    secretary = UserFactory(username="secretary")
    grant(secretary, Role.SECRETARIAT, community=community_a)
    outsider = UserFactory(username="outsider")
    grant(outsider, Role.SECRETARIAT, community=community_b)
    representative = UserFactory(username="representative")
    grant(representative, Role.MEMBER, organization=membership_a.organization)
    expert = UserFactory(username="expert")
    grant(expert, Role.EXPERT, community=community_a)
    stranger = UserFactory(username="stranger")
    community_a.refresh_from_db()
    community_b.refresh_from_db()
    return World(
        community_a=community_a,
        community_b=community_b,
        member_a=membership_a.organization,
        member_b=member_b,
        membership_a=membership_a,
        operator=operator,
        supervisor=supervisor,
        provincial_supervisor=provincial,
        guangdong_supervisor=guangdong,
        secretary=secretary,
        outsider=outsider,
        representative=representative,
        expert=expert,
        stranger=stranger,
    )


# The modules whose tests may share one world (see the module docstring).
_SHARED_WORLD_MODULES = pytest.StashKey[set[str]]()
_DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "live_server",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
    }
)
_TRANSACTIONAL_FIXTURES = _DATABASE_FIXTURES - {"db"}


def _uses_the_database(item: pytest.Item) -> bool:
    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, unittest.TestCase):
        return True  # Django's own test cases manage the database themselves
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & _DATABASE_FIXTURES) or item.get_closest_marker("django_db") is not None


def _may_share_the_world(item: pytest.Item) -> bool:
    """True for a test that sees nothing but its own savepoint in a module-wide world."""
    names = set(getattr(item, "fixturenames", ()))
    if "world" not in names or names & _TRANSACTIONAL_FIXTURES:
        return False
    marker = item.get_closest_marker("django_db")
    if marker is not None and any(
        marker.kwargs.get(option)
        for option in ("transaction", "reset_sequences", "serialized_rollback")
    ):
        return False
    # Another fixture that holds database rows across the module (small_demo, say) would
    # interleave its transaction with the world's.
    definitions = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    for name, defs in definitions.items():
        if name == "_module_world" or not defs:
            continue
        definition = defs[-1]
        if definition.func.__module__.startswith("pytest_django"):
            continue  # the test database itself, set up once per session
        if definition.scope != "function" and {"django_db_blocker", "django_db_setup"} & set(
            definition.argnames
        ):
            return False
    return True


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    verdicts: dict[str, bool] = {}
    for item in items:
        module = str(item.path)
        if _uses_the_database(item):
            verdicts[module] = verdicts.get(module, True) and _may_share_the_world(item)
    config.stash[_SHARED_WORLD_MODULES] = {module for module, ok in verdicts.items() if ok}


@pytest.fixture(scope="module")
def _module_world(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any
) -> Iterator[World | None]:
    """The world of a module whose tests may share it, or None (each test builds its own)."""
    if str(request.path) not in request.config.stash.get(_SHARED_WORLD_MODULES, set()):
        yield None
        return
    from django.db import transaction
    from django.utils import translation

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with translation.override("en"):
                built = _build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(_module_world: World | None, db: None) -> World:
    if _module_world is None:
        return _build_world()
    # A copy per test, so that what one test changes on the objects stays with it; the
    # rows it changes are rolled back with its savepoint.
    return copy.deepcopy(_module_world)


@pytest.fixture
def unrelated_organization(db: None) -> Organization:
    return OrganizationFactory(name="无关企业有限公司")
