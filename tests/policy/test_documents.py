"""Policy documents and their measures: issuing with refusals that name the field, the
state rule, reporting implementation with evidence, the board and who sees what."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from iecommons.common.models import AuditEntry
from iecommons.policy.measures import implementation_state
from iecommons.policy.models import Measure, MeasureImplementation, PolicyDocument
from iecommons.policy.selectors.documents import board, document_measures
from iecommons.policy.services import documents as services
from iecommons.registry.models import Region
from tests.factories import city
from tests.fixtures import World

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 9, 1)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56

MEASURES = [
    {
        "text": "推动每个设区市至少建成一个市域产教联合体",
        "responsible_body": "省教育厅、省发展改革委",
        "target": "设区市全覆盖",
        "deadline": "2026-06-30",
        "indicator": "已建成市域产教联合体的设区市数",
    },
    {
        "text": "落实产教融合型企业教育费附加抵免政策",
        "responsible_body": "省税务局",
        "target": "应享尽享",
        "deadline": "2026-12-31",
        "indicator": "享受抵免的企业数和抵免金额",
    },
]


def issue_national(world: World, **extra) -> PolicyDocument:
    values = {
        "actor": world.supervisor,
        "title": "关于深化现代职业教育体系建设改革的意见",
        "issuer": "中共中央办公厅、国务院办公厅",
        "number": "中办发〔2022〕65号",
        "issued_on": datetime.date(2022, 12, 21),
        "level": PolicyDocument.Level.NATIONAL,
        "jurisdiction": None,
        "full_text": "全文……",
        "measures": MEASURES,
    }
    values.update(extra)
    return services.document_issue(**values)


def report(world: World, measure: Measure, **extra) -> MeasureImplementation:
    values = {
        "actor": world.provincial_supervisor,
        "measure": measure,
        "jurisdiction": world.community_a.province,
        "status": MeasureImplementation.Status.DONE,
        "note": "13个设区市均已建成",
        "completed_on": datetime.date(2026, 5, 20),
        "today": TODAY,
    }
    values.update(extra)
    return services.implementation_report(**values)


@pytest.mark.parametrize(
    ("status", "completed_on", "today", "state"),
    [
        ("done", datetime.date(2026, 6, 30), TODAY, "on_time"),
        ("done", datetime.date(2026, 7, 1), TODAY, "late"),
        ("in_progress", None, datetime.date(2026, 6, 30), "on_time"),
        ("in_progress", None, datetime.date(2026, 7, 1), "late"),
        (None, None, datetime.date(2026, 7, 1), "late"),
        ("not_started", None, datetime.date(2026, 6, 1), "not_started"),
        (None, None, datetime.date(2026, 6, 1), "not_started"),
    ],
)
def test_a_measure_is_on_time_late_or_not_started(status, completed_on, today, state):
    deadline = datetime.date(2026, 6, 30)
    assert implementation_state(status, completed_on, deadline, today) == state


def test_a_national_document_is_issued_with_its_measures_and_audited(world):
    document = issue_national(world)
    assert [m.position for m in document.measures.all()] == [1, 2]
    assert AuditEntry.objects.filter(operation="document_issue").count() == 1
    assert AuditEntry.objects.filter(operation="measure_add").count() == 2


def test_a_bad_measure_is_refused_by_its_position_and_nothing_is_written(world):
    bad = [MEASURES[0], {**MEASURES[1], "deadline": "2021-01-01"}]
    with pytest.raises(ValidationError) as error:
        issue_national(world, measures=bad)
    assert "measures[2].deadline" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        issue_national(world, measures=[{**MEASURES[0], "indicator": " "}])
    assert "measures[1].indicator" in error.value.message_dict
    assert not PolicyDocument.objects.exists()
    assert not Measure.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"level": "county"}, "level"),
        ({"level": "provincial"}, "jurisdiction"),
        ({"issued_on": datetime.date(2099, 1, 1)}, "issued_on"),
        ({"full_text": ""}, "full_text"),
        ({"title": " "}, "title"),
    ],
)
def test_bad_documents_are_refused_naming_the_field(world, extra, field):
    with pytest.raises(ValidationError) as error:
        issue_national(world, **extra)
    assert field in error.value.message_dict
    assert not PolicyDocument.objects.exists()


def test_a_provincial_supervisor_issues_only_for_its_province(world):
    with pytest.raises(PermissionDenied):
        issue_national(world, actor=world.provincial_supervisor)
    with pytest.raises(PermissionDenied):
        issue_national(
            world,
            actor=world.provincial_supervisor,
            level="provincial",
            jurisdiction=world.community_b.province,
        )
    document = issue_national(
        world,
        actor=world.provincial_supervisor,
        level="provincial",
        jurisdiction=world.community_a.province,
    )
    assert document.jurisdiction == world.community_a.province


def test_a_document_file_goes_through_the_upload_policy(world):
    with pytest.raises(ValidationError) as error:
        issue_national(world, full_text="", file=SimpleUploadedFile("意见.pdf", ELF))
    assert "Linux executable" in " ".join(error.value.message_dict["file"])
    assert not PolicyDocument.objects.exists()
    document = issue_national(world, full_text="", file=SimpleUploadedFile("意见.pdf", PDF))
    assert document.file_content_type == "application/pdf"
    assert document.file_name == "意见.pdf"


def test_each_province_reports_its_own_implementation(world):
    measure = issue_national(world).measures.get(position=1)
    with pytest.raises(PermissionDenied):
        report(world, measure, actor=world.guangdong_supervisor)
    implementation = report(world, measure)
    assert implementation.version == 1
    report(world, measure, status="in_progress", completed_on=None, note="推进中")
    implementation.refresh_from_db()
    assert implementation.version == 2
    assert implementation.completed_on is None
    (row,) = [r for r in document_measures(measure.document, TODAY) if r[0].pk == measure.pk]
    states = {cell.region.code: cell.state for cell in row[2]}
    # Past the deadline, in progress is late; Guangdong has reported nothing: late too.
    assert states == {"320000": "late", "440000": "late"}


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"status": "half"}, "status"),
        ({"note": ""}, "note"),
        ({"completed_on": datetime.date(2026, 12, 1)}, "completed_on"),
        ({"status": "in_progress"}, "completed_on"),
        ({"evidence": SimpleUploadedFile("证明.pdf", ELF)}, "evidence"),
    ],
)
def test_bad_reports_are_refused_naming_the_field(world, extra, field):
    measure = issue_national(world).measures.get(position=1)
    with pytest.raises(ValidationError) as error:
        report(world, measure, **extra)
    assert field in error.value.message_dict
    assert not MeasureImplementation.objects.exists()


def test_a_city_does_not_report_on_a_national_documents_measure(world):
    measure = issue_national(world).measures.get(position=1)
    with pytest.raises(ValidationError) as error:
        report(world, measure, jurisdiction=world.community_a.region)
    assert "jurisdiction" in error.value.message_dict


def test_a_provincial_document_is_carried_out_by_its_cities(world):
    suzhou = city("320500", "苏州市", "Suzhou")
    document = issue_national(
        world,
        actor=world.provincial_supervisor,
        level="provincial",
        jurisdiction=world.community_a.province,
    )
    measure = document.measures.get(position=2)
    report(world, measure, jurisdiction=suzhou, status="in_progress", completed_on=None)
    (_measure, tally, cells) = document_measures(document, TODAY)[1]
    assert {cell.region.code for cell in cells} == {"320400", "320500"}
    assert (tally.on_time, tally.not_started) == (1, 1)


def test_the_board_shows_each_supervisor_its_own_jurisdictions(world):
    issue_national(world)
    everything = board(world.supervisor, TODAY)
    assert everything.tally.total == 4  # two measures in two provinces
    mine = board(world.provincial_supervisor, TODAY)
    assert mine.tally.total == 2
    assert {cell.region.code for cell in mine.cells} == {"320000"}
    assert [region.code for region in mine.regions] == ["320000"]
    # Late first, then not started.
    assert [cell.state for cell in mine.cells] == ["late", "not_started"]
    late = board(world.provincial_supervisor, TODAY, "late")
    assert [cell.measure.position for cell in late.cells] == [1]
    assert late.tally.total == 2  # the figures count every state of the selection
    assert Region.objects.filter(level="province").count() == 2


def test_the_board_filters_by_jurisdiction_and_by_the_level_of_the_issuer(world):
    issue_national(world)
    jiangsu = world.community_a.province
    suzhou = city("320500", "苏州市", "Suzhou")
    services.document_issue(
        actor=world.provincial_supervisor,
        title="江苏省深化产教融合实施方案",
        issuer="江苏省人民政府办公厅",
        issued_on=datetime.date(2024, 3, 1),
        level=PolicyDocument.Level.PROVINCIAL,
        jurisdiction=jiangsu,
        full_text="全文",
        measures=MEASURES[:1],
    )
    every = board(world.supervisor, TODAY)
    assert every.tally.total == 4 + Region.objects.filter(parent=jiangsu).count()
    in_jiangsu = board(world.supervisor, TODAY, jurisdiction_code="320000")
    assert in_jiangsu.jurisdiction == jiangsu
    # The province's own cells for the national measures, and its cities' for its own.
    assert {cell.region.code for cell in in_jiangsu.cells} >= {"320000", suzhou.code}
    assert all(cell.region.code.startswith("32") for cell in in_jiangsu.cells)
    provincial = board(world.supervisor, TODAY, level=PolicyDocument.Level.PROVINCIAL)
    assert {cell.measure.document.level for cell in provincial.cells} == {"provincial"}
    assert provincial.tally.total == Region.objects.filter(parent=jiangsu).count()
    nothing = board(world.guangdong_supervisor, TODAY, level=PolicyDocument.Level.PROVINCIAL)
    assert nothing.cells == []
