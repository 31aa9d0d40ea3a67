"""An inconsistent AHP judgment (CR above 0.1) is not saved without the expert's explicit
confirmation — in the service as on the page — and the page shows the matrix compactly
with the live consistency ratio beside it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from iecommons.assessment.models import AssessmentCycle, ExpertJudgment
from iecommons.assessment.services import judgments
from tests.assessment.conftest import indicator
from tests.fixtures import World

pytestmark = pytest.mark.django_db

# 5 · 5 against 1/5: CR 2.759, far above 0.1.
INCONSISTENT = {"cell_0_1": "5", "cell_1_2": "5", "cell_0_2": "1/5"}


def _expert(world: World) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.expert)
    return client


def test_the_service_refuses_an_inconsistent_matrix_unless_confirmed(
    world: World, cycle: AssessmentCycle
):
    node = indicator(cycle.framework, "D1")
    matrix = [[1, 5, 1 / 5], [1 / 5, 1, 5], [5, 1 / 5, 1]]
    with pytest.raises(ValidationError) as refused:
        judgments.judgment_submit(actor=world.expert, cycle=cycle, node=node, matrix=matrix)
    message = refused.value.message_dict["accept_inconsistent"][0]
    assert "above 0.1" in message
    assert not ExpertJudgment.objects.exists()
    saved = judgments.judgment_submit(
        actor=world.expert, cycle=cycle, node=node, matrix=matrix, accept_inconsistent=True
    )
    assert saved.consistency_ratio > 0.1


def test_the_page_asks_before_saving_an_inconsistent_judgment(world: World, cycle: AssessmentCycle):
    node = indicator(cycle.framework, "D1")
    url = reverse("assessment:judgment_node", kwargs={"pk": cycle.pk, "node": node.pk})
    refused = _expert(world).post(url, INCONSISTENT)
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "The consistency ratio is 2.759, above 0.1" in html
    assert 'name="accept_inconsistent"' in html  # the confirmation it asks for
    assert not ExpertJudgment.objects.exists()
    confirmed = _expert(world).post(url, {**INCONSISTENT, "accept_inconsistent": "1"})
    assert confirmed.status_code == 302
    assert ExpertJudgment.objects.get(node=node).consistency_ratio == pytest.approx(2.759, 1e-3)


def test_a_consistent_judgment_needs_no_confirmation(world: World, cycle: AssessmentCycle):
    node = indicator(cycle.framework, "D1")
    url = reverse("assessment:judgment_node", kwargs={"pk": cycle.pk, "node": node.pk})
    page = _expert(world).get(url).content.decode()
    assert 'name="accept_inconsistent"' not in page  # all ones: CR 0
    response = _expert(world).post(url, {"cell_0_1": "3", "cell_1_2": "3", "cell_0_2": "9"})
    assert response.status_code == 302


def test_the_live_check_offers_the_confirmation_only_when_inconsistent(
    world: World, cycle: AssessmentCycle
):
    node = indicator(cycle.framework, "D1")
    url = reverse("assessment:judgment_check", kwargs={"pk": cycle.pk, "node": node.pk})
    bad = _expert(world).post(url, INCONSISTENT, HTTP_HX_REQUEST="true").content.decode()
    good = (
        _expert(world)
        .post(url, {"cell_0_1": "3", "cell_1_2": "3", "cell_0_2": "9"}, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert 'form="judgment-form"' in bad
    assert "2.759" in bad
    assert "accept_inconsistent" not in good


def test_the_matrix_is_one_compact_table_with_the_ratio_beside_it(
    world: World, cycle: AssessmentCycle
):
    html = (
        _expert(world)
        .get(reverse("assessment:judgment_node", kwargs={"pk": cycle.pk, "node": "root"}))
        .content.decode()
    )
    table = html.split('class="table table-sm table-bordered', 1)[1].split("</table>", 1)[0]
    assert table.count("<select") == 15  # six dimensions: the upper triangle, 6 × 5 / 2
    assert table.count("<tr>") == 5 + 1  # a row per item but the last, and the header
    assert "judgment-cr" in html
    assert 'id="consistency"' in html
    assert html.index('id="consistency"') > html.index("judgment-matrix")
