"""The resources of the open-data package: what is public, field by field, in two languages.

Each resource declares its table schema (name, type, titles and descriptions in Chinese and
English) and yields plain rows. Only what the platform already shows the public goes here:
the registry, membership history (dates, never the reasons for leaving or written duties),
and grades of **published** runs with the run's hash. The build checks every row against
its schema and against :data:`PRIVATE_FIELDS` before anything is published.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

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
    """One field of a table schema, and where its value comes from: ``source`` is the ORM
    lookup read from the resource's query (the field's own name when empty), ``convert``
    turns the database value into the published one."""

    name: str
    type: str  # a Frictionless type: string, integer, number, date, datetime, boolean
    title_zh: str
    title_en: str
    description_zh: str = ""
    description_en: str = ""
    source: str = ""
    convert: Callable[[Any], Any] | None = None

    @property
    def lookup(self) -> str:
        return self.source or self.name

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


def _rows(
    query: Callable[[], QuerySet[Any]], columns: tuple[Column, ...], chunk_size: int
) -> Iterator[dict[str, Any]]:
    """Each row of ``query`` with exactly the declared columns, read by their lookups."""
    lookups = list(dict.fromkeys(column.lookup for column in columns))
    for row in query().values(*lookups).iterator(chunk_size=chunk_size):
        yield {
            column.name: (
                column.convert(row[column.lookup]) if column.convert else row[column.lookup]
            )
            for column in columns
        }


def table(
    *,
    name: str,
    title: tuple[str, str],
    description: tuple[str, str],
    query: Callable[[], QuerySet[Any]],
    columns: tuple[Column, ...],
    primary_key: tuple[str, ...] = ("id",),
    chunk_size: int = 2000,
) -> Resource:
    """A resource whose rows are ``query``'s, one published field per column.

    ``title`` and ``description`` are (Chinese, English); ``query`` is called at each build
    and gives the rows in their published order."""
    return Resource(
        name=name,
        title_zh=title[0],
        title_en=title[1],
        description_zh=description[0],
        description_en=description[1],
        columns=columns,
        rows=functools.partial(_rows, query, columns, chunk_size),
        primary_key=primary_key,
    )


def published_run_ids() -> set[int]:
    """Runs whose grades are public: those with a publication in force (not withdrawn)."""
    return set(Publication.objects.current().values_list("run_id", flat=True))


def _published_results() -> QuerySet[Result]:
    """Results of runs with a publication in force, each with its latest publication time."""
    current = Publication.objects.current()
    latest = current.filter(run_id=OuterRef("run_id")).order_by("-published_at")
    return (
        Result.objects.filter(run_id__in=current.values("run_id"))
        .annotate(published_at=Subquery(latest.values("published_at")[:1]))
        .order_by("run_id", "rank", "community_id")
    )


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


def _codes(codes: list[str] | None) -> str:
    return " ".join(codes or [])


ID = Column("id", "integer", "编号", "ID")
GB2260 = ("GB/T 2260", "GB/T 2260")
CREDIT_CODE = Column(
    "credit_code",
    "string",
    "统一社会信用代码",
    "Unified social credit code",
    "GB 32100-2015",
    "GB 32100-2015",
    source="organization__credit_code",
)
COMMUNITY_ID = Column(
    "community_id", "integer", "共同体编号", "Community ID", "见 communities", "see communities"
)
FIELD_CODE = Column("field_code", "string", "行业领域代码", "Field code", source="field__code")

COMMUNITIES = table(
    name="communities",
    title=("产教融合共同体名录", "Registry of industry–education integration communities"),
    description=(
        "平台登记的全部共同体及其公开信息。",
        "Every community registered on the platform, with its public profile.",
    ),
    query=lambda: Community.objects.order_by("pk"),
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
        FIELD_CODE,
        Column("field", "string", "行业领域", "Industry field", source="field__name_zh"),
        Column(
            "field_en",
            "string",
            "行业领域（英文）",
            "Industry field (English)",
            source="field__name_en",
        ),
        Column(
            "province_code",
            "string",
            "省级行政区代码",
            "Province code",
            *GB2260,
            source="province__code",
        ),
        Column("province", "string", "省级行政区", "Province", source="province__name_zh"),
        Column(
            "province_en",
            "string",
            "省级行政区（英文）",
            "Province (English)",
            source="province__name_en",
        ),
        Column("seat_code", "string", "所在地代码", "Seat code", *GB2260, source="region__code"),
        Column("seat", "string", "所在地", "Seat", source="region__name_zh"),
        Column("seat_en", "string", "所在地（英文）", "Seat (English)", source="region__name_en"),
        Column("founded", "date", "成立日期", "Founded"),
        Column("status", "string", "状态", "Status"),
        Column("members", "integer", "现有成员数", "Current members", source="member_count"),
        Column("website", "string", "网站", "Website"),
    ),
)

MEMBERSHIPS = table(
    name="memberships",
    title=("成员单位进出记录", "Membership history"),
    description=(
        "各共同体成员单位的加入与退出日期（有进有出、动态调整）。",
        "When each member organisation joined and left each community.",
    ),
    query=lambda: Membership.objects.order_by("community_id", "joined", "pk"),
    columns=(
        ID,
        COMMUNITY_ID,
        Column("organization", "string", "成员单位", "Organisation", source="organization__name"),
        CREDIT_CODE,
        Column(
            "organization_type",
            "string",
            "单位类型",
            "Organisation type",
            source="organization__type",
        ),
        Column("role", "string", "成员角色", "Role in the community"),
        Column("joined", "date", "加入日期", "Joined"),
        Column("left", "date", "退出日期", "Left", "空表示仍为成员", "empty: still a member"),
    ),
    chunk_size=5000,
)

GRADES = table(
    name="grades",
    title=("已发布的评价等级", "Published evaluation grades"),
    description=(
        "已发布评价的得分、排名和等级，附评价输入数据的 SHA-256，可用 iecommons reproduce 复现。",
        "Scores, ranks and grades of published runs, with the run's SHA-256 for iecommons reproduce.",  # noqa: E501
    ),
    query=_published_results,
    columns=(
        Column("run_id", "integer", "评价编号", "Run ID"),
        Column(
            "run_sha256",
            "string",
            "评价输入 SHA-256",
            "Run input SHA-256",
            source="run__input_sha256",
        ),
        Column("year", "integer", "年度", "Year", source="run__cycle__year"),
        Column("cycle", "string", "评价周期", "Cycle", source="run__cycle__name"),
        Column(
            "cycle_en",
            "string",
            "评价周期（英文）",
            "Cycle (English)",
            "空表示无英文名称",
            "empty: no English name",
            source="run__cycle__name_en",
        ),
        Column("community_id", "integer", "共同体编号", "Community ID"),
        Column("community", "string", "共同体", "Community", source="community__name"),
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
    primary_key=("run_id", "community_id"),
    chunk_size=5000,
)


# --- the three lists (talent) and the awards of incentive programmes (policy) ---------------
# Only **published** list items (a secretariat reviewed them) and **awarded** applications:
# what the talent pages and the policy transparency page already show anyone.

#: The columns every line of the three lists starts with, and the one it ends with.
LIST_COLUMNS = (
    ID,
    COMMUNITY_ID,
    Column("organization", "string", "发布单位", "Posted for", source="organization__name"),
    CREDIT_CODE,
)
PUBLISHED = Column("published_at", "datetime", "发布时间", "Published", "UTC", "UTC")

TALENT_NEEDS = table(
    name="talent_needs",
    title=("人才需求清单", "Talent-needs list"),
    description=(
        "各共同体经秘书处审核发布的人才需求（职业按《中华人民共和国职业分类大典（2022年版）》编码）。",
        "Talent needs published by each community's secretariat (occupations coded by the 2022 national occupation classification).",  # noqa: E501
    ),
    query=lambda: TalentNeed.objects.filter(status=ListStatus.PUBLISHED).order_by("pk"),
    columns=(
        *LIST_COLUMNS,
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
            convert=int,
        ),
        Column("headcount", "integer", "需求人数", "Head count"),
        Column(
            "region_code", "string", "工作地代码", "Region code", *GB2260, source="region__code"
        ),
        Column("region", "string", "工作地", "Region", source="region__name_zh"),
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
            convert=_codes,
        ),
        PUBLISHED,
    ),
)

TECHNOLOGY_NEEDS = table(
    name="technology_needs",
    title=("技术需求清单", "Technology-needs list"),
    description=(
        "各共同体发布的技术需求及其进展；承接后形成联合研发项目。",
        "Technology needs published by each community and their progress; taken on as joint R&D projects.",  # noqa: E501
    ),
    query=lambda: TechnologyNeed.objects.filter(status=ListStatus.PUBLISHED).order_by("pk"),
    columns=(
        *LIST_COLUMNS,
        Column("problem", "string", "技术难题", "Problem"),
        FIELD_CODE,
        Column("budget", "number", "预算（元）", "Budget (yuan)", convert=float),
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
)

CORE_PRODUCTS = table(
    name="core_products",
    title=("核心产品清单", "Core-products list"),
    description=(
        "各共同体成员单位发布的核心产品。",
        "Core products published by the member organisations of each community.",
    ),
    query=lambda: CoreProduct.objects.filter(status=ListStatus.PUBLISHED).order_by("pk"),
    columns=(
        *LIST_COLUMNS,
        Column("product", "string", "产品", "Product", source="name"),
        FIELD_CODE,
        PUBLISHED,
    ),
)

AWARDS = table(
    name="awards",
    title=("激励项目获奖名单", "Awards of incentive programmes"),
    description=(
        "各级激励项目（专项资金、补贴、奖励等）的获奖单位、金额、已拨付金额及所依据的资格条件。",
        "Who was awarded what under each incentive programme (special funds, subsidies, awards…), the amount disbursed and the eligibility rule applied.",  # noqa: E501
    ),
    query=lambda: Application.objects.filter(status=Application.Status.AWARDED).order_by("pk"),
    columns=(
        ID,
        Column("programme_id", "integer", "项目编号", "Programme ID"),
        Column("programme", "string", "激励项目", "Programme", source="programme__title"),
        Column(
            "kind",
            "string",
            "类型",
            "Kind",
            "special_fund / subsidy / award / tax / land / financing",
            "special_fund / subsidy / award / tax / land / financing",
            source="programme__kind",
        ),
        Column(
            "jurisdiction_code",
            "string",
            "管辖地区代码",
            "Jurisdiction code",
            "GB/T 2260；空表示全国",
            "GB/T 2260; empty: national",
            source="programme__jurisdiction__code",
            convert=lambda code: code or "",
        ),
        Column(
            "jurisdiction",
            "string",
            "管辖地区",
            "Jurisdiction",
            source="programme__jurisdiction__name_zh",
            convert=lambda name: name or "全国",
        ),
        Column("community_id", "integer", "共同体编号", "Community ID"),
        Column("recipient", "string", "获奖单位", "Recipient", source="organization__name"),
        CREDIT_CODE,
        Column(
            "amount",
            "number",
            "获奖金额（元）",
            "Amount awarded (CNY)",
            source="amount_awarded",
            convert=float,
        ),
        Column(
            "disbursed",
            "number",
            "已拨付金额（元）",
            "Disbursed (CNY)",
            source="amount_disbursed",
            convert=float,
        ),
        Column("decided_at", "datetime", "决定时间", "Decided", "UTC", "UTC"),
        Column(
            "rule",
            "string",
            "资格条件",
            "Eligibility rule",
            "事实 运算符 值；…",
            "fact op value; …",
            source="programme__conditions",
            convert=_rule_text,
        ),
    ),
)


def _final_demonstrations() -> QuerySet[DemonstrationEntry]:
    # A list made from grades later withdrawn leaves with them (the build refuses any row of
    # a run not published).
    return DemonstrationEntry.objects.filter(
        selection__status=DemonstrationSelection.Status.FINAL,
        selection__publication__withdrawn_at__isnull=True,
        outcome="selected",
    ).order_by("selection_id", "position")


DEMONSTRATIONS = table(
    name="demonstrations",
    title=("示范共同体最终名单", "Final lists of demonstration communities"),
    description=(
        "经公示确定的示范共同体名单，附所依据的评价运行及可复核名单的输入数据哈希。",
        "The demonstration communities of each list made final after its public notice, with the run it was selected from and the hash of the inputs that reproduce it.",  # noqa: E501
    ),
    query=_final_demonstrations,
    columns=(
        Column("selection_id", "integer", "遴选编号", "Selection ID"),
        Column("selection", "string", "遴选名称", "Selection", source="selection__title"),
        Column(
            "jurisdiction_code",
            "string",
            "管辖地区代码",
            "Jurisdiction code",
            "GB/T 2260；空表示全国",
            "GB/T 2260; empty: national",
            source="selection__jurisdiction__code",
            convert=lambda code: code or "",
        ),
        Column("position", "integer", "名单序号", "Place on the list"),
        Column("community_id", "integer", "共同体编号", "Community ID"),
        Column("community", "string", "共同体", "Community", source="community__name"),
        Column("score", "number", "得分", "Score"),
        Column("grade", "string", "等级", "Grade"),
        Column("run_id", "integer", "评价运行编号", "Run ID", source="selection__run_id"),
        Column(
            "run_sha256",
            "string",
            "评价运行输入哈希",
            "Run input SHA-256",
            source="selection__run_sha256",
        ),
        Column(
            "inputs_sha256",
            "string",
            "遴选输入哈希",
            "Selection inputs SHA-256",
            "GET /api/policy/demonstrations/{selection_id}/inputs",
            "GET /api/policy/demonstrations/{selection_id}/inputs",
            source="selection__inputs_sha256",
        ),
        Column(
            "finalised_at",
            "datetime",
            "确定时间",
            "Finalised",
            "UTC",
            "UTC",
            source="selection__finalised_at",
        ),
    ),
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
