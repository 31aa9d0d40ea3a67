"""Calibrating a policy-lab scenario from the platform's own ledgers.

The default game of :mod:`iecommons.analytics.games.model` has eleven parameters; eight of
them are amounts the platform records, for one jurisdiction over a period of years:

========  ==============================================================================
``C_e``   enterprises' contributions to joint projects (the contribution ledger), per
          contributing enterprise and year
``R_e``   the benefits (net of losses) the allocation ledger shared to enterprises, per
          contributing enterprise and year, so that ``R_e - C_e`` is their net per year
``S_e``   awards disbursed to enterprises (the fund ledger), per enterprise and year paid
``F_e``   award money recovered from enterprises (the fund ledger's returns, the only
          sanction the platform records), per enterprise and year recovered from
``C_c``,  the same for colleges (universities, vocational-undergraduate universities,
``R_c``,  higher- and secondary-vocational colleges)
``S_c``,
``F_c``
========  ==============================================================================

The government's cost ``C_g``, its reputation gain ``W`` and its credibility loss ``L`` are
not amounts any ledger holds: they keep the model's defaults, and the calibration says so.

The game's payoffs are in model units, not in yuan: each amount is divided by ``unit`` (CNY
per model unit, 100,000 by default, which puts the demo's ledgers on the scale of the
defaults). A jurisdiction's records are those of the communities seated in it; national
communities count only in the national calibration, as only national supervisors
supervise them. Every figure is one aggregate query grouped by organisation type and year
(three queries in all); the result is plain data, the same for the same records and inputs,
so that a scenario stores it beside its parameters and can be reproduced.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.authz import policy as rules
from iecommons.authz.scope import require
from iecommons.common.services import refuse
from iecommons.policy.models import FundMovement
from iecommons.projects.models import AllocationShare, Contribution
from iecommons.registry.models import Community, Organization, Region

#: CNY per model unit unless the supervisor chooses another.
DEFAULT_UNIT = Decimal("100000")
#: Years of records a calibration reads unless the supervisor chooses others.
DEFAULT_YEARS = 3
#: The longest period a calibration may span.
MAX_YEARS = 20
#: Digits kept of a calibrated value (in model units).
PLACES = Decimal("0.0001")

ENTERPRISES = (Organization.Type.ENTERPRISE,)
COLLEGES = (
    Organization.Type.UNIVERSITY,
    Organization.Type.VOCATIONAL_UNDERGRADUATE,
    Organization.Type.HIGHER_VOCATIONAL,
    Organization.Type.SECONDARY_VOCATIONAL,
)
GROUPS = {"e": ENTERPRISES, "c": COLLEGES}

#: The parameters no ledger holds.
NOT_RECORDED = ("C_g", "W", "L")

#: Each calibrated parameter's source, as the page explains it (see ``policy.labels``),
#: and the query that computed it, in words a researcher can re-run.
QUERIES = {
    "costs": (
        "SUM(projects_contribution.value) / COUNT(DISTINCT organization, year) over the "
        "contributions of {group} to projects of the jurisdiction's communities, "
        "year {first}–{last}"
    ),
    "returns": (
        "SUM(projects_allocationshare.amount) over the current allocation shares (benefits "
        "minus losses) of {group} in projects of the jurisdiction's communities, year "
        "{first}–{last}, / the contributing {group}-years of the costs"
    ),
    "subsidies": (
        "SUM(policy_fundmovement.amount) WHERE kind = 'disburse' / COUNT(DISTINCT "
        "organization, year) over the awards paid to {group} applying through the "
        "jurisdiction's communities, paid {first}–{last}"
    ),
    "recoveries": (
        "SUM(policy_fundmovement.amount) WHERE kind = 'return' / COUNT(DISTINCT "
        "organization, year) over award money recovered from {group} applying through the "
        "jurisdiction's communities, recovered {first}–{last}"
    ),
}
PARAMETER_SOURCES = {
    "C_e": ("costs", "e"),
    "R_e": ("returns", "e"),
    "S_e": ("subsidies", "e"),
    "F_e": ("recoveries", "e"),
    "C_c": ("costs", "c"),
    "R_c": ("returns", "c"),
    "S_c": ("subsidies", "c"),
    "F_c": ("recoveries", "c"),
}
GROUP_NAMES = {"e": "enterprises", "c": "colleges"}


def default_period(today: datetime.date | None = None) -> tuple[int, int]:
    """The last :data:`DEFAULT_YEARS` years, this one included."""
    year = (today or timezone.localdate()).year
    return year - DEFAULT_YEARS + 1, year


def _year(value: Any, field: str) -> int:
    if isinstance(value, bool):
        raise refuse(field, _("Give a year, e.g. 2025."))
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise refuse(field, _("Give a year, e.g. 2025.")) from None
    if not 1990 <= year <= timezone.localdate().year:
        raise refuse(
            field,
            _("Give a year from 1990 to %(year)s.") % {"year": timezone.localdate().year},
        )
    return year


def checked_period(first_year: Any, last_year: Any) -> tuple[int, int]:
    """The period as two years, or a refusal naming the field."""
    default_first, default_last = default_period()
    first = default_first if first_year in (None, "") else _year(first_year, "first_year")
    last = default_last if last_year in (None, "") else _year(last_year, "last_year")
    if last < first:
        raise refuse("last_year", _("The last year cannot be before the first."))
    if last - first + 1 > MAX_YEARS:
        raise refuse(
            "first_year", _("A calibration reads at most %(count)s years.") % {"count": MAX_YEARS}
        )
    return first, last


def checked_unit(value: Any) -> Decimal:
    """CNY per model unit: a positive amount, or a refusal naming ``unit``."""
    if value in (None, ""):
        return DEFAULT_UNIT
    if isinstance(value, bool):
        raise refuse("unit", _("Give the yuan one model unit stands for, e.g. 100000."))
    try:
        unit = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise refuse("unit", _("Give the yuan one model unit stands for, e.g. 100000.")) from None
    if not unit.is_finite() or unit <= 0 or unit > Decimal("1e12"):
        raise refuse("unit", _("The unit must be more than zero yuan (and less than 10¹²)."))
    return unit


def jurisdiction_communities(jurisdiction: Region | None, prefix: str = "") -> Q:
    """The communities whose records calibrate ``jurisdiction``, as a filter on a model
    reaching the community at ``prefix`` (e.g. ``"application__"``)."""
    if jurisdiction is None:
        return Q()
    seated = (
        Q(**{f"{prefix}community__province": jurisdiction})
        if jurisdiction.level == Region.Level.PROVINCE
        else Q(**{f"{prefix}community__region": jurisdiction})
    )
    return seated & ~Q(**{f"{prefix}community__level": Community.Level.NATIONAL})


def _by_group(rows: Iterable[dict[str, Any]], amount: str) -> dict[str, dict[int, list[Any]]]:
    """``{group: {year: [total, organisations]}}`` from rows grouped by type and year."""
    out: dict[str, dict[int, list[Any]]] = {key: {} for key in GROUPS}
    for row in rows:
        for key, types in GROUPS.items():
            if row["type"] in types:
                entry = out[key].setdefault(row["year"], [Decimal("0"), 0])
                entry[0] += row[amount] or Decimal("0")
                entry[1] += row["organizations"]
    return out


def _ledger(jurisdiction: Region | None, first: int, last: int) -> dict[str, Any]:
    """The three aggregate queries."""
    contributions = (
        Contribution.objects.filter(
            jurisdiction_communities(jurisdiction, "participant__project__"),
            year__gte=first,
            year__lte=last,
            organization__type__in=ENTERPRISES + COLLEGES,
        )
        .values("year", type=F("organization__type"))
        .annotate(total=Sum("value"), organizations=Count("organization", distinct=True))
        .order_by()
    )
    shares = (
        AllocationShare.objects.filter(
            jurisdiction_communities(jurisdiction, "allocation__project__"),
            current=True,
            year__gte=first,
            year__lte=last,
            organization__type__in=ENTERPRISES + COLLEGES,
        )
        .values("year", type=F("organization__type"))
        .annotate(total=Sum("amount"), organizations=Count("organization", distinct=True))
        .order_by()
    )
    start = datetime.datetime.combine(
        datetime.date(first, 1, 1), datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    end = datetime.datetime.combine(
        datetime.date(last + 1, 1, 1), datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    movements = (
        FundMovement.objects.filter(
            jurisdiction_communities(jurisdiction, "application__"),
            kind__in=[FundMovement.Kind.DISBURSE, FundMovement.Kind.RETURN],
            created_at__gte=start,
            created_at__lt=end,
            application__organization__type__in=ENTERPRISES + COLLEGES,
        )
        .values("kind", year=ExtractYear("created_at"), type=F("application__organization__type"))
        .annotate(
            total=Sum("amount"), organizations=Count("application__organization", distinct=True)
        )
        .order_by()
    )
    moved = list(movements)
    return {
        "costs": _by_group(contributions, "total"),
        "returns": _by_group(shares, "total"),
        "subsidies": _by_group((r for r in moved if r["kind"] == "disburse"), "total"),
        "recoveries": _by_group((r for r in moved if r["kind"] == "return"), "total"),
    }


def _money_text(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def calibration_compute(
    *,
    actor: Any,
    jurisdiction: Region | None,
    first_year: Any = None,
    last_year: Any = None,
    unit: Any = None,
) -> dict[str, Any]:
    """The calibration of the default game for ``jurisdiction`` (None: national) from the
    records of ``first_year``–``last_year``, in model units of ``unit`` CNY.

    Returns plain data: the inputs, and per parameter its value (None when the period
    holds no record of it: the model's default stays), the total and the count it is the
    quotient of, the year-by-year figures, its source and the query in words. Refuses a
    person who does not supervise the jurisdiction, and bad years or units naming the field.
    """
    require(rules.can_calibrate_from(actor, jurisdiction))
    first, last = checked_period(first_year, last_year)
    per_unit = checked_unit(unit)
    ledger = _ledger(jurisdiction, first, last)
    parameters: dict[str, Any] = {}
    for name, (source, group) in PARAMETER_SOURCES.items():
        by_year = ledger[source][group]
        # Returns are per contributing organisation-year, like the costs they answer.
        counted = ledger["costs"][group] if source == "returns" else by_year
        total = sum((entry[0] for entry in by_year.values()), Decimal("0"))
        count = sum(entry[1] for entry in counted.values())
        value = None
        if count and (by_year or source != "returns"):
            value = float((total / count / per_unit).quantize(PLACES))
        parameters[name] = {
            "value": value,
            "source": source,
            "group": GROUP_NAMES[group],
            "total_cny": _money_text(total),
            "count": count,
            "years": {
                str(year): {"total_cny": _money_text(entry[0]), "organizations": entry[1]}
                for year, entry in sorted(by_year.items())
            },
            "query": QUERIES[source].format(group=GROUP_NAMES[group], first=first, last=last),
        }
    for name in NOT_RECORDED:
        parameters[name] = {"value": None, "source": "not_recorded"}
    return {
        "jurisdiction": None
        if jurisdiction is None
        else {"code": jurisdiction.code, "name": jurisdiction.name_zh},
        "first_year": first,
        "last_year": last,
        "unit_cny": str(per_unit),
        "parameters": parameters,
    }


def calibrated_values(calibration: dict[str, Any]) -> dict[str, float]:
    """The parameters a calibration found a value for."""
    return {
        name: entry["value"]
        for name, entry in (calibration.get("parameters") or {}).items()
        if entry.get("value") is not None
    }


def years_of(calibration: dict[str, Any]) -> dict[str, list[tuple[str, str, int]]]:
    """Per parameter, its year-by-year figures as rows (for the page)."""
    out: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for name, entry in (calibration.get("parameters") or {}).items():
        for year, figures in (entry.get("years") or {}).items():
            out[name].append((year, figures["total_cny"], figures["organizations"]))
    return dict(out)


@dataclasses.dataclass(frozen=True)
class ParameterOrigin:
    """One parameter of a scenario: its value, the model's default, what calibration found
    (``calibrated``, with its record), and where the value used came from: ``"set"`` (by
    the supervisor), ``"calibrated"`` or ``"default"``."""

    name: str
    value: float
    default: float
    origin: str
    calibrated: float | None
    record: dict[str, Any] | None


def parameter_origins(
    defaults: dict[str, float], values: dict[str, float], calibration: dict[str, Any]
) -> list[ParameterOrigin]:
    """Each parameter of a scenario with where its value came from (in the model's order).

    ``calibration`` is a scenario's record (``{}`` for a scenario saved before calibration
    existed: then a value other than the default counts as set in the scenario)."""
    records = calibration.get("parameters") or {}
    explicit = calibration.get("overrides")
    rows = []
    for name, default in defaults.items():
        value = values.get(name, default)
        record = records.get(name)
        found = record.get("value") if record else None
        if explicit is not None:
            origin = "set" if name in explicit else "calibrated" if found is not None else "default"
        else:
            origin = "default" if value == default else "set"
        rows.append(ParameterOrigin(name, value, default, origin, found, record))
    return rows
