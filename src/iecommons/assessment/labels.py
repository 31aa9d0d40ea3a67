"""Translated labels of the codes a run stores: methods, rules for missing values, grades,
execution states and grading schemes. Shared by the run forms, pages and API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

METHOD_LABELS = {
    "topsis": _("TOPSIS"),
    "wsm": _("weighted sum"),
    "fuzzy": _("fuzzy comprehensive evaluation"),
}
IMPUTATION_LABELS = {
    "none": _("refuse the run if any value is missing"),
    "peer_median": _("use the median of the peers (same field and level)"),
    "zero": _("count a missing value as zero"),
    "exclude": _("leave out communities with a missing value"),
}
GRADE_LABELS = {
    "excellent": _("excellent"),
    "good": _("good"),
    "pass": _("pass"),
    "fail": _("fail"),
}
STATUS_LABELS = {
    "queued": _("queued"),
    "running": _("running"),
    "done": _("done"),
    "failed": _("failed"),
    "cancelled": pgettext_lazy("evaluation run", "cancelled"),
}
GRADING_LABELS = {
    "quota": _(
        "by quota of the field: the top 15 per cent excellent, the next 35 good, "
        "the next 40 pass, the last 10 fail"
    ),
    "score": _("by the framework's score boundaries"),
}


def grade_label(grade: str) -> str:
    return str(GRADE_LABELS.get(grade, grade))
