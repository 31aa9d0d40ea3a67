"""Writes of demonstration selection (示范): create a selection from a published run, publish
it for its notice period (公示), file and answer objections, finalise it.

Each write locks the selection, checks everything before it writes, recomputes the list with
:func:`iecommons.policy.demonstration.select` from the stored inputs, stores the inputs'
hash, and is audited in the same transaction. A refusal names the field.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from iecommons.assessment.models import EvaluationRun, Publication, RectificationTask, Result
from iecommons.authz import policy as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.services import refuse
from iecommons.policy import demonstration
from iecommons.policy.models import (
    DemonstrationEntry,
    DemonstrationObjection,
    DemonstrationSelection,
)
from iecommons.policy.selectors import demonstration as selectors
from iecommons.registry.models import Community, Field, Region

#: The longest objection or answer kept (the public page shows answers whole).
TEXT_MAX_CHARS = 2000
#: The most places a quota may name: more than the communities the country has.
PLACES_MAX = 10_000


def _current_publication(run: EvaluationRun) -> Publication:
    """The run's publication in force, or a refusal saying why there is none."""
    if run.status != EvaluationRun.Status.DONE:
        raise refuse("run", _("Only a finished, published run can be selected from."))
    publication = (
        Publication.objects.current().filter(run=run).order_by("-published_at", "-pk").first()
    )
    if publication is None:
        if Publication.objects.withdrawn().filter(run=run).exists():
            raise refuse(
                "run",
                _("The publication of this run was withdrawn; select from a run in force."),
            )
        raise refuse("run", _("This run's grades are not published; select from a published run."))
    return publication


def _places(field: str, value: Any) -> int:
    """A whole, non-negative number of places (an int, or its digits as text)."""
    text = value.strip() if isinstance(value, str) else None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif text and text.lstrip("-").isdigit() and len(text) < 12:
        number = int(text)
    else:
        raise refuse(field, _("Give a whole number of places."))
    if number < 0:
        raise refuse(field, _("A number of places cannot be negative."))
    if number > PLACES_MAX:
        raise refuse(field, _("At most %(limit)d places, please.") % {"limit": PLACES_MAX})
    return number


def _quotas(
    *,
    jurisdiction: Region | None,
    total: Any,
    province_quotas: Any,
    field_quotas: Any,
) -> tuple[int | None, dict[str, int], dict[str, int]]:
    """The quotas, checked: whole non-negative numbers, known provinces (inside the
    jurisdiction) and fields, and each dimension adding up to the total when one is given."""
    checked_total = None if total in (None, "") else _places("total", total)
    out: list[dict[str, int]] = []
    for name, given in (("province_quotas", province_quotas), ("field_quotas", field_quotas)):
        if given in (None, ""):
            given = {}
        if not isinstance(given, Mapping):
            raise refuse(name, _("Give the quotas as pairs of a code and a number of places."))
        checked: dict[str, int] = {}
        for code, places in given.items():
            try:
                checked[str(code).strip()] = _places(f"{name}.{code}", places)
            except ValidationError as error:
                # The refusal names the code too, for the form that shows it beside the box.
                raise refuse(f"{name}.{code}", f"{code}: {error.messages[0]}") from None
        out.append(checked)
    provinces, fields = out
    known_provinces = set(
        Region.objects.filter(level=Region.Level.PROVINCE, code__in=provinces).values_list(
            "code", flat=True
        )
    )
    for code in sorted(provinces):
        if code not in known_provinces:
            raise refuse(
                f"province_quotas.{code}",
                _("%(code)s is not the GB/T 2260 code of a province.") % {"code": code},
            )
        if jurisdiction is not None and code != jurisdiction.code:
            raise refuse(
                f"province_quotas.{code}",
                _("A selection of %(region)s has places only for its own province.")
                % {"region": jurisdiction},
            )
    known_fields = set(Field.objects.filter(code__in=fields).values_list("code", flat=True))
    for code in sorted(fields):
        if code not in known_fields:
            raise refuse(
                f"field_quotas.{code}",
                _("%(code)s is not the code of an industry field.") % {"code": code},
            )
    if checked_total is None and not provinces and not fields:
        raise refuse(
            "total", _("Give the total number of places, or quotas per province or per field.")
        )
    if checked_total is not None:
        for name, given in (("province_quotas", provinces), ("field_quotas", fields)):
            if given and sum(given.values()) != checked_total:
                raise refuse(
                    name,
                    _("These quotas add up to %(sum)d places, but the total is %(total)d.")
                    % {"sum": sum(given.values()), "total": checked_total},
                )
    return checked_total, dict(sorted(provinces.items())), dict(sorted(fields.items()))


