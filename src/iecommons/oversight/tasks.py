"""Background jobs of oversight; they import their services inside the function."""

from __future__ import annotations

from django_tasks import task


@task()
def build_open_data(reason: str) -> int:
    """Build the next open-data release; return its version."""
    from iecommons.oversight.opendata.build import open_data_build

    return open_data_build(reason=reason).version
