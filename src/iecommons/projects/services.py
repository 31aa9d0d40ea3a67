"""Writes to joint projects: projects, participants, contributions, milestones, outcomes
and comments. Benefit sharing lives in :mod:`iecommons.projects.sharing`, commitments in
:mod:`iecommons.projects.commitments`.

Each function is atomic, checks who may act first, refuses bad input naming the field,
and records an audit entry in the same transaction.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from iecommons.accounts.selectors import representatives_of
from iecommons.authz import projects as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.notifications import notify
from iecommons.common.services import refuse, validate_model
from iecommons.projects.evidence import evidence_check, evidence_store
from iecommons.projects.models import (
    Contribution,
    Milestone,
    Outcome,
    Participant,
    Project,
    ProjectComment,
)
from iecommons.registry.models import Community, Membership, Organization

MAX_MONEY = Decimal("99999999999999.99")


def decimal_value(raw: Any, *, field: str, required: bool = True) -> Decimal | None:
    """``raw`` as a Decimal, or a refusal naming ``field`` (missing, not a number, < 0)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            raise refuse(field, _("This value is required."))
        return None
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise refuse(field, _("Expected a number, got “%(value)s”.") % {"value": raw}) from None
    if not value.is_finite():
        raise refuse(field, _("Expected a number, got “%(value)s”.") % {"value": raw})
    if value < 0:
        raise refuse(field, _("The value cannot be negative."))
    if value > MAX_MONEY:
        raise refuse(field, _("The value is too large."))
    return value


def _require_date(value: datetime.date | None, field: str) -> datetime.date:
    if value is None:
        raise refuse(field, _("Give the date."))
    return value


def _require_active_member(community: Community, organization: Organization | None) -> None:
    if organization is None:
        raise refuse("organization", _("Choose an organisation."))
    if not Membership.objects.filter(
        community=community, organization=organization, left__isnull=True
    ).exists():
        raise refuse(
            "organization",
            _("%(organization)s is not an active member of this community.")
            % {"organization": organization},
        )


def _participant_of(project: Project, participant: Participant | None) -> Participant:
    if participant is None or participant.project_id != project.pk:
        raise refuse("participant", _("Choose a participant of this project."))
    return participant


