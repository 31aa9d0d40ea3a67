"""The registry's API shapes. Choice fields use the models' own choices, so the OpenAPI
schema lists the allowed values; regions and fields are referenced by their codes."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from django.db.models import Count
from ninja import Field, Schema

from iecommons.authz import registry as rules
from iecommons.common.api import PageQuery, actor, choices_schema
from iecommons.common.api_input import omittable
from iecommons.registry import selectors
from iecommons.registry.models import Community, CouncilSeat, Membership, Organization, Region

RegionLevel = Annotated[Region.Level, choices_schema(Region.Level, "RegionLevel")]
OrganizationType = Annotated[
    Organization.Type, choices_schema(Organization.Type, "OrganizationType")
]
CommunityKind = Annotated[Community.Kind, choices_schema(Community.Kind, "CommunityKind")]
CommunityLevel = Annotated[Community.Level, choices_schema(Community.Level, "CommunityLevel")]
CommunityStatus = Annotated[Community.Status, choices_schema(Community.Status, "CommunityStatus")]
MembershipRole = Annotated[Membership.Role, choices_schema(Membership.Role, "MembershipRole")]
CouncilPosition = Annotated[
    CouncilSeat.Position, choices_schema(CouncilSeat.Position, "CouncilPosition")
]

# --- references ------------------------------------------------------------------------------


class RegionOut(Schema):
    code: str
    name: str
    name_zh: str
    name_en: str
    level: RegionLevel
    province: str | None = Field(None, description="Code of the province of a city.")

    @staticmethod
    def resolve_province(obj: Any) -> str | None:
        return obj.parent.code if obj.parent_id else None


class FieldOut(Schema):
    code: str
    name: str
    name_zh: str
    name_en: str
    parent: str | None = Field(None, description="Code of the parent field.")

    @staticmethod
    def resolve_parent(obj: Any) -> str | None:
        return obj.parent.code if obj.parent_id else None


class RefOut(Schema):
    """A region or field, briefly."""

    code: str
    name: str


class OrganizationRef(Schema):
    id: int
    name: str
    name_en: str
    credit_code: str
    type: OrganizationType


class PersonRef(Schema):
    id: int
    name: str


# --- organisations ---------------------------------------------------------------------------


class OrganizationOut(OrganizationRef):
    region: RefOut
    province: RefOut

    @staticmethod
    def resolve_province(obj: Any) -> Any:
        return obj.region.province


class CommunityRef(Schema):
    id: int
    name: str
    name_en: str
    level: CommunityLevel
    status: CommunityStatus


class OrganizationMembershipOut(Schema):
    id: int
    community: CommunityRef
    role: MembershipRole
    duties: str
    joined: datetime.date
    left: datetime.date | None
    left_reason: str


class OrganizationDetailOut(OrganizationOut):
    address: str
    website: str
    description: str
    memberships: list[OrganizationMembershipOut]

    @staticmethod
    def resolve_memberships(obj: Organization) -> Any:
        return selectors.organization_memberships(obj)


class OrganizationQuery(PageQuery):
    q: str = Field("", description="Part of the name, or the whole credit code.")
    type: OrganizationType | None = None
    province: str = Field("", description="GB/T 2260 code of a province.")


class OrganizationIn(Schema):
    name: str = Field(..., max_length=200)
    name_en: str = Field("", max_length=200)
    credit_code: str = Field(..., description="18-character unified social credit code.")
    type: OrganizationType
    region: str = Field(..., description="GB/T 2260 code of a prefecture-level city.")
    address: str = ""
    website: str = ""
    description: str = ""


class OrganizationPatch(Schema):
    name: str = omittable(max_length=200)
    name_en: str = omittable(max_length=200)
    credit_code: str = omittable()
    type: OrganizationType = omittable()
    region: str = omittable(description="GB/T 2260 code of a prefecture-level city.")
    address: str = omittable()
    website: str = omittable()
    description: str = omittable()


# --- communities -----------------------------------------------------------------------------

Sort = Literal["name", "-founded", "founded", "-members"]


class CommunityQuery(PageQuery):
    q: str = Field("", description="Part of the name of the community or of an active member.")
    kind: CommunityKind | None = None
    level: CommunityLevel | None = None
    field: str = Field("", description="Code of an industry field (includes its sub-fields).")
    province: str = Field("", description="GB/T 2260 code of a province.")
    city: str = Field("", description="GB/T 2260 code of a city.")
    status: CommunityStatus | None = None
    sort: Sort = "name"


class CommunityOut(Schema):
    id: int
    name: str
    name_en: str
    kind: CommunityKind
    level: CommunityLevel
    status: CommunityStatus
    field: RefOut
    region: RefOut
    province: RefOut
    founded: datetime.date
    summary: str
    member_count: int


class CouncilSeatOut(Schema):
    id: int
    position: CouncilPosition
    person: PersonRef
    organization: OrganizationRef
    term_start: datetime.date
    term_end: datetime.date | None


class Permissions(Schema):
    """What the caller may do with this community."""

    manage: bool
    supervise: bool
    see_private: bool


class CommunityDetailOut(CommunityOut):
    status_reason: str
    charter: str
    goals: str
    development_plan: str
    website: str
    contact_email: str
    secretariat_host: OrganizationRef | None
    lead_units: list[OrganizationRef]
    council: list[CouncilSeatOut]
    member_counts: dict[str, int] = Field(..., description="Active members by organisation type.")
    permissions: Permissions

    @staticmethod
    def resolve_lead_units(obj: Community) -> Any:
        return selectors.community_lead_units(obj)

    @staticmethod
    def resolve_council(obj: Community) -> Any:
        return selectors.community_council(obj)

    @staticmethod
    def resolve_member_counts(obj: Community) -> dict[str, int]:
        rows = (
            obj.memberships.filter(left__isnull=True)
            .values("organization__type")
            .annotate(count=Count("id"))
            .order_by("organization__type")
        )
        return {row["organization__type"]: row["count"] for row in rows}

    @staticmethod
    def resolve_permissions(obj: Community, context: dict[str, Any]) -> dict[str, bool]:
        user = actor(context["request"])
        return {
            "manage": rules.can_manage(user, obj),
            "supervise": rules.can_supervise(user, obj),
            "see_private": rules.can_see_private(user, obj),
        }


class CommunityIn(Schema):
    name: str = Field(..., max_length=200)
    name_en: str = Field("", max_length=200)
    kind: CommunityKind
    level: CommunityLevel
    field: str = Field(..., description="Code of an industry field.")
    region: str = Field(..., description="GB/T 2260 code of the seat (a prefecture city).")
    founded: datetime.date
    summary: str = Field("", max_length=300)
    charter: str = ""
    goals: str = ""
    development_plan: str = ""
    website: str = ""
    contact_email: str = ""


class CommunityPatch(Schema):
    """Profile fields (the secretariat's) and supervised fields (the supervisor's). Send
    only the fields to change; none may be null but ``secretariat_host`` (no host)."""

    name: str = omittable(max_length=200)
    name_en: str = omittable(max_length=200)
    summary: str = omittable(max_length=300)
    charter: str = omittable()
    goals: str = omittable()
    development_plan: str = omittable()
    website: str = omittable()
    contact_email: str = omittable()
    secretariat_host: int | None = Field(None, description="Id of the hosting organisation.")
    kind: CommunityKind = omittable()
    level: CommunityLevel = omittable()
    field: str = omittable()
    region: str = omittable()
    founded: datetime.date = omittable()


class StatusChangeIn(Schema):
    reason: str = Field("", max_length=300)


class DissolveIn(StatusChangeIn):
    on: datetime.date | None = Field(None, description="Day of dissolution; today if omitted.")


class SecretariatIn(Schema):
    username: str


class SecretariatOut(Schema):
    id: int
    username: str
    community: int
    granted_at: datetime.datetime

    @staticmethod
    def resolve_username(obj: Any) -> str:
        return str(obj.user.username)

    @staticmethod
    def resolve_community(obj: Any) -> int:
        return int(obj.community_id)


# --- memberships and council ----------------------------------------------------------------


class MembershipOut(Schema):
    id: int
    community: int
    organization: OrganizationOut
    role: MembershipRole
    duties: str
    joined: datetime.date
    left: datetime.date | None
    left_reason: str

    @staticmethod
    def resolve_community(obj: Any) -> int:
        return int(obj.community_id)


class MembersQuery(PageQuery):
    active: bool = Field(True, description="Current members, or those who have left.")


class AdmitIn(Schema):
    """Name the organisation by ``organization`` (id) or ``credit_code``, or describe a new
    one in ``new_organization``: exactly one of the three."""

    organization: int | None = None
    credit_code: str | None = None
    new_organization: OrganizationIn | None = None
    joined: datetime.date
    role: MembershipRole = Membership.Role.MEMBER
    duties: str = ""


class MembershipPatch(Schema):
    role: MembershipRole = omittable()
    duties: str = omittable()


class MembershipEndIn(Schema):
    left: datetime.date
    reason: str = Field("", max_length=300)


class NewPersonIn(Schema):
    name: str = Field(..., max_length=100)
    organization: int = Field(..., description="Id of the member organisation.")
    title: str = Field("", max_length=100)


class CouncilSeatIn(Schema):
    """Seat a recorded person (``person``, an id) or a new one (``new_person``)."""

    person: int | None = None
    new_person: NewPersonIn | None = None
    position: CouncilPosition
    term_start: datetime.date
    term_end: datetime.date | None = None


class CouncilSeatEndIn(Schema):
    term_end: datetime.date


# --- history and import ----------------------------------------------------------------------


class AuditEntryOut(Schema):
    id: int
    at: datetime.datetime
    actor: str | None
    action: str
    operation: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return obj.actor.username if obj.actor_id else None

    @staticmethod
    def resolve_object_type(obj: Any) -> str:
        return str(obj.content_type.model)


class ImportOut(Schema):
    admitted: int
    organizations_created: int


class ImportProblemOut(Schema):
    row: int
    column: str
    value: str
    expected: str


class ImportRefusedOut(Schema):
    detail: str
    errors: dict[str, list[str]]
    rows: list[ImportProblemOut] = Field(
        default_factory=list, description="Problems by row; none when the request itself failed."
    )
