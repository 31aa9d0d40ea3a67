"""Writes of the assessment app, by sub-area: frameworks, cycles, values, surveys,
judgments. Each function is keyword-only, atomic, checks who may act first, refuses bad
input naming the field, and records an audit entry in the same transaction."""
