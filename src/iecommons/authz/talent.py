"""Who may do what in the talent chain: the three lists, students, internship rounds.

- The three lists: a member representative posts items for an organisation it represents
  that is an active member of the community; the secretariat (or a supervisor) reviews and
  publishes; published items are public, unpublished ones are seen by their poster and the
  community's managers.
- Students (personal information): a student record is seen by the representatives of its
  college and by the student itself; an enterprise sees only the students who applied to its
  positions or are placed at them. Neither the secretariat nor a supervisor sees students.
- Rounds: the college's representatives open, publish, run and override their round;
  enterprises that are active members of the round's community post positions and score
  their applicants; students rank positions (their college may rank for them).
- Programmes (co-developed courses and textbooks, order classes and apprenticeships, enterprise
  mentors): part of the community's private area (``authz.registry.can_see_private``); a
  course is recorded by its college, a cohort or a mentor by its college or its enterprise,
  each an active member. People's records stay with their organisations: a teacher and its
  enterprise practice are seen by the teacher's college only; a mentor's name by its
  enterprise and college; a tripartite agreement (a student's) by the cohort's college and
  enterprise and the student itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from iecommons.authz.scope import (
    acting_organization_ids,
    is_operator,
    is_secretariat_of,
    is_signed_in,
    scope_for,
    supervises,
)

if TYPE_CHECKING:
    from iecommons.registry.models import Community, Organization
    from iecommons.talent.models import (
        Cohort,
        InternshipPosition,
        ListItem,
        Placement,
        PlacementRound,
        Student,
    )


# --- the three lists -------------------------------------------------------------------------


def can_post_list_item(user: Any, community: Community, organization: Organization) -> bool:
    """Acts for ``organization``, an active member of ``community`` (or runs the community)."""
    return organization.pk in acting_organization_ids(user, community) or is_secretariat_of(
        user, community
    )


def can_review_list_items(user: Any, community: Community) -> bool:
    """The secretariat publishes or returns items; supervisors may too."""
    return is_secretariat_of(user, community) or supervises(user, community)


def can_see_list_item(user: Any, item: ListItem) -> bool:
    from iecommons.talent.models import ListStatus

    if item.status == ListStatus.PUBLISHED:
        return True
    return can_review_list_items(user, item.community) or (
        item.organization_id in scope_for(user).organization_ids
    )


def visible_list_items(user: Any, community: Community, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Published items for everyone; with them, for managers every item, for a
    representative the items of its own organisations."""
    from iecommons.talent.models import ListStatus

    if can_review_list_items(user, community):
        return queryset
    own = scope_for(user).organization_ids
    return queryset.filter(Q(status=ListStatus.PUBLISHED) | Q(organization_id__in=own))


def can_take_on(user: Any, community: Community, organization: Organization) -> bool:
    """Taking a technology need on is posting a project for an active member."""
    return organization.pk in acting_organization_ids(user, community)


# --- students --------------------------------------------------------------------------------


def can_manage_students(user: Any, college: Organization) -> bool:
    """Registers and reads the students of ``college``: its representatives only."""
    return is_operator(user) or college.pk in scope_for(user).organization_ids


def can_see_student(user: Any, student: Student) -> bool:
    if student.user_id is not None and is_signed_in(user) and student.user_id == user.pk:
        return True
    if can_manage_students(user, student.college):
        return True
    own = scope_for(user).organization_ids
    return bool(own) and (
        student.applications.filter(position__enterprise_id__in=own).exists()
        or student.placements.filter(position__enterprise_id__in=own).exists()
    )


def visible_students(user: Any, queryset: QuerySet[Student]) -> QuerySet[Student]:
    """Students of the colleges ``user`` represents, applicants to and interns at the
    enterprises it represents, and the student's own record."""
    if is_operator(user):
        return queryset
    if not is_signed_in(user):
        return queryset.none()
    own = scope_for(user).organization_ids
    condition = Q(user_id=user.pk)
    if own:
        condition |= (
            Q(college_id__in=own)
            | Q(applications__position__enterprise_id__in=own)
            | Q(placements__position__enterprise_id__in=own)
        )
    return queryset.filter(condition).distinct()


# --- rounds ----------------------------------------------------------------------------------


def can_open_round(user: Any, community: Community, college: Organization) -> bool:
    """A representative of ``college``, an active member of ``community``."""
    return college.pk in acting_organization_ids(user, community)


