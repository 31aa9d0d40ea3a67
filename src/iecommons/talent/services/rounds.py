"""Internship placement rounds: open, post positions, publish under the rules, rank, score,
run the matching (a background job), override with a reason, and a second round."""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from iecommons.authz import talent as rules_authz
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.services import refuse, validate_model
from iecommons.registry.models import Community, Membership, Organization
from iecommons.talent import rules
from iecommons.talent.models import (
    Application,
    InternshipPosition,
    Placement,
    PlacementRound,
    Student,
    default_rules,
)
from iecommons.talent.selectors import eligible_students
from iecommons.talent.services.lists import check_majors

MAX_CHOICES = 30


def check_rules(raw: Mapping[str, Any] | None) -> dict[str, Any]:
    """Round parameters over the defaults; each a number in its sensible range."""
    out = default_rules()
    for key, value in (raw or {}).items():
        if key not in out:
            raise refuse("rules", _("“%(key)s” is not an internship rule.") % {"key": key})
        if key == "require_insurance":
            out[key] = bool(value)
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise refuse("rules", _("Rule “%(key)s” needs a number.") % {"key": key}) from None
        if not math.isfinite(number) or number < 0 or (key.startswith("max_share") and number > 1):
            raise refuse("rules", _("Rule “%(key)s” is out of range.") % {"key": key})
        out[key] = int(number) if key in ("min_age", "max_months") else number
    return out


def _require_member(community: Community, organization: Organization, field: str) -> None:
    if not Membership.objects.filter(
        community=community, organization=organization, left__isnull=True
    ).exists():
        raise refuse(
            field,
            _("%(organization)s is not an active member of this community.")
            % {"organization": organization},
        )


@transaction.atomic
def round_open(
    *,
    actor: Any,
    community: Community,
    college: Organization | None,
    title: str,
    cohort_year: int,
    starts: datetime.date,
    max_choices: int = 5,
    rules_parameters: Mapping[str, Any] | None = None,
    seed: int = 0,
) -> PlacementRound:
    """A college opens a round for its students of one intake year."""
    if college is None:
        raise refuse("college", _("Choose a college or school."))
    require(rules_authz.can_open_round(actor, community, college))
    if not 1 <= int(max_choices) <= MAX_CHOICES:
        raise refuse(
            "max_choices",
            _("A student may rank from 1 to %(maximum)d positions.") % {"maximum": MAX_CHOICES},
        )
    placement_round = PlacementRound(
        community=community,
        college=college,
        title=(title or "").strip(),
        cohort_year=cohort_year,
        starts=starts,
        max_choices=int(max_choices),
        rules=check_rules(rules_parameters),
        seed=seed,
    )
    validate_model(placement_round, exclude=["community", "college", "previous"])
    placement_round.save()
    audit.record(actor=actor, instance=placement_round, operation="round_open")
    return placement_round


@transaction.atomic
def round_rules_update(
    *, actor: Any, placement_round: PlacementRound, rules_parameters: Mapping[str, Any]
) -> PlacementRound:
    """Change the rule parameters of a round that is still collecting positions."""
    require(rules_authz.can_manage_round(actor, placement_round))
    if placement_round.status != PlacementRound.Status.DRAFT:
        raise refuse("rules", _("The rules can change only before the round is published."))
    before = audit.snapshot(placement_round)
    placement_round.rules = check_rules(rules_parameters)
    placement_round.save(update_fields=["rules"])
    audit.record(
        actor=actor, instance=placement_round, operation="round_rules_update", before=before
    )
    return placement_round


@transaction.atomic
def position_post(
    *,
    actor: Any,
    placement_round: PlacementRound,
    enterprise: Organization | None,
    title: str,
    seats: int,
    location: str,
    monthly_pay: int,
    regular_wage: int,
    host_staff: int,
    position_staff: int,
    major_codes: Sequence[str] = (),
    night_shifts: bool = False,
    overtime: bool = False,
    exception_registered: bool = False,
    insured: bool = False,
    months: int = 6,
) -> InternshipPosition:
    """An enterprise posts a position; a position that breaks a rule is refused, naming it."""
    if enterprise is None:
        raise refuse("enterprise", _("Choose an enterprise."))
    require(rules_authz.can_post_position(actor, placement_round, enterprise))
    if placement_round.status != PlacementRound.Status.DRAFT:
        raise refuse("round", _("The round no longer takes positions."))
    if seats is None or int(seats) < 1:
        raise refuse("seats", _("A position needs at least one intern."))
    position = InternshipPosition(
        round=placement_round,
        enterprise=enterprise,
        title=(title or "").strip(),
        seats=int(seats),
        major_codes=check_majors(major_codes),
        location=(location or "").strip(),
        monthly_pay=monthly_pay,
        regular_wage=regular_wage,
        host_staff=host_staff,
        position_staff=position_staff,
        night_shifts=bool(night_shifts),
        overtime=bool(overtime),
        exception_registered=bool(exception_registered),
        insured=bool(insured),
        months=months,
    )
    # No majors named means open to every major (``ranking_submit`` reads it so).
    validate_model(position, exclude=["round", "enterprise", "major_codes"])
    parameters = rules.parameters(placement_round)
    others = sum(
        InternshipPosition.objects.filter(round=placement_round, enterprise=enterprise).values_list(
            "seats", flat=True
        )
    )
    breaches = rules.position_breaches(
        position, parameters, enterprise_interns=others + position.seats
    )
    if breaches:
        refusal: dict[str, list[str]] = {}
        for breach in breaches:
            refusal.setdefault(breach.rule, []).append(breach.message)
        raise ValidationError(refusal)
    position.save()
    audit.record(actor=actor, instance=position, operation="position_post")
    return position


