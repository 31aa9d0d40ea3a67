"""Benefit sharing: Shapley values and proportional allocation."""
