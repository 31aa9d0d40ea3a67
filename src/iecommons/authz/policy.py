"""Who may do what in the policy app: programmes, applications, the fund ledger,
certification, the surcharge calculator and the policy lab.

- A programme, a certification decision or a scenario belongs to the supervisors of its
  jurisdiction (the rule in :mod:`iecommons.authz`): a provincial supervisor runs only the
  programmes of its province and its cities; national ones are for national supervisors.
- An organisation's representatives apply, appeal, and see their own applications, their
  certification and their surcharge calculator; nobody else's.
- The public sees open programmes, awards (the transparency page) and certified enterprises,
  and every policy document with the state of its measures.
- A policy document is issued by the supervisors of its jurisdiction; each jurisdiction's
  supervisors report how far it carried out each measure; the implementation board and the
  evidence are for supervisors, each seeing the jurisdictions it supervises.
- A demonstration selection belongs to the supervisors of its jurisdiction (national, or a
  province): they create it, publish it for its notice period, answer the objections and
  finalise it; its draft is theirs alone. Once published anyone sees it; during the notice
  anyone signed in may object (a community's secretariat also on behalf of its community);
  an objection is seen by whoever filed it and by the selection's supervisors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from iecommons.authz.scope import (
    is_secretariat_of,
    is_signed_in,
    is_supervisor,
    represented_q,
    represents,
    scope_for,
    secretariat_communities_q,
    supervises_jurisdiction,
)

if TYPE_CHECKING:
    from iecommons.policy.models import (
        Application,
        Certification,
        DemonstrationObjection,
        DemonstrationSelection,
        IncentiveProgramme,
        MeasureImplementation,
        PolicyDocument,
        PolicyScenario,
    )
    from iecommons.registry.models import Community, Organization, Region


def _jurisdiction_q(user: Any, prefix: str = "") -> Q | None:
    """Rows whose ``{prefix}jurisdiction`` (or province) the user supervises; None: all."""
    found = scope_for(user)
    if found.is_operator or found.national_supervisor:
        return None
    regions = found.supervised_region_ids
    if not regions:
        return Q(pk__in=[])
    return Q(**{f"{prefix}__in": regions}) | Q(
        **{f"{prefix}__parent__in": found.supervised_province_ids}
    )


def can_open_programme(user: Any, jurisdiction: Region | None) -> bool:
    """May open a programme for ``jurisdiction`` (None: national)."""
    return supervises_jurisdiction(user, jurisdiction)


def can_manage_programme(user: Any, programme: IncentiveProgramme) -> bool:
    """Edit, open, review, decide, disburse and lapse: the jurisdiction's supervisors."""
    return supervises_jurisdiction(user, programme.jurisdiction)


def visible_managed_programmes(
    user: Any, queryset: QuerySet[IncentiveProgramme]
) -> QuerySet[IncentiveProgramme]:
    condition = _jurisdiction_q(user, "jurisdiction")
    if condition is None:
        return queryset
    return queryset.filter(condition)


def visible_public_programmes(
    user: Any, queryset: QuerySet[IncentiveProgramme]
) -> QuerySet[IncentiveProgramme]:
    """Anyone sees programmes that are not drafts; managers see their drafts too."""
    managed = _jurisdiction_q(user, "jurisdiction")
    if managed is None:
        return queryset
    return queryset.filter(~Q(status="draft") | managed)


def can_see_programme(user: Any, programme: IncentiveProgramme) -> bool:
    return programme.status != "draft" or can_manage_programme(user, programme)


def can_apply_for(user: Any, organization: Organization) -> bool:
    """Applies on behalf of ``organization``: its representatives only."""
    return represents(user, organization)


def can_see_application(user: Any, application: Application) -> bool:
    return represents(user, application.organization) or can_manage_programme(
        user, application.programme
    )


