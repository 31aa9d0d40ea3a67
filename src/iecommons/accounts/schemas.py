"""The accounts API shapes: who am I, my roles with their scope, my API tokens."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from iecommons.accounts.models import Role
from iecommons.common.api import choices_schema


class RoleScopeOut(Schema):
    """Where a role applies: everywhere (national), a region, a community or an organisation."""

    type: Literal["national", "region", "community", "organization"]
    id: int | None = None
    code: str | None = Field(None, description="GB/T 2260 code, for a region.")
    name: str | None = None


class RoleOut(Schema):
    id: int
    role: Annotated[Role, choices_schema(Role, "AccountRole")]
    scope: RoleScopeOut
    granted_at: datetime.datetime

    @staticmethod
    def resolve_scope(obj: Any) -> dict[str, Any]:
        if obj.community_id:
            return {"type": "community", "id": obj.community_id, "name": str(obj.community)}
        if obj.organization_id:
            return {
                "type": "organization",
                "id": obj.organization_id,
                "name": str(obj.organization),
            }
        if obj.region_id:
            return {
                "type": "region",
                "id": obj.region_id,
                "code": obj.region.code,
                "name": obj.region.name,
            }
        return {"type": "national"}


class MeOut(Schema):
    id: int
    username: str
    name: str
    email: str
    is_operator: bool
    roles: list[RoleOut]


class TokenIn(Schema):
    name: str = Field(..., max_length=100, description="What the token is for.")
    expires_on: datetime.date | None = Field(
        None,
        description="The last day the token works: from tomorrow to three years ahead; "
        "a year from today if not given.",
    )


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(..., description="The first characters after iec_, to recognise it.")
    created_at: datetime.datetime
    expires_at: datetime.datetime = Field(..., description="The token stops working then.")
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None


class NewTokenOut(TokenOut):
    key: str = Field(..., description="The bearer key. Shown this once; store it now.")
