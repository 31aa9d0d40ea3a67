"""The registry's JSON API: public reads, and writes through the registry services.

Views here translate between JSON and the services: they resolve codes and ids named in
the input (refusing unknown ones with the field's name), call one service, and shape the
answer. Who may do what is decided by :mod:`iecommons.authz.registry`, asked by the
services; nothing here re-derives a rule.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from iecommons.accounts.api_auth import PUBLIC
from iecommons.accounts.models import User
from iecommons.authz import registry as rules
from iecommons.authz.scope import require
from iecommons.common.api import ERRORS, ErrorOut, Page, PageQuery, actor, cached_json, paginate
from iecommons.common.models import AuditEntry
from iecommons.common.services import refuse
from iecommons.registry import selectors, services
from iecommons.registry.imports import ImportRefusedError, import_members
from iecommons.registry.models import (
    Community,
    CouncilSeat,
    Field,
    Membership,
    Organization,
    Person,
    Region,
)
from iecommons.registry.schemas import (
    AdmitIn,
    AuditEntryOut,
    CommunityDetailOut,
    CommunityIn,
    CommunityOut,
    CommunityPatch,
    CommunityQuery,
    CouncilSeatEndIn,
    CouncilSeatIn,
    CouncilSeatOut,
    DissolveIn,
    FieldOut,
    ImportOut,
    ImportRefusedOut,
    MembershipEndIn,
    MembershipOut,
    MembershipPatch,
    MembersQuery,
    OrganizationDetailOut,
    OrganizationIn,
    OrganizationOut,
    OrganizationPatch,
    OrganizationQuery,
    RegionOut,
    SecretariatIn,
    SecretariatOut,
    StatusChangeIn,
)

router = Router(tags=["registry"])
PUBLIC_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# --- resolving what the input names ----------------------------------------------------------


def _region(code: str | None, field: str = "region") -> Region:
    region = Region.objects.select_related("parent").filter(code=(code or "").strip()).first()
    if region is None:
        raise refuse(field, _("Unknown region code “%(code)s”.") % {"code": code or ""})
    return region


def _field(code: str | None, field: str = "field") -> Field:
    found = Field.objects.filter(code=(code or "").strip()).first()
    if found is None:
        raise refuse(field, _("Unknown industry field “%(code)s”.") % {"code": code or ""})
    return found


def _organization(pk: int | None, field: str = "organization") -> Organization:
    found = Organization.objects.filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise refuse(field, _("No organisation has the id %(id)s.") % {"id": pk})
    return found


def _community(pk: int) -> Community:
    return selectors.community_detail(pk)


def _membership(pk: int) -> Membership:
    return Membership.objects.select_related("community", "organization__region__parent").get(pk=pk)


def _prefixed(error: ValidationError, prefix: str) -> ValidationError:
    """The same refusal with its fields named inside ``prefix`` (e.g. ``new_person``)."""
    return ValidationError(
        {f"{prefix}.{field}": messages for field, messages in error.message_dict.items()}
    )


def _renamed(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """The same refusal with some fields renamed to what the request called them."""
    return ValidationError(
        {names.get(field, field): messages for field, messages in error.message_dict.items()}
    )


# --- reference data --------------------------------------------------------------------------


@router.get(
    "/regions",
    response={200: list[RegionOut], 422: ErrorOut},
    auth=PUBLIC,
)
def region_list(request: HttpRequest, province: str = "") -> Any:
    """Provinces; or, with ``?province=<code>``, the prefecture cities of that province."""
    if province:
        parent = _region(province, "province")
        if parent.level != Region.Level.PROVINCE:
            raise refuse("province", _("Give the code of a province."))
        return parent.children.select_related("parent").order_by("code")
    return Region.objects.filter(level=Region.Level.PROVINCE).order_by("code")


@router.get("/fields", response=list[FieldOut], auth=PUBLIC)
def field_list(request: HttpRequest) -> Any:
    """The industry field taxonomy, in its display order."""
    return Field.objects.select_related("parent")


# --- communities: reads ----------------------------------------------------------------------


@router.get(
    "/communities",
    response={200: Page[CommunityOut], **PUBLIC_ERRORS},
    auth=PUBLIC,
)
def community_list(request: HttpRequest, filters: Query[CommunityQuery]) -> Any:
    """The public registry, filtered and sorted like the registry page."""

    def page() -> dict[str, Any]:
        queryset = selectors.community_search(
            selectors.CommunityFilter(
                q=filters.q,
                kind=filters.kind or "",
                level=filters.level or "",
                field=filters.field,
                province=filters.province,
                city=filters.city,
                status=filters.status or "",
            ),
            sort=filters.sort,
        )
        return paginate(queryset, filters)

    # The same for every caller: one body per data version, language and query.
    return cached_json(
        request,
        "communities",
        sorted(filters.model_dump().items()),
        schema=Page[CommunityOut],
        build=page,
    )


@router.get(
    "/communities/{community_id}", response={200: CommunityDetailOut, **PUBLIC_ERRORS}, auth=PUBLIC
)
def community_get(request: HttpRequest, community_id: int) -> Any:
    """A community: profile, lead units, current council, member counts by type."""
    return _community(community_id)


@router.get(
    "/communities/{community_id}/members",
    response={200: Page[MembershipOut], **PUBLIC_ERRORS},
    auth=PUBLIC,
)
def community_member_list(
    request: HttpRequest, community_id: int, filters: Query[MembersQuery]
) -> Any:
    """Current members (``active=true``) or those who left (``active=false``)."""
    community = _community(community_id)

    def page() -> dict[str, Any]:
        queryset = selectors.community_members(community, active=filters.active)
        return paginate(queryset.select_related("organization__region__parent"), filters)

    # Public rows, the same for every caller.
    return cached_json(
        request,
        "members",
        community.pk,
        sorted(filters.model_dump().items()),
        schema=Page[MembershipOut],
        build=page,
    )


@router.get("/communities/{community_id}/history", response={200: Page[AuditEntryOut], **ERRORS})
def community_history(request: HttpRequest, community_id: int, filters: Query[PageQuery]) -> Any:
    """Audit entries of the community, its memberships and council seats, newest first.
    Private: its managers, experts and member representatives only."""
    community = _community(community_id)
    require(rules.can_see_private(actor(request), community))
    types = ContentType.objects.get_for_models(Community, Membership, CouncilSeat)

    def ids(queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.annotate(key=Cast("pk", CharField())).values("key")

    entries = AuditEntry.objects.filter(
        Q(content_type=types[Community], object_id=str(community.pk))
        | Q(content_type=types[Membership], object_id__in=ids(community.memberships.all()))
        | Q(content_type=types[CouncilSeat], object_id__in=ids(community.council_seats.all()))
    ).select_related("actor", "content_type")
    return paginate(entries, filters)


# --- communities: writes ---------------------------------------------------------------------


@router.post("/communities", response={201: CommunityDetailOut, **ERRORS})
def community_register(request: HttpRequest, payload: CommunityIn) -> Any:
    """Register a community in the caller's jurisdiction (supervisors)."""
    data = payload.dict()
    data["field"] = _field(payload.field)
    data["region"] = _region(payload.region)
    community = services.community_register(actor=actor(request), **data)
    return Status(201, _community(community.pk))