# --- projects --------------------------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    actor: Any,
    community: Community,
    type: str,
    title: str,
    start: datetime.date,
    description: str = "",
    end: datetime.date | None = None,
    budget: Any = 0,
    status: str = Project.Status.PLANNED,
    visibility: str = Project.Visibility.COMMUNITY,
    lead: Organization | None = None,
) -> Project:
    """Start a project in a community. A representative who creates one brings its own
    organisation in as the lead; the secretariat names the lead (optional)."""
    require(rules.can_create_project(actor, community))
    if community.status != Community.Status.ACTIVE:
        raise refuse("community", _("The community is not active."))
    if lead is None:
        acting = rules.leading_organization_ids(actor, community)
        lead = Organization.objects.filter(pk__in=acting).order_by("pk").first()
    if lead is not None:
        _require_active_member(community, lead)
    project = Project(
        community=community,
        type=type,
        title=(title or "").strip(),
        description=(description or "").strip(),
        status=status,
        start=_require_date(start, "start"),
        end=end,
        budget=decimal_value(budget, field="budget") or Decimal(0),
        visibility=visibility,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if end is not None and end < start:
        raise refuse("end", _("A project cannot end before it starts."))
    validate_model(project, exclude=["community", "created_by"])
    project.save()
    audit.record(actor=actor, instance=project, operation="project_create")
    if lead is not None:
        participant = Participant.objects.create(
            project=project, organization=lead, role=Participant.Role.LEAD
        )
        audit.record(actor=actor, instance=participant, operation="participant_add")
    return project


PROJECT_FIELDS = ("type", "title", "description", "status", "start", "end", "budget", "visibility")


@transaction.atomic
def project_update(*, actor: Any, project: Project, **changes: Any) -> Project:
    """Change a project's profile, status, dates, budget or visibility."""
    require(rules.can_edit_project(actor, project))
    unknown = set(changes) - set(PROJECT_FIELDS)
    if unknown:
        raise refuse(sorted(unknown)[0], _("This field cannot be changed here."))
    before = audit.snapshot(project)
    if "budget" in changes:
        changes["budget"] = decimal_value(changes["budget"], field="budget")
    for name, value in changes.items():
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    if project.end is not None and project.start and project.end < project.start:
        raise refuse("end", _("A project cannot end before it starts."))
    validate_model(project, exclude=["community", "created_by"])
    project.save()
    audit.record(actor=actor, instance=project, operation="project_update", before=before)
    return project


# --- participants ----------------------------------------------------------------------------


@transaction.atomic
def participant_add(
    *,
    actor: Any,
    project: Project,
    organization: Organization | None,
    role: str = Participant.Role.PARTNER,
) -> Participant:
    """Bring an active member of the project's community into the project."""
    require(rules.can_edit_project(actor, project))
    _require_active_member(project.community, organization)
    assert organization is not None
    if project.participants.filter(organization=organization).exists():
        raise refuse("organization", _("This organisation already takes part."))
    if role not in Participant.Role.values:
        raise refuse("role", _("Choose a role from the list."))
    participant = Participant.objects.create(project=project, organization=organization, role=role)
    audit.record(actor=actor, instance=participant, operation="participant_add")
    notify(
        recipients=representatives_of([organization.pk]),
        subject=_("Your organisation joined the project “%(title)s”") % {"title": project.title},
        link=f"/projects/{project.pk}/",
    )
    return participant


# --- contributions ---------------------------------------------------------------------------


@transaction.atomic
def contribution_record(
    *,
    actor: Any,
    project: Project,
    participant: Participant | None,
    kind: str,
    date: datetime.date | None,
    value: Any = None,
    hours: Any = None,
    rate: Any = None,
    description: str = "",
    evidence: UploadedFile | None = None,
) -> Contribution:
    """Record what a participant put in. Cash: ``value`` is the amount; in kind and IP:
    ``description`` and the stated or agreed ``value``; staff hours: ``hours`` × ``rate``."""
    require(rules.can_edit_project(actor, project))
    # Every problem is gathered and refused at once, so the form shows them all together.
    errors: dict[str, list[str]] = {}

    def attempt(check: Any) -> Any:
        try:
            return check()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
            return None

    participant = attempt(lambda: _participant_of(project, participant))
    description = (description or "").strip()
    entered_hours: Decimal | None = None
    entered_rate: Decimal | None = None
    computed: Decimal | None = None
    if kind == Contribution.Kind.STAFF_HOURS:
        entered_hours = attempt(lambda: decimal_value(hours, field="hours"))
        entered_rate = attempt(lambda: decimal_value(rate, field="rate"))
        if entered_hours == 0:
            errors.setdefault("hours", []).append(_("Give the number of hours (more than zero)."))
        if entered_hours is not None and entered_rate is not None:
            computed = (entered_hours * entered_rate).quantize(Decimal("0.01"))
    elif kind in Contribution.Kind.values:
        computed = attempt(lambda: decimal_value(value, field="value"))
        if computed == 0:
            errors.setdefault("value", []).append(_("A contribution must be worth more than zero."))
        if kind in (Contribution.Kind.IN_KIND, Contribution.Kind.IP) and not description:
            errors.setdefault("description", []).append(_("Describe what was contributed."))
    else:
        errors.setdefault("kind", []).append(_("Choose a kind of contribution from the list."))
    if date is None:
        errors.setdefault("date", []).append(_("Give the date."))
    elif project.end is not None and date > project.end:
        errors.setdefault("date", []).append(
            _("The project ended on %(end)s; a contribution cannot be dated after its end.")
            % {"end": project.end.isoformat()}
        )
    attempt(lambda: evidence_check(evidence))
    if errors:
        raise ValidationError(errors)
    assert participant is not None
    assert computed is not None
    assert date is not None
    contribution = Contribution(
        participant=participant,
        organization_id=participant.organization_id,
        kind=kind,
        description=description,
        hours=entered_hours,
        rate=entered_rate,
        value=computed,
        date=date,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    contribution.year = contribution.date.year
    validate_model(contribution, exclude=["participant", "organization", "recorded_by"])
    contribution.evidence = evidence_store(evidence)
    contribution.save()
    audit.record(actor=actor, instance=contribution, operation="contribution_record")
    return contribution


# --- milestones ------------------------------------------------------------------------------


@transaction.atomic
def milestone_add(
    *, actor: Any, project: Project, title: str, due: datetime.date | None
) -> Milestone:
    require(rules.can_edit_project(actor, project))
    milestone = Milestone(
        project=project, title=(title or "").strip(), due=_require_date(due, "due")
    )
    validate_model(milestone, exclude=["project"])
    milestone.save()
    audit.record(actor=actor, instance=milestone, operation="milestone_add")
    return milestone


@transaction.atomic
def milestone_complete(
    *, actor: Any, milestone: Milestone, done: datetime.date | None
) -> Milestone:
    require(rules.can_edit_project(actor, milestone.project))
    if milestone.done is not None:
        raise refuse("done", _("This milestone has already been reached."))
    before = audit.snapshot(milestone)
    milestone.done = _require_date(done, "done")
    milestone.save(update_fields=["done"])
    audit.record(actor=actor, instance=milestone, operation="milestone_complete", before=before)
    return milestone


# --- outcomes --------------------------------------------------------------------------------


@transaction.atomic
def outcome_record(
    *,
    actor: Any,
    project: Project,
    kind: str,
    title: str,
    quantity: Any,
    date: datetime.date | None,
    attributed_to: Participant | None = None,
    evidence: UploadedFile | None = None,
) -> Outcome:
    """Record a result of the project with its evidence, optionally credited to one
    participant (for example the enterprise that hired the trainees)."""
    require(rules.can_edit_project(actor, project))
    if kind not in Outcome.Kind.values:
        raise refuse("kind", _("Choose a kind of outcome from the list."))
    amount = decimal_value(quantity, field="quantity")
    assert amount is not None
    if amount == 0:
        raise refuse("quantity", _("The quantity must be more than zero."))
    if kind not in Outcome.MONEY_KINDS and amount != amount.to_integral_value():
        raise refuse("quantity", _("Give a whole number."))
    if attributed_to is not None:
        _participant_of(project, attributed_to)
    evidence_check(evidence)
    outcome = Outcome(
        project=project,
        kind=kind,
        title=(title or "").strip(),
        quantity=amount,
        date=_require_date(date, "date"),
        attributed_to=attributed_to,
        organization_id=attributed_to.organization_id if attributed_to else None,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    validate_model(outcome, exclude=["project", "attributed_to", "organization", "recorded_by"])
    outcome.evidence = evidence_store(evidence)
    outcome.save()
    audit.record(actor=actor, instance=outcome, operation="outcome_record")
    return outcome


# --- discussion ------------------------------------------------------------------------------


@transaction.atomic
def comment_post(*, actor: Any, project: Project, body: str) -> ProjectComment:
    """Post to the project's thread: participants' representatives and the secretariat."""
    require(rules.can_edit_project(actor, project))
    text = (body or "").strip()
    if not text:
        raise refuse("body", _("Write a message."))
    if len(text) > 5000:
        raise refuse("body", _("Keep the message under 5,000 characters."))
    comment = ProjectComment.objects.create(project=project, author=actor, body=text)
    audit.record(actor=actor, instance=comment, operation="comment_post")
    return comment
