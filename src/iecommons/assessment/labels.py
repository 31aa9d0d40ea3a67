"""Translated labels of the codes a run stores: methods, normalisations, rules for missing
values, grades, execution states and grading schemes. Shared by the run forms, pages and API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

METHOD_LABELS = {
    "topsis": _("TOPSIS"),
    "wsm": _("Weighted sum"),
    "fuzzy": _("Fuzzy comprehensive evaluation"),
}
NORMALIZATION_LABELS = {
    "vector": _("Vector normalisation"),
    "minmax": _("Min-max normalisation"),
    "max": _("Division by the maximum"),
}
IMPUTATION_LABELS = {
    "none": _("Refuse the run if any value is missing"),
    "peer_median": _("Use the median of the peers (same field and level)"),
    "zero": _("Count a missing value as zero"),
    "exclude": _("Leave out communities with a missing value"),
}
GRADE_LABELS = {
    "excellent": _("excellent"),
    "good": _("good"),
    "pass": _("pass"),
    "fail": _("fail"),
}
STATUS_LABELS = {
    "queued": _("Queued"),
    "running": _("Running"),
    "done": pgettext_lazy("evaluation run", "Done"),
    "failed": _("Failed"),
    "cancelled": pgettext_lazy("evaluation run", "Cancelled"),
}
GRADING_LABELS = {
    "quota": _(
        "By quota of the field: the top 15 per cent excellent, the next 35 good, "
        "the next 40 pass, the last 10 fail"
    ),
    "score": _("By the framework's score boundaries"),
}


def grade_label(grade: str) -> str:
    return str(GRADE_LABELS.get(grade, grade))
