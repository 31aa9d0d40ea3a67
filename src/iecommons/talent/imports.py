"""Import of a community's lists (talent needs, technology needs, core products) from the
XLSX or CSV file their export writes.

The file is read within the member import's bounds (:func:`registry.imports.read_table`).
Every row goes through the list's own posting service, each in a savepoint of one
transaction for the file; when any row is refused, every refusal is reported as "row N,
column C: what is wrong" and the transaction is rolled back, so nothing is written.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from iecommons.authz import talent as rules
from iecommons.authz.scope import acting_organization_ids, require
from iecommons.common.services import refuse
from iecommons.registry.imports import ImportRefusedError, read_table
from iecommons.registry.models import Community, Field, Organization, Region
from iecommons.talent.exports import PRODUCT_COLUMNS, TALENT_COLUMNS, TECHNOLOGY_COLUMNS
from iecommons.talent.services import lists

COLUMNS = {"talent": TALENT_COLUMNS, "technology": TECHNOLOGY_COLUMNS, "products": PRODUCT_COLUMNS}
OPTIONAL = {"skills", "major_codes", "description", "budget", "progress"}


class _Row:
    """One row's cells by column, with parsers that refuse naming the column."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def text(self, column: str) -> str:
        return self.values.get(column, "").strip()

    def integer(self, column: str) -> int:
        try:
            return int(self.text(column))
        except ValueError:
            raise refuse(column, _("Give a whole number.")) from None

    def date(self, column: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(self.text(column)[:10])
        except ValueError:
            raise refuse(column, _("Give a date as YYYY-MM-DD.")) from None

    def decimal(self, column: str) -> Decimal:
        try:
            return Decimal(self.text(column) or "0")
        except InvalidOperation:
            raise refuse(column, _("Give an amount in yuan.")) from None

    def field(self, column: str = "field") -> Field:
        found = Field.objects.filter(code=self.text(column)).first()
        if found is None:
            raise refuse(
                column, _("“%(code)s” is not an industry field.") % {"code": self.text(column)}
            )
        return found


def _organizations(actor: Any, community: Community) -> Callable[[str], Organization]:
    """The organisation a row names: one the importer may post for, by name."""
    can_all = rules.can_review_list_items(actor, community)
    acting = acting_organization_ids(actor, community)

    def find(name: str) -> Organization:
        candidates = Organization.objects.filter(Q(name=name) | Q(name_en=name))
        if not can_all:
            candidates = candidates.filter(pk__in=acting)
        else:
            candidates = candidates.filter(
                memberships__community=community, memberships__left__isnull=True
            )
        found = candidates.distinct().first()
        if found is None:
            raise refuse(
                "organization",
                _("“%(name)s” is not an organisation you may post for in this community.")
                % {"name": name},
            )
        return found

    return find


def _post(kind: str, actor: Any, community: Community, row: _Row, organization: Any) -> None:
    if kind == "talent":
        region = Region.objects.filter(code=row.text("region")).first()
        if region is None:
            raise refuse(
                "region", _("“%(code)s” is not a region code.") % {"code": row.text("region")}
            )
        lists.talent_need_post(
            actor=actor,
            community=community,
            organization=organization,
            occupation_code=row.text("occupation_code"),
            title=row.text("title"),
            skill_level=row.text("skill_level"),
            headcount=row.integer("headcount"),
            region=region,
            salary_min=row.integer("salary_min"),
            salary_max=row.integer("salary_max"),
            period_start=row.date("period_start"),
            period_end=row.date("period_end"),
            skills=row.text("skills"),
            major_codes=row.text("major_codes"),
        )
    elif kind == "technology":
        lists.technology_need_post(
            actor=actor,
            community=community,
            organization=organization,
            problem=row.text("problem"),
            field=row.field(),
            deadline=row.date("deadline"),
            budget=row.decimal("budget"),
        )
    else:
        lists.core_product_post(
            actor=actor,
            community=community,
            organization=organization,
            name=row.text("name"),
            field=row.field(),
            description=row.text("description"),
        )


class _RefusedError(Exception):
    """Raised inside the file's transaction so that a refused row writes nothing."""


def list_import(*, actor: Any, community: Community, kind: str, upload: UploadedFile) -> int:
    """Post every row of ``upload`` to the ``kind`` list of ``community`` for review, or
    none; returns how many were posted. A refusal is a ``ValidationError`` on ``file``
    listing every bad row and column."""
    if kind not in COLUMNS:
        raise refuse("kind", _("Choose a list."))
    require(
        bool(acting_organization_ids(actor, community))
        or rules.can_review_list_items(actor, community)
    )
    try:
        rows = read_table(upload)
    except ImportRefusedError as error:
        raise refuse("file", str(error)) from None
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [c for c in COLUMNS[kind] if c not in header and c not in OPTIONAL]
    if missing:
        raise refuse(
            "file",
            _("The header row lacks the column(s) %(columns)s.") % {"columns": ", ".join(missing)},
        )
    find = _organizations(actor, community)
    problems: list[str] = []
    try:
        with transaction.atomic():
            for number, cells in enumerate(rows[1:], start=2):
                row = _Row(dict(zip(header, cells, strict=False)))
                try:
                    with transaction.atomic():
                        _post(kind, actor, community, row, find(row.text("organization")))
                except ValidationError as error:
                    for column, messages in error.message_dict.items():
                        problems.extend(
                            _("Row %(row)d, column “%(column)s”: %(message)s")
                            % {"row": number, "column": column, "message": message}
                            for message in messages
                        )
                except PermissionDenied:
                    problems.append(
                        _("Row %(row)d, column “organization”: you may not post for it.")
                        % {"row": number}
                    )
            if problems:
                raise _RefusedError
    except _RefusedError:
        raise ValidationError({"file": problems}) from None
    return len(rows) - 1
