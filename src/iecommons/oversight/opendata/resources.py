"""The resources of the open-data package: what is public, field by field, in two languages.

Each resource declares its table schema (name, type, titles and descriptions in Chinese and
English) and yields plain rows. Only what the platform already shows the public goes here:
the registry, membership history (dates, never the reasons for leaving or written duties),
and grades of **published** runs with the run's hash. The build checks every row against
its schema and against :data:`PRIVATE_FIELDS` before anything is published.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

from iecommons.assessment.models import Publication, Result
from iecommons.policy.models import Application, DemonstrationEntry, DemonstrationSelection
from iecommons.registry.models import Community, Membership
from iecommons.talent.models import CoreProduct, ListStatus, TalentNeed, TechnologyNeed

#: Fields that are never open data, whatever a resource declares: contact details, people,
#: free-text reasons and duties, internal notes.
PRIVATE_FIELDS = frozenset(
    {
        "contact_email",
        "email",
        "phone",
        "address",
        "left_reason",
        "duties",
        "status_reason",
        "password",
        "student_number",
        "date_of_birth",
        "evidence",
        "note",
    }
)


@dataclasses.dataclass(frozen=True)
class Column:
    """One field of a table schema."""

    name: str
    type: str  # a Frictionless type: string, integer, number, date, datetime, boolean
    title_zh: str
    title_en: str
    description_zh: str = ""
    description_en: str = ""

    def schema(self) -> dict[str, Any]:
        described = {
            "name": self.name,
            "type": self.type,
            "title": f"{self.title_zh} / {self.title_en}",
        }
        if self.description_zh or self.description_en:
            described["description"] = f"{self.description_zh} / {self.description_en}"
        return described


@dataclasses.dataclass(frozen=True)
class Resource:
    """One table of the package."""

    name: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    columns: tuple[Column, ...]
    rows: Callable[[], Iterator[dict[str, Any]]]
    primary_key: tuple[str, ...] = ()

    @property
    def field_names(self) -> list[str]:
        return [column.name for column in self.columns]


def _communities() -> Iterator[dict[str, Any]]:
    rows = Community.objects.order_by("pk").values(
        "pk",
        "name",
        "name_en",
        "kind",
        "level",
        "field__code",
        "field__name_zh",
        "field__name_en",
        "province__code",
        "province__name_zh",
        "province__name_en",
        "region__code",
        "region__name_zh",
        "region__name_en",
        "founded",
        "status",
        "member_count",
        "website",
    )
    for row in rows.iterator(chunk_size=2000):
        yield {
            "id": row["pk"],
            "name": row["name"],
            "name_en": row["name_en"],
            "kind": row["kind"],
            "level": row["level"],
            "field_code": row["field__code"],
            "field": row["field__name_zh"],
            "field_en": row["field__name_en"],
            "province_code": row["province__code"],
            "province": row["province__name_zh"],
            "province_en": row["province__name_en"],
            "seat_code": row["region__code"],
            "seat": row["region__name_zh"],
            "seat_en": row["region__name_en"],
            "founded": row["founded"],
            "status": row["status"],
            "members": row["member_count"],
            "website": row["website"],
        }


def _memberships() -> Iterator[dict[str, Any]]:
    rows = Membership.objects.order_by("community_id", "joined", "pk").values(
        "pk",
        "community_id",
        "organization__name",
        "organization__credit_code",
        "organization__type",
        "role",
        "joined",
        "left",
    )
    for row in rows.iterator(chunk_size=5000):
        yield {
            "id": row["pk"],
            "community_id": row["community_id"],
            "organization": row["organization__name"],
            "credit_code": row["organization__credit_code"],
            "organization_type": row["organization__type"],
            "role": row["role"],
            "joined": row["joined"],
            "left": row["left"],
        }


def published_run_ids() -> set[int]:
    """Runs whose grades are public: those with a publication in force (not withdrawn)."""
    return set(Publication.objects.current().values_list("run_id", flat=True))


def _grades() -> Iterator[dict[str, Any]]:
    published = (
        Publication.objects.current().order_by("published_at").values("run_id", "published_at")
    )
    when = {row["run_id"]: row["published_at"] for row in published}
    rows = (
        Result.objects.filter(run_id__in=list(when))
        .order_by("run_id", "rank", "community_id")
        .values(
            "run_id",
            "run__input_sha256",
            "run__cycle__year",
            "run__cycle__name",
            "run__cycle__name_en",
            "community_id",
            "community__name",
            "score",
            "grade",
            "rank",
        )
    )
    for row in rows.iterator(chunk_size=5000):
        yield {
            "run_id": row["run_id"],
            "run_sha256": row["run__input_sha256"],
            "year": row["run__cycle__year"],
            "cycle": row["run__cycle__name"],
            "cycle_en": row["run__cycle__name_en"],
            "community_id": row["community_id"],
            "community": row["community__name"],
            "score": row["score"],
            "grade": row["grade"],
            "rank": row["rank"],
            "published_at": when[row["run_id"]],
        }


COMMUNITIES = Resource(
    name="communities",
    title_zh="产教融合共同体名录",
    title_en="Registry of industry–education integration communities",
    description_zh="平台登记的全部共同体及其公开信息。",
    description_en="Every community registered on the platform, with its public profile.",
    columns=(
        Column("id", "integer", "编号", "ID", "平台内部编号", "the platform's id"),
        Column("name", "string", "名称", "Name"),
        Column("name_en", "string", "英文名称", "English name"),
        Column(
            "kind",
            "string",
            "类型",
            "Kind",
            "行业共同体或市域联合体",
            "sector community or city alliance",
        ),
        Column(
            "level",
            "string",
            "级别",
            "Level",
            "national / provincial / municipal",
            "national / provincial / municipal",
        ),
        Column("field_code", "string", "行业领域代码", "Field code"),
        Column("field", "string", "行业领域", "Industry field"),
        Column("field_en", "string", "行业领域（英文）", "Industry field (English)"),
        Column(
            "province_code", "string", "省级行政区代码", "Province code", "GB/T 2260", "GB/T 2260"
        ),
        Column("province", "string", "省级行政区", "Province"),
        Column("province_en", "string", "省级行政区（英文）", "Province (English)"),
        Column("seat_code", "string", "所在地代码", "Seat code", "GB/T 2260", "GB/T 2260"),
        Column("seat", "string", "所在地", "Seat"),
        Column("seat_en", "string", "所在地（英文）", "Seat (English)"),
        Column("founded", "date", "成立日期", "Founded"),
        Column("status", "string", "状态", "Status"),
        Column("members", "integer", "现有成员数", "Current members"),
        Column("website", "string", "网站", "Website"),
    ),
    rows=_communities,
    primary_key=("id",),
)

MEMBERSHIPS = Resource(
    name="memberships",
    title_zh="成员单位进出记录",
    title_en="Membership history",
    description_zh="各共同体成员单位的加入与退出日期（有进有出、动态调整）。",
    description_en="When each member organisation joined and left each community.",
    columns=(
        Column("id", "integer", "编号", "ID"),
        Column(
            "community_id",
            "integer",
            "共同体编号",
            "Community ID",
            "见 communities",
            "see communities",
        ),
        Column("organization", "string", "成员单位", "Organisation"),
        Column(
            "credit_code",
            "string",
            "统一社会信用代码",
            "Unified social credit code",
            "GB 32100-2015",
            "GB 32100-2015",
        ),
        Column("organization_type", "string", "单位类型", "Organisation type"),
        Column("role", "string", "成员角色", "Role in the community"),
        Column("joined", "date", "加入日期", "Joined"),
        Column("left", "date", "退出日期", "Left", "空表示仍为成员", "empty: still a member"),
    ),
    rows=_memberships,
    primary_key=("id",),
)

GRADES = Resource(
    name="grades",
    title_zh="已发布的评价等级",
    title_en="Published evaluation grades",
    description_zh="已发布评价的得分、排名和等级，附评价输入数据的 SHA-256，可用 iecommons reproduce 复现。",  # noqa: E501
    description_en="Scores, ranks and grades of published runs, with the run's SHA-256 for iecommons reproduce.",  # noqa: E501
    columns=(
        Column("run_id", "integer", "评价编号", "Run ID"),
        Column("run_sha256", "string", "评价输入 SHA-256", "Run input SHA-256"),
        Column("year", "integer", "年度", "Year"),
        Column("cycle", "string", "评价周期", "Cycle"),
        Column(
            "cycle_en",
            "string",
            "评价周期（英文）",
            "Cycle (English)",
            "空表示无英文名称",
            "empty: no English name",
        ),
        Column("community_id", "integer", "共同体编号", "Community ID"),
        Column("community", "string", "共同体", "Community"),
        Column("score", "number", "得分", "Score", "0–100", "0–100"),
        Column(
            "grade",
            "string",
            "等级",
            "Grade",
            "excellent / good / pass / fail",
            "excellent / good / pass / fail",
        ),
        Column("rank", "integer", "排名", "Rank"),
        Column("published_at", "datetime", "发布时间", "Published"),
    ),
    rows=_grades,
    primary_key=("run_id", "community_id"),
)


# --- the three lists (talent) and the awards of incentive programmes (policy) ---------------
# Only **published** list items (a secretariat reviewed them) and **awarded** applications:
# what the talent pages and the policy transparency page already show anyone.


def _talent_needs() -> Iterator[dict[str, Any]]:
    rows = (
        TalentNeed.objects.filter(status=ListStatus.PUBLISHED)
        .order_by("pk")
        .values(
            "pk",
            "community_id",
            "organization__name",
            "organization__credit_code",
            "occupation_code",
            "title",
            "skill_level",
            "headcount",
            "region__code",
            "region__name_zh",
            "salary_min",
            "salary_max",
            "period_start",
            "period_end",
            "major_codes",
            "published_at",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        yield {
            "id": row["pk"],
            "community_id": row["community_id"],
            "organization": row["organization__name"],
            "credit_code": row["organization__credit_code"],
            "occupation_code": row["occupation_code"],
            "title": row["title"],
            "skill_level": int(row["skill_level"]),
            "headcount": row["headcount"],
            "region_code": row["region__code"],
            "region": row["region__name_zh"],
            "salary_min": row["salary_min"],
            "salary_max": row["salary_max"],
            "period_start": row["period_start"],
            "period_end": row["period_end"],
            "major_codes": " ".join(row["major_codes"] or []),
            "published_at": row["published_at"],
        }


def _technology_needs() -> Iterator[dict[str, Any]]:
    rows = (
        TechnologyNeed.objects.filter(status=ListStatus.PUBLISHED)
        .order_by("pk")
        .values(
            "pk",
            "community_id",
            "organization__name",
            "organization__credit_code",
            "problem",
            "field__code",
            "budget",
            "deadline",
            "progress",
            "project_id",
            "published_at",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        yield {
            "id": row["pk"],
            "community_id": row["community_id"],
            "organization": row["organization__name"],
            "credit_code": row["organization__credit_code"],
            "problem": row["problem"],
            "field_code": row["field__code"],
            "budget": float(row["budget"]),
            "deadline": row["deadline"],
            "progress": row["progress"],
            "project_id": row["project_id"],
            "published_at": row["published_at"],
        }


def _core_products() -> Iterator[dict[str, Any]]:
    rows = (
        CoreProduct.objects.filter(status=ListStatus.PUBLISHED)
        .order_by("pk")
        .values(
            "pk",
            "community_id",
            "organization__name",
            "organization__credit_code",
            "name",
            "field__code",
            "published_at",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        yield {
            "id": row["pk"],
            "community_id": row["community_id"],
            "organization": row["organization__name"],
            "credit_code": row["organization__credit_code"],
            "product": row["name"],
            "field_code": row["field__code"],
            "published_at": row["published_at"],
        }


def _rule_text(conditions: Any) -> str:
    if not isinstance(conditions, list):
        return ""
    parts = []
    for condition in conditions:
        if isinstance(condition, dict):
            value = condition.get("value")
            shown = ", ".join(map(str, value)) if isinstance(value, list) else value
            parts.append(f"{condition.get('fact')} {condition.get('op')} {shown}")
    return "; ".join(parts)


def _awards() -> Iterator[dict[str, Any]]:
    rows = (
        Application.objects.filter(status=Application.Status.AWARDED)
        .order_by("pk")
        .values(
            "pk",
            "programme_id",
            "programme__title",
            "programme__kind",
            "programme__jurisdiction__code",
            "programme__jurisdiction__name_zh",
            "programme__conditions",
            "community_id",
            "organization__name",
            "organization__credit_code",
            "amount_awarded",
            "amount_disbursed",
            "decided_at",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        yield {
            "id": row["pk"],
            "programme_id": row["programme_id"],
            "programme": row["programme__title"],
            "kind": row["programme__kind"],
            "jurisdiction_code": row["programme__jurisdiction__code"] or "",
            "jurisdiction": row["programme__jurisdiction__name_zh"] or "全国",
            "community_id": row["community_id"],
            "recipient": row["organization__name"],
            "credit_code": row["organization__credit_code"],
            "amount": float(row["amount_awarded"]),
            "disbursed": float(row["amount_disbursed"]),
            "decided_at": row["decided_at"],
            "rule": _rule_text(row["programme__conditions"]),
        }


def _list_columns() -> tuple[Column, ...]:
    """The columns every line of the three lists starts with."""
    return (
        Column("id", "integer", "编号", "ID"),
        Column(
            "community_id",
            "integer",
            "共同体编号",
            "Community ID",
            "见 communities",
            "see communities",
        ),
        Column("organization", "string", "发布单位", "Posted for"),
        Column(
            "credit_code",
            "string",
            "统一社会信用代码",
            "Unified social credit code",
            "GB 32100-2015",
            "GB 32100-2015",
        ),
    )


PUBLISHED = Column("published_at", "datetime", "发布时间", "Published", "UTC", "UTC")

TALENT_NEEDS = Resource(
    name="talent_needs",
    title_zh="人才需求清单",
    title_en="Talent-needs list",
    description_zh="各共同体经秘书处审核发布的人才需求（职业按《中华人民共和国职业分类大典（2022年版）》编码）。",
    description_en="Talent needs published by each community's secretariat (occupations coded by the 2022 national occupation classification).",  # noqa: E501
    columns=(
        *_list_columns(),
        Column(
            "occupation_code",
            "string",
            "职业代码",
            "Occupation code",
            "2022 版大典",
            "2022 classification",
        ),
        Column("title", "string", "岗位名称", "Position title"),
        Column(
            "skill_level",
            "integer",
            "技能等级",
            "Skill level",
            "1 高级技师 … 5 初级工",
            "1 senior technician … 5 junior worker",
        ),
        Column("headcount", "integer", "需求人数", "Head count"),
        Column("region_code", "string", "工作地代码", "Region code", "GB/T 2260", "GB/T 2260"),
        Column("region", "string", "工作地", "Region"),
        Column("salary_min", "integer", "月薪下限（元）", "Monthly salary from (yuan)"),
        Column("salary_max", "integer", "月薪上限（元）", "Monthly salary to (yuan)"),
        Column("period_start", "date", "需求起始日期", "Needed from"),
        Column("period_end", "date", "需求截止日期", "Needed until"),
        Column(
            "major_codes",
            "string",
            "对口专业代码",
            "Supplying majors",
            "《职业教育专业目录（2021年）》代码，以空格分隔",
            "codes of the 2021 vocational majors catalogue, space-separated",
        ),
        PUBLISHED,
    ),
    rows=_talent_needs,
    primary_key=("id",),
)

TECHNOLOGY_NEEDS = Resource(
    name="technology_needs",
    title_zh="技术需求清单",
    title_en="Technology-needs list",
    description_zh="各共同体发布的技术需求及其进展；承接后形成联合研发项目。",
    description_en="Technology needs published by each community and their progress; taken on as joint R&D projects.",  # noqa: E501
    columns=(
        *_list_columns(),
        Column("problem", "string", "技术难题", "Problem"),
        Column("field_code", "string", "行业领域代码", "Field code"),
        Column("budget", "number", "预算（元）", "Budget (yuan)"),
        Column("deadline", "date", "期限", "Deadline"),
        Column(
            "progress",
            "string",
            "进展",
            "Progress",
            "open / taken / solved / closed",
            "open / taken / solved / closed",
        ),
        Column(
            "project_id",
            "integer",
            "联合研发项目编号",
            "Joint R&D project ID",
            "空表示尚未承接",
            "empty: not taken on yet",
        ),
        PUBLISHED,
    ),
    rows=_technology_needs,
    primary_key=("id",),
)

CORE_PRODUCTS = Resource(
    name="core_products",
    title_zh="核心产品清单",
    title_en="Core-products list",
    description_zh="各共同体成员单位发布的核心产品。",
    description_en="Core products published by the member organisations of each community.",
    columns=(
        *_list_columns(),
        Column("product", "string", "产品", "Product"),
        Column("field_code", "string", "行业领域代码", "Field code"),
        PUBLISHED,
    ),
    rows=_core_products,
    primary_key=("id",),
)

AWARDS = Resource(
    name="awards",
    title_zh="激励项目获奖名单",
    title_en="Awards of incentive programmes",
    description_zh="各级激励项目（专项资金、补贴、奖励等）的获奖单位、金额、已拨付金额及所依据的资格条件。",
    description_en="Who was awarded what under each incentive programme (special funds, subsidies, awards…), the amount disbursed and the eligibility rule applied.",  # noqa: E501
    columns=(
        Column("id", "integer", "编号", "ID"),
        Column("programme_id", "integer", "项目编号", "Programme ID"),
        Column("programme", "string", "激励项目", "Programme"),
        Column(
            "kind",
            "string",
            "类型",
            "Kind",
            "special_fund / subsidy / award / tax / land / financing",
            "special_fund / subsidy / award / tax / land / financing",
        ),
        Column(
            "jurisdiction_code",
            "string",
            "管辖地区代码",
            "Jurisdiction code",
            "GB/T 2260；空表示全国",
            "GB/T 2260; empty: national",
        ),
        Column("jurisdiction", "string", "管辖地区", "Jurisdiction"),
        Column("community_id", "integer", "共同体编号", "Community ID"),
        Column("recipient", "string", "获奖单位", "Recipient"),
        Column(
            "credit_code",
            "string",
            "统一社会信用代码",
            "Unified social credit code",
            "GB 32100-2015",
            "GB 32100-2015",
        ),
        Column("amount", "number", "获奖金额（元）", "Amount awarded (CNY)"),
        Column("disbursed", "number", "已拨付金额（元）", "Disbursed (CNY)"),
        Column("decided_at", "datetime", "决定时间", "Decided", "UTC", "UTC"),
        Column(
            "rule",
            "string",
            "资格条件",
            "Eligibility rule",
            "事实 运算符 值；…",
            "fact op value; …",
        ),
    ),
    rows=_awards,
    primary_key=("id",),
)


def _demonstrations() -> Iterator[dict[str, Any]]:
    rows = (
        # A list made from grades later withdrawn leaves with them (the build refuses any
        # row of a run not published).
        DemonstrationEntry.objects.filter(
            selection__status=DemonstrationSelection.Status.FINAL,
            selection__publication__withdrawn_at__isnull=True,
            outcome="selected",
        )
        .order_by("selection_id", "position")
        .values(
            "selection_id",
            "selection__title",
            "selection__jurisdiction__code",
            "selection__run_id",
            "selection__run_sha256",
            "selection__inputs_sha256",
            "selection__finalised_at",
            "position",
            "community_id",
            "community__name",
            "score",
            "grade",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        yield {
            "selection_id": row["selection_id"],
            "selection": row["selection__title"],
            "jurisdiction_code": row["selection__jurisdiction__code"] or "",
            "position": row["position"],
            "community_id": row["community_id"],
            "community": row["community__name"],
            "score": row["score"],
            "grade": row["grade"],
            "run_id": row["selection__run_id"],
            "run_sha256": row["selection__run_sha256"],
            "inputs_sha256": row["selection__inputs_sha256"],
            "finalised_at": row["selection__finalised_at"],
        }


DEMONSTRATIONS = Resource(
    name="demonstrations",
    title_zh="示范共同体最终名单",
    title_en="Final lists of demonstration communities",
    description_zh="经公示确定的示范共同体名单，附所依据的评价运行及可复核名单的输入数据哈希。",
    description_en="The demonstration communities of each list made final after its public notice, with the run it was selected from and the hash of the inputs that reproduce it.",  # noqa: E501
    columns=(
        Column("selection_id", "integer", "遴选编号", "Selection ID"),
        Column("selection", "string", "遴选名称", "Selection"),
        Column(
            "jurisdiction_code",
            "string",
            "管辖地区代码",
            "Jurisdiction code",
            "GB/T 2260；空表示全国",
            "GB/T 2260; empty: national",
        ),
        Column("position", "integer", "名单序号", "Place on the list"),
        Column("community_id", "integer", "共同体编号", "Community ID"),
        Column("community", "string", "共同体", "Community"),
        Column("score", "number", "得分", "Score"),
        Column("grade", "string", "等级", "Grade"),
        Column("run_id", "integer", "评价运行编号", "Run ID"),
        Column("run_sha256", "string", "评价运行输入哈希", "Run input SHA-256"),
        Column(
            "inputs_sha256",
            "string",
            "遴选输入哈希",
            "Selection inputs SHA-256",
            "GET /api/policy/demonstrations/{selection_id}/inputs",
            "GET /api/policy/demonstrations/{selection_id}/inputs",
        ),
        Column("finalised_at", "datetime", "确定时间", "Finalised", "UTC", "UTC"),
    ),
    rows=_demonstrations,
    primary_key=("selection_id", "position"),
)

#: The package as published.
DEFAULT_RESOURCES: tuple[Resource, ...] = (
    COMMUNITIES,
    MEMBERSHIPS,
    GRADES,
    TALENT_NEEDS,
    TECHNOLOGY_NEEDS,
    CORE_PRODUCTS,
    AWARDS,
    DEMONSTRATIONS,
)