@router.patch("/communities/{community_id}", response={200: CommunityDetailOut, **ERRORS})
def community_update(request: HttpRequest, community_id: int, payload: CommunityPatch) -> Any:
    """Edit the profile (secretariat) or the supervised fields: kind, level, field, seat,
    founding date (supervisors). Send only the fields to change."""
    community = _community(community_id)
    changes = payload.dict(exclude_unset=True)
    if "field" in changes:
        changes["field"] = _field(changes["field"])
    if "region" in changes:
        changes["region"] = _region(changes["region"])
    if "secretariat_host" in changes and changes["secretariat_host"] is not None:
        changes["secretariat_host"] = _organization(changes["secretariat_host"], "secretariat_host")
    services.community_update(actor=actor(request), community=community, **changes)
    return _community(community.pk)


@router.post("/communities/{community_id}/suspend", response={200: CommunityDetailOut, **ERRORS})
def community_suspend(request: HttpRequest, community_id: int, payload: StatusChangeIn) -> Any:
    """Suspend a community (its supervisors); give the reason."""
    community = _community(community_id)
    services.community_suspend(actor=actor(request), community=community, reason=payload.reason)
    return _community(community.pk)


@router.post("/communities/{community_id}/reinstate", response={200: CommunityDetailOut, **ERRORS})
def community_reinstate(request: HttpRequest, community_id: int, payload: StatusChangeIn) -> Any:
    """Make a suspended community active again (its supervisors)."""
    community = _community(community_id)
    services.community_reinstate(actor=actor(request), community=community, reason=payload.reason)
    return _community(community.pk)


