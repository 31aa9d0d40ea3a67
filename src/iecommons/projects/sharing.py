"""Benefit and risk sharing: a project's sharing rule, and allocations made by it.

Three rules:

- proportional to contributions: each participant's part is its contributions' value over
  all contributions' value;
- negotiated fixed shares: percentages agreed per participant, summing to exactly 100;
- Shapley value: from a table of the value every coalition of participants would create
  on its own, each participant's average marginal contribution over all orders of
  joining (computed by :func:`iecommons.analytics.shapley_values`). The table must be
  complete and monotone (adding a member never lowers a coalition's value), so every
  value is non-negative and the amount can be split in proportion to them.

The amounts are rounded to the fen by :func:`iecommons.analytics.proportional_allocation`
(largest remainder), so they always add up to the amount shared.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from iecommons.accounts.selectors import representatives_of
from iecommons.authz import projects as project_rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.money import format_money
from iecommons.common.notifications import notify
from iecommons.common.services import refuse
from iecommons.projects.models import (
    AllocationShare,
    BenefitAllocation,
    Contribution,
    Participant,
    Project,
    SharingRule,
)
from iecommons.projects.services import MAX_MONEY

#: Largest group whose coalition table the API accepts (1,023 rows); the page offers 6.
MAX_TABLE_PARTICIPANTS = 10
UI_TABLE_PARTICIPANTS = 6
HUNDRED = Decimal(100)
CENT = Decimal("0.01")

Coalition = frozenset[int]


def coalition_key(members: Iterable[int]) -> str:
    """The stored key of a coalition: its participant ids, sorted, comma-separated."""
    return ",".join(str(member) for member in sorted(members))


def all_coalitions(ids: Sequence[int]) -> list[Coalition]:
    """Every non-empty coalition of ``ids``, smallest first, in a stable order."""
    return [
        frozenset(combination)
        for size in range(1, len(ids) + 1)
        for combination in itertools.combinations(ids, size)
    ]


def _names(participants: Sequence[Participant]) -> dict[int, str]:
    return {participant.pk: str(participant.organization) for participant in participants}


def _coalition_label(members: Iterable[int], names: Mapping[int, str]) -> str:
    return "{" + ", ".join(names.get(member, str(member)) for member in sorted(members)) + "}"


def _number(raw: Any, *, field: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise refuse(field, _("Expected a number, got “%(value)s”.") % {"value": raw}) from None
    if not value.is_finite():
        raise refuse(field, _("Expected a number, got “%(value)s”.") % {"value": raw})
    if abs(value) > MAX_MONEY:  # the columns hold 16 digits, 2 after the point
        raise refuse(field, _("The value is too large."))
    return value


# --- validation: one place for each rule's input -----------------------------------------------


def shares_check(
    shares: Mapping[int, Any], participants: Sequence[Participant], *, field: str
) -> dict[int, Decimal]:
    """Percentages for every participant, each from 0 to 100, summing to exactly 100."""
    names = _names(participants)
    cleaned: dict[int, Decimal] = {}
    for participant in participants:
        raw = shares.get(participant.pk)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            raise refuse(
                field,
                _("Give the share of %(name)s.") % {"name": names[participant.pk]},
            )
        value = _number(raw, field=field)
        if value < 0 or value > HUNDRED:
            raise refuse(
                field,
                _("The share of %(name)s is %(value)s%%: expected 0 to 100.")
                % {"name": names[participant.pk], "value": format(value.normalize(), "f")},
            )
        cleaned[participant.pk] = value
    unknown = set(shares) - set(names)
    if unknown:
        raise refuse(field, _("A share was given for someone who does not take part."))
    total = sum(cleaned.values(), Decimal(0))
    if total != HUNDRED:
        raise refuse(
            field,
            _("The shares add up to %(total)s%%; they must add up to exactly 100%%.")
            # As people write it: 90, 99.5 (never 9E+1).
            % {"total": format(total.normalize(), "f")},
        )
    return cleaned


def coalition_table_check(
    table: Mapping[Any, Any], participants: Sequence[Participant], *, field: str = "coalitions"
) -> dict[Coalition, Decimal]:
    """A complete, monotone table of coalition values with v(∅) = 0 and v(N) > 0.

    Keys are coalitions given as iterables of participant ids (or their stored
    comma-separated form). The refusal names the coalition that is missing or that
    breaks monotonicity.
    """
    ids = [participant.pk for participant in participants]
    names = _names(participants)
    if len(ids) < 2:
        raise refuse(field, _("The Shapley rule needs at least two participants."))
    if len(ids) > MAX_TABLE_PARTICIPANTS:
        raise refuse(
            field,
            _("A coalition table is limited to %(count)d participants.")
            % {"count": MAX_TABLE_PARTICIPANTS},
        )
    values: dict[Coalition, Decimal] = {}
    for key, raw in table.items():
        members = _parse_members(key, field=field)
        if not members <= set(ids):
            raise refuse(field, _("A coalition names someone who does not take part."))
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        value = _number(raw, field=field)
        if not members:
            if value != 0:
                raise refuse(field, _("The empty coalition is worth 0 by definition."))
            continue
        values[members] = value
    expected = all_coalitions(ids)
    missing = [coalition for coalition in expected if coalition not in values]
    if missing:
        raise refuse(
            field,
            _(
                "The value of coalition %(coalition)s is missing (%(count)d of %(total)d "
                "missing): every coalition of participants needs a value."
            )
            % {
                "coalition": _coalition_label(missing[0], names),
                "count": len(missing),
                "total": len(expected),
            },
        )
    for coalition in expected:
        if len(coalition) == 1 and values[coalition] < 0:
            raise refuse(
                field,
                _(
                    "Not monotone: %(coalition)s is worth %(value)s, less than the empty "
                    "coalition (0)."
                )
                % {"coalition": _coalition_label(coalition, names), "value": values[coalition]},
            )
        for member in ids:
            if member in coalition:
                continue
            larger = coalition | {member}
            if values[coalition] > values[larger]:
                raise refuse(
                    field,
                    _(
                        "Not monotone: %(smaller)s is worth %(small)s but %(larger)s is worth "
                        "only %(large)s; adding a member must not lower a coalition's value."
                    )
                    % {
                        "smaller": _coalition_label(coalition, names),
                        "small": values[coalition],
                        "larger": _coalition_label(larger, names),
                        "large": values[larger],
                    },
                )
    if values[frozenset(ids)] <= 0:
        raise refuse(field, _("The coalition of all participants must be worth more than zero."))
    return values


def _parse_members(key: Any, *, field: str) -> Coalition:
    if isinstance(key, str):
        parts = [part.strip() for part in key.split(",") if part.strip()]
    elif isinstance(key, int):
        parts = [str(key)]
    else:
        parts = [str(part) for part in key]
    try:
        return frozenset(int(part) for part in parts)
    except ValueError:
        raise refuse(field, _("A coalition must list participants.")) from None


# --- choosing the rule -------------------------------------------------------------------------


@transaction.atomic
def project_sharing_set(
    *,
    actor: Any,
    project: Project,
    benefit_rule: str,
    loss_rule: str = "",
    benefit_shares: Mapping[int, Any] | None = None,
    loss_shares: Mapping[int, Any] | None = None,
    coalition_values: Mapping[Any, Any] | None = None,
) -> Project:
    """Choose how the project shares benefits (and, optionally, losses differently), with
    the percentages or the coalition table the rule needs."""
    require(project_rules.can_edit_project(actor, project))
    if benefit_rule not in SharingRule.values:
        raise refuse("benefit_rule", _("Choose a rule from the list."))
    if loss_rule and loss_rule not in SharingRule.values:
        raise refuse("loss_rule", _("Choose a rule from the list."))
    participants = list(project.participants.select_related("organization").order_by("pk"))
    if not participants:
        raise refuse("benefit_rule", _("Add the participants first."))
    rules = {benefit_rule, loss_rule or benefit_rule}
    before = audit.snapshot(project)
    benefit = (
        shares_check(benefit_shares or {}, participants, field="benefit_shares")
        if benefit_rule == SharingRule.FIXED_SHARES
        else {}
    )
    loss = (
        shares_check(loss_shares or {}, participants, field="loss_shares")
        if loss_rule == SharingRule.FIXED_SHARES
        else {}
    )
    table: dict[Coalition, Decimal] = {}
    if SharingRule.SHAPLEY in rules:
        table = coalition_table_check(coalition_values or {}, participants)
    for participant in participants:
        participant.benefit_share = benefit.get(participant.pk)
        participant.loss_share = loss.get(participant.pk)
    Participant.objects.bulk_update(participants, ["benefit_share", "loss_share"])
    project.benefit_rule = benefit_rule
    project.loss_rule = loss_rule if loss_rule != benefit_rule else ""
    project.coalition_values = {
        coalition_key(coalition): str(value) for coalition, value in table.items()
    }
    project.save(update_fields=["benefit_rule", "loss_rule", "coalition_values", "updated_at"])
    audit.record(actor=actor, instance=project, operation="project_sharing_set", before=before)
    return project


# --- allocating --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Computed:
    """What a rule gives: each participant's basis, fraction and amount, and the inputs."""

    basis: dict[int, Decimal]
    fractions: dict[int, Decimal]
    amounts: dict[int, Decimal]
    inputs: dict[str, Any]


