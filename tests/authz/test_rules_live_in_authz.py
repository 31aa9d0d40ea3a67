"""Every authorization decision lives in ``iecommons.authz``: this test fails when code
outside it loads a scope, reads the raw role sets, reads role rows or tests a superuser."""

from __future__ import annotations

import re
from pathlib import Path

import iecommons

SOURCE = Path(iecommons.__file__).parent

FORBIDDEN = {
    "scope_for": re.compile(r"\bscope_for\b"),
    "a raw role set": re.compile(
        r"\.(secretariat_community_ids|supervised_region_ids|supervised_province_ids"
        r"|supervised_city_ids|expert_community_ids|member_organizations"
        r"|member_community_ids)\b"
        # ``organization_ids`` is a common name for other things; on a scope it is a role set.
        r"|\b(\w*scope\w*|own|found|current)\.organization_ids\b"
    ),
    "RoleAssignment.objects": re.compile(r"\bRoleAssignment\.objects\b"),
    "is_superuser": re.compile(r"\bis_superuser\b"),
}

#: Files outside authz allowed one of the names, each with its reason: none decides anything.
ALLOWED = {
    ("accounts/selectors.py", "RoleAssignment.objects"): "lists who holds a role, for pages "
    "and notices",
    ("registry/invitations.py", "RoleAssignment.objects"): "creates the role an invitation grants",
    ("registry/services.py", "RoleAssignment.objects"): "creates a secretariat appointment",
    ("registry/demo.py", "RoleAssignment.objects"): "seeds the demo accounts' roles",
    ("collaboration/demo.py", "RoleAssignment.objects"): "seeds bookings by the demo's people",
    ("assessment/demo_cycles.py", "is_superuser"): "seeds records authored by the demo operator",
    ("talent/demo.py", "RoleAssignment.objects"): "seeds the demo college's representative",
    ("policy/demo.py", "RoleAssignment.objects"): "seeds the demo applicants' representatives",
}


def _offences() -> list[str]:
    found = []
    for path in sorted(SOURCE.rglob("*")):
        if path.suffix not in {".py", ".html"} or "migrations" in path.parts:
            continue
        relative = path.relative_to(SOURCE).as_posix()
        if relative.startswith("authz/"):
            continue
        text = path.read_text(encoding="utf-8")
        for name, pattern in FORBIDDEN.items():
            if (relative, name) in ALLOWED:
                continue
            for number, line in enumerate(text.splitlines(), start=1):
                if pattern.search(line):
                    found.append(f"{relative}:{number}: {name}: {line.strip()}")
    return found


def test_no_rule_is_decided_outside_authz() -> None:
    assert _offences() == []


def test_every_allowance_is_still_needed() -> None:
    # An allowance whose file no longer uses the name would hide a new offence later.
    for relative, name in ALLOWED:
        text = (SOURCE / relative).read_text(encoding="utf-8")
        assert FORBIDDEN[name].search(text), (relative, name)


def test_the_permission_modules_are_gone() -> None:
    assert not list(SOURCE.glob("*/permissions.py"))
    assert not (SOURCE / "accounts" / "scope.py").exists()
