"""Reads of surveys: what anyone allowed may see (counts, rate, alpha, means), no names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext

from iecommons.analytics import cronbach_alpha
from iecommons.assessment.models import Survey, SurveyInvitation, SurveyResponse
from iecommons.registry.models import Community


@dataclass
class SurveyStats:
    """What anyone allowed may see of a survey: counts, rate, alpha, means — no names."""

    invited: int
    responded: int
    alpha: float | None
    alpha_note: str
    question_means: list[tuple[Any, float | None]] = field(default_factory=list)

    @property
    def response_rate(self) -> float | None:
        return 100.0 * self.responded / self.invited if self.invited else None


def survey_stats(survey: Survey, community: Community | None = None) -> SurveyStats:
    """Response rate, Cronbach's alpha and question means, for one community or all."""
    invitations = SurveyInvitation.objects.filter(survey=survey)
    responses = SurveyResponse.objects.filter(survey=survey)
    if community is not None:
        invitations = invitations.filter(community=community)
        responses = responses.filter(community=community)
    questions = list(survey.questions.order_by("order", "id"))
    answers = list(responses.values_list("answers", flat=True))
    table = np.array(
        [[float(a.get(str(q.pk), np.nan)) for q in questions] for a in answers], dtype=np.float64
    ).reshape(len(answers), len(questions))
    alpha: float | None = None
    note = ""
    if len(questions) < 2:
        note = gettext("needs at least two questions")
    elif len(answers) < 2:
        note = gettext("needs at least two responses")
    else:
        complete = table[~np.isnan(table).any(axis=1)]
        try:
            alpha = float(cronbach_alpha(complete).alpha)
        except ValueError:
            # analytics explains in English for developers; the page says it in the reader's words.
            note = gettext(
                "cannot be computed: too few complete answers, or answers that never vary"
            )
    means = [
        (q, float(np.nanmean(table[:, j])) if len(answers) else None)
        for j, q in enumerate(questions)
    ]
    return SurveyStats(
        invited=invitations.count(),
        responded=responses.count(),
        alpha=alpha,
        alpha_note=note,
        question_means=means,
    )
