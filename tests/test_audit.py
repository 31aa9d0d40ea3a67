"""The audit trail stores what a field held, in a form JSON can keep."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile, FileField

from iecommons.common.audit import _plain


def test_it_stores_a_file_by_its_name_and_an_empty_file_as_nothing():
    field = FileField(storage=FileSystemStorage())
    assert _plain(FieldFile(None, field, "documents/minutes-v2.pdf")) == "documents/minutes-v2.pdf"
    assert _plain(FieldFile(None, field, "")) is None


def test_it_stores_dates_and_decimals_as_text():
    assert _plain(datetime.date(2024, 5, 1)) == "2024-05-01"
    assert _plain(Decimal("12.50")) == "12.50"
