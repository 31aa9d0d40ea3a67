"""What needs a person, as the lines of its digest: the same figures its desk shows
(``selectors.desks_for``), keeping only what asks for action, plus the applications to
review and funds about to lapse of a supervisor's programmes (policy), the certification
paths in a supervisor's pool and the periodic confirmations falling due within 90 days or
overdue (a supervisor's, and an enterprise's own), and the annual reports to submit or to
accept (oversight).

Each line has a kind, a count, a sentence in the active language and a link. The home page
shows them; the digest e-mail sends them (``services.digests_send``).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.authz import policy as policy_rules
from iecommons.authz import reports as report_rules
from iecommons.common.money import format_money
from iecommons.desk.selectors import Desks, desks_for
from iecommons.oversight.models import AnnualReport
from iecommons.policy.models import Application, IncentiveProgramme
from iecommons.policy.selectors import certification as certification_selectors

#: A cycle deadline enters the digest this many days ahead.
DEADLINE_DAYS = 14
#: Funds enter the digest this many days before they lapse.
LAPSE_DAYS = 30

KINDS = (
    "cycle_deadline",
    "values_to_verify",
    "bookings_to_decide",
    "applications_to_review",
    "funds_lapsing",
    "certifications_to_decide",
    "confirmations_due",
    "own_confirmation_due",
    "rectification_due",
    "report_to_submit",
    "report_to_accept",
)


@dataclass(frozen=True)
class DigestLine:
    kind: str
    count: int
    text: str
    link: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _cycle_lines(desks: Desks) -> list[DigestLine]:
    lines: list[DigestLine] = []
    seen: set[int] = set()
    cycles = [line for desk in desks.community_desks for line in desk.cycles]
    if desks.supervisor:
        cycles += desks.supervisor.cycles
    for line in cycles:
        if line.cycle.pk in seen or not 0 <= line.days_left <= DEADLINE_DAYS:
            continue
        seen.add(line.cycle.pk)
        lines.append(
            DigestLine(
                "cycle_deadline",
                line.days_left,
                _("%(cycle)s: values due in %(days)d days (%(percent)d%% handed in).")
                % {"cycle": line.cycle, "days": line.days_left, "percent": line.progress.percent},
                reverse("assessment:cycle_detail", args=[line.cycle.pk]),
            )
        )
    if desks.expert:
        for expert_line in desks.expert.cycles:
            if expert_line.to_verify:
                lines.append(
                    DigestLine(
                        "values_to_verify",
                        expert_line.to_verify,
                        _("%(cycle)s: %(count)d values to verify.")
                        % {"cycle": expert_line.cycle, "count": expert_line.to_verify},
                        reverse("assessment:verification_queue", args=[expert_line.cycle.pk]),
                    )
                )
    return lines


def _community_lines(desks: Desks) -> list[DigestLine]:
    lines: list[DigestLine] = []
    bookings = sum(desk.bookings_to_decide for desk in desks.community_desks)
    if bookings:
        lines.append(
            DigestLine(
                "bookings_to_decide",
                bookings,
                _("%(count)d bookings to decide.") % {"count": bookings},
                reverse("collaboration:booking_to_decide"),
            )
        )
    for desk in desks.community_desks:
        due = desk.open_tasks + desk.overdue_tasks
        if due:
            lines.append(
                DigestLine(
                    "rectification_due",
                    due,
                    _("%(community)s: %(open)d rectification tasks open, %(overdue)d overdue.")
                    % {
                        "community": desk.community,
                        "open": desk.open_tasks,
                        "overdue": desk.overdue_tasks,
                    },
                    desk.overdue_tasks_url if desk.overdue_tasks else desk.open_tasks_url,
                )
            )
    if desks.supervisor and desks.supervisor.overdue_tasks:
        count = desks.supervisor.overdue_tasks
        lines.append(
            DigestLine(
                "rectification_due",
                count,
                _("%(count)d rectification tasks overdue in your jurisdiction.") % {"count": count},
                reverse("assessment:rectification_list") + "?status=overdue",
            )
        )
    return lines


def _policy_lines(user: Any, today: datetime.date) -> list[DigestLine]:
    managed = policy_rules.visible_managed_programmes(user, IncentiveProgramme.objects.all())
    lines: list[DigestLine] = []
    waiting = Application.objects.filter(
        programme__in=managed, status__in=Application.OPEN_STATES
    ).count()
    if waiting:
        lines.append(
            DigestLine(
                "applications_to_review",
                waiting,
                _("%(count)d incentive applications to review.") % {"count": waiting},
                reverse("policy:application_list"),
            )
        )
    lapsing = managed.filter(
        spend_by__gte=today, spend_by__lte=today + datetime.timedelta(days=LAPSE_DAYS)
    ).exclude(status=IncentiveProgramme.Status.LAPSED)
    for programme in lapsing.order_by("spend_by")[:10]:
        left = programme.budget - programme.disbursed
        if left <= 0:
            continue
        lines.append(
            DigestLine(
                "funds_lapsing",
                int(left),
                _("%(programme)s: %(amount)s CNY not yet disbursed lapses on %(date)s.")
                % {
                    "programme": programme.title,
                    "amount": format_money(left),
                    "date": programme.spend_by,
                },
                reverse("policy:programme_detail", args=[programme.pk]),
            )
        )
    return lines


def _certification_lines(user: Any, desks: Desks, today: datetime.date) -> list[DigestLine]:
    """A supervisor's pool and the confirmations due in its provinces; a representative's
    own certified enterprises whose confirmation nears or passed."""
    lines: list[DigestLine] = []
    paths = reverse("policy:certification_list")
    if desks.supervisor:
        counts = certification_selectors.managed_confirmations(user, today)
        if counts["pool"]:
            lines.append(
                DigestLine(
                    "certifications_to_decide",
                    counts["pool"],
                    _("%(count)d enterprises in the certification pool wait for a decision.")
                    % {"count": counts["pool"]},
                    paths + "?state=pool",
                )
            )
        if counts["due"] or counts["overdue"]:
            lines.append(
                DigestLine(
                    "confirmations_due",
                    counts["due"] + counts["overdue"],
                    _(
                        "%(due)d certified enterprises are due for confirmation within "
                        "%(days)d days; %(overdue)d are overdue."
                    )
                    % {
                        "due": counts["due"],
                        "days": certification_selectors.DUE_DAYS,
                        "overdue": counts["overdue"],
                    },
                    paths + ("?state=overdue" if counts["overdue"] else "?state=due"),
                )
            )
    for certification in certification_selectors.own_confirmations(user, today):
        due = certification.confirmation_due
        assert due is not None  # the selector keeps only dated confirmations
        lines.append(
            DigestLine(
                "own_confirmation_due",
                (due - today).days,
                (
                    _("%(enterprise)s: the certification's confirmation was due on %(date)s.")
                    if due < today
                    else _(
                        "%(enterprise)s: the certification's confirmation falls due on %(date)s."
                    )
                )
                % {"enterprise": certification.organization, "date": due.isoformat()},
                reverse("policy:certification_detail", args=[certification.pk]),
            )
        )
    return lines


def _report_lines(user: Any, desks: Desks, today: datetime.date) -> list[DigestLine]:
    """Last year's report of each of one's communities not yet submitted; for supervisors,
    the submitted reports waiting for their acceptance."""
    year = today.year - 1
    lines: list[DigestLine] = []
    community_ids = [desk.community.pk for desk in desks.community_desks]
    done = set(
        AnnualReport.objects.filter(community_id__in=community_ids, year=year)
        .exclude(status=AnnualReport.Status.DRAFT)
        .values_list("community_id", flat=True)
    )
    for desk in desks.community_desks:
        if desk.community.pk in done:
            continue
        lines.append(
            DigestLine(
                "report_to_submit",
                1,
                _("%(community)s: the annual quality report %(year)d is still to submit.")
                % {"community": desk.community, "year": year},
                reverse("reports:report_detail", args=[desk.community.pk, year]),
            )
        )
    if desks.supervisor:
        waiting = report_rules.visible_reports(
            user, AnnualReport.objects.filter(status=AnnualReport.Status.SUBMITTED)
        ).count()
        if waiting:
            lines.append(
                DigestLine(
                    "report_to_accept",
                    waiting,
                    _("%(count)d annual quality reports wait for your acceptance.")
                    % {"count": waiting},
                    reverse("reports:report_index"),
                )
            )
    return lines


def digest_lines(
    user: Any, *, today: datetime.date | None = None, desks: Desks | None = None
) -> list[DigestLine]:
    """Everything that needs ``user`` now, most pressing kinds first (``desks``: the
    person's desks when the caller has them already)."""
    today = today or timezone.localdate()
    desks = desks or desks_for(user)
    lines = [
        *_cycle_lines(desks),
        *_community_lines(desks),
        *_policy_lines(user, today),
        *_certification_lines(user, desks, today),
        *_report_lines(user, desks, today),
    ]
    order = {kind: index for index, kind in enumerate(KINDS)}
    return sorted(lines, key=lambda line: order[line.kind])
