"""Every time a person reads is Beijing time (Asia/Shanghai), whatever the database stores."""

from __future__ import annotations

import datetime

from iecommons.assessment.models import AssessmentCycle, IndicatorValue, Publication
from iecommons.common.models import AuditEntry

# 17:30 UTC on 1 January is 01:30 on 2 January in Beijing.
EVENING_UTC = datetime.datetime(2026, 1, 1, 17, 30, tzinfo=datetime.UTC)


def test_an_audit_entry_reads_in_beijing_time():
    entry = AuditEntry(at=EVENING_UTC, operation="resource_update", object_repr="实训基地")
    assert str(entry).startswith("2026-01-02 01:30 ")


def test_a_publication_is_dated_by_the_beijing_day():
    cycle = AssessmentCycle(name="2025年度评价")
    publication = Publication(cycle=cycle, published_at=EVENING_UTC)
    assert str(publication) == "2025年度评价 · 2026-01-02"


def test_a_value_sent_after_midnight_in_beijing_on_the_deadline_night_is_late():
    cycle = AssessmentCycle(submission_deadline=datetime.date(2026, 1, 1))
    value = IndicatorValue(cycle=cycle, submitted_at=EVENING_UTC)
    assert value.is_late
    on_time = IndicatorValue(cycle=cycle, submitted_at=EVENING_UTC - datetime.timedelta(hours=2))
    assert not on_time.is_late  # 23:30 in Beijing
