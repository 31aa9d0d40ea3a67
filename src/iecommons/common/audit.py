"""Writing audit entries: the one place that knows their shape.

Services call :func:`snapshot` before a change and :func:`record` after it, inside the
same atomic block. Only changed fields are stored, as ``{field: [before, after]}``.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F
from django.db.models.fields.files import FieldFile

from iecommons.common.models import AuditEntry, DataVersion

Snapshot = dict[str, Any]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def snapshot(instance: models.Model) -> Snapshot:
    """The JSON-ready values of the concrete fields of ``instance`` (foreign keys as ids)."""
    values: Snapshot = {}
    for field in instance._meta.concrete_fields:
        values[field.name] = _plain(getattr(instance, field.attname))
    return values


def record(
    *,
    actor: Any,
    instance: models.Model,
    operation: str,
    before: Snapshot | None = None,
    deleted: bool = False,
) -> AuditEntry | None:
    """Record a create (``before`` is None), an update, or a deletion of ``instance``.

    An update that changed nothing records nothing and returns None.
    """
    after = {} if deleted else snapshot(instance)
    if deleted:
        action = AuditEntry.Action.DELETE
        changes = {name: [value, None] for name, value in (before or {}).items()}
    elif before is None:
        action = AuditEntry.Action.CREATE
        changes = {name: [None, value] for name, value in after.items() if value not in (None, "")}
    else:
        action = AuditEntry.Action.UPDATE
        changes = {
            name: [before.get(name), value]
            for name, value in after.items()
            if before.get(name) != value
        }
        if not changes:
            return None
    user = actor if getattr(actor, "is_authenticated", False) else None
    data_version_bump()
    return AuditEntry.objects.create(
        actor=user,
        action=action,
        operation=operation,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        changes=changes,
    )


def data_version_bump() -> None:
    """Count one more committed change (see :mod:`iecommons.common.page_cache`)."""
    if not DataVersion.objects.filter(pk=1).update(number=F("number") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def history_for(instance: models.Model) -> models.QuerySet[AuditEntry]:
    """Every audit entry about ``instance``, newest first, with the actor loaded."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
    ).select_related("actor")
