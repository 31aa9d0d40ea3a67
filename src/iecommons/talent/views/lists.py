"""Pages for posting to the three lists, importing them from a spreadsheet, and the
secretariat's review. Thin: authz decides, the list services write, refusals stand beside
their field (or name the row and column of the file)."""

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
from iecommons.common.collation import pinyin
from iecommons.registry.models import Community, Organization, Region
from iecommons.talent import selectors
from iecommons.talent.forms import (
    CoreProductForm,
    ListImportForm,
    ReturnForm,
    TalentNeedForm,
    TechnologyNeedForm,
    apply_refusal,
    chosen,
)
from iecommons.talent.imports import list_import
from iecommons.talent.models import ListStatus
from iecommons.talent.services import lists

FORMS: dict[str, Any] = {
    "talent": TalentNeedForm,
    "technology": TechnologyNeedForm,
    "products": CoreProductForm,
}


def _posters(request: HttpRequest, community: Community) -> list[Organization]:
    """The organisations the viewer may post for: its own active members, or (for the
    secretariat) every active member."""
    members = Organization.objects.filter(
        memberships__community=community, memberships__left__isnull=True
    )
    if not rules.can_review_list_items(request.user, community):
        members = members.filter(pk__in=acting_organization_ids(request.user, community))
    return list(members.distinct().order_by(pinyin("name"))[:500])


def _community(request: HttpRequest, community_id: int) -> tuple[Community, list[Organization]]:
    community = get_object_or_404(
        Community.objects.select_related("field", "region"), pk=community_id
    )
    posters = _posters(request, community)
    if not posters:
        raise Http404
    return community, posters


def _page(
    request: HttpRequest,
    community: Community,
    posters: list[Organization],
    status: int = 200,
    **bound: Any,
) -> HttpResponse:
    forms = {
        kind: bound.get(kind) or form(organizations=posters, prefix=kind)
        for kind, form in FORMS.items()
    }
    reviewing = rules.can_review_list_items(request.user, community)
    waiting: list[tuple[str, Any]] = []
    if reviewing:
        for kind in FORMS:
            waiting.extend(
                (kind, item)
                for item in selectors.list_items(request.user, community, kind).filter(
                    status=ListStatus.SUBMITTED
                )[:100]
            )
    context = {
        "community": community,
        "forms": forms,
        "import_form": bound.get("import_form") or ListImportForm(prefix="import"),
        "reviewing": reviewing,
        "waiting": waiting,
        "return_form": ReturnForm(prefix="review"),
    }
    return render(request, "talent/list_post.html", context, status=status)


def list_post(request: HttpRequest, community_id: int) -> HttpResponse:
    """Post an item to one of the lists, import a spreadsheet; review what awaits it."""
    community, posters = _community(request, community_id)
    return _page(request, community, posters)


def _post(kind: str, request: HttpRequest, community: Community, form: Any, poster: Any) -> None:
    data = {k: v for k, v in form.cleaned_data.items() if k != "organization"}
    if kind == "talent":
        code = data.pop("region")
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise ValidationError(
                {"region": [_("“%(code)s” is not a region code.") % {"code": code}]}
            )
        lists.talent_need_post(
            actor=request.user, community=community, organization=poster, region=region, **data
        )
    elif kind == "technology":
        lists.technology_need_post(
            actor=request.user,
            community=community,
            organization=poster,
            field=community.field,
            **data,
        )
    else:
        lists.core_product_post(
            actor=request.user,
            community=community,
            organization=poster,
            field=community.field,
            **data,
        )


@require_POST
def list_item_add(request: HttpRequest, community_id: int, kind: str) -> HttpResponse:
    community, posters = _community(request, community_id)
    if kind not in FORMS:
        raise Http404
    form = FORMS[kind](request.POST, organizations=posters, prefix=kind)
    if form.is_valid():
        try:
            _post(
                kind, request, community, form, chosen(posters, form.cleaned_data["organization"])
            )
        except ValidationError as error:
            apply_refusal(form, error)
        else:
            messages.success(request, _("The item is posted; the secretariat reviews it."))
            return redirect(reverse("talent:list_post", args=[community.pk]))
    return _page(request, community, posters, 422, **{kind: form})


@require_POST
def list_import_upload(request: HttpRequest, community_id: int) -> HttpResponse:
    community, posters = _community(request, community_id)
    form = ListImportForm(request.POST, request.FILES, prefix="import")
    if form.is_valid():
        try:
            count = list_import(
                actor=request.user,
                community=community,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            apply_refusal(form, error)
        else:
            messages.success(
                request,
                _("%(count)d items are posted; the secretariat reviews them.") % {"count": count},
            )
            return redirect(reverse("talent:list_post", args=[community.pk]))
    return _page(request, community, posters, 422, import_form=form)


@require_POST
def list_item_decide(
    request: HttpRequest, community_id: int, kind: str, item_id: int, decision: str
) -> HttpResponse:
    """The secretariat publishes an item or returns it with a note."""
    community = get_object_or_404(Community, pk=community_id)
    require(rules.can_review_list_items(request.user, community))
    model = selectors.LIST_MODELS.get(kind)
    if model is None or decision not in ("publish", "return"):
        raise Http404
    item = get_object_or_404(model, pk=item_id, community=community)
    form = ReturnForm(request.POST, prefix="review")
    note = form.data.get("review-note", "") if decision == "return" else ""
    try:
        lists.list_item_review(
            actor=request.user, item=item, publish=decision == "publish", note=note
        )
    except ValidationError as error:
        for message in (m for ms in error.message_dict.values() for m in ms):
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The item is published.") if decision == "publish" else _("The item is returned."),
        )
    return redirect(reverse("talent:list_post", args=[community.pk]))
