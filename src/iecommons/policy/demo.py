"""Demo policy data: certified enterprises with investment histories, a national and two
provincial incentive programmes with applications in every state and a ledger with a lapse,
policy documents with their measures' implementation, demonstration selections from the
2025 published run (:mod:`~iecommons.policy.demo_demonstration`: a final national list and a
provincial one under notice, each with an objection answered), and two saved policy-lab
scenarios (one calibrated from the national ledgers).

Everything with a rule goes through the services a person would use (programmes, applying,
reviews, decisions, appeals, disbursements, returns, the lapse and its alert, criteria,
scenarios), so the demo's ledger and audit trail are what the platform itself writes; only
the bulk of certifications and investment years is inserted with ``bulk_create``.

- The national programme is open now (its window is around the day the demo is seeded), so
  the demo member account sees why it is eligible and can apply.
- The Jiangsu programme of 2025 closed, was awarded and partly paid, and lapsed at the end
  of 2025: its ledger ends with the lapse.
- The second provincial programme (Guangdong where it has communities) must be spent within
  three weeks, so its lapse alert has been raised.
- A national policy document (the 2023–2025 action plan) and a provincial one, broken into
  measures, each reported done, in progress or not at all by the provinces (or cities).

Deterministic for a given ``rng`` (apart from the dates tied to the seeding day).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from iecommons.accounts.models import Role, RoleAssignment, User
from iecommons.policy.demo_demonstration import seed_demonstrations
from iecommons.policy.demo_documents import seed_documents
from iecommons.policy.eligibility import check_conditions
from iecommons.policy.models import (
    Application,
    Certification,
    CertificationCriteria,
    CertificationEvent,
    IncentiveProgramme,
    InvestmentYear,
)
from iecommons.policy.selectors.facts import (
    evaluate_candidates,
    gather_facts,
    programme_memberships,
)
from iecommons.policy.services import ledger
from iecommons.policy.services import programmes as services
from iecommons.policy.services.certification import criteria_publish
from iecommons.policy.services.scenario_runs import scenario_execute
from iecommons.policy.services.scenarios import scenario_create
from iecommons.projects.models import Contribution
from iecommons.registry.models import Community, Membership, Organization, Region

#: Certified enterprises in the demo (the issue's figure), plus some in the pool and ended.
CERTIFIED = 200
IN_POOL = 30
INVESTMENT_YEARS = (2022, 2023, 2024, 2025)
#: The demo member account's enterprise: certified, with a history that carries forward.
MEMBER_ENTERPRISE = "中车戚墅堰机车有限公司"

CRITERIA_ITEMS = [
    {"code": "1", "text": "近三年累计投入职业教育资金、设备、场地等不少于规定数额"},
    {"code": "2", "text": "与职业院校共建专业、课程、教材或实训基地，开展订单班或现代学徒制培养"},
    {"code": "3", "text": "每年接收职业院校学生实习实训，并安排企业导师指导"},
    {"code": "4", "text": "参与职业院校教师企业实践和“双师型”教师培养"},
    {"code": "5", "text": "近三年无重大安全、环保、质量事故和严重失信记录"},
]

#: What a pool enterprise ready for a decision answered, criterion by criterion.
POOL_EVIDENCE = {
    "1": "2022—2024 年累计投入职业教育资金 1,260 万元，附审计报告和设备移交清单",
    "2": "与两所高职院校共建智能制造专业群，开设订单班 3 个，附合作协议",
    "3": "每年接收岗位实习学生 120 余人，配备企业导师 18 名，附实习台账",
    "4": "接收合作院校教师企业实践 26 人次，附实践考核记录",
    "5": "信用中国查询无严重失信记录，近三年无重大安全、环保、质量事故",
}

NATIONAL_CONDITIONS = [
    {"fact": "certified", "op": "is", "value": True},
    {"fact": "organization_type", "op": "is", "value": "enterprise"},
    {"fact": "membership_years", "op": ">=", "value": 2},
]
PROVINCIAL_CONDITIONS = [
    {"fact": "certified", "op": "is", "value": True},
    {"fact": "organization_type", "op": "is", "value": "enterprise"},
    {"fact": "membership_years", "op": ">=", "value": 1},
]

PURPOSES = [
    "共建智能制造产业学院实训中心，购置工业机器人实训设备",
    "与合作院校开展现代学徒制订单班培养，支付企业导师带徒津贴",
    "建设校企共享的数控加工生产性实训基地",
    "联合开发新形态活页式教材与在线课程资源",
    "接收职业院校学生岗位实习并配备专职指导人员",
    "选派技术骨干到合作院校任兼职教师，开展“双师型”教师培训",
]
#: The member account's enterprise, year: (investment, VAT paid). The 2022 offset exceeds
#: that year's surcharges (30 % of 5,000,000 against 5 % of 8,000,000) and carries forward.
MEMBER_HISTORY = {
    2022: (Decimal("5000000.00"), Decimal("8000000.00")),
    2023: (Decimal("1200000.00"), Decimal("15000000.00")),
    2024: (Decimal("800000.00"), Decimal("16500000.00")),
    2025: (Decimal("2000000.00"), Decimal("18000000.00")),
}
REASONS_AWARD = [
    "投入真实、方案可行，实训基地服务区域内多所院校，予以支持。",
    "校企合作基础扎实，现代学徒制成效明显，按评审意见核定金额。",
    "项目与产业需求契合度高，绩效目标明确。",
]
REASON_REJECT = "申报材料中投入凭证不完整，合作院校的培养方案未落实到专业。"
REASON_APPEAL = "已补充设备采购发票和与合作院校签订的三年培养协议。"
REASON_APPEAL_REJECTED = "复核后认为补充材料仍不能证明投入用于职业教育，维持原决定。"


@dataclass(frozen=True)
class Actors:
    """Who opens, reviews and decides: a national supervisor, the supervisor of the
    first province, and an operator for the second province (no demo account there)."""

    operator: Any
    national: Any
    first_province: Any


def _round(rng: random.Random, low: int, high: int, step: int = 10_000) -> Decimal:
    return Decimal(rng.randrange(low // step, high // step + 1) * step).quantize(Decimal("0.01"))


def _enterprise_memberships() -> Any:
    return Membership.objects.filter(
        left__isnull=True, organization__type=Organization.Type.ENTERPRISE
    )


def _choose_enterprises(rng: random.Random, provinces: Sequence[Region]) -> list[Organization]:
    """Enterprises to certify: the member account's, those of the two provinces' communities
    first (so the programmes have applicants), then others, :data:`CERTIFIED` + pool."""
    wanted = CERTIFIED + IN_POOL
    first = list(
        Organization.objects.filter(
            pk__in=_enterprise_memberships()
            .filter(community__province__in=provinces)
            .values("organization_id")
        ).order_by("pk")
    )
    rng.shuffle(first)
    chosen = first[: wanted * 2 // 3]
    taken = {organization.pk for organization in chosen}
    others = list(
        Organization.objects.filter(pk__in=_enterprise_memberships().values("organization_id"))
        .exclude(pk__in=taken)
        .order_by("pk")
        .values_list("pk", flat=True)[:5000]
    )
    rest = rng.sample(others, min(len(others), wanted - len(chosen)))
    chosen += list(Organization.objects.filter(pk__in=rest).order_by("pk"))
    member = Organization.objects.filter(name=MEMBER_ENTERPRISE).first()
    if member is not None and member.pk not in {o.pk for o in chosen}:
        chosen.insert(0, member)
    elif member is not None:
        chosen.remove(next(o for o in chosen if o.pk == member.pk))
        chosen.insert(0, member)
    return chosen[:wanted]


def _certify(
    rng: random.Random, actors: Actors, enterprises: Sequence[Organization], today: datetime.date
) -> dict[str, int]:
    regions = {region.pk: region for region in Region.objects.select_related("parent")}
    provinces = {regions[organization.region_id].province.pk for organization in enterprises}
    criteria = {
        province_id: criteria_publish(
            actor=actors.operator, province=regions[province_id], items=CRITERIA_ITEMS
        )
        for province_id in sorted(provinces)
    }
    certifications, years = [], []
    for index, organization in enumerate(enterprises):
        province = regions[organization.region_id].province
        entered = datetime.date(rng.randint(2019, 2023), rng.randint(1, 12), 1)
        row = Certification(
            organization=organization,
            province=province,
            criteria=criteria[province.pk],
            pool_entered=entered,
            evidence={item["code"]: "已提交佐证材料（见附件）" for item in CRITERIA_ITEMS},
        )
        if index < CERTIFIED:
            certified = (entered + datetime.timedelta(days=rng.randint(120, 540))).replace(day=1)
            due = certified.replace(year=certified.year + 3)
            while due < today:
                due = due.replace(year=due.year + 3)
            row.status, row.certified_on, row.confirmation_due = (
                Certification.Status.CERTIFIED,
                certified,
                due,
            )
            row.decision_reason = "经材料审核和现场核查，符合产教融合型企业认定条件。"
            row.decided_on = certified
            years += _investment_years(rng, organization, first=index == 0)
        elif index < CERTIFIED + IN_POOL - 15:
            # In the pool with every criterion answered: ready for a decision.
            row.evidence = {item["code"]: POOL_EVIDENCE[item["code"]] for item in CRITERIA_ITEMS}
        elif index < CERTIFIED + IN_POOL - 5:
            row.evidence = {"1": "已提交投入凭证", "2": "校企合作协议"}
        elif index < CERTIFIED + IN_POOL - 2:
            row.status = Certification.Status.REJECTED
            row.decision_reason = "近三年职业教育投入未达到规定数额。"
            row.decided_on = entered + datetime.timedelta(days=200)
        else:
            row.status = Certification.Status.WITHDRAWN
            row.decision_reason = "企业撤回职业教育投入，取消认定并追回已抵免的教育费附加。"
            row.certified_on = (entered + datetime.timedelta(days=180)).replace(day=1)
            row.decided_on = max(row.certified_on, min(today, datetime.date(2025, 12, 1)))
            years += _investment_years(rng, organization, first=False, withdraw=True)
        certifications.append(row)
    _confirmations_falling_due(certifications[:CERTIFIED], today)
    with transaction.atomic():
        Certification.objects.bulk_create(certifications)
        InvestmentYear.objects.bulk_create(years)
        CertificationEvent.objects.bulk_create(
            event for row in certifications for event in _path_events(row)
        )
    certified_count = sum(row.status == Certification.Status.CERTIFIED for row in certifications)
    return {
        "criteria versions": len(criteria),
        "certified enterprises": certified_count,
        "certifications in the pool or ended": len(certifications) - certified_count,
        "investment years": len(years),
    }


def _confirmations_falling_due(certified: Sequence[Certification], today: datetime.date) -> None:
    """The member account's enterprise is due for its periodic confirmation in 60 days (its
    desk and page say so); another enterprise of its province is 20 days overdue."""
    if not certified:
        return
    member = certified[0]
    member.confirmation_due = today + datetime.timedelta(days=60)
    member.certified_on = member.decided_on = min(
        member.certified_on or today, today - datetime.timedelta(days=300)
    )
    overdue = next((row for row in certified[1:] if row.province_id == member.province_id), None)
    if overdue is not None:
        overdue.confirmation_due = today - datetime.timedelta(days=20)
        if overdue.certified_on and overdue.certified_on > overdue.confirmation_due:
            overdue.certified_on = overdue.decided_on = overdue.confirmation_due.replace(
                year=overdue.confirmation_due.year - 3, day=1
            )


def _path_events(row: Certification) -> list[CertificationEvent]:
    """The steps the path went through, as the services would have recorded them."""
    events = [
        CertificationEvent(
            certification=row, kind=CertificationEvent.Kind.ENTERED, on=row.pool_entered
        )
    ]
    if row.certified_on is not None:
        events.append(
            CertificationEvent(
                certification=row,
                kind=CertificationEvent.Kind.CERTIFIED,
                on=row.certified_on,
                reason=row.decision_reason,
            )
        )
    ended = {
        Certification.Status.REJECTED: CertificationEvent.Kind.REJECTED,
        Certification.Status.WITHDRAWN: CertificationEvent.Kind.WITHDRAWN,
    }.get(Certification.Status(row.status))
    if ended is not None:
        events.append(
            CertificationEvent(
                certification=row,
                kind=ended,
                on=row.decided_on or row.pool_entered,
                reason=row.decision_reason,
            )
        )
    return events


def _investment_years(
    rng: random.Random, organization: Organization, *, first: bool, withdraw: bool = False
) -> list[InvestmentYear]:
    """Four years of investment and taxes. The member account's enterprise gets a history
    whose offset carries forward (large investment, modest taxes in the first year)."""
    rows = []
    for year in INVESTMENT_YEARS:
        if first:
            investment, vat = MEMBER_HISTORY[year]
            consumption = Decimal("0")
        else:
            investment = _round(rng, 200_000, 6_000_000)
            vat = _round(rng, 1_000_000, 40_000_000)
            consumption = _round(rng, 0, 2_000_000) if rng.random() < 0.15 else Decimal("0")
        withdrawn = Decimal("0")
        if withdraw and year == INVESTMENT_YEARS[-1]:
            withdrawn = (investment / 2).quantize(Decimal("0.01"))
        rows.append(
            InvestmentYear(
                organization=organization,
                year=year,
                investment=investment.quantize(Decimal("0.01")),
                withdrawn=withdrawn,
                vat_paid=vat.quantize(Decimal("0.01")),
                consumption_tax_paid=consumption.quantize(Decimal("0.01")),
                source="企业年度职业教育投入台账与纳税申报表",
            )
        )
    return rows


# ------------------------------------------------------------------ programmes


def _representative(organization: Organization) -> Any:
    """The person who applies for ``organization``: the demo member account for its own
    enterprise, otherwise a representative account that cannot sign in (no password)."""
    existing = (
        User.objects.filter(
            role_assignments__role=Role.MEMBER,
            role_assignments__organization=organization,
            role_assignments__ended_at__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    user = User.objects.create_user(f"rep-{organization.credit_code.lower()}", password=None)
    RoleAssignment.objects.create(user=user, role=Role.MEMBER, organization=organization)
    return user


def _analyze_seeded_tables() -> None:
    """On PostgreSQL, give the planner the statistics of what was just seeded: inside the
    seeding transaction autovacuum cannot see the rows, the tables look empty and the
    facts' subqueries got nested loops that ran for minutes (ANALYZE counts the
    transaction's own rows)."""
    if connection.vendor != "postgresql":
        return
    tables = [
        model._meta.db_table
        for model in (Membership, Community, Organization, Contribution, Certification)
    ]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def _eligible(
    programme: IncentiveProgramme, certified_ids: set[int], exclude: set[int]
) -> list[Membership]:
    """Active memberships through which a certified enterprise is eligible, one per
    enterprise, in a fixed order."""
    memberships = programme_memberships(programme).filter(
        organization_id__in=certified_ids, organization__type=Organization.Type.ENTERPRISE
    )
    _analyze_seeded_tables()
    candidates = gather_facts(memberships)
    evaluation = evaluate_candidates(check_conditions(programme.conditions), candidates)
    seen: set[int] = set(exclude)
    pairs = []
    for index, eligible in enumerate(evaluation.eligible):
        organization_id = candidates.organization_ids[index]
        if eligible and organization_id not in seen:
            seen.add(organization_id)
            pairs.append((organization_id, candidates.community_ids[index]))
    found = {
        (m.organization_id, m.community_id): m
        for m in Membership.objects.filter(
            left__isnull=True, organization_id__in=[p[0] for p in pairs]
        ).select_related("organization", "community")
    }
    return [found[pair] for pair in pairs if pair in found]