@router.post("/communities/{community_id}/dissolve", response={200: CommunityDetailOut, **ERRORS})
def community_dissolve(request: HttpRequest, community_id: int, payload: DissolveIn) -> Any:
    """Dissolve a community: every membership and council term ends; history stays."""
    community = _community(community_id)
    services.community_dissolve(
        actor=actor(request), community=community, reason=payload.reason, on=payload.on
    )
    return _community(community.pk)


@router.post("/communities/{community_id}/secretariat", response={201: SecretariatOut, **ERRORS})
def secretariat_appoint(request: HttpRequest, community_id: int, payload: SecretariatIn) -> Any:
    """Appoint a user, by username, to the community's secretariat (its supervisors)."""
    community = _community(community_id)
    # Asked before the username is looked up, so that outsiders cannot probe usernames.
    require(rules.can_supervise(actor(request), community))
    user = User.objects.filter(username=payload.username.strip()).first()
    if user is None:
        raise refuse("username", _("No user has this username."))
    assignment = services.secretariat_appoint(actor=actor(request), community=community, user=user)
    return Status(201, assignment)


# --- members ---------------------------------------------------------------------------------


@router.post("/communities/{community_id}/members", response={201: MembershipOut, **ERRORS})
def membership_admit(request: HttpRequest, community_id: int, payload: AdmitIn) -> Any:
    """Admit a registered organisation (by id or credit code) or a new one described inline."""
    community = _community(community_id)
    # Outsiders learn nothing, not even whether an organisation id exists.
    require(rules.can_manage(actor(request), community))
    given = [
        name
        for name in ("organization", "credit_code", "new_organization")
        if getattr(payload, name) is not None
    ]
    if len(given) != 1:
        raise refuse(
            "organization",
            _(
                "Name the organisation by exactly one of: organization, credit_code, "
                "new_organization."
            ),
        )
    new_organization: dict[str, Any] | None = None
    if payload.organization is not None:
        credit_code = _organization(payload.organization).credit_code
        code_field = "organization"
    elif payload.credit_code is not None:
        credit_code, code_field = payload.credit_code, "credit_code"
    else:
        assert payload.new_organization is not None
        new_organization = payload.new_organization.dict()
        credit_code = new_organization.pop("credit_code")
        code_field = f"{services.NEW_ORGANIZATION}.credit_code"
        new_organization["region"] = _region(
            new_organization["region"], f"{services.NEW_ORGANIZATION}.region"
        )
    try:
        membership = services.member_admit_by_code(
            actor=actor(request),
            community=community,
            credit_code=credit_code,
            joined=payload.joined,
            role=payload.role,
            duties=payload.duties,
            new_organization=new_organization,
        )
    except ValidationError as error:
        raise _renamed(error, {"credit_code": code_field}) from None
    return Status(201, _membership(membership.pk))


@router.patch("/memberships/{membership_id}", response={200: MembershipOut, **ERRORS})
def membership_update(request: HttpRequest, membership_id: int, payload: MembershipPatch) -> Any:
    """Change a member's role or its written duties."""
    membership = _membership(membership_id)
    services.membership_update(
        actor=actor(request), membership=membership, role=payload.role, duties=payload.duties
    )
    return _membership(membership.pk)


@router.post("/memberships/{membership_id}/end", response={200: MembershipOut, **ERRORS})
def membership_end(request: HttpRequest, membership_id: int, payload: MembershipEndIn) -> Any:
    """End a membership on a day; the row stays in the community's history."""
    membership = _membership(membership_id)
    services.membership_end(
        actor=actor(request), membership=membership, left=payload.left, reason=payload.reason
    )
    return _membership(membership.pk)


