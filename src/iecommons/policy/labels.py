"""Translatable names the policy pages show for values stored as data: the eligibility
facts (marked here so makemessages finds them), and the policy lab's players, corner
stabilities, parameters and the sources of a calibration."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

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

#: The three populations of the game, in the order of its shares x, y, z.
PLAYER_LABELS = {
    "government": _("government: active incentive and regulation"),
    "enterprises": _("enterprises: deep participation"),
    "colleges": _("colleges: active participation"),
}

#: How a pure-strategy corner behaves (``analytics.games.dynamics.Stability``).
STABILITY_LABELS = {
    "stable": pgettext_lazy("corner stability", "ESS (stable)"),
    "unstable": pgettext_lazy("corner stability", "unstable"),
    "saddle": pgettext_lazy("corner stability", "saddle point"),
    "undecided": pgettext_lazy("corner stability", "undecided (a zero eigenvalue)"),
}

#: The default model's parameters (``analytics.games.model.DEFAULT_PARAMETERS``).
PARAMETER_LABELS = {
    "C_g": _("government's cost of active incentive and regulation"),
    "S_e": _("subsidy to an enterprise that participates deeply"),
    "S_c": _("subsidy to a college that participates actively"),
    "F_e": _("penalty on an enterprise that participates only formally"),
    "F_c": _("penalty on a college that participates passively"),
    "W": _("government's reputation gain when both participate under active policy"),
    "L": _("government's credibility loss when cooperation fails under passive policy"),
    "R_e": _("enterprise's extra return from deep participation with an active college"),
    "C_e": _("enterprise's cost of deep participation"),
    "R_c": _("college's extra return from active participation with a deep enterprise"),
    "C_c": _("college's cost of active participation"),
}

#: Where a calibrated value comes from (``policy.selectors.calibration``).
SOURCE_LABELS = {
    "costs": _("contributions to joint projects (the contribution ledger)"),
    "returns": _("benefits shared, net of losses (the allocation ledger)"),
    "subsidies": _("awards disbursed (the fund ledger)"),
    "recoveries": _("award money recovered (the fund ledger's returns)"),
    "not_recorded": _("not recorded on the platform"),
}

GROUP_LABELS = {
    "enterprises": _("enterprises"),
    "colleges": _("colleges"),
}