def can_manage_round(user: Any, placement_round: PlacementRound) -> bool:
    """Publish, run, override, open a second round: the college's representatives."""
    return is_operator(user) or placement_round.college_id in scope_for(user).organization_ids


def can_view_round(user: Any, placement_round: PlacementRound) -> bool:
    """The round and its positions: the community's members, managers and the students of
    the college."""
    community = placement_round.community
    if can_manage_round(user, placement_round) or is_secretariat_of(user, community):
        return True
    if acting_organization_ids(user, community):
        return True
    return is_signed_in(user) and placement_round.college_id == _student_college_id(user)


def _student_college_id(user: Any) -> int | None:
    student = getattr(user, "student", None)
    return None if student is None else int(student.college_id)


def can_post_position(user: Any, placement_round: PlacementRound, enterprise: Organization) -> bool:
    """An active member enterprise of the round's community, by its representative."""
    return enterprise.pk in acting_organization_ids(user, placement_round.community)


def can_score(user: Any, position: InternshipPosition) -> bool:
    """The enterprise scores the applicants of its own positions."""
    return is_operator(user) or position.enterprise_id in scope_for(user).organization_ids


def can_rank_for(user: Any, student: Student) -> bool:
    """The student itself, or its college on its behalf."""
    if student.user_id is not None and is_signed_in(user) and student.user_id == user.pk:
        return True
    return can_manage_students(user, student.college)


def can_see_placement(user: Any, placement: Placement) -> bool:
    """The student, its college, and the host enterprise of the placement."""
    if can_rank_for(user, placement.student):
        return True
    own = scope_for(user).organization_ids
    return placement.position is not None and placement.position.enterprise_id in own


def visible_placements(user: Any, queryset: QuerySet[Placement]) -> QuerySet[Placement]:
    if is_operator(user):
        return queryset
    if not is_signed_in(user):
        return queryset.none()
    own = scope_for(user).organization_ids
    condition = Q(student__user_id=user.pk)
    if own:
        condition |= Q(student__college_id__in=own) | Q(position__enterprise_id__in=own)
    return queryset.filter(condition)


# --- programmes: courses, cohorts, teachers, mentors -------------------------------------------


def can_see_programmes(user: Any, community: Community) -> bool:
    """A community's courses, cohorts and mentors: its private area."""
    from iecommons.authz.registry import can_see_private

    return can_see_private(user, community)


def can_record_course(user: Any, community: Community, college: Organization) -> bool:
    """A representative of ``college``, an active member of ``community``."""
    return college.pk in acting_organization_ids(user, community)


def can_record_cohort(
    user: Any, community: Community, college: Organization, enterprise: Organization
) -> bool:
    """A representative of the cohort's college or enterprise, both active members."""
    acting = acting_organization_ids(user, community)
    return college.pk in acting or enterprise.pk in acting


def can_edit_cohort(user: Any, cohort: Cohort) -> bool:
    """Outcomes and agreements: the representatives of the cohort's college and enterprise."""
    own = scope_for(user).organization_ids
    return is_operator(user) or cohort.college_id in own or cohort.enterprise_id in own


def visible_agreements(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """A student's agreement: the cohort's college and enterprise, and the student itself."""
    if is_operator(user):
        return queryset
    if not is_signed_in(user):
        return queryset.none()
    own = scope_for(user).organization_ids
    condition = Q(student__user_id=user.pk)
    if own:
        condition |= Q(cohort__college_id__in=own) | Q(cohort__enterprise_id__in=own)
    return queryset.filter(condition)


def can_manage_teachers(user: Any, college: Organization) -> bool:
    """A college's teachers and their enterprise practice: its representatives only."""
    return can_manage_students(user, college)


def visible_teachers(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_operator(user):
        return queryset
    return queryset.filter(college_id__in=scope_for(user).organization_ids)


def can_record_mentor(
    user: Any, community: Community, enterprise: Organization, college: Organization
) -> bool:
    """The mentor's enterprise or the college it teaches at, both active members."""
    return can_record_cohort(user, community, college, enterprise)


def visible_mentors(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Mentors by name: their enterprise and the college they teach at."""
    if is_operator(user):
        return queryset
    own = scope_for(user).organization_ids
    return queryset.filter(Q(enterprise_id__in=own) | Q(college_id__in=own))