@router.post(
    "/communities/{community_id}/import",
    response={200: ImportOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ImportRefusedOut},
)
def member_import(request: HttpRequest, community_id: int, file: File[UploadedFile]) -> Any:
    """Admit members from an XLSX or CSV file, all or nothing. A file with bad rows writes
    nothing and answers 422 with every bad row: row number, column, value, what was expected.
    """
    community = _community(community_id)
    try:
        report = import_members(actor=actor(request), community=community, upload=file)
    except ImportRefusedError as refusal:
        message = str(refusal)
        return Status(422, {"detail": message, "errors": {"file": [message]}, "rows": []})
    if not report.ok:
        message = _("%(count)d rows are not valid; nothing was imported.") % {
            "count": len({problem.row for problem in report.problems})
        }
        return Status(
            422, {"detail": message, "errors": {"file": [message]}, "rows": report.problems}
        )
    return Status(200, report)


# --- council ---------------------------------------------------------------------------------


def _person_to_seat(request: HttpRequest, community: Community, payload: CouncilSeatIn) -> Person:
    if (payload.person is None) == (payload.new_person is None):
        raise refuse("person", _("Give exactly one of: person (an id), new_person."))
    if payload.person is not None:
        person = Person.objects.filter(pk=payload.person).first()
        if person is None:
            raise refuse("person", _("No person has the id %(id)s.") % {"id": payload.person})
        return person
    assert payload.new_person is not None
    new = payload.new_person
    try:
        return services.person_create(
            actor=actor(request),
            community=community,
            name=new.name,
            title=new.title,
            organization=_organization(new.organization),
        )
    except ValidationError as error:
        raise _prefixed(error, "new_person") from None


@router.post("/communities/{community_id}/council-seats", response={201: CouncilSeatOut, **ERRORS})
def council_seat_fill(request: HttpRequest, community_id: int, payload: CouncilSeatIn) -> Any:
    """Seat a person of an active member organisation on the council for a term."""
    community = _community(community_id)
    require(rules.can_manage(actor(request), community))
    with transaction.atomic():
        person = _person_to_seat(request, community, payload)
        seat = services.council_seat_fill(
            actor=actor(request),
            community=community,
            person=person,
            position=payload.position,
            term_start=payload.term_start,
            term_end=payload.term_end,
        )
    return Status(201, seat)


@router.post("/council-seats/{seat_id}/end", response={200: CouncilSeatOut, **ERRORS})
def council_seat_end(request: HttpRequest, seat_id: int, payload: CouncilSeatEndIn) -> Any:
    """End a council term on a day."""
    seat = CouncilSeat.objects.select_related("community", "person", "organization").get(pk=seat_id)
    return services.council_seat_end(actor=actor(request), seat=seat, term_end=payload.term_end)


# --- organisations ---------------------------------------------------------------------------


@router.get(
    "/organizations",
    response={200: Page[OrganizationOut], **PUBLIC_ERRORS},
    auth=PUBLIC,
)
def organization_list(request: HttpRequest, filters: Query[OrganizationQuery]) -> Any:
    """Organisations, by name or credit code, type and province."""
    queryset = selectors.organization_search(
        q=filters.q, type=filters.type or "", province=filters.province
    )
    return paginate(queryset, filters)


def _organization_detail(pk: int) -> Organization:
    return Organization.objects.select_related("region__parent").get(pk=pk)


@router.get(
    "/organizations/{organization_id}",
    response={200: OrganizationDetailOut, **PUBLIC_ERRORS},
    auth=PUBLIC,
)
def organization_get(request: HttpRequest, organization_id: int) -> Any:
    """An organisation's profile and every community it belongs or belonged to."""
    return _organization_detail(organization_id)


@router.post("/organizations", response={201: OrganizationDetailOut, **ERRORS})
def organization_create(request: HttpRequest, payload: OrganizationIn) -> Any:
    """Register an organisation; its credit code must be valid and not yet registered."""
    data = payload.dict()
    data["region"] = _region(payload.region)
    organization = services.organization_create(actor=actor(request), **data)
    return Status(201, _organization_detail(organization.pk))


@router.patch("/organizations/{organization_id}", response={200: OrganizationDetailOut, **ERRORS})
def organization_update(
    request: HttpRequest, organization_id: int, payload: OrganizationPatch
) -> Any:
    """Change an organisation's profile (its representatives, its supervisors)."""
    organization = _organization_detail(organization_id)
    changes = payload.dict(exclude_unset=True)
    if "region" in changes:
        changes["region"] = _region(changes["region"])
    services.organization_update(actor=actor(request), organization=organization, **changes)
    return _organization_detail(organization.pk)
