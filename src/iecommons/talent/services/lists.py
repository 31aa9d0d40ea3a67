"""The three lists: members post talent needs, technology needs and core products; the
secretariat publishes or returns them; a member takes a technology need on as a project."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.authz import talent as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.services import refuse, validate_model
from iecommons.projects import services as project_services
from iecommons.projects.models import Participant, Project
from iecommons.registry.models import Community, Field, Organization, Region
from iecommons.talent import catalogues
from iecommons.talent.models import (
    CoreProduct,
    ListItem,
    ListStatus,
    TalentNeed,
    TechnologyNeed,
)
from iecommons.talent.skills import check_skills


def check_occupation(code: str, *, field: str = "occupation_code") -> str:
    """An occupation code of the 2022 classification, or a refusal naming ``field``."""
    code = (code or "").strip()
    if code not in catalogues.occupations():
        raise refuse(
            field,
            _("“%(code)s” is not in the Occupational Classification (2022) catalogue.")
            % {"code": code},
        )
    return code


def check_majors(codes: Any, *, field: str = "major_codes") -> list[str]:
    """Six-digit majors of the 2021 catalogue, each once."""
    if isinstance(codes, str):
        codes = list(codes.replace("，", ",").split(","))
    out: list[str] = []
    known = catalogues.majors()
    for raw in codes or []:
        code = str(raw).strip()
        if not code:
            continue
        entry = known.get(code)
        if entry is None or entry.kind != "major":
            raise refuse(
                field,
                _("“%(code)s” is not a major of the vocational majors catalogue (2021).")
                % {"code": code},
            )
        if code not in out:
            out.append(code)
    return out


def _start(actor: Any, item: ListItem) -> None:
    item.created_by = actor if getattr(actor, "is_authenticated", False) else None


def _require_poster(actor: Any, community: Community, organization: Organization | None) -> None:
    if organization is None:
        raise refuse("organization", _("Choose an organisation."))
    require(rules.can_post_list_item(actor, community, organization))
    if community.status != Community.Status.ACTIVE:
        raise refuse("community", _("The community is not active."))


@transaction.atomic
def talent_need_post(
    *,
    actor: Any,
    community: Community,
    organization: Organization | None,
    occupation_code: str,
    title: str,
    skill_level: str,
    headcount: int,
    region: Region | None,
    salary_min: int,
    salary_max: int,
    period_start: datetime.date,
    period_end: datetime.date,
    skills: Any = (),
    major_codes: Any = (),
) -> TalentNeed:
    """Post a talent need for review."""
    _require_poster(actor, community, organization)
    if region is None:
        raise refuse("region", _("Choose a region."))
    if headcount is None or int(headcount) < 1:
        raise refuse("headcount", _("The head count must be at least 1."))
    if salary_max < salary_min:
        raise refuse("salary_max", _("The salary range ends below where it starts."))
    if period_end < period_start:
        raise refuse("period_end", _("The period ends before it starts."))
    need = TalentNeed(
        community=community,
        organization=organization,
        occupation_code=check_occupation(occupation_code),
        title=(title or "").strip(),
        skill_level=skill_level,
        skills=check_skills(skills),
        headcount=int(headcount),
        region=region,
        salary_min=salary_min,
        salary_max=salary_max,
        period_start=period_start,
        period_end=period_end,
        major_codes=check_majors(major_codes),
    )
    _start(actor, need)
    validate_model(need, exclude=["community", "organization", "region", "created_by"])
    need.save()
    audit.record(actor=actor, instance=need, operation="talent_need_post")
    return need


@transaction.atomic
def technology_need_post(
    *,
    actor: Any,
    community: Community,
    organization: Organization | None,
    problem: str,
    field: Field | None,
    deadline: datetime.date,
    budget: Decimal | int = 0,
    description: str = "",
) -> TechnologyNeed:
    """Post a technology need for review."""
    _require_poster(actor, community, organization)
    if field is None:
        raise refuse("field", _("Choose an industry field."))
    budget_value = project_services.decimal_value(budget, field="budget") or Decimal(0)
    need = TechnologyNeed(
        community=community,
        organization=organization,
        problem=(problem or "").strip(),
        description=(description or "").strip(),
        field=field,
        budget=budget_value,
        deadline=deadline,
    )
    _start(actor, need)
    validate_model(need, exclude=["community", "organization", "field", "created_by", "project"])
    need.save()
    audit.record(actor=actor, instance=need, operation="technology_need_post")
    return need


@transaction.atomic
def core_product_post(
    *,
    actor: Any,
    community: Community,
    organization: Organization | None,
    name: str,
    field: Field | None,
    description: str = "",
) -> CoreProduct:
    """Post a core product for review."""
    _require_poster(actor, community, organization)
    if field is None:
        raise refuse("field", _("Choose an industry field."))
    product = CoreProduct(
        community=community,
        organization=organization,
        name=(name or "").strip(),
        description=(description or "").strip(),
        field=field,
    )
    _start(actor, product)
    validate_model(product, exclude=["community", "organization", "field", "created_by"])
    product.save()
    audit.record(actor=actor, instance=product, operation="core_product_post")
    return product


@transaction.atomic
def list_item_review(*, actor: Any, item: ListItem, publish: bool, note: str = "") -> ListItem:
    """Publish an item, or return it to its poster with a note saying why."""
    require(rules.can_review_list_items(actor, item.community))
    note = (note or "").strip()
    if not publish and not note:
        raise refuse("note", _("Say why the item is returned."))
    before = audit.snapshot(item)
    item.status = ListStatus.PUBLISHED if publish else ListStatus.REJECTED
    item.review_note = note[:300]
    item.published_at = timezone.now() if publish else None
    item.save(update_fields=["status", "review_note", "published_at", "updated_at"])
    audit.record(
        actor=actor,
        instance=item,
        operation="list_item_publish" if publish else "list_item_return",
        before=before,
    )
    return item


@transaction.atomic
def technology_need_take_on(
    *, actor: Any, need: TechnologyNeed, organization: Organization | None
) -> Project:
    """Turn a published, open technology need into a joint R&D project led by
    ``organization``, with the poster as a partner; the need and the project link both ways."""
    need = TechnologyNeed.objects.select_for_update().get(pk=need.pk)
    if organization is None:
        raise refuse("organization", _("Choose an organisation."))
    require(rules.can_take_on(actor, need.community, organization))
    if need.status != ListStatus.PUBLISHED:
        raise refuse("need", _("Only a published need can be taken on."))
    if need.progress != TechnologyNeed.Progress.OPEN or need.project_id is not None:
        raise refuse("need", _("This need has already been taken on."))
    project = project_services.project_create(
        actor=actor,
        community=need.community,
        type=Project.Type.JOINT_RD,
        title=need.problem,
        description=need.description,
        start=timezone.localdate(),
        end=need.deadline if need.deadline >= timezone.localdate() else None,
        budget=need.budget,
        lead=organization,
    )
    if need.organization_id != organization.pk:
        project_services.participant_add(
            actor=actor,
            project=project,
            organization=need.organization,
            role=Participant.Role.PARTNER,
        )
    before = audit.snapshot(need)
    need.project = project
    need.progress = TechnologyNeed.Progress.TAKEN
    need.save(update_fields=["project", "progress", "updated_at"])
    audit.record(actor=actor, instance=need, operation="technology_need_take_on", before=before)
    return project
