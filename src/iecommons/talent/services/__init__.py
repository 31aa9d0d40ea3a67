"""Writes of the talent chain, one module per sub-area: ``lists``, ``students``, ``rounds``.

Each function is keyword-only, atomic, asks :mod:`iecommons.authz.talent` first, refuses bad
input naming the field, and writes its audit entry in the same transaction.
"""
