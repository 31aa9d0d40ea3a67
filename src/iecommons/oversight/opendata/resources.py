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
from iecommons.registry.models import Community, Membership

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

#: The package as published; later apps (talent's three lists, policy's awards) add theirs.
DEFAULT_RESOURCES: tuple[Resource, ...] = (COMMUNITIES, MEMBERSHIPS, GRADES)