def _gates(*, grades: list[str], min_grade: Any, min_years_founded: Any) -> tuple[str, int]:
    grade = str(min_grade or "").strip()
    if grade and grade not in grades:
        raise refuse(
            "min_grade",
            _("The run grades %(grades)s; choose one of them.") % {"grades": ", ".join(grades)},
        )
    years = _places("min_years_founded", min_years_founded or 0)
    if years > 100:
        raise refuse("min_years_founded", _("At most 100 years, please."))
    return grade, years


def _candidates(
    run_id: int, jurisdiction: Region | None, as_of: datetime.date
) -> list[dict[str, Any]]:
    """The facts of every community of the run inside the jurisdiction: a province's
    selection takes its provincial and municipal communities (national ones are the
    country's), as its supervisors supervise them."""
    results = Result.objects.filter(run_id=run_id)
    if jurisdiction is not None:
        results = results.filter(community__province=jurisdiction).exclude(
            community__level=Community.Level.NATIONAL
        )
    rows = list(
        results.values_list(
            "community_id",
            "score",
            "grade",
            "community__province__code",
            "community__field__code",
            "community__founded",
        )
    )
    # Overdue on the day the facts are taken: open past its deadline, or marked overdue.
    overdue = dict(
        RectificationTask.objects.filter(community_id__in=[row[0] for row in rows])
        .exclude(status=RectificationTask.Status.DONE)
        .filter(Q(deadline__lt=as_of) | Q(status=RectificationTask.Status.OVERDUE))
        .values("community_id")
        .annotate(n=Count("pk"))
        .values_list("community_id", "n")
    )
    return [
        {
            "community_id": community_id,
            "score": float(score),
            "grade": grade,
            "province": province,
            "field": field,
            "founded": founded.isoformat(),
            "overdue_tasks": int(overdue.get(community_id, 0)),
        }
        for community_id, score, grade, province, field, founded in rows
    ]


def _gate_rows(placement: demonstration.Placement) -> list[dict[str, Any]]:
    return [
        {"gate": g.gate, "passed": g.passed, "required": g.required, "actual": g.actual}
        for g in placement.gates
    ]


def _recompute(selection: DemonstrationSelection) -> None:
    """Recompute the list from the stored inputs, update the entries, store the hash."""
    inputs = selectors.stored_inputs(selection)
    placements = {p.community_id: p for p in demonstration.select(inputs)}
    reasons = dict(
        DemonstrationObjection.objects.filter(
            selection=selection, status=DemonstrationObjection.Status.UPHELD
        )
        .order_by("-answered_at", "-pk")
        .values_list("entry__community_id", "answer")
    )
    entries = list(DemonstrationEntry.objects.filter(selection=selection))
    for entry in entries:
        placement = placements[entry.community_id]
        entry.rank = placement.rank
        entry.gates = _gate_rows(placement)
        entry.outcome = placement.outcome
        entry.position = placement.position
        removed = placement.outcome == demonstration.REMOVED
        entry.removal_reason = reasons.get(entry.community_id, "") if removed else ""
    DemonstrationEntry.objects.bulk_update(
        entries, ["rank", "gates", "outcome", "position", "removal_reason"], batch_size=500
    )
    selection.inputs_sha256 = demonstration.inputs_hash(inputs)


def _title(value: Any) -> str:
    text = str(value or "").strip()
    if not text:
        raise refuse("title", _("Give the selection its title."))
    if len(text) > 200:
        raise refuse("title", _("At most %(limit)s characters, please.") % {"limit": 200})
    return text


