"""Writes to the registry. Each function is atomic, checks who may act, validates its
input with messages naming the field, and records an audit entry in the same transaction."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.accounts import selectors as account_selectors
from iecommons.accounts.models import Role, RoleAssignment, User
from iecommons.authz import accounts as role_rules
from iecommons.authz import registry as rules
from iecommons.authz.scope import forget_scope, require
from iecommons.common import audit
from iecommons.common.services import refuse, validate_model
from iecommons.registry.credit_code import credit_code_problem, normalize_credit_code
from iecommons.registry.models import (
    Community,
    CouncilSeat,
    Field,
    Membership,
    Organization,
    Person,
    Region,
)

ORGANIZATION_FIELDS = (
    "name",
    "name_en",
    "credit_code",
    "type",
    "region",
    "address",
    "website",
    "description",
)
COMMUNITY_PROFILE_FIELDS = (
    "name",
    "name_en",
    "summary",
    "charter",
    "goals",
    "development_plan",
    "website",
    "contact_email",
    "secretariat_host",
)
COMMUNITY_SUPERVISED_FIELDS = ("kind", "level", "field", "region", "founded")


def _today() -> datetime.date:
    return timezone.localdate()


def credit_code_clean(raw: str) -> str:
    """The normalised code, or a refusal that says what is wrong with it."""
    code = normalize_credit_code(raw or "")
    problem = credit_code_problem(code)
    if problem == "length":
        raise refuse(
            "credit_code", _("Expected 18 characters, got %(count)d.") % {"count": len(code)}
        )
    if problem == "character":
        raise refuse(
            "credit_code",
            _("Only digits and the capital letters A–Y except I, O, S, V and Z are allowed."),
        )
    if problem == "check":
        raise refuse(
            "credit_code",
            _("The check character (the 18th) is wrong: this is not a valid credit code."),
        )
    return code


def _check_region_is_city(region: Region | None, field: str = "region") -> Region:
    if region is None:
        raise refuse(field, _("Choose a known region."))
    if region.level != Region.Level.CITY:
        raise refuse(field, _("Choose a prefecture-level city, not a province."))
    return region


# --- organisations ---------------------------------------------------------------------------


@transaction.atomic
def organization_create(
    *,
    actor: Any,
    name: str,
    credit_code: str,
    type: str,
    region: Region,
    name_en: str = "",
    address: str = "",
    website: str = "",
    description: str = "",
) -> Organization:
    """Register an organisation. Anyone signed in with a role may; the code must be valid
    and not yet registered."""
    require(rules.can_register_organization(actor))
    code = credit_code_clean(credit_code)
    if Organization.objects.filter(credit_code=code).exists():
        raise refuse(
            "credit_code", _("An organisation with this credit code is already registered.")
        )
    organization = Organization(
        name=(name or "").strip(),
        name_en=(name_en or "").strip(),
        credit_code=code,
        type=type,
        region=_check_region_is_city(region),
        address=address,
        website=website,
        description=description,
    )
    validate_model(organization)
    organization.save()
    audit.record(actor=actor, instance=organization, operation="organization_create")
    return organization


@transaction.atomic
def organization_update(*, actor: Any, organization: Organization, **changes: Any) -> Organization:
    """Change an organisation's profile: its representatives, a supervisor or an operator.
    The credit code alone may also be corrected by the secretariat of a community it
    belongs to; its representatives may not change it."""
    require(
        rules.can_edit_organization(actor, organization)
        or (set(changes) <= {"credit_code"} and rules.can_change_credit_code(actor, organization))
    )
    unknown = set(changes) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise refuse(sorted(unknown)[0], _("This field cannot be changed here."))
    before = audit.snapshot(organization)
    if "credit_code" in changes:
        changes["credit_code"] = credit_code_clean(changes["credit_code"])
        if changes["credit_code"] != organization.credit_code and not (
            rules.can_change_credit_code(actor, organization)
        ):
            raise refuse(
                "credit_code",
                _(
                    "The credit code identifies the organisation in law: ask the community's "
                    "secretariat or a supervisor to correct it."
                ),
            )
        if (
            Organization.objects.filter(credit_code=changes["credit_code"])
            .exclude(pk=organization.pk)
            .exists()
        ):
            raise refuse(
                "credit_code", _("An organisation with this credit code is already registered.")
            )
    if "region" in changes:
        _check_region_is_city(changes["region"])
    for name, value in changes.items():
        setattr(organization, name, value.strip() if isinstance(value, str) else value)
    validate_model(organization)
    organization.save()
    audit.record(actor=actor, instance=organization, operation="organization_update", before=before)
    return organization


# --- communities -----------------------------------------------------------------------------


@transaction.atomic
def community_register(
    *,
    actor: Any,
    name: str,
    kind: str,
    level: str,
    field: Field,
    region: Region,
    founded: datetime.date,
    name_en: str = "",
    summary: str = "",
    charter: str = "",
    goals: str = "",
    development_plan: str = "",
    website: str = "",
    contact_email: str = "",
) -> Community:
    """Register a community in the supervisor's jurisdiction."""
    city = _check_region_is_city(region)
    require(
        rules.can_register_community(
            actor, level=level, region_id=city.pk, province_id=city.parent_id or city.pk
        )
    )
    if founded and founded > _today():
        raise refuse("founded", _("The founding date cannot be in the future."))
    community = Community(
        name=(name or "").strip(),
        name_en=(name_en or "").strip(),
        kind=kind,
        level=level,
        field=field,
        region=city,
        province_id=city.parent_id or city.pk,
        founded=founded,
        summary=summary,
        charter=charter,
        goals=goals,
        development_plan=development_plan,
        website=website,
        contact_email=contact_email,
    )
    validate_model(community)
    community.save()
    audit.record(actor=actor, instance=community, operation="community_register")
    return community