@transaction.atomic
def round_publish(*, actor: Any, placement_round: PlacementRound) -> PlacementRound:
    """Open the round for ranking once every position and student keeps the rules; otherwise
    refuse, naming each breach."""
    placement_round = PlacementRound.objects.select_for_update().get(pk=placement_round.pk)
    require(rules_authz.can_manage_round(actor, placement_round))
    if placement_round.status != PlacementRound.Status.DRAFT:
        raise refuse("round", _("The round has already been published."))
    positions = list(placement_round.positions.select_related("enterprise"))
    if not positions:
        raise refuse("round", _("The round has no positions yet."))
    breaches = rules.round_breaches(placement_round, positions, eligible_students(placement_round))
    if breaches:
        raise ValidationError({"rules": [breach.message for breach in breaches]})
    before = audit.snapshot(placement_round)
    placement_round.status = PlacementRound.Status.PUBLISHED
    placement_round.save(update_fields=["status"])
    audit.record(actor=actor, instance=placement_round, operation="round_publish", before=before)
    return placement_round


@transaction.atomic
def ranking_submit(
    *,
    actor: Any,
    placement_round: PlacementRound,
    student: Student,
    positions: Sequence[InternshipPosition | None],
) -> list[Application]:
    """A student's ranking, best first, replacing any earlier one."""
    require(rules_authz.can_rank_for(actor, student))
    placement_round = PlacementRound.objects.get(pk=placement_round.pk)
    if placement_round.status != PlacementRound.Status.PUBLISHED:
        raise refuse("round", _("The round is not open for ranking."))
    if not eligible_students(placement_round).filter(pk=student.pk).exists():
        raise refuse("student", _("This student is not part of the round."))
    breach = rules.student_breach(placement_round, student)
    if breach is not None:
        raise refuse("student", breach.message)
    if len(positions) > placement_round.max_choices:
        raise refuse(
            "positions",
            _("At most %(maximum)d positions may be ranked.")
            % {"maximum": placement_round.max_choices},
        )
    seen: dict[int, int] = {}
    for rank, position in enumerate(positions, start=1):
        if position is None or position.round_id != placement_round.pk:
            raise refuse(
                "positions", _("Choice %(rank)d is not a position of this round.") % {"rank": rank}
            )
        if position.pk in seen:
            raise refuse(
                "positions",
                _("“%(position)s” is ranked twice (choices %(first)d and %(second)d).")
                % {"position": position.title, "first": seen[position.pk], "second": rank},
            )
        seen[position.pk] = rank
        if position.major_codes and student.major_code not in position.major_codes:
            raise refuse(
                "positions",
                _("“%(position)s” (choice %(rank)d) is not open to major %(major)s.")
                % {"position": position.title, "rank": rank, "major": student.major_code},
            )
    Application.objects.filter(round=placement_round, student=student).delete()
    created = Application.objects.bulk_create(
        Application(round=placement_round, student=student, position=position, rank=rank)
        for rank, position in enumerate(positions, start=1)
        if position is not None
    )
    audit.record(actor=actor, instance=student, operation="ranking_submit")
    return created


