"""Writes of the policy app: keyword-only, atomic, audited; one module per sub-area."""
