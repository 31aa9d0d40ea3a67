"""The Django admin of every assessment model (operators only), by sub-area."""

from iecommons.assessment.admin import cycles, runs

__all__ = ["cycles", "runs"]