@transaction.atomic
def community_update(*, actor: Any, community: Community, **changes: Any) -> Community:
    """Edit a community. Its secretariat may edit the profile, charter and goals; the
    seat, level, kind, field and founding date are the supervisor's."""
    unknown = set(changes) - set(COMMUNITY_PROFILE_FIELDS) - set(COMMUNITY_SUPERVISED_FIELDS)
    if unknown:
        raise refuse(sorted(unknown)[0], _("This field cannot be changed here."))
    supervised = set(changes) & set(COMMUNITY_SUPERVISED_FIELDS)
    require(
        rules.can_supervise(actor, community) if supervised else rules.can_manage(actor, community)
    )
    before = audit.snapshot(community)
    if "region" in changes:
        city = _check_region_is_city(changes["region"])
        changes["province"] = city.parent or city
    if changes.get("founded") and changes["founded"] > _today():
        raise refuse("founded", _("The founding date cannot be in the future."))
    for name, value in changes.items():
        setattr(community, name, value.strip() if isinstance(value, str) else value)
    validate_model(community)
    community.save()
    audit.record(actor=actor, instance=community, operation="community_update", before=before)
    return community


def _set_status(
    *, actor: Any, community: Community, status: str, reason: str, operation: str
) -> Community:
    require(rules.can_supervise(actor, community))
    if community.status == Community.Status.DISSOLVED:
        raise refuse("status", _("A dissolved community cannot change its status."))
    if status != Community.Status.ACTIVE and not (reason or "").strip():
        raise refuse("reason", _("Give the reason."))
    if community.status == status:
        raise refuse("status", _("The community already has this status."))
    before = audit.snapshot(community)
    community.status = status
    community.status_reason = (reason or "").strip()
    community.save(update_fields=["status", "status_reason", "updated_at"])
    audit.record(actor=actor, instance=community, operation=operation, before=before)
    return community


