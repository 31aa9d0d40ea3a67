"""Translatable names of the eligibility facts (marked here so makemessages finds them)."""

from django.utils.translation import gettext_noop

FACT_NAMES = [
    gettext_noop("certified industry–education integration enterprise"),
    gettext_noop("type of organisation"),
    gettext_noop("level of the community"),
    gettext_noop("field of the community"),
    gettext_noop("latest published grade of the community"),
    gettext_noop("overdue rectification tasks of the community"),
    gettext_noop("years of membership"),
    gettext_noop("contribution to joint projects (CNY)"),
]

PLAYER_NAMES = [
    gettext_noop("government: active incentive and regulation"),
    gettext_noop("enterprises: deep participation"),
    gettext_noop("colleges: active participation"),
]
