"""Management pages for a community's members, council, invitations and bulk import."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from iecommons.accounts.models import Role
from iecommons.authz import registry as rules
from iecommons.common.confirmation import Confirmation, is_confirmed, render_confirmation
from iecommons.common.exports import XLSX_CONTENT_TYPE, append_row, new_workbook, workbook_bytes
from iecommons.common.pages import ServiceRefusedError, post_data, refusals_onto, render_form
from iecommons.registry import invitations as invitation_services
from iecommons.registry import selectors, services
from iecommons.registry.credit_code import check_character
from iecommons.registry.forms import (
    CouncilSeatEndForm,
    CouncilSeatFillForm,
    InvitationForm,
    MemberImportForm,
    MembershipAdmitForm,
    MembershipEditForm,
    MembershipEndForm,
)
from iecommons.registry.imports import (
    COLUMN_LABELS,
    COLUMNS,
    REQUIRED,
    ImportRefusedError,
    import_members,
)
from iecommons.registry.models import CouncilSeat, Membership, Organization
from iecommons.registry.views.manage_base import TEMPLATE_DIR, community_for

GET_POST = require_http_methods(["GET", "POST"])
#: The admission service's field names → the admission form's.
ADMIT_FIELDS = {
    "organization": "credit_code",
    f"{services.NEW_ORGANIZATION}.name": "new_name",
    f"{services.NEW_ORGANIZATION}.name_en": "new_name_en",
    f"{services.NEW_ORGANIZATION}.type": "new_type",
    f"{services.NEW_ORGANIZATION}.region": "new_region",
    f"{services.NEW_ORGANIZATION}.credit_code": "credit_code",
}
SUGGESTIONS = 10


def _suggestions(query: str) -> list[Organization]:
    query = query.strip()
    if len(query) < 2:
        return []
    return list(selectors.organization_search(q=query)[:SUGGESTIONS])


@login_required
@GET_POST
def membership_admit(request: HttpRequest, pk: int) -> HttpResponse:
    """Admit a registered organisation by credit code, or register a new one and admit it."""
    community = community_for(request, pk)
    data, _files = post_data(request)
    form = MembershipAdmitForm(data, initial={"credit_code": request.GET.get("credit_code", "")})
    if data is not None and form.is_valid():
        cleaned = form.cleaned_data
        new_organization = (
            {
                "name": cleaned["new_name"],
                "name_en": cleaned["new_name_en"],
                "type": cleaned["new_type"],
                "region": cleaned["new_region"],
            }
            if form.registers_new_organization()
            else None
        )
        try:
            with refusals_onto(form, fields=ADMIT_FIELDS):
                membership = services.member_admit_by_code(
                    actor=request.user,
                    community=community,
                    credit_code=cleaned["credit_code"],
                    joined=cleaned["joined"],
                    role=cleaned["role"],
                    duties=cleaned["duties"],
                    new_organization=new_organization,
                )
        except ServiceRefusedError:
            pass
        else:
            messages.success(
                request,
                _("%(organization)s is now a member.") % {"organization": membership.organization},
            )
            return redirect("registry:community_manage", pk=community.pk)
    query = request.GET.get("q", "")
    return render_form(
        request,
        TEMPLATE_DIR + "membership_admit.html",
        {
            "community": community,
            "form": form,
            "query": query,
            "suggestions": _suggestions(query),
        },
    )


@login_required
@require_GET
def organization_suggest(request: HttpRequest, pk: int) -> HttpResponse:
    """Up to ten registered organisations matching a name or a credit code (an htmx partial)."""
    community = community_for(request, pk)
    query = request.GET.get("q", "")
    return render(
        request,
        TEMPLATE_DIR + "_organization_suggestions.html",
        {"community": community, "query": query, "suggestions": _suggestions(query)},
    )


def _membership_for(request: HttpRequest, pk: int, membership_pk: int) -> Membership:
    community = community_for(request, pk)
    return get_object_or_404(
        Membership.objects.select_related("organization").filter(community=community),
        pk=membership_pk,
    )


@login_required
@GET_POST
def membership_edit(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = _membership_for(request, pk, membership_pk)
    data, _files = post_data(request)
    form = MembershipEditForm(data, initial={"role": membership.role, "duties": membership.duties})
    if data is not None and form.is_valid():
        try:
            with refusals_onto(form, fields={"membership": "__all__"}):
                services.membership_update(
                    actor=request.user, membership=membership, **form.cleaned_data
                )
        except ServiceRefusedError:
            membership.refresh_from_db()
        else:
            messages.success(
                request,
                _("The role and duties of %(organization)s were saved.")
                % {"organization": membership.organization},
            )
            return redirect("registry:community_manage", pk=pk)
    return render_form(
        request,
        TEMPLATE_DIR + "membership_edit.html",
        {"community": membership.community, "membership": membership, "form": form},
    )


@login_required
@GET_POST
def membership_end(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    """End a membership after its confirmation (common/confirmation.py): the date, the
    reason, and the council terms that end with it."""
    membership = _membership_for(request, pk, membership_pk)
    confirmed = is_confirmed(request)
    form = MembershipEndForm(request.POST if confirmed else None)
    if confirmed and form.is_valid():
        try:
            with refusals_onto(form):
                services.membership_end(
                    actor=request.user,
                    membership=membership,
                    left=form.cleaned_data["left"],
                    reason=form.cleaned_data["reason"],
                )
        except ServiceRefusedError:
            membership.refresh_from_db()
        else:
            messages.success(
                request,
                _("The membership of %(organization)s has ended; it stays in the history.")
                % {"organization": membership.organization},
            )
            return redirect("registry:community_manage", pk=pk)
    endings = selectors.membership_endings(membership)
    consequences = [
        _("It stays in the community's history (joined %(joined)s).")
        % {"joined": membership.joined.isoformat()}
    ]
    if endings.council_seats:
        consequences.append(
            ngettext(
                "%(count)d council term held by its people ends on the same day.",
                "%(count)d council terms held by its people end on the same day.",
                endings.council_seats,
            )
            % {"count": endings.council_seats}
        )
    return render_confirmation(
        request,
        Confirmation(
            title=_("End the membership of %(organization)s?")
            % {"organization": membership.organization},
            message=_(
                "The organisation is no longer a member from the day you give. This cannot "
                "be undone: it would have to be admitted again."
            ),
            consequences=consequences,
            confirm_label=_("End membership"),
            action=request.path,
            cancel_url=reverse("registry:community_manage", kwargs={"pk": pk}),
            form=form,
        ),
    )


@login_required
@GET_POST
def council_seat_fill(request: HttpRequest, pk: int) -> HttpResponse:
    """Seat a recorded person, or record a person of a member organisation and seat them."""
    community = community_for(request, pk)
    data, _files = post_data(request)
    form = CouncilSeatFillForm(data, community=community)
    if data is not None and form.is_valid():
        cleaned = form.cleaned_data
        try:
            with (
                refusals_onto(
                    form,
                    fields={
                        "name": "new_person_name",
                        "organization": "new_person_organization",
                        "title": "new_person_title",
                    },
                ),
                transaction.atomic(),
            ):
                person = cleaned["person"] or services.person_create(
                    actor=request.user,
                    community=community,
                    name=cleaned["new_person_name"],
                    organization=cleaned["new_person_organization"],
                    title=cleaned["new_person_title"],
                )
                seat = services.council_seat_fill(
                    actor=request.user,
                    community=community,
                    person=person,
                    position=cleaned["position"],
                    term_start=cleaned["term_start"],
                    term_end=cleaned["term_end"],
                )
        except ServiceRefusedError:
            pass
        else:
            messages.success(request, _("%(seat)s: the seat is filled.") % {"seat": seat})
            return redirect("registry:community_manage", pk=community.pk)
    return render_form(
        request, TEMPLATE_DIR + "council_seat_fill.html", {"community": community, "form": form}
    )


@login_required
@GET_POST
def council_seat_end(request: HttpRequest, pk: int, seat_pk: int) -> HttpResponse:
    community = community_for(request, pk)
    seat = get_object_or_404(
        CouncilSeat.objects.select_related("person", "organization").filter(community=community),
        pk=seat_pk,
    )
    seat.community = community
    data, _files = post_data(request)
    form = CouncilSeatEndForm(data, initial={"term_end": timezone.localdate()})
    if data is not None and form.is_valid():
        try:
            with refusals_onto(form):
                services.council_seat_end(
                    actor=request.user, seat=seat, term_end=form.cleaned_data["term_end"]
                )
        except ServiceRefusedError:
            seat.refresh_from_db()
        else:
            messages.success(request, _("%(seat)s: the term has ended.") % {"seat": seat})
            return redirect("registry:community_manage", pk=community.pk)
    return render_form(
        request,
        TEMPLATE_DIR + "council_seat_end.html",
        {"community": community, "seat": seat, "form": form},
    )


@login_required
@GET_POST
def invitation_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite a member organisation's representative; supervisors may invite secretariat."""
    community = community_for(request, pk)
    supervisor = rules.can_supervise(request.user, community)
    data, _files = post_data(request)
    form = InvitationForm(
        data,
        community=community,
        supervisor=supervisor,
        initial={"organization": request.GET.get("organization")},
    )
    if data is not None and form.is_valid():
        try:
            with refusals_onto(form):
                invitation = invitation_services.invitation_create(
                    actor=request.user,
                    community=community,
                    email=form.cleaned_data["email"],
                    name=form.cleaned_data["name"],
                    role=form.cleaned_data["role"],
                    organization=(
                        form.cleaned_data["organization"]
                        if form.cleaned_data["role"] == Role.MEMBER
                        else None
                    ),
                )
        except ServiceRefusedError:
            pass
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("registry:community_manage", pk=community.pk)
    return render_form(
        request, TEMPLATE_DIR + "invitation_create.html", {"community": community, "form": form}
    )


