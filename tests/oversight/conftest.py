"""Fixtures of the oversight tests."""

from tests.oversight.dashboard_world import dashboard_world

__all__ = ["dashboard_world"]
