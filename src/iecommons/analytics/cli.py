"""Command-line front of the analytics core: ``iecommons evaluate`` and ``iecommons weights``."""

from __future__ import annotations

import argparse


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the analytics sub-commands on the ``iecommons`` parser."""
