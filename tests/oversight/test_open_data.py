"""Open data: the package validates with the frictionless library, carries only published
grades and public fields, refuses anything else whole, and keeps its older versions."""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import pytest
from django.test import Client
from frictionless import Package, validate
from openpyxl import load_workbook

from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from iecommons.oversight.models import OpenDataRelease
from iecommons.oversight.opendata import resources
from iecommons.oversight.opendata.build import (
    OpenDataRefusedError,
    open_data_build,
    release_directory,
)
from tests.assessment.runs_world import assessment_world
from tests.fixtures import World


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def runs(world: World):
    assessed = assessment_world(world)

    def run():
        started = run_services.evaluation_run_start(
            actor=world.supervisor, cycle=assessed.cycle, enqueue=False
        )
        return run_execution.evaluation_run_execute(run_id=started.pk)

    published, unpublished = run(), run()
    run_services.evaluation_run_publish(actor=world.supervisor, run=published)
    return published, unpublished


def _rows(release: OpenDataRelease, name: str) -> list[dict[str, str]]:
    path = release_directory(release.version) / f"{name}.csv"
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_package_validates_with_frictionless_and_holds_every_format(world, runs):
    release = open_data_build(actor=world.supervisor, reason="test")
    descriptor = release_directory(release.version) / "datapackage.json"
    report = validate(str(descriptor))
    failed = [(t.name, t.flatten(["type", "note"])) for t in report.tasks if not t.valid]
    assert report.valid, failed
    package = Package(str(descriptor))
    names = {resource.name for resource in package.resources}
    assert {"communities", "communities-xlsx", "communities-json", "grades", "memberships"} <= names
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    assert data["licenses"][0]["name"] == "CC-BY-4.0"
    assert data["version"] == f"{release.version}.0.0"
    field = data["resources"][0]["schema"]["fields"][1]
    assert field["title"] == "名称 / Name"  # both languages


def test_only_the_grades_of_published_runs_are_open_data_with_their_hash(world, runs):
    published, unpublished = runs
    release = open_data_build()
    grades = _rows(release, "grades")
    assert grades
    assert {row["run_id"] for row in grades} == {str(published.pk)}
    assert {row["run_sha256"] for row in grades} == {published.input_sha256}
    assert str(unpublished.pk) not in {row["run_id"] for row in grades}


def test_no_private_field_reaches_any_file(world, runs):
    world.community_a.contact_email = "secret@example.cn"
    world.community_a.save(update_fields=["contact_email"])
    release = open_data_build()
    directory = release_directory(release.version)
    for path in directory.iterdir():
        if path.suffix in (".csv", ".json"):
            assert "secret@example.cn" not in path.read_text(encoding="utf-8"), path.name


def test_a_resource_declaring_a_private_field_is_refused_and_nothing_is_published(world, runs):
    leaky = dataclasses.replace(
        resources.COMMUNITIES,
        columns=(
            *resources.COMMUNITIES.columns,
            resources.Column("contact_email", "string", "邮箱", "E-mail"),
        ),
    )
    with pytest.raises(OpenDataRefusedError, match="contact_email is private"):
        open_data_build(resources=(leaky, resources.GRADES))
    assert not OpenDataRelease.objects.exists()
    assert not any(release_directory(1).parent.glob("*/*.csv"))


def test_rows_of_an_unpublished_run_are_refused_and_nothing_is_published(world, runs):
    _published, unpublished = runs

    def every_run():
        yield from ({**row, "run_id": unpublished.pk} for row in resources.GRADES.rows())

    hostile = dataclasses.replace(resources.GRADES, rows=every_run)
    with pytest.raises(OpenDataRefusedError, match=f"run {unpublished.pk} is not published"):
        open_data_build(resources=(resources.COMMUNITIES, hostile))
    assert not OpenDataRelease.objects.exists()
    assert not list(release_directory(1).parent.glob("v*"))


def test_formula_like_names_stay_text_in_the_xlsx(world, runs):
    world.community_a.name = '=HYPERLINK("http://x.example","Open")'
    world.community_a.save(update_fields=["name"])
    release = open_data_build()
    sheet = load_workbook(release_directory(release.version) / "communities.xlsx").active
    cells = [
        cell
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if cell.value and str(cell.value).startswith("=")
    ]
    assert cells
    assert all(cell.data_type == "s" for cell in cells)
    assert _rows(release, "communities")[0]["name"].startswith("'=")


def test_older_versions_are_kept_and_listed(world, runs):
    first, second = open_data_build(), open_data_build()
    assert (first.version, second.version) == (1, 2)
    assert (release_directory(1) / "datapackage.json").is_file()
    page = Client().get("/open-data/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Release v2" in page.content.decode()
    assert "/open-data/v1/datapackage.json" in page.content.decode()
    listed = Client().get("/api/open-data").json()
    assert [item["version"] for item in listed] == [2, 1]
    descriptor = Client().get(listed[0]["descriptor"])
    assert descriptor.status_code == 200
    assert json.loads(b"".join(descriptor.streaming_content))["name"] == "iecommons-open-data"


def test_only_the_files_a_release_lists_are_served(world, runs):
    release = open_data_build()
    client = Client()
    assert client.get(f"/open-data/v{release.version}/grades.csv").status_code == 200
    assert client.get(f"/open-data/v{release.version}/../../settings.py").status_code == 404
    assert client.get(f"/open-data/v{release.version}/secret.csv").status_code == 404
    assert client.get("/open-data/v99/grades.csv").status_code == 404


def test_a_publication_newer_than_the_latest_release_queues_a_rebuild(
    world, runs, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    cache.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        Client().get("/open-data/")
    assert len(callbacks) == 1  # the first visit queues the build
    open_data_build()
    cache.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        Client().get("/open-data/")
    assert callbacks == []  # current: nothing to do