def visible_applications(user: Any, queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Own organisations' applications, and those of the programmes the user manages."""
    managed = _jurisdiction_q(user, "programme__jurisdiction")
    if managed is None:
        return queryset
    own = Q(organization_id__in=scope_for(user).organization_ids)
    return queryset.filter(own | managed)


def can_add_application_document(user: Any, application: Application) -> bool:
    """Supporting documents: the applicant's representatives (while it is undecided)."""
    return represents(user, application.organization)


def can_review(user: Any, application: Application) -> bool:
    """Scores, decisions and appeal decisions: the programme's supervisors."""
    return can_manage_programme(user, application.programme)


def can_appeal(user: Any, application: Application) -> bool:
    return represents(user, application.organization)


def can_certify_in(user: Any, province: Region) -> bool:
    """Edit criteria, admit to the pool, certify, confirm, withdraw: the province's
    supervisors (and national ones)."""
    return supervises_jurisdiction(user, province)


def can_see_certification(user: Any, certification: Certification) -> bool:
    """The path, its evidence and documents: the enterprise's representatives and the
    province's supervisors."""
    return represents(user, certification.organization) or can_certify_in(
        user, certification.province
    )


def can_enter_certification_pool(user: Any, organization: Organization) -> bool:
    """Put an enterprise on the path: its representatives apply, the supervisors of the
    province it is registered in admit it."""
    return represents(user, organization) or can_certify_in(user, organization.region.province)


def can_give_certification_evidence(user: Any, certification: Certification) -> bool:
    """Evidence text and documents per criterion: the enterprise's representatives."""
    return represents(user, certification.organization)


def visible_managed_certifications(
    user: Any, queryset: QuerySet[Certification]
) -> QuerySet[Certification]:
    condition = _jurisdiction_q(user, "province")
    return queryset if condition is None else queryset.filter(condition)


def visible_certifications(user: Any, queryset: QuerySet[Certification]) -> QuerySet[Certification]:
    """The paths of one's own organisations, and those of the provinces one supervises."""
    managed = _jurisdiction_q(user, "province")
    if managed is None:
        return queryset
    return queryset.filter(Q(organization_id__in=scope_for(user).organization_ids) | managed)


def visible_own_organizations(
    user: Any, queryset: QuerySet[Organization]
) -> QuerySet[Organization]:
    """The organisations ``user`` represents (to apply for certification for)."""
    return queryset.filter(represented_q(user, "pk"))


def visible_certifying_provinces(user: Any, queryset: QuerySet[Region]) -> QuerySet[Region]:
    """The provinces whose criteria ``user`` may publish (and whose paths it decides)."""
    found = scope_for(user)
    queryset = queryset.filter(level="province")
    if found.is_operator or found.national_supervisor:
        return queryset
    return queryset.filter(pk__in=found.supervised_province_ids)


def can_use_calculator(user: Any, organization: Organization) -> bool:
    """The surcharge calculator and evidence pack: the enterprise's own representatives,
    and supervisors of the province that certified it."""
    if represents(user, organization):
        return True
    certification = getattr(organization, "certification", None)
    return certification is not None and can_certify_in(user, certification.province)


def can_run_scenarios(user: Any) -> bool:
    """The policy lab is for supervisors."""
    return is_supervisor(user)


def can_save_scenario(user: Any, jurisdiction: Region | None) -> bool:
    """A supervisor saves scenarios of its own (no jurisdiction) or for one it supervises."""
    return is_supervisor(user) and (
        jurisdiction is None or supervises_jurisdiction(user, jurisdiction)
    )


def can_see_scenario(user: Any, scenario: PolicyScenario) -> bool:
    """Its author, and the supervisors of the jurisdiction it was saved for."""
    if not is_supervisor(user):
        return False
    if scenario.created_by_id is not None and scenario.created_by_id == scope_for(user).user_id:
        return True
    return scenario.jurisdiction_id is not None and supervises_jurisdiction(
        user, scenario.jurisdiction
    )


def visible_scenarios(user: Any, queryset: QuerySet[PolicyScenario]) -> QuerySet[PolicyScenario]:
    if not is_supervisor(user):
        return queryset.none()
    condition = _jurisdiction_q(user, "jurisdiction")
    if condition is None:
        return queryset
    return queryset.filter(Q(created_by_id=scope_for(user).user_id) | condition)


def visible_own_memberships(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The memberships of the organisations ``user`` represents (to apply through)."""
    return queryset.filter(organization_id__in=scope_for(user).organization_ids)


def can_issue_document(user: Any, jurisdiction: Region | None) -> bool:
    """Issue a policy document for ``jurisdiction`` (None: national) and add its measures."""
    return supervises_jurisdiction(user, jurisdiction)


def can_manage_document(user: Any, document: PolicyDocument) -> bool:
    return supervises_jurisdiction(user, document.jurisdiction)


def can_report_implementation(user: Any, jurisdiction: Region) -> bool:
    """Report how far ``jurisdiction`` carried out a measure: its own supervisors."""
    return supervises_jurisdiction(user, jurisdiction)


def can_see_board(user: Any) -> bool:
    """The implementation board is for supervisors."""
    return is_supervisor(user)


def visible_board_regions(user: Any, queryset: QuerySet[Region]) -> QuerySet[Region]:
    """The implementing jurisdictions whose rows the user's board shows."""
    found = scope_for(user)
    if found.is_operator or found.national_supervisor:
        return queryset
    if not found.is_supervisor:
        return queryset.none()
    return queryset.filter(
        Q(pk__in=found.supervised_region_ids) | Q(parent__in=found.supervised_province_ids)
    )


def can_see_implementation_evidence(user: Any, implementation: MeasureImplementation) -> bool:
    """The evidence file: the supervisors of the jurisdiction that reported it and of the
    document's jurisdiction."""
    return supervises_jurisdiction(user, implementation.jurisdiction) or can_manage_document(
        user, implementation.measure.document
    )


def can_create_selection(user: Any, jurisdiction: Region | None) -> bool:
    """Create a demonstration selection for ``jurisdiction`` (None: national)."""
    return supervises_jurisdiction(user, jurisdiction)


def can_start_selections(user: Any) -> bool:
    """Sees the "new selection" page: a supervisor of some jurisdiction."""
    return is_supervisor(user)


def can_manage_selection(user: Any, selection: DemonstrationSelection) -> bool:
    """Publish, answer objections, finalise, see the draft and every candidate."""
    return supervises_jurisdiction(user, selection.jurisdiction)


def can_see_selection(user: Any, selection: DemonstrationSelection) -> bool:
    return selection.status != "draft" or can_manage_selection(user, selection)


def visible_selections(
    user: Any, queryset: QuerySet[DemonstrationSelection]
) -> QuerySet[DemonstrationSelection]:
    """Published and final selections for anyone; drafts for their supervisors."""
    managed = _jurisdiction_q(user, "jurisdiction")
    if managed is None:
        return queryset
    return queryset.filter(~Q(status="draft") | managed)


def can_object(user: Any, selection: DemonstrationSelection) -> bool:
    """File an objection against an entry of a selection under public notice: anyone
    signed in (when is the service's rule: inside the notice period)."""
    return is_signed_in(user) and selection.status == "notice"


def can_object_for(user: Any, community: Community) -> bool:
    """Object on behalf of ``community``: its secretariat."""
    return is_secretariat_of(user, community)


def visible_objection_communities(user: Any, queryset: QuerySet[Community]) -> QuerySet[Community]:
    """The communities ``user`` may object on behalf of: those whose secretariat it runs
    (none for an operator: an operator objects as itself)."""
    condition = secretariat_communities_q(user)
    return queryset.none() if condition is None else queryset.filter(condition)


def can_see_objection(user: Any, objection: DemonstrationObjection) -> bool:
    if is_signed_in(user) and objection.filed_by_id == scope_for(user).user_id:
        return True
    return can_manage_selection(user, objection.selection)


def visible_objections(
    user: Any, selection: DemonstrationSelection, queryset: QuerySet[DemonstrationObjection]
) -> QuerySet[DemonstrationObjection]:
    """All of a selection's objections for its supervisors; one's own for anyone else."""
    if can_manage_selection(user, selection):
        return queryset
    if not is_signed_in(user):
        return queryset.none()
    return queryset.filter(filed_by_id=scope_for(user).user_id)
