"""Demonstration selection on the hand-built case of ``demonstration_world``: gates with their
reasons, ranking with its tie-break, quotas, an upheld objection moving the next candidate
up, the notice period, finalising, and every refusal naming its field with nothing written."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from iecommons.assessment.models import Publication
from iecommons.common.models import AuditEntry
from iecommons.policy import demonstration
from iecommons.policy.models import (
    DemonstrationEntry,
    DemonstrationObjection,
    DemonstrationSelection,
)
from iecommons.policy.selectors import demonstration as selectors
from iecommons.policy.services import demonstration as services
from tests.fixtures import World
from tests.policy.demonstration_world import TODAY, Demo, build

pytestmark = pytest.mark.django_db

STARTS, ENDS = TODAY, TODAY + datetime.timedelta(days=6)
AFTER = ENDS + datetime.timedelta(days=1)


@pytest.fixture
def demo(world: World) -> Demo:
    return build(world)


def _names(demo: Demo, selection: DemonstrationSelection) -> list[str]:
    by_pk = {community.pk: name for name, community in demo.by_name.items()}
    return [by_pk[entry.community_id] for entry in selectors.selected_entries(selection)]


def _entry(demo: Demo, selection: DemonstrationSelection, name: str) -> DemonstrationEntry:
    return selection.entries.get(community=demo.by_name[name])


def _published(demo: Demo) -> DemonstrationSelection:
    selection = demo.create()
    return services.selection_publish(
        actor=demo.world.supervisor,
        selection=selection,
        notice_starts=STARTS,
        notice_ends=ENDS,
        today=TODAY,
    )


def _refused(field: str, call, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    assert field in caught.value.message_dict, caught.value.message_dict
    return caught.value


# --- the computed list -----------------------------------------------------------------------


def test_the_list_follows_the_gates_the_ranking_and_the_quotas(demo):
    selection = demo.create()
    assert _names(demo, selection) == ["A", "B", "C3", "C2"]
    outcomes = {name: _entry(demo, selection, name).outcome for name in ("C1", "C4", "C5", "C6")}
    assert outcomes == {
        "C1": demonstration.FAILED_GATE,
        "C4": demonstration.PROVINCE_FULL,
        "C5": demonstration.FAILED_GATE,
        "C6": demonstration.FAILED_GATE,
    }


def test_each_failed_gate_says_what_was_required_and_what_the_community_has(demo):
    selection = demo.create()
    failed = {
        name: [g for g in _entry(demo, selection, name).gates if not g["passed"]]
        for name in ("C1", "C5", "C6")
    }
    assert failed["C1"] == [
        {"gate": "no_overdue_rectification", "passed": False, "required": 0, "actual": 1}
    ]
    assert failed["C5"] == [
        {"gate": "min_grade", "passed": False, "required": "good", "actual": "pass"}
    ]
    assert failed["C6"] == [
        {"gate": "min_years_founded", "passed": False, "required": 2, "actual": 0}
    ]


def test_equal_scores_rank_the_older_community_first(demo):
    selection = demo.create()
    assert _entry(demo, selection, "C3").rank == 4
    assert _entry(demo, selection, "C2").rank == 5


def test_a_field_quota_holds_back_a_candidate_its_province_would_take(demo):
    selection = demo.create(
        province_quotas={"320000": 3, "440000": 1},
        field_quotas={"rail-transit": 2, "aerospace": 2},
    )
    assert _names(demo, selection) == ["A", "B", "C3"]
    assert _entry(demo, selection, "C2").outcome == demonstration.FIELD_FULL


def test_without_province_quotas_only_the_total_and_fields_count(demo):
    selection = demo.create(total=2, province_quotas={}, field_quotas={})
    assert _names(demo, selection) == ["A", "B"]
    assert _entry(demo, selection, "C3").outcome == demonstration.TOTAL_REACHED


def test_a_provincial_supervisor_selects_among_its_province_only(demo):
    jiangsu = demo.world.community_a.province
    selection = demo.create(
        actor=demo.world.provincial_supervisor,
        jurisdiction=jiangsu,
        total=2,
        province_quotas={"320000": 2},
        field_quotas={},
    )
    assert _names(demo, selection) == ["A", "C3"]
    assert not selection.entries.filter(community=demo.by_name["B"]).exists()


def test_creation_is_audited_and_the_hash_is_that_of_the_inputs(demo):
    selection = demo.create()
    assert AuditEntry.objects.filter(operation="demonstration_selection_create").count() == 1
    inputs = selectors.stored_inputs(selection)
    assert selection.inputs_sha256 == demonstration.inputs_hash(inputs)
    assert inputs["run"] == {"id": demo.run.pk, "input_sha256": "a" * 64}


# --- objections ----------------------------------------------------------------------------


def test_an_upheld_objection_removes_the_entry_and_the_next_eligible_moves_up(demo):
    selection = _published(demo)
    objection = services.objection_file(
        actor=demo.world.stranger,
        entry=_entry(demo, selection, "C2"),
        reason="该共同体申报材料中的企业数与实际不符。",
        today=TODAY,
    )
    before = DemonstrationSelection.objects.get(pk=selection.pk).inputs_sha256
    services.objection_answer(
        actor=demo.world.supervisor,
        objection=objection,
        upheld=True,
        answer="经核实，材料不实，取消其示范资格。",
    )
    selection.refresh_from_db()
    assert _names(demo, selection) == ["A", "B", "C3", "C4"]
    removed = _entry(demo, selection, "C2")
    assert removed.outcome == demonstration.REMOVED
    assert removed.removal_reason == "经核实，材料不实，取消其示范资格。"
    assert selection.inputs_sha256 != before
    assert selectors.stored_inputs(selection)["removed"] == [
        {"community_id": demo.by_name["C2"].pk, "objection_id": objection.pk}
    ]


def test_a_place_nobody_eligible_can_take_stays_empty(demo):
    selection = _published(demo)
    objection = services.objection_file(
        actor=demo.world.stranger,
        entry=_entry(demo, selection, "B"),
        reason="数据有误",
        today=TODAY,
    )
    services.objection_answer(
        actor=demo.world.supervisor, objection=objection, upheld=True, answer="属实"
    )
    # Guangdong's place: C5 and C6 fail their gates, so nobody takes it.
    assert _names(demo, selection) == ["A", "C3", "C2"]


def test_a_dismissed_objection_records_the_answer_and_keeps_the_list(demo):
    selection = _published(demo)
    objection = services.objection_file(
        actor=demo.world.secretary,
        entry=_entry(demo, selection, "B"),
        reason="乙共同体的成员数存疑。",
        on_behalf_of=demo.world.community_a,
        today=TODAY,
    )
    answered = services.objection_answer(
        actor=demo.world.supervisor, objection=objection, upheld=False, answer="经核实，数据无误。"
    )
    assert answered.status == DemonstrationObjection.Status.DISMISSED
    assert answered.on_behalf_of == demo.world.community_a
    assert _names(demo, selection) == ["A", "B", "C3", "C2"]


def test_objections_outside_the_notice_period_or_repeated_are_refused(demo):
    selection = _published(demo)
    entry = _entry(demo, selection, "A")
    for day in (STARTS - datetime.timedelta(days=1), AFTER):
        _refused(
            "entry",
            services.objection_file,
            actor=demo.world.stranger,
            entry=entry,
            reason="理由",
            today=day,
        )
    services.objection_file(actor=demo.world.stranger, entry=entry, reason="理由", today=TODAY)
    _refused(
        "entry",
        services.objection_file,
        actor=demo.world.stranger,
        entry=entry,
        reason="再次",
        today=TODAY,
    )
    assert DemonstrationObjection.objects.count() == 1


def test_an_objection_needs_grounds_an_entry_on_the_list_and_a_real_secretariat(demo):
    selection = _published(demo)
    _refused(
        "reason",
        services.objection_file,
        actor=demo.world.stranger,
        entry=_entry(demo, selection, "A"),
        reason="  ",
        today=TODAY,
    )
    _refused(
        "entry",
        services.objection_file,
        actor=demo.world.stranger,
        entry=_entry(demo, selection, "C1"),
        reason="理由",
        today=TODAY,
    )
    _refused(
        "on_behalf_of",
        services.objection_file,
        actor=demo.world.stranger,
        entry=_entry(demo, selection, "A"),
        reason="理由",
        on_behalf_of=demo.world.community_b,
        today=TODAY,
    )
    assert not DemonstrationObjection.objects.exists()


def test_a_draft_takes_no_objection_and_an_answer_is_given_once(demo):
    draft = demo.create()
    with pytest.raises(PermissionDenied):
        services.objection_file(
            actor=demo.world.stranger, entry=_entry(demo, draft, "A"), reason="理由", today=TODAY
        )
    selection = _published(demo)
    objection = services.objection_file(
        actor=demo.world.stranger, entry=_entry(demo, selection, "A"), reason="理由", today=TODAY
    )
    services.objection_answer(
        actor=demo.world.supervisor, objection=objection, upheld=False, answer="无误"
    )
    _refused(
        "objection",
        services.objection_answer,
        actor=demo.world.supervisor,
        objection=objection,
        upheld=True,
        answer="改判",
    )


def test_only_the_selections_supervisors_answer(demo):
    selection = _published(demo)
    objection = services.objection_file(
        actor=demo.world.stranger, entry=_entry(demo, selection, "A"), reason="理由", today=TODAY
    )
    for who in ("provincial_supervisor", "secretary", "stranger"):
        with pytest.raises(PermissionDenied):
            services.objection_answer(
                actor=getattr(demo.world, who), objection=objection, upheld=True, answer="x"
            )
    assert DemonstrationObjection.objects.get().status == DemonstrationObjection.Status.PENDING


# --- publishing and finalising ------------------------------------------------------------


def test_finalising_waits_for_the_end_of_the_period_and_every_answer(demo):
    selection = _published(demo)
    objection = services.objection_file(
        actor=demo.world.stranger, entry=_entry(demo, selection, "A"), reason="理由", today=TODAY
    )
    _refused(
        "notice_ends",
        services.selection_finalise,
        actor=demo.world.supervisor,
        selection=selection,
        today=ENDS,
    )
    _refused(
        "objections",
        services.selection_finalise,
        actor=demo.world.supervisor,
        selection=selection,
        today=AFTER,
    )
    services.objection_answer(
        actor=demo.world.supervisor, objection=objection, upheld=False, answer="无误"
    )
    final = services.selection_finalise(
        actor=demo.world.supervisor, selection=selection, today=AFTER
    )
    assert final.status == DemonstrationSelection.Status.FINAL
    assert AuditEntry.objects.filter(operation="demonstration_selection_finalise").exists()
    _refused(
        "status",
        services.selection_finalise,
        actor=demo.world.supervisor,
        selection=final,
        today=AFTER,
    )


def test_a_notice_period_in_the_past_or_backwards_is_refused(demo):
    selection = demo.create()
    for starts, ends, field in (
        (TODAY - datetime.timedelta(days=1), ENDS, "notice_starts"),
        (ENDS, STARTS, "notice_ends"),
        (STARTS, STARTS + datetime.timedelta(days=91), "notice_ends"),
        ("2026-02-30", ENDS, "notice_starts"),
    ):
        _refused(
            field,
            services.selection_publish,
            actor=demo.world.supervisor,
            selection=selection,
            notice_starts=starts,
            notice_ends=ends,
            today=TODAY,
        )
    selection.refresh_from_db()
    assert selection.status == DemonstrationSelection.Status.DRAFT


def test_a_withdrawn_publication_stops_publishing_and_finalising(demo):
    selection = demo.create()
    Publication.objects.filter(pk=demo.publication.pk).update(
        withdrawn_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC), withdrawal_reason="有误"
    )
    _refused(
        "run",
        services.selection_publish,
        actor=demo.world.supervisor,
        selection=selection,
        notice_starts=STARTS,
        notice_ends=ENDS,
        today=TODAY,
    )


# --- bad input at creation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"province_quotas": {"320000": 2, "440000": 1}}, "province_quotas"),
        ({"field_quotas": {"rail-transit": 4, "aerospace": 1}}, "field_quotas"),
        ({"province_quotas": {"320000": -1, "440000": 5}}, "province_quotas.320000"),
        ({"province_quotas": {"999999": 4}}, "province_quotas.999999"),
        ({"province_quotas": {"320400": 4}}, "province_quotas.320400"),
        ({"field_quotas": {"basket-weaving": 4}}, "field_quotas.basket-weaving"),
        ({"field_quotas": {"rail-transit": "three", "aerospace": 1}}, "field_quotas.rail-transit"),
        ({"total": -4}, "total"),
        ({"total": None, "province_quotas": {}, "field_quotas": {}}, "total"),
        ({"min_grade": "superb"}, "min_grade"),
        ({"min_years_founded": -1}, "min_years_founded"),
        ({"title": " "}, "title"),
    ],
)
def test_inconsistent_quotas_and_gates_are_refused_naming_the_field(demo, changes, field):
    _refused(field, demo.create, **changes)
    assert not DemonstrationSelection.objects.exists()
    assert not DemonstrationEntry.objects.exists()


def test_an_unpublished_or_withdrawn_run_is_refused(demo):
    Publication.objects.filter(pk=demo.publication.pk).update(
        withdrawn_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC), withdrawal_reason="有误"
    )
    error = _refused("run", demo.create)
    assert "withdrawn" in error.message_dict["run"][0]
    Publication.objects.filter(pk=demo.publication.pk).delete()
    error = _refused("run", demo.create)
    assert "not published" in error.message_dict["run"][0]
    assert not DemonstrationSelection.objects.exists()


def test_a_provincial_supervisor_cannot_select_for_the_country_or_another_province(demo):
    with pytest.raises(PermissionDenied):
        demo.create(actor=demo.world.provincial_supervisor)
    with pytest.raises(PermissionDenied):
        demo.create(
            actor=demo.world.provincial_supervisor,
            jurisdiction=demo.world.community_b.province,
            total=1,
            province_quotas={},
            field_quotas={},
        )
    _refused(
        "province_quotas.440000",
        demo.create,
        actor=demo.world.provincial_supervisor,
        jurisdiction=demo.world.community_a.province,
    )


# --- revising a draft ----------------------------------------------------------------------


def test_a_draft_is_revised_and_its_list_computed_again(demo):
    selection = demo.create()
    revised = services.selection_revise(
        actor=demo.world.supervisor,
        selection=selection,
        title="修订后的遴选",
        total=2,
        min_grade="good",
        no_overdue_rectification=False,
        today=TODAY,
    )
    assert revised.title == "修订后的遴选"
    # Without the rectification gate C1 (90, excellent) ranks second and takes a place.
    assert _names(demo, revised) == ["A", "C1"]
    assert revised.entries.count() == 8
    assert revised.inputs_sha256 == demonstration.inputs_hash(selectors.stored_inputs(revised))
    assert AuditEntry.objects.filter(operation="demonstration_selection_revise").exists()


def test_a_published_list_or_bad_quotas_cannot_be_revised(demo):
    selection = demo.create()
    _refused(
        "province_quotas",
        services.selection_revise,
        actor=demo.world.supervisor,
        selection=selection,
        title="修订",
        total=4,
        province_quotas={"320000": 1},
    )
    assert _names(demo, selection) == ["A", "B", "C3", "C2"]  # unchanged
    published = services.selection_publish(
        actor=demo.world.supervisor,
        selection=selection,
        notice_starts=STARTS,
        notice_ends=ENDS,
        today=TODAY,
    )
    _refused(
        "status",
        services.selection_revise,
        actor=demo.world.supervisor,
        selection=published,
        title="修订",
        total=2,
    )
    with pytest.raises(PermissionDenied):
        services.selection_revise(
            actor=demo.world.provincial_supervisor, selection=published, title="x", total=1
        )
