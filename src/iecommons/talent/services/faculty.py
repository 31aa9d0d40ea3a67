"""Teachers and mentors: a college's teachers with their 双师型 status and enterprise
practice, and the enterprise mentors who teach at member colleges."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from iecommons.authz import talent as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.services import refuse, validate_model
from iecommons.registry.models import Community, Membership, Organization
from iecommons.talent.models import EnterpriseMentor, EnterprisePractice, Teacher
from iecommons.talent.services.lists import check_majors
from iecommons.talent.services.students import require_college


@transaction.atomic
def teacher_register(
    *,
    actor: Any,
    college: Organization | None,
    name: str,
    staff_number: str,
    major_code: str = "",
    specialised: bool = True,
    dual_qualified: bool = False,
    dual_qualified_since: datetime.date | None = None,
) -> Teacher:
    """Register a teacher of ``college`` (its representatives only)."""
    college = require_college(college)
    require(rules.can_manage_teachers(actor, college))
    number = (staff_number or "").strip()
    if Teacher.objects.filter(college=college, staff_number=number).exists():
        raise refuse("staff_number", _("This college already has a teacher with this number."))
    if dual_qualified_since is not None and not dual_qualified:
        raise refuse(
            "dual_qualified_since", _("Only a dual-qualified teacher has a date of recognition.")
        )
    teacher = Teacher(
        college=college,
        name=(name or "").strip(),
        staff_number=number,
        major_code=check_majors([major_code], field="major_code")[0] if major_code else "",
        specialised=bool(specialised),
        dual_qualified=bool(dual_qualified),
        dual_qualified_since=dual_qualified_since,
    )
    validate_model(teacher, exclude=["college"])
    teacher.save()
    audit.record(actor=actor, instance=teacher, operation="teacher_register")
    return teacher


@transaction.atomic
def practice_record(
    *,
    actor: Any,
    teacher: Teacher,
    enterprise: Organization | None,
    starts: datetime.date | None,
    ends: datetime.date | None,
    description: str = "",
) -> EnterprisePractice:
    """Record a period the teacher spent practising in an enterprise."""
    require(rules.can_manage_teachers(actor, teacher.college))
    if enterprise is None or enterprise.type != Organization.Type.ENTERPRISE:
        raise refuse("enterprise", _("Choose an enterprise."))
    if starts is None:
        raise refuse("starts", _("Give the first day of the practice."))
    if ends is None or ends < starts:
        raise refuse("ends", _("The practice ends on or after the day it starts."))
    overlapping = teacher.practices.filter(starts__lte=ends, ends__gte=starts).first()
    if overlapping is not None:
        raise refuse(
            "starts",
            _("The period overlaps the practice already recorded from %(starts)s to %(ends)s.")
            % {"starts": overlapping.starts.isoformat(), "ends": overlapping.ends.isoformat()},
        )
    practice = EnterprisePractice(
        teacher=teacher,
        enterprise=enterprise,
        starts=starts,
        ends=ends,
        description=(description or "").strip(),
    )
    validate_model(practice, exclude=["teacher", "enterprise"])
    practice.save()
    audit.record(actor=actor, instance=practice, operation="practice_record")
    return practice


@transaction.atomic
def mentor_record(
    *,
    actor: Any,
    community: Community,
    enterprise: Organization | None,
    college: Organization | None,
    name: str,
    year: int,
    teaching_hours: int,
    qualification: str = "",
) -> EnterpriseMentor:
    """Record an enterprise mentor and the hours taught at a college in one year."""
    college = require_college(college)
    if enterprise is None or enterprise.type != Organization.Type.ENTERPRISE:
        raise refuse("enterprise", _("Choose an enterprise."))
    require(rules.can_record_mentor(actor, community, enterprise, college))
    for field, organization in (("enterprise", enterprise), ("college", college)):
        if not Membership.objects.filter(
            community=community, organization=organization, left__isnull=True
        ).exists():
            raise refuse(
                field,
                _("%(organization)s is not an active member of this community.")
                % {"organization": organization},
            )
    if teaching_hours is None or int(teaching_hours) < 1:
        raise refuse("teaching_hours", _("Give the hours taught (at least one)."))
    mentor = EnterpriseMentor(
        community=community,
        enterprise=enterprise,
        college=college,
        name=(name or "").strip(),
        qualification=(qualification or "").strip(),
        year=year,
        teaching_hours=int(teaching_hours),
    )
    validate_model(mentor, exclude=["community", "enterprise", "college"])
    mentor.save()
    audit.record(actor=actor, instance=mentor, operation="mentor_record")
    return mentor