def _applications(
    rng: random.Random,
    *,
    programme: IncentiveProgramme,
    reviewer: Any,
    memberships: Sequence[Membership],
    states: Sequence[str],
    submitted_on: datetime.date,
    paid_share: Sequence[str],
) -> dict[str, int]:
    """One application per state in ``states``, taken as far as that state through the
    services; awards are paid the shares in ``paid_share`` in turn ("1", "0.5", "0")."""
    counts: dict[str, int] = {}
    awarded = 0
    top = int(programme.max_award or programme.budget / 10)
    for membership, state in zip(memberships, states, strict=False):
        representative = _representative(membership.organization)
        application = services.application_submit(
            actor=representative,
            programme=programme,
            organization=membership.organization,
            community=membership.community,
            amount_requested=_round(rng, top // 5, top),
            purpose=rng.choice(PURPOSES),
            today=submitted_on,
        )
        counts[state] = counts.get(state, 0) + 1
        if state == Application.Status.SUBMITTED:
            continue
        if state == Application.Status.WITHDRAWN:
            services.application_withdraw(actor=representative, application=application)
            continue
        services.application_review(
            actor=reviewer,
            application=application,
            score=rng.randint(62, 95) if state == Application.Status.AWARDED else 55,
            reason="材料齐全，投入与合作成效可核实。"
            if state == Application.Status.AWARDED
            else "合作内容较为笼统，投入凭证不足。",
        )
        if state == Application.Status.UNDER_REVIEW:
            continue
        if state == Application.Status.AWARDED:
            amount = application.amount_requested * Decimal(rng.choice(["0.8", "0.9", "1"]))
            amount = amount.quantize(Decimal("1")).quantize(Decimal("0.01"))
            services.application_decide(
                actor=reviewer,
                application=application,
                award=True,
                amount=amount,
                reason=rng.choice(REASONS_AWARD),
            )
            share = Decimal(paid_share[awarded % len(paid_share)])
            awarded += 1
            if share > 0:
                ledger.disbursement_record(
                    actor=reviewer,
                    application=application,
                    amount=(amount * share).quantize(Decimal("0.01")),
                    note="按项目进度拨付",
                )
            continue
        services.application_decide(
            actor=reviewer, application=application, award=False, reason=REASON_REJECT
        )
        if state == Application.Status.REJECTED:
            continue
        services.application_appeal(
            actor=representative, application=application, reason=REASON_APPEAL
        )
        if state == Application.Status.APPEAL_REJECTED:
            services.application_decide(
                actor=reviewer,
                application=application,
                award=False,
                reason=REASON_APPEAL_REJECTED,
            )
    return counts


ALL_STATES = [
    Application.Status.AWARDED,
    Application.Status.AWARDED,
    Application.Status.AWARDED,
    Application.Status.UNDER_REVIEW,
    Application.Status.UNDER_REVIEW,
    Application.Status.SUBMITTED,
    Application.Status.SUBMITTED,
    Application.Status.SUBMITTED,
    Application.Status.REJECTED,
    Application.Status.APPEALED,
    Application.Status.APPEAL_REJECTED,
    Application.Status.WITHDRAWN,
]


def _second_province(first: Region) -> Region | None:
    """Guangdong if it has active communities, else the province with the most."""
    provinces = (
        Community.objects.filter(status=Community.Status.ACTIVE)
        .exclude(province=first)
        .exclude(province__isnull=True)
        .values_list("province_id", "province__code")
    )
    codes = {code: pk for pk, code in provinces}
    if "440000" in codes:
        return Region.objects.get(pk=codes["440000"])
    if not codes:
        return None
    counted: dict[int, int] = {}
    for pk, _code in provinces:
        counted[pk] = counted.get(pk, 0) + 1
    return Region.objects.get(pk=max(sorted(counted), key=lambda pk: counted[pk]))


def _programmes(
    rng: random.Random,
    actors: Actors,
    first: Region,
    second: Region | None,
    certified_ids: set[int],
    member_ids: set[int],
    today: datetime.date,
) -> dict[str, int]:
    counts: dict[str, int] = {}

    def add(more: dict[str, int]) -> None:
        for key, value in more.items():
            counts[key] = counts.get(key, 0) + value

    # The national programme: open around the seeding day; the demo member may still apply.
    national = services.programme_create(
        actor=actors.national,
        title=f"{today.year}年度产教融合型企业奖补资金",
        kind=IncentiveProgramme.Kind.AWARD,
        jurisdiction=None,
        budget="50000000.00",
        max_award="2000000.00",
        opens=today - datetime.timedelta(days=40),
        deadline=today + datetime.timedelta(days=50),
        spend_by=today + datetime.timedelta(days=400),
        conditions=NATIONAL_CONDITIONS,
        description="支持产教融合型企业与职业院校共建实训基地、开展现代学徒制和订单培养。"
        "按评审得分和实际投入核定奖补金额。",
    )
    add(
        _applications(
            rng,
            programme=national,
            reviewer=actors.national,
            memberships=_eligible(national, certified_ids, exclude=member_ids),
            states=ALL_STATES,
            submitted_on=today - datetime.timedelta(days=20),
            paid_share=["1", "0.5", "0"],
        )
    )
    # The first province's programme of 2025: awarded, partly paid, one award partly
    # returned, and the rest lapsed at the end of the year.
    provincial = services.programme_create(
        actor=actors.first_province,
        title=f"{first.name_zh}2025年产教融合专项资金",
        kind=IncentiveProgramme.Kind.SPECIAL_FUND,
        jurisdiction=first,
        budget="12000000.00",
        max_award="1500000.00",
        opens=datetime.date(2025, 1, 10),
        deadline=datetime.date(2025, 3, 31),
        spend_by=datetime.date(2025, 12, 31),
        conditions=PROVINCIAL_CONDITIONS,
        description="省级财政安排，用于支持市域产教联合体和行业产教融合共同体成员企业的校企合作项目。"
        "资金须在当年年底前拨付完毕，逾期未拨付部分收回。",
    )
    applicants = _eligible(provincial, certified_ids, exclude=set())
    # The member account's enterprise applies here first, so that it has an award to read.
    applicants.sort(key=lambda m: m.organization_id not in member_ids)
    add(
        _applications(
            rng,
            programme=provincial,
            reviewer=actors.first_province,
            memberships=applicants,
            states=[
                Application.Status.AWARDED,
                Application.Status.AWARDED,
                Application.Status.AWARDED,
                Application.Status.AWARDED,
                Application.Status.REJECTED,
                Application.Status.APPEAL_REJECTED,
            ],
            submitted_on=datetime.date(2025, 2, 20),
            paid_share=["0.5", "1", "0.6", "0"],
        )
    )
    paid = (
        Application.objects.filter(programme=provincial, amount_disbursed__gt=0)
        .order_by("pk")
        .last()
    )
    if paid is not None:
        ledger.fund_return(
            actor=actors.first_province,
            application=paid,
            amount=(paid.amount_disbursed / 4).quantize(Decimal("0.01")),
            note="项目验收时核减未按规定使用的资金，予以收回",
        )
    ledger.programme_lapse(programme_id=provincial.pk, today=provincial.spend_by)
    if second is not None:
        # The second province's programme: closed, awarded, and to be spent within three
        # weeks with money still unpaid: its lapse alert has gone out.
        closing = services.programme_create(
            actor=actors.operator,
            title=f"{second.name_zh}产教融合实训基地建设补助",
            kind=IncentiveProgramme.Kind.SUBSIDY,
            jurisdiction=second,
            budget="8000000.00",
            max_award="1000000.00",
            opens=today - datetime.timedelta(days=200),
            deadline=today - datetime.timedelta(days=120),
            spend_by=today + datetime.timedelta(days=21),
            conditions=PROVINCIAL_CONDITIONS,
            description="补助企业在职业院校内建设生产性实训基地的设备购置和场地改造。",
        )
        add(
            _applications(
                rng,
                programme=closing,
                reviewer=actors.operator,
                memberships=_eligible(closing, certified_ids, exclude=set()),
                states=[
                    Application.Status.AWARDED,
                    Application.Status.AWARDED,
                    Application.Status.AWARDED,
                    Application.Status.UNDER_REVIEW,
                    Application.Status.REJECTED,
                ],
                submitted_on=today - datetime.timedelta(days=150),
                paid_share=["0.4", "0", "1"],
            )
        )
        services.programme_close(actor=actors.operator, programme=closing)
        # Recorded as the owner's notification; mailing it would print the message on the
        # console of `make run` (the embedded default's mail backend) while it seeds.
        ledger.lapse_alerts_send(today=today, email=False)
    counts["programmes"] = IncentiveProgramme.objects.count()
    return counts


# ------------------------------------------------------------------ scenarios

#: The demo's scenarios: (title, document, calibrated from the national ledgers).
SCENARIOS = [
    (
        "全国平台数据校准：现行补贴与惩罚",
        {"t_end": 60, "points": 121, "start": [0.3, 0.4, 0.5]},
        True,
    ),
    (
        "补贴 × 惩罚扫描：企业深度参与的政策组合",
        {
            "parameters": {"C_e": 4.5},
            "start": [0.5, 0.3, 0.5],
            "t_end": 60,
            "sweep": {
                "first": {"parameter": "S_e", "from": 0, "to": 5, "count": 21},
                "second": {"parameter": "F_e", "from": 0, "to": 5, "count": 21},
                "t_end": 100,
            },
        },
        False,
    ),
]


def _scenarios(actors: Actors) -> int:
    """Run by the seed itself (no worker yet); the first is calibrated from the national
    ledgers the demo has just written (the last three years of contributions, allocations
    and awards)."""
    for title, document, calibrate in SCENARIOS:
        scenario = scenario_create(
            actor=actors.national,
            title=title,
            document=document,
            calibrate=calibrate,
            enqueue=False,
        )
        scenario_execute(scenario_id=scenario.pk)
    return len(SCENARIOS)


# ------------------------------------------------------------------ entry point


def seed_policy(
    *, rng: random.Random, actors: Actors, today: datetime.date | None = None
) -> dict[str, int]:
    """Seed the policy demo on top of the registry (and, where seeded, the assessment)."""
    today = today or timezone.localdate()
    rail = Community.objects.filter(level=Community.Level.NATIONAL).order_by("pk").first()
    if rail is not None and rail.province is not None:
        first = rail.province
    else:
        first = Region.objects.get(code="320000")
    second = _second_province(first)
    provinces = [first] if second is None else [first, second]
    enterprises = _choose_enterprises(rng, provinces)
    counts = _certify(rng, actors, enterprises, today)
    certified_ids = set(
        Certification.objects.filter(status=Certification.Status.CERTIFIED).values_list(
            "organization_id", flat=True
        )
    )
    member_ids = set(
        Organization.objects.filter(name=MEMBER_ENTERPRISE).values_list("pk", flat=True)
    )
    counts.update(_programmes(rng, actors, first, second, certified_ids, member_ids, today))
    counts.update(seed_documents(rng, actors, first, today))
    counts.update(seed_demonstrations(actors, first, today))
    counts["scenarios"] = _scenarios(actors)
    counts["criteria versions"] = CertificationCriteria.objects.count()
    return counts
