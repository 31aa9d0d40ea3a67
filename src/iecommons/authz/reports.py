"""Who may do what with annual quality reports and report batches.

- A community's secretariat drafts its report, edits the narrative, refreshes the figures and
  submits it; the supervisors of the community (the jurisdiction rule) read it at any stage,
  accept it or return it to the secretariat.
- An accepted report is public: anyone reads it and downloads its PDF. Before that, only the
  secretariat and the supervisors see it.
- A batch belongs to supervisors: one may start a batch for a jurisdiction it supervises
  (its province or city, or the country for a national supervisor), and sees, follows and
  downloads the batches of the jurisdictions it supervises.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from iecommons.authz.scope import (
    is_secretariat_of,
    is_supervisor,
    scope_for,
    secretariat_communities_q,
    supervised_communities_q,
    supervises,
    supervises_jurisdiction,
)

if TYPE_CHECKING:
    from iecommons.oversight.models import AnnualReport, ReportBatch
    from iecommons.registry.models import Community, Region

ACCEPTED = "accepted"
EDITABLE = "draft"
SUBMITTED = "submitted"


def can_draft_report(user: Any, community: Community) -> bool:
    """May start, edit and submit ``community``'s annual reports."""
    return is_secretariat_of(user, community)


def can_edit_report(user: Any, report: AnnualReport) -> bool:
    """May change the narrative or refresh the figures: the secretariat, while a draft."""
    return report.status == EDITABLE and is_secretariat_of(user, report.community)


def can_submit_report(user: Any, report: AnnualReport) -> bool:
    return can_edit_report(user, report)


def can_decide_report(user: Any, report: AnnualReport) -> bool:
    """May accept a submitted report or return it: its community's supervisors."""
    return report.status == SUBMITTED and supervises(user, report.community)


def can_see_report(user: Any, report: AnnualReport) -> bool:
    if report.status == ACCEPTED:
        return True
    return is_secretariat_of(user, report.community) or supervises(user, report.community)


def can_see_report_drafts_of(user: Any, community: Community) -> bool:
    """May see ``community``'s reports before they are accepted."""
    return is_secretariat_of(user, community) or supervises(user, community)


def visible_reports(user: Any, queryset: QuerySet[AnnualReport]) -> QuerySet[AnnualReport]:
    """Accepted reports for everyone; the others for their secretariat and supervisors."""
    condition = Q(status=ACCEPTED)
    found = scope_for(user)
    if found.is_operator:
        return queryset
    secretariat = secretariat_communities_q(user, field="community_id")
    if secretariat is not None:
        condition |= secretariat
    if found.is_supervisor:
        supervised = supervised_communities_q(user, prefix="community__")
        if supervised is None:
            return queryset
        condition |= supervised
    return queryset.filter(condition)


def can_start_batch(user: Any, region: Region | None) -> bool:
    """May generate the reports of every community of ``region`` (None: the country)."""
    return supervises_jurisdiction(user, region)


def can_use_batches(user: Any) -> bool:
    return is_supervisor(user)


def can_see_batch(user: Any, batch: ReportBatch) -> bool:
    return supervises_jurisdiction(user, batch.region)


def visible_batches(user: Any, queryset: QuerySet[ReportBatch]) -> QuerySet[ReportBatch]:
    found = scope_for(user)
    if found.is_operator or found.national_supervisor:
        return queryset
    regions = found.supervised_region_ids
    if not regions:
        return queryset.none()
    return queryset.filter(
        Q(region_id__in=regions) | Q(region__parent_id__in=found.supervised_province_ids)
    )


def batch_communities_q(region: Region | None) -> Q:
    """The communities of a batch for ``region``, by the jurisdiction rule: every community
    for the country; a province's or a city's provincial and municipal communities."""
    if region is None:
        return Q()
    if region.level == "province":
        return ~Q(level="national") & Q(province_id=region.pk)
    return ~Q(level="national") & Q(region_id=region.pk)


def visible_draftable(user: Any, queryset: QuerySet[Community]) -> QuerySet[Community]:
    """The communities of ``queryset`` whose reports ``user`` may start (its secretariats;
    none for an operator, who is offered no list of a thousand)."""
    found = scope_for(user)
    return queryset.filter(pk__in=found.secretariat_community_ids)


def batch_regions_q(user: Any) -> Q:
    """The regions a supervisor was given (its batches are for these, or for the country)."""
    return Q(pk__in=scope_for(user).supervised_region_ids)