@transaction.atomic
def scores_set(*, actor: Any, position: InternshipPosition, scores: Mapping[int, float]) -> int:
    """The enterprise's scores of its applicants (higher is better); returns how many."""
    require(rules_authz.can_score(actor, position))
    status = PlacementRound.objects.filter(pk=position.round_id).values_list("status", flat=True)
    if status.first() != PlacementRound.Status.PUBLISHED:
        raise refuse("round", _("Scores can change only while the round is open for ranking."))
    applications = {a.student_id: a for a in position.applications.all()}
    for student_id, value in scores.items():
        if student_id not in applications:
            raise refuse(
                "scores",
                _("Student %(student)s did not apply to this position.") % {"student": student_id},
            )
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number):
            raise refuse(
                "scores",
                _("The score of student %(student)s is not a number.") % {"student": student_id},
            )
        applications[student_id].score = number
    changed = [applications[s] for s in scores]
    Application.objects.bulk_update(changed, ["score"])
    audit.record(actor=actor, instance=position, operation="scores_set")
    return len(changed)


@transaction.atomic
def round_run(
    *, actor: Any, placement_round: PlacementRound, enqueue: bool = True
) -> PlacementRound:
    """Close ranking and queue the matching (see :mod:`iecommons.talent.matching`)."""
    placement_round = PlacementRound.objects.select_for_update().get(pk=placement_round.pk)
    require(rules_authz.can_manage_round(actor, placement_round))
    if placement_round.status != PlacementRound.Status.PUBLISHED:
        raise refuse("round", _("Only a round open for ranking can be matched."))
    before = audit.snapshot(placement_round)
    placement_round.status = PlacementRound.Status.RUNNING
    placement_round.save(update_fields=["status"])
    audit.record(actor=actor, instance=placement_round, operation="round_run", before=before)
    if enqueue:
        round_id = placement_round.pk
        transaction.on_commit(lambda: _enqueue(round_id))
    return placement_round


def _enqueue(round_id: int) -> None:
    from iecommons.talent.tasks import match_round

    match_round.enqueue(round_id)


@transaction.atomic
def placement_override(
    *,
    actor: Any,
    placement: Placement,
    position: InternshipPosition | None,
    reason: str,
) -> Placement:
    """The college moves a student (or unplaces it), with a reason; audited."""
    placement_round = PlacementRound.objects.select_for_update().get(pk=placement.round_id)
    require(rules_authz.can_manage_round(actor, placement_round))
    if placement_round.status != PlacementRound.Status.MATCHED:
        raise refuse("round", _("Only a matched round can be overridden."))
    reason = (reason or "").strip()
    if not reason:
        raise refuse("reason", _("Give the reason for the override."))
    if position is not None:
        if position.round_id != placement_round.pk:
            raise refuse("position", _("Choose a position of this round."))
        position = InternshipPosition.objects.select_for_update().get(pk=position.pk)
        if position.filled >= position.seats and placement.position_id != position.pk:
            raise refuse("position", _("“%(position)s” has no seat left.") % {"position": position})
        student = placement.student
        if position.major_codes and student.major_code not in position.major_codes:
            raise refuse(
                "position",
                _("“%(position)s” is not open to major %(major)s.")
                % {"position": position.title, "major": student.major_code},
            )
    before = audit.snapshot(placement)
    if placement.position_id is not None:
        InternshipPosition.objects.filter(pk=placement.position_id).update(filled=F("filled") - 1)
    if position is not None:
        InternshipPosition.objects.filter(pk=position.pk).update(filled=F("filled") + 1)
    placement.position = position
    placement.rank = (
        Application.objects.filter(student=placement.student, position=position)
        .values_list("rank", flat=True)
        .first()
        if position is not None
        else None
    )
    placement.override_reason = reason[:300]
    placement.save(update_fields=["position", "rank", "override_reason"])
    audit.record(actor=actor, instance=placement, operation="placement_override", before=before)
    return placement


@transaction.atomic
def round_second(*, actor: Any, placement_round: PlacementRound, title: str = "") -> PlacementRound:
    """A second round for the students the first left unplaced, with the seats left over."""
    require(rules_authz.can_manage_round(actor, placement_round))
    if placement_round.status != PlacementRound.Status.MATCHED:
        raise refuse("round", _("A second round follows a matched round."))
    second = PlacementRound.objects.create(
        community=placement_round.community,
        college=placement_round.college,
        title=(title or "").strip() or _("%(title)s (second round)") % {"title": placement_round},
        cohort_year=placement_round.cohort_year,
        starts=placement_round.starts,
        max_choices=placement_round.max_choices,
        rules=placement_round.rules,
        previous=placement_round,
        seed=placement_round.seed + 1,
    )
    audit.record(actor=actor, instance=second, operation="round_second")
    copies = []
    for position in placement_round.positions.all():
        left = position.seats - position.filled
        if left > 0:
            position.pk = None
            position.round = second
            position.seats = left
            position.filled = 0
            position.cutoff_score = None
            position.cutoff_lottery = None
            copies.append(position)
    InternshipPosition.objects.bulk_create(copies)
    return second
