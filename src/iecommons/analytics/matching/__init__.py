"""Matching students to positions: stable matching, its checker and the optimum."""

from iecommons.analytics.matching.blocking import BlockingPairs, blocking_pairs
from iecommons.analytics.matching.deferred_acceptance import StableMatching, stable_matching
from iecommons.analytics.matching.optimal import OptimalAssignment, optimal_assignment

__all__ = [
    "BlockingPairs",
    "OptimalAssignment",
    "StableMatching",
    "blocking_pairs",
    "optimal_assignment",
    "stable_matching",
]
