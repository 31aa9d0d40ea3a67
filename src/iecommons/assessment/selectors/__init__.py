"""Reads of the assessment app, by sub-area: values (boards, queues), surveys, weights,
snapshots (what a run freezes), runs, results and rectification. Writes are in
:mod:`iecommons.assessment.services`, rules in :mod:`iecommons.authz.assessment`."""