def _import_columns() -> list[dict[str, object]]:
    """The accepted columns, for the page that documents them."""
    return [
        {
            "key": key,
            "label": COLUMN_LABELS[key],
            "aliases": aliases,
            "required": key in REQUIRED,
        }
        for key, aliases in COLUMNS.items()
    ]


@login_required
@GET_POST
def member_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a spreadsheet of members: all rows are admitted, or none and every bad row
    is reported."""
    community = community_for(request, pk)
    data, files = post_data(request)
    form = MemberImportForm(data, files)
    report = None
    if data is not None and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_members(actor=request.user, community=community, upload=upload)
        except ImportRefusedError as error:
            form.add_error("file", str(error))
        else:
            if report.ok:
                messages.success(
                    request,
                    _(
                        "Imported %(admitted)d members, of which %(created)d organisations "
                        "were newly registered."
                    )
                    % {"admitted": report.admitted, "created": report.organizations_created},
                )
                return redirect("registry:community_manage", pk=community.pk)
    return render_form(
        request,
        TEMPLATE_DIR + "member_import.html",
        {
            "community": community,
            "form": form,
            "report": report,
            "columns": _import_columns(),
            "max_rows": settings.IMPORT_MAX_ROWS,
            "multipart": True,
        },
        refused=report is not None and not report.ok,
    )


@login_required
@require_GET
def member_import_template(request: HttpRequest, pk: int) -> HttpResponse:
    """An .xlsx with the header row and one example row, in the page's language."""
    community = community_for(request, pk)
    chinese = (translation.get_language() or "").startswith("zh")
    header = [aliases[1] if chinese else aliases[0] for aliases in COLUMNS.values()]
    region = community.region
    first17 = "91" + region.code + "000000001"
    example = {
        "name": "示例智能装备有限公司",
        "credit_code": first17 + check_character(first17),
        "type": str(Organization.Type.ENTERPRISE.label),
        "region": region.name,
        "role": str(Membership.Role.MEMBER.label),
        "duties": _("Host student internships"),
        "joined": timezone.localdate().isoformat(),
        "name_en": "Example Intelligent Equipment Co., Ltd.",
    }
    workbook, sheet = new_workbook()
    sheet.title = _("members")
    append_row(sheet, header)
    append_row(sheet, [example[key] for key in COLUMNS])
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 24
    response = HttpResponse(workbook_bytes(workbook), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="member-import-template.xlsx"'
    return response


urlpatterns = [
    path("communities/<int:pk>/members/admit/", membership_admit, name="membership_admit"),
    path(
        "communities/<int:pk>/members/suggest/",
        organization_suggest,
        name="organization_suggest",
    ),
    path(
        "communities/<int:pk>/members/<int:membership_pk>/edit/",
        membership_edit,
        name="membership_edit",
    ),
    path(
        "communities/<int:pk>/members/<int:membership_pk>/end/",
        membership_end,
        name="membership_end",
    ),
    path("communities/<int:pk>/council/fill/", council_seat_fill, name="council_seat_fill"),
    path(
        "communities/<int:pk>/council/<int:seat_pk>/end/",
        council_seat_end,
        name="council_seat_end",
    ),
    path("communities/<int:pk>/invitations/new/", invitation_create, name="invitation_create"),
    path("communities/<int:pk>/import/", member_import, name="member_import"),
    path(
        "communities/<int:pk>/import/template.xlsx",
        member_import_template,
        name="member_import_template",
    ),
]
