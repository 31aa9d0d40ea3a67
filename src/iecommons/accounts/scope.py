"""Moved to :mod:`iecommons.authz`; these names remain only while callers move there."""

from iecommons.authz.registry import (
    can_edit_organization,
    can_manage,
    can_see_private,
    can_supervise,
)
from iecommons.authz.registry import can_register_community as can_supervise_region
from iecommons.authz.registry import visible_managed_communities as managed_communities
from iecommons.authz.registry import visible_supervised_communities as supervised_communities
from iecommons.authz.scope import ANONYMOUS, Scope, forget_scope, require, scope_for

__all__ = [
    "ANONYMOUS",
    "Scope",
    "can_edit_organization",
    "can_manage",
    "can_see_private",
    "can_supervise",
    "can_supervise_region",
    "forget_scope",
    "managed_communities",
    "require",
    "scope_for",
    "supervised_communities",
]
