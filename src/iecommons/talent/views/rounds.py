"""Pages of the talent chain: a community's three lists, and an internship round.

Thin: each page asks :mod:`iecommons.authz.talent`, reads through the selectors and writes
through one service; a refusal is shown beside the field it names.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iecommons.authz import talent as rules
from iecommons.authz.scope import acting_organization_ids, require
from iecommons.registry.models import Community, Organization
from iecommons.talent import selectors
from iecommons.talent.forms import OverrideForm, PositionForm, RankingForm, apply_refusal
from iecommons.talent.models import InternshipPosition, Placement, PlacementRound
from iecommons.talent.rules import RULE_FIELDS
from iecommons.talent.services import rounds
from iecommons.talent.skills import skill_names


def community_lists(request: HttpRequest, community_id: int) -> HttpResponse:
    """The three lists of a community: published items for everyone."""
    community = get_object_or_404(Community.objects.select_related("field"), pk=community_id)
    lists = [
        (kind, label, list(selectors.list_items(request.user, community, kind)[:200]))
        for kind, label in (
            ("talent", _("Talent needs")),
            ("technology", _("Technology needs")),
            ("products", _("Core products")),
        )
    ]
    for _kind, _label, items in lists:
        for item in items:
            # Talent needs store their skills by code; the page names them.
            item.shown_skills = skill_names(getattr(item, "skills", []))
    visible_rounds = [
        r
        for r in PlacementRound.objects.filter(community=community).select_related(
            "college", "community"
        )
        if rules.can_view_round(request.user, r)
    ]
    return render(
        request,
        "talent/lists.html",
        {
            "community": community,
            "lists": lists,
            "rounds": visible_rounds,
            "can_see_programmes": rules.can_see_programmes(request.user, community),
            "can_post": bool(acting_organization_ids(request.user, community))
            or rules.can_review_list_items(request.user, community),
        },
    )


def _round(request: HttpRequest, pk: int) -> PlacementRound:
    placement_round = get_object_or_404(
        PlacementRound.objects.select_related("community", "college"), pk=pk
    )
    if not rules.can_view_round(request.user, placement_round):
        raise Http404
    return placement_round


def _own_student(request: HttpRequest, placement_round: PlacementRound) -> Any:
    student = getattr(request.user, "student", None) if request.user.is_authenticated else None
    if student is None or student.college_id != placement_round.college_id:
        return None
    return student


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A round: its positions; what the viewer may do next; and, once matched, results."""
    placement_round = _round(request, pk)
    user = request.user
    positions = list(selectors.round_positions(placement_round))
    enterprises = list(
        Organization.objects.filter(
            pk__in=acting_organization_ids(user, placement_round.community),
            type=Organization.Type.ENTERPRISE,
        )
    )
    position_form = None
    if enterprises and placement_round.status == PlacementRound.Status.DRAFT:
        position_form = PositionForm(prefix="position")
    student = _own_student(request, placement_round)
    ranking_form = None
    if student is not None and placement_round.status == PlacementRound.Status.PUBLISHED:
        open_positions = [
            p for p in positions if not p.major_codes or student.major_code in p.major_codes
        ]
        ranking_form = RankingForm(positions=open_positions, choices=placement_round.max_choices)
    placements = []
    own_result = None
    reasons: list[Any] = []
    if placement_round.status == PlacementRound.Status.MATCHED:
        placements = list(
            rules.visible_placements(
                user,
                Placement.objects.filter(round=placement_round).select_related(
                    "student", "position__enterprise"
                ),
            ).order_by("student__student_number")[:500]
        )
        selectors.student_access_log(user, what="round_placements", rows=len(placements))
        if student is not None:
            own_result = Placement.objects.filter(round=placement_round, student=student).first()
            if own_result is not None:
                reasons = selectors.placement_explanation(own_result)
    return render(
        request,
        "talent/round_detail.html",
        {
            "round": placement_round,
            "community": placement_round.community,
            "positions": positions,
            "position_form": position_form,
            "enterprises": enterprises,
            "ranking_form": ranking_form,
            "can_manage": rules.can_manage_round(user, placement_round),
            "placements": placements,
            "own_result": own_result,
            "reasons": reasons,
        },
    )


def _back(placement_round: PlacementRound) -> HttpResponse:
    return redirect(reverse("talent:round_detail", args=[placement_round.pk]))


@require_POST
def position_add(request: HttpRequest, pk: int) -> HttpResponse:
    placement_round = _round(request, pk)
    enterprises = list(
        Organization.objects.filter(
            pk__in=acting_organization_ids(request.user, placement_round.community),
            type=Organization.Type.ENTERPRISE,
        )
    )
    require(bool(enterprises))
    form = PositionForm(request.POST, prefix="position")
    if form.is_valid():
        try:
            rounds.position_post(
                actor=request.user,
                placement_round=placement_round,
                enterprise=enterprises[0],
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_refusal(form, error, aliases=RULE_FIELDS)
        else:
            messages.success(request, _("The position is posted."))
            return _back(placement_round)
    return render(
        request,
        "talent/position_form.html",
        {"round": placement_round, "community": placement_round.community, "form": form},
        status=422,
    )


@require_POST
def ranking_save(request: HttpRequest, pk: int) -> HttpResponse:
    placement_round = _round(request, pk)
    student = _own_student(request, placement_round)
    if student is None:
        raise Http404
    positions = list(selectors.round_positions(placement_round))
    form = RankingForm(request.POST, positions=positions, choices=placement_round.max_choices)
    if form.is_valid():
        by_id = {p.pk: p for p in positions}
        try:
            rounds.ranking_submit(
                actor=request.user,
                placement_round=placement_round,
                student=student,
                positions=[by_id.get(pk) for pk in form.ranked_ids()],
            )
        except ValidationError as error:
            for message in (m for ms in error.message_dict.values() for m in ms):
                messages.error(request, message)
        else:
            messages.success(request, _("Your ranking is saved."))
    return _back(placement_round)


@require_POST
def round_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Publish the round, or run the matching: the college."""
    placement_round = _round(request, pk)
    try:
        if action == "publish":
            rounds.round_publish(actor=request.user, placement_round=placement_round)
            messages.success(request, _("The round is open for ranking."))
        elif action == "run":
            rounds.round_run(actor=request.user, placement_round=placement_round)
            messages.success(request, _("The matching is queued; results follow shortly."))
        elif action == "second":
            second = rounds.round_second(actor=request.user, placement_round=placement_round)
            return _back(second)
        else:
            raise Http404
    except ValidationError as error:
        for message in (m for ms in error.message_dict.values() for m in ms):
            messages.error(request, message)
    return _back(placement_round)


def placement_override(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_object_or_404(
        Placement.objects.select_related("round__community", "student", "position"), pk=pk
    )
    placement_round = placement.round
    require(rules.can_manage_round(request.user, placement_round))
    positions = list(InternshipPosition.objects.filter(round=placement_round).order_by("pk"))
    form = OverrideForm(request.POST or None, positions=positions)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["position"]
        position = next((p for p in positions if str(p.pk) == chosen), None)
        try:
            rounds.placement_override(
                actor=request.user,
                placement=placement,
                position=position,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_refusal(form, error)
        else:
            from iecommons.talent.matching import round_blocking_pairs

            pairs = round_blocking_pairs(placement_round)
            messages.warning(
                request,
                _("Override saved. Blocking pairs it leaves: %(count)d.") % {"count": len(pairs)},
            )
            return _back(placement_round)
    return render(
        request,
        "talent/override_form.html",
        {
            "placement": placement,
            "round": placement_round,
            "form": form,
            "community": placement_round.community,
        },
    )