@transaction.atomic
def community_suspend(*, actor: Any, community: Community, reason: str) -> Community:
    """Suspend a community's activity; its records stay and it may be reinstated."""
    return _set_status(
        actor=actor,
        community=community,
        status=Community.Status.SUSPENDED,
        reason=reason,
        operation="community_suspend",
    )


@transaction.atomic
def community_reinstate(*, actor: Any, community: Community, reason: str = "") -> Community:
    """Make a suspended community active again."""
    return _set_status(
        actor=actor,
        community=community,
        status=Community.Status.ACTIVE,
        reason=reason,
        operation="community_reinstate",
    )


@transaction.atomic
def community_dissolve(
    *, actor: Any, community: Community, reason: str, on: datetime.date | None = None
) -> Community:
    """Dissolve a community: every membership and council term ends on the day, history stays."""
    day = on or _today()
    if day < community.founded:
        raise refuse("on", _("A community cannot be dissolved before it was founded."))
    _set_status(
        actor=actor,
        community=community,
        status=Community.Status.DISSOLVED,
        reason=reason,
        operation="community_dissolve",
    )
    for membership in community.memberships.filter(left__isnull=True).select_related(
        "organization"
    ):
        _end_membership(
            actor=actor,
            membership=membership,
            left=max(day, membership.joined),
            reason=_("The community was dissolved."),
        )
    Community.objects.filter(pk=community.pk).update(member_count=0)
    community.member_count = 0
    return community


@transaction.atomic
def secretariat_appoint(*, actor: Any, community: Community, user: User) -> RoleAssignment:
    """Appoint a user to the community's secretariat (the supervisor's decision)."""
    require(rules.can_appoint_secretariat(actor, community))
    if account_selectors.secretariat_roles([community.pk]).filter(user=user).exists():
        raise refuse("user", _("This user is already in the secretariat."))
    assignment = RoleAssignment.objects.create(
        user=user, role=Role.SECRETARIAT, community=community, granted_by=actor
    )
    audit.record(actor=actor, instance=assignment, operation="secretariat_appoint")
    forget_scope(user)
    return assignment


@transaction.atomic
def role_assignment_end(*, actor: Any, assignment: RoleAssignment) -> RoleAssignment:
    """End a secretariat or member-representative role. Supervisors end secretariat roles;
    a community's managers end the roles they granted in it."""
    require(role_rules.can_end_role(actor, assignment))
    if assignment.ended_at:
        raise refuse("ended_at", _("This role has already ended."))
    before = audit.snapshot(assignment)
    assignment.ended_at = timezone.now()
    assignment.save(update_fields=["ended_at"])
    audit.record(actor=actor, instance=assignment, operation="role_assignment_end", before=before)
    forget_scope(assignment.user)
    return assignment


# --- memberships -----------------------------------------------------------------------------


def _require_open(community: Community) -> None:
    if community.status == Community.Status.DISSOLVED:
        raise refuse("community", _("The community is dissolved."))


@transaction.atomic
def membership_admit(
    *,
    actor: Any,
    community: Community,
    organization: Organization,
    joined: datetime.date,
    role: str = Membership.Role.MEMBER,
    duties: str = "",
) -> Membership:
    """Admit an organisation to a community (the secretariat's or the supervisor's act)."""
    require(rules.can_manage(actor, community))
    _require_open(community)
    if joined is None:
        raise refuse("joined", _("Give the date the organisation joined."))
    if joined < community.founded:
        raise refuse("joined", _("An organisation cannot join before the community was founded."))
    if joined > _today():
        raise refuse("joined", _("The joining date cannot be in the future."))
    if Membership.objects.filter(
        community=community, organization=organization, left__isnull=True
    ).exists():
        raise refuse("organization", _("This organisation is already a member."))
    previous = (
        Membership.objects.filter(community=community, organization=organization)
        .order_by("-left")
        .values_list("left", flat=True)
        .first()
    )
    if previous and joined < previous:
        raise refuse(
            "joined",
            _("The organisation left on %(date)s; it can rejoin only after that.")
            % {"date": previous.isoformat()},
        )
    membership = Membership(
        community=community, organization=organization, role=role, duties=duties, joined=joined
    )
    validate_model(membership, exclude=["community", "organization"])
    membership.save()
    Community.objects.filter(pk=community.pk).update(member_count=F("member_count") + 1)
    audit.record(actor=actor, instance=membership, operation="membership_admit")
    return membership


