"""The pure computational core of IE Commons: evaluation without Django.

Arrays in, frozen result objects out. Everything a researcher needs to weigh
criteria, aggregate a decision matrix, grade with fuzzy sets, test the stability of
a ranking, check a survey's reliability, share benefits and match students to positions::

    >>> from iecommons.analytics import entropy_weights, topsis
    >>> matrix = [[7.0, 9.0, 9.0], [8.0, 7.0, 8.0], [9.0, 6.0, 8.0], [6.0, 7.0, 8.0]]
    >>> weights = entropy_weights(matrix)
    >>> topsis(matrix, weights).ranks
    array([1, 2, 3, 4])

See ``docs/analytics.md`` for the formulas and conventions.
"""

from iecommons.analytics.matching import (
    BlockingPairs,
    OptimalAssignment,
    StableMatching,
    blocking_pairs,
    optimal_assignment,
    stable_matching,
)
from iecommons.analytics.mcda.aggregate import (
    Ranking,
    TopsisResult,
    grey_relational,
    topsis,
    weighted_sum,
)
from iecommons.analytics.mcda.ahp import (
    RANDOM_INDEX_TABLES,
    AHPResult,
    GroupAHPResult,
    JudgmentRevision,
    ahp,
    check_pairwise,
    group_ahp,
)
from iecommons.analytics.mcda.fuzzy import (
    FuzzyResult,
    fuzzy_evaluate,
    fuzzy_memberships,
    triangular_grades,
)
from iecommons.analytics.mcda.hierarchy import HierarchyScores, IndicatorTree, hierarchy_scores
from iecommons.analytics.mcda.improvement import GradePath, grade_paths
from iecommons.analytics.mcda.normalize import normalize
from iecommons.analytics.mcda.sensitivity import (
    RankReversal,
    RankStability,
    rank_reversal,
    rank_stability,
)
from iecommons.analytics.mcda.weights import (
    WeightsResult,
    combine_weights,
    critic_weights,
    entropy_weights,
    std_weights,
)
from iecommons.analytics.sharing.shapley import (
    Allocation,
    ShapleyResult,
    proportional_allocation,
    shapley_values,
)
from iecommons.analytics.stats.reliability import (
    Reliability,
    cronbach_alpha,
    item_total_correlations,
)

__all__ = [
    "RANDOM_INDEX_TABLES",
    "AHPResult",
    "Allocation",
    "BlockingPairs",
    "FuzzyResult",
    "GradePath",
    "GroupAHPResult",
    "HierarchyScores",
    "IndicatorTree",
    "JudgmentRevision",
    "OptimalAssignment",
    "RankReversal",
    "RankStability",
    "Ranking",
    "Reliability",
    "ShapleyResult",
    "StableMatching",
    "TopsisResult",
    "WeightsResult",
    "ahp",
    "blocking_pairs",
    "check_pairwise",
    "combine_weights",
    "critic_weights",
    "cronbach_alpha",
    "entropy_weights",
    "fuzzy_evaluate",
    "fuzzy_memberships",
    "grade_paths",
    "grey_relational",
    "group_ahp",
    "hierarchy_scores",
    "item_total_correlations",
    "normalize",
    "optimal_assignment",
    "proportional_allocation",
    "rank_reversal",
    "rank_stability",
    "shapley_values",
    "stable_matching",
    "std_weights",
    "topsis",
    "triangular_grades",
    "weighted_sum",
]
