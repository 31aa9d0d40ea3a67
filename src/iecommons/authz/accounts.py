"""Who may do what with accounts: API tokens, invitations and role grants.

- A person makes and revokes only its own API tokens.
- A community's managers invite representatives of its active members; inviting a person
  to the secretariat is its supervisor's decision (see :mod:`iecommons.authz.registry`).
- A role held in a community is ended by that community's supervisors; any other role
  (a supervisor's, a member representative's) only by an operator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from iecommons.accounts.models import Role
from iecommons.authz.registry import can_appoint_secretariat, can_manage
from iecommons.authz.scope import is_operator, is_signed_in, supervises

if TYPE_CHECKING:
    from iecommons.accounts.models import ApiToken, RoleAssignment
    from iecommons.registry.models import Community


def can_create_token(user: Any) -> bool:
    return is_signed_in(user)


def can_revoke_token(user: Any, token: ApiToken) -> bool:
    """Only the token's owner."""
    return is_signed_in(user) and token.user_id == user.pk


def can_invite(user: Any, community: Community, role: str) -> bool:
    """Secretariat colleagues: the supervisor; member representatives: the managers."""
    if role == Role.SECRETARIAT:
        return can_appoint_secretariat(user, community)
    return can_manage(user, community)


def can_end_role(user: Any, assignment: RoleAssignment) -> bool:
    """Roles in a community: its supervisors; every other role: operators."""
    if assignment.community is not None:
        return supervises(user, assignment.community)
    return is_operator(user)