#: Where :func:`member_admit_by_code` names a refusal of the new organisation's fields.
NEW_ORGANIZATION = "new_organization"


@transaction.atomic
def member_admit_by_code(
    *,
    actor: Any,
    community: Community,
    credit_code: str,
    joined: datetime.date,
    role: str = Membership.Role.MEMBER,
    duties: str = "",
    new_organization: Mapping[str, Any] | None = None,
) -> Membership:
    """Admit the organisation registered under ``credit_code``; if none is, register the
    one ``new_organization`` describes (name, type, region, …) and admit it.

    The one way into a community: the page, the API and the member import all call it, so
    every rule of :func:`membership_admit` holds for each. One transaction: a refused
    admission leaves no new organisation behind. A refusal of the new organisation's
    fields names them ``new_organization.<field>``.
    """
    require(rules.can_manage(actor, community))
    code = credit_code_clean(credit_code)
    organization = Organization.objects.filter(credit_code=code).first()
    if organization is None:
        if new_organization is None:
            raise refuse(
                "credit_code",
                _(
                    "No organisation with this code is registered. Check the code, or "
                    "describe the organisation to register it."
                ),
            )
        try:
            organization = organization_create(
                actor=actor, credit_code=code, **dict(new_organization)
            )
        except ValidationError as error:
            raise ValidationError(
                {
                    f"{NEW_ORGANIZATION}.{field}": messages
                    for field, messages in error.message_dict.items()
                }
            ) from None
    return membership_admit(
        actor=actor,
        community=community,
        organization=organization,
        joined=joined,
        role=role,
        duties=duties,
    )


@transaction.atomic
def membership_update(
    *, actor: Any, membership: Membership, role: str | None = None, duties: str | None = None
) -> Membership:
    """Change a member's role or its written duties."""
    require(rules.can_manage(actor, membership.community))
    if membership.left is not None:
        raise refuse("membership", _("This membership has ended; admit the organisation again."))
    before = audit.snapshot(membership)
    if role is not None:
        membership.role = role
    if duties is not None:
        membership.duties = duties.strip()
    validate_model(membership, exclude=["community", "organization"])
    membership.save(update_fields=["role", "duties"])
    audit.record(actor=actor, instance=membership, operation="membership_update", before=before)
    return membership


def _end_membership(
    *, actor: Any, membership: Membership, left: datetime.date, reason: str
) -> None:
    before = audit.snapshot(membership)
    membership.left = left
    membership.left_reason = (reason or "").strip()
    membership.save(update_fields=["left", "left_reason"])
    audit.record(actor=actor, instance=membership, operation="membership_end", before=before)
    # The organisation's people leave the council with it.
    for seat in CouncilSeat.objects.filter(
        community_id=membership.community_id,
        organization_id=membership.organization_id,
        term_end__isnull=True,
    ):
        seat_before = audit.snapshot(seat)
        seat.term_end = max(left, seat.term_start)
        seat.save(update_fields=["term_end"])
        audit.record(actor=actor, instance=seat, operation="council_seat_end", before=seat_before)


