"""The rules of 职业学校学生实习管理规定 (2021) for internship positions, as parameters.

Each rule is checked here once and used alike by the publish service, the page and the API.
A breach names the position (or student) and the rule. The parameters live on the round
(``PlacementRound.rules``) so that a province's stricter reading can be entered there.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from iecommons.talent.models import InternshipPosition, PlacementRound, Student, default_rules

#: The form field each rule of a position looks at, to show a refusal beside it.
RULE_FIELDS = {
    "max_share_of_host_staff": "seats",
    "max_share_of_position_staff": "seats",
    "no_night_or_overtime": "exception_registered",
    "min_pay_ratio": "monthly_pay",
    "insurance": "insured",
    "duration": "months",
}


@dataclass(frozen=True)
class Breach:
    """One rule broken by one position or student; ``message`` names both."""

    rule: str
    subject: str
    message: str


def rule_title(rule: str, rules: dict[str, Any]) -> str:
    """The rule in words, with the round's parameter: “interns at most 10% of the host's staff”."""
    titles = {
        "min_age": _("interns at least %(value)s years old"),
        "max_share_of_host_staff": _("interns at most %(value)s of the enterprise's staff"),
        "max_share_of_position_staff": _(
            "interns at most %(value)s of the staff of a position type"
        ),
        "no_night_or_overtime": _("no night shifts or overtime without a registered exception"),
        "min_pay_ratio": _("pay at least %(value)s of the same position's wage"),
        "insurance": _("internship liability insurance"),
        "duration": _("an internship of at most %(value)s months"),
    }
    value = rules.get(rule, 0)
    shown = f"{float(value):.0%}" if rule.startswith(("max_share", "min_pay")) else value
    return titles[rule] % {"value": shown} if "%(value)s" in titles[rule] else titles[rule]


def _named(rule: str, rules: dict[str, Any], detail: str) -> str:
    return _(
        "Rule “%(rule)s” (Regulations on the Management of Vocational School Student "
        "Internships, 2021) is broken — %(detail)s"
    ) % {"rule": rule_title(rule, rules), "detail": detail}


def parameters(placement_round: PlacementRound) -> dict[str, Any]:
    """The round's rules over the defaults (a rule missing from the round keeps its default)."""
    return {**default_rules(), **(placement_round.rules or {})}


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Completed years of age on ``day``."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def student_breach(
    placement_round: PlacementRound, student: Student, rules: dict[str, Any] | None = None
) -> Breach | None:
    """A student under the minimum age on the day the internship starts."""
    rules = rules or parameters(placement_round)
    minimum = int(rules["min_age"])
    age = age_on(student.birth_date, placement_round.starts)
    if age < minimum:
        detail = _(
            "Student %(student)s is %(age)d on %(day)s: interns must be at least %(minimum)d."
        ) % {
            "student": student,
            "age": age,
            "day": placement_round.starts.isoformat(),
            "minimum": minimum,
        }
        return Breach(
            rule="min_age", subject=str(student), message=_named("min_age", rules, detail)
        )
    return None


def position_breaches(
    position: InternshipPosition,
    rules: dict[str, Any],
    *,
    enterprise_interns: int | None = None,
) -> list[Breach]:
    """Every rule ``position`` breaks; ``enterprise_interns`` is the enterprise's interns
    over all its positions of the round (default: this position's seats)."""
    out: list[Breach] = []
    name = _("position “%(title)s” of %(enterprise)s") % {
        "title": position.title,
        "enterprise": position.enterprise,
    }

    def breach(rule: str, message: str) -> None:
        out.append(
            Breach(
                rule=rule,
                subject=position.title,
                message=_named(rule, rules, f"{name}: {message}"),
            )
        )

    interns = position.seats if enterprise_interns is None else enterprise_interns
    host_share = float(rules["max_share_of_host_staff"])
    if interns > host_share * position.host_staff:
        breach(
            "max_share_of_host_staff",
            _(
                "%(interns)d interns at an enterprise of %(staff)d staff exceed %(share)s of its "
                "staff."
            )
            % {"interns": interns, "staff": position.host_staff, "share": f"{host_share:.0%}"},
        )
    position_share = float(rules["max_share_of_position_staff"])
    if position.seats > position_share * position.position_staff:
        breach(
            "max_share_of_position_staff",
            _("%(interns)d interns exceed %(share)s of the %(staff)d staff of this position type.")
            % {
                "interns": position.seats,
                "staff": position.position_staff,
                "share": f"{position_share:.0%}",
            },
        )
    if (position.night_shifts or position.overtime) and not position.exception_registered:
        breach(
            "no_night_or_overtime",
            _("night shifts or overtime need a registered exception."),
        )
    ratio = float(rules["min_pay_ratio"])
    if position.monthly_pay < ratio * position.regular_wage:
        breach(
            "min_pay_ratio",
            _("pay of %(pay)d yuan is below %(share)s of the position's wage of %(wage)d yuan.")
            % {
                "pay": position.monthly_pay,
                "wage": position.regular_wage,
                "share": f"{ratio:.0%}",
            },
        )
    if bool(rules["require_insurance"]) and not position.insured:
        breach("insurance", _("internship liability insurance is missing."))
    if position.months > int(rules["max_months"]) or position.months < 1:
        breach(
            "duration",
            _("a duration of %(months)d months is outside 1 to %(maximum)d months.")
            % {"months": position.months, "maximum": int(rules["max_months"])},
        )
    return out


def round_breaches(
    placement_round: PlacementRound,
    positions: Iterable[InternshipPosition],
    students: Iterable[Student],
) -> list[Breach]:
    """Every breach in a round: its positions (interns summed per enterprise) and students."""
    rules = parameters(placement_round)
    listed = list(positions)
    per_enterprise: dict[int, int] = defaultdict(int)
    for position in listed:
        per_enterprise[position.enterprise_id] += position.seats
    out: list[Breach] = []
    for position in listed:
        out.extend(
            position_breaches(
                position, rules, enterprise_interns=per_enterprise[position.enterprise_id]
            )
        )
    for student in students:
        found = student_breach(placement_round, student, rules)
        if found is not None:
            out.append(found)
    return out
