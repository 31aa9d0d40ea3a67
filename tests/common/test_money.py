"""Money reads as people write it, in both languages: 7,148,600.00, never 7148600.00.

Django's Simplified Chinese number format has no thousands separator, so the old
``floatformat:2|intcomma`` showed bare digits to Chinese readers; one helper now formats
every amount, exact to the fen, on pages and in messages alike.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from tests.fixtures import World
from tests.policy.conftest import open_programme
from tests.projects.conftest import make_project

from iecommons.common.money import format_money
from iecommons.projects.models import Contribution, Participant

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "iecommons"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_amounts_are_grouped_by_three_in_both_languages(language: str) -> None:
    assert format_money(Decimal("7148600"), language=language) == "7,148,600.00"
    assert format_money(Decimal("999.5"), language=language) == "999.50"
    assert format_money(Decimal("-1234567.891"), language=language) == "-1,234,567.89"
    assert format_money(Decimal("0"), language=language) == "0.00"


def test_money_is_exact_and_rounds_half_up_to_the_fen() -> None:
    # Through a float, 1.005 would be 1.00499999… and round down.
    assert format_money("1.005", language="en") == "1.01"
    assert format_money(Decimal("12345678901234.565"), language="en") == "12,345,678,901,234.57"
    assert format_money("7148600.00", language="en") == "7,148,600.00"  # a stored figure


def test_nothing_shows_as_a_dash() -> None:
    assert format_money(None) == "—"
    assert format_money("") == "—"


def test_no_template_formats_money_the_old_way() -> None:
    old = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "floatformat:2|intcomma" in path.read_text(encoding="utf-8")
    ]
    assert not old, old


def test_a_programme_budget_has_thousands_separators_in_chinese(world: World) -> None:
    open_programme(world.provincial_supervisor, world.community_a.province, budget="7148600.00")
    client = Client()
    client.force_login(world.provincial_supervisor)
    html = client.get(reverse("policy:programme_list"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = html.content.decode()
    assert "7,148,600.00" in text
    assert "7148600.00" not in text


def test_the_desk_shows_a_member_s_contributions_with_separators(world: World) -> None:
    project = make_project(world.community_a)
    lead = Participant.objects.create(project=project, organization=world.member_a)
    Contribution.objects.create(
        participant=lead,
        organization=world.member_a,
        kind="cash",
        value=Decimal("1234567.80"),
        date="2025-01-10",
        year=2025,
    )
    client = Client()
    client.force_login(world.representative)
    html = client.get(reverse("desk:home"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "1,234,567.80" in html