@transaction.atomic
def membership_end(
    *, actor: Any, membership: Membership, left: datetime.date, reason: str = ""
) -> Membership:
    """End a membership on a day. The row stays: the community's history shows it."""
    require(rules.can_manage(actor, membership.community))
    if membership.left is not None:
        raise refuse("left", _("This membership has already ended."))
    if left is None:
        raise refuse("left", _("Give the date the organisation left."))
    if left < membership.joined:
        raise refuse(
            "left",
            _("A membership cannot end before it starts (joined %(date)s).")
            % {"date": membership.joined.isoformat()},
        )
    if left > _today():
        raise refuse("left", _("The leaving date cannot be in the future."))
    _end_membership(actor=actor, membership=membership, left=left, reason=reason)
    Community.objects.filter(pk=membership.community_id).update(member_count=F("member_count") - 1)
    return membership


# --- council ---------------------------------------------------------------------------------


@transaction.atomic
def council_seat_fill(
    *,
    actor: Any,
    community: Community,
    person: Person,
    position: str,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
) -> CouncilSeat:
    """Seat a person on the council. The person must act for an active member organisation."""
    require(rules.can_manage(actor, community))
    _require_open(community)
    if (
        person.organization_id is None
        or not Membership.objects.filter(
            community=community, organization_id=person.organization_id, left__isnull=True
        ).exists()
    ):
        raise refuse("person", _("The person's organisation is not a member of this community."))
    if term_start is None:
        raise refuse("term_start", _("Give the day the term starts."))
    if term_end is not None and term_end < term_start:
        raise refuse("term_end", _("A term cannot end before it starts."))
    # A seat is current over its whole term: one without an end, or one whose end is not
    # before the new term starts (and that starts before the new term ends).
    overlapping = CouncilSeat.objects.filter(community=community).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=term_start)
    )
    if term_end is not None:
        overlapping = overlapping.filter(term_start__lte=term_end)
    held = overlapping.filter(person=person).first()
    if held is not None:
        raise refuse(
            "person",
            _(
                "This person already holds a seat on the council (%(position)s): "
                "one person, one seat."
            )
            % {"position": held.get_position_display()},
        )
    single = {CouncilSeat.Position.CHAIR, CouncilSeat.Position.SECRETARY_GENERAL}
    if position in single and overlapping.filter(position=position).exists():
        raise refuse(
            "position",
            _("Only one person holds this position at a time; end the current term first."),
        )
    seat = CouncilSeat(
        community=community,
        person=person,
        organization_id=person.organization_id,
        position=position,
        term_start=term_start,
        term_end=term_end,
    )
    validate_model(seat, exclude=["community", "person", "organization"])
    seat.save()
    audit.record(actor=actor, instance=seat, operation="council_seat_fill")
    return seat


@transaction.atomic
def council_seat_end(*, actor: Any, seat: CouncilSeat, term_end: datetime.date) -> CouncilSeat:
    """End a council term on a day."""
    require(rules.can_manage(actor, seat.community))
    if seat.term_end is not None and seat.term_end <= _today():
        raise refuse("term_end", _("This term has already ended."))
    if term_end is None or term_end < seat.term_start:
        raise refuse("term_end", _("A term cannot end before it starts."))
    before = audit.snapshot(seat)
    seat.term_end = term_end
    seat.save(update_fields=["term_end"])
    audit.record(actor=actor, instance=seat, operation="council_seat_end", before=before)
    return seat


@transaction.atomic
def person_create(
    *,
    actor: Any,
    community: Community,
    name: str,
    organization: Organization,
    title: str = "",
    email: str = "",
    phone: str = "",
) -> Person:
    """Record a person of a member organisation, so that they can take a council seat."""
    require(rules.can_manage(actor, community))
    if not Membership.objects.filter(
        community=community, organization=organization, left__isnull=True
    ).exists():
        raise refuse("organization", _("The organisation is not a member of this community."))
    person = Person(
        name=(name or "").strip(), organization=organization, title=title, email=email, phone=phone
    )
    validate_model(person, exclude=["user"])
    person.save()
    audit.record(actor=actor, instance=person, operation="person_create")
    return person