def _fill(selection: DemonstrationSelection, candidates: list[dict[str, Any]]) -> None:
    """Write the selection's entries, one per candidate, as the computation places them,
    and set its inputs' hash (the caller saves it)."""
    inputs = selectors.inputs_document(selection, candidates=candidates, removed=[])
    placements = {p.community_id: p for p in demonstration.select(inputs)}
    DemonstrationEntry.objects.bulk_create(
        [
            DemonstrationEntry(
                selection=selection,
                community_id=row["community_id"],
                score=row["score"],
                grade=row["grade"],
                province_code=row["province"],
                field_code=row["field"],
                founded=datetime.date.fromisoformat(row["founded"]),
                overdue_tasks=row["overdue_tasks"],
                rank=placements[row["community_id"]].rank,
                gates=_gate_rows(placements[row["community_id"]]),
                outcome=placements[row["community_id"]].outcome,
                position=placements[row["community_id"]].position,
            )
            for row in candidates
        ],
        batch_size=500,
    )
    selection.inputs_sha256 = demonstration.inputs_hash(inputs)


@transaction.atomic
def selection_create(
    *,
    actor: Any,
    title: str,
    run: EvaluationRun,
    jurisdiction: Region | None,
    total: Any = None,
    province_quotas: Any = None,
    field_quotas: Any = None,
    min_grade: Any = "",
    no_overdue_rectification: bool = False,
    min_years_founded: Any = 0,
    today: datetime.date | None = None,
) -> DemonstrationSelection:
    """A draft selection from ``run`` with its list computed: every candidate of the
    jurisdiction with its gates, rank and outcome."""
    require(rules.can_create_selection(actor, jurisdiction))
    if jurisdiction is not None and jurisdiction.level != Region.Level.PROVINCE:
        raise refuse(
            "jurisdiction", _("A selection is national or for a province, not for a city.")
        )
    text = _title(title)
    publication = _current_publication(run)
    checked_total, provinces, fields = _quotas(
        jurisdiction=jurisdiction,
        total=total,
        province_quotas=province_quotas,
        field_quotas=field_quotas,
    )
    grades = selectors.run_grades(run)
    grade, years = _gates(grades=grades, min_grade=min_grade, min_years_founded=min_years_founded)
    as_of = today or timezone.localdate()
    candidates = _candidates(run.pk, jurisdiction, as_of)
    if not candidates:
        raise refuse("run", _("This run has no community inside the selection's jurisdiction."))
    selection = DemonstrationSelection.objects.create(
        title=text,
        jurisdiction=jurisdiction,
        run=run,
        publication=publication,
        run_sha256=run.input_sha256,
        grades=grades,
        total=checked_total,
        province_quotas=provinces,
        field_quotas=fields,
        min_grade=grade,
        no_overdue_rectification=bool(no_overdue_rectification),
        min_years_founded=years,
        as_of=as_of,
        inputs_sha256="",
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _fill(selection, candidates)
    selection.save(update_fields=["inputs_sha256"])
    audit.record(actor=actor, instance=selection, operation="demonstration_selection_create")
    return selection


@transaction.atomic
def selection_revise(
    *,
    actor: Any,
    selection: DemonstrationSelection,
    title: str,
    total: Any = None,
    province_quotas: Any = None,
    field_quotas: Any = None,
    min_grade: Any = "",
    no_overdue_rectification: bool = False,
    min_years_founded: Any = 0,
    today: datetime.date | None = None,
) -> DemonstrationSelection:
    """Change a draft's title, quotas and gates: its list is computed again, with the facts
    taken afresh (the run and the jurisdiction stay; a new selection changes those)."""
    require(rules.can_manage_selection(actor, selection))
    locked = _locked(selection)
    if locked.status != DemonstrationSelection.Status.DRAFT:
        raise refuse("status", _("Only a draft can be revised; this list is published."))
    text = _title(title)
    _still_published(locked)
    checked_total, provinces, fields = _quotas(
        jurisdiction=locked.jurisdiction,
        total=total,
        province_quotas=province_quotas,
        field_quotas=field_quotas,
    )
    grade, years = _gates(
        grades=list(locked.grades), min_grade=min_grade, min_years_founded=min_years_founded
    )
    before = audit.snapshot(locked)
    locked.title, locked.total = text, checked_total
    locked.province_quotas, locked.field_quotas = provinces, fields
    locked.min_grade, locked.min_years_founded = grade, years
    locked.no_overdue_rectification = bool(no_overdue_rectification)
    locked.as_of = today or timezone.localdate()
    locked.entries.all().delete()
    _fill(locked, _candidates(locked.run_id, locked.jurisdiction, locked.as_of))
    locked.save()
    audit.record(
        actor=actor, instance=locked, operation="demonstration_selection_revise", before=before
    )
    return locked


def _locked(selection: DemonstrationSelection) -> DemonstrationSelection:
    return (
        DemonstrationSelection.objects.select_for_update(of=("self",))
        .select_related("jurisdiction")
        .get(pk=selection.pk)
    )


def _still_published(selection: DemonstrationSelection) -> None:
    if not Publication.objects.current().filter(pk=selection.publication_id).exists():
        raise refuse(
            "run",
            _(
                "The publication of run #%(run)d was withdrawn after this selection was made; "
                "make a new selection from a run in force."
            )
            % {"run": selection.run_id},
        )


def _date(field: str, value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        raise refuse(field, _("Give a date (YYYY-MM-DD), not a time."))
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise refuse(field, _("Give a date as YYYY-MM-DD.")) from None


@transaction.atomic
def selection_publish(
    *,
    actor: Any,
    selection: DemonstrationSelection,
    notice_starts: Any,
    notice_ends: Any,
    today: datetime.date | None = None,
) -> DemonstrationSelection:
    """Publish the draft list for its public notice (公示) from ``notice_starts`` to
    ``notice_ends``, both days included. Irreversible: the list is public from now on."""
    require(rules.can_manage_selection(actor, selection))
    locked = _locked(selection)
    if locked.status != DemonstrationSelection.Status.DRAFT:
        raise refuse("status", _("This selection is already published."))
    today = today or timezone.localdate()
    starts = _date("notice_starts", notice_starts)
    ends = _date("notice_ends", notice_ends)
    if starts < today:
        raise refuse("notice_starts", _("The notice period cannot start in the past."))
    if ends < starts:
        raise refuse("notice_ends", _("The notice period cannot end before it starts."))
    if (ends - starts).days > 90:
        raise refuse("notice_ends", _("A notice period lasts at most 90 days."))
    _still_published(locked)
    if not locked.entries.filter(outcome=demonstration.SELECTED).exists():
        raise refuse("total", _("No candidate is on the list: there is nothing to publish."))
    before = audit.snapshot(locked)
    locked.status = DemonstrationSelection.Status.NOTICE
    locked.notice_starts, locked.notice_ends = starts, ends
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "notice_starts", "notice_ends", "published_at"])
    audit.record(
        actor=actor, instance=locked, operation="demonstration_selection_publish", before=before
    )
    return locked


