"""Assessment: indicator frameworks, cycles, values and evidence, surveys, expert judgments,
evaluation runs, results, publication and rectification.

Data flows one way: platform records → :class:`IndicatorValue` (derived, submitted,
surveyed, expert-scored) → :class:`EvaluationRun` (immutable snapshot + methods + weights)
→ :class:`Result` → :class:`Publication` and :class:`RectificationTask`.

One module per sub-area; every model is re-exported here, so that
``iecommons.assessment.models.X`` (and the migrations) name each model as before.
"""

from iecommons.assessment.models.cycles import (
    AssessmentCycle,
    CycleExpert,
    ExpertAssignment,
    WeightingChoice,
)
from iecommons.assessment.models.frameworks import Indicator, IndicatorFramework
from iecommons.assessment.models.judgments import ExpertJudgment
from iecommons.assessment.models.rectification import RectificationTask
from iecommons.assessment.models.results import Publication, Result
from iecommons.assessment.models.runs import EvaluationRun
from iecommons.assessment.models.surveys import (
    Survey,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from iecommons.assessment.models.values import Evidence, ExpertScore, IndicatorValue, evidence_path

__all__ = [
    "AssessmentCycle",
    "CycleExpert",
    "EvaluationRun",
    "Evidence",
    "ExpertAssignment",
    "ExpertJudgment",
    "ExpertScore",
    "Indicator",
    "IndicatorFramework",
    "IndicatorValue",
    "Publication",
    "RectificationTask",
    "Result",
    "Survey",
    "SurveyInvitation",
    "SurveyQuestion",
    "SurveyResponse",
    "WeightingChoice",
    "evidence_path",
]
