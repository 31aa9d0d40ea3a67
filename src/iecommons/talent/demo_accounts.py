"""The talent chain's demo accounts as the ``serve`` greeting prints them: (role, username,
password, scope), beside the registry's (``settings.DEMO_ACCOUNTS`` names both)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from iecommons.talent.demo import DEMO_ACCOUNTS

_SHOWN = {
    "college": (_("member representative"), _("a college of the rail-transit community")),
    "intern": (_("student"), _("a student of that college, placed in the demo round")),
}


def demo_accounts() -> list[tuple[Promise, str, str, Promise]]:
    return [
        (*_SHOWN[username][:1], username, password, _SHOWN[username][1])
        for username, password, _what in DEMO_ACCOUNTS
    ]
