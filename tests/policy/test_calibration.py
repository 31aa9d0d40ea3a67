"""Calibrating a policy-lab scenario from the platform's ledgers: the values are the
hand-computed sums of a hand-built ledger; the supervisor's own values win; the same
inputs store the same scenario; each jurisdiction calibrates only from its own records;
bad input is refused naming the field.

The ledger (Jiangsu, community A; one model unit = 100,000 CNY; years 2024–2025):

=====================  ==========================  ===========================
                       enterprise E1, E2           college K
=====================  ==========================  ===========================
contributions          E1 2024: 300,000 + 100,000  K 2025: 150,000
                       E1 2025: 200,000
                       E2 2025: 400,000
allocation shares      E1 2025: +250,000           K 2025: +60,000
(current)              E2 2025: −50,000 (a loss)
awards disbursed       E1 2025: 120,000 + 80,000   none
award money recovered  E1 2025: 30,000             none
=====================  ==========================  ===========================

Left out, and each would change a figure if it were not: E1's contribution of 2021
(before the period), a superseded allocation share of E1, a contribution in community B
(Guangdong), and an association's contribution (neither enterprise nor college).

So C_e = 1,000,000 / 3 enterprise-years = 3.3333; R_e = 200,000 / 3 = 0.6667;
S_e = 200,000 / 1 = 2.0; F_e = 30,000 / 1 = 0.3; C_c = 1.5; R_c = 0.6; S_c, F_c: no record.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iecommons.policy.models import IncentiveProgramme
from iecommons.policy.selectors.calibration import calibration_compute, parameter_origins
from iecommons.policy.services.scenario_runs import scenario_execute
from iecommons.policy.services.scenarios import scenario_create, scenario_parameters
from iecommons.projects.models import Project
from tests.factories import MembershipFactory
from tests.policy.conftest import contribute, participant

pytestmark = pytest.mark.django_db

PERIOD = {"first_year": 2024, "last_year": 2025}


def _values(calibration) -> dict:
    return {name: entry["value"] for name, entry in calibration["parameters"].items()}


def test_calibrated_values_are_the_hand_computed_sums_of_the_ledger(ledger):
    found = calibration_compute(
        actor=ledger.provincial_supervisor, jurisdiction=ledger.community_a.province, **PERIOD
    )
    assert _values(found) == {
        "C_e": 3.3333,
        "R_e": 0.6667,
        "S_e": 2.0,
        "F_e": 0.3,
        "C_c": 1.5,
        "R_c": 0.6,
        "S_c": None,
        "F_c": None,
        "C_g": None,
        "W": None,
        "L": None,
    }
    costs = found["parameters"]["C_e"]
    assert (costs["total_cny"], costs["count"]) == ("1000000.00", 3)
    assert costs["years"] == {
        "2024": {"total_cny": "400000.00", "organizations": 1},
        "2025": {"total_cny": "600000.00", "organizations": 2},
    }
    assert "2024–2025" in costs["query"]
    assert found["parameters"]["R_e"]["total_cny"] == "200000.00"
    assert found["parameters"]["W"]["source"] == "not_recorded"
    assert (found["jurisdiction"]["code"], found["first_year"], found["last_year"]) == (
        "320000",
        2024,
        2025,
    )
    # In units of 10,000 CNY every value is ten times larger.
    tenfold = calibration_compute(
        actor=ledger.provincial_supervisor,
        jurisdiction=ledger.community_a.province,
        unit="10000",
        **PERIOD,
    )
    assert _values(tenfold)["S_e"] == 20.0


def test_the_calibration_costs_the_same_queries_for_a_big_ledger_as_for_a_small_one(ledger):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            calibration_compute(actor=ledger.supervisor, jurisdiction=None, **PERIOD)
        return len(captured)

    queries()  # loads the supervisor's scope once
    few = queries()
    project = Project.objects.filter(community=ledger.community_a).first()
    for year in (2024, 2025):
        for _ in range(5):
            newcomer = MembershipFactory(community=ledger.community_a).organization
            contribute(participant(project, newcomer), "1000.00", year)
    assert queries() == few == 3  # one aggregate query per ledger


def test_national_calibration_reads_every_province(ledger):
    found = calibration_compute(actor=ledger.supervisor, jurisdiction=None, **PERIOD)
    # Guangdong's 555,000 joins Jiangsu's 1,000,000 over one more enterprise-year.
    assert found["parameters"]["C_e"]["total_cny"] == "1555000.00"
    assert found["parameters"]["C_e"]["count"] == 4
    assert found["jurisdiction"] is None


def test_a_supervisor_calibrates_only_from_the_jurisdiction_it_supervises(ledger):
    jiangsu, guangdong = ledger.community_a.province, ledger.community_b.province
    for person, region in [
        (ledger.guangdong_supervisor, jiangsu),
        (ledger.provincial_supervisor, guangdong),
        (ledger.provincial_supervisor, None),
        (ledger.representative, jiangsu),
        (ledger.secretary, jiangsu),
        (ledger.stranger, None),
    ]:
        with pytest.raises(PermissionDenied):
            calibration_compute(actor=person, jurisdiction=region, **PERIOD)
    own = calibration_compute(actor=ledger.guangdong_supervisor, jurisdiction=guangdong, **PERIOD)
    assert own["parameters"]["C_e"]["total_cny"] == "555000.00"
    assert own["parameters"]["S_e"]["value"] is None  # Jiangsu's awards are not Guangdong's
    # Saving a calibrated scenario for a province one does not supervise is refused too,
    # and so is calibrating a scenario of one's own from the whole country.
    with pytest.raises(PermissionDenied):
        scenario_create(
            actor=ledger.guangdong_supervisor,
            title="越权校准",
            jurisdiction=jiangsu,
            calibrate=True,
            enqueue=False,
        )
    with pytest.raises(ValidationError) as refused:
        scenario_create(
            actor=ledger.provincial_supervisor,
            title="全国校准",
            jurisdiction=None,
            calibrate=True,
            enqueue=False,
        )
    assert "jurisdiction" in refused.value.message_dict


def test_a_value_set_by_the_supervisor_wins_and_the_origins_say_where_each_came_from(ledger):
    scenario = scenario_create(
        actor=ledger.provincial_supervisor,
        title="江苏：补贴加码",
        jurisdiction=ledger.community_a.province,
        calibrate=True,
        parameters={"S_e": 5, "W": "7.5"},
        enqueue=False,
        **PERIOD,
    )
    used = scenario.document["parameters"]
    assert (used["S_e"], used["W"], used["C_e"], used["S_c"], used["L"]) == (
        5.0,
        7.5,
        3.3333,
        1.0,
        2.0,
    )
    assert scenario.calibration["overrides"] == {"S_e": 5.0, "W": 7.5}
    assert scenario.calibration["parameters"]["S_e"]["value"] == 2.0  # what was found stays
    origins = {
        row.name: row.origin
        for row in parameter_origins(dict.fromkeys(used, 0.0), used, scenario.calibration)
    }
    assert (origins["S_e"], origins["C_e"], origins["S_c"], origins["L"]) == (
        "set",
        "calibrated",
        "default",
        "default",
    )
    # A value under "parameters" of the researcher's document counts as set too.
    saved, record = scenario_parameters(
        actor=ledger.provincial_supervisor,
        document={"parameters": {"C_e": 1}, "t_end": 20},
        jurisdiction=ledger.community_a.province,
        calibrate=True,
        **PERIOD,
    )
    assert saved["parameters"]["C_e"] == 1.0
    assert saved["t_end"] == 20
    assert record["overrides"] == {"C_e": 1.0}


def test_the_same_inputs_store_the_same_scenario_and_the_same_result(ledger):
    inputs = {
        "actor": ledger.provincial_supervisor,
        "title": "江苏：现行政策",
        "jurisdiction": ledger.community_a.province,
        "calibrate": True,
        "parameters": {"F_c": 0.5},
        "document": {"t_end": 30, "points": 61},
        "enqueue": False,
        **PERIOD,
    }
    first, second = scenario_create(**inputs), scenario_create(**inputs)
    assert first.document == second.document
    assert first.calibration == second.calibration
    results = [scenario_execute(scenario_id=s.pk).result for s in (first, second)]
    assert results[0] == results[1]
    assert results[0]["parameters"] == first.document["parameters"]
    # The saved document alone reproduces the run: it needs neither the platform nor
    # the calibration (here it is run again by the engine directly).
    from iecommons.analytics.games import run_scenario

    assert run_scenario(first.document) == results[0]


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"parameters": {"Q": 1}}, "parameters.Q", "not a parameter of the model"),
        ({"parameters": {"S_e": "much"}}, "parameters.S_e", "give a number"),
        ({"parameters": {"S_e": "inf"}}, "parameters.S_e", "finite"),
        ({"parameters": {"S_e": True}}, "parameters.S_e", "give a number"),
        ({"document": {"parameters": {"Se": 1}}}, "document", "unknown parameter 'Se'"),
        ({"document": {"parameters": [1, 2]}}, "document", '"parameters" must map'),
        ({"document": {"t_end": "long"}}, "document", "t_end is 'long'"),
        ({"document": [1]}, "document", "JSON object"),
        (
            {
                "document": {
                    "model": {
                        "parameters": {"R": 2, "D": 0, "C": 1},
                        "payoff_differences": {
                            "government": "1",
                            "enterprises": "R / D - C",
                            "colleges": "1",
                        },
                    }
                }
            },
            "document",
            "division by zero",
        ),
        ({"calibrate": True, "first_year": 2026, "last_year": 2024}, "last_year", "before"),
        ({"calibrate": True, "first_year": "soon"}, "first_year", "year"),
        ({"calibrate": True, "unit": "0"}, "unit", "more than zero"),
        ({"calibrate": True, "unit": "a lot"}, "unit", "yuan"),
        ({"title": "  "}, "title", "title"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(ledger, extra, field, words):
    from iecommons.policy.models import PolicyScenario

    values = {
        "actor": ledger.provincial_supervisor,
        "title": "坏输入",
        "jurisdiction": ledger.community_a.province,
        "enqueue": False,
        **extra,
    }
    with pytest.raises(ValidationError) as refused:
        scenario_create(**values)
    messages = refused.value.message_dict
    assert list(messages) == [field]
    assert words.lower() in " ".join(messages[field]).lower()
    assert not PolicyScenario.objects.exists()


def test_an_empty_ledger_leaves_every_parameter_at_its_default(world):
    IncentiveProgramme.objects.all().delete()
    found = calibration_compute(actor=world.supervisor, jurisdiction=None, **PERIOD)
    assert all(entry["value"] is None for entry in found["parameters"].values())
    assert found["parameters"]["C_e"]["count"] == 0
    # A scenario calibrated from nothing is the default scenario, and says so.
    saved, record = scenario_parameters(
        actor=world.supervisor, document=None, calibrate=True, **PERIOD
    )
    assert saved["parameters"]["C_e"] == 4.0
    assert record["overrides"] == {}
