"""Writes to policy documents: issue a document with its measures, add a measure, and
report a jurisdiction's implementation of a measure with its evidence.

Files go through the platform's upload policy (:mod:`iecommons.common.uploads`): the
document's own file under ``DOCUMENTS``, implementation evidence under ``EVIDENCE``.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.authz import policy as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.services import refuse
from iecommons.common.uploads import DOCUMENTS, EVIDENCE
from iecommons.policy.models import Measure, MeasureImplementation, PolicyDocument
from iecommons.policy.selectors.documents import implementing_regions
from iecommons.registry.models import Region

#: A document's level, and the level of region its jurisdiction must be (None: national).
_LEVEL_REGION: dict[str, str | None] = {
    PolicyDocument.Level.NATIONAL: None,
    PolicyDocument.Level.PROVINCIAL: Region.Level.PROVINCE,
    PolicyDocument.Level.MUNICIPAL: Region.Level.CITY,
}


def _text(field: str, value: Any, message: str, limit: int | None = None) -> str:
    text = str(value or "").strip()
    if not text:
        raise refuse(field, message)
    if limit is not None and len(text) > limit:
        raise refuse(field, _("At most %(limit)s characters, please.") % {"limit": limit})
    return text


def _date(field: str, value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        raise refuse(field, _("Give a date (YYYY-MM-DD), not a time."))
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise refuse(field, _("Give a date as YYYY-MM-DD.")) from None


def _measure_values(raw: Any, field: str, issued_on: datetime.date) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise refuse(field, _("Give each measure as an object with its fields."))
    deadline = _date(f"{field}.deadline", raw.get("deadline"))
    if deadline < issued_on:
        raise refuse(
            f"{field}.deadline", _("The deadline cannot be before the document was issued.")
        )
    return {
        "text": _text(f"{field}.text", raw.get("text"), _("Say what the measure is.")),
        "responsible_body": _text(
            f"{field}.responsible_body",
            raw.get("responsible_body"),
            _("Name the body responsible for the measure."),
            300,
        ),
        "target": _text(f"{field}.target", raw.get("target"), _("Give the measure's target.")),
        "deadline": deadline,
        "indicator": _text(
            f"{field}.indicator",
            raw.get("indicator"),
            _("Name the indicator that will show whether the measure worked."),
            300,
        ),
    }


@transaction.atomic
def document_issue(
    *,
    actor: Any,
    title: str,
    issuer: str,
    issued_on: Any,
    level: str,
    jurisdiction: Region | None,
    number: str = "",
    full_text: str = "",
    file: UploadedFile | None = None,
    measures: Sequence[Any] = (),
) -> PolicyDocument:
    """Record a document the actor's jurisdiction issued, with its measures (if any yet)."""
    require(rules.can_issue_document(actor, jurisdiction))
    if level not in _LEVEL_REGION:
        raise refuse("level", _("Choose national, provincial or municipal."))
    wanted = _LEVEL_REGION[level]
    if wanted is None and jurisdiction is not None:
        raise refuse("jurisdiction", _("A national document has no jurisdiction."))
    if wanted is not None and (jurisdiction is None or jurisdiction.level != wanted):
        raise refuse(
            "jurisdiction",
            _("A provincial document needs a province, a municipal one a city."),
        )
    day = _date("issued_on", issued_on)
    if day > timezone.localdate():
        raise refuse("issued_on", _("A document cannot be issued in the future."))
    if not str(full_text or "").strip() and file is None:
        raise refuse("full_text", _("Give the full text or upload the document's file."))
    content_type = DOCUMENTS.check(file, field="file").content_type if file else ""
    checked = [
        _measure_values(raw, f"measures[{index}]", day)
        for index, raw in enumerate(list(measures), start=1)
    ]
    document = PolicyDocument.objects.create(
        title=_text("title", title, _("Give the document its title."), 300),
        issuer=_text("issuer", issuer, _("Name the issuing body."), 300),
        number=str(number or "").strip()[:100],
        issued_on=day,
        level=level,
        jurisdiction=jurisdiction,
        full_text=str(full_text or "").strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if file is not None:
        _store_file(document, file, content_type)
    audit.record(actor=actor, instance=document, operation="document_issue")
    for position, values in enumerate(checked, start=1):
        measure = Measure.objects.create(document=document, position=position, **values)
        audit.record(actor=actor, instance=measure, operation="measure_add")
    return document


def _store_file(document: PolicyDocument, file: UploadedFile, content_type: str) -> None:
    document.file_name = os.path.basename(file.name or "")[:255]
    document.file_content_type = content_type
    document.file.save(file.name or "document", file, save=False)
    document.save(update_fields=["file", "file_name", "file_content_type"])


@transaction.atomic
def document_file_attach(
    *, actor: Any, document: PolicyDocument, file: UploadedFile | None
) -> PolicyDocument:
    """Attach the document's file, or replace it (the page's file field, for the API)."""
    require(rules.can_manage_document(actor, document))
    if file is None:
        raise refuse("file", _("Choose the document's file."))
    content_type = DOCUMENTS.check(file, field="file").content_type
    document = PolicyDocument.objects.select_for_update().get(pk=document.pk)
    before = audit.snapshot(document)
    # A replaced file stays in storage: the audit entry's "before" still names it.
    _store_file(document, file, content_type)
    audit.record(actor=actor, instance=document, operation="document_file_attach", before=before)
    return document


@transaction.atomic
def measure_add(*, actor: Any, document: PolicyDocument, **values: Any) -> Measure:
    """Add one more measure to a document (numbered after the last)."""
    require(rules.can_manage_document(actor, document))
    document = PolicyDocument.objects.select_for_update().get(pk=document.pk)
    checked = _measure_values(values, "measure", document.issued_on)
    last = document.measures.order_by("-position").values_list("position", flat=True).first()
    measure = Measure.objects.create(document=document, position=(last or 0) + 1, **checked)
    audit.record(actor=actor, instance=measure, operation="measure_add")
    return measure


@transaction.atomic
def implementation_report(
    *,
    actor: Any,
    measure: Measure,
    jurisdiction: Region,
    status: str,
    note: str,
    completed_on: Any = None,
    evidence: UploadedFile | None = None,
    today: datetime.date | None = None,
) -> MeasureImplementation:
    """Report (or update) how far ``jurisdiction`` carried out ``measure``."""
    require(rules.can_report_implementation(actor, jurisdiction))
    today = today or timezone.localdate()
    measure = Measure.objects.select_related("document__jurisdiction").get(pk=measure.pk)
    if not implementing_regions(measure.document).filter(pk=jurisdiction.pk).exists():
        raise refuse(
            "jurisdiction",
            _("%(region)s does not carry out the measures of this document.")
            % {"region": jurisdiction},
        )
    if status not in MeasureImplementation.Status.values:
        raise refuse("status", _("Choose not started, in progress or done."))
    text = _text("note", note, _("Say what was done, with the facts that show it."))
    finished = None
    if status == MeasureImplementation.Status.DONE:
        finished = _date("completed_on", completed_on) if completed_on else today
        if finished > today:
            raise refuse("completed_on", _("The completion date cannot be in the future."))
        if finished < measure.document.issued_on:
            raise refuse(
                "completed_on", _("The completion date cannot be before the document was issued.")
            )
    elif completed_on:
        raise refuse("completed_on", _("Only a measure that is done has a completion date."))
    content_type = EVIDENCE.check(evidence, field="evidence").content_type if evidence else ""
    implementation = (
        MeasureImplementation.objects.select_for_update()
        .filter(measure=measure, jurisdiction=jurisdiction)
        .first()
    )
    before = audit.snapshot(implementation) if implementation else None
    if implementation is None:
        implementation = MeasureImplementation(measure=measure, jurisdiction=jurisdiction)
    else:
        implementation.version += 1
    implementation.status, implementation.note = status, text
    implementation.completed_on = finished
    implementation.reported_by = actor
    if evidence is not None:
        implementation.evidence_name = os.path.basename(evidence.name or "")[:255]
        implementation.evidence_content_type = content_type
        implementation.evidence.save(evidence.name or "evidence", evidence, save=False)
    implementation.save()
    audit.record(
        actor=actor, instance=implementation, operation="implementation_report", before=before
    )
    return implementation