def split_amount(
    amount: Decimal, weights: dict[int, Decimal]
) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """Fractions and amounts (to the fen, adding up to ``amount``) in proportion to
    non-negative ``weights``, by the analytics core's proportional allocation."""
    from iecommons.analytics import proportional_allocation

    ids = list(weights)
    result = proportional_allocation(
        float(amount), [float(weights[pid]) for pid in ids], decimals=2
    )
    amounts = {pid: Decimal(f"{value:.2f}") for pid, value in zip(ids, result.amounts, strict=True)}
    # The analytics core rounds in floating point; make the fen add up exactly.
    drift = amount - sum(amounts.values(), Decimal(0))
    if drift:
        largest = max(ids, key=lambda pid: abs(amounts[pid]))
        amounts[largest] += drift
    fractions = {
        pid: Decimal(f"{value:.6f}") for pid, value in zip(ids, result.shares, strict=True)
    }
    return fractions, amounts


def allocation_compute(project: Project, amount: Decimal) -> Computed:
    """Shares of ``amount`` under the project's rule for its sign; refuses when the rule's
    inputs are missing or no longer fit the participants."""
    participants = list(project.participants.select_related("organization").order_by("pk"))
    if not participants:
        raise refuse("amount", _("The project has no participants to share with."))
    is_loss = amount < 0
    rule = project.effective_loss_rule if is_loss else project.benefit_rule
    names = _names(participants)
    inputs: dict[str, Any] = {
        "rule": rule,
        "loss": is_loss,
        "participants": [
            {"id": p.pk, "organization_id": p.organization_id, "name": names[p.pk]}
            for p in participants
        ],
    }
    basis: dict[int, Decimal]
    if rule == SharingRule.PROPORTIONAL:
        totals = dict(
            Contribution.objects.filter(participant__project=project)
            .values_list("participant_id")
            .annotate(total=Sum("value"))
            .values_list("participant_id", "total")
        )
        basis = {p.pk: Decimal(totals.get(p.pk) or 0).quantize(CENT) for p in participants}
        if not any(basis.values()):
            raise refuse(
                "amount",
                _("No contributions are recorded yet: the proportional rule has nothing to go by."),
            )
        inputs["contributions"] = {str(pid): str(value) for pid, value in basis.items()}
    elif rule == SharingRule.FIXED_SHARES:
        separate_loss = is_loss and project.loss_rule == SharingRule.FIXED_SHARES
        field = "loss_shares" if separate_loss else "benefit_shares"
        raw = {p.pk: (p.loss_share if separate_loss else p.benefit_share) for p in participants}
        if any(value is None for value in raw.values()):
            raise refuse(
                field,
                _("Not every participant has an agreed share: set the sharing rule again."),
            )
        basis = shares_check(raw, participants, field=field)
        inputs["shares"] = {str(pid): str(value) for pid, value in basis.items()}
    elif rule == SharingRule.SHAPLEY:
        from iecommons.analytics import shapley_values

        table = coalition_table_check(project.coalition_values, participants)
        ids = [p.pk for p in participants]
        result = shapley_values(
            {tuple(sorted(coalition)): float(value) for coalition, value in table.items()},
            players=ids,
            method="exact",
        )
        basis = {
            pid: Decimal(f"{value:.6f}") for pid, value in zip(ids, result.values, strict=True)
        }
        inputs["coalitions"] = [
            {
                "members": sorted(coalition),
                "names": [names[pid] for pid in sorted(coalition)],
                "value": str(table[coalition]),
            }
            for coalition in all_coalitions(ids)
        ]
        inputs["shapley_values"] = {str(pid): str(value) for pid, value in basis.items()}
        inputs["grand_value"] = str(table[frozenset(ids)])
        inputs["method"] = result.method
    else:  # pragma: no cover - the field's choices exclude it
        raise refuse("rule", _("Unknown sharing rule."))
    fractions, amounts = split_amount(amount, basis)
    return Computed(basis=basis, fractions=fractions, amounts=amounts, inputs=inputs)


