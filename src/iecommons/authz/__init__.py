"""Who may do what, where: every authorization rule of the platform, and nothing else.

``authz.scope`` loads a person's scope once per request and exposes named predicates
(``supervises``, ``is_secretariat_of``, ``represents``, ``is_active_member_rep_in`` …).
Each area has one module of rules built only from those predicates — ``authz.registry``,
``authz.collaboration``, ``authz.projects``, ``authz.assessment``, and one per later app —
with functions ``can_*(user, obj) -> bool`` and ``visible_*(user, queryset) -> queryset``.

Services, selectors, views, forms and APIs ask these modules; none re-derives a rule, reads
role rows or tests ``is_superuser``. Models never import ``authz``: it reads them.

The jurisdiction rule, decided once (``authz.scope``):

- an operator (staff superuser) and a national supervisor supervise everything;
- a provincial supervisor supervises the provincial and municipal communities seated in its
  province, including those of its cities, and every cycle or programme whose jurisdiction
  is its province or one of its cities;
- a city supervisor supervises the municipal communities seated in its city and the
  cycles or programmes whose jurisdiction is that city;
- national communities, and national cycles or programmes, belong to national supervisors.
"""