def _text(field: str, value: Any, message: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise refuse(field, message)
    if len(text) > TEXT_MAX_CHARS:
        raise refuse(
            field,
            _("Keep it to %(limit)d characters (it has %(count)d).")
            % {"limit": TEXT_MAX_CHARS, "count": len(text)},
        )
    return text


@transaction.atomic
def objection_file(
    *,
    actor: Any,
    entry: DemonstrationEntry,
    reason: str,
    on_behalf_of: Community | None = None,
    today: datetime.date | None = None,
) -> DemonstrationObjection:
    """Object to ``entry`` of a list under notice, with the grounds; once per person and
    entry, inside the notice period; a secretariat may object on behalf of its community."""
    selection = _locked(entry.selection)
    require(rules.can_object(actor, selection))
    today = today or timezone.localdate()
    assert selection.notice_starts is not None
    assert selection.notice_ends is not None
    if not selection.notice_starts <= today <= selection.notice_ends:
        raise refuse(
            "entry",
            _("Objections are taken during the notice period, %(starts)s to %(ends)s.")
            % {"starts": selection.notice_starts, "ends": selection.notice_ends},
        )
    entry = DemonstrationEntry.objects.get(pk=entry.pk)
    if entry.outcome != demonstration.SELECTED:
        raise refuse("entry", _("Only a community on the list can be objected to."))
    text = _text("reason", reason, _("Give the grounds of the objection."))
    if on_behalf_of is not None and not rules.can_object_for(actor, on_behalf_of):
        raise refuse(
            "on_behalf_of", _("You may object on behalf of a community whose secretariat you run.")
        )
    if DemonstrationObjection.objects.filter(entry=entry, filed_by=actor).exists():
        raise refuse("entry", _("You have already objected to this entry."))
    objection = DemonstrationObjection.objects.create(
        selection=selection,
        entry=entry,
        filed_by=actor,
        on_behalf_of=on_behalf_of,
        reason=text,
    )
    audit.record(actor=actor, instance=objection, operation="demonstration_objection_file")
    return objection


@transaction.atomic
def objection_answer(
    *, actor: Any, objection: DemonstrationObjection, upheld: bool, answer: str
) -> DemonstrationObjection:
    """Answer an objection. Upheld: the entry leaves the list with the answer as its reason
    and the list is recomputed, so the next eligible candidate takes the place the quotas
    allow; dismissed: the answer is recorded and the list stays."""
    selection = _locked(objection.selection)
    require(rules.can_manage_selection(actor, selection))
    if selection.status != DemonstrationSelection.Status.NOTICE:
        raise refuse("status", _("Objections are answered while the list is under notice."))
    locked = DemonstrationObjection.objects.select_for_update().get(pk=objection.pk)
    if locked.status != DemonstrationObjection.Status.PENDING:
        raise refuse("objection", _("This objection has already been answered."))
    text = _text("answer", answer, _("Give the answer; the one who objected reads it."))
    before = audit.snapshot(locked)
    locked.status = (
        DemonstrationObjection.Status.UPHELD if upheld else DemonstrationObjection.Status.DISMISSED
    )
    locked.answer = text
    locked.answered_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    audit.record(
        actor=actor, instance=locked, operation="demonstration_objection_answer", before=before
    )
    if upheld:
        selection_before = audit.snapshot(selection)
        _recompute(selection)
        selection.save(update_fields=["inputs_sha256"])
        audit.record(
            actor=actor,
            instance=selection,
            operation="demonstration_selection_recompute",
            before=selection_before,
        )
    return locked


@transaction.atomic
def selection_finalise(
    *, actor: Any, selection: DemonstrationSelection, today: datetime.date | None = None
) -> DemonstrationSelection:
    """Make the list final once the notice period is over and every objection answered.
    Irreversible. The list is recomputed from its inputs and must come out as published."""
    require(rules.can_manage_selection(actor, selection))
    locked = _locked(selection)
    if locked.status != DemonstrationSelection.Status.NOTICE:
        raise refuse("status", _("Only a list under notice can be finalised."))
    today = today or timezone.localdate()
    assert locked.notice_ends is not None
    if today <= locked.notice_ends:
        raise refuse(
            "notice_ends",
            _("The notice period runs until %(ends)s; finalise the list after it.")
            % {"ends": locked.notice_ends},
        )
    pending = locked.objections.filter(status=DemonstrationObjection.Status.PENDING).count()
    if pending:
        raise refuse(
            "objections",
            ngettext(
                "Answer the %(count)d objection still waiting before finalising.",
                "Answer the %(count)d objections still waiting before finalising.",
                pending,
            )
            % {"count": pending},
        )
    _still_published(locked)
    before = audit.snapshot(locked)
    _recompute(locked)
    locked.status = DemonstrationSelection.Status.FINAL
    locked.finalised_at = timezone.now()
    locked.save(update_fields=["status", "finalised_at", "inputs_sha256"])
    audit.record(
        actor=actor, instance=locked, operation="demonstration_selection_finalise", before=before
    )
    return locked
