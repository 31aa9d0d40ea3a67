"""Withdrawing a publication: who may, with what reason, and what the public then sees (the
previous publication or none, and the correction with its date and reason) — on the page,
in the API and in the open data."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from iecommons.assessment.models import EvaluationRun, Publication
from iecommons.assessment.selectors import results
from iecommons.assessment.services import publications as publication_services
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from iecommons.common.models import AuditEntry
from iecommons.oversight.opendata import resources
from iecommons.oversight.opendata.build import open_data_build, release_directory
from iecommons.oversight.opendata.freshness import is_stale
from tests.assessment.runs_world import AssessmentWorld, assessment_world
from tests.fixtures import World

REASON = "第二季度数据录入有误，已更正。"


@pytest.fixture
def assessed(world: World) -> AssessmentWorld:
    return assessment_world(world)


def _finished_run(world: World, assessed: AssessmentWorld) -> EvaluationRun:
    started = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    return run_execution.evaluation_run_execute(run_id=started.pk)


@pytest.fixture
def published(world: World, assessed: AssessmentWorld) -> Publication:
    return run_services.evaluation_run_publish(
        actor=world.supervisor, run=_finished_run(world, assessed)
    )


def _client(world: World, who: str | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if who is not None:
        client.force_login(getattr(world, who))
    return client


# --- the service ---------------------------------------------------------------------------


def test_a_supervisor_withdraws_with_a_reason_and_it_is_audited(world, published):
    withdrawn = publication_services.publication_withdraw(
        actor=world.supervisor, publication=published, reason=f"  {REASON}  "
    )
    assert withdrawn.withdrawn_at is not None
    assert withdrawn.withdrawn_by == world.supervisor
    assert withdrawn.withdrawal_reason == REASON
    entry = AuditEntry.objects.get(operation="publication_withdraw")
    assert entry.actor == world.supervisor
    assert entry.changes["withdrawal_reason"] == ["", REASON]
    assert entry.changes["withdrawn_at"][0] is None


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_withdrawal_without_a_reason_is_refused_and_changes_nothing(world, published, reason):
    with pytest.raises(ValidationError) as refused:
        publication_services.publication_withdraw(
            actor=world.supervisor, publication=published, reason=reason
        )
    assert "reason" in refused.value.message_dict
    published.refresh_from_db()
    assert published.withdrawn_at is None
    assert not AuditEntry.objects.filter(operation="publication_withdraw").exists()


def test_a_publication_is_withdrawn_once(world, published):
    publication_services.publication_withdraw(
        actor=world.supervisor, publication=published, reason=REASON
    )
    with pytest.raises(ValidationError, match="already withdrawn"):
        publication_services.publication_withdraw(
            actor=world.supervisor, publication=published, reason="again"
        )


@pytest.mark.parametrize(
    "who", ["outsider", "secretary", "expert", "representative", "guangdong_supervisor", "stranger"]
)
def test_nobody_but_the_cycles_supervisors_withdraws(world, published, who):
    with pytest.raises(PermissionDenied):
        publication_services.publication_withdraw(
            actor=getattr(world, who), publication=published, reason=REASON
        )
    published.refresh_from_db()
    assert published.withdrawn_at is None


def test_a_withdrawn_run_can_be_published_again_as_a_new_publication(world, published):
    publication_services.publication_withdraw(
        actor=world.supervisor, publication=published, reason=REASON
    )
    again = run_services.evaluation_run_publish(actor=world.supervisor, run=published.run)
    assert again.pk != published.pk
    assert Publication.objects.current().get().pk == again.pk


# --- what the public sees ------------------------------------------------------------------


def test_the_public_page_shows_the_previous_publication_and_the_correction(
    world, assessed, published
):
    newer = run_services.evaluation_run_publish(
        actor=world.supervisor, run=_finished_run(world, assessed)
    )
    publication_services.publication_withdraw(
        actor=world.supervisor, publication=newer, reason=REASON
    )
    response = _client(world, None).get(reverse("assessment:published_grades"))
    page = response.content.decode()
    today = timezone.localdate().isoformat()
    assert f"A correction was made on {today}" in page
    assert REASON in page
    assert "The list now shows the publication of" in page
    assert [run.pk for run in results.published_runs()] == [published.run_id]


def test_with_no_previous_publication_the_cycle_shows_no_grades(world, published):
    publication_services.publication_withdraw(
        actor=world.supervisor, publication=published, reason=REASON
    )
    page = _client(world, None).get(reverse("assessment:published_grades")).content.decode()
    assert "甲共同体" not in page
    assert "The list shows no grades of this cycle until they are published again." in page
    # and the withdrawn run's results are private again
    url = reverse("assessment:result_detail", args=[published.run_id, world.community_a.pk])
    assert _client(world, "stranger").get(url).status_code == 403
    assert _client(world, "secretary").get(url).status_code == 200


def test_the_registry_page_drops_the_withdrawn_grade_and_says_a_correction_was_made(
    world, published
):
    url = reverse("registry:community_detail", args=[world.community_a.pk])
    assert 'class="badge grade' in _client(world, None).get(url).content.decode()
    publication_services.publication_withdraw(
        actor=world.supervisor, publication=published, reason=REASON
    )
    page = _client(world, None).get(url).content.decode()
    assert 'class="badge grade' not in page
    assert "A correction was made on" in page


# --- the page -------------------------------------------------------------------------------

WITHDRAW_PEOPLE = [
    ("operator", 200),
    ("supervisor", 200),
    ("provincial_supervisor", 403),
    ("guangdong_supervisor", 403),
    ("secretary", 403),
    ("outsider", 403),
    ("expert", 403),
    ("stranger", 403),
    (None, 302),
]


@pytest.mark.parametrize(("who", "status"), WITHDRAW_PEOPLE)
def test_the_withdrawal_confirmation_is_for_the_cycles_supervisors(world, published, who, status):
    url = reverse("assessment:publication_withdraw", args=[published.run_id])
    response = _client(world, who).get(url)
    assert response.status_code == status
    posted = _client(world, who).post(url, {"confirmed": "yes", "reason": REASON})
    assert posted.status_code == (302 if status == 200 else status)
    published.refresh_from_db()
    assert (published.withdrawn_at is not None) == (status == 200)


def test_the_confirmation_says_what_happens_to_how_many(world, published):
    url = reverse("assessment:publication_withdraw", args=[published.run_id])
    response = _client(world, "supervisor").get(url)
    page = response.content.decode()
    count = published.run.results.count()
    assert f"Withdraw the published grades of {count} communities?" in page
    assert "no published grades until a run is published again" in page


def test_the_page_refuses_a_withdrawal_without_a_reason(world, published):
    url = reverse("assessment:publication_withdraw", args=[published.run_id])
    response = _client(world, "supervisor").post(url, {"confirmed": "yes", "reason": " "})
    assert response.status_code == 422
    assert "reason" in response.context["form"].errors
    published.refresh_from_db()
    assert published.withdrawn_at is None


def test_an_unconfirmed_post_withdraws_nothing(world, published):
    url = reverse("assessment:publication_withdraw", args=[published.run_id])
    response = _client(world, "supervisor").post(url, {"reason": REASON})
    assert response.status_code == 200  # the confirmation, again
    published.refresh_from_db()
    assert published.withdrawn_at is None


def test_a_run_not_published_has_nothing_to_withdraw(world, assessed):
    run = _finished_run(world, assessed)
    url = reverse("assessment:publication_withdraw", args=[run.pk])
    assert _client(world, "supervisor").get(url).status_code == 404


# --- the API ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), WITHDRAW_PEOPLE)
def test_the_api_withdraws_for_the_cycles_supervisors_only(world, published, who, status):
    url = f"/api/assessment/runs/{published.run_id}/withdraw"
    response = _client(world, who).post(url, {"reason": REASON}, content_type="application/json")
    expected = {200: 200, 403: 403, 302: 401}[status]
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["published"] is False
    published.refresh_from_db()
    assert (published.withdrawn_at is not None) == (expected == 200)


def test_the_api_refuses_an_empty_reason_naming_the_field(world, published):
    url = f"/api/assessment/runs/{published.run_id}/withdraw"
    response = _client(world, "supervisor").post(
        url, {"reason": ""}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "reason" in response.json()["errors"]


def test_the_api_lists_corrections_for_anyone(world, published):
    publication_services.publication_withdraw(
        actor=world.supervisor, publication=published, reason=REASON
    )
    response = Client().get("/api/assessment/corrections")
    assert response.status_code == 200
    [correction] = response.json()
    assert correction["reason"] == REASON
    assert correction["run_id"] == published.run_id
    assert correction["shown_run_id"] is None
    grades = Client().get("/api/assessment/grades").json()
    assert grades["count"] == 0


# --- the open data ----------------------------------------------------------------------------


def test_the_open_data_leaves_out_a_withdrawn_publication_and_is_rebuilt(
    world, published, settings, tmp_path: Path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    open_data_build()
    assert published.run_id in resources.published_run_ids()
    assert not is_stale()
    publication_services.publication_withdraw(
        actor=world.supervisor, publication=published, reason=REASON
    )
    assert is_stale()  # the withdrawal queues a rebuild at the next visit
    assert published.run_id not in resources.published_run_ids()
    release = open_data_build()
    grades = (release_directory(release.version) / "grades.csv").read_text(encoding="utf-8")
    assert str(published.run_id) not in {line.split(",")[0] for line in grades.splitlines()[1:]}


def test_the_run_page_tells_its_supervisors_of_the_withdrawal(world, published):
    publication_services.publication_withdraw(
        actor=world.supervisor, publication=published, reason=REASON
    )
    url = reverse("assessment:run_detail", args=[published.run_id])
    page = _client(world, "supervisor").get(url).content.decode()
    assert "was withdrawn on" in page
    assert REASON in page
    # and it may be published again, through its confirmation
    assert reverse("assessment:run_publish", args=[published.run_id]) in page


def test_a_published_run_asks_no_second_publication(world, published):
    url = reverse("assessment:run_publish", args=[published.run_id])
    response = _client(world, "supervisor").get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:run_detail", args=[published.run_id])
