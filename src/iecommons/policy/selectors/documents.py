"""Reads of policy documents and their implementation: the public list with the state of
each document's measures, one document's measures jurisdiction by jurisdiction, and the
supervisors' implementation board. The state of a cell is :mod:`iecommons.policy.measures`'
one rule; who sees which rows is :mod:`iecommons.authz.policy`'s."""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, QuerySet

from iecommons.authz import policy as rules
from iecommons.policy.measures import LATE, NOT_STARTED, ON_TIME, implementation_state
from iecommons.policy.models import Measure, MeasureImplementation, PolicyDocument
from iecommons.registry.models import Region


def implementing_regions(document: PolicyDocument) -> QuerySet[Region]:
    """The jurisdictions that must carry out the document's measures: a national
    document's provinces, a provincial document's cities, a municipal document's city."""
    if document.jurisdiction_id is None:
        return Region.objects.filter(level=Region.Level.PROVINCE).order_by("code")
    if document.level == PolicyDocument.Level.PROVINCIAL:
        return Region.objects.filter(parent_id=document.jurisdiction_id).order_by("code")
    return Region.objects.filter(pk=document.jurisdiction_id)


@dataclasses.dataclass(frozen=True)
class Cell:
    """One measure in one jurisdiction."""

    measure: Measure
    region: Region
    state: str
    implementation: MeasureImplementation | None


@dataclasses.dataclass(frozen=True)
class Tally:
    on_time: int = 0
    late: int = 0
    not_started: int = 0

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.not_started


def _tally(states: Counter[str]) -> Tally:
    return Tally(on_time=states[ON_TIME], late=states[LATE], not_started=states[NOT_STARTED])


def _cells(
    measures: list[Measure],
    regions_of: dict[int, list[Region]],
    today: datetime.date,
) -> list[Cell]:
    """Every (measure, implementing region) cell, with what was reported, if anything."""
    reported = {
        (row.measure_id, row.jurisdiction_id): row
        for row in MeasureImplementation.objects.filter(measure__in=measures).select_related(
            "reported_by"
        )
    }
    cells = []
    for measure in measures:
        for region in regions_of[measure.document_id]:
            row = reported.get((measure.pk, region.pk))
            cells.append(
                Cell(
                    measure=measure,
                    region=region,
                    state=implementation_state(
                        row.status if row else None,
                        row.completed_on if row else None,
                        measure.deadline,
                        today,
                    ),
                    implementation=row,
                )
            )
    return cells


def _regions_by_document(
    documents: list[PolicyDocument], allowed: QuerySet[Region] | None = None
) -> dict[int, list[Region]]:
    """:func:`implementing_regions` of many documents in two queries."""
    pool = Region.objects.order_by("code")
    if allowed is not None:
        pool = pool.filter(pk__in=allowed.values("pk"))
    provincial = {
        d.jurisdiction_id for d in documents if d.level == PolicyDocument.Level.PROVINCIAL
    }
    municipal = {d.jurisdiction_id for d in documents if d.level == PolicyDocument.Level.MUNICIPAL}
    wanted = (
        pool.filter(level=Region.Level.PROVINCE)
        | pool.filter(parent_id__in=provincial)
        | pool.filter(pk__in=municipal)
    )
    provinces, children, by_pk = [], defaultdict(list), {}
    for region in wanted if documents else []:
        by_pk[region.pk] = region
        if region.level == Region.Level.PROVINCE:
            provinces.append(region)
        if region.parent_id in provincial:
            children[region.parent_id].append(region)
    out: dict[int, list[Region]] = {}
    for document in documents:
        if document.jurisdiction_id is None:
            out[document.pk] = provinces
        elif document.level == PolicyDocument.Level.PROVINCIAL:
            out[document.pk] = children[document.jurisdiction_id]
        else:
            found = by_pk.get(document.jurisdiction_id)
            out[document.pk] = [found] if found is not None else []
    return out


def documents() -> QuerySet[PolicyDocument]:
    """Every document (documents are public acts), newest first."""
    return (
        PolicyDocument.objects.select_related("jurisdiction")
        .annotate(measure_count=Count("measures"))
        .order_by("-issued_on", "-pk")
    )


def document_tallies(
    documents: list[PolicyDocument], today: datetime.date
) -> list[tuple[PolicyDocument, Tally]]:
    """Each document with the tally of its measures' cells (three queries in all)."""
    measures = list(Measure.objects.filter(document__in=documents).order_by("document", "position"))
    cells = _cells(measures, _regions_by_document(documents), today)
    states: dict[int, Counter[str]] = {document.pk: Counter() for document in documents}
    for cell in cells:
        states[cell.measure.document_id][cell.state] += 1
    return [(document, _tally(states[document.pk])) for document in documents]


def document_measures(
    document: PolicyDocument, today: datetime.date
) -> list[tuple[Measure, Tally, list[Cell]]]:
    """The document's measures, each with its tally and its cells, region by region."""
    measures = list(document.measures.order_by("position"))
    cells = _cells(measures, _regions_by_document([document]), today)
    by_measure: dict[int, list[Cell]] = {measure.pk: [] for measure in measures}
    for cell in cells:
        by_measure[cell.measure.pk].append(cell)
    return [
        (measure, _tally(Counter(c.state for c in by_measure[measure.pk])), by_measure[measure.pk])
        for measure in measures
    ]


@dataclasses.dataclass(frozen=True)
class Board:
    """The implementation board as one supervisor sees it, after its filters.

    ``tally`` counts the cells the jurisdiction and level filters keep (whatever their
    state), so the three figures say what the state filter would show; ``regions`` are the
    jurisdictions with a cell on the unfiltered board, the choices of the jurisdiction
    filter."""

    tally: Tally
    cells: list[Cell]
    regions: list[Region]
    jurisdiction: Region | None = None


def board(
    user: Any,
    today: datetime.date,
    state: str = "",
    *,
    jurisdiction_code: str = "",
    level: str = "",
) -> Board:
    """The supervisor's board: every cell of the jurisdictions it supervises, late first
    (then not started, then on time), each group by deadline. ``jurisdiction_code`` keeps
    that jurisdiction's cells and its cities' (a code not on the board is ignored);
    ``level`` the measures of documents issued at that level; ``state`` one group. Four
    queries, however many cells."""
    allowed = rules.visible_board_regions(user, Region.objects.all())
    documents = list(PolicyDocument.objects.select_related("jurisdiction"))
    measures = list(
        Measure.objects.filter(document__in=documents)
        .select_related("document")
        .order_by("deadline", "document", "position")
    )
    cells = _cells(measures, _regions_by_document(documents, allowed), today)
    regions = sorted({cell.region.pk: cell.region for cell in cells}.values(), key=_code)
    jurisdiction = next((r for r in regions if r.code == jurisdiction_code), None)
    if jurisdiction is not None:
        cells = [
            cell for cell in cells if jurisdiction.pk in (cell.region.pk, cell.region.parent_id)
        ]
    if level:
        cells = [cell for cell in cells if cell.measure.document.level == level]
    tally = _tally(Counter(cell.state for cell in cells))
    order = {LATE: 0, NOT_STARTED: 1, ON_TIME: 2}
    cells.sort(key=lambda c: (order[c.state], c.measure.deadline, c.region.code))
    if state:
        cells = [cell for cell in cells if cell.state == state]
    return Board(tally=tally, cells=cells, regions=regions, jurisdiction=jurisdiction)


def _code(region: Region) -> str:
    return region.code