@transaction.atomic
def allocation_create(
    *,
    actor: Any,
    project: Project,
    amount: Any,
    date: datetime.date | None,
    description: str,
    supersedes: BenefitAllocation | None = None,
) -> BenefitAllocation:
    """Share ``amount`` (negative for a loss) among the participants by the project's rule
    and keep how it was computed. ``supersedes`` replaces an earlier allocation, which
    stays on record but no longer counts."""
    require(project_rules.can_edit_project(actor, project))
    if amount is None or (isinstance(amount, str) and not amount.strip()):
        raise refuse("amount", _("Give the amount to share."))
    value = _number(amount, field="amount").quantize(CENT)
    if value == 0:
        raise refuse("amount", _("The amount cannot be zero."))
    if date is None:
        raise refuse("date", _("Give the date."))
    text = (description or "").strip()
    if not text:
        raise refuse("description", _("Say what is shared (e.g. licence income 2025)."))
    if supersedes is not None:
        if supersedes.project_id != project.pk:
            raise refuse("supersedes", _("Choose an allocation of this project."))
        if supersedes.superseded_by_id is not None:
            raise refuse("supersedes", _("That allocation has already been superseded."))
    computed = allocation_compute(project, value)
    allocation = BenefitAllocation.objects.create(
        project=project,
        description=text[:200],
        amount=value,
        date=date,
        rule=computed.inputs["rule"],
        inputs=computed.inputs,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    organization_of = {p["id"]: p["organization_id"] for p in computed.inputs["participants"]}
    AllocationShare.objects.bulk_create(
        [
            AllocationShare(
                allocation=allocation,
                participant_id=pid,
                organization_id=organization_of[pid],
                basis=computed.basis[pid],
                fraction=computed.fractions[pid],
                amount=computed.amounts[pid],
                year=date.year,
            )
            for pid in computed.basis
        ]
    )
    audit.record(actor=actor, instance=allocation, operation="allocation_create")
    notify(
        recipients=representatives_of(organization_of.values()),
        subject=_("An amount of ¥%(amount)s was allocated in “%(title)s”")
        % {"amount": format_money(value), "title": project.title},
        link=f"/projects/{project.pk}/#allocation-{allocation.pk}",
    )
    if supersedes is not None:
        before = audit.snapshot(supersedes)
        supersedes.superseded_by = allocation
        supersedes.save(update_fields=["superseded_by"])
        supersedes.shares.update(current=False)
        audit.record(
            actor=actor, instance=supersedes, operation="allocation_supersede", before=before
        )
    return allocation


def allocation_explanation(allocation: BenefitAllocation) -> str:
    """How the shares of ``allocation`` were computed, in a sentence or two."""
    inputs = allocation.inputs or {}
    lead = _("This is a loss, shared by the project's loss rule. ") if allocation.amount < 0 else ""
    if allocation.rule == SharingRule.PROPORTIONAL:
        total = sum((Decimal(v) for v in inputs.get("contributions", {}).values()), Decimal(0))
        return lead + _(
            "Proportional to contributions: each participant receives the amount × its "
            "contributions' value ÷ all contributions' value (¥%(total)s in all)."
        ) % {"total": f"{total:,.2f}"}
    if allocation.rule == SharingRule.FIXED_SHARES:
        return lead + _(
            "Negotiated fixed shares: each participant receives the amount × the percentage "
            "the participants agreed; the percentages add up to 100%."
        )
    return lead + _(
        "Shapley value: average marginal contribution over all orders of joining. For every "
        "order in which the participants could join, each participant adds some value to "
        "the coalition it joins; its Shapley value φ is the average of these additions over "
        "all orders, and the values add up to what all participants create together "
        "(v(N) = %(grand)s). The amount is split in proportion to φ."
    ) % {"grand": inputs.get("grand_value", "")}
