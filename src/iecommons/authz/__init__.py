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

The other rules decided once:

- "represents an active member of this community" is the predicate
  ``is_active_member_rep_in`` (the organisations a person represents, and the communities in
  which they are active members, are loaded with the scope);
- "supervises this cycle" is ``supervises_jurisdiction(user, cycle.jurisdiction)``
  (``authz.assessment.can_manage_cycle``), so a provincial supervisor supervises a cycle
  opened for one of its cities as it supervises that city's communities;
- a community's private area — the registry's private records, collaboration's private area
  and its projects — is one rule (``authz.registry.can_see_private``): its managers, the
  representatives of its active members, and, **read only**, its experts: those holding an
  expert role in it and those assigned to it in an assessment cycle that is still open.
  Experts never write there (``can_participate``, ``can_edit_project`` leave them out);
- an expert appointed to a cycle sees and reviews only the communities assigned to it in
  that cycle (``authz.assessment.reviews``); the cycle's supervisor assigns them, never one
  in which an organisation the expert represents is an active member
  (``authz.assessment.is_recused``).
"""
